namespace Cavra.Core.Retries;

/// <summary>
/// The names a stream's counters carry on the main dashboard (reference §5). <see cref="Of"/> gives the names the later
/// streams share (<c>{prefix}_retry_plan_count</c>, …); the audit stream's historic names do not follow it and are
/// spelt out in <see cref="Audit"/>. A null name leaves that counter out (the reference has no such field).
/// </summary>
public sealed record StreamCounterNames
{
    /// <summary>Deliveries of the stream's source.</summary>
    public string? Deliveries { get; init; }

    public string? FailedDeliveries { get; init; }

    public string? SuccessfulDeliveries { get; init; }

    public required string RetryPlans { get; init; }

    /// <summary>The newest retry plan's retryable count: what is retryable now.</summary>
    public required string Retryable { get; init; }

    public required string WorkerRuns { get; init; }

    public string? DryRuns { get; init; }

    public string? LiveRuns { get; init; }

    public required string ExecutionRecords { get; init; }

    /// <summary>Execution records that delivered.</summary>
    public required string ExecutionsDelivered { get; init; }

    /// <summary>Execution records that failed or were skipped.</summary>
    public required string ExecutionsFailed { get; init; }

    /// <summary>Stored health reports (only for a stream whose health is stored).</summary>
    public string? HealthReports { get; init; }

    /// <summary>The sum of alert_count over the stored health reports.</summary>
    public string? HealthAlerts { get; init; }

    /// <summary>Health alert plans (only for a stream with health alerts).</summary>
    public string? AlertPlans { get; init; }

    public string? AlertAcknowledgements { get; init; }

    /// <summary>Deliveries of the health alerts' source.</summary>
    public string? AlertDeliveries { get; init; }

    /// <summary>Failed deliveries of the health alerts' source.</summary>
    public string? FailedAlertDeliveries { get; init; }

    /// <summary>The names of a later stream's counters, under the stream's <see cref="DeliveryStream.CounterPrefix"/>.</summary>
    public static StreamCounterNames Of(string prefix) => new()
    {
        RetryPlans = $"{prefix}_retry_plan_count",
        Retryable = $"{prefix}_retryable_count",
        WorkerRuns = $"{prefix}_retry_worker_run_count",
        ExecutionRecords = $"{prefix}_retry_execution_record_count",
        ExecutionsDelivered = $"{prefix}_retry_execution_success_count",
        ExecutionsFailed = $"{prefix}_retry_execution_failed_count",
        HealthReports = $"{prefix}_retry_health_count",
        HealthAlerts = $"{prefix}_retry_health_alert_count",
        AlertPlans = $"{prefix}_retry_health_alert_plan_count",
        AlertAcknowledgements = $"{prefix}_retry_health_alert_ack_count",
    };

    private const string A = "acknowledgement_audit_delivery";

    /// <summary>The acknowledgement audit stream's names, as the reference gives them one by one (existing clients read them).</summary>
    public static readonly StreamCounterNames Audit = Of(A) with
    {
        Deliveries = $"{A}_count",
        FailedDeliveries = $"failed_{A}_count",
        SuccessfulDeliveries = $"{A}_success_count",
        WorkerRuns = $"{A}_worker_run_count",
        DryRuns = $"{A}_worker_dry_run_count",
        LiveRuns = $"{A}_worker_executed_count",
        HealthReports = null,
        HealthAlerts = null,
        AlertPlans = $"{A}_worker_health_alert_count",
        AlertAcknowledgements = $"{A}_worker_health_alert_ack_count",
        AlertDeliveries = $"{A}_worker_health_alert_delivery_count",
    };
}
