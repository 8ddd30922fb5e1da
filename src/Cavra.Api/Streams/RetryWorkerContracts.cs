using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.OpenApi;
using Cavra.Core.Connectors;
using Cavra.Core.Retries;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Streams;

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

/// <summary>The rules of a schedule, wherever a request carries one (worker runs, executive report schedule runs).</summary>
public sealed class WorkerScheduleBodyValidator : AbstractValidator<WorkerScheduleBody>
{
    public WorkerScheduleBodyValidator()
    {
        RuleFor(s => s.IntervalMinutes).InclusiveBetween(1, 10_080);
        RuleFor(s => s.ScheduleIntervalMinutes).InclusiveBetween(1, 10_080);
        RuleFor(s => s.Cadence).MaximumLength(100).Matches("^[A-Za-z0-9_-]*$").WithMessage("'schedule.cadence' may hold letters, digits, _ and - only");
    }
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
        RuleFor(r => r.Schedule!).SetValidator(new WorkerScheduleBodyValidator()).When(r => r.Schedule is not null);
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
