using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;

namespace Cavra.Core.Tests.Retries;

public class WorkerHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Run(string id, DateTimeOffset at, string status = "completed", bool enabled = true) => new()
    {
        ["run_id"] = id,
        ["generated_at"] = EvidenceTime.ToText(at),
        ["dry_run"] = false,
        ["status"] = status,
        ["schedule"] = new JsonObject { ["enabled"] = enabled },
        ["summary"] = new JsonObject { ["selected_retry_count"] = 1 },
    };

    private static JsonObject Plan(DateTimeOffset at, int retryable, int decisions) => new()
    {
        ["retry_plan_id"] = "gordackretry-1", ["generated_at"] = EvidenceTime.ToText(at), ["retryable_count"] = retryable, ["decision_count"] = decisions,
    };

    private static JsonObject Build(HealthInputs inputs, DateTimeOffset now) =>
        WorkerHealth.Build(DeliveryStreams.Audit, inputs, new HealthThresholds(30, 120), now);

    private static string[] Categories(JsonObject health) => [.. health["alerts"]!.AsArray().Select(a => (string)a!["category"]!)];

    [Fact]
    public void A_run_is_missed_after_twice_the_expected_interval()
    {
        var inputs = new HealthInputs(1, [Run("r1", T0)], 1, Plan(T0, 0, 0), 0, []);
        Assert.Equal(0, (int)Build(inputs, T0.AddMinutes(60))["missed_run_count"]!);
        var missed = Build(inputs, T0.AddMinutes(61));
        Assert.Equal(1, (int)missed["missed_run_count"]!);
        Assert.Equal("critical", (string?)missed["alert_level"]);
        Assert.Equal(61, (long)missed["latest_run_age_minutes"]!);
        Assert.Equal(1, (int)Build(new HealthInputs(0, [], 0, null, 0, []), T0)["missed_run_count"]!);
    }

    [Fact]
    public void Failed_jobs_are_the_failed_runs_since_the_last_good_one()
    {
        var inputs = new HealthInputs(4, [Run("r4", T0, "failed"), Run("r3", T0, "timeout"), Run("r2", T0), Run("r1", T0, "failed")], 1, Plan(T0, 0, 0), 0, []);
        var health = Build(inputs, T0);
        Assert.Equal(2, (int)health["failed_job_count"]!);
        Assert.Contains("failed_worker_run", Categories(health));
        Assert.Equal(0, (int)Build(inputs with { LatestRuns = [Run("r5", T0), .. inputs.LatestRuns] }, T0)["failed_job_count"]!);
    }

    [Fact]
    public void Alerts_name_retryable_open_stale_and_disabled_state()
    {
        var health = Build(new HealthInputs(1, [Run("r1", T0, enabled: false)], 1, Plan(T0.AddMinutes(-121), 2, 3), 5, []), T0);
        Assert.Equal(["retryable_deliveries", "connector_failure", "stale_retry_plan", "disabled_schedule"], Categories(health));
        Assert.Equal("warning", (string?)health["alert_level"]);
        Assert.Equal(2, (int)health["retryable_count"]!);
        Assert.Equal(5, (long)health["connector_delivery_failure_count"]!);
        Assert.Equal("healthy", (string?)Build(new HealthInputs(1, [Run("r1", T0)], 1, Plan(T0, 0, 0), 5, []), T0)["alert_level"]);
    }

    [Fact]
    public void The_health_id_fingerprints_the_state_not_the_time()
    {
        var inputs = new HealthInputs(1, [Run("r1", T0)], 1, Plan(T0, 1, 1), 1, []);
        var now = (string)Build(inputs, T0)["health_id"]!;
        Assert.Equal(now, (string)Build(inputs, T0.AddMinutes(20))["health_id"]!);
        Assert.NotEqual(now, (string)Build(inputs, T0.AddMinutes(61))["health_id"]!);
        Assert.NotEqual(now, (string)Build(inputs with { LatestRetryPlan = Plan(T0, 2, 2) }, T0)["health_id"]!);
        Assert.Matches("^gordackhealth-[0-9a-f]{16}$", now);
    }
}
