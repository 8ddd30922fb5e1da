using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>GET …/rollback-drill-notifications: family scope, filters in the database, exact totals, validated paging.</summary>
public class NotificationHistoryTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";
    private const string ScheduleId = DrillSetup.ScheduleId;

    [Fact]
    public async Task History_filters_return_exactly_the_expected_records()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        slack.Status = 500;
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = webhook.Url(), ["Cavra:Connectors:slack:url"] = slack.Url() },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack"));

        var (_, delivered) = await client.PostJsonAsync($"{P}/deliver", """{"retries":0,"timeout_seconds":2}""");
        Assert.False((bool)delivered["success"]!);
        await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager"}""");
        await client.PostJsonAsync($"{P}/escalation-plan", "{}");
        await client.PostJsonAsync("/connectors/webhook/test-deliveries", "{}");

        async Task<(long Total, List<string> Kinds)> HistoryAsync(string query)
        {
            var (response, body) = await client.GetJsonAsync($"{P}{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("cavra.go-backend-pilot.rollback-drill-notification-history.v1", (string?)body["schema_version"]);
            return ((long)body["total"]!, [.. body["items"]!.AsArray().Select(i => (string)i!["metadata_kind"]!)]);
        }

        // Family only: not the stored schedule, not the connector test delivery.
        var all = await HistoryAsync("");
        Assert.Equal(4, all.Total);
        Assert.Equal(
            ["go-backend-rollback-drill-notification-escalation-plan", "go-backend-rollback-drill-notification-ack",
             "release-connector-delivery", "go-backend-rollback-drill-notification-plan"],
            all.Kinds);

        Assert.Equal(1, (await HistoryAsync("?metadata_kind=go-backend-rollback-drill-notification-ack")).Total);
        Assert.Equal(1, (await HistoryAsync("?connector_delivery_source=go_backend_rollback_drill_notification")).Total);
        Assert.Equal(["release-connector-delivery"], (await HistoryAsync("?delivery_success=false")).Kinds);
        Assert.Equal(0, (await HistoryAsync("?delivery_success=true")).Total);
        Assert.Equal(["release-connector-delivery", "go-backend-rollback-drill-notification-plan"], (await HistoryAsync("?provider=Slack")).Kinds);
        Assert.Equal(3, (await HistoryAsync($"?schedule_id={ScheduleId}")).Total);
        Assert.Equal(["release-connector-delivery"], (await HistoryAsync($"?delivery_id={ScheduleId}")).Kinds);
        Assert.Equal(["go-backend-rollback-drill-notification-ack"], (await HistoryAsync("?acknowledgement_state=Acknowledged")).Kinds);
        Assert.Equal(["go-backend-rollback-drill-notification-plan"], (await HistoryAsync("?alert_level=critical")).Kinds);
        Assert.Equal(["go-backend-rollback-drill-notification-escalation-plan"], (await HistoryAsync("?alert_level=warning")).Kinds);

        var (_, dashboard) = await client.GetJsonAsync($"{P}/dashboard");
        Assert.Equal("cavra.go-backend-pilot.rollback-drill-notification-dashboard.v1", (string?)dashboard["schema_version"]);
        Assert.Equal(1, (long)dashboard["plan_count"]!);
        Assert.Equal(1, (long)dashboard["delivery_count"]!);
        Assert.Equal(1, (long)dashboard["notification_delivery_count"]!);
        Assert.Equal(1, (long)dashboard["failed_delivery_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_count"]!);
        Assert.Equal(1, (long)dashboard["escalation_plan_count"]!);
        Assert.Equal(0, (long)dashboard["acknowledgement_audit_delivery_count"]!);
        Assert.Null(dashboard["acknowledgement_audit_delivery_success_rate"]);
        Assert.Equal("critical", (string?)dashboard["alert_level"]);
        Assert.Equal(1, (long)dashboard["outstanding_acknowledgement_count"]!);
        Assert.Equal("slack", (string?)dashboard["outstanding_acknowledgements"]![0]!["provider"]);
        Assert.Equal(4, dashboard["latest"]!.AsArray().Count);

        await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", """{"provider":"slack","acknowledged_by":"release-manager","acknowledgement_state":"resolved"}""");
        var (_, settled) = await client.GetJsonAsync($"{P}/dashboard");
        Assert.Equal(0, (long)settled["outstanding_acknowledgement_count"]!);
        Assert.Equal(2, (long)settled["acknowledgement_count"]!);
        // The failed slack delivery still makes the dashboard critical.
        Assert.Equal("critical", (string?)settled["alert_level"]);

        var (_, paged) = await client.GetJsonAsync($"{P}?limit=2&offset=1");
        Assert.Equal(5, (long)paged["total"]!);
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        Assert.Equal(2, (int)paged["limit"]!);
        Assert.Equal(1, (int)paged["offset"]!);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?delivery_success=maybe", "delivery_success")]
    [InlineData("?alert_level=severe", "alert_level")]
    public async Task Bad_paging_and_filters_are_400s_naming_the_parameter(string query, string field)
    {
        await using var factory = new CavraApiFactory();
        var (response, problem) = await factory.CreateClient().GetJsonAsync($"{P}{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
