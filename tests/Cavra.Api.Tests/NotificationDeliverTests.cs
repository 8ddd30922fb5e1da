using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>POST …/deliver through HTTP to real loopback receivers (reference A1).</summary>
public class NotificationDeliverTests
{
    private const string Deliver = "/runtime/go-pilot/rollback-drill-notifications/deliver";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject StaleSchedule(params string[] providers) =>
        DrillSetup.StaleSchedule(["release-manager", "platform-owner"], providers);

    private static Task PutScheduleAsync(HttpClient client, JsonObject schedule) => DrillSetup.PutScheduleAsync(client, schedule);

    [Fact]
    public async Task Stale_schedule_is_delivered_to_every_selected_connector_and_both_records_are_chained()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?>
            {
                ["Cavra:Connectors:webhook:url"] = webhook.Url("/cavra"),
                ["Cavra:Connectors:slack:url"] = slack.Url("/services/T0/B0/X"),
            },
            clock: new FakeClock(Now));
        var client = factory.CreateClient();
        await PutScheduleAsync(client, StaleSchedule("webhook", "slack"));

        var (response, body) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)body["success"]!);
        Assert.Equal("go_backend_python_fallback_monthly", (string?)body["event_id"]);
        Assert.Equal("needs_attention", (string?)body["schedule"]!["status"]);
        var plan = body["plan"]!;
        Assert.Equal("critical", (string?)plan["alert_level"]);
        Assert.Equal(["slack", "webhook"], plan["selected_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(4, (int)plan["deliverable_route_count"]!);
        Assert.Equal("go-backend-rollback-drill-notification-plan", (string?)body["plan_metadata"]!["metadata_kind"]);
        Assert.Equal((string?)plan["plan_id"], (string?)body["metadata"]!["plan_id"]);
        Assert.Equal("go_backend_rollback_drill_notification", (string?)body["metadata"]!["connector_delivery_source"]);

        var received = JsonNode.Parse(Assert.Single(webhook.Requests).Body)!["payload"]!;
        Assert.Equal("cavra.go_backend.rollback_drill.notification", (string?)received["event_type"]);
        Assert.Equal(4, received["owner_routes"]!.AsArray().Count);
        Assert.Single(slack.Requests);

        var (_, verify) = await client.GetJsonAsync("/runtime/go-pilot/rollback-drill-notifications/evidence/verify");
        Assert.True((bool)verify["verified"]!);
        // The schedule, the plan, its four route rows and the delivery.
        Assert.Equal(7, (long)verify["record_count"]!);
    }

    [Fact]
    public async Task Maintenance_window_suppresses_a_provider_and_only_the_rest_is_sent()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?>
            {
                ["Cavra:Connectors:webhook:url"] = webhook.Url(),
                ["Cavra:Connectors:slack:url"] = slack.Url(),
            },
            clock: new FakeClock(Now));
        var client = factory.CreateClient();
        var schedule = StaleSchedule("webhook", "slack");
        schedule["maintenance_windows"] = new JsonArray(new JsonObject
        {
            ["window_id"] = "chat-freeze", ["start_at"] = "2026-11-23T00:00:00Z", ["end_at"] = "2026-11-24T00:00:00Z", ["providers"] = new JsonArray("slack"),
        });
        await PutScheduleAsync(client, schedule);

        var (_, body) = await client.PostJsonAsync(Deliver, "{}");
        Assert.Equal(["webhook"], body["plan"]!["selected_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(2, (int)body["plan"]!["maintenance_suppressed_count"]!);
        Assert.Single(webhook.Requests);
        Assert.Empty(slack.Requests);
    }

    [Fact]
    public async Task Unconfigured_providers_are_400_naming_them_and_nothing_is_sent_or_stored()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = webhook.Url() }, clock: new FakeClock(Now));
        var client = factory.CreateClient();
        await PutScheduleAsync(client, StaleSchedule("webhook", "teams"));
        var (_, before) = await client.GetJsonAsync("/health/ready");

        var (fromSchedule, problem) = await client.PostJsonAsync(Deliver, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, fromSchedule.StatusCode);
        // The unserved provider comes from the stored schedule, so the error names its field, not the request's.
        Assert.Contains("teams", (string?)problem["errors"]!["notification_providers"]![0], StringComparison.Ordinal);

        var (requested, problem2) = await client.PostJsonAsync(Deliver, """{"provider":"webhook, jira"}""");
        Assert.Equal(HttpStatusCode.BadRequest, requested.StatusCode);
        Assert.Contains("jira", (string?)problem2["errors"]!["provider"]![0], StringComparison.Ordinal);

        Assert.Empty(webhook.Requests);
        var (_, after) = await client.GetJsonAsync("/health/ready");
        Assert.Equal((long)before["record_count"]!, (long)after["record_count"]!);
    }

    [Fact]
    public async Task A_secret_in_a_schedule_file_never_reaches_a_connector()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"cavra-schedule-{Guid.NewGuid():N}.json");
        var schedule = StaleSchedule("webhook");
        schedule["runbook_ref"] = "see https://hooks.slack.com/services/" + "T0123ABCD/B0123ABCD/AbCdEfGhIjKlMnOpQrStUvWx";
        await File.WriteAllTextAsync(file, schedule.ToJsonString());
        try
        {
            await using var factory = new CavraApiFactory(
                new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = webhook.Url(), ["CAVRA_GO_ROLLBACK_DRILL_SCHEDULE"] = file },
                clock: new FakeClock(Now));
            var client = factory.CreateClient();
            var (response, problem) = await client.PostJsonAsync(Deliver, "{}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("slack_webhook_url", problem.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("AbCdEfGhIjKlMnOpQrStUvWx", problem.ToJsonString(), StringComparison.Ordinal);
            Assert.Empty(webhook.Requests);
            Assert.Equal(0, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Without_connectors_delivery_is_a_400()
    {
        await using var factory = new CavraApiFactory(clock: new FakeClock(Now));
        var (response, problem) = await factory.CreateClient().PostJsonAsync(Deliver, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("connector config is not configured", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthy_schedule_sends_nothing_but_records_the_plan()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = webhook.Url() }, clock: new FakeClock(Now));
        var client = factory.CreateClient();
        var schedule = StaleSchedule("webhook");
        schedule["next_due_at"] = "2027-01-15T00:00:00Z";
        await PutScheduleAsync(client, schedule);

        var (_, body) = await client.PostJsonAsync(Deliver, "{}");
        Assert.True((bool)body["success"]!);
        Assert.Null(body["delivery"]);
        Assert.Null(body["metadata"]);
        Assert.Equal("healthy", (string?)body["plan"]!["alert_level"]);
        Assert.Empty(webhook.Requests);

        var (_, forced) = await client.PostJsonAsync(Deliver, """{"force":true}""");
        Assert.NotNull(forced["delivery"]);
        // One request per provider, carrying both owners' routes.
        var request = Assert.Single(webhook.Requests);
        Assert.Equal(2, JsonNode.Parse(request.Body)!["payload"]!["owner_routes"]!.AsArray().Count);
    }
}
