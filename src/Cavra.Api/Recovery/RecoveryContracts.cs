using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Recovery;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Recovery;

/// <summary>Query of <c>GET A/retry-recovery-report</c>.</summary>
public sealed record RetryRecoveryReportQuery
{
    /// <summary>Minutes an open recovery may stay open before it breaches its SLO: 1–525600, default 240.</summary>
    [FromQuery(Name = "recovery_slo_minutes")]
    public int? RecoverySloMinutes { get; init; }

    /// <summary>Who asks, recorded in the report; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</summary>
    [FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    /// <summary>Store the report as evidence (default true); false returns the same report and stores nothing.</summary>
    [FromQuery(Name = "persist")]
    public bool? Persist { get; init; }
}

public sealed class RetryRecoveryReportQueryValidator : AbstractValidator<RetryRecoveryReportQuery>
{
    public RetryRecoveryReportQueryValidator()
    {
        RuleFor(q => q.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>One provider of the retry recovery report: its retry executions, recoveries and closures.</summary>
/// <param name="Provider">The connector (lower-case connector name).</param>
/// <param name="ExecutionCount">Audit retry executions to this provider, all time.</param>
/// <param name="ExecutionDeliveredCount">Of those, executions with execution_status delivered.</param>
/// <param name="ExecutionFailedCount">Of those, executions with execution_status failed.</param>
/// <param name="ExecutionSkippedCount">Of those, executions with execution_status skipped.</param>
/// <param name="RecoveryPlaybookCount">Recovery rows of this provider (one per recovery playbook that lists it).</param>
/// <param name="RecoveryClosureCount">Recovery closure records of this provider, all time (every closure, not only the latest per playbook).</param>
/// <param name="OpenRecoveryCount">Recovery rows of this provider not closed (slo_status open or breached).</param>
/// <param name="SloBreachedCount">Recovery rows of this provider that breach the SLO.</param>
/// <param name="LatestExecutionAt">When the newest execution to this provider ran (ISO-8601, UTC); null without executions.</param>
/// <param name="LatestClosureAt">When the newest closure of this provider was made (ISO-8601, UTC); null without closures.</param>
public sealed record RetryRecoveryProviderSummary(
    string Provider, int ExecutionCount, int ExecutionDeliveredCount, int ExecutionFailedCount, int ExecutionSkippedCount,
    int RecoveryPlaybookCount, int RecoveryClosureCount, int OpenRecoveryCount, int SloBreachedCount,
    string? LatestExecutionAt, string? LatestClosureAt);

/// <summary>One recovery: a provider of a recovery playbook, with its latest closure and SLO state.</summary>
/// <param name="PlaybookId">The recovery playbook's playbook_id (gordackrecovery-…).</param>
/// <param name="Provider">The connector the playbook recovers.</param>
/// <param name="Category">The connector's category in the playbook (e.g. siem, chat, webhook).</param>
/// <param name="FailureCount">Failed deliveries the playbook counted for the provider.</param>
/// <param name="GeneratedAt">When the playbook was made (ISO-8601, UTC); the recovery's age runs from it.</param>
/// <param name="AgeMinutes">Whole minutes since the playbook was made (never negative); null when generated_at cannot be read.</param>
/// <param name="RecoverySloMinutes">The SLO the row was judged by, in minutes (the report's recovery_slo_minutes).</param>
/// <param name="ClosureState">The latest closure's closure_state (resolved, mitigated, deferred, escalated, reopened), or open without a closure.</param>
/// <param name="ClosureId">The latest closure's closure_id; null without a closure.</param>
/// <param name="ClosedAt">When the latest closure was made (ISO-8601, UTC); null without a closure.</param>
/// <param name="ClosureMinutes">Whole minutes from the playbook to the closure that closed it; null while not closed (resolved or mitigated) or when a time cannot be read.</param>
/// <param name="SloStatus">breached (not closed and older than the SLO), closed (resolved or mitigated) or open.</param>
/// <param name="SloBreached">True when slo_status is breached.</param>
public sealed record RetryRecoveryRow(
    string PlaybookId, string Provider, string Category, int FailureCount, string GeneratedAt, int? AgeMinutes, int RecoverySloMinutes,
    string ClosureState, string? ClosureId, string? ClosedAt, int? ClosureMinutes,
    [property: OneOf(typeof(RetryRecoveryRow), nameof(RetryRecoveryRow.SloStatuses))] string SloStatus, bool SloBreached)
{
    internal static IReadOnlyList<string> SloStatuses => ["breached", "closed", "open"];
}

/// <summary>Recovery closures made on one day (UTC), by closure state and provider.</summary>
/// <param name="Date">The day (yyyy-MM-dd, UTC), or unknown for closures whose closed_at cannot be read.</param>
/// <param name="ClosureCount">Closures made that day.</param>
/// <param name="ResolvedCount">Of those, closures in state resolved.</param>
/// <param name="MitigatedCount">Of those, closures in state mitigated.</param>
/// <param name="DeferredCount">Of those, closures in state deferred.</param>
/// <param name="EscalatedCount">Of those, closures in state escalated.</param>
/// <param name="ReopenedCount">Of those, closures in state reopened.</param>
/// <param name="ProviderCounts">Closures made that day per connector name.</param>
public sealed record RetryRecoveryClosureTrend(
    string Date, int ClosureCount, int ResolvedCount, int MitigatedCount, int DeferredCount, int EscalatedCount, int ReopenedCount,
    IReadOnlyDictionary<string, int> ProviderCounts);

/// <summary>One audit retry execution as the retry recovery report lists it.</summary>
/// <param name="ExecutionId">The execution record's execution_id; null if the record has none.</param>
/// <param name="Provider">The connector the retry went to.</param>
/// <param name="ExecutionStatus">delivered, failed or skipped (unknown when the record has none).</param>
/// <param name="ExecutedAt">When the retry ran (ISO-8601, UTC), or empty when the record has none.</param>
/// <param name="DeliverySuccess">True when the connector accepted the retried delivery.</param>
/// <param name="ApprovalDecisionId">The approval decision that granted the retry (gordackretryapprovaldecision-…); null if the record has none.</param>
/// <param name="RunId">The worker run that executed the retry; null if the record has none.</param>
public sealed record RetryRecoveryExecution(
    string? ExecutionId, string Provider, string ExecutionStatus, string ExecutedAt, bool DeliverySuccess, string? ApprovalDecisionId, string? RunId);

/// <summary>The retry recovery report (Retry Recovery SLO, reference H1); every count is over all stored records.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-retry-recovery-report.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="ReportId">Fingerprint of the report (gordackretryreport-…), from its time, execution count, rows and SLO.</param>
/// <param name="GeneratedAt">When the report was built (ISO-8601, UTC); ages are measured to it.</param>
/// <param name="GeneratedBy">Who asked for the report (unspecified when not named).</param>
/// <param name="AlertLevel">critical with a breached recovery or a failed or skipped execution, warning with an open recovery, else healthy.</param>
/// <param name="RecoverySloMinutes">Minutes an open recovery may stay open before it breaches.</param>
/// <param name="ExecutionCount">All audit retry executions.</param>
/// <param name="ExecutionSuccessCount">Executions with execution_status delivered.</param>
/// <param name="ExecutionFailedCount">Executions not delivered (failed, skipped or any other status).</param>
/// <param name="ExecutionSuccessRate">execution_success_count / execution_count, rounded to 4 decimals (0–1); null without executions.</param>
/// <param name="ExecutionStatusCounts">Executions per execution_status; delivered, failed and skipped are always present.</param>
/// <param name="RecoveryPlaybookProviderCount">Recovery rows: providers over all recovery playbooks.</param>
/// <param name="RecoveryClosedCount">Rows closed (latest closure resolved or mitigated).</param>
/// <param name="RecoveryOpenCount">Rows not closed, breached included.</param>
/// <param name="RecoverySloBreachedCount">Rows that breach the SLO.</param>
/// <param name="ClosureStateCounts">All recovery closures per closure_state; empty without closures.</param>
/// <param name="ProviderSummary">Per provider (with executions, playbooks or closures), by name.</param>
/// <param name="RecoveryRows">Per playbook provider, breached first, then newest playbook first.</param>
/// <param name="ClosureTrends">Closures per day, newest day first (unknown last).</param>
/// <param name="LatestExecutions">The 20 newest executions, newest first.</param>
/// <param name="Controls">What the report is derived from and how it judges.</param>
public sealed record RetryRecoveryReport(
    string SchemaVersion, string Product, string ReportId, string GeneratedAt, string GeneratedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string AlertLevel,
    int RecoverySloMinutes, int ExecutionCount, int ExecutionSuccessCount, int ExecutionFailedCount, double? ExecutionSuccessRate,
    IReadOnlyDictionary<string, int> ExecutionStatusCounts,
    int RecoveryPlaybookProviderCount, int RecoveryClosedCount, int RecoveryOpenCount, int RecoverySloBreachedCount,
    IReadOnlyDictionary<string, int> ClosureStateCounts,
    IReadOnlyList<RetryRecoveryProviderSummary> ProviderSummary, IReadOnlyList<RetryRecoveryRow> RecoveryRows,
    IReadOnlyList<RetryRecoveryClosureTrend> ClosureTrends, IReadOnlyList<RetryRecoveryExecution> LatestExecutions,
    IReadOnlyList<string> Controls);

/// <summary>The retry recovery report (Retry Recovery SLO).</summary>
/// <param name="Report">The report.</param>
/// <param name="Metadata">Its stored evidence record, or null with persist=false.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RetryRecoveryReportResponse(RetryRecoveryReport Report, EvidenceEnvelope? Metadata, JsonObject? Actor);

/// <summary>Rules the escalation requests share.</summary>
internal static class EscalationRules
{
    public static IRuleBuilderOptions<T, string?> ProviderList<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(500).Must(p => ProviderNames.ParseList(p).All(ProviderNames.Known.Contains))
            .WithMessage($"'provider' must be a comma-separated list of connector names ({string.Join(", ", ProviderNames.Known)})");
}

/// <summary>Body of <c>POST A/recovery-escalation-plan</c>.</summary>
/// <param name="RecoverySloMinutes">The SLO of the retry recovery report the plan is built from: 1–525600, default 240.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
/// <param name="Provider">The escalation channels (comma-separated connector names); default: Cavra:Escalation:Providers. Never the failing connectors, which the plan lists as escalated_providers.</param>
public sealed record RecoveryEscalationPlanRequest(int? RecoverySloMinutes, string? GeneratedBy, string? Provider) : IExample<RecoveryEscalationPlanRequest>
{
    public static RecoveryEscalationPlanRequest Example => new(RetryRecoveryReports.DefaultSloMinutes, ExampleValues.GeneratedBy, ExampleValues.Provider);
}

public sealed class RecoveryEscalationPlanRequestValidator : AbstractValidator<RecoveryEscalationPlanRequest>
{
    public RecoveryEscalationPlanRequestValidator()
    {
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Provider).ProviderList();
    }
}

/// <summary>One escalation route: a breached or open recovery, or a provider with failed or skipped retry executions.</summary>
/// <param name="Provider">The failing connector the route escalates.</param>
/// <param name="Category">The connector's category from its recovery row, or retry-execution for a route from failed executions.</param>
/// <param name="Severity">critical (a breached recovery or failed executions) or warning (an open recovery).</param>
/// <param name="Reason">Why the route exists, in words.</param>
/// <param name="RecommendedAction">What the escalation channel's owner should do.</param>
/// <param name="PlaybookId">The recovery playbook of the row; empty for a retry-execution route.</param>
/// <param name="ClosureState">The recovery row's closure_state (open without a closure), or review_required for a retry-execution route.</param>
/// <param name="AgeMinutes">The recovery's age in whole minutes; null for a retry-execution route or when the playbook's time cannot be read.</param>
/// <param name="RecoverySloMinutes">The SLO of the report the plan was built from, in minutes.</param>
/// <param name="FailureCount">The playbook's failure_count, or the provider's failed plus skipped executions for a retry-execution route.</param>
/// <param name="SloStatus">breached or open for a recovery route, review_required for a retry-execution route.</param>
/// <param name="SloBreached">True when slo_status is breached.</param>
public sealed record RecoveryEscalationRoute(
    string Provider, string Category,
    [property: OneOf(typeof(RecoveryEscalationRoute), nameof(RecoveryEscalationRoute.Severities))] string Severity,
    string Reason, string RecommendedAction, string PlaybookId, string ClosureState, int? AgeMinutes, int RecoverySloMinutes, int FailureCount,
    [property: OneOf(typeof(RecoveryEscalationRoute), nameof(RecoveryEscalationRoute.SloStatuses))] string SloStatus,
    bool SloBreached)
{
    internal static IReadOnlyList<string> Severities => ["critical", "warning"];

    internal static IReadOnlyList<string> SloStatuses => ["breached", "open", "review_required"];
}

/// <summary>The escalation plan in a few numbers, for the executive reading it.</summary>
/// <param name="Status">The plan's alert_level.</param>
/// <param name="TrackedProviderCount">Providers in the report's provider_summary.</param>
/// <param name="ExecutionCount">All audit retry executions (the report's execution_count).</param>
/// <param name="FailedExecutionCount">Executions not delivered (the report's execution_failed_count).</param>
/// <param name="OpenRecoveryCount">Recoveries not closed, breached included (the report's recovery_open_count).</param>
/// <param name="SloBreachedCount">Recoveries that breach the SLO (the report's recovery_slo_breached_count).</param>
/// <param name="ClosureRate">Closed recoveries / all recovery rows, rounded to 4 decimals (0–1); null without recovery rows.</param>
public sealed record RecoveryEscalationSummary(
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string Status,
    int TrackedProviderCount, int ExecutionCount, int FailedExecutionCount, int OpenRecoveryCount, int SloBreachedCount, double? ClosureRate);

/// <summary>A recovery escalation plan (reference I1), built from the retry recovery report.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-recovery-escalation-plan.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="PlanId">Fingerprint of the plan (gordackrecoveryesc-…); deliveries and acknowledgements refer to it.</param>
/// <param name="GeneratedAt">When the plan was built (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who asked for the plan (unspecified when not named).</param>
/// <param name="AlertLevel">critical with a critical route, warning with any route, else healthy.</param>
/// <param name="RecoverySloMinutes">The SLO of the report the plan was built from, in minutes.</param>
/// <param name="RecoveryReportId">The report_id of that retry recovery report (not stored).</param>
/// <param name="EscalationCount">Routes in escalation_routes.</param>
/// <param name="CriticalEscalationCount">Routes with severity critical.</param>
/// <param name="SloBreachedCount">Recoveries that breach the SLO (the report's recovery_slo_breached_count).</param>
/// <param name="FailedExecutionCount">Executions not delivered (the report's execution_failed_count).</param>
/// <param name="OpenRecoveryCount">Recoveries not closed, breached included (the report's recovery_open_count).</param>
/// <param name="ProviderCount">Distinct failing connectors in escalated_providers.</param>
/// <param name="SelectedProviders">The escalation channels the plan goes to (the request's provider or Cavra:Escalation:Providers).</param>
/// <param name="EscalatedProviders">The failing connectors the routes escalate, by name.</param>
/// <param name="EscalationRoutes">The routes, critical first, then most failures, then oldest.</param>
/// <param name="ExecutiveSummary">The plan in a few numbers.</param>
/// <param name="Controls">What escalations carry and where they go.</param>
public sealed record RecoveryEscalationPlan(
    string SchemaVersion, string Product, string PlanId, string GeneratedAt, string GeneratedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string AlertLevel,
    int RecoverySloMinutes, string RecoveryReportId, int EscalationCount, int CriticalEscalationCount, int SloBreachedCount,
    int FailedExecutionCount, int OpenRecoveryCount, int ProviderCount, IReadOnlyList<string> SelectedProviders,
    IReadOnlyList<string> EscalatedProviders, IReadOnlyList<RecoveryEscalationRoute> EscalationRoutes,
    RecoveryEscalationSummary ExecutiveSummary, IReadOnlyList<string> Controls);

/// <summary>A stored recovery escalation plan.</summary>
/// <param name="Plan">The plan.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryEscalationPlanResponse(RecoveryEscalationPlan Plan, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST A/recovery-escalations/{plan_id}/deliver</c>.</summary>
/// <param name="Provider">The escalation channels (comma-separated connector names); default: the plan's selected_providers, else Cavra:Escalation:Providers.</param>
/// <param name="MaxRoutes">At most this many routes go into the event: 1–100, default 20.</param>
/// <param name="RecoverySloMinutes">The SLO of a fresh plan when plan_id is latest: 1–525600, default 240.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record RecoveryEscalationDeliverRequest(
    string? Provider, int? MaxRoutes, int? RecoverySloMinutes, int? Retries, double? TimeoutSeconds, string? GeneratedBy)
    : IExample<RecoveryEscalationDeliverRequest>
{
    public static RecoveryEscalationDeliverRequest Example => new(
        ExampleValues.Provider, RecoveryEscalations.DefaultMaxRoutes, RetryRecoveryReports.DefaultSloMinutes, 2, 10, ExampleValues.GeneratedBy);
}

public sealed class RecoveryEscalationDeliverRequestValidator : AbstractValidator<RecoveryEscalationDeliverRequest>
{
    public RecoveryEscalationDeliverRequestValidator()
    {
        RuleFor(r => r.Provider).ProviderList();
        RuleFor(r => r.MaxRoutes).InclusiveBetween(1, 100);
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>A delivered recovery escalation.</summary>
/// <param name="Plan">The escalation plan delivered (a fresh, now stored one for plan_id latest).</param>
/// <param name="Delivery">The connector delivery to the escalation channels.</param>
/// <param name="PlanMetadata">The plan's stored evidence record.</param>
/// <param name="Metadata">The delivery's stored evidence record (source go_backend_rollback_drill_acknowledgement_audit_recovery_escalation, with plan_id and the selected_providers it went to).</param>
/// <param name="Success">True when every escalation channel accepted the event.</param>
/// <param name="EventId">The event's id: the plan_id.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryEscalationDeliveryResponse(
    RecoveryEscalationPlan Plan, ConnectorDeliveryResult Delivery, EvidenceEnvelope PlanMetadata, EvidenceEnvelope Metadata, bool Success, string EventId, JsonObject? Actor);

/// <summary>Body of <c>POST A/recovery-escalations/{plan_id}/acknowledgements</c>; accepted, acknowledged and resolved let a live escalation retry go out.</summary>
/// <param name="Provider">Required. The escalation channel acknowledged.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>acknowledged</c>.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters, no secrets.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="EscalationReason">Why the escalation was (or was not) taken up; at most 500 characters, no secrets.</param>
public sealed record RecoveryEscalationAcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(RecoveryEscalationAcknowledgeRequest), nameof(RecoveryEscalationAcknowledgeRequest.States))] string? AcknowledgementState,
    string? ExternalRef,
    string? Notes,
    string? EscalationReason) : IExample<RecoveryEscalationAcknowledgeRequest>
{
    internal static IReadOnlyList<string> States => RecoveryRecords.EscalationAcknowledgement.States;

    public static RecoveryEscalationAcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "accepted", "INC-1234", "Release owner paged; recovery is being worked.", "recovery SLO breached");
}

public sealed class RecoveryEscalationAcknowledgeRequestValidator : AbstractValidator<RecoveryEscalationAcknowledgeRequest>
{
    public RecoveryEscalationAcknowledgeRequestValidator()
    {
        var kind = RecoveryRecords.EscalationAcknowledgement;
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s))
            .WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.EscalationReason).MaximumLength(500).PublicSafe();
    }
}
