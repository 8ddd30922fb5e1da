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

namespace Cavra.Api.AuditRetries;

/// <summary>Retry policy of a request; each setting has an alias, and when both are given the first name wins.</summary>
/// <param name="MaxRetryAttempts">Failures after which a delivery is suppressed instead of retried: 0–100, default 3 (0 means the default). Wins over max_retries.</param>
/// <param name="MaxRetries">Alias of max_retry_attempts, used only when max_retry_attempts is absent.</param>
/// <param name="AllowImmediateRetry">Allow a retry without waiting (a delay of 0). Default false.</param>
/// <param name="RetryDelayMinutes">Base wait before the first retry in minutes: 0–10080, default 15 (at least 1 unless allow_immediate_retry). Wins over delay_minutes.</param>
/// <param name="DelayMinutes">Alias of retry_delay_minutes, used only when retry_delay_minutes is absent.</param>
/// <param name="BackoffMultiplier">Each further retry waits this many times longer: 1–10, default 2 (0 means the default). Wins over multiplier.</param>
/// <param name="Multiplier">Alias of backoff_multiplier, used only when backoff_multiplier is absent.</param>
public sealed record RetryPolicyBody(
    int? MaxRetryAttempts, int? MaxRetries, bool? AllowImmediateRetry, int? RetryDelayMinutes, int? DelayMinutes,
    double? BackoffMultiplier, double? Multiplier) : IExample<RetryPolicyBody>
{
    public static RetryPolicyBody Example => new(3, 3, false, 15, 15, 2, 2);

    public static RetryPolicy Resolve(RetryPolicyBody? body, int defaultDelayMinutes) => RetryPolicy.Resolve(
        body?.MaxRetryAttempts ?? body?.MaxRetries, body?.AllowImmediateRetry, body?.RetryDelayMinutes ?? body?.DelayMinutes,
        body?.BackoffMultiplier ?? body?.Multiplier, defaultDelayMinutes);
}

public sealed class RetryPolicyBodyValidator : AbstractValidator<RetryPolicyBody>
{
    public RetryPolicyBodyValidator()
    {
        RuleFor(p => p.MaxRetryAttempts).InclusiveBetween(0, 100);
        RuleFor(p => p.MaxRetries).InclusiveBetween(0, 100);
        RuleFor(p => p.RetryDelayMinutes).InclusiveBetween(0, 10_080);
        RuleFor(p => p.DelayMinutes).InclusiveBetween(0, 10_080);
        RuleFor(p => p.BackoffMultiplier).Must(m => m is null or 0 or (>= 1 and <= 10)).WithMessage("'backoff_multiplier' must be 0 (default 2) or between 1 and 10");
        RuleFor(p => p.Multiplier).Must(m => m is null or 0 or (>= 1 and <= 10)).WithMessage("'multiplier' must be 0 (default 2) or between 1 and 10");
    }
}

/// <summary>Body of <c>POST A/retry-plan</c>.</summary>
/// <param name="RetryPolicy">How often and how soon failed audit deliveries are retried; every setting has a default.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record RetryPlanRequest(RetryPolicyBody? RetryPolicy, string? GeneratedBy) : IExample<RetryPlanRequest>
{
    public static RetryPlanRequest Example => new(RetryPolicyBody.Example, ExampleValues.GeneratedBy);
}

/// <summary>A stored plan (an audit retry plan or a retry execution approval plan).</summary>
/// <param name="Plan">The plan. A retry plan: retry_plan_id, alert_level, counts and retry_decisions (per failed delivery and provider: action retry, wait or suppress, reason, retry_count, next_retry_at). An approval plan: approval_plan_id, alert_level, counts and approval_decisions (action already_approved, wait_for_retry_ack or request_approval).</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RetryPlanResponse(JsonObject Plan, EvidenceEnvelope Metadata, JsonObject? Actor);

public sealed class RetryPlanRequestValidator : AbstractValidator<RetryPlanRequest>
{
    public RetryPlanRequestValidator()
    {
        RuleFor(r => r.RetryPolicy!).SetValidator(new RetryPolicyBodyValidator()).When(r => r.RetryPolicy is not null);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>The worker's schedule; a run is stored once per schedule window.</summary>
/// <param name="IntervalMinutes">Minutes between runs: 1–10080, default 60. Wins over schedule_interval_minutes.</param>
/// <param name="ScheduleIntervalMinutes">Alias of interval_minutes, used only when interval_minutes is absent.</param>
/// <param name="Enabled">Whether the schedule is enabled; default true (a disabled schedule shows in worker health).</param>
/// <param name="Cadence">Name of the cadence (letters, digits, _ and -); default every_{interval}_minutes.</param>
public sealed record WorkerScheduleBody(int? IntervalMinutes, int? ScheduleIntervalMinutes, bool? Enabled, string? Cadence) : IExample<WorkerScheduleBody>
{
    public static WorkerScheduleBody Example => new(60, 60, true, "hourly");
}

/// <summary>Body of <c>POST A/worker-run</c>. Dry run unless <c>execute</c> is true or <c>dry_run</c> is false.</summary>
/// <param name="DryRun">true: list what would be retried and send nothing. Wins over execute; default: not execute, so a run is dry unless asked.</param>
/// <param name="Execute">true: a live run that sends the approved retries. Used only when dry_run is absent; default false. dry_run and execute must not contradict each other.</param>
/// <param name="RetryPolicy">The retry policy of the run's retry plan; every setting has a default.</param>
/// <param name="Schedule">The worker's schedule; default every 60 minutes, enabled.</param>
/// <param name="MaxRetryDeliveries">At most this many retries are selected: 1–25, default 5.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record WorkerRunBody(
    bool? DryRun, bool? Execute, RetryPolicyBody? RetryPolicy, WorkerScheduleBody? Schedule, int? MaxRetryDeliveries,
    int? Retries, double? TimeoutSeconds, string? GeneratedBy) : IExample<WorkerRunBody>
{
    public static WorkerRunBody Example => new(true, false, RetryPolicyBody.Example, WorkerScheduleBody.Example, 5, 2, 10, ExampleValues.GeneratedBy);

    internal bool IsDryRun => DryRun ?? !(Execute ?? false);
}

public sealed class WorkerRunBodyValidator : AbstractValidator<WorkerRunBody>
{
    public WorkerRunBodyValidator()
    {
        RuleFor(r => r.RetryPolicy!).SetValidator(new RetryPolicyBodyValidator()).When(r => r.RetryPolicy is not null);
        RuleFor(r => r.Schedule!.IntervalMinutes).InclusiveBetween(1, 10_080).When(r => r.Schedule is not null).OverridePropertyName("schedule.interval_minutes");
        RuleFor(r => r.Schedule!.ScheduleIntervalMinutes).InclusiveBetween(1, 10_080).When(r => r.Schedule is not null).OverridePropertyName("schedule.schedule_interval_minutes");
        RuleFor(r => r.Schedule!.Cadence).MaximumLength(100).Matches("^[A-Za-z0-9_-]*$").When(r => r.Schedule is not null)
            .OverridePropertyName("schedule.cadence").WithMessage("'schedule.cadence' may hold letters, digits, _ and - only");
        RuleFor(r => r.MaxRetryDeliveries).InclusiveBetween(1, WorkerRunRequest.MaxDeliveries);
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r).Must(r => r.DryRun is null || r.Execute is null || r.DryRun != r.Execute)
            .OverridePropertyName("dry_run").WithMessage("'dry_run' and 'execute' contradict each other");
    }
}

/// <summary>One selected retry of a run: the decision, the records it produced, and its execution record.</summary>
/// <param name="Decision">The retry decision of the run's retry plan (provider, delivery_id, audit_id, action, reason, retry_count).</param>
/// <param name="DeliveryPlan">The new delivery plan built for the retry (stored even in a dry run), or null when the audit package was not found.</param>
/// <param name="PlanMetadata">The delivery plan's stored evidence record, or null.</param>
/// <param name="Delivery">The connector delivery of a live retry, or null.</param>
/// <param name="DeliveryMetadata">The delivery's stored evidence record, or null.</param>
/// <param name="ExecutionRecord">The execution record of a live, approved retry: execution_id, execution_status (delivered, failed or skipped), the approval decision and delivery it used; else null.</param>
/// <param name="ExecutionMetadata">The execution record's stored evidence record, or null.</param>
/// <param name="Skipped">Why nothing was sent (dry_run, audit_package_not_found, connector_config_not_configured, …), or empty.</param>
public sealed record RetryResultResponse(
    JsonObject Decision,
    JsonObject? DeliveryPlan,
    EvidenceEnvelope? PlanMetadata,
    ConnectorDeliveryResult? Delivery,
    EvidenceEnvelope? DeliveryMetadata,
    JsonObject? ExecutionRecord,
    EvidenceEnvelope? ExecutionMetadata,
    string Skipped);

/// <summary>A worker run; <c>created</c> is false when the same run of this schedule window was already stored.</summary>
/// <param name="Run">The run: run_id, dry_run, schedule (window_start, window_end, interval, cadence), summary counts, the embedded retry_plan, selected_retries and follow_up_actions.</param>
/// <param name="Metadata">The run's stored evidence record.</param>
/// <param name="RetryMetadata">The stored evidence record of the run's retry plan, or null when the run was already stored.</param>
/// <param name="RetryResults">One entry per selected retry.</param>
/// <param name="Created">false when this run of the schedule window was already stored (nothing was sent again).</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record WorkerRunResponse(
    JsonObject Run, EvidenceEnvelope Metadata, EvidenceEnvelope? RetryMetadata, IReadOnlyList<RetryResultResponse> RetryResults, bool Created, JsonObject? Actor);

/// <summary>Query of <c>GET A/worker-runs</c>.</summary>
public sealed record WorkerRunsQuery
{
    /// <summary>Only dry runs (true) or only live runs (false); default both.</summary>
    [FromQuery(Name = "dry_run")]
    public bool? DryRun { get; init; }

    /// <summary>Page size, 1–500, default 50.</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>Records to skip, 0 or more, default 0.</summary>
    [FromQuery(Name = "offset")]
    public int? Offset { get; init; }
}

public sealed class WorkerRunsQueryValidator : AbstractValidator<WorkerRunsQuery>
{
    public WorkerRunsQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, History.HistoryQueryValidator.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
    }
}

/// <summary>
/// The worker dashboard: the same level, reasons and next action as the worker health at the same thresholds (one
/// rule decides both), all-time run counters, what is open now, and the latest runs.
/// </summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-worker-dashboard.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="GeneratedAt">When the dashboard was built (ISO-8601, UTC).</param>
/// <param name="AlertLevel">What is open now: critical if any open condition is critical, warning if any is open, else healthy.</param>
/// <param name="Reasons">The open conditions behind alert_level, most severe first, each with its count, ids and next action.</param>
/// <param name="NextAction">What settles the most severe open condition; null when healthy.</param>
/// <param name="RunCount">All worker runs.</param>
/// <param name="DryRunCount">Dry runs.</param>
/// <param name="ExecutedCount">Live runs.</param>
/// <param name="FailedRunCount">Runs in state failed, all time.</param>
/// <param name="OpenFailedRunCount">Failed live retries not yet settled by a delivered retry of the same key or a recovery closure.</param>
/// <param name="OpenFailureCount">Failed deliveries not yet settled by a later delivery or a recovery closure.</param>
/// <param name="RetryableCount">Open failures the latest retry plan would retry now.</param>
/// <param name="SelectedRetryCount">Retries selected, summed over all runs.</param>
/// <param name="Latest">The 10 newest runs' evidence records.</param>
public sealed record WorkerDashboardResponse(
    string SchemaVersion, string Product, string GeneratedAt, string AlertLevel, IReadOnlyList<History.LevelReason> Reasons,
    History.NextActionResponse? NextAction, long RunCount, long DryRunCount, long ExecutedCount, long FailedRunCount, long OpenFailedRunCount,
    long OpenFailureCount, long RetryableCount, long SelectedRetryCount, IReadOnlyList<EvidenceEnvelope> Latest);

/// <summary>Thresholds of <c>GET A/worker-health</c> (reference D1) and of <c>GET A/worker-dashboard</c>, which judges by the same rule.</summary>
public sealed record WorkerHealthQuery
{
    /// <summary>Minutes expected between worker runs: 1–10080, default 30; a run is missed after twice this.</summary>
    [FromQuery(Name = "expected_interval_minutes")]
    public int? ExpectedIntervalMinutes { get; init; }

    /// <summary>Minutes after which the latest retry plan is stale: 1–43200, default 120.</summary>
    [FromQuery(Name = "stale_metadata_minutes")]
    public int? StaleMetadataMinutes { get; init; }

    internal HealthThresholds Thresholds => new(ExpectedIntervalMinutes ?? 30, StaleMetadataMinutes ?? 120);
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
/// <param name="ExpectedIntervalMinutes">Worker health threshold, as in worker-health: 1–10080, default 30.</param>
/// <param name="StaleMetadataMinutes">Worker health threshold, as in worker-health: 1–43200, default 120.</param>
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
/// <param name="Health">The worker health the alert reports.</param>
/// <param name="Plan">The stored alert plan: plan_id, health_id, alert_level, selected, suppressed and acknowledgement-required providers, suppression_window_minutes.</param>
/// <param name="Delivery">The connector delivery, or null when nothing was sent.</param>
/// <param name="PlanMetadata">The plan's stored evidence record.</param>
/// <param name="Metadata">The delivery's stored evidence record, or null.</param>
/// <param name="Success">True only when an alert was sent and every selected connector accepted it.</param>
/// <param name="Suppressed">True when a repeat of an alert already sent within the suppression window was not sent again.</param>
/// <param name="NotSentReason">Why nothing was sent: suppressed, healthy or no_eligible_provider; null when an alert was sent.</param>
/// <param name="Suppression">For a suppressed repeat: the reason and, per provider, the earlier alert's time, plan id and delivery record id.</param>
/// <param name="EventId">The alert event's id: the health_id.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record WorkerAlertResponse(
    WorkerHealthResponse Health, JsonObject Plan, ConnectorDeliveryResult? Delivery, EvidenceEnvelope PlanMetadata, EvidenceEnvelope? Metadata,
    bool Success, bool Suppressed, string? NotSentReason, JsonObject? Suppression, string EventId, JsonObject? Actor);

/// <summary>Body of <c>POST A/worker-health-alerts/{health_id}/acknowledgements</c>.</summary>
/// <param name="Provider">Required. The connector the alert was delivered through.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>acknowledged</c>; acknowledged and resolved settle the alert.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="PlanId">The alert plan acknowledged (gordackhealthalert- and 16 hex digits); default: the health state's latest plan.</param>
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
    public WorkerAlertAcknowledgeRequestValidator()
    {
        var kind = DeliveryStreams.AuditWorkerHealth.Acknowledgement;
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s)).WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.PlanId).Matches("^gordackhealthalert-[0-9a-f]{16}$").When(r => !string.IsNullOrEmpty(r.PlanId))
            .WithMessage("'plan_id' must be a worker health alert plan id (gordackhealthalert-…)");
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
        var planKind = DeliveryStreams.AuditWorkerHealth.AlertPlan.Kind;
        RuleFor(q => q.Limit).InclusiveBetween(1, History.HistoryQueryValidator.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MetadataKind).Must(k => string.IsNullOrWhiteSpace(k) || ContractValues.WorkerAlertKinds.Contains(k.Trim()))
            .WithMessage(q => History.HistoryQueryValidator.KindMessage(q.MetadataKind, ContractValues.WorkerAlertKinds));
        RuleFor(q => q.Suppressed).Null().When(q => !string.IsNullOrWhiteSpace(q.MetadataKind) && q.MetadataKind.Trim() != planKind)
            .WithMessage($"'suppressed' applies to alert plans only ({planKind})");
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

/// <summary>Body of <c>POST A/retry-plans/{retry_plan_id}/acknowledgements</c>: review of one retry decision; nothing is sent.</summary>
/// <param name="Provider">Required. The provider of the retry decision.</param>
/// <param name="AcknowledgedBy">Required. Who reviews; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>accepted</c>; accepted and resolved let Plan Retry Approval request approval.</param>
/// <param name="DeliveryId">The decision's delivery_id (gordackdelivery-…); needed when the plan has several decisions for the provider.</param>
/// <param name="AuditId">The decision's audit_id (gordackaudit-…); needed with delivery_id.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
public sealed record RetryAcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.RetryAcknowledgementStates))] string? AcknowledgementState,
    string? DeliveryId,
    string? AuditId,
    string? ExternalRef,
    string? Notes) : IExample<RetryAcknowledgeRequest>
{
    public static RetryAcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "accepted", ExampleValues.DeliveryId, ExampleValues.AuditId, "CHG-2042", "Receiver fixed; retry is safe.");
}

public sealed class RetryAcknowledgeRequestValidator : AbstractValidator<RetryAcknowledgeRequest>
{
    public RetryAcknowledgeRequestValidator()
    {
        var kind = RetryApprovals.RetryAcknowledgement;
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s)).WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.DeliveryId).MaximumLength(200);
        RuleFor(r => r.AuditId).MaximumLength(200);
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
    }
}

/// <summary>Body of <c>POST A/retry-execution-approval-plan</c>.</summary>
/// <param name="ApprovalPolicy">The approval policy; default: a retry acknowledgement is required.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record ApprovalPlanRequest(ApprovalPolicyBody? ApprovalPolicy, string? GeneratedBy) : IExample<ApprovalPlanRequest>
{
    public static ApprovalPlanRequest Example => new(ApprovalPolicyBody.Example, ExampleValues.GeneratedBy);
}

/// <summary>When a retry may be approved.</summary>
/// <param name="RequireRetryAck">Approval waits for a retry acknowledgement in accepted or resolved; default true.</param>
public sealed record ApprovalPolicyBody(bool? RequireRetryAck) : IExample<ApprovalPolicyBody>
{
    public static ApprovalPolicyBody Example => new(true);
}

public sealed class ApprovalPlanRequestValidator : AbstractValidator<ApprovalPlanRequest>
{
    public ApprovalPlanRequestValidator() => RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
}

/// <summary>Body of <c>POST A/retry-execution-approval-plans/{approval_plan_id}/decisions</c>; an approval authorises one live execution.</summary>
/// <param name="Provider">Required. The provider of the retry decided.</param>
/// <param name="DecidedBy">Required unless approved_by is given: who decides; at most 200 characters, no secrets. Wins over approved_by.</param>
/// <param name="ApprovedBy">Alias of decided_by, used only when decided_by is empty.</param>
/// <param name="ApprovalState">Default <c>approved</c>.</param>
/// <param name="RetryPlanId">The retry plan the decision belongs to (gordackretry-…); default: the one the approval plan lists.</param>
/// <param name="DeliveryId">The retry's delivery_id (gordackdelivery-…); needed when the plan lists several for the provider.</param>
/// <param name="AuditId">The retry's audit_id (gordackaudit-…); needed with delivery_id.</param>
/// <param name="ExternalRef">A change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
public sealed record ApprovalDecisionRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? DecidedBy,
    string? ApprovedBy,
    [property: OneOf(typeof(RetryApprovals), nameof(RetryApprovals.DecisionStates))] string? ApprovalState,
    string? RetryPlanId,
    string? DeliveryId,
    string? AuditId,
    string? ExternalRef,
    string? Notes) : IExample<ApprovalDecisionRequest>
{
    public static ApprovalDecisionRequest Example => new(
        ExampleValues.Provider, ExampleValues.GeneratedBy, ExampleValues.GeneratedBy, RetryApprovals.Approved, ExampleValues.RetryPlanId,
        ExampleValues.DeliveryId, ExampleValues.AuditId, "CHG-2042", "Approved for one live retry.");
}

public sealed class ApprovalDecisionRequestValidator : AbstractValidator<ApprovalDecisionRequest>
{
    public ApprovalDecisionRequestValidator()
    {
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.DecidedBy).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.ApprovedBy)).WithMessage("'decided_by' is required");
        RuleFor(r => r.DecidedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.ApprovedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.ApprovalState)
            .Must(s => string.IsNullOrWhiteSpace(s) || RetryApprovals.DecisionStates.Contains(ProviderNames.Normalize(s)))
            .WithMessage(AcknowledgementRules.StatesMessage("approval_state", RetryApprovals.DecisionStates));
        RuleFor(r => r.RetryPlanId).MaximumLength(200);
        RuleFor(r => r.DeliveryId).MaximumLength(200);
        RuleFor(r => r.AuditId).MaximumLength(200);
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
    }
}

/// <summary>A stored approval decision.</summary>
/// <param name="Decision">The decision: decision_id, approval_plan_id, retry_plan_id, delivery_id, audit_id, provider, approval_state, decided_by, decided_at, external_ref, notes.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record ApprovalDecisionResponse(JsonObject Decision, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST A/connector-recovery-playbook</c>.</summary>
/// <param name="MinFailureCount">A provider is listed after at least this many failures: 1–10000, default 2.</param>
/// <param name="LookbackHours">Failures of the last this many hours count: 1–8784, default 24.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record RecoveryPlaybookRequest(int? MinFailureCount, int? LookbackHours, string? GeneratedBy) : IExample<RecoveryPlaybookRequest>
{
    public static RecoveryPlaybookRequest Example => new(2, 24, ExampleValues.GeneratedBy);
}

public sealed class RecoveryPlaybookRequestValidator : AbstractValidator<RecoveryPlaybookRequest>
{
    public RecoveryPlaybookRequestValidator()
    {
        RuleFor(r => r.MinFailureCount).InclusiveBetween(1, 10_000);
        RuleFor(r => r.LookbackHours).InclusiveBetween(1, 24 * 366);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>A stored recovery playbook.</summary>
/// <param name="Playbook">The playbook: playbook_id, alert_level, lookback_hours, min_failure_count, provider_count, failure_count and provider_playbooks (per provider: category, failure_count, latest_failure_at, status_codes, recovery_steps).</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryPlaybookResponse(JsonObject Playbook, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>
/// Body of <c>POST A/connector-recovery-playbooks/{playbook_id}/closures</c>. <c>override.reason</c> resolves a recovery
/// that no verification reference proves; the reason is recorded in the closure.
/// </summary>
/// <param name="Provider">Required. The provider whose recovery ends.</param>
/// <param name="ClosedBy">Required. Who closes; at most 200 characters, no secrets.</param>
/// <param name="ClosureState">Default <c>resolved</c>; resolved and mitigated close the recovery. resolved needs a verification reference that proves a delivery, or override.</param>
/// <param name="ExternalRef">An incident or change reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="VerificationRefs">Up to 20 references that prove the recovery: a delivered retry execution id or a connector delivery record id; each at most 500 characters.</param>
/// <param name="Override">Resolve although no verification reference proves a delivery; its reason is recorded.</param>
public sealed record RecoveryClosureRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? ClosedBy,
    [property: OneOf(typeof(ConnectorRecovery), nameof(ConnectorRecovery.ClosureStates))] string? ClosureState,
    string? ExternalRef,
    string? Notes,
    IReadOnlyList<string>? VerificationRefs,
    RecoveryOverrideBody? Override = null) : IExample<RecoveryClosureRequest>
{
    public static RecoveryClosureRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "mitigated", "INC-1234", "Receiver certificate renewed; watching deliveries.", ["INC-1234-verification"]);
}

/// <summary>Why a recovery is resolved without a verification reference that proves a delivery.</summary>
/// <param name="Reason">Required with override: why the recovery counts as resolved; at most 500 characters, no secrets.</param>
public sealed record RecoveryOverrideBody(string? Reason);

public sealed class RecoveryClosureRequestValidator : AbstractValidator<RecoveryClosureRequest>
{
    public const int MaxVerificationRefs = 20;

    public RecoveryClosureRequestValidator()
    {
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.ClosedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.ClosureState)
            .Must(s => string.IsNullOrWhiteSpace(s) || ConnectorRecovery.ClosureStates.Contains(ProviderNames.Normalize(s)))
            .WithMessage(AcknowledgementRules.StatesMessage("closure_state", ConnectorRecovery.ClosureStates));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.VerificationRefs).Must(refs => refs is null || refs.Count <= MaxVerificationRefs)
            .WithMessage($"'verification_refs' may hold at most {MaxVerificationRefs} references");
        RuleForEach(r => r.VerificationRefs).MaximumLength(500).PublicSafe();
        RuleFor(r => r.Override!.Reason).NotEmpty().WithMessage("'override.reason' is required: say why the recovery is resolved without proof")
            .OverridePropertyName("override.reason").MaximumLength(2000).PublicSafe().When(r => r.Override is not null);
    }
}

/// <summary>A stored recovery closure.</summary>
/// <param name="Closure">The closure: closure_id, closure_hash, playbook_id, provider, closure_state, closed_by, closed_at, external_ref, notes, verification_refs.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryClosureResponse(JsonObject Closure, EvidenceEnvelope Metadata, JsonObject? Actor);
