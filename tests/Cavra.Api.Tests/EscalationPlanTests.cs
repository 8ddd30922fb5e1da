using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>Missed-acknowledgement escalation with a fake clock (reference A4).</summary>
public class EscalationPlanTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";
    private const string ScheduleId = DrillSetup.ScheduleId;

    [Fact]
    public async Task Outstanding_routes_wait_then_breach_their_slo_and_acknowledgements_clear_them()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: clock);
        var client = factory.CreateClient();
        var schedule = DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack");
        schedule["owner_routes"] = new JsonObject { ["release-manager"] = new JsonObject { ["providers"] = new JsonArray("webhook", "slack"), ["acknowledgement_minutes"] = 45 } };
        await DrillSetup.PutScheduleAsync(client, schedule);

        await client.PostJsonAsync($"{P}/deliver", "{}");
        await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager"}""");

        clock.Advance(TimeSpan.FromMinutes(20));
        var (response, early) = await client.PostJsonAsync($"{P}/escalation-plan", """{"generated_by":"sre"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = early["plan"]!;
        Assert.Matches("^gordesc-[0-9a-f]{16}$", (string?)plan["plan_id"]);
        Assert.Equal("warning", (string?)plan["alert_level"]);
        Assert.Equal(2, (int)plan["route_count"]!);
        Assert.Equal(1, (int)plan["outstanding_count"]!);
        Assert.Equal(0, (int)plan["breached_count"]!);
        var slack = plan["routes"]!.AsArray().Single(r => (string?)r!["provider"] == "slack")!;
        Assert.Equal("outstanding", (string?)slack["acknowledgement_state"]);
        Assert.Equal(45, (int)slack["acknowledgement_minutes"]!);
        Assert.Equal(20.0, (double)slack["age_minutes"]!);
        Assert.Equal("wait_for_acknowledgement", (string?)slack["recommended_action"]);
        Assert.Equal("no_action", (string?)plan["routes"]!.AsArray().Single(r => (string?)r!["provider"] == "webhook")!["recommended_action"]);
        Assert.Equal("go-backend-rollback-drill-notification-escalation-plan", (string?)early["metadata"]!["metadata_kind"]);
        Assert.Equal(0, (int)early["metadata"]!["blocked_count"]!);
        Assert.Equal(1, (int)early["metadata"]!["approval_required_count"]!);

        clock.Advance(TimeSpan.FromMinutes(30));
        var (_, late) = await client.PostJsonAsync($"{P}/escalation-plan", "{}");
        Assert.Equal("critical", (string?)late["plan"]!["alert_level"]);
        Assert.Equal(1, (int)late["plan"]!["breached_count"]!);
        Assert.Equal("escalate_missed_drill_notification",
            (string?)late["plan"]!["routes"]!.AsArray().Single(r => (string?)r!["provider"] == "slack")!["recommended_action"]);
        Assert.Equal(1, (int)late["metadata"]!["blocked_count"]!);

        // Escalating is not acknowledging: the route stays breached until it is acknowledged or resolved.
        await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"slack","acknowledged_by":"sre","acknowledgement_state":"escalated"}""");
        Assert.Equal("critical", (string?)(await client.PostJsonAsync($"{P}/escalation-plan", "{}")).Body["plan"]!["alert_level"]);
        await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"slack","acknowledged_by":"sre","acknowledgement_state":"resolved"}""");
        var (_, settled) = await client.PostJsonAsync($"{P}/escalation-plan", "{}");
        Assert.Equal("healthy", (string?)settled["plan"]!["alert_level"]);
        Assert.Equal(0, (int)settled["plan"]!["outstanding_count"]!);
    }

    [Fact]
    public async Task Without_plans_the_escalation_plan_is_empty_and_healthy()
    {
        await using var factory = new CavraApiFactory();
        var (response, body) = await factory.CreateClient().PostJsonAsync($"{P}/escalation-plan", "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (string?)body["plan"]!["alert_level"]);
        Assert.Equal(0, (int)body["plan"]!["route_count"]!);

        var (bad, problem) = await factory.CreateClient().PostJsonAsync($"{P}/escalation-plan", """{"policy": "sixty"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("must be a JSON object", (string?)problem["errors"]!["policy"]![0]);
    }
}
