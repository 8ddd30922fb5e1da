using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Retries;
using Cavra.Tests.Receivers;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 000, first half (recovery escalation retry execution): an escalation to a failing channel is retried only
/// under an escalation acknowledgement, each acknowledgement authorises one live retry, the retry health is stored,
/// and a failed health alert is really re-delivered from the stored health once the receiver recovers.
/// </summary>
public class RecoveryEscalationRetryTests
{
    private const string E = A + "/recovery-escalations";
    private const string Run = $$$"""{"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30,"cadence":"manual_escalation_retry"},"retries":0,"timeout_seconds":2""";

    [Fact]
    public async Task Seed_000_escalation_retry_flow()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        channel.Status = 500;
        await using var flow = await StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:slack:url"] = channel.Url(),
            ["Cavra:Escalation:Providers"] = "slack",
        });

        // An open connector recovery gives the escalation plan a route; the plan goes to the configured channel.
        await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}""");
        var plan = (await flow.PostOkAsync($"{A}/recovery-escalation-plan", "{}"))["plan"]!;
        var planId = (string)plan["plan_id"]!;
        Assert.Equal(["slack"], plan["selected_providers"]!.AsArray().Select(p => (string?)p));
        Assert.True((int)plan["escalation_count"]! > 0);

        // Deliver to the failing channel: one failed escalation delivery.
        var delivered = await flow.PostOkAsync($"{E}/{planId}/deliver", """{"retries":0,"timeout_seconds":2}""");
        Assert.False((bool)delivered["success"]!);
        Assert.Single(channel.Requests);

        // Plan Escalation Retry: the failed delivery is retryable, keyed by the plan and the channel.
        var retryPlan = (await flow.PostOkAsync($"{E}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(1, (int)retryPlan["retryable_count"]!);
        var decision = retryPlan["retry_decisions"]![0]!;
        Assert.Equal(planId, (string?)decision["plan_id"]);
        Assert.Equal("slack", (string?)decision["provider"]);

        // A dry run selects it and sends nothing.
        var dry = await flow.PostOkAsync($"{E}/retry-worker-run", Run + "}");
        Assert.True((bool)dry["run"]!["dry_run"]!);
        Assert.Equal("dry_run", (string?)dry["retry_results"]![0]!["skipped"]);
        Assert.Null(dry["retry_results"]![0]!["execution_record"]);
        Assert.Single(channel.Requests);

        // A live run without an escalation acknowledgement sends nothing and says why.
        var unacknowledged = await flow.PostOkAsync($"{E}/retry-worker-run", Run + ""","execute":true}""");
        Assert.Equal(0, (int)unacknowledged["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Equal(1, (int)unacknowledged["run"]!["summary"]!["acknowledgement_pending_count"]!);
        Assert.Equal("acknowledgement_required", (string?)unacknowledged["run"]!["follow_up_actions"]![0]!["acknowledgement_state"]);
        Assert.Empty(unacknowledged["retry_results"]!.AsArray());
        Assert.Single(channel.Requests);
        var gap = await flow.GetOkAsync($"{E}/retry-health?persist=false");
        Assert.Null(gap["metadata"]);
        Assert.Equal(1, (int)gap["health"]!["acknowledgement_pending_count"]!);
        Assert.Contains(gap["health"]!["alerts"]!.AsArray(), a => (string?)a!["category"] == "recovery_escalation_acknowledgement_gap");

        // Ack Recovery Escalation (accepted), the channel recovers: the live run delivers exactly once.
        var ack = (await flow.PostOkAsync($"{E}/{planId}/acknowledgements",
            """{"provider":"slack","acknowledged_by":"release-manager","acknowledgement_state":"accepted"}"""))["acknowledgement"]!;
        var ackId = (string)ack["acknowledgement_id"]!;
        channel.Status = 200;
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var live = await flow.PostOkAsync($"{E}/retry-worker-run", Run + ""","execute":true}""");
        Assert.Equal(1, (int)live["run"]!["summary"]!["selected_retry_count"]!);
        var result = live["retry_results"]![0]!;
        var execution = result["execution_record"]!;
        Assert.Equal("delivered", (string?)execution["execution_status"]);
        Assert.Equal((string?)live["run"]!["run_id"], (string?)execution["run_id"]);
        Assert.Equal((string?)live["run"]!["retry_plan"]!["retry_plan_id"], (string?)execution["retry_plan_id"]);
        Assert.Equal(planId, (string?)execution["plan_id"]);
        Assert.Equal("slack", (string?)execution["provider"]);
        Assert.Equal(["slack"], execution["selected_providers"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(ackId, (string?)execution["acknowledgement_id"]);
        Assert.Equal((string?)result["delivery_metadata"]!["session_id"], (string?)execution["delivery_metadata_id"]);
        Assert.Equal(2, channel.Requests.Count);
        Assert.Contains(planId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // The acknowledgement is used: the delivered retry settled the failure, and a second run sends nothing.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await flow.PostOkAsync($"{E}/retry-worker-run", Run + ""","execute":true}""");
        Assert.Equal(0, (int)again["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Equal(2, channel.Requests.Count);

        // Later the worker misses its runs: the retry health is critical and stored under its health id.
        flow.Clock.Advance(TimeSpan.FromMinutes(90));
        var health = await flow.GetOkAsync($"{E}/retry-health");
        var healthId = (string)health["health"]!["health_id"]!;
        Assert.Equal(healthId, (string?)health["metadata"]!["session_id"]);
        Assert.Equal("critical", (string?)health["health"]!["alert_level"]);
        Assert.Contains(health["health"]!["alerts"]!.AsArray(), a => (string?)a!["category"] == "missed_recovery_escalation_retry_worker");
        Assert.Equal(1, (int)health["health"]!["delivered_execution_count"]!);

        // Send Retry Health Alert to the channel, which fails again.
        channel.Status = 500;
        var alert = await flow.PostOkAsync($"{E}/retry-health-alerts/deliver", """{"provider":"slack","retries":0,"timeout_seconds":2}""");
        Assert.False((bool)alert["success"]!);
        Assert.Equal(healthId, (string?)alert["event_id"]);
        var alertPlanId = (string)alert["plan"]!["plan_id"]!;
        Assert.StartsWith("gordackrecoveryhealthalert-", alertPlanId, StringComparison.Ordinal);
        Assert.Equal(3, channel.Requests.Count);

        // Plan Health Alert Retry → Run Health Alert Retry after the receiver recovers: the stored health is re-delivered.
        var alertRetry = (await flow.PostOkAsync($"{E}/retry-health-alerts/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(1, (int)alertRetry["retryable_count"]!);
        Assert.Equal(healthId, (string?)alertRetry["retry_decisions"]![0]!["health_id"]);
        Assert.Equal(alertPlanId, (string?)alertRetry["retry_decisions"]![0]!["plan_id"]);
        channel.Status = 200;
        var redelivery = await flow.PostOkAsync($"{E}/retry-health-alerts/retry-worker-run", Run + ""","execute":true}""");
        var redelivered = redelivery["retry_results"]![0]!;
        Assert.Equal("", (string?)redelivered["skipped"]);
        Assert.Equal("selected_for_health_alert_redelivery", (string?)redelivery["run"]!["follow_up_actions"]![0]!["execution_state"]);
        Assert.Equal("delivered", (string?)redelivered["execution_record"]!["execution_status"]);
        Assert.Equal(healthId, (string?)redelivered["execution_record"]!["health_id"]);
        Assert.Equal(alertPlanId, (string?)redelivered["execution_record"]!["plan_id"]);
        Assert.Equal(4, channel.Requests.Count);
        Assert.Contains(healthId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // Nothing is left to re-deliver.
        Assert.Equal(0, (int)(await flow.PostOkAsync($"{E}/retry-health-alerts/retry-plan", "{}"))["plan"]!["retryable_count"]!);
    }

    [Fact]
    public async Task A_live_health_alert_redelivery_without_connectors_is_a_400_and_stores_nothing()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var before = (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;
        var (response, body) = await client.PostJsonAsync($"{E}/retry-health-alerts/retry-worker-run", """{"execute":true}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cavra:Connectors", (string)body["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
    }

    [Fact]
    public async Task Bad_input_on_the_escalation_stream_routes_is_refused_and_stores_nothing()
    {
        await using var flow = await StartAsync();
        var posts = new (string Url, string Body, HttpStatusCode Status, string Field)[]
        {
            ($"{E}/retry-plan", """{"retry_policy":{"max_retry_attempts":"three"}}""", HttpStatusCode.BadRequest, "max_retry_attempts"),
            ($"{E}/retry-worker-run", """{"dry_run":true,"execute":true}""", HttpStatusCode.BadRequest, "dry_run"),
            ($"{E}/retry-worker-run", """{"max_retry_deliveries":26}""", HttpStatusCode.BadRequest, "max_retry_deliveries"),
            ($"{E}/retry-health-alerts/deliver", """{"provider":"pager duty!"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{E}/retry-health-alerts/deliver", """{"provider":"jira"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{E}/retry-health-alerts/deliver", """{"generated_by":"password=hunter2hunter2"}""", HttpStatusCode.BadRequest, "generated_by"),
            ($"{E}/retry-health-alerts/gordackrecoveryeschealth-0123456789abcdef/acknowledgements",
                """{"provider":"webhook","acknowledged_by":"me"}""", HttpStatusCode.NotFound, ""),
            ($"{E}/retry-health-alerts/gordackrecoveryeschealth-0123456789abcdef/acknowledgements",
                """{"provider":"webhook","acknowledged_by":"me","acknowledgement_state":"accepted"}""", HttpStatusCode.BadRequest, "acknowledgement_state"),
            ($"{E}/retry-health-alerts/gordackrecoveryeschealth-0123456789abcdef/acknowledgements",
                """{"provider":"webhook","acknowledged_by":"me","notes":"key AKIAQ7W2E4R6T8Y1U3I5 leaked"}""", HttpStatusCode.BadRequest, "notes"),
            ($"{E}/retry-health-alerts/retry-plan", """{"retry_policy":{"backoff_multiplier":99}}""", HttpStatusCode.BadRequest, "backoff_multiplier"),
            ($"{E}/retry-health-alerts/retry-worker-run", """{"timeout_seconds":"slow"}""", HttpStatusCode.BadRequest, "timeout_seconds"),
        };
        var gets = new (string Url, string Field)[]
        {
            ($"{E}/retry-health?expected_interval_minutes=0", "expected_interval_minutes"),
            ($"{E}/retry-health?persist=maybe", "persist"),
            ($"{E}/retry-health?generated_by=password%3Dhunter2hunter2", "generated_by"),
            // A kind of the audit alert family is not one of this family's.
            ($"{E}/retry-health-alerts?metadata_kind={K}-worker-health-alert-plan", "metadata_kind"),
            ($"{E}/retry-health-alerts?limit=0", "limit"),
        };
        await flow.AssertRefusedAsync(posts, gets);
    }

    public static TheoryData<string> Streams => [.. DeliveryStreams.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Every_stream_has_routes_a_worker_target_and_a_retry_plan_that_stores(string name)
    {
        var stream = DeliveryStreams.All.Single(s => s.Name == name);
        var routes = Assert.Single(Cavra.Api.Streams.StreamRouteCatalogue.All, r => r.Stream == stream).Routes;
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var (response, body) = await client.PostJsonAsync(routes.Prefix + routes.RetryPlan!.Path, "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stream.RetryPlan.Schema, (string?)body["plan"]!["schema_version"]);
        Assert.Equal(stream.RetryPlan.Kind, (string?)body["metadata"]!["metadata_kind"]);
        var (run, ran) = await client.PostJsonAsync(routes.Prefix + routes.WorkerRun!.Path, "{}");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(stream.WorkerRun.Kind, (string?)ran["metadata"]!["metadata_kind"]);
        Assert.True((bool)ran["run"]!["dry_run"]!);
    }
}
