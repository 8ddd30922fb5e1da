using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.OpenApi;
using Cavra.Api.Streams;
using Cavra.Core.Closure;
using Cavra.Core.Recovery;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Closure;

/// <summary>Query of <c>GET A/final-reporting-closure-dashboard</c>.</summary>
public sealed record FinalClosureQuery
{
    /// <summary>The SLO open connector recoveries are judged by (the retry recovery report's): 1–525600, default 240.</summary>
    [FromQuery(Name = "recovery_slo_minutes")]
    public int? RecoverySloMinutes { get; init; }
}

public sealed class FinalClosureQueryValidator : AbstractValidator<FinalClosureQuery>
{
    public FinalClosureQueryValidator() => RuleFor(q => q.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
}

/// <summary>
/// One open item of the reporting loop. Names: <c>drill_notification_acknowledgement_outstanding</c>,
/// <c>drill_notification_delivery_failed</c>, <c>{stream}_delivery_failed</c>, <c>{stream}_retry_execution_failed</c>,
/// <c>{stream}_retry_held_at_gate</c> (stream audit or recovery_escalation, or an alert family for its own retries),
/// <c>{alert}_delivery_failed</c>, <c>{alert}_acknowledgement_outstanding</c> (alert audit_worker_health_alert,
/// recovery_retry_health_alert, …), <c>audit_retry_approved_not_executed</c>, <c>connector_recovery_slo_breached</c>,
/// <c>connector_recovery_open</c>, <c>recovery_escalation_acknowledgement_outstanding</c>.
/// </summary>
/// <param name="Item">What is open (one of the names above).</param>
/// <param name="Stage">The stage of the loop it belongs to (readiness: a failed readiness check no open item stands behind).</param>
/// <param name="Count">How many are open.</param>
/// <param name="Ids">Up to 20 evidence ids behind it (record, delivery, audit, plan, run, execution, decision, health or playbook ids).</param>
/// <param name="Providers">The connectors involved.</param>
/// <param name="Message">The item in words, with its count.</param>
/// <param name="Action">The Evidence Console action that closes it; null when none fits.</param>
/// <param name="Route">The route that performs the action, with its method; null when none fits.</param>
public sealed record ClosureOpenItem(
    string Item,
    [property: Core.OneOf(typeof(ClosureOpenItem), nameof(ClosureOpenItem.Stages))] string Stage,
    long Count, IReadOnlyList<string> Ids, IReadOnlyList<string> Providers, string Message, string? Action, string? Route)
{
    internal static IReadOnlyList<string> Stages =>
    [
        ClosureStages.DrillNotification, ClosureStages.Delivery, ClosureStages.Retry, ClosureStages.Recovery, ClosureStages.Escalation,
        ClosureStages.Alert, ClosureStages.ExecutiveReport, "readiness",
    ];
}

/// <summary>Final Closure (reference K): whether the whole reporting loop is closed, and what is still open.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-final-reporting-closure-dashboard.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="GeneratedAt">When the dashboard was built (ISO-8601, UTC).</param>
/// <param name="ClosureState">closed when no item is open, else open.</param>
/// <param name="AlertLevel">critical when the main dashboard is critical, an alert waits for its acknowledgement or a recovery breached its SLO; warning with any other open item; else healthy.</param>
/// <param name="OpenItemCount">Open items listed.</param>
/// <param name="OpenItems">Every open item, in the order of the operator flow, with the action that closes it.</param>
/// <param name="AuditWorkerHealthAlert">The audit worker health alert dashboard (reference D5).</param>
/// <param name="RecoveryRetryHealthAlert">The recovery escalation retry health alert dashboard (reference I10).</param>
/// <param name="ExecutiveRetryHealthAlert">The executive retry health alert dashboard (reference J10); null while the executive report stream is not in the catalogue.</param>
/// <param name="Summary">Per alert family its plan, acknowledgement, failed delivery and outstanding counts; per stream its retry plan, worker run and failed execution counts; open items per stage.</param>
/// <param name="RecommendedActions">The open items' actions with their routes, then the fixed recommendations.</param>
/// <param name="Controls">What the dashboard is derived from.</param>
public sealed record FinalClosureDashboard(
    string SchemaVersion, string Product, string GeneratedAt,
    [property: Core.OneOf(typeof(FinalClosureDashboard), nameof(FinalClosureDashboard.ClosureStates))] string ClosureState,
    [property: Core.OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string AlertLevel,
    int OpenItemCount, IReadOnlyList<ClosureOpenItem> OpenItems,
    WorkerAlertDashboardResponse? AuditWorkerHealthAlert, WorkerAlertDashboardResponse? RecoveryRetryHealthAlert,
    WorkerAlertDashboardResponse? ExecutiveRetryHealthAlert,
    IReadOnlyDictionary<string, long> Summary, IReadOnlyList<string> RecommendedActions, IReadOnlyList<string> Controls)
{
    internal static IReadOnlyList<string> ClosureStates => [FinalClosure.Closed, FinalClosure.Open];
}

/// <summary>Query of <c>GET A/final-reporting-release-readiness</c>.</summary>
public sealed record ReleaseReadinessQuery
{
    /// <summary>Who asks, recorded in the summary; default <c>unspecified</c>; at most 200 characters, no secrets.</summary>
    [FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    /// <summary>Store the summary as evidence (default true); false returns the same summary and stores nothing.</summary>
    [FromQuery(Name = "persist")]
    public bool? Persist { get; init; }

    /// <summary>The SLO open connector recoveries are judged by: 1–525600, default 240.</summary>
    [FromQuery(Name = "recovery_slo_minutes")]
    public int? RecoverySloMinutes { get; init; }
}

public sealed class ReleaseReadinessQueryValidator : AbstractValidator<ReleaseReadinessQuery>
{
    public ReleaseReadinessQueryValidator()
    {
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(q => q.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
    }
}

/// <summary>
/// One readiness check: drill_notifications_acknowledged, audit_delivered, failed_deliveries_retried_or_closed,
/// recoveries_closed_within_slo, escalations_acknowledged, executive_report_window_delivered, alerts_settled,
/// closure_dashboard_closed or evidence_chain_verified.
/// </summary>
/// <param name="Check">The check's name.</param>
/// <param name="State">passed, failed, or not_applicable (the stage does not exist yet; never a pass).</param>
/// <param name="Count">Failed: how many open items block it. Passed: how many records are its evidence.</param>
/// <param name="EvidenceIds">Failed: up to 20 ids of what blocks it. Passed: the 20 newest records behind it.</param>
/// <param name="Message">The check in words.</param>
/// <param name="Action">The console action that settles a failed check; null when passed.</param>
/// <param name="Route">The route of that action, with its method; null when passed.</param>
public sealed record ReadinessCheck(
    string Check,
    [property: Core.OneOf(typeof(ReadinessCheck), nameof(ReadinessCheck.States))] string State,
    long Count, IReadOnlyList<string> EvidenceIds, string Message, string? Action, string? Route)
{
    internal static IReadOnlyList<string> States => [ReleaseReadiness.Passed, ReleaseReadiness.Failed, ReleaseReadiness.NotApplicable];
}

/// <summary>The evidence chain as the readiness summary found it.</summary>
/// <param name="Verified">Whether every record fits the chain.</param>
/// <param name="RecordCount">Records checked.</param>
/// <param name="HeadSequence">Sequence of the last record.</param>
/// <param name="FirstInvalidSequence">The first record that does not fit; null when verified.</param>
/// <param name="Reason">Why it does not fit; null when verified.</param>
public sealed record ReadinessChain(bool Verified, long RecordCount, long HeadSequence, long? FirstInvalidSequence, string? Reason);

/// <summary>A release readiness summary (reference L1).</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-final-reporting-release-readiness-summary.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="SummaryId">Fingerprint of the checks (gordackfinalready-…), not of the time or actor: an unchanged state has the same id.</param>
/// <param name="GeneratedAt">When the summary was built (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who asked (unspecified when not named).</param>
/// <param name="ReadinessState">ready when no check failed, else blocked.</param>
/// <param name="CheckCount">Checks made.</param>
/// <param name="PassedCount">Checks passed.</param>
/// <param name="FailedCount">Checks failed.</param>
/// <param name="NotApplicableCount">Checks whose stage does not exist yet.</param>
/// <param name="FailedChecks">The failed checks' names.</param>
/// <param name="Checks">Every check, in the order of the loop, the chain last.</param>
/// <param name="ClosureState">The final closure dashboard's closure_state.</param>
/// <param name="OpenItemCount">Its open items.</param>
/// <param name="OpenItems">Its open items, with the action that closes each.</param>
/// <param name="EvidenceChain">The chain verification.</param>
/// <param name="Controls">What the summary is derived from.</param>
public sealed record ReleaseReadinessSummary(
    string SchemaVersion, string Product, string SummaryId, string GeneratedAt, string GeneratedBy,
    [property: Core.OneOf(typeof(ReleaseReadinessSummary), nameof(ReleaseReadinessSummary.ReadinessStates))] string ReadinessState,
    int CheckCount, int PassedCount, int FailedCount, int NotApplicableCount, IReadOnlyList<string> FailedChecks,
    IReadOnlyList<ReadinessCheck> Checks,
    [property: Core.OneOf(typeof(FinalClosureDashboard), nameof(FinalClosureDashboard.ClosureStates))] string ClosureState,
    int OpenItemCount, IReadOnlyList<ClosureOpenItem> OpenItems, ReadinessChain EvidenceChain, IReadOnlyList<string> Controls)
{
    internal static IReadOnlyList<string> ReadinessStates => [ReleaseReadiness.Ready, ReleaseReadiness.Blocked];
}

/// <summary>A release readiness summary.</summary>
/// <param name="Readiness">The summary.</param>
/// <param name="Metadata">Its stored evidence record (the existing one when the state is unchanged), or null with persist=false.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record ReleaseReadinessResponse(ReleaseReadinessSummary Readiness, EvidenceEnvelope? Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST A/final-reporting-operator-runbook-export</c>.</summary>
/// <param name="GeneratedBy">Who exports; default <c>unspecified</c>; at most 200 characters, no secrets.</param>
/// <param name="Format">Which rendering the console offers as the download: markdown (default) or json; both are always in the runbook.</param>
/// <param name="RecoverySloMinutes">The SLO open connector recoveries are judged by: 1–525600, default 240.</param>
public sealed record RunbookExportRequest(
    string? GeneratedBy,
    [property: Core.OneOf(typeof(OperatorRunbook), nameof(OperatorRunbook.Formats))] string? Format,
    int? RecoverySloMinutes) : IExample<RunbookExportRequest>
{
    public static RunbookExportRequest Example => new(ExampleValues.GeneratedBy, OperatorRunbook.Markdown, RetryRecoveryReports.DefaultSloMinutes);
}

public sealed class RunbookExportRequestValidator : AbstractValidator<RunbookExportRequest>
{
    public RunbookExportRequestValidator()
    {
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Format).Must(f => f is null || OperatorRunbook.Formats.Contains(f.Trim().ToLowerInvariant()))
            .WithMessage($"'format' must be {string.Join(" or ", OperatorRunbook.Formats)}");
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
    }
}

/// <summary>A passed readiness check, as the runbook lists what was done.</summary>
/// <param name="Check">The check's name.</param>
/// <param name="Message">What was done, in words.</param>
/// <param name="Count">How many records are its evidence.</param>
/// <param name="EvidenceIds">The 20 newest of them.</param>
public sealed record RunbookStep(string Check, string Message, long Count, IReadOnlyList<string> EvidenceIds);

/// <summary>Evidence to attach to the release record.</summary>
/// <param name="What">What it is.</param>
/// <param name="EvidenceIds">The records to attach; empty when the route itself is the evidence (the chain checkpoint).</param>
/// <param name="Route">Where to fetch it, with its method.</param>
public sealed record RunbookAttachment(string What, IReadOnlyList<string> EvidenceIds, string Route);

/// <summary>An operator runbook export (reference L2): what was done, what remains, what to attach, as JSON and Markdown.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-final-reporting-operator-runbook-export.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="RunbookId">Fingerprint of the readiness summary and format (gordackfinalrunbook-…).</param>
/// <param name="GeneratedAt">When the runbook was made (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who exported it (unspecified when not named).</param>
/// <param name="Format">The rendering the console offers as the download: markdown or json.</param>
/// <param name="ReadinessSummaryId">The release readiness summary it was made from (stored with it).</param>
/// <param name="ReadinessState">That summary's readiness_state.</param>
/// <param name="ClosureState">The final closure dashboard's closure_state.</param>
/// <param name="FailedChecks">The summary's failed checks.</param>
/// <param name="Done">What was done: each passed check with the evidence ids behind it.</param>
/// <param name="Remaining">What remains: each open item (or failed check no item stands behind) with the route or console action that does it.</param>
/// <param name="EvidenceToAttach">What evidence to attach to the release record, and where to fetch it.</param>
/// <param name="Controls">What the runbook holds and how it is guarded.</param>
/// <param name="Markdown">The same runbook as a Markdown document (what the console offers as a download).</param>
public sealed record OperatorRunbookExport(
    string SchemaVersion, string Product, string RunbookId, string GeneratedAt, string GeneratedBy,
    [property: Core.OneOf(typeof(OperatorRunbook), nameof(OperatorRunbook.Formats))] string Format,
    string ReadinessSummaryId,
    [property: Core.OneOf(typeof(ReleaseReadinessSummary), nameof(ReleaseReadinessSummary.ReadinessStates))] string ReadinessState,
    [property: Core.OneOf(typeof(FinalClosureDashboard), nameof(FinalClosureDashboard.ClosureStates))] string ClosureState,
    IReadOnlyList<string> FailedChecks, IReadOnlyList<RunbookStep> Done, IReadOnlyList<ClosureOpenItem> Remaining,
    IReadOnlyList<RunbookAttachment> EvidenceToAttach, IReadOnlyList<string> Controls, string Markdown);

/// <summary>A stored runbook export and the readiness summary it was made from.</summary>
/// <param name="Runbook">The runbook.</param>
/// <param name="Readiness">The readiness summary it was made from.</param>
/// <param name="Metadata">The runbook's stored evidence record.</param>
/// <param name="ReadinessMetadata">The readiness summary's stored evidence record (the existing one when the state is unchanged).</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RunbookExportResponse(
    OperatorRunbookExport Runbook, ReleaseReadinessSummary Readiness, EvidenceEnvelope Metadata, EvidenceEnvelope ReadinessMetadata, JsonObject? Actor);
