using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Core.Connectors;
using Cavra.Core.Retries;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.AuditRetries;

/// <summary>Retry policy of a request (reference G1); the original's aliases are accepted.</summary>
public sealed record RetryPolicyBody(
    int? MaxRetryAttempts, int? MaxRetries, bool? AllowImmediateRetry, int? RetryDelayMinutes, int? DelayMinutes,
    double? BackoffMultiplier, double? Multiplier)
{
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

/// <summary>Body of <c>POST A/retry-plan</c> (reference C1).</summary>
public sealed record RetryPlanRequest(RetryPolicyBody? RetryPolicy, string? GeneratedBy);

public sealed record RetryPlanResponse(JsonObject Plan, EvidenceEnvelope Metadata, JsonObject? Actor);

public sealed class RetryPlanRequestValidator : AbstractValidator<RetryPlanRequest>
{
    public RetryPlanRequestValidator()
    {
        RuleFor(r => r.RetryPolicy!).SetValidator(new RetryPolicyBodyValidator()).When(r => r.RetryPolicy is not null);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>The worker's schedule (reference G2).</summary>
public sealed record WorkerScheduleBody(int? IntervalMinutes, int? ScheduleIntervalMinutes, bool? Enabled, string? Cadence);

/// <summary>Body of <c>POST A/worker-run</c> (reference C2). Dry run unless <c>execute</c> is true or <c>dry_run</c> is false.</summary>
public sealed record WorkerRunBody(
    bool? DryRun, bool? Execute, RetryPolicyBody? RetryPolicy, WorkerScheduleBody? Schedule, int? MaxRetryDeliveries,
    int? Retries, double? TimeoutSeconds, string? GeneratedBy)
{
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
public sealed record WorkerRunResponse(
    JsonObject Run, EvidenceEnvelope Metadata, EvidenceEnvelope? RetryMetadata, IReadOnlyList<RetryResultResponse> RetryResults, bool Created, JsonObject? Actor);

public sealed record WorkerRunsQuery
{
    [FromQuery(Name = "dry_run")]
    public bool? DryRun { get; init; }

    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

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
/// The worker dashboard (reference C4): the same level, reasons and next action as the worker health at the same
/// thresholds (one rule decides both), all-time run counters, what is open now, and the latest runs.
/// </summary>
public sealed record WorkerDashboardResponse(
    string SchemaVersion, string Product, string GeneratedAt, string AlertLevel, IReadOnlyList<History.LevelReason> Reasons,
    History.NextActionResponse? NextAction, long RunCount, long DryRunCount, long ExecutedCount, long FailedRunCount, long OpenFailedRunCount,
    long OpenFailureCount, long RetryableCount, long SelectedRetryCount, IReadOnlyList<EvidenceEnvelope> Latest);

/// <summary>Thresholds of <c>GET A/worker-health</c> (reference D1) and of <c>GET A/worker-dashboard</c>, which judges by the same rule.</summary>
public sealed record WorkerHealthQuery
{
    [FromQuery(Name = "expected_interval_minutes")]
    public int? ExpectedIntervalMinutes { get; init; }

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
public sealed record HealthAlert(string Severity, string Category, string Message);

/// <summary>A run as the health report lists it.</summary>
public sealed record HealthRun(string RunId, string GeneratedAt, bool DryRun, string? Status, int SelectedRetryCount);

/// <summary>The worker health report (reference D1).</summary>
public sealed record WorkerHealthResponse(
    string SchemaVersion, string Product, string HealthId, string GeneratedAt, string AlertLevel,
    int ExpectedIntervalMinutes, int MissedAfterMinutes, int StaleMetadataMinutes,
    long RunCount, long RetryPlanCount, int RetryableCount, int OpenFailureCount, int SelectedRetryCount,
    int MissedRunCount, int FailedJobCount, int DisabledScheduleCount, int StaleRetryPlanCount, long ConnectorDeliveryFailureCount,
    string LatestRunId, string LatestRunAt, long? LatestRunAgeMinutes, string LatestRetryPlanId, long? LatestRetryPlanAgeMinutes,
    IReadOnlyList<EvidenceEnvelope> FailedDeliveries, IReadOnlyList<HealthAlert> Alerts, IReadOnlyList<History.LevelReason> Reasons,
    History.NextActionResponse? NextAction, IReadOnlyList<string> Recommendations, IReadOnlyList<HealthRun> Latest);

/// <summary>Body of <c>POST A/worker-health-alerts/deliver</c> (reference D2).</summary>
public sealed record WorkerAlertBody(
    string? Provider, bool? Force, int? SuppressionWindowMinutes, int? MaxAlerts, int? ExpectedIntervalMinutes, int? StaleMetadataMinutes,
    int? Retries, double? TimeoutSeconds, string? GeneratedBy);

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
public sealed record WorkerAlertResponse(
    WorkerHealthResponse Health, JsonObject Plan, ConnectorDeliveryResult? Delivery, EvidenceEnvelope PlanMetadata, EvidenceEnvelope? Metadata,
    bool Success, bool Suppressed, string? NotSentReason, JsonObject? Suppression, string EventId, JsonObject? Actor);

/// <summary>Body of <c>POST A/worker-health-alerts/{health_id}/acknowledgements</c> (reference D3).</summary>
public sealed record WorkerAlertAcknowledgeRequest(
    string? Provider, string? AcknowledgedBy, string? AcknowledgementState, string? ExternalRef, string? Notes, string? PlanId);

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

public sealed record WorkerAlertHistoryQuery
{
    [FromQuery(Name = "health_id")]
    public string? HealthId { get; init; }

    [FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    [FromQuery(Name = "metadata_kind")]
    public string? MetadataKind { get; init; }

    [FromQuery(Name = "acknowledgement_state")]
    public string? AcknowledgementState { get; init; }

    /// <summary>true: alert plans that suppressed a provider; false: alert plans that suppressed none.</summary>
    [FromQuery(Name = "suppressed")]
    public bool? Suppressed { get; init; }

    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

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
        RuleFor(q => q.Suppressed).Null().When(q => !string.IsNullOrWhiteSpace(q.MetadataKind) && q.MetadataKind.Trim() != planKind)
            .WithMessage($"'suppressed' applies to alert plans only ({planKind})");
    }
}

/// <summary>One health state and provider still waiting for its alert acknowledgement.</summary>
public sealed record OutstandingAlertAcknowledgement(string HealthId, string Provider, string PlanId);

public sealed record WorkerAlertDashboardResponse(
    string SchemaVersion, string Product, string GeneratedAt, string AlertLevel, long PlanCount, long DeliveryCount, long FailedDeliveryCount,
    long AcknowledgementCount, long OutstandingAcknowledgementCount, long SuppressedProviderCount,
    IReadOnlyList<OutstandingAlertAcknowledgement> OutstandingAcknowledgements, IReadOnlyList<EvidenceEnvelope> Latest);

/// <summary>Body of <c>POST A/retry-plans/{retry_plan_id}/acknowledgements</c> (reference E1).</summary>
public sealed record RetryAcknowledgeRequest(
    string? Provider, string? AcknowledgedBy, string? AcknowledgementState, string? DeliveryId, string? AuditId, string? ExternalRef, string? Notes);

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

/// <summary>Body of <c>POST A/retry-execution-approval-plan</c> (reference E2).</summary>
public sealed record ApprovalPlanRequest(ApprovalPolicyBody? ApprovalPolicy, string? GeneratedBy);

public sealed record ApprovalPolicyBody(bool? RequireRetryAck);

public sealed class ApprovalPlanRequestValidator : AbstractValidator<ApprovalPlanRequest>
{
    public ApprovalPlanRequestValidator() => RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
}

/// <summary>Body of <c>POST A/retry-execution-approval-plans/{approval_plan_id}/decisions</c> (reference E3).</summary>
public sealed record ApprovalDecisionRequest(
    string? Provider, string? DecidedBy, string? ApprovedBy, string? ApprovalState, string? RetryPlanId, string? DeliveryId, string? AuditId,
    string? ExternalRef, string? Notes);

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

public sealed record ApprovalDecisionResponse(JsonObject Decision, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST A/connector-recovery-playbook</c> (reference F1).</summary>
public sealed record RecoveryPlaybookRequest(int? MinFailureCount, int? LookbackHours, string? GeneratedBy);

public sealed class RecoveryPlaybookRequestValidator : AbstractValidator<RecoveryPlaybookRequest>
{
    public RecoveryPlaybookRequestValidator()
    {
        RuleFor(r => r.MinFailureCount).InclusiveBetween(1, 10_000);
        RuleFor(r => r.LookbackHours).InclusiveBetween(1, 24 * 366);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

public sealed record RecoveryPlaybookResponse(JsonObject Playbook, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>
/// Body of <c>POST A/connector-recovery-playbooks/{playbook_id}/closures</c> (reference F2). <c>override.reason</c>
/// resolves a recovery that no verification reference proves; the reason is recorded in the closure.
/// </summary>
public sealed record RecoveryClosureRequest(
    string? Provider, string? ClosedBy, string? ClosureState, string? ExternalRef, string? Notes, IReadOnlyList<string>? VerificationRefs,
    RecoveryOverrideBody? Override = null);

/// <summary>Why a recovery is resolved without a verification reference that proves a delivery.</summary>
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

public sealed record RecoveryClosureResponse(JsonObject Closure, EvidenceEnvelope Metadata, JsonObject? Actor);
