using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Retries;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Streams;

/// <summary>Thresholds of <c>GET A/worker-health</c> (reference D1) and of <c>GET A/worker-dashboard</c>, which judges by the same rule.</summary>
public record WorkerHealthQuery
{
    /// <summary>Minutes expected between worker runs: 1–10080, default 30 (60 for the executive report stream); a run is missed after twice this.</summary>
    [FromQuery(Name = "expected_interval_minutes")]
    public int? ExpectedIntervalMinutes { get; init; }

    /// <summary>Minutes after which the latest retry plan is stale: 1–43200, default 120 (180 for the executive report stream).</summary>
    [FromQuery(Name = "stale_metadata_minutes")]
    public int? StaleMetadataMinutes { get; init; }

    internal HealthThresholds Thresholds(DeliveryStream stream) => HealthThresholds.For(stream, ExpectedIntervalMinutes, StaleMetadataMinutes);
}

public sealed class WorkerHealthQueryValidator : AbstractValidator<WorkerHealthQuery>
{
    public WorkerHealthQueryValidator()
    {
        RuleFor(q => q.ExpectedIntervalMinutes).InclusiveBetween(1, 10_080);
        RuleFor(q => q.StaleMetadataMinutes).InclusiveBetween(1, 43_200);
    }
}

/// <summary>One health finding.</summary>
/// <param name="Severity">critical or warning.</param>
/// <param name="Category">What was found: missed_worker_run, failed_worker_run, retryable_deliveries, connector_failure, stale_retry_plan or disabled_schedule.</param>
/// <param name="Message">The finding in words.</param>
public sealed record HealthAlert(string Severity, string Category, string Message);

/// <summary>A run as the health report lists it.</summary>
/// <param name="RunId">The run's run_id.</param>
/// <param name="GeneratedAt">When the run ran (ISO-8601, UTC).</param>
/// <param name="DryRun">Whether it was a dry run.</param>
/// <param name="Status">The run's status, when it has one.</param>
/// <param name="SelectedRetryCount">Retries the run selected.</param>
public sealed record HealthRun(string RunId, string GeneratedAt, bool DryRun, string? Status, int SelectedRetryCount);

/// <summary>The worker health report; not stored, <c>health_id</c> fingerprints the state.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-worker-health.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="HealthId">Fingerprint of this health state (gordackhealth-…); alerts and their acknowledgements refer to it.</param>
/// <param name="GeneratedBy">Who asked for the report (unspecified when not named).</param>
/// <param name="GeneratedAt">When the report was built (ISO-8601, UTC).</param>
/// <param name="AlertLevel">What is open now: critical if any open condition is critical, warning if any is open, else healthy.</param>
/// <param name="ExpectedIntervalMinutes">The expected interval used.</param>
/// <param name="MissedAfterMinutes">A run is missed after this many minutes (twice the expected interval).</param>
/// <param name="StaleMetadataMinutes">The stale threshold used.</param>
/// <param name="RunCount">All worker runs.</param>
/// <param name="RetryPlanCount">All audit retry plans.</param>
/// <param name="RetryableCount">Deliveries retryable now, by the latest retry plan.</param>
/// <param name="OpenFailureCount">Failed deliveries the latest retry plan still has a decision for (retry, wait or suppress).</param>
/// <param name="SelectedRetryCount">Retries the latest run selected.</param>
/// <param name="MissedRunCount">1 when no run happened within missed_after_minutes, else 0.</param>
/// <param name="FailedJobCount">Consecutive newest runs in a failed state (a later successful run settles them).</param>
/// <param name="DisabledScheduleCount">1 when the latest run's schedule is disabled, else 0.</param>
/// <param name="StaleRetryPlanCount">1 when there is no retry plan or the latest is older than stale_metadata_minutes, else 0.</param>
/// <param name="ConnectorDeliveryFailureCount">All failed audit deliveries (all time).</param>
/// <param name="LatestRunId">The newest run's run_id, or empty.</param>
/// <param name="LatestRunAt">When the newest run ran, or empty.</param>
/// <param name="LatestRunAgeMinutes">Age of the newest run in whole minutes, or null.</param>
/// <param name="LatestRetryPlanId">The newest retry plan's retry_plan_id, or empty.</param>
/// <param name="LatestRetryPlanAgeMinutes">Age of the newest retry plan in whole minutes, or null.</param>
/// <param name="FailedDeliveries">The 10 newest failed audit deliveries.</param>
/// <param name="Alerts">The findings, most severe first.</param>
/// <param name="Reasons">The open conditions behind alert_level, most severe first, each with its count, ids and next action.</param>
/// <param name="NextAction">What settles the most severe open condition; null when healthy.</param>
/// <param name="Recommendations">What an operator should do next.</param>
/// <param name="Latest">The 10 newest runs.</param>
public sealed record WorkerHealthResponse(
    string SchemaVersion, string Product, string HealthId, string GeneratedAt, string GeneratedBy, string AlertLevel,
    int ExpectedIntervalMinutes, int MissedAfterMinutes, int StaleMetadataMinutes,
    long RunCount, long RetryPlanCount, int RetryableCount, int OpenFailureCount, int SelectedRetryCount,
    int MissedRunCount, int FailedJobCount, int DisabledScheduleCount, int StaleRetryPlanCount, long ConnectorDeliveryFailureCount,
    string LatestRunId, string LatestRunAt, long? LatestRunAgeMinutes, string LatestRetryPlanId, long? LatestRetryPlanAgeMinutes,
    IReadOnlyList<EvidenceEnvelope> FailedDeliveries, IReadOnlyList<HealthAlert> Alerts, IReadOnlyList<History.LevelReason> Reasons,
    History.NextActionResponse? NextAction, IReadOnlyList<string> Recommendations, IReadOnlyList<HealthRun> Latest);

/// <summary>Body of <c>POST A/worker-health-alerts/deliver</c>.</summary>
/// <param name="Provider">Connectors to alert: <c>all</c> (default) or a comma-separated list of connector names.</param>
/// <param name="Force">Deliver even when the same health state was alerted within the suppression window. Default false.</param>
/// <param name="SuppressionWindowMinutes">A repeat of the same health state within this many minutes is suppressed: 1–10080, default 60.</param>
/// <param name="MaxAlerts">At most this many findings are sent: 1–100, default 20.</param>
/// <param name="ExpectedIntervalMinutes">Worker health threshold, as in the stream's health route: 1–10080, default 30 (60 for the executive report stream).</param>
/// <param name="StaleMetadataMinutes">Worker health threshold, as in the stream's health route: 1–43200, default 120 (180 for the executive report stream).</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record WorkerAlertBody(
    string? Provider, bool? Force, int? SuppressionWindowMinutes, int? MaxAlerts, int? ExpectedIntervalMinutes, int? StaleMetadataMinutes,
    int? Retries, double? TimeoutSeconds, string? GeneratedBy) : IExample<WorkerAlertBody>
{
    public static WorkerAlertBody Example => new(ExampleValues.Provider, false, 60, 20, 30, 120, 2, 10, ExampleValues.GeneratedBy);
}

public sealed class WorkerAlertBodyValidator : AbstractValidator<WorkerAlertBody>
{
    public WorkerAlertBodyValidator()
    {
        RuleFor(r => r.Provider).MaximumLength(500).Matches("^[A-Za-z0-9 _,-]*$")
            .WithMessage("'provider' must be all or a comma-separated list of connector names");
        RuleFor(r => r.SuppressionWindowMinutes).InclusiveBetween(1, 10_080);
        RuleFor(r => r.MaxAlerts).InclusiveBetween(1, 100);
        RuleFor(r => r.ExpectedIntervalMinutes).InclusiveBetween(1, 10_080);
        RuleFor(r => r.StaleMetadataMinutes).InclusiveBetween(1, 43_200);
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>
/// Response of Send Worker Alert. <c>success</c> is true only when an alert was sent and delivered; when nothing was sent,
/// <c>not_sent_reason</c> says why, and a suppressed repeat carries <c>suppressed: true</c> and the earlier alert per provider.
/// </summary>
/// <typeparam name="THealth">The stream's health report shape.</typeparam>
/// <param name="Health">The health the alert reports (stored with the alert when the stream stores its health).</param>
/// <param name="Plan">The stored alert plan: plan_id, health_id, alert_level, selected, suppressed and acknowledgement-required providers, suppression_window_minutes.</param>
/// <param name="Delivery">The connector delivery, or null when nothing was sent.</param>
/// <param name="PlanMetadata">The plan's stored evidence record.</param>
/// <param name="Metadata">The delivery's stored evidence record, or null.</param>
/// <param name="HealthMetadata">The stored health's evidence record, for a stream that stores its health; else null.</param>
/// <param name="Success">True only when an alert was sent and every selected connector accepted it.</param>
/// <param name="Suppressed">True when a repeat of an alert already sent within the suppression window was not sent again.</param>
/// <param name="NotSentReason">Why nothing was sent: suppressed, healthy or no_eligible_provider; null when an alert was sent.</param>
/// <param name="Suppression">For a suppressed repeat: the reason and, per provider, the earlier alert's time, plan id and delivery record id.</param>
/// <param name="EventId">The alert event's id: the health_id.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record HealthAlertResponse<THealth>(
    THealth Health, JsonObject Plan, ConnectorDeliveryResult? Delivery, EvidenceEnvelope PlanMetadata, EvidenceEnvelope? Metadata,
    EvidenceEnvelope? HealthMetadata, bool Success, bool Suppressed, string? NotSentReason, JsonObject? Suppression, string EventId, JsonObject? Actor);

/// <summary>Body of <c>POST A/worker-health-alerts/{health_id}/acknowledgements</c>.</summary>
/// <param name="Provider">Required. The connector the alert was delivered through.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>acknowledged</c>; acknowledged and resolved settle the alert.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="PlanId">The alert plan acknowledged (the stream's alert plan id, e.g. gordackhealthalert- and 16 hex digits); default: the health state's latest plan.</param>
public sealed record WorkerAlertAcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.WorkerAlertAcknowledgementStates))] string? AcknowledgementState,
    string? ExternalRef,
    string? Notes,
    string? PlanId) : IExample<WorkerAlertAcknowledgeRequest>
{
    public static WorkerAlertAcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "acknowledged", "INC-1234", "Worker restarted; watching the next run.", ExampleValues.HealthAlertPlanId);
}

public sealed class WorkerAlertAcknowledgeRequestValidator : AbstractValidator<WorkerAlertAcknowledgeRequest>
{
    private static bool IsId(string id, string prefix) =>
        id.Length == prefix.Length + 17 && id.StartsWith(prefix + "-", StringComparison.Ordinal) && id[(prefix.Length + 1)..].All(char.IsAsciiHexDigitLower);

    public WorkerAlertAcknowledgeRequestValidator()
    {
        // Every alert family takes the same states; the route's own family is checked against its plans (404).
        var kind = DeliveryStreams.AuditWorkerHealth.Acknowledgement;
        var planPrefixes = DeliveryStreams.AlertStreams.Select(a => a.AlertPlan.IdPrefix).ToList();
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s)).WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.PlanId).Must(id => planPrefixes.Any(prefix => IsId(id!, prefix))).When(r => !string.IsNullOrEmpty(r.PlanId))
            .WithMessage($"'plan_id' must be a health alert plan id ({string.Join(", ", planPrefixes.Select(p => p + "-…"))})");
    }
}

/// <summary>Query of <c>GET A/worker-health-alerts</c>; every filter keeps every record kind it applies to.</summary>
public sealed record WorkerAlertHistoryQuery
{
    /// <summary>Only records of this health state (health_id, event_id or session_id).</summary>
    [FromQuery(Name = "health_id")]
    public string? HealthId { get; init; }

    /// <summary>Only records naming this connector (case-insensitive).</summary>
    [FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    /// <summary>Only records of this kind: alert plans, acknowledgements or deliveries.</summary>
    [FromQuery(Name = "metadata_kind")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.WorkerAlertKinds))]
    public string? MetadataKind { get; init; }

    /// <summary>Only acknowledgements in this state.</summary>
    [FromQuery(Name = "acknowledgement_state")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.WorkerAlertAcknowledgementStates))]
    public string? AcknowledgementState { get; init; }

    /// <summary>true: alert plans that suppressed a provider; false: alert plans that suppressed none. Applies to alert plans only.</summary>
    [FromQuery(Name = "suppressed")]
    public bool? Suppressed { get; init; }

    /// <summary>Page size, 1–500, default 50.</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>Records to skip, 0 or more, default 0.</summary>
    [FromQuery(Name = "offset")]
    public int? Offset { get; init; }
}

public sealed class WorkerAlertHistoryQueryValidator : AbstractValidator<WorkerAlertHistoryQuery>
{
    public WorkerAlertHistoryQueryValidator()
    {
        var planKinds = DeliveryStreams.AlertStreams.Select(a => a.AlertPlan.Kind).ToList();
        RuleFor(q => q.Limit).InclusiveBetween(1, History.HistoryQueryValidator.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MetadataKind).Must(k => string.IsNullOrWhiteSpace(k) || ContractValues.WorkerAlertKinds.Contains(k.Trim()))
            .WithMessage(q => History.HistoryQueryValidator.KindMessage(q.MetadataKind, ContractValues.WorkerAlertKinds));
        RuleFor(q => q.Suppressed).Null().When(q => !string.IsNullOrWhiteSpace(q.MetadataKind) && !planKinds.Contains(q.MetadataKind.Trim()))
            .WithMessage($"'suppressed' applies to alert plans only ({string.Join(", ", planKinds)})");
    }
}

/// <summary>One health state and provider still waiting for its alert acknowledgement.</summary>
/// <param name="HealthId">The health state alerted.</param>
/// <param name="Provider">The connector that owes an acknowledgement.</param>
/// <param name="PlanId">The latest alert plan of the health state.</param>
public sealed record OutstandingAlertAcknowledgement(string HealthId, string Provider, string PlanId);

/// <summary>The worker health alert dashboard.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-worker-health-alert-dashboard.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="GeneratedAt">When the dashboard was built (ISO-8601, UTC).</param>
/// <param name="AlertLevel">critical with failed alert deliveries or outstanding acknowledgements, warning with suppressed providers, else healthy.</param>
/// <param name="PlanCount">All alert plans.</param>
/// <param name="DeliveryCount">All alert deliveries.</param>
/// <param name="FailedDeliveryCount">Failed alert deliveries.</param>
/// <param name="AcknowledgementCount">All alert acknowledgements.</param>
/// <param name="OutstandingAcknowledgementCount">Providers that still owe an acknowledgement of their health state's latest alert.</param>
/// <param name="SuppressedProviderCount">Providers suppressed by alert plans.</param>
/// <param name="OutstandingAcknowledgements">Up to 20 outstanding acknowledgements.</param>
/// <param name="Latest">The 10 newest records of the alert family.</param>
public sealed record WorkerAlertDashboardResponse(
    string SchemaVersion, string Product, string GeneratedAt, string AlertLevel, long PlanCount, long DeliveryCount, long FailedDeliveryCount,
    long AcknowledgementCount, long OutstandingAcknowledgementCount, long SuppressedProviderCount,
    IReadOnlyList<OutstandingAlertAcknowledgement> OutstandingAcknowledgements, IReadOnlyList<EvidenceEnvelope> Latest);

/// <summary>Query of a stored retry health (reference G4: <c>GET A/recovery-escalations/retry-health</c>).</summary>
public sealed record RetryHealthQuery : WorkerHealthQuery
{
    /// <summary>Who asks; default <c>unspecified</c>; at most 200 characters, no secrets.</summary>
    [FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    /// <summary>Store the health (default true); false previews the same report and stores nothing.</summary>
    [FromQuery(Name = "persist")]
    public bool? Persist { get; init; }
}

public sealed class RetryHealthQueryValidator : AbstractValidator<RetryHealthQuery>
{
    public RetryHealthQueryValidator()
    {
        Include(new WorkerHealthQueryValidator());
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>
/// A stream's retry health (reference G4), judged by the same rule as every dashboard: what is open now. Stored; its
/// <c>health_id</c> fingerprints the open conditions, so an unchanged state is one record and one alert.
/// </summary>
/// <param name="SchemaVersion">The stream's health schema, e.g. cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-recovery-escalation-retry-health.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="HealthId">Fingerprint of this health state (e.g. gordackrecoveryeschealth-…); alerts and their acknowledgements refer to it.</param>
/// <param name="GeneratedAt">When the report was built (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who asked for the report (unspecified when not named).</param>
/// <param name="AlertLevel">What is open now: critical if any open condition is critical, warning if any is open, else healthy.</param>
/// <param name="ExpectedIntervalMinutes">The expected interval used.</param>
/// <param name="MissedAfterMinutes">A run is missed after this many minutes (twice the expected interval).</param>
/// <param name="StaleMetadataMinutes">The stale threshold used.</param>
/// <param name="LatestWorkerRunId">The newest worker run's run_id, or empty.</param>
/// <param name="LatestWorkerAgeMinutes">Age of the newest worker run in whole minutes, or null.</param>
/// <param name="LatestRetryPlanId">The newest retry plan's retry_plan_id, or empty.</param>
/// <param name="LatestRetryPlanAgeMinutes">Age of the newest retry plan in whole minutes, or null.</param>
/// <param name="RetryPlanCount">All retry plans of the stream.</param>
/// <param name="WorkerRunCount">All worker runs of the stream.</param>
/// <param name="DryRunCount">Of those, dry runs.</param>
/// <param name="ExecutionRecordCount">All execution records of the stream.</param>
/// <param name="RetryableCount">Open failures the latest retry plan would retry now.</param>
/// <param name="SelectedRetryCount">Retries the latest run selected.</param>
/// <param name="MissedWorkerCount">1 when no run happened within missed_after_minutes, else 0.</param>
/// <param name="StaleRetryPlanCount">1 when there is no retry plan or the latest is older than stale_metadata_minutes, else 0.</param>
/// <param name="OpenFailureCount">Failed deliveries not yet settled by a later delivery.</param>
/// <param name="FailedExecutionCount">Failed or skipped live retries not yet settled by a delivered retry of the same key.</param>
/// <param name="DeliveredExecutionCount">Delivered live retries, all time.</param>
/// <param name="DisabledScheduleCount">1 when the latest run's schedule is disabled, else 0.</param>
/// <param name="AlertCount">Number of findings.</param>
/// <param name="Alerts">The findings, most severe first, with the stream's category names.</param>
/// <param name="Reasons">The open conditions behind alert_level, most severe first, each with its count, ids and next action.</param>
/// <param name="NextAction">What settles the most severe open condition; null when healthy.</param>
/// <param name="RecommendedActions">What an operator should do next.</param>
/// <param name="Controls">What the report is derived from.</param>
public sealed record RetryHealthResponse(
    string SchemaVersion, string Product, string HealthId, string GeneratedAt, string GeneratedBy, string AlertLevel,
    int ExpectedIntervalMinutes, int MissedAfterMinutes, int StaleMetadataMinutes,
    string LatestWorkerRunId, long? LatestWorkerAgeMinutes, string LatestRetryPlanId, long? LatestRetryPlanAgeMinutes,
    long RetryPlanCount, long WorkerRunCount, long DryRunCount, long ExecutionRecordCount, int RetryableCount, int SelectedRetryCount,
    int MissedWorkerCount, int StaleRetryPlanCount, int OpenFailureCount, int FailedExecutionCount, long DeliveredExecutionCount,
    int DisabledScheduleCount, int AlertCount, IReadOnlyList<HealthAlert> Alerts, IReadOnlyList<History.LevelReason> Reasons,
    History.NextActionResponse? NextAction, IReadOnlyList<string> RecommendedActions, IReadOnlyList<string> Controls)
{
    /// <summary>
    /// The counts the reference names per stream: the gate's held-back retries (e.g. acknowledgement_pending_count)
    /// and the stream's failed deliveries, all time (e.g. failed_recovery_escalation_delivery_count).
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public IDictionary<string, System.Text.Json.JsonElement>? StreamCounts { get; init; }
}

/// <summary>A retry health report and, when stored, its evidence record.</summary>
/// <param name="Health">The health report.</param>
/// <param name="Metadata">Its stored evidence record, or null with persist=false.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RetryHealthReportResponse(RetryHealthResponse Health, EvidenceEnvelope? Metadata, JsonObject? Actor);
