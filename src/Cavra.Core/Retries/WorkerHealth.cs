using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Streams;

namespace Cavra.Core.Retries;

/// <summary>Thresholds of a health check (reference D1): a run is missed after twice the expected interval.</summary>
public sealed record HealthThresholds(int ExpectedIntervalMinutes = 30, int StaleMetadataMinutes = 120)
{
    public int MissedAfterMinutes => 2 * ExpectedIntervalMinutes;

    /// <summary>The thresholds a request gives, each missing one the stream's default (<see cref="HealthProfile.DefaultThresholds"/>).</summary>
    public static HealthThresholds For(DeliveryStream stream, int? expectedIntervalMinutes, int? staleMetadataMinutes)
    {
        var defaults = stream.Health?.DefaultThresholds ?? new HealthThresholds();
        return new HealthThresholds(
            expectedIntervalMinutes ?? defaults.ExpectedIntervalMinutes, staleMetadataMinutes ?? defaults.StaleMetadataMinutes);
    }
}

/// <summary>A health report and, for a stream whose health is stored, its evidence record.</summary>
public sealed record HealthReport(JsonObject Health, StoredEvidence? Record);

/// <summary>
/// Health of a stream's retry worker (reference D1/G4), judged by <see cref="StreamStatus"/>, the one rule every
/// dashboard uses: levels and alerts describe what is open now (a failed delivery or live retry stays an alert until a
/// later delivery or a recovery closure settles it), and the <c>health_id</c> fingerprints the open conditions (their
/// categories and counts), not the run or the time that observed them, so a repeated alert for an unchanged state can be
/// recognised and suppressed. One builder serves every stream; the stream's <see cref="HealthProfile"/> names the
/// report's schema, field set, categories and recommendations, and whether it is stored.
/// </summary>
public sealed class WorkerHealth(StreamStatus status, EvidenceStore store, TimeProvider clock)
{
    // alert_count at the top level: the main dashboard sums it over stored reports in the database.
    private static readonly string[] Index = ["health_id", "alert_level", "alert_count"];

    public static HealthProfile Profile(DeliveryStream stream) =>
        stream.Health ?? throw new InvalidOperationException($"stream {stream.Name} has no health report");

    public async Task<JsonObject> BuildAsync(DeliveryStream stream, HealthThresholds thresholds, string generatedBy, CancellationToken cancellationToken) =>
        Build(stream, await status.ReadStateAsync(stream, cancellationToken), thresholds, clock.GetUtcNow(), generatedBy);

    /// <summary>
    /// The health now; stored when the stream's health is stored and <paramref name="persist"/> is true. The record's id
    /// is the health_id, so an unchanged state is one record (the store returns the one already kept).
    /// </summary>
    public async Task<HealthReport> ReportAsync(
        DeliveryStream stream, HealthThresholds thresholds, string generatedBy, bool persist, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var health = Build(stream, await status.ReadStateAsync(stream, cancellationToken), thresholds, now, generatedBy);
        return new HealthReport(health, persist && Profile(stream).Stored ? await store.AppendAsync(Record(stream, health, now), cancellationToken) : null);
    }

    /// <summary>The evidence record of a stored health report.</summary>
    public static EvidenceDraft Record(DeliveryStream stream, JsonObject health, DateTimeOffset now)
    {
        var profile = Profile(stream);
        var body = RecordBody.Of(profile.Record.PayloadKey, health, Index);
        var summary = AlertSummary(stream, health);
        return new EvidenceDraft(
            (string)health["health_id"]!, profile.Record.Kind, now, (string?)health["generated_by"] ?? Actors.Unspecified,
            (int)summary["decision_count"]!, (int)summary["blocked_count"]!, (int)summary["approval_required_count"]!, body);
    }

    /// <summary>
    /// The counts an alert about this health carries (its plan summary), and the record counts: decisions are worker
    /// runs, blocked are missed runs plus failed executions, approval required are retries waiting at the gate.
    /// </summary>
    public static JsonObject AlertSummary(DeliveryStream stream, JsonObject health)
    {
        var retryHealth = Profile(stream).Shape == HealthShape.RetryHealth;
        // Counts are ints or longs, as the builder or the store made them.
        int Get(string field) => health[field] is JsonValue v ? v.TryGetValue(out int i) ? i : v.TryGetValue(out long l) ? (int)l : 0 : 0;
        var runs = retryHealth ? Get("worker_run_count") : Get("run_count");
        var missed = retryHealth ? Get("missed_worker_count") : Get("missed_run_count");
        var failed = retryHealth ? Get("failed_execution_count") : Get("failed_job_count");
        var pending = retryHealth ? Get(stream.Gate?.PendingCountField ?? "gate_pending_count") : 0;
        var summary = retryHealth
            ? new JsonObject
            {
                ["retryable_count"] = Get("retryable_count"), ["selected_retry_count"] = Get("selected_retry_count"),
                ["missed_worker_count"] = missed, ["failed_execution_count"] = failed,
            }
            : new JsonObject
            {
                ["run_count"] = runs, ["retryable_count"] = Get("retryable_count"), ["missed_run_count"] = missed, ["failed_job_count"] = failed,
            };
        foreach (var field in Profile(stream).AlertSummaryFields)
        {
            summary[field] = Get(field);
        }

        summary["alert_count"] = health["alerts"]!.AsArray().Count;
        summary["decision_count"] = runs;
        summary["blocked_count"] = missed + failed;
        summary["approval_required_count"] = pending;
        return summary;
    }

    /// <summary>The worker dashboard (reference C4): run counters and the same level, reasons and next action as the health.</summary>
    public async Task<JsonObject> DashboardAsync(DeliveryStream stream, HealthThresholds thresholds, CancellationToken cancellationToken)
    {
        var state = await status.ReadStateAsync(stream, cancellationToken);
        var now = clock.GetUtcNow();
        var level = StreamStatus.Evaluate(stream, state, thresholds, now);
        var dashboard = new JsonObject
        {
            ["schema_version"] = stream.WorkerDashboardSchema,
            ["product"] = EvidenceStore.Product,
            ["generated_at"] = EvidenceTime.ToText(now),
        };
        level.WriteTo(dashboard, "alert_level", "reasons", "next_action");
        dashboard["run_count"] = state.RunCount;
        dashboard["dry_run_count"] = state.DryRunCount;
        dashboard["executed_count"] = state.ExecutedCount;
        dashboard["failed_run_count"] = state.FailedRunCount;
        dashboard["open_failed_run_count"] = level.Count("failed_worker_run");
        dashboard["open_failure_count"] = level.Count("connector_failure");
        dashboard["retryable_count"] = level.Count("retryable_deliveries");
        dashboard["selected_retry_count"] = state.SelectedRetryCount;
        dashboard["latest"] = new JsonArray([.. state.LatestRuns.Select(r => (JsonNode)r.Record.DeepClone())]);
        return dashboard;
    }

    public static JsonObject Build(DeliveryStream stream, StreamState state, HealthThresholds thresholds, DateTimeOffset now, string generatedBy)
    {
        var profile = Profile(stream);
        var level = StreamStatus.Evaluate(stream, state, thresholds, now);
        var runs = state.LatestRuns.Select(r => r.Record[stream.WorkerRun.PayloadKey]!.AsObject()).ToList();
        var latestRun = runs.Count > 0 ? runs[0] : null;
        var healthId = EvidenceIds.Derive(profile.Record.IdPrefix, new JsonObject
        {
            ["stream"] = stream.Name,
            ["conditions"] = StreamStatus.Fingerprint(level),
        });
        var health = new JsonObject
        {
            ["schema_version"] = profile.Record.Schema,
            ["product"] = EvidenceStore.Product,
            ["health_id"] = healthId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["alert_level"] = level.Level,
            ["expected_interval_minutes"] = thresholds.ExpectedIntervalMinutes,
            ["missed_after_minutes"] = thresholds.MissedAfterMinutes,
            ["stale_metadata_minutes"] = thresholds.StaleMetadataMinutes,
        };
        var latestRunAge = StreamStatus.AgeMinutes(latestRun?["generated_at"], now);
        var planAge = StreamStatus.AgeMinutes(state.LatestRetryPlan?["generated_at"], now);
        var selected = (int?)latestRun?["summary"]?["selected_retry_count"] ?? 0;
        var alerts = new JsonArray([.. level.Reasons.Select(r => (JsonNode)new JsonObject
        {
            ["severity"] = r.Severity, ["category"] = profile.Category(r.Category), ["message"] = r.Message,
        })]);
        if (profile.Shape == HealthShape.RetryHealth)
        {
            // Reference G4 names, current-state values: what is open now, all-time numbers only where they say "count of records".
            health["latest_worker_run_id"] = latestRun?["run_id"]?.DeepClone() ?? "";
            health["latest_worker_age_minutes"] = latestRunAge;
            health["latest_retry_plan_id"] = state.LatestRetryPlan?["retry_plan_id"]?.DeepClone() ?? "";
            health["latest_retry_plan_age_minutes"] = planAge;
            health["retry_plan_count"] = state.RetryPlanCount;
            health["worker_run_count"] = state.RunCount;
            health["dry_run_count"] = state.DryRunCount;
            health["execution_record_count"] = state.ExecutionCount;
            health["retryable_count"] = level.Count("retryable_deliveries");
            health["selected_retry_count"] = selected;
            health[stream.Gate?.PendingCountField ?? "gate_pending_count"] = level.Count("gate_pending");
            health["missed_worker_count"] = level.Count("missed_worker_run");
            health["stale_retry_plan_count"] = level.Count("stale_retry_plan");
            health[profile.FailedDeliveryCountField] = state.FailedDeliveryCount;
            health["open_failure_count"] = level.Count("connector_failure");
            health["failed_execution_count"] = state.OpenExecutions.Count;
            health["delivered_execution_count"] = state.DeliveredExecutionCount;
            health["disabled_schedule_count"] = level.Count("disabled_schedule");
            health["alert_count"] = alerts.Count;
            health["alerts"] = alerts;
            health["reasons"] = level.ReasonsJson();
            health["next_action"] = StreamLevel.ActionJson(level.NextAction);
            health["recommended_actions"] = new JsonArray([.. profile.Recommendations.Select(r => (JsonNode)r)]);
            health["controls"] = new JsonArray(
                "Health is derived from stored retry plans, worker runs, execution records and redacted deliveries only.",
                "health_id fingerprints the open conditions, so an unchanged state is one stored record and one alert.");
            return health;
        }

        health["run_count"] = state.RunCount;
        health["retry_plan_count"] = state.RetryPlanCount;
        health["retryable_count"] = level.Count("retryable_deliveries");
        health["open_failure_count"] = level.Count("connector_failure");
        health["selected_retry_count"] = selected;
        health["missed_run_count"] = level.Count("missed_worker_run");
        health["failed_job_count"] = level.Count("failed_worker_run");
        health["disabled_schedule_count"] = level.Count("disabled_schedule");
        health["stale_retry_plan_count"] = level.Count("stale_retry_plan");
        health[profile.FailedDeliveryCountField] = state.FailedDeliveryCount;
        health["latest_run_id"] = latestRun?["run_id"]?.DeepClone() ?? "";
        health["latest_run_at"] = latestRun?["generated_at"]?.DeepClone() ?? "";
        health["latest_run_age_minutes"] = latestRunAge;
        health["latest_retry_plan_id"] = state.LatestRetryPlan?["retry_plan_id"]?.DeepClone() ?? "";
        health["latest_retry_plan_age_minutes"] = planAge;
        health["failed_deliveries"] = new JsonArray([.. state.LatestFailedDeliveries.Select(d => (JsonNode)d.Record.DeepClone())]);
        health["alerts"] = alerts;
        health["reasons"] = level.ReasonsJson();
        health["next_action"] = StreamLevel.ActionJson(level.NextAction);
        health["recommendations"] = new JsonArray([.. profile.Recommendations.Select(r => (JsonNode)r)]);
        health["latest"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
        {
            ["run_id"] = r["run_id"]!.DeepClone(),
            ["generated_at"] = r["generated_at"]!.DeepClone(),
            ["dry_run"] = r["dry_run"]!.DeepClone(),
            ["status"] = r["status"]?.DeepClone(),
            ["selected_retry_count"] = r["summary"]!["selected_retry_count"]!.DeepClone(),
        })]);
        return health;
    }
}
