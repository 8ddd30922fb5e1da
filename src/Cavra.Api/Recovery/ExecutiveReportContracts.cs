using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.OpenApi;
using Cavra.Api.Streams;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Recovery;
using FluentValidation;

namespace Cavra.Api.Recovery;

/// <summary>One risk the executive report names.</summary>
/// <param name="Severity">critical (failed or skipped retry executions, SLO breaches) or warning (open recoveries).</param>
/// <param name="Risk">The risk in words.</param>
/// <param name="Count">How many executions or recoveries it concerns.</param>
/// <param name="Owner">Who owns it: release-governance.</param>
public sealed record ExecutiveKeyRisk(
    [property: OneOf(typeof(ExecutiveKeyRisk), nameof(ExecutiveKeyRisk.Severities))] string Severity, string Risk, int Count, string Owner)
{
    internal static IReadOnlyList<string> Severities => ["critical", "warning"];
}

/// <summary>The executive report in a few numbers.</summary>
/// <param name="Status">The report's alert_level (the escalation plan's).</param>
/// <param name="BusinessImpact">What the state means for the release, in a sentence.</param>
/// <param name="ExecutionCount">All audit retry executions.</param>
/// <param name="FailedExecutionCount">Executions not delivered (failed, skipped or any other status).</param>
/// <param name="OpenRecoveryCount">Recoveries not closed, breached included.</param>
/// <param name="SloBreachedCount">Recoveries that breach the SLO.</param>
/// <param name="EscalationCount">Routes of the escalation plan.</param>
public sealed record ExecutiveSummary(
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string Status,
    string BusinessImpact, int ExecutionCount, int FailedExecutionCount, int OpenRecoveryCount, int SloBreachedCount, int EscalationCount);

/// <summary>The recovery executive report (reference J1): the retry recovery report and the escalation plan for executives.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-recovery-executive-report.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="ExecutiveReportId">Fingerprint of the report (gordackexecreport-…), from its time and the report and plan it was built from.</param>
/// <param name="GeneratedAt">When the report was built (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who asked for the report (unspecified when not named).</param>
/// <param name="AlertLevel">The escalation plan's alert_level: critical with a critical route, warning with any route, else healthy.</param>
/// <param name="RecoverySloMinutes">Minutes an open recovery may stay open before it breaches.</param>
/// <param name="RecoveryReportId">The retry recovery report it was built from (built in memory, not stored).</param>
/// <param name="EscalationPlanId">The escalation plan it was built from (built in memory, not stored).</param>
/// <param name="ExecutiveSummary">The report in a few numbers.</param>
/// <param name="ProviderSummary">Per provider, as in the retry recovery report.</param>
/// <param name="ClosureTrends">Closures per day, newest first, as in the retry recovery report.</param>
/// <param name="KeyRisks">The risks that have a count, most severe first.</param>
/// <param name="RecommendedActions">Three recommendations; the first depends on whether escalations exist.</param>
/// <param name="Controls">What the report is derived from and where it goes.</param>
public sealed record RecoveryExecutiveReport(
    string SchemaVersion, string Product, string ExecutiveReportId, string GeneratedAt, string GeneratedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string AlertLevel,
    int RecoverySloMinutes, string RecoveryReportId, string EscalationPlanId, ExecutiveSummary ExecutiveSummary,
    IReadOnlyList<RetryRecoveryProviderSummary> ProviderSummary, IReadOnlyList<RetryRecoveryClosureTrend> ClosureTrends,
    IReadOnlyList<ExecutiveKeyRisk> KeyRisks, IReadOnlyList<string> RecommendedActions, IReadOnlyList<string> Controls);

/// <summary>The executive recovery report.</summary>
/// <param name="Report">The report.</param>
/// <param name="Metadata">Its stored evidence record, or null with persist=false.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryExecutiveReportResponse(RecoveryExecutiveReport Report, EvidenceEnvelope? Metadata, JsonObject? Actor);

/// <summary>The schedule window a run belongs to.</summary>
/// <param name="IntervalMinutes">Minutes between runs.</param>
/// <param name="WindowStart">Start of the window (ISO-8601, UTC): intervals under an hour align within the hour, longer ones to the top of the hour.</param>
/// <param name="WindowEnd">window_start plus interval_minutes.</param>
/// <param name="Enabled">Whether the schedule is enabled.</param>
/// <param name="Cadence">Name of the cadence.</param>
public sealed record ExecutiveRunSchedule(int IntervalMinutes, string WindowStart, string WindowEnd, bool Enabled, string Cadence);

/// <summary>The run's counts.</summary>
/// <param name="ExecutiveReportCount">Reports the run embeds: 1.</param>
/// <param name="EscalationCount">Routes of the escalation plan.</param>
/// <param name="FailedExecutionCount">Executions not delivered.</param>
/// <param name="OpenRecoveryCount">Recoveries not closed.</param>
/// <param name="SloBreachedCount">Recoveries that breach the SLO.</param>
public sealed record ExecutiveRunSummary(int ExecutiveReportCount, int EscalationCount, int FailedExecutionCount, int OpenRecoveryCount, int SloBreachedCount);

/// <summary>A recovery executive report schedule run (reference J2): one per schedule window.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-recovery-executive-report-schedule-run.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="RunId">gordackexecsched-…, derived from the window start and the schedule only, so a repeat in the window is the same run.</param>
/// <param name="GeneratedAt">When the run was made (ISO-8601, UTC).</param>
/// <param name="GeneratedBy">Who made it (scheduler for the service's own runs).</param>
/// <param name="AlertLevel">The embedded report's alert_level.</param>
/// <param name="Schedule">The schedule and window of the run.</param>
/// <param name="Summary">The run's counts.</param>
/// <param name="ExecutiveReport">The executive report of the run (stored as its own record too).</param>
/// <param name="Controls">What the run is derived from.</param>
public sealed record RecoveryExecutiveScheduleRun(
    string SchemaVersion, string Product, string RunId, string GeneratedAt, string GeneratedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))] string AlertLevel,
    ExecutiveRunSchedule Schedule, ExecutiveRunSummary Summary, RecoveryExecutiveReport ExecutiveReport, IReadOnlyList<string> Controls);

/// <summary>Body of <c>POST A/recovery-executive-report/schedule-run</c>.</summary>
/// <param name="Schedule">The report's schedule; default every 1440 minutes (which anchors to the top of the hour), enabled, cadence every_{interval}_minutes.</param>
/// <param name="RecoverySloMinutes">The SLO of the retry recovery report the executive report is built from: 1–525600, default 240.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c>; at most 200 characters, no secrets.</param>
public sealed record ExecutiveScheduleRunRequest(WorkerScheduleBody? Schedule, int? RecoverySloMinutes, string? GeneratedBy)
    : IExample<ExecutiveScheduleRunRequest>
{
    public static ExecutiveScheduleRunRequest Example => new(
        new WorkerScheduleBody(ExecutiveReports.DefaultIntervalMinutes, null, true, "daily"), RetryRecoveryReports.DefaultSloMinutes, ExampleValues.GeneratedBy);
}

public sealed class ExecutiveScheduleRunRequestValidator : AbstractValidator<ExecutiveScheduleRunRequest>
{
    public ExecutiveScheduleRunRequestValidator()
    {
        RuleFor(r => r.Schedule!).SetValidator(new WorkerScheduleBodyValidator()).When(r => r.Schedule is not null);
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>The schedule run of the current window.</summary>
/// <param name="Run">The run (the stored one when the window already had it).</param>
/// <param name="Metadata">The run's stored evidence record.</param>
/// <param name="ReportMetadata">The embedded report's stored evidence record.</param>
/// <param name="Created">True when this call stored the run; false when the window's run was already stored.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record ExecutiveScheduleRunResponse(
    RecoveryExecutiveScheduleRun Run, EvidenceEnvelope Metadata, EvidenceEnvelope? ReportMetadata, bool Created, JsonObject? Actor);

/// <summary>Body of <c>POST A/recovery-executive-report/schedule-runs/{run_id}/deliver</c>.</summary>
/// <param name="Provider">The executive channels (comma-separated connector names); default: Cavra:Executive:Providers.</param>
/// <param name="MaxRisks">At most this many key risks go into the event: 1–100, default 10.</param>
/// <param name="Schedule">The schedule of the run when run_id is latest; default every 1440 minutes, enabled.</param>
/// <param name="RecoverySloMinutes">The SLO of a fresh run's report when run_id is latest: 1–525600, default 240.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c>; at most 200 characters, no secrets.</param>
public sealed record ExecutiveDeliverRequest(
    string? Provider, int? MaxRisks, WorkerScheduleBody? Schedule, int? RecoverySloMinutes, int? Retries, double? TimeoutSeconds, string? GeneratedBy)
    : IExample<ExecutiveDeliverRequest>
{
    public static ExecutiveDeliverRequest Example => new(
        ExampleValues.Provider, ExecutiveReports.DefaultMaxRisks, new WorkerScheduleBody(ExecutiveReports.DefaultIntervalMinutes, null, true, "daily"),
        RetryRecoveryReports.DefaultSloMinutes, 2, 10, ExampleValues.GeneratedBy);
}

public sealed class ExecutiveDeliverRequestValidator : AbstractValidator<ExecutiveDeliverRequest>
{
    public ExecutiveDeliverRequestValidator()
    {
        RuleFor(r => r.Provider).ProviderList();
        RuleFor(r => r.MaxRisks).InclusiveBetween(1, ExecutiveReports.MaxRisksLimit);
        RuleFor(r => r.Schedule!).SetValidator(new WorkerScheduleBodyValidator()).When(r => r.Schedule is not null);
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>A delivered executive report.</summary>
/// <param name="Run">The schedule run delivered (for latest, the current window's run, stored now if the window had none).</param>
/// <param name="Delivery">The connector delivery to the executive channels.</param>
/// <param name="Metadata">The delivery's stored evidence record (source go_backend_rollback_drill_acknowledgement_audit_recovery_executive_report, with run_id, executive_report_id and the selected_providers it went to).</param>
/// <param name="RunMetadata">The run's stored evidence record.</param>
/// <param name="RunCreated">True when this call stored the run (run_id latest in a window without one).</param>
/// <param name="Success">True when every executive channel accepted the event.</param>
/// <param name="EventId">The event's id: the run_id.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record ExecutiveDeliveryResponse(
    RecoveryExecutiveScheduleRun Run, ConnectorDeliveryResult Delivery, EvidenceEnvelope Metadata, EvidenceEnvelope RunMetadata, bool RunCreated,
    bool Success, string EventId, JsonObject? Actor);
