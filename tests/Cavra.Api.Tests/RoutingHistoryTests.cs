using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>Routing history and suppression trends (reference A5/A6) from stored route rows.</summary>
public class RoutingHistoryTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    [Fact]
    public async Task Maintenance_window_and_unavailable_owner_suppress_routes_with_their_categories_and_trends_count_them()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        var schedule = DrillSetup.StaleSchedule(["release-manager", "platform-owner"], "webhook", "slack");
        schedule["maintenance_windows"] = new JsonArray(new JsonObject
        {
            ["window_id"] = "chat-freeze", ["start_at"] = "2026-11-23T00:00:00Z", ["end_at"] = "2026-11-24T00:00:00Z", ["providers"] = new JsonArray("slack"),
        });
        schedule["owner_calendars"] = new JsonObject
        {
            ["platform-owner"] = new JsonObject { ["unavailable_windows"] = new JsonArray(new JsonObject { ["start_at"] = "2026-11-20T00:00:00Z", ["end_at"] = "2026-11-30T00:00:00Z", ["reason"] = "on leave" }) },
        };
        schedule["owner_routes"] = new JsonObject { ["platform-owner"] = new JsonObject { ["escalation_owner"] = "Platform-Director" } };
        await DrillSetup.PutScheduleAsync(client, schedule);
        await client.PostJsonAsync($"{P}/deliver", "{}");

        async Task<(long Total, List<JsonObject> Items)> RoutesAsync(string query)
        {
            var (response, body) = await client.GetJsonAsync($"{P}/routes{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("cavra.go-backend-pilot.rollback-drill-routing-history.v1", (string?)body["schema_version"]);
            return ((long)body["total"]!, [.. body["items"]!.AsArray().Select(i => i!.AsObject())]);
        }

        // Slack is in the maintenance window for both owners (the window is checked before calendars); the
        // platform owner is on leave, which suppresses their webhook route; only release-manager/webhook delivers.
        Assert.Equal(4, (await RoutesAsync("")).Total);
        var delivered = await RoutesAsync("?action=deliver");
        Assert.Equal(("webhook", "release-manager"), ((string)delivered.Items.Single()["provider"]!, (string)delivered.Items.Single()["owner"]!));
        Assert.Equal(3, (await RoutesAsync("?action=suppress")).Total);
        var window = await RoutesAsync("?category=maintenance_window");
        Assert.Equal(2, window.Total);
        Assert.All(window.Items, r => Assert.Equal("chat-freeze", (string?)r["maintenance_window_id"]));
        var calendar = await RoutesAsync("?category=owner_calendar");
        Assert.Equal(("platform-owner", "webhook"), ((string)calendar.Items.Single()["owner"]!, (string)calendar.Items.Single()["provider"]!));
        Assert.Equal("on leave", (string?)calendar.Items.Single()["owner_availability_reason"]);
        Assert.Equal(2, (await RoutesAsync("?owner=PLATFORM")).Total);
        Assert.Equal(2, (await RoutesAsync("?owner=director")).Total);
        Assert.Equal(1, (await RoutesAsync("?owner=platform&provider=Slack")).Total);
        Assert.Single((await RoutesAsync("?limit=1&offset=3")).Items);

        var (_, trend) = await client.GetJsonAsync($"{P}/suppression-trends");
        var counts = trend["trend"]!;
        Assert.Equal(3, (long)counts["suppression_event_count"]!);
        Assert.Equal(2, (long)counts["category_counts"]!["maintenance_window"]!);
        Assert.Equal(1, (long)counts["category_counts"]!["owner_calendar"]!);
        Assert.Equal(2, (long)counts["owner_counts"]!["platform-owner"]!);
        Assert.Equal(2, (long)counts["provider_counts"]!["slack"]!);
        Assert.Equal(1, (long)counts["calendar_suppressed_count"]!);
        Assert.Equal(2, (long)counts["maintenance_suppressed_count"]!);
        Assert.Equal("warning", (string?)counts["alert_level"]);
        Assert.Null(trend["metadata"]);
        var before = (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

        var (_, stored) = await client.GetJsonAsync($"{P}/suppression-trends?persist=true&owner=platform");
        Assert.Equal(2, (long)stored["trend"]!["suppression_event_count"]!);
        Assert.Equal("go-backend-rollback-drill-routing-suppression-trend", (string?)stored["metadata"]!["metadata_kind"]);
        Assert.Matches("^gordrtrend-[0-9a-f]{16}$", (string?)stored["trend"]!["trend_id"]);
        Assert.Equal(before + 1, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
    }

    [Theory]
    [InlineData("?action=maybe", "action")]
    [InlineData("?category=holiday", "category")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?offset=-2", "offset")]
    public async Task Bad_route_queries_are_400s_naming_the_parameter(string query, string field)
    {
        await using var factory = new CavraApiFactory();
        var (response, problem) = await factory.CreateClient().GetJsonAsync($"{P}/routes{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
