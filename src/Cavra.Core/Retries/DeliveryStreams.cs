using Cavra.Core.Notifications;

namespace Cavra.Core.Retries;

/// <summary>A kind of record a stream writes: its metadata kind, id prefix, schema version and payload key.</summary>
public sealed record RecordType(string Kind, string IdPrefix, string Schema, string PayloadKey);

/// <summary>What settles an open condition: the console action, the route that performs it, and a one-line hint.</summary>
public sealed record NextAction(string Action, string Route, string Hint);

/// <summary>
/// Closures that settle a provider's open failures: a record of <paramref name="Kind"/> for the provider whose latest
/// state is one of <paramref name="ClosedStates"/>, made after the failure.
/// </summary>
public sealed record RecoveryClosureKind(string Kind, IReadOnlyList<string> ClosedStates);

/// <summary>
/// The deliveries of one source seen as a ledger of failures: grouped by <paramref name="KeyFields"/> and provider, a
/// failure stays open until a later delivery of the same key to the same provider succeeds, or a
/// <paramref name="Closure"/> for the provider closes it.
/// </summary>
public sealed record DeliveryLedger(string Source, IReadOnlyList<string> KeyFields, RecoveryClosureKind? Closure)
{
    /// <summary>Fields of the latest failure each open failure carries (not part of its key).</summary>
    public IReadOnlyList<string> CarriedFields { get; init; } = [];
}

/// <summary>
/// The alerts about one stream's retry worker health: the alert plan and delivery, and the acknowledgements of
/// delivered alerts (reference D1–D5, G4–G7). <see cref="Retries"/> is the alert deliveries' own retry chain (reference
/// I11/I12), a stream like any other, when the reference gives them one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A stream of alert deliveries, a domain term.")]
public sealed record HealthAlertStream(
    string Source,
    RecordType AlertPlan,
    AcknowledgementKind Acknowledgement,
    string EventSchema,
    string EventType,
    string Subject,
    string HistorySchema,
    string DashboardSchema,
    DeliveryStream? Retries = null)
{
    /// <summary>
    /// The family's name on the final closure dashboard: its open items are <c>{name}_delivery_failed</c>,
    /// <c>{name}_acknowledgement_outstanding</c>, … and its alert dashboard is embedded under the name (reference K).
    /// </summary>
    public string ClosureName { get; init; } = EventType[(EventType.LastIndexOf('.') + 1)..];
}

/// <summary>
/// What a live retry of a stream needs beyond <c>execute</c> (for audit deliveries an approval decision, for recovery
/// escalations an escalation acknowledgement), and the words its worker runs and execution records use for it.
/// </summary>
/// <param name="PendingCountField">The run summary's count of retryable decisions the gate held back.</param>
/// <param name="StateField">The follow-up action's field that says where the gate stands.</param>
/// <param name="GrantedState">The follow-up state of a decision the gate grants.</param>
/// <param name="PendingState">The follow-up state of a decision the gate holds back.</param>
/// <param name="GrantIdField">The execution record's field naming the record that granted it.</param>
/// <param name="GrantPlanField">The execution record's field naming the plan of that record, if the gate has one.</param>
/// <param name="GrantRefScheme">The evidence-reference scheme of a grant (<c>{scheme}://{id}</c>).</param>
public sealed record RetryGate(
    string PendingCountField, string StateField, string GrantedState, string PendingState, string GrantIdField, string? GrantPlanField,
    string GrantRefScheme);

/// <summary>The field set of a health report: the audit worker's (reference D1) or the retry health of later streams (G4).</summary>
public enum HealthShape
{
    WorkerHealth,
    RetryHealth,
}

/// <summary>
/// How a stream's worker health is reported (reference D1 for the audit worker, G4 for the later streams): its record
/// type, whether <c>GET …health</c> stores it, the category each open condition is published under, and the fixed
/// recommendations.
/// </summary>
/// <param name="Record">The report's kind, id prefix (of its health_id), schema and payload key.</param>
/// <param name="Stored">Whether <c>GET …health</c> stores the report (reference I6, J6) and an alert stores the health it sends.</param>
/// <param name="Categories">Generic condition (missed_worker_run, failed_worker_run, connector_failure, …) → the category the stream's alerts name it by; a condition not listed keeps its generic name.</param>
/// <param name="Recommendations">The report's fixed recommendations.</param>
/// <param name="FailedDeliveryCountField">The health field counting the stream's failed deliveries (reference G4 names it per stream).</param>
/// <param name="Shape">D1 (the audit worker health) or G4 (the later streams' retry health): which fields the report names.</param>
public sealed record HealthProfile(
    RecordType Record,
    bool Stored,
    IReadOnlyDictionary<string, string> Categories,
    IReadOnlyList<string> Recommendations,
    string FailedDeliveryCountField = "connector_delivery_failure_count",
    HealthShape Shape = HealthShape.WorkerHealth)
{
    public string Category(string condition) => Categories.TryGetValue(condition, out var named) ? named : condition;

    /// <summary>The thresholds a health query or alert uses when the request gives none (reference: 30/120, 60/180 for the executive stream).</summary>
    public HealthThresholds DefaultThresholds { get; init; } = new();

    /// <summary>Health fields an alert's summary carries besides the shape's own (reference J7 adds the failed executive deliveries).</summary>
    public IReadOnlyList<string> AlertSummaryFields { get; init; } = [];
}

/// <summary>
/// One delivery stream: the connector deliveries of one source, and the retry chain built on their failures
/// (retry plan, worker run, execution record). The generic operations (<see cref="RetryPlanner"/>,
/// <see cref="RetryWorker"/>, <see cref="WorkerHealth"/>, <see cref="HealthAlerts"/>) take a stream and never
/// name one; a later stage adds a stream here instead of copying an operation.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A delivery stream is a domain term, not a System.IO.Stream.")]
public sealed record DeliveryStream
{
    /// <summary>Short name used in logs and ids.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>connector_delivery_source</c> of the stream's delivery records.</summary>
    public required string Source { get; init; }

    /// <summary>Fields besides the provider that identify what a delivery delivered (the retry key).</summary>
    public required IReadOnlyList<string> KeyFields { get; init; }

    public required RecordType RetryPlan { get; init; }

    public required RecordType WorkerRun { get; init; }

    public required RecordType ExecutionRecord { get; init; }

    /// <summary>The worker's health report; null for a stream the reference gives no health of its own (an alert's retries).</summary>
    public HealthProfile? Health { get; init; }

    /// <summary>What a live retry needs besides <c>execute</c>; null when <c>execute</c> is enough.</summary>
    public RetryGate? Gate { get; init; }

    /// <summary>Fields copied onto each retry decision from its latest failed delivery (an alert's plan_id).</summary>
    public IReadOnlyList<string> CarriedFields { get; init; } = [];

    /// <summary>The follow-up state of a decision a live run of a stream without a gate selects.</summary>
    public string SelectedState { get; init; } = "selected_for_redelivery";

    /// <summary>A live run needs configured connectors (reference I12: 400 otherwise) rather than recording skips.</summary>
    public bool LiveRunNeedsConnectors { get; init; }

    /// <summary>The retry chain's names on the main dashboard: <c>{prefix}_retry_plan_count</c>, <c>{prefix}_retry_worker_run_count</c>, …; null for the audit stream, whose counters the reference names one by one.</summary>
    public string? CounterPrefix { get; init; }

    /// <summary>The prefix of the stream's fields on the main dashboard (<c>{prefix}_health</c>, …).</summary>
    public required string DashboardPrefix { get; init; }

    /// <summary>The worker dashboard's schema version (reference C4).</summary>
    public required string WorkerDashboardSchema { get; init; }

    /// <summary>Schema of the worker run history page.</summary>
    public string WorkerHistorySchema => WorkerDashboardSchema.Replace("-dashboard.v1", "-history.v1", StringComparison.Ordinal);

    public required string RetryReason { get; init; }

    public int DefaultRetryDelayMinutes { get; init; } = 15;

    public int DefaultIntervalMinutes { get; init; } = 60;

    /// <summary>The evidence-reference scheme of this stream's worker runs (<c>{scheme}://{run_id}</c>).</summary>
    public required string RunRefScheme { get; init; }

    public HealthAlertStream? HealthAlerts { get; init; }

    /// <summary>The recovery closures that settle this stream's open failures (and its alerts'), if the stream has any.</summary>
    public RecoveryClosureKind? Closure { get; init; }

    /// <summary>
    /// The record the stream makes once per schedule window (an executive report's schedule runs), keyed by <c>run_id</c>,
    /// if it has one: the final closure stays open while the latest such record has no successful delivery.
    /// </summary>
    public RecordType? ScheduledRuns { get; init; }

    /// <summary>For each health condition (missed_worker_run, failed_worker_run, connector_failure, …), what settles it.</summary>
    public required IReadOnlyDictionary<string, NextAction> NextActions { get; init; }

    /// <summary>
    /// The execution record's field naming its worker run: <c>run_id</c>, or <c>worker_run_id</c> for a stream whose
    /// retry key is itself a <c>run_id</c> (executive schedule runs, reference J5).
    /// </summary>
    public string WorkerRunField => KeyFields.Contains("run_id") ? "worker_run_id" : "run_id";

    /// <summary>The stream's own deliveries as a failure ledger.</summary>
    public DeliveryLedger Deliveries => new(Source, KeyFields, Closure) { CarriedFields = CarriedFields };

    /// <summary>
    /// The deliveries of the stream's health alerts as a failure ledger (keyed by health state), if it has alerts whose
    /// retries are not a stream of their own (that stream then reports them).
    /// </summary>
    public DeliveryLedger? AlertDeliveries => HealthAlerts is null || HealthAlerts.Retries is not null ? null : new(HealthAlerts.Source, ["health_id"], Closure);

    /// <summary>The names of the stream's counters on the main dashboard; by default those <see cref="CounterPrefix"/> gives (<see cref="StreamCounterNames.Of"/>).</summary>
    public StreamCounterNames? CounterNames
    {
        get => _counterNames ?? (CounterPrefix is { } prefix ? StreamCounterNames.Of(prefix) : null);
        init => _counterNames = value;
    }

    private readonly StreamCounterNames? _counterNames;
}

/// <summary>The catalogue of delivery streams.</summary>
public static class DeliveryStreams
{
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    private const string S = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery";

    /// <summary>Alerts about the acknowledgement audit worker's health (reference D1–D5).</summary>
    public static readonly HealthAlertStream AuditWorkerHealth = new(
        AuditDelivery.Source + "_worker_health_alert",
        new($"{K}-worker-health-alert-plan", "gordackhealthalert", $"{S}-worker-health-alert-plan.v1", "worker_health_alert_plan"),
        new AcknowledgementKind(
            $"{K}-worker-health-alert-ack", "gordackhealthack", $"{S}-worker-health-alert-ack.v1", "health_id",
            ["acknowledged", "dismissed", "escalated", "resolved"], "acknowledged"),
        $"{S}-worker-health-alert.v1",
        "cavra.go_backend.rollback_drill.acknowledgement_audit_worker_health_alert",
        "rollback drill audit worker health",
        $"{S}-worker-health-alert-history.v1",
        $"{S}-worker-health-alert-dashboard.v1")
    {
        ClosureName = "audit_worker_health_alert",
    };

    private const string A = "/runtime/go-pilot/rollback-drill-notifications/acknowledgements/audit-delivery";

    /// <summary>Acknowledgement audit deliveries ("Deliver Audit", reference B2) and their retry chain (C–F).</summary>
    public static readonly DeliveryStream Audit = new()
    {
        Name = "audit",
        Source = AuditDelivery.Source,
        KeyFields = ["delivery_id", "audit_id"],
        RetryPlan = new($"{K}-retry-plan", "gordackretry", $"{S}-retry-plan.v1", "acknowledgement_audit_delivery_retry_plan"),
        WorkerRun = new($"{K}-worker-run", "gordackworker", $"{S}-worker-run.v1", "acknowledgement_audit_delivery_worker_run"),
        ExecutionRecord = new($"{K}-retry-execution-record", "gordackretryexec", $"{S}-retry-execution-record.v1", "retry_execution_record"),
        Health = new(
            new($"{K}-worker-health", "gordackhealth", $"{S}-worker-health.v1", "worker_health"),
            Stored: false,
            new Dictionary<string, string>(StringComparer.Ordinal),
            [
                "Review retryable deliveries and record the owner's retry acknowledgement (Ack Retry).",
                "Dry-run the worker before a guarded live execution, and approve each live retry.",
                "Check repeated SIEM, ITSM, ChatOps or webhook failures with the connector recovery playbook.",
                "Refresh stale retry plans so decisions reflect current delivery evidence.",
            ]),
        Gate = new("approval_pending_count", "approval_state", "approved", "approval_required", "approval_decision_id", "approval_plan_id",
            "go-rollback-drill-retry-approval"),
        DashboardPrefix = "acknowledgement_audit_delivery",
        CounterNames = StreamCounterNames.Audit,
        WorkerDashboardSchema = $"{S}-worker-dashboard.v1",
        RetryReason = "failed acknowledgement audit delivery is eligible for retry",
        RunRefScheme = "go-rollback-drill-retry-worker",
        HealthAlerts = AuditWorkerHealth,
        Closure = new(ConnectorRecovery.Closure.Kind, ConnectorRecovery.ClosedStates),
        NextActions = new Dictionary<string, NextAction>(StringComparer.Ordinal)
        {
            ["missed_worker_run"] = new("Run Audit Worker", $"POST {A}/worker-run",
                "Run the worker (a dry run is enough) or enable its scheduled run."),
            ["failed_worker_run"] = new("Approve Retry, then Execute Retry", $"POST {A}/retry-execution-approval-plans/{{approval_plan_id}}/decisions",
                "A failed live retry is settled by a later delivered execution of the same delivery, or by Close Recovery for the provider."),
            ["connector_failure"] = new("Execute Retry or Close Recovery", $"POST {A}/worker-run",
                "A failed delivery is settled when a live retry delivers it, or when Close Recovery resolves the provider's recovery."),
            ["retryable_deliveries"] = new("Ack Retry, then Plan Retry Approval", $"POST {A}/retry-plans/{{retry_plan_id}}/acknowledgements",
                "Record the owner's retry acknowledgement, plan and approve the retry, then execute it."),
            ["gate_pending"] = new("Plan Retry Approval, then Approve Retry", $"POST {A}/retry-execution-approval-plan",
                "A live run held retries back for want of an unused approval: plan and approve them, then execute again."),
            ["stale_retry_plan"] = new("Plan Audit Retry", $"POST {A}/retry-plan",
                "Refresh the retry plan so decisions reflect the current delivery evidence."),
            ["disabled_schedule"] = new("Run Audit Worker", $"POST {A}/worker-run",
                "Run the worker with schedule.enabled true."),
            ["alert_delivery_failure"] = new("Send Worker Alert", $"POST {A}/worker-health-alerts/deliver",
                "Send the worker alert again once the connector works (force repeats it), or Close Recovery for the provider."),
            ["alert_acknowledgement_outstanding"] = new("Ack Worker Alert", $"POST {A}/worker-health-alerts/{{health_id}}/acknowledgements",
                "Record each alerted provider's acknowledgement (acknowledged or resolved) of the health state's latest alert."),
            ["approved_retry_pending"] = new("Execute Retry", $"POST {A}/worker-run",
                "An approved retry is used by a live worker run (execute true); each approval authorises one live retry."),
        },
    };

    private const string E = A + "/recovery-escalations";

    /// <summary>Re-deliveries of recovery escalation health alerts that failed (reference I11/I12): no gate, the stored health is re-sent.</summary>
    public static readonly DeliveryStream RecoveryEscalationAlertRetries = new()
    {
        Name = "recovery_escalation_health_alert",
        Source = Recovery.RecoveryRecords.EscalationSource + "_retry_health_alert",
        KeyFields = ["health_id"],
        CarriedFields = ["plan_id"],
        RetryPlan = new($"{K}-recovery-escalation-retry-health-alert-delivery-retry-plan", "gordackrecoveryhealthalertretry",
            $"{S}-recovery-escalation-retry-health-alert-delivery-retry-plan.v1", "recovery_escalation_retry_health_alert_delivery_retry_plan"),
        WorkerRun = new($"{K}-recovery-escalation-retry-health-alert-delivery-retry-worker-run", "gordackrecoveryhealthalertworker",
            $"{S}-recovery-escalation-retry-health-alert-delivery-retry-worker-run.v1", "recovery_escalation_retry_health_alert_delivery_retry_worker_run"),
        ExecutionRecord = new($"{K}-recovery-escalation-retry-health-alert-delivery-retry-execution-record", "gordackrecoveryhealthalertexec",
            $"{S}-recovery-escalation-retry-health-alert-delivery-retry-execution-record.v1",
            "recovery_escalation_retry_health_alert_delivery_retry_execution_record"),
        DashboardPrefix = "acknowledgement_audit_delivery_recovery_escalation_retry_health_alert_delivery",
        CounterPrefix = "acknowledgement_audit_delivery_recovery_escalation_retry_health_alert_delivery",
        WorkerDashboardSchema = $"{S}-recovery-escalation-retry-health-alert-delivery-retry-worker-dashboard.v1",
        RetryReason = "failed recovery escalation retry health alert delivery is eligible for re-delivery",
        DefaultIntervalMinutes = 30,
        LiveRunNeedsConnectors = true,
        SelectedState = "selected_for_health_alert_redelivery",
        RunRefScheme = "go-rollback-drill-recovery-escalation-retry-health-alert-worker",
        NextActions = new Dictionary<string, NextAction>(StringComparer.Ordinal)
        {
            ["failed_worker_run"] = new("Run Health Alert Retry", $"POST {E}/retry-health-alerts/retry-worker-run",
                "A failed re-delivery is settled by a later delivered re-delivery of the same health state."),
            ["connector_failure"] = new("Run Health Alert Retry", $"POST {E}/retry-health-alerts/retry-worker-run",
                "Re-deliver the stored health once the connector works (execute true)."),
            ["retryable_deliveries"] = new("Run Health Alert Retry", $"POST {E}/retry-health-alerts/retry-worker-run",
                "Run the alert re-delivery worker live (execute true)."),
        },
    };

    /// <summary>Alerts about the recovery escalation retry worker's health (reference I7–I10), with their own retries (I11/I12).</summary>
    public static readonly HealthAlertStream RecoveryEscalationRetryHealth = new(
        RecoveryEscalationAlertRetries.Source,
        new($"{K}-recovery-escalation-retry-health-alert-plan", "gordackrecoveryhealthalert",
            $"{S}-recovery-escalation-retry-health-alert-plan.v1", "recovery_escalation_retry_health_alert_plan"),
        new AcknowledgementKind(
            $"{K}-recovery-escalation-retry-health-alert-ack", "gordackrecoveryhealthack", $"{S}-recovery-escalation-retry-health-alert-ack.v1",
            "health_id", ["acknowledged", "dismissed", "escalated", "resolved"], "acknowledged"),
        $"{S}-recovery-escalation-retry-health-alert.v1",
        "cavra.go_backend.rollback_drill.acknowledgement_audit_recovery_escalation_retry_health_alert",
        "rollback drill recovery escalation retry health",
        $"{S}-recovery-escalation-retry-health-alert-history.v1",
        $"{S}-recovery-escalation-retry-health-alert-dashboard.v1",
        RecoveryEscalationAlertRetries)
    {
        // The reference's closure dashboard names this family recovery_retry_health_alert (reference K).
        ClosureName = "recovery_retry_health_alert",
    };

    /// <summary>
    /// Recovery escalations (reference I2) and their retry chain (I4–I6): a live retry needs an escalation
    /// acknowledgement in acknowledged, accepted or resolved for the same plan and provider.
    /// </summary>
    public static readonly DeliveryStream RecoveryEscalation = new()
    {
        Name = "recovery_escalation",
        Source = Recovery.RecoveryRecords.EscalationSource,
        KeyFields = ["plan_id"],
        RetryPlan = new($"{K}-recovery-escalation-delivery-retry-plan", "gordackrecoveryescretry",
            $"{S}-recovery-escalation-delivery-retry-plan.v1", "recovery_escalation_delivery_retry_plan"),
        WorkerRun = new($"{K}-recovery-escalation-retry-worker-run", "gordackrecoveryescworker",
            $"{S}-recovery-escalation-retry-worker-run.v1", "recovery_escalation_retry_worker_run"),
        ExecutionRecord = new($"{K}-recovery-escalation-retry-execution-record", "gordackrecoveryescexec",
            $"{S}-recovery-escalation-retry-execution-record.v1", "recovery_escalation_retry_execution_record"),
        Health = new(
            new($"{K}-recovery-escalation-retry-health", "gordackrecoveryeschealth", $"{S}-recovery-escalation-retry-health.v1",
                "recovery_escalation_retry_health"),
            Stored: true,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["missed_worker_run"] = "missed_recovery_escalation_retry_worker",
                ["stale_retry_plan"] = "stale_recovery_escalation_retry_plan",
                ["gate_pending"] = "recovery_escalation_acknowledgement_gap",
                ["failed_worker_run"] = "failed_recovery_escalation_retry_execution",
                ["disabled_schedule"] = "disabled_recovery_escalation_retry_schedule",
                ["connector_failure"] = "failed_recovery_escalation_delivery",
                ["retryable_deliveries"] = "retryable_recovery_escalation_delivery",
            },
            [
                "Acknowledge each recovery escalation (accepted, acknowledged or resolved) before a live escalation retry.",
                "Dry-run the escalation retry worker before a live run.",
                "Check the escalation channels' connectors when escalation deliveries fail.",
                "Refresh stale escalation retry plans so decisions reflect current delivery evidence.",
            ],
            "failed_recovery_escalation_delivery_count",
            HealthShape.RetryHealth),
        Gate = new("acknowledgement_pending_count", "acknowledgement_state", "accepted", "acknowledgement_required", "acknowledgement_id", null,
            "go-rollback-drill-recovery-escalation-ack"),
        DashboardPrefix = "acknowledgement_audit_delivery_recovery_escalation",
        CounterPrefix = "acknowledgement_audit_delivery_recovery_escalation",
        WorkerDashboardSchema = $"{S}-recovery-escalation-retry-worker-dashboard.v1",
        RetryReason = "failed recovery escalation delivery is eligible for retry",
        RunRefScheme = "go-rollback-drill-recovery-escalation-retry-worker",
        HealthAlerts = RecoveryEscalationRetryHealth,
        NextActions = new Dictionary<string, NextAction>(StringComparer.Ordinal)
        {
            ["missed_worker_run"] = new("Run Escalation Retry", $"POST {E}/retry-worker-run",
                "Run the escalation retry worker (a dry run is enough) or enable its scheduled run."),
            ["failed_worker_run"] = new("Ack Recovery Escalation, then Run Escalation Retry", $"POST {E}/{{plan_id}}/acknowledgements",
                "A failed live escalation retry is settled by a later delivered retry of the same plan; each acknowledgement authorises one live retry."),
            ["connector_failure"] = new("Ack Recovery Escalation, then Run Escalation Retry", $"POST {E}/{{plan_id}}/acknowledgements",
                "A failed escalation delivery is settled when a live retry or a new delivery of the plan reaches the channel."),
            ["retryable_deliveries"] = new("Ack Recovery Escalation", $"POST {E}/{{plan_id}}/acknowledgements",
                "Record the escalation owner's acknowledgement (accepted, acknowledged or resolved), then run the retry live."),
            ["gate_pending"] = new("Ack Recovery Escalation", $"POST {E}/{{plan_id}}/acknowledgements",
                "A live run held retries back for want of an acknowledgement: acknowledge the plan for the provider."),
            ["stale_retry_plan"] = new("Plan Escalation Retry", $"POST {E}/retry-plan",
                "Refresh the escalation retry plan so decisions reflect the current delivery evidence."),
            ["disabled_schedule"] = new("Run Escalation Retry", $"POST {E}/retry-worker-run",
                "Run the worker with schedule.enabled true."),
            ["alert_acknowledgement_outstanding"] = new("Ack Retry Health Alert", $"POST {E}/retry-health-alerts/{{health_id}}/acknowledgements",
                "Record each alerted provider's acknowledgement (acknowledged or resolved) of the health state's latest alert."),
            ["escalation_acknowledgement_outstanding"] = new("Ack Recovery Escalation", $"POST {E}/{{plan_id}}/acknowledgements",
                "Record each escalation channel's acknowledgement (acknowledged, accepted or resolved) of the delivered escalation plan."),
        },
    };

    private const string X = A + "/recovery-executive-report";

    /// <summary>Re-deliveries of executive report delivery retry health alerts that failed (reference J11/J12): no gate, the stored health is re-sent.</summary>
    public static readonly DeliveryStream ExecutiveAlertRetries = new()
    {
        Name = "recovery_executive_report_delivery_health_alert",
        Source = Recovery.RecoveryRecords.ExecutiveSource + "_delivery_retry_health_alert",
        KeyFields = ["health_id"],
        CarriedFields = ["plan_id"],
        RetryPlan = new($"{K}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-plan", "gordackexechealthalertretry",
            $"{S}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-plan.v1",
            "recovery_executive_report_delivery_retry_health_alert_delivery_retry_plan"),
        WorkerRun = new($"{K}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-worker-run", "gordackexechealthalertworker",
            $"{S}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-worker-run.v1",
            "recovery_executive_report_delivery_retry_health_alert_delivery_retry_worker_run"),
        ExecutionRecord = new($"{K}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-execution-record", "gordackexechealthalertexec",
            $"{S}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-execution-record.v1",
            "recovery_executive_report_delivery_retry_health_alert_delivery_retry_execution_record"),
        DashboardPrefix = "acknowledgement_audit_delivery_recovery_executive_report_delivery_retry_health_alert_delivery",
        CounterPrefix = "acknowledgement_audit_delivery_recovery_executive_report_delivery_retry_health_alert_delivery",
        WorkerDashboardSchema = $"{S}-recovery-executive-report-delivery-retry-health-alert-delivery-retry-worker-dashboard.v1",
        RetryReason = "failed executive retry health alert delivery is eligible for re-delivery",
        DefaultIntervalMinutes = 30,
        LiveRunNeedsConnectors = true,
        SelectedState = "selected_for_executive_retry_health_alert_redelivery",
        RunRefScheme = "go-rollback-drill-executive-health-alert-retry-worker",
        NextActions = new Dictionary<string, NextAction>(StringComparer.Ordinal)
        {
            ["failed_worker_run"] = new("Run Exec Alert Retry", $"POST {X}/delivery-retry-health-alerts/retry-worker-run",
                "A failed re-delivery is settled by a later delivered re-delivery of the same health state."),
            ["connector_failure"] = new("Run Exec Alert Retry", $"POST {X}/delivery-retry-health-alerts/retry-worker-run",
                "Re-deliver the stored executive retry health once the connector works (execute true)."),
            ["retryable_deliveries"] = new("Run Exec Alert Retry", $"POST {X}/delivery-retry-health-alerts/retry-worker-run",
                "Run the executive alert re-delivery worker live (execute true)."),
        },
    };

    /// <summary>Alerts about the executive report delivery retry worker's health (reference J7–J10), with their own retries (J11/J12).</summary>
    public static readonly HealthAlertStream ExecutiveRetryHealth = new(
        ExecutiveAlertRetries.Source,
        new($"{K}-recovery-executive-report-delivery-retry-health-alert-plan", "gordackexechealthalert",
            $"{S}-recovery-executive-report-delivery-retry-health-alert-plan.v1", "recovery_executive_report_delivery_retry_health_alert_plan"),
        new AcknowledgementKind(
            $"{K}-recovery-executive-report-delivery-retry-health-alert-ack", "gordackexechealthack",
            $"{S}-recovery-executive-report-delivery-retry-health-alert-ack.v1",
            "health_id", ["acknowledged", "dismissed", "escalated", "resolved"], "acknowledged"),
        $"{S}-recovery-executive-report-delivery-retry-health-alert-event.v1",
        "cavra.go_backend.rollback_drill.recovery_executive_report_delivery_retry_health_alert",
        "rollback drill recovery executive report delivery retry health",
        "cavra.go-backend-pilot.rollback-drill-executive-delivery-retry-health-alert-history.v1",
        "cavra.go-backend-pilot.rollback-drill-executive-delivery-retry-health-alert-dashboard.v1",
        ExecutiveAlertRetries)
    {
        // The reference's closure dashboard names this family executive_retry_health_alert (reference K).
        ClosureName = "executive_retry_health_alert",
    };

    private const string ExecutiveCounters = "acknowledgement_audit_delivery_recovery_executive_report_delivery";

    /// <summary>
    /// Executive report deliveries (reference J3) and their retry chain (J4–J6): no gate, a retry re-sends the stored
    /// schedule run; the health is stored and judged by 60/180 minutes.
    /// </summary>
    public static readonly DeliveryStream ExecutiveReport = new()
    {
        Name = "recovery_executive_report_delivery",
        Source = Recovery.RecoveryRecords.ExecutiveSource,
        KeyFields = ["run_id"],
        CarriedFields = ["executive_report_id"],
        RetryPlan = new($"{K}-recovery-executive-report-delivery-retry-plan", "gordackexecdeliveryretry",
            $"{S}-recovery-executive-report-delivery-retry-plan.v1", "recovery_executive_report_delivery_retry_plan"),
        WorkerRun = new($"{K}-recovery-executive-report-delivery-retry-worker-run", "gordackexecdeliveryworker",
            $"{S}-recovery-executive-report-delivery-retry-worker-run.v1", "recovery_executive_report_delivery_retry_worker_run"),
        ExecutionRecord = new($"{K}-recovery-executive-report-delivery-retry-execution-record", "gordackexecdeliveryexec",
            $"{S}-recovery-executive-report-delivery-retry-execution-record.v1", "recovery_executive_report_delivery_retry_execution_record"),
        Health = new(
            new($"{K}-recovery-executive-report-delivery-retry-health", "gordackexecdeliveryhealth",
                $"{S}-recovery-executive-report-delivery-retry-health.v1", "recovery_executive_report_delivery_retry_health"),
            Stored: true,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["missed_worker_run"] = "missed_executive_delivery_retry_worker",
                ["stale_retry_plan"] = "stale_executive_delivery_retry_plan",
                ["connector_failure"] = "failed_executive_report_delivery",
                ["failed_worker_run"] = "failed_executive_delivery_retry_execution",
                ["disabled_schedule"] = "disabled_executive_delivery_retry_schedule",
                ["retryable_deliveries"] = "retryable_executive_report_delivery",
            },
            [
                "Deliver each scheduled executive report to the executive channels (Cavra:Executive:Providers).",
                "Dry-run the executive delivery retry worker before a live run.",
                "Check the executive channels' connectors when executive report deliveries fail.",
                "Refresh stale executive delivery retry plans so decisions reflect current delivery evidence.",
            ],
            "failed_executive_report_delivery_count",
            HealthShape.RetryHealth)
        {
            DefaultThresholds = new HealthThresholds(60, 180),
            AlertSummaryFields = ["failed_executive_report_delivery_count", "dry_run_count"],
        },
        DashboardPrefix = ExecutiveCounters,
        CounterNames = StreamCounterNames.Of(ExecutiveCounters) with
        {
            Deliveries = $"{ExecutiveCounters}_count",
            FailedDeliveries = $"failed_{ExecutiveCounters}_count",
            AlertDeliveries = $"{ExecutiveCounters}_retry_health_alert_delivery_count",
            FailedAlertDeliveries = $"failed_{ExecutiveCounters}_retry_health_alert_delivery_count",
        },
        WorkerDashboardSchema = $"{S}-recovery-executive-report-delivery-retry-worker-dashboard.v1",
        RetryReason = "failed recovery executive report delivery is eligible for retry",
        DefaultRetryDelayMinutes = 30,
        DefaultIntervalMinutes = 60,
        LiveRunNeedsConnectors = true,
        SelectedState = "selected_for_delivery_retry",
        RunRefScheme = "go-rollback-drill-executive-delivery-retry-worker",
        HealthAlerts = ExecutiveRetryHealth,
        ScheduledRuns = Recovery.RecoveryRecords.ExecutiveScheduleRun,
        NextActions = new Dictionary<string, NextAction>(StringComparer.Ordinal)
        {
            ["missed_worker_run"] = new("Run Executive Retry", $"POST {X}/delivery-retry-worker-run",
                "Run the executive delivery retry worker (a dry run is enough) or enable its scheduled run."),
            ["failed_worker_run"] = new("Run Executive Retry", $"POST {X}/delivery-retry-worker-run",
                "A failed live retry is settled by a later delivered retry of the same schedule run."),
            ["connector_failure"] = new("Run Executive Retry", $"POST {X}/delivery-retry-worker-run",
                "A failed executive delivery is settled when a live retry or a new delivery of the run reaches the channel."),
            ["retryable_deliveries"] = new("Run Executive Retry", $"POST {X}/delivery-retry-worker-run",
                "Run the executive delivery retry worker live (execute true)."),
            ["stale_retry_plan"] = new("Plan Executive Retry", $"POST {X}/delivery-retry-plan",
                "Refresh the executive delivery retry plan so decisions reflect the current delivery evidence."),
            ["disabled_schedule"] = new("Run Executive Retry", $"POST {X}/delivery-retry-worker-run",
                "Run the worker with schedule.enabled true."),
            ["window_undelivered"] = new("Deliver Executive Report", $"POST {X}/schedule-runs/{{run_id}}/deliver",
                "Deliver the latest schedule window's executive report to the executive channels (or let the scheduler deliver it)."),
            ["alert_acknowledgement_outstanding"] = new("Ack Exec Alert", $"POST {X}/delivery-retry-health-alerts/{{health_id}}/acknowledgements",
                "Record each alerted provider's acknowledgement (acknowledged or resolved) of the health state's latest alert."),
        },
    };

    /// <summary>Every stream of the catalogue: the routes, dashboards, history scope and console kinds are built from this list, so a new stream cannot be left out.</summary>
    public static readonly IReadOnlyList<DeliveryStream> All =
        [Audit, RecoveryEscalation, RecoveryEscalationAlertRetries, ExecutiveReport, ExecutiveAlertRetries];

    /// <summary>Every health alert family of the catalogue.</summary>
    public static IEnumerable<HealthAlertStream> AlertStreams => All.Select(s => s.HealthAlerts).OfType<HealthAlertStream>();
}
