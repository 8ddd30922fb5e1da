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
public sealed record DeliveryLedger(string Source, IReadOnlyList<string> KeyFields, RecoveryClosureKind? Closure);

/// <summary>
/// The alerts about one stream's retry worker health: the alert plan and delivery, and the
/// acknowledgements of delivered alerts (reference D1–D5, G4–G7).
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
    string DashboardSchema);

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

    /// <summary>The worker's health report (computed, not stored: its kind and payload key name it only).</summary>
    public required RecordType Health { get; init; }

    /// <summary>The prefix of the stream's fields on the main dashboard (<c>{prefix}_health</c>, …).</summary>
    public required string DashboardPrefix { get; init; }

    /// <summary>The worker dashboard's schema version (reference C4).</summary>
    public required string WorkerDashboardSchema { get; init; }

    public required string RetryReason { get; init; }

    public int DefaultRetryDelayMinutes { get; init; } = 15;

    public int DefaultIntervalMinutes { get; init; } = 60;

    /// <summary>The evidence-reference scheme of this stream's worker runs (<c>{scheme}://{run_id}</c>).</summary>
    public required string RunRefScheme { get; init; }

    public HealthAlertStream? HealthAlerts { get; init; }

    /// <summary>The recovery closures that settle this stream's open failures (and its alerts'), if the stream has any.</summary>
    public RecoveryClosureKind? Closure { get; init; }

    /// <summary>For each health condition (missed_worker_run, failed_worker_run, connector_failure, …), what settles it.</summary>
    public required IReadOnlyDictionary<string, NextAction> NextActions { get; init; }

    /// <summary>The stream's own deliveries as a failure ledger.</summary>
    public DeliveryLedger Deliveries => new(Source, KeyFields, Closure);

    /// <summary>The deliveries of the stream's health alerts as a failure ledger (keyed by health state), if it has alerts.</summary>
    public DeliveryLedger? AlertDeliveries => HealthAlerts is null ? null : new(HealthAlerts.Source, ["health_id"], Closure);
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
        $"{S}-worker-health-alert-dashboard.v1");

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
        Health = new($"{K}-worker-health", "gordackhealth", $"{S}-worker-health.v1", "worker_health"),
        DashboardPrefix = "acknowledgement_audit_delivery",
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
            ["stale_retry_plan"] = new("Plan Audit Retry", $"POST {A}/retry-plan",
                "Refresh the retry plan so decisions reflect the current delivery evidence."),
            ["disabled_schedule"] = new("Run Audit Worker", $"POST {A}/worker-run",
                "Run the worker with schedule.enabled true."),
            ["alert_delivery_failure"] = new("Send Worker Alert", $"POST {A}/worker-health-alerts/deliver",
                "Send the worker alert again once the connector works (force repeats it), or Close Recovery for the provider."),
        },
    };

    /// <summary>Every stream of the catalogue: dashboards and health iterate this list, so a new stream cannot be left out.</summary>
    public static readonly IReadOnlyList<DeliveryStream> All = [Audit];
}
