using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>
/// The seed operator flow up to "Deliver Audit": stale schedule → deliver → acknowledge → bulk resolve → escalation
/// plan → Deliver Audit to a receiver that answers 200 and one that answers 500 → history and dashboard agree.
/// </summary>
public class DeliverAuditTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    [Fact]
    public async Task Operator_flow_through_deliver_audit_leaves_exact_evidence()
    {
        await using var webhook = await LoopbackReceiver.StartAsync();
        await using var slack = await LoopbackReceiver.StartAsync();
        await using var siem = await LoopbackReceiver.StartAsync();
        siem.Status = 500;
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?>
            {
                ["Cavra:Connectors:webhook:url"] = webhook.Url(),
                ["Cavra:Connectors:slack:url"] = slack.Url(),
                ["Cavra:Connectors:splunk:url"] = siem.Url("/services/collector"),
                ["Cavra:Connectors:splunk:token"] = "11111111-2222-3333-4444-555555555555",
            },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack"));

        var (_, delivered) = await client.PostJsonAsync($"{P}/deliver", "{}");
        Assert.True((bool)delivered["success"]!);
        var (_, dashboard) = await client.GetJsonAsync($"{P}/dashboard");
        Assert.Equal(2, (long)dashboard["outstanding_acknowledgement_count"]!);

        await client.PostJsonAsync($"{P}/{DrillSetup.ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager"}""");
        await client.PostJsonAsync($"{P}/acknowledgements/bulk", new JsonObject
        {
            ["acknowledged_by"] = "release-manager", ["acknowledgement_state"] = "resolved",
            ["routes"] = new JsonArray(new JsonObject { ["schedule_id"] = DrillSetup.ScheduleId, ["provider"] = "slack", ["notes"] = "internal note" }),
        }.ToJsonString());
        var (_, escalation) = await client.PostJsonAsync($"{P}/escalation-plan", "{}");
        Assert.Equal("healthy", (string?)escalation["plan"]!["alert_level"]);

        var (okResponse, ok) = await client.PostJsonAsync($"{P}/acknowledgements/audit-delivery",
            """{"delivery_provider":"webhook","cadence":"weekly","schedule_ref":"evidence-console","retries":0,"timeout_seconds":2}""");
        Assert.Equal(HttpStatusCode.OK, okResponse.StatusCode);
        Assert.True((bool)ok["success"]!);
        var auditId = (string)ok["audit_package"]!["audit_id"]!;
        var deliveryId = (string)ok["delivery_plan"]!["delivery_id"]!;
        Assert.Matches("^gordackdelivery-[0-9a-f]{16}$", deliveryId);
        Assert.Equal(2, (int)ok["audit_package"]!["route_count"]!);
        Assert.Equal("healthy", (string?)ok["audit_package"]!["alert_level"]);
        var sent = JsonNode.Parse(webhook.Requests.Last().Body)!["payload"]!;
        Assert.Equal("cavra.go_backend.rollback_drill.acknowledgement_audit_delivery", (string?)sent["event_type"]);
        Assert.DoesNotContain("internal note", sent.ToJsonString(), StringComparison.Ordinal);

        var (failResponse, failed) = await client.PostJsonAsync($"{P}/acknowledgements/audit-delivery",
            """{"delivery_provider":"splunk","retries":1,"timeout_seconds":2}""");
        Assert.Equal(HttpStatusCode.OK, failResponse.StatusCode);
        Assert.False((bool)failed["success"]!);
        Assert.Equal(2, (int)failed["metadata"]!["attempt_count"]!);
        Assert.Equal(2, siem.Requests.Count);

        async Task<long> TotalAsync(string query) => (long)(await client.GetJsonAsync($"{P}{query}")).Body["total"]!;
        const string AuditSource = "go_backend_rollback_drill_acknowledgement_audit";
        // The audit source also keeps the audit chain's own records: the package, two delivery plans, two deliveries.
        Assert.Equal(5, await TotalAsync($"?connector_delivery_source={AuditSource}"));
        Assert.Equal(1, await TotalAsync("?connector_delivery_source=go_backend_rollback_drill_notification"));
        Assert.Equal(1, await TotalAsync($"?connector_delivery_source={AuditSource}&delivery_success=false"));
        Assert.Equal(1, await TotalAsync($"?connector_delivery_source={AuditSource}&delivery_success=true"));
        // One package (the same evidence gives the same audit id, stored once), two delivery plans, two deliveries.
        Assert.Equal(5, await TotalAsync($"?audit_id={auditId}"));
        Assert.Equal(2, await TotalAsync($"?delivery_id={deliveryId}"));
        Assert.Equal(2, await TotalAsync("?cadence=weekly"));
        // The splunk delivery plan (its selected provider) and the splunk delivery.
        Assert.Equal(2, await TotalAsync("?provider=splunk"));
        Assert.Equal(2, await TotalAsync("?metadata_kind=go-backend-rollback-drill-acknowledgement-audit-delivery-plan"));

        var (_, after) = await client.GetJsonAsync($"{P}/dashboard");
        Assert.Equal(1, (long)after["plan_count"]!);
        Assert.Equal(3, (long)after["delivery_count"]!);
        Assert.Equal(2, (long)after["acknowledgement_audit_delivery_count"]!);
        Assert.Equal(1, (long)after["failed_acknowledgement_audit_delivery_count"]!);
        Assert.Equal(0.5, (double)after["acknowledgement_audit_delivery_success_rate"]!);
        Assert.Equal("critical", (string?)after["acknowledgement_audit_delivery_health"]);
        Assert.Equal(["splunk", "webhook"], after["acknowledgement_audit_delivery_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(0, (long)after["outstanding_acknowledgement_count"]!);
        Assert.True((bool)(await client.GetJsonAsync($"{P}/evidence/verify")).Body["verified"]!);
    }

    [Fact]
    public async Task Deliver_audit_refuses_unconfigured_providers_and_works_only_with_connectors()
    {
        await using var factory = new CavraApiFactory();
        var (none, problem) = await factory.CreateClient().PostJsonAsync($"{P}/acknowledgements/audit-delivery", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("connector config is not configured", (string?)problem["detail"], StringComparison.Ordinal);

        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var configured = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url() });
        var client = configured.CreateClient();
        var (unknown, unknownProblem) = await client.PostJsonAsync($"{P}/acknowledgements/audit-delivery", """{"delivery_provider":"jira"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("jira", (string?)unknownProblem["errors"]!["provider"]![0], StringComparison.Ordinal);
        var (badTime, timeProblem) = await client.PostJsonAsync($"{P}/acknowledgements/audit-delivery", """{"next_delivery_at":"tomorrow"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.True(timeProblem["errors"]!.AsObject().ContainsKey("next_delivery_at"));
        Assert.Empty(receiver.Requests);
        Assert.Equal(0, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
    }
}
