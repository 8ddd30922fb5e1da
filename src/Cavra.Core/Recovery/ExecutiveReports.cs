using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;
using Cavra.Core.Retries;

namespace Cavra.Core.Recovery;

/// <summary>What Deliver Executive Report is asked (reference J3).</summary>
/// <param name="Provider">Executive channels named by the request (comma-separated), or null for <c>Cavra:Executive:Providers</c>.</param>
/// <param name="MaxRisks">At most this many key risks go into the event.</param>
/// <param name="Schedule">The schedule of a fresh run (run id <c>latest</c>).</param>
/// <param name="SloMinutes">The recovery SLO of a fresh run's report.</param>
/// <param name="GeneratedBy">Who asks.</param>
public sealed record ExecutiveDeliveryRequest(string? Provider, int MaxRisks, WorkerSchedule Schedule, int SloMinutes, string GeneratedBy);

/// <summary>
/// A schedule run: the run, its record and that of the report it embeds (null when the report record cannot be found),
/// and whether this call stored it (false when the window's run was already stored).
/// </summary>
public sealed record ExecutiveScheduleRunOutcome(JsonObject Run, StoredEvidence RunRecord, StoredEvidence? ReportRecord, bool Created);

/// <summary>A delivered executive report: the schedule run delivered (stored now when <c>latest</c> built it) and the delivery.</summary>
public sealed record ExecutiveDeliveryOutcome(
    JsonObject Run, StoredEvidence RunRecord, bool RunCreated, ConnectorDeliveryResult Delivery, StoredEvidence DeliveryRecord);

/// <summary>
/// The recovery executive report chain's first steps (reference J1–J3): the executive report, built from the retry
/// recovery report and the escalation plan; its schedule runs, one per schedule window; and their delivery to the
/// executive channels. <see cref="ScheduleRunAsync"/> and <see cref="DeliverAsync"/> are what a scheduler calls.
/// </summary>
public sealed class ExecutiveReports(
    RetryRecoveryReports reports, EscalationChannels escalationChannels, ExecutiveChannels channels, ConnectorSender sender,
    EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    /// <summary>The run id that asks Deliver for the current window's run (built and stored if the window has none).</summary>
    public const string Latest = "latest";

    public const int DefaultMaxRisks = 10;
    public const int MaxRisksLimit = 100;
    public const int DefaultIntervalMinutes = 1440;
    public const string Owner = "release-governance";

    private static readonly string[] ReportIndex =
        ["executive_report_id", "recovery_report_id", "escalation_plan_id", "alert_level", "escalation_count"];

    private static readonly string[] RunIndex = ["run_id", "executive_report_id", "alert_level"];

    public static readonly IReadOnlyList<string> Controls =
    [
        "The executive report is derived from the retry recovery report and the recovery escalation plan; both are built in memory.",
        "Executive reports go to the executive channels (the request's provider or Cavra:Executive:Providers), not to the failing connectors.",
        "A schedule run is derived from its schedule window: a repeat or a second instance in the same window returns the stored run.",
        "Reports carry counts, states, provider names and fixed recommendations only; no connector secret or incident content.",
    ];

    /// <summary>The schedule of a run when the request gives none: daily, enabled.</summary>
    public static WorkerSchedule DefaultSchedule => Schedule(null, null, null);

    /// <summary>A schedule from request values, with the reference's defaults (1440 minutes, enabled, <c>every_{interval}_minutes</c>).</summary>
    public static WorkerSchedule Schedule(int? intervalMinutes, bool? enabled, string? cadence)
    {
        var interval = intervalMinutes ?? DefaultIntervalMinutes;
        return new WorkerSchedule(interval, enabled ?? true, string.IsNullOrWhiteSpace(cadence) ? $"every_{interval}_minutes" : cadence.Trim());
    }

    /// <summary>Executive Recovery Report (J1): stored unless <paramref name="persist"/> is false (then the record is null).</summary>
    public async Task<(JsonObject Report, StoredEvidence? Record)> ReportAsync(
        int sloMinutes, string generatedBy, bool persist, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var report = await BuildAsync(sloMinutes, generatedBy, now, cancellationToken);
        return (report, persist ? await store.AppendAsync(ReportRecord(report, now), cancellationToken) : null);
    }

    /// <summary>
    /// Schedule Executive Report (J2): the run of the current window of <paramref name="schedule"/>. The run id is derived
    /// from the window and the schedule, so a second call in the same window returns the stored run (Created false)
    /// instead of storing another; a new run is stored together with the report it embeds.
    /// </summary>
    public async Task<ExecutiveScheduleRunOutcome> ScheduleRunAsync(
        WorkerSchedule schedule, int sloMinutes, string generatedBy, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareRunAsync(schedule, sloMinutes, generatedBy, cancellationToken);
        if (prepared.Stored is { } existing)
        {
            return new ExecutiveScheduleRunOutcome(prepared.Run, existing, await StoredReportAsync(prepared.Run, cancellationToken), false);
        }

        var stored = await store.AppendAllAsync(prepared.Drafts, cancellationToken);
        return new ExecutiveScheduleRunOutcome(prepared.Run, stored[1], stored[0], true);
    }

    /// <summary>
    /// Deliver Executive Report (J3): the stored run (404 when unknown), or the current window's run for <c>latest</c>,
    /// sent to the executive channels. A run <c>latest</c> builds is stored with the delivery; a refused request (no
    /// connector, no channel, unknown or disabled provider, a secret in the event) stores nothing.
    /// </summary>
    public async Task<ExecutiveDeliveryOutcome> DeliverAsync(
        string runId, ExecutiveDeliveryRequest request, DeliveryOptions options, CancellationToken cancellationToken = default)
    {
        var providers = channels.Require(request.Provider, []);
        JsonObject run;
        StoredEvidence? runRecord;
        IReadOnlyList<EvidenceDraft> runDrafts = [];
        if (runId == Latest)
        {
            var prepared = await PrepareRunAsync(request.Schedule, request.SloMinutes, request.GeneratedBy, cancellationToken);
            run = prepared.Run;
            runRecord = prepared.Stored;
            runDrafts = prepared.Drafts;
        }
        else
        {
            runRecord = await RequireRunAsync(runId, cancellationToken);
            run = runRecord.Record[RecoveryRecords.ExecutiveScheduleRun.PayloadKey]!.AsObject();
        }

        var executiveEvent = Event(run, request.MaxRisks, request.GeneratedBy);
        SecretScanner.EnsureNone(executiveEvent);
        var delivery = await sender.DeliverAsync(executiveEvent, providers, options, cancellationToken);
        var stored = await store.AppendAllAsync([.. runDrafts, DeliveryRecord(delivery, run)], cancellationToken);
        return new ExecutiveDeliveryOutcome(run, runRecord ?? stored[1], runDrafts.Count > 0, delivery, stored[^1]);
    }

    public Task<StoredEvidence> RequireRunAsync(string runId, CancellationToken cancellationToken) =>
        query.RequireAsync(runId, RecoveryRecords.ExecutiveScheduleRun.Kind, "recovery executive report schedule run", cancellationToken);

    /// <summary>The run of the current window: the stored one, or a new one with the drafts of its report and itself.</summary>
    private async Task<(JsonObject Run, StoredEvidence? Stored, IReadOnlyList<EvidenceDraft> Drafts)> PrepareRunAsync(
        WorkerSchedule schedule, int sloMinutes, string generatedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var runId = RunId(schedule, now);
        if (await query.FindAsync(runId, cancellationToken) is { } existing && existing.MetadataKind == RecoveryRecords.ExecutiveScheduleRun.Kind)
        {
            return (existing.Record[RecoveryRecords.ExecutiveScheduleRun.PayloadKey]!.AsObject(), existing, []);
        }

        var report = await BuildAsync(sloMinutes, generatedBy, now, cancellationToken);
        var run = Run(report, schedule, generatedBy, now);
        return (run, null, [ReportRecord(report, now), RunRecord(run, now)]);
    }

    private async Task<StoredEvidence?> StoredReportAsync(JsonObject run, CancellationToken cancellationToken) =>
        await query.FindAsync((string)run["executive_report"]!["executive_report_id"]!, cancellationToken) is { } found
        && found.MetadataKind == RecoveryRecords.ExecutiveReport.Kind ? found : null;

    private async Task<JsonObject> BuildAsync(int sloMinutes, string generatedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recovery = await reports.BuildAsync(sloMinutes, generatedBy, cancellationToken);
        var plan = RecoveryEscalations.Plan(recovery, escalationChannels.Configured, generatedBy, now);
        return Report(recovery, plan, generatedBy, now);
    }

    /// <summary>
    /// The executive report from a retry recovery report and its escalation plan (reference J1): the plan's level and
    /// summary, the report's providers and closure trends, the key risks (failed or skipped executions and SLO breaches
    /// critical, open recoveries a warning) and three recommendations.
    /// </summary>
    public static JsonObject Report(JsonObject recovery, JsonObject plan, string generatedBy, DateTimeOffset now)
    {
        var failed = (int)recovery["execution_failed_count"]!;
        var breached = (int)recovery["recovery_slo_breached_count"]!;
        var open = (int)recovery["recovery_open_count"]!;
        var escalations = (int)plan["escalation_count"]!;
        var level = (string)plan["alert_level"]!;
        var risks = new JsonArray();
        void Risk(string severity, string risk, int count)
        {
            if (count > 0)
            {
                risks.Add(new JsonObject { ["severity"] = severity, ["risk"] = risk, ["count"] = count, ["owner"] = Owner });
            }
        }

        Risk("critical", "failed or skipped connector retry executions", failed);
        Risk("critical", "connector recoveries breached their recovery SLO", breached);
        Risk("warning", "connector recoveries remain open", open);
        var generatedAt = EvidenceTime.ToText(now);
        var recoveryReportId = (string)recovery["report_id"]!;
        var escalationPlanId = (string)plan["plan_id"]!;
        return new JsonObject
        {
            ["schema_version"] = RecoveryRecords.ExecutiveReport.Schema,
            ["product"] = EvidenceStore.Product,
            ["executive_report_id"] = EvidenceIds.Derive(RecoveryRecords.ExecutiveReport.IdPrefix, new JsonObject
            {
                ["generated_at"] = generatedAt, ["recovery_report_id"] = recoveryReportId, ["escalation_plan_id"] = escalationPlanId,
            }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["alert_level"] = level,
            ["recovery_slo_minutes"] = recovery["recovery_slo_minutes"]!.DeepClone(),
            ["recovery_report_id"] = recoveryReportId,
            ["escalation_plan_id"] = escalationPlanId,
            ["executive_summary"] = new JsonObject
            {
                ["status"] = level,
                ["business_impact"] = level switch
                {
                    "critical" => "Rollback drill evidence delivery has failed retries or breached recovery SLOs; release governance is at risk until they are recovered.",
                    "warning" => "Connector recoveries are open within their SLO; rollback drill evidence delivery needs follow-up before it breaches.",
                    _ => "Rollback drill evidence delivery and connector recovery are within SLO.",
                },
                ["execution_count"] = recovery["execution_count"]!.DeepClone(),
                ["failed_execution_count"] = failed,
                ["open_recovery_count"] = open,
                ["slo_breached_count"] = breached,
                ["escalation_count"] = escalations,
            },
            ["provider_summary"] = recovery["provider_summary"]!.DeepClone(),
            ["closure_trends"] = recovery["closure_trends"]!.DeepClone(),
            ["key_risks"] = risks,
            ["recommended_actions"] = new JsonArray(
                escalations > 0
                    ? "Deliver the recovery escalation plan to the escalation channels and track each acknowledgement."
                    : "No recovery escalation is needed; keep the recovery SLO under review.",
                "Close open connector recoveries with verification evidence before they breach the recovery SLO.",
                "Review failed or skipped retry executions and approve a new retry once the connector is fixed."),
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    /// <summary>The stored report: decisions are the escalations, blocked the breaches and failed executions, approval required the open recoveries.</summary>
    public static EvidenceDraft ReportRecord(JsonObject report, DateTimeOffset now)
    {
        var summary = report["executive_summary"]!;
        return new EvidenceDraft(
            (string)report["executive_report_id"]!, RecoveryRecords.ExecutiveReport.Kind, now, (string)report["generated_by"]!,
            (int)summary["escalation_count"]!, (int)summary["slo_breached_count"]! + (int)summary["failed_execution_count"]!,
            (int)summary["open_recovery_count"]!, RecordBody.Of(RecoveryRecords.ExecutiveReport.PayloadKey, report, ReportIndex));
    }

    /// <summary>
    /// The run id of a schedule's window holding <paramref name="now"/> (where we differ from reference J2, whose id also
    /// hashed the report id and so changed on every call): the window start and the schedule only.
    /// </summary>
    public static string RunId(WorkerSchedule schedule, DateTimeOffset now)
    {
        // The window alone (its start and end), not the cadence label: a manual trigger and the scheduler in the same
        // window of the same length make one run.
        var (start, end) = schedule.Window(now);
        return EvidenceIds.Derive(RecoveryRecords.ExecutiveScheduleRun.IdPrefix, new JsonObject
        {
            ["window_start"] = EvidenceTime.ToText(start),
            ["window_end"] = EvidenceTime.ToText(end),
        });
    }

    /// <summary>The schedule run of a report (reference J2).</summary>
    public static JsonObject Run(JsonObject report, WorkerSchedule schedule, string generatedBy, DateTimeOffset now)
    {
        var summary = report["executive_summary"]!;
        return new JsonObject
        {
            ["schema_version"] = RecoveryRecords.ExecutiveScheduleRun.Schema,
            ["product"] = EvidenceStore.Product,
            ["run_id"] = RunId(schedule, now),
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["alert_level"] = report["alert_level"]!.DeepClone(),
            ["schedule"] = schedule.ToJson(now),
            ["summary"] = new JsonObject
            {
                ["executive_report_count"] = 1,
                ["escalation_count"] = summary["escalation_count"]!.DeepClone(),
                ["failed_execution_count"] = summary["failed_execution_count"]!.DeepClone(),
                ["open_recovery_count"] = summary["open_recovery_count"]!.DeepClone(),
                ["slo_breached_count"] = summary["slo_breached_count"]!.DeepClone(),
            },
            ["executive_report"] = report.DeepClone(),
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    /// <summary>The stored run, with its report's id and the schedule's cadence at the top level for queries.</summary>
    public static EvidenceDraft RunRecord(JsonObject run, DateTimeOffset now)
    {
        var report = run["executive_report"]!;
        var body = RecordBody.Of(RecoveryRecords.ExecutiveScheduleRun.PayloadKey, run, RunIndex);
        body["executive_report_id"] = report["executive_report_id"]!.DeepClone();
        body["cadence"] = run["schedule"]!["cadence"]!.DeepClone();
        var summary = run["summary"]!;
        return new EvidenceDraft(
            (string)run["run_id"]!, RecoveryRecords.ExecutiveScheduleRun.Kind, now, (string)run["generated_by"]!,
            (int)summary["escalation_count"]!, (int)summary["slo_breached_count"]! + (int)summary["failed_execution_count"]!,
            (int)summary["open_recovery_count"]!, body);
    }

    /// <summary>
    /// The executive report event of a schedule run (reference J3): what Deliver sends and what the executive delivery
    /// retry worker sends again. Its event_id and session_id are the run id, so every delivery of the run is keyed to it.
    /// </summary>
    public static JsonObject Event(JsonObject run, int maxRisks, string generatedBy)
    {
        var report = run["executive_report"]!.AsObject();
        var runId = (string)run["run_id"]!;
        var level = (string)run["alert_level"]!;
        var title = $"CAVRA recovery executive report {runId}";
        var risks = report["key_risks"]!.AsArray();
        var summary = report["executive_summary"]!;
        var text = $"{title}: {level}; {summary["escalation_count"]} escalations, {summary["slo_breached_count"]} SLO breaches, "
            + $"{summary["open_recovery_count"]} open recoveries, {summary["failed_execution_count"]} failed executions.";
        return new JsonObject
        {
            ["schema_version"] = RecoveryRecords.ExecutiveEventSchema,
            ["event_type"] = RecoveryRecords.ExecutiveEventType,
            ["product"] = EvidenceStore.Product,
            ["event_id"] = runId,
            ["session_id"] = runId,
            ["run_id"] = runId,
            ["executive_report_id"] = report["executive_report_id"]!.DeepClone(),
            ["generated_at"] = run["generated_at"]!.DeepClone(),
            ["generated_by"] = generatedBy,
            ["alert_level"] = level,
            ["title"] = title,
            ["summary"] = summary.DeepClone(),
            ["key_risks"] = new JsonArray([.. risks.Take(maxRisks).Select(r => r!.DeepClone())]),
            ["omitted_risk_count"] = Math.Max(0, risks.Count - maxRisks),
            ["controls"] = run["controls"]!.DeepClone(),
            ["slack"] = new JsonObject
            {
                ["text"] = text,
                ["blocks"] = new JsonArray(new JsonObject
                {
                    ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text },
                }),
            },
            ["webhook"] = new JsonObject
            {
                ["event"] = RecoveryRecords.ExecutiveEventType,
                ["payload"] = new JsonObject
                {
                    ["run_id"] = runId, ["executive_report_id"] = report["executive_report_id"]!.DeepClone(), ["alert_level"] = level,
                },
            },
        };
    }

    /// <summary>The delivery record of an executive report (or its retry): keyed to the run, listing the channels it went to.</summary>
    public static EvidenceDraft DeliveryRecord(ConnectorDeliveryResult delivery, JsonObject run, JsonObject? extra = null)
    {
        var correlation = new JsonObject
        {
            ["run_id"] = run["run_id"]!.DeepClone(),
            ["executive_report_id"] = run["executive_report"]!["executive_report_id"]!.DeepClone(),
            ["selected_providers"] = new JsonArray([.. delivery.Deliveries.Select(d => (JsonNode)d.Provider)]),
        };
        foreach (var (key, value) in extra ?? [])
        {
            correlation[key] = value?.DeepClone();
        }

        return ConnectorDeliveryRecord.Build(delivery, RecoveryRecords.ExecutiveSource, correlation);
    }
}
