using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>A schedule's owner rules, maintenance windows and calendars are refused with the wrong path named, never stored and ignored.</summary>
public sealed class ScheduleRoutingShapeTests
{
    [Theory]
    [InlineData("maintenance_windows", """[{"start_at": "tomorrow", "end_at": "2026-11-02T00:00:00Z"}]""", "maintenance_windows[0].start_at")]
    [InlineData("maintenance_windows", """[{"window_id": "w1"}]""", "maintenance_windows[0]")]
    [InlineData("maintenance_windows", """["not-a-window"]""", "maintenance_windows[0]")]
    [InlineData("maintenance_windows", """[{"start_at": "2026-11-01T00:00:00Z", "end_at": "2026-11-02T00:00:00Z", "provider": "slack"}]""", "maintenance_windows[0].provider")]
    [InlineData("owner_calendars", """{"release-manager": {"available": "no"}}""", "owner_calendars.release-manager.available")]
    [InlineData("owner_calendars", """{"release-manager": {"unavailable_windows": [{"start_at": "2026-11-01T00:00:00Z"}]}}""", "owner_calendars.release-manager.unavailable_windows[0]")]
    [InlineData("owner_calendars", """{"release-manager": "away"}""", "owner_calendars.release-manager")]
    [InlineData("owner_routes", """{"release-manager": {"ack_minutes": 0}}""", "owner_routes.release-manager.ack_minutes")]
    [InlineData("owner_routes", """[{"owners": ["release-manager"], "providers": ["pagerduty"]}]""", "owner_routes[0].providers[0]")]
    [InlineData("routing_rules", "\"everyone\"", "routing_rules")]
    public async Task A_malformed_routing_part_is_refused_naming_its_path_and_nothing_is_stored(string field, string json, string named)
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var schedule = DrillSetup.StaleSchedule(["release-manager"], "webhook");
        schedule[field] = JsonNode.Parse(json);

        using var content = new StringContent(schedule.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri("/runtime/go-pilot/rollback-drill-schedule", UriKind.Relative), content);
        var problem = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(named), problem.ToJsonString());
        var (_, ready) = await client.GetJsonAsync("/health/ready");
        Assert.Equal(0, (long)ready["record_count"]!);
    }

    [Fact]
    public async Task Well_formed_windows_calendars_and_rules_are_stored()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var schedule = DrillSetup.StaleSchedule(["release-manager"], "webhook");
        schedule["maintenance_windows"] = JsonNode.Parse("""[{"window_id": "freeze", "start_at": "2026-11-01T00:00:00Z", "ends_at": "2026-11-02T00:00:00Z", "providers": "webhook", "reason": "change freeze"}]""");
        schedule["owner_calendars"] = JsonNode.Parse("""{"release-manager": {"available": true, "blackout_windows": [{"starts_at": "2026-11-01T00:00:00Z", "end_at": "2026-11-01T08:00:00Z"}]}}""");
        schedule["owner_routes"] = JsonNode.Parse("""{"release-manager": {"providers": ["webhook"], "ack_minutes": 30, "escalation_owner": "platform-lead"}}""");
        await DrillSetup.PutScheduleAsync(client, schedule);
    }
}
