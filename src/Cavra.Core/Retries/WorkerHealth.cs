using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Retries;

/// <summary>Thresholds of a health check (reference D1): a run is missed after twice the expected interval.</summary>
public sealed record HealthThresholds(int ExpectedIntervalMinutes = 30, int StaleMetadataMinutes = 120)
{
    public int MissedAfterMinutes => 2 * ExpectedIntervalMinutes;
}

/// <summary>What a health report is computed from: the stream's latest runs and plans and its failure counts.</summary>
public sealed record HealthInputs(
    long RunCount,
    IReadOnlyList<JsonObject> LatestRuns,
    long RetryPlanCount,
    JsonObject? LatestRetryPlan,
    long FailedDeliveryCount,
    IReadOnlyList<JsonObject> LatestFailedDeliveries);

/// <summary>
/// Health of a stream's retry worker (reference D1/G4). Unlike the original, the report reflects the current state:
/// retryable and open failures come from the latest retry plan, failed jobs are the consecutive failed runs at the
/// head, and the <c>health_id</c> is a fingerprint of that state (no timestamp, no ages), so repeating an alert for an
/// unchanged state can be recognised and suppressed.
/// </summary>
public sealed class WorkerHealth(EvidenceQuery query, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> FailedRunStatuses = ["failed", "error", "timeout", "cancelled"];

    public static readonly IReadOnlyList<string> Recommendations =
    [
        "Review retryable deliveries and record the owner's retry acknowledgement (Ack Retry).",
        "Dry-run the worker before a guarded live execution, and approve each live retry.",
        "Check repeated SIEM, ITSM, ChatOps or webhook failures with the connector recovery playbook.",
        "Refresh stale retry plans so decisions reflect current delivery evidence.",
    ];

    private const int LatestRunsRead = 50;

    public async Task<JsonObject> BuildAsync(DeliveryStream stream, HealthThresholds thresholds, CancellationToken cancellationToken)
    {
        var runs = RecordFilter.OfKind(stream.WorkerRun.Kind);
        var plans = RecordFilter.OfKind(stream.RetryPlan.Kind);
        var failures = new RecordFilter { DeliverySources = [stream.Source], DeliverySuccess = false };
        var latestRuns = await query.PageAsync(runs, LatestRunsRead, 0, cancellationToken);
        var latestPlan = await query.LatestAsync(plans, cancellationToken);
        var latestFailures = await query.PageAsync(failures, 10, 0, cancellationToken);
        var inputs = new HealthInputs(
            latestRuns.Total,
            [.. latestRuns.Items.Select(r => r.Record[stream.WorkerRun.PayloadKey]!.AsObject())],
            await query.CountAsync(plans, cancellationToken),
            latestPlan?.Record[stream.RetryPlan.PayloadKey]!.AsObject(),
            latestFailures.Total,
            [.. latestFailures.Items.Select(r => r.Record)]);
        return Build(stream, inputs, thresholds, clock.GetUtcNow());
    }

    public static JsonObject Build(DeliveryStream stream, HealthInputs inputs, HealthThresholds thresholds, DateTimeOffset now)
    {
        var latestRun = inputs.LatestRuns.Count > 0 ? inputs.LatestRuns[0] : null;
        var runAge = AgeMinutes(latestRun?["generated_at"], now);
        var planAge = AgeMinutes(inputs.LatestRetryPlan?["generated_at"], now);
        var missed = latestRun is null || runAge is null || runAge > thresholds.MissedAfterMinutes ? 1 : 0;
        var failedJobs = inputs.LatestRuns.TakeWhile(r => FailedRunStatuses.Contains((string?)r["status"] ?? "")).Count();
        var disabled = latestRun?["schedule"]?["enabled"] is JsonValue enabled && !(bool)enabled ? 1 : 0;
        var stale = inputs.LatestRetryPlan is null || planAge is null || planAge > thresholds.StaleMetadataMinutes ? 1 : 0;
        var retryable = (int?)inputs.LatestRetryPlan?["retryable_count"] ?? 0;
        var openFailures = (int?)inputs.LatestRetryPlan?["decision_count"] ?? 0;

        var alerts = new JsonArray();
        void Alert(bool when, string severity, string category, string message)
        {
            if (when)
            {
                alerts.Add(new JsonObject { ["severity"] = severity, ["category"] = category, ["message"] = message });
            }
        }

        Alert(missed > 0, "critical", "missed_worker_run", latestRun is null
            ? "no worker run has been recorded"
            : $"no worker run within {thresholds.MissedAfterMinutes} minutes (twice the expected interval)");
        Alert(failedJobs > 0, "critical", "failed_worker_run", $"{failedJobs} most recent worker run(s) failed");
        Alert(retryable > 0, "warning", "retryable_deliveries", $"{retryable} failed deliveries are ready for retry");
        Alert(openFailures > 0, "warning", "connector_failure", $"{openFailures} failed deliveries are still open in the latest retry plan");
        Alert(stale > 0, "warning", "stale_retry_plan", inputs.LatestRetryPlan is null
            ? "no retry plan has been recorded"
            : $"no retry plan within {thresholds.StaleMetadataMinutes} minutes");
        Alert(disabled > 0, "warning", "disabled_schedule", "the latest worker run's schedule is disabled");

        var level = alerts.Any(a => (string)a!["severity"]! == "critical") ? "critical" : alerts.Count > 0 ? "warning" : "healthy";
        var healthId = EvidenceIds.Derive(stream.Health.IdPrefix, new JsonObject
        {
            ["stream"] = stream.Name,
            ["latest_run_id"] = latestRun?["run_id"]?.DeepClone(),
            ["latest_retry_plan_id"] = inputs.LatestRetryPlan?["retry_plan_id"]?.DeepClone(),
            ["alerts"] = alerts.DeepClone(),
        });
        return new JsonObject
        {
            ["schema_version"] = stream.Health.Schema,
            ["product"] = EvidenceStore.Product,
            ["health_id"] = healthId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["alert_level"] = level,
            ["expected_interval_minutes"] = thresholds.ExpectedIntervalMinutes,
            ["missed_after_minutes"] = thresholds.MissedAfterMinutes,
            ["stale_metadata_minutes"] = thresholds.StaleMetadataMinutes,
            ["run_count"] = inputs.RunCount,
            ["retry_plan_count"] = inputs.RetryPlanCount,
            ["retryable_count"] = retryable,
            ["open_failure_count"] = openFailures,
            ["selected_retry_count"] = (int?)latestRun?["summary"]?["selected_retry_count"] ?? 0,
            ["missed_run_count"] = missed,
            ["failed_job_count"] = failedJobs,
            ["disabled_schedule_count"] = disabled,
            ["stale_retry_plan_count"] = stale,
            ["connector_delivery_failure_count"] = inputs.FailedDeliveryCount,
            ["latest_run_id"] = latestRun?["run_id"]?.DeepClone() ?? "",
            ["latest_run_at"] = latestRun?["generated_at"]?.DeepClone() ?? "",
            ["latest_run_age_minutes"] = runAge,
            ["latest_retry_plan_id"] = inputs.LatestRetryPlan?["retry_plan_id"]?.DeepClone() ?? "",
            ["latest_retry_plan_age_minutes"] = planAge,
            ["failed_deliveries"] = new JsonArray([.. inputs.LatestFailedDeliveries.Select(d => (JsonNode)d.DeepClone())]),
            ["alerts"] = alerts,
            ["recommendations"] = new JsonArray([.. Recommendations.Select(r => (JsonNode)r)]),
            ["latest"] = new JsonArray([.. inputs.LatestRuns.Take(10).Select(r => (JsonNode)new JsonObject
            {
                ["run_id"] = r["run_id"]!.DeepClone(),
                ["generated_at"] = r["generated_at"]!.DeepClone(),
                ["dry_run"] = r["dry_run"]!.DeepClone(),
                ["status"] = r["status"]?.DeepClone(),
                ["selected_retry_count"] = r["summary"]!["selected_retry_count"]!.DeepClone(),
            })]),
        };
    }

    /// <summary>Whole minutes since <paramref name="at"/>; null when missing, unparsable or in the future.</summary>
    private static long? AgeMinutes(JsonNode? at, DateTimeOffset now)
    {
        var time = EvidenceTime.Parse((string?)at);
        return time is null || time > now ? null : (long)Math.Floor((now - time.Value).TotalMinutes);
    }
}
