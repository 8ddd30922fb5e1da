using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Streams;

namespace Cavra.Core.Retries;

/// <summary>Thresholds of a health check (reference D1): a run is missed after twice the expected interval.</summary>
public sealed record HealthThresholds(int ExpectedIntervalMinutes = 30, int StaleMetadataMinutes = 120)
{
    public int MissedAfterMinutes => 2 * ExpectedIntervalMinutes;
}

/// <summary>
/// Health of a stream's retry worker (reference D1/G4), judged by <see cref="StreamStatus"/>, the one rule every
/// dashboard uses: levels and alerts describe what is open now (a failed delivery or live retry stays an alert until a
/// later delivery or a recovery closure settles it), and the <c>health_id</c> fingerprints the open conditions (their
/// categories and counts), not the run or the time that observed them, so a repeated alert for an unchanged state can be
/// recognised and suppressed.
/// </summary>
public sealed class WorkerHealth(StreamStatus status, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Recommendations =
    [
        "Review retryable deliveries and record the owner's retry acknowledgement (Ack Retry).",
        "Dry-run the worker before a guarded live execution, and approve each live retry.",
        "Check repeated SIEM, ITSM, ChatOps or webhook failures with the connector recovery playbook.",
        "Refresh stale retry plans so decisions reflect current delivery evidence.",
    ];

    public async Task<JsonObject> BuildAsync(DeliveryStream stream, HealthThresholds thresholds, CancellationToken cancellationToken) =>
        Build(stream, await status.ReadStateAsync(stream, cancellationToken), thresholds, clock.GetUtcNow());

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

    public static JsonObject Build(DeliveryStream stream, StreamState state, HealthThresholds thresholds, DateTimeOffset now)
    {
        var level = StreamStatus.Evaluate(stream, state, thresholds, now);
        var runs = state.LatestRuns.Select(r => r.Record[stream.WorkerRun.PayloadKey]!.AsObject()).ToList();
        var latestRun = runs.Count > 0 ? runs[0] : null;
        var healthId = EvidenceIds.Derive(stream.Health.IdPrefix, new JsonObject
        {
            ["stream"] = stream.Name,
            ["conditions"] = StreamStatus.Fingerprint(level),
        });
        return new JsonObject
        {
            ["schema_version"] = stream.Health.Schema,
            ["product"] = EvidenceStore.Product,
            ["health_id"] = healthId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["alert_level"] = level.Level,
            ["expected_interval_minutes"] = thresholds.ExpectedIntervalMinutes,
            ["missed_after_minutes"] = thresholds.MissedAfterMinutes,
            ["stale_metadata_minutes"] = thresholds.StaleMetadataMinutes,
            ["run_count"] = state.RunCount,
            ["retry_plan_count"] = state.RetryPlanCount,
            ["retryable_count"] = level.Count("retryable_deliveries"),
            ["open_failure_count"] = level.Count("connector_failure"),
            ["selected_retry_count"] = (int?)latestRun?["summary"]?["selected_retry_count"] ?? 0,
            ["missed_run_count"] = level.Count("missed_worker_run"),
            ["failed_job_count"] = level.Count("failed_worker_run"),
            ["disabled_schedule_count"] = level.Count("disabled_schedule"),
            ["stale_retry_plan_count"] = level.Count("stale_retry_plan"),
            ["connector_delivery_failure_count"] = state.FailedDeliveryCount,
            ["latest_run_id"] = latestRun?["run_id"]?.DeepClone() ?? "",
            ["latest_run_at"] = latestRun?["generated_at"]?.DeepClone() ?? "",
            ["latest_run_age_minutes"] = StreamStatus.AgeMinutes(latestRun?["generated_at"], now),
            ["latest_retry_plan_id"] = state.LatestRetryPlan?["retry_plan_id"]?.DeepClone() ?? "",
            ["latest_retry_plan_age_minutes"] = StreamStatus.AgeMinutes(state.LatestRetryPlan?["generated_at"], now),
            ["failed_deliveries"] = new JsonArray([.. state.LatestFailedDeliveries.Select(d => (JsonNode)d.Record.DeepClone())]),
            ["alerts"] = new JsonArray([.. level.Reasons.Select(r => (JsonNode)new JsonObject
            {
                ["severity"] = r.Severity, ["category"] = r.Category, ["message"] = r.Message,
            })]),
            ["reasons"] = level.ReasonsJson(),
            ["next_action"] = StreamLevel.ActionJson(level.NextAction),
            ["recommendations"] = new JsonArray([.. Recommendations.Select(r => (JsonNode)r)]),
            ["latest"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
            {
                ["run_id"] = r["run_id"]!.DeepClone(),
                ["generated_at"] = r["generated_at"]!.DeepClone(),
                ["dry_run"] = r["dry_run"]!.DeepClone(),
                ["status"] = r["status"]?.DeepClone(),
                ["selected_retry_count"] = r["summary"]!["selected_retry_count"]!.DeepClone(),
            })]),
        };
    }
}
