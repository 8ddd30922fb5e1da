using Cavra.Core.Notifications;

namespace Cavra.Core.Retries;

/// <summary>A kind of record a stream writes: its metadata kind, id prefix, schema version and payload key.</summary>
public sealed record RecordType(string Kind, string IdPrefix, string Schema, string PayloadKey);

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

    public required string RetryReason { get; init; }

    public int DefaultRetryDelayMinutes { get; init; } = 15;

    public int DefaultIntervalMinutes { get; init; } = 60;

    /// <summary>The evidence-reference scheme of this stream's worker runs (<c>{scheme}://{run_id}</c>).</summary>
    public required string RunRefScheme { get; init; }

    public HealthAlertStream? HealthAlerts { get; init; }
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
        RetryReason = "failed acknowledgement audit delivery is eligible for retry",
        RunRefScheme = "go-rollback-drill-retry-worker",
        HealthAlerts = AuditWorkerHealth,
    };
}
