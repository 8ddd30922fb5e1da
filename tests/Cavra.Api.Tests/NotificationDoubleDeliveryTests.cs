using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>Deliver Notifications clicked twice sends each provider the plan once, unless the operator forces it.</summary>
public class NotificationDoubleDeliveryTests
{
    private const string Deliver = "/runtime/go-pilot/rollback-drill-notifications/deliver";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(CavraApiFactory Factory, HttpClient Client, FakeClock Clock)> StartAsync(LoopbackReceiver webhook, LoopbackReceiver slack)
    {
        var clock = new FakeClock(Now);
        var factory = new CavraApiFactory(
            new Dictionary<string, string?>
            {
                ["Cavra:Connectors:webhook:url"] = webhook.Url("/cavra"),
                ["Cavra:Connectors:slack:url"] = slack.Url("/services/T0/B0/X"),
            },
            clock: clock);
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack"));
        return (factory, client, clock);
    }

    private static async Task<long> RecordCountAsync(HttpClient client) => (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Fact]
    public async Task A_second_click_two_seconds_later_sends_nothing_and_names_the_earlier_delivery()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        var (factory, client, clock) = await StartAsync(webhook, slack);
        await using var _ = factory;

        var (_, first) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager"}""");
        Assert.Empty(first["already_delivered"]!.AsArray());
        var records = await RecordCountAsync(client);
        clock.Advance(TimeSpan.FromSeconds(2));

        var (response, second) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)first["plan"]!["plan_id"], (string?)second["plan"]!["plan_id"]);
        Assert.True((bool)second["success"]!);
        Assert.Null(second["delivery"]);
        Assert.Null(second["metadata"]);
        var earlier = second["already_delivered"]!.AsArray();
        Assert.Equal(["slack", "webhook"], earlier.Select(e => (string)e!["provider"]!));
        Assert.All(earlier, e =>
        {
            Assert.Equal((string?)first["metadata"]!["session_id"], (string?)e!["session_id"]);
            Assert.Equal("2026-11-23T12:00:00.000000+00:00", (string?)e["delivered_at"]);
        });

        // One request per provider in all, and nothing new stored: the plan and its routes are the stored ones.
        Assert.Single(webhook.Requests);
        Assert.Single(slack.Requests);
        Assert.Equal(records, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Force_sends_again_and_a_failed_earlier_delivery_blocks_nothing()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        slack.Status = 500;
        var (factory, client, clock) = await StartAsync(webhook, slack);
        await using var _ = factory;

        var (_, first) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager","retries":0}""");
        Assert.False((bool)first["success"]!);

        // Slack failed, so it is tried again; the webhook already has the plan and is left alone.
        slack.Status = 200;
        clock.Advance(TimeSpan.FromSeconds(2));
        var (_, second) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager","retries":0}""");
        Assert.True((bool)second["success"]!);
        Assert.Equal(["slack"], second["delivery"]!["deliveries"]!.AsArray().Select(d => (string)d!["provider"]!));
        Assert.Equal(["webhook"], second["already_delivered"]!.AsArray().Select(e => (string)e!["provider"]!));
        Assert.Single(webhook.Requests);
        Assert.Equal(2, slack.Requests.Count);

        // force: true is the operator saying "send it again".
        clock.Advance(TimeSpan.FromSeconds(2));
        var (_, forced) = await client.PostJsonAsync(Deliver, """{"generated_by":"release-manager","force":true}""");
        Assert.Empty(forced["already_delivered"]!.AsArray());
        Assert.Equal(["slack", "webhook"], forced["delivery"]!["deliveries"]!.AsArray().Select(d => (string)d!["provider"]!));
        Assert.Equal(2, webhook.Requests.Count);
        Assert.Equal(3, slack.Requests.Count);
    }

    [Fact]
    public async Task Two_simultaneous_clicks_notify_each_provider_once()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        webhook.Delay = TimeSpan.FromMilliseconds(300);
        var (factory, client, _) = await StartAsync(webhook, slack);
        await using var __ = factory;

        var clicks = await Task.WhenAll(
            client.PostJsonAsync(Deliver, """{"generated_by":"release-manager"}"""),
            client.PostJsonAsync(Deliver, """{"generated_by":"release-manager"}"""));
        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.Response.StatusCode));
        Assert.Single(webhook.Requests);
        Assert.Single(slack.Requests);
        Assert.Single(clicks, c => c.Body["delivery"] is not null);
    }
}
