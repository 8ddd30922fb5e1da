using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>A route acknowledgement (A2, A3) is only for a provider the schedule's notification plan notified.</summary>
public class RouteAcknowledgementScopeTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";
    private const string ScheduleId = DrillSetup.ScheduleId;

    private static async Task<long> RecordCountAsync(HttpClient client) => (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Fact]
    public async Task A_provider_the_plan_never_notified_is_a_400_naming_provider_and_nothing_is_stored()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        // Slack is configured but the schedule only notifies the webhook.
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook"));
        var (_, delivered) = await client.PostJsonAsync($"{P}/deliver", """{"generated_by":"release-manager"}""");
        var planId = (string)delivered["plan"]!["plan_id"]!;
        var before = await RecordCountAsync(client);

        var (single, problem) = await client.PostJsonAsync(
            $"{P}/{ScheduleId}/acknowledgements", """{"provider":"slack","acknowledged_by":"release-manager"}""");
        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        var message = (string)problem["errors"]!["provider"]![0]!;
        Assert.Contains("'slack'", message, StringComparison.Ordinal);
        Assert.Contains("it lists webhook", message, StringComparison.Ordinal);

        var (withPlan, planProblem) = await client.PostJsonAsync(
            $"{P}/{ScheduleId}/acknowledgements", $$"""{"provider":"slack","acknowledged_by":"release-manager","plan_id":"{{planId}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, withPlan.StatusCode);
        Assert.Contains(planId, (string)planProblem["errors"]!["provider"]![0]!, StringComparison.Ordinal);

        var (bulk, bulkProblem) = await client.PostJsonAsync($"{P}/acknowledgements/bulk", new JsonObject
        {
            ["acknowledged_by"] = "release-manager",
            ["routes"] = new JsonArray(
                new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "webhook" },
                new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "slack" }),
        }.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, bulk.StatusCode);
        Assert.True(bulkProblem["errors"]!.AsObject().ContainsKey("routes[1].provider"), bulkProblem.ToJsonString());

        // A one-route bulk request still names the route.
        var (oneRoute, oneRouteProblem) = await client.PostJsonAsync($"{P}/acknowledgements/bulk",
            $$"""{"acknowledged_by":"release-manager","routes":[{"schedule_id":"{{ScheduleId}}","provider":"slack"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, oneRoute.StatusCode);
        Assert.True(oneRouteProblem["errors"]!.AsObject().ContainsKey("routes[0].provider"), oneRouteProblem.ToJsonString());

        Assert.Equal(before, await RecordCountAsync(client));

        // The notified provider is acknowledged as before.
        var (ok, _) = await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager"}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(before + 1, await RecordCountAsync(client));
    }
}
