using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Cavra.Core.Streams;

namespace Cavra.Core.Tests.Retries;

public class WorkerHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryStream Audit = DeliveryStreams.Audit;

    private static StoredEvidence Run(string id, DateTimeOffset at, string status = "completed", bool enabled = true)
    {
        var record = new JsonObject
        {
            ["session_id"] = id,
            ["created_at"] = EvidenceTime.ToText(at),
            [Audit.WorkerRun.PayloadKey] = new JsonObject
            {
                ["run_id"] = id,
                ["generated_at"] = EvidenceTime.ToText(at),
                ["dry_run"] = false,
                ["status"] = status,
                ["schedule"] = new JsonObject { ["enabled"] = enabled },
                ["summary"] = new JsonObject { ["selected_retry_count"] = 1 },
            },
        };
        return new StoredEvidence(1, id, Audit.WorkerRun.Kind, EvidenceTime.ToText(at), "", false, record.ToJsonString());
    }

    private static JsonObject Key(string deliveryId) => new() { ["delivery_id"] = deliveryId, ["audit_id"] = "gordackaudit-1" };

    private static RetryCandidate Failure(string deliveryId) => new(Key(deliveryId), "splunk", 1, T0, $"rcd-{deliveryId}", [500]);

    private static JsonObject Plan(DateTimeOffset at, params string[] retryable) => new()
    {
        ["retry_plan_id"] = "gordackretry-1",
        ["generated_at"] = EvidenceTime.ToText(at),
        ["retry_decisions"] = new JsonArray([.. retryable.Select(d => (JsonNode)new JsonObject
        {
            ["delivery_id"] = d, ["audit_id"] = "gordackaudit-1", ["provider"] = "splunk", ["action"] = "retry",
        })]),
    };

    private static StreamState State(IReadOnlyList<StoredEvidence> runs, JsonObject? plan, params RetryCandidate[] open) =>
        StreamState.Empty with { RunCount = runs.Count, LatestRuns = runs, RetryPlanCount = plan is null ? 0 : 1, LatestRetryPlan = plan, OpenFailures = open };

    private static JsonObject Build(StreamState state, DateTimeOffset now) => WorkerHealth.Build(Audit, state, new HealthThresholds(30, 120), now, "unspecified");

    private static string[] Categories(JsonObject health) => [.. health["alerts"]!.AsArray().Select(a => (string)a!["category"]!)];

    [Fact]
    public void A_run_is_missed_after_twice_the_expected_interval()
    {
        var state = State([Run("r1", T0)], Plan(T0));
        Assert.Equal(0, (int)Build(state, T0.AddMinutes(60))["missed_run_count"]!);
        var missed = Build(state, T0.AddMinutes(61));
        Assert.Equal(1, (int)missed["missed_run_count"]!);
        Assert.Equal("critical", (string?)missed["alert_level"]);
        Assert.Equal(61, (long)missed["latest_run_age_minutes"]!);
        Assert.Equal("""["r1"]""", missed["reasons"]![0]!["ids"]!["run_ids"]!.ToJsonString());
        Assert.Equal("Run Audit Worker", (string?)missed["next_action"]!["action"]);
        Assert.Equal(1, (int)Build(StreamState.Empty, T0)["missed_run_count"]!);
    }

    [Fact]
    public void A_failed_live_retry_stays_a_failed_run_whatever_runs_after_it()
    {
        // A no-op live run after the failed one does not settle it: only a delivered execution or a closure does.
        var open = new OpenExecution(Key("gordackdelivery-1"), "splunk", "gordackretryexec-1", "r1", T0);
        var state = State([Run("r2", T0), Run("r1", T0, "failed")], Plan(T0)) with { OpenExecutions = [open] };
        var health = Build(state, T0);
        Assert.Equal(1, (int)health["failed_job_count"]!);
        Assert.Equal("critical", (string?)health["alert_level"]);
        var reason = health["reasons"]!.AsArray().Single(r => (string?)r!["category"] == "failed_worker_run")!;
        Assert.Equal("""["r1"]""", reason["ids"]!["run_ids"]!.ToJsonString());
        Assert.Equal("""["gordackretryexec-1"]""", reason["ids"]!["execution_ids"]!.ToJsonString());
        Assert.Equal(0, (int)Build(state with { OpenExecutions = [] }, T0)["failed_job_count"]!);
    }

    [Fact]
    public void Alerts_name_open_retryable_stale_and_disabled_state_with_their_ids()
    {
        var health = Build(State([Run("r1", T0, enabled: false)], Plan(T0.AddMinutes(-121), "d1", "d-settled"), Failure("d1"), Failure("d2")), T0);
        Assert.Equal(["connector_failure", "retryable_deliveries", "stale_retry_plan", "disabled_schedule"], Categories(health));
        Assert.Equal("critical", (string?)health["alert_level"]);
        Assert.Equal(2, (int)health["open_failure_count"]!);
        // The plan also lists a delivery that has been delivered since: only open failures are retryable now.
        Assert.Equal(1, (int)health["retryable_count"]!);
        var open = health["reasons"]![0]!;
        Assert.Equal("""["d1","d2"]""", open["ids"]!["delivery_ids"]!.ToJsonString());
        Assert.Equal("2 failed deliveries still open: not delivered by a retry nor closed by a recovery closure", (string?)open["message"]);
        Assert.Equal("healthy", (string?)Build(State([Run("r1", T0)], Plan(T0)), T0)["alert_level"]);
        Assert.Null(Build(State([Run("r1", T0)], Plan(T0)), T0)["next_action"]);
    }

    [Fact]
    public void The_health_id_fingerprints_the_open_conditions_not_the_run_or_the_time()
    {
        var state = State([Run("r1", T0)], Plan(T0, "d1"), Failure("d1"));
        var now = (string)Build(state, T0)["health_id"]!;
        Assert.Equal(now, (string)Build(state, T0.AddMinutes(20))["health_id"]!);
        // A later run that observes the same condition keeps the id, so a repeated alert is still suppressed.
        Assert.Equal(now, (string)Build(state with { LatestRuns = [Run("r2", T0.AddMinutes(5)), .. state.LatestRuns] }, T0.AddMinutes(20))["health_id"]!);
        Assert.NotEqual(now, (string)Build(state, T0.AddMinutes(61))["health_id"]!);
        Assert.NotEqual(now, (string)Build(state with { OpenFailures = [Failure("d1"), Failure("d2")] }, T0)["health_id"]!);
        Assert.Matches("^gordackhealth-[0-9a-f]{16}$", now);
    }
}
