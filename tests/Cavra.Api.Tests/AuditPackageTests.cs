using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>The acknowledgement audit package (reference B1).</summary>
public class AuditPackageTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    [Fact]
    public async Task Package_lists_delivered_routes_with_their_latest_acknowledgement()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack"));
        await client.PostJsonAsync($"{P}/deliver", "{}");
        await client.PostJsonAsync($"{P}/{DrillSetup.ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager","external_ref":"CHG-7","notes":"seen"}""");
        await client.PostJsonAsync($"{P}/{DrillSetup.ScheduleId}/acknowledgements", """{"provider":"slack","acknowledged_by":"sre","acknowledgement_state":"escalated"}""");

        var (response, body) = await client.PostJsonAsync($"{P}/acknowledgements/audit-package", """{"generated_by":"auditor"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var package = body["audit_package"]!;
        Assert.Matches("^gordackaudit-[0-9a-f]{16}$", (string?)package["audit_id"]);
        Assert.Equal(2, (int)package["route_count"]!);
        Assert.Equal(2, (int)package["acknowledgement_count"]!);
        Assert.Equal(1, (int)package["acknowledged_count"]!);
        Assert.Equal(1, (int)package["escalated_count"]!);
        Assert.Equal(1, (int)package["outstanding_count"]!);
        Assert.Equal("critical", (string?)package["alert_level"]);
        var webhook = package["routes"]!.AsArray().Single(r => (string?)r!["provider"] == "webhook")!;
        Assert.Equal("CHG-7", (string?)webhook["external_ref"]);
        Assert.True((bool)webhook["acknowledged"]!);
        Assert.Equal("go-backend-rollback-drill-acknowledgement-audit-package", (string?)body["metadata"]!["metadata_kind"]);
        Assert.Equal(2, (int)body["metadata"]!["blocked_count"]!);

        // The same evidence gives the same package (timestamp-free id), stored once.
        var (_, again) = await client.PostJsonAsync($"{P}/acknowledgements/audit-package", """{"generated_by":"auditor"}""");
        Assert.Equal((string?)package["audit_id"], (string?)again["audit_package"]!["audit_id"]);

        var (_, filtered) = await client.PostJsonAsync($"{P}/acknowledgements/audit-package", """{"provider":"WebHook"}""");
        Assert.Equal(1, (int)filtered["audit_package"]!["route_count"]!);
        Assert.Equal("healthy", (string?)filtered["audit_package"]!["alert_level"]);

        var (bad, problem) = await client.PostJsonAsync($"{P}/acknowledgements/audit-package", """{"provider":"pagerduty"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("provider"));
    }
}
