using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>The escalation plan's policy is checked field by field and applied to every route's SLO (reference A4).</summary>
public class EscalationPolicyTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    private static async Task<(CavraApiFactory Factory, HttpClient Client, FakeClock Clock, LoopbackReceiver Receiver)> DeliveredAsync()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var receiver = await LoopbackReceiver.StartAsync();
        var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: clock);
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager", "platform-owner"], "webhook", "slack"));
        var (delivered, _) = await client.PostJsonAsync($"{P}/deliver", """{"generated_by":"release-manager"}""");
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        return (factory, client, clock, receiver);
    }

    private static async Task<long> RecordCountAsync(HttpClient client) => (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Theory]
    [InlineData("""{"acknowledgement_minutes":-1}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"acknowledgement_minutes":0}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"acknowledgement_minutes":"x"}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"acknowledgement_minutes":null}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"acknowledgement_minutes":7.5}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"acknowledgement_minutes":43201}""", "policy.acknowledgement_minutes")]
    [InlineData("""{"default_slo":{"acknowledgement_minutes":0}}""", "policy.default_slo.acknowledgement_minutes")]
    [InlineData("""{"default_slo":30}""", "policy.default_slo")]
    [InlineData("""{"default_slo":{"ack":30}}""", "policy.default_slo.ack")]
    [InlineData("""{"owner_routes":"release-manager"}""", "policy.owner_routes")]
    [InlineData("""{"owner_routes":{"release-manager":{"ack_minutes":"soon"}}}""", "policy.owner_routes.release-manager.ack_minutes")]
    [InlineData("""{"owner_routes":{"release-manager":{"providers":["pagerduty"]}}}""", "policy.owner_routes.release-manager.providers[0]")]
    [InlineData("""{"routing_rules":[{"owners":[7]}]}""", "policy.routing_rules[0].owners[0]")]
    [InlineData("""{"routing_rules":[{"owners":"x","escalation_owner":""}]}""", "policy.routing_rules[0].escalation_owner")]
    [InlineData("""{"routing_rules":[{"acknowledgement_minute":5}]}""", "policy.routing_rules[0].acknowledgement_minute")]
    [InlineData("""{"acknowledgment_minutes":30}""", "policy.acknowledgment_minutes")]
    public async Task Every_bad_policy_field_is_a_400_naming_it_and_nothing_is_stored(string policy, string field)
    {
        var (factory, client, _, receiver) = await DeliveredAsync();
        await using var _ = factory;
        await using var __ = receiver;
        var before = await RecordCountAsync(client);

        var (response, problem) = await client.PostJsonAsync($"{P}/escalation-plan", $$"""{"generated_by":"sre","policy":{{policy}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Equal(before, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Acknowledgement_minutes_decides_the_breach_of_every_route()
    {
        var (factory, client, clock, receiver) = await DeliveredAsync();
        await using var _ = factory;
        await using var __ = receiver;
        clock.Advance(TimeSpan.FromMinutes(20));

        // The plan gave every route the default 60-minute SLO: after 20 minutes nothing is breached.
        var (_, planned) = await client.PostJsonAsync($"{P}/escalation-plan", """{"generated_by":"sre"}""");
        Assert.Equal(0, (int)planned["plan"]!["breached_count"]!);

        // A 15-minute policy breaches all four routes; the echo and the routes agree.
        var (_, strict) = await client.PostJsonAsync($"{P}/escalation-plan", """{"generated_by":"sre","policy":{"acknowledgement_minutes":15}}""");
        var plan = strict["plan"]!;
        Assert.Equal(15, (int)plan["acknowledgement_minutes"]!);
        Assert.Equal(4, (int)plan["breached_count"]!);
        Assert.All(plan["routes"]!.AsArray(), r => Assert.Equal(15, (int)r!["acknowledgement_minutes"]!));
        Assert.Equal("critical", (string?)plan["alert_level"]);

        // default_slo works the same, and an owner rule overrides it for that owner's routes, with its escalation owner.
        var (_, ruled) = await client.PostJsonAsync($"{P}/escalation-plan", """
            {"generated_by":"sre","policy":{"default_slo":{"acknowledgement_minutes":15},
             "owner_routes":{"platform-owner":{"ack_minutes":30,"escalation_owner":"platform-director"}}}}
            """);
        var routes = ruled["plan"]!["routes"]!.AsArray();
        Assert.All(routes.Where(r => (string?)r!["owner"] == "platform-owner"), r =>
        {
            Assert.Equal(30, (int)r!["acknowledgement_minutes"]!);
            Assert.False((bool)r["breached"]!);
            Assert.Equal("platform-director", (string?)r["escalation_owner"]);
        });
        Assert.All(routes.Where(r => (string?)r!["owner"] == "release-manager"), r => Assert.True((bool)r!["breached"]!));
        Assert.Equal(2, (int)ruled["plan"]!["breached_count"]!);

        // A rule limited to slack leaves the webhook routes on the policy default.
        var (_, slackOnly) = await client.PostJsonAsync($"{P}/escalation-plan", """
            {"generated_by":"sre","policy":{"acknowledgement_minutes":15,"routing_rules":[{"providers":["slack"],"acknowledgement_minutes":45}]}}
            """);
        Assert.All(slackOnly["plan"]!["routes"]!.AsArray(), r =>
            Assert.Equal((string?)r!["provider"] == "slack" ? 45 : 15, (int)r["acknowledgement_minutes"]!));
    }
}
