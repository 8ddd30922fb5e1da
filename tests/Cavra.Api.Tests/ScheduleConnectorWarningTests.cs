using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>A schedule naming a provider without a connector is stored with a warning, and its delivery error names the schedule's field.</summary>
public class ScheduleConnectorWarningTests
{
    private const string Schedule = "/runtime/go-pilot/rollback-drill-schedule";

    [Fact]
    public async Task Storing_warns_about_unserved_providers_and_delivery_names_notification_providers()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = webhook.Url() },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        var schedule = DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack", "teams");
        schedule["owner_routes"] = new JsonObject { ["release-manager"] = new JsonObject { ["providers"] = new JsonArray("webhook", "jira") } };

        using var content = new StringContent(schedule.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync(new Uri(Schedule, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(DrillSetup.ScheduleId, (string?)body["schedule"]!["schedule_id"]);
        var warnings = body["warnings"]!.AsArray();
        var providers = warnings.Single(w => (string?)w!["field"] == "notification_providers")!;
        Assert.Equal(["slack", "teams"], providers["providers"]!.AsArray().Select(p => (string)p!));
        Assert.Contains("slack, teams", (string?)providers["message"], StringComparison.Ordinal);
        Assert.Equal(["jira"], warnings.Single(w => (string?)w!["field"] == "owner_routes")!["providers"]!.AsArray().Select(p => (string)p!));

        // Delivering it is refused naming the schedule's field, not a request field the caller never sent.
        var (delivered, problem) = await client.PostJsonAsync("/runtime/go-pilot/rollback-drill-notifications/deliver", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, delivered.StatusCode);
        Assert.False(problem["errors"]!.AsObject().ContainsKey("provider"), problem.ToJsonString());
        var message = (string)problem["errors"]!["owner_routes"]![0]!;
        Assert.Contains("jira", message, StringComparison.Ordinal);
        Assert.Empty(webhook.Requests);

        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "teams"));
        var (plain, plainProblem) = await client.PostJsonAsync("/runtime/go-pilot/rollback-drill-notifications/deliver", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var named = (string)plainProblem["errors"]!["notification_providers"]![0]!;
        Assert.Contains("teams", named, StringComparison.Ordinal);
        Assert.Contains($"schedule '{DrillSetup.ScheduleId}'", named, StringComparison.Ordinal);
        Assert.Empty(webhook.Requests);

        // A schedule every connector serves has no warnings.
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook"));
        var (_, report) = await client.GetJsonAsync(Schedule);
        Assert.Equal("stored", (string?)report["source"]);
        using var clean = new StringContent(DrillSetup.StaleSchedule(["release-manager"], "webhook").ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        Assert.Empty((await (await client.PutAsync(new Uri(Schedule, UriKind.Relative), clean)).ReadObjectAsync())["warnings"]!.AsArray());
    }
}
