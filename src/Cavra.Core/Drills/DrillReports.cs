using System.Globalization;

namespace Cavra.Core.Drills;

/// <summary>Where the drill data came from: a stored evidence record, the configured file, or nowhere.</summary>
public sealed record DrillSource<T>(T? Value, string Origin, string Path, string? Problem, long? Total = null)
    where T : class;

/// <summary>The recorded drills in short.</summary>
/// <param name="Environment">The latest drill's environment.</param>
/// <param name="DrillCount">Drills recorded.</param>
/// <param name="Source">Where the drills came from: stored, file or none.</param>
/// <param name="LatestDrill">The newest drill, or null.</param>
/// <param name="LatestDrillAgeDays">Days since the newest drill, or null.</param>
public sealed record DrillHistorySummary(
    string? Environment,
    int DrillCount,
    string Source,
    DrillExecution? LatestDrill,
    double? LatestDrillAgeDays);

/// <summary>The drill history report.</summary>
/// <param name="SchemaVersion">The report's schema version.</param>
/// <param name="Mode">The backend mode (CAVRA_GO_BACKEND_MODE): disabled, shadow, enforce or promoted.</param>
/// <param name="Status">not_requested, ready or needs_attention.</param>
/// <param name="RollbackDrillHistoryPath">The configured history file, or empty.</param>
/// <param name="RollbackDrillMaxAgeDays">The latest drill must be younger than this many days.</param>
/// <param name="Checks">The readiness checks.</param>
/// <param name="History">The recorded drills in short.</param>
/// <param name="OperatorNotes">Notes for operators.</param>
public sealed record DrillHistoryReport(
    string SchemaVersion,
    string Mode,
    string Status,
    string RollbackDrillHistoryPath,
    double RollbackDrillMaxAgeDays,
    IReadOnlyList<ReportCheck> Checks,
    DrillHistorySummary History,
    IReadOnlyList<string> OperatorNotes);

/// <summary>When the next drill is due.</summary>
/// <param name="NextDueAt">The due date (ISO-8601), or null.</param>
/// <param name="DaysUntilDue">Days until due (4 decimals; negative when overdue), or null.</param>
/// <param name="Stale">true without a due date or when overdue.</param>
/// <param name="DueSoon">true when not stale and due within the due-soon days.</param>
public sealed record DrillDue(string? NextDueAt, double? DaysUntilDue, bool Stale, bool DueSoon);

/// <summary>The drill schedule report.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-schedule.v1</param>
/// <param name="Mode">The backend mode (CAVRA_GO_BACKEND_MODE): disabled, shadow, enforce or promoted.</param>
/// <param name="Status">not_requested, ready, due_soon or needs_attention.</param>
/// <param name="RollbackDrillSchedulePath">The configured schedule file, or empty.</param>
/// <param name="RollbackDrillDueSoonDays">A drill due within this many days is due soon.</param>
/// <param name="Source">Where the schedule came from: stored, file or none.</param>
/// <param name="Checks">The readiness checks.</param>
/// <param name="Schedule">The schedule, or null.</param>
/// <param name="Due">When the next drill is due.</param>
/// <param name="History">The recorded drills in short.</param>
/// <param name="OperatorNotes">Notes for operators.</param>
public sealed record DrillScheduleReport(
    string SchemaVersion,
    string Mode,
    string Status,
    string RollbackDrillSchedulePath,
    double RollbackDrillDueSoonDays,
    string Source,
    IReadOnlyList<ReportCheck> Checks,
    DrillSchedule? Schedule,
    DrillDue Due,
    DrillHistorySummary History,
    IReadOnlyList<string> OperatorNotes);

/// <summary>
/// Pure builders for the drill history and schedule reports (reference A1 step 1), given the drills, the schedule,
/// the settings and the clock.
/// </summary>
public static class DrillReports
{
    public const string HistorySchema = "cavra.go-backend-pilot.rollback-drill-history.v1";
    public const string ScheduleSchema = "cavra.go-backend-pilot.rollback-drill-schedule.v1";

    public static DrillHistorySummary Summarize(DrillSource<IReadOnlyList<DrillExecution>> drills, DateTimeOffset now)
    {
        var list = drills.Value ?? [];
        var latest = list.OrderByDescending(d => Evidence.EvidenceTime.Parse(d.ExecutedAt)).FirstOrDefault();
        var executed = Evidence.EvidenceTime.Parse(latest?.ExecutedAt);
        return new DrillHistorySummary(
            latest?.Environment, (int)(drills.Total ?? list.Count), drills.Origin, latest,
            executed is null ? null : Math.Round((now - executed.Value).TotalDays, 4));
    }

    public static DrillHistoryReport History(DrillSource<IReadOnlyList<DrillExecution>> drills, DrillSettings settings, DateTimeOffset now)
    {
        var summary = Summarize(drills, now);
        var latest = summary.LatestDrill;
        var requested = settings.Promoted || settings.HistoryPath.Length > 0 || drills.Origin == "stored";
        var checks = new List<ReportCheck>
        {
            ReportCheck.Of("go_rollback_drill_history_requested", requested,
                "Drill history is required when CAVRA_GO_BACKEND_MODE=promoted, a history file is configured or drills are recorded."),
            ReportCheck.Of("go_rollback_drill_history_valid", drills.Problem is null && latest is not null,
                drills.Problem ?? (latest is null ? "No rollback drill is recorded." : "Drill history is present and valid.")),
            ReportCheck.Of("go_rollback_drill_latest_passed", latest?.Status == "pass", "The latest drill has status pass."),
            ReportCheck.Of("go_rollback_drill_latest_disable_path", latest is { SourceMode: "promoted", TargetMode: "disabled" },
                "The latest drill returned from promoted to disabled (Python fallback)."),
            ReportCheck.Of("go_rollback_drill_fallback_verified", latest?.FallbackVerified == true, "Fallback restoration was verified."),
            ReportCheck.Of("go_rollback_drill_recovery_sla",
                latest is not null && latest.RecoveryMinutes > 0 && latest.RecoveryMinutes <= latest.MaxRecoveryMinutes,
                "recovery_minutes is positive and within max_recovery_minutes."),
            ReportCheck.Of("go_rollback_drill_evidence_refs", latest is { EvidenceRefs.Count: > 0, RunbookRef.Length: > 0 },
                "The latest drill names its evidence references and runbook."),
            ReportCheck.Of("go_rollback_drill_fresh", summary.LatestDrillAgeDays is { } age && age >= 0 && age <= settings.MaxAgeDays,
                string.Create(CultureInfo.InvariantCulture, $"The latest drill is at most {settings.MaxAgeDays} days old.")),
        };
        var status = !requested ? "not_requested" : checks.All(c => c.Status == "pass") ? "ready" : "needs_attention";
        return new DrillHistoryReport(
            HistorySchema, settings.Mode, status, drills.Path, settings.MaxAgeDays, checks, summary,
            [
                "Record each rollback drill with POST /runtime/go-pilot/rollback-drills (or keep CAVRA_GO_ROLLBACK_DRILL_HISTORY current).",
                "Drill records are public-safe metadata: no secrets, hostnames or customer data.",
            ]);
    }

    public static DrillScheduleReport Schedule(
        DrillSource<DrillSchedule> schedule,
        DrillSource<IReadOnlyList<DrillExecution>> drills,
        DrillSettings settings,
        DateTimeOffset now)
    {
        var history = Summarize(drills, now);
        var value = schedule.Value;
        var requested = settings.Promoted || settings.SchedulePath.Length > 0 || schedule.Origin == "stored";
        var due = Due(value, history, settings, now);
        var checks = new List<ReportCheck>
        {
            ReportCheck.Of("go_rollback_drill_schedule_requested", requested,
                "A drill schedule is required when CAVRA_GO_BACKEND_MODE=promoted, a schedule file is configured or a schedule is stored."),
            ReportCheck.Of("go_rollback_drill_schedule_valid", schedule.Problem is null && value is not null,
                schedule.Problem ?? (value is null ? "No rollback drill schedule is configured." : "The schedule is present and valid.")),
            ReportCheck.Of("go_rollback_drill_schedule_active", value?.Status == "active", "The schedule status is active."),
            ReportCheck.Of("go_rollback_drill_schedule_current", value is not null && !due.Stale,
                due.NextDueAt is null ? "No due date: set next_due_at or record a drill." : $"The next drill is due at {due.NextDueAt}."),
        };
        var valid = requested && checks.Skip(1).All(c => c.Status == "pass");
        var status = !requested ? "not_requested" : valid && due.DueSoon ? "due_soon" : valid ? "ready" : "needs_attention";
        return new DrillScheduleReport(
            ScheduleSchema, settings.Mode, status, schedule.Path, settings.DueSoonDays, schedule.Origin, checks, value, due, history,
            [
                "Store the schedule with PUT /runtime/go-pilot/rollback-drill-schedule (or point CAVRA_GO_ROLLBACK_DRILL_SCHEDULE at a file).",
                "Owners are notified when the schedule is stale or due soon.",
            ]);
    }

    private static DrillDue Due(DrillSchedule? schedule, DrillHistorySummary history, DrillSettings settings, DateTimeOffset now)
    {
        if (schedule is null)
        {
            return new DrillDue(null, null, Stale: true, DueSoon: false);
        }

        var nextDue = Evidence.EvidenceTime.Parse(schedule.NextDueAt)
            ?? Evidence.EvidenceTime.Parse(history.LatestDrill?.ExecutedAt)?.AddDays(schedule.IntervalDays);
        if (nextDue is null)
        {
            return new DrillDue(null, null, Stale: true, DueSoon: false);
        }

        var days = Math.Round((nextDue.Value - now).TotalDays, 4);
        var stale = days < 0;
        return new DrillDue(Evidence.EvidenceTime.ToText(nextDue.Value), days, stale, !stale && days <= settings.DueSoonDays);
    }
}
