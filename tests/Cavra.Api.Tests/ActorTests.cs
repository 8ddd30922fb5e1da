using System.Net;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>A record names the actor its request named, or "unspecified": never "console" unless the request said so.</summary>
public class ActorTests
{
    [Fact]
    public async Task Requests_without_an_actor_are_signed_unspecified_and_nothing_claims_the_console()
    {
        // The flow stores a schedule, delivers notifications and delivers an audit, all without naming an actor.
        await using var flow = await StartAsync();
        await flow.PostOkAsync($"{P}/escalation-plan", "{}");
        await flow.PostOkAsync($"{P}/acknowledgements/audit-package", "{}");
        await flow.PostOkAsync($"{A}/retry-plan", "{}");
        await flow.PostOkAsync($"{A}/worker-run", "{}");
        await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}");
        await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}""");
        var test = await flow.PostOkAsync("/connectors/webhook/test-deliveries", "{}");
        Assert.Equal("unspecified", (string?)test["metadata"]!["requested_by"]);
        await flow.GetOkAsync($"{P}/suppression-trends?persist=true");
        var drill = await flow.PostOkAsync("/runtime/go-pilot/rollback-drills", """{"drill_id":"drill-47","executed_at":"2026-11-20T10:00:00Z","recovery_minutes":5,"max_recovery_minutes":15}""");
        Assert.Equal("unspecified", (string?)drill["metadata"]!["signer"]);
        using var schedule = new StringContent(DrillSetup.StaleSchedule(["release-manager"], "webhook").ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var stored = await (await flow.Client.PutAsync(new Uri("/runtime/go-pilot/rollback-drill-schedule", UriKind.Relative), schedule)).ReadObjectAsync();
        Assert.Equal("unspecified", (string?)stored["metadata"]!["signer"]);

        var items = (await flow.GetOkAsync($"{P}?limit=200"))["items"]!.AsArray();
        Assert.DoesNotContain(items, i => (string?)i!["signer"] == "console");
        foreach (var kind in new[]
        {
            "go-backend-rollback-drill-notification-plan",
            "go-backend-rollback-drill-notification-escalation-plan", "go-backend-rollback-drill-acknowledgement-audit-package",
            "go-backend-rollback-drill-acknowledgement-audit-delivery-plan",
            $"{K}-retry-plan", $"{K}-worker-run", $"{K}-retry-execution-approval-plan", $"{K}-connector-recovery-playbook",
            "go-backend-rollback-drill-routing-suppression-trend",
        })
        {
            var ofKind = items.Where(i => (string?)i!["metadata_kind"] == kind).ToList();
            Assert.True(ofKind.Count > 0, $"no {kind} record");
            Assert.All(ofKind, i => Assert.Equal("unspecified", (string?)i!["signer"]));
        }

        // Saying "console" is allowed: then the record says so, because the request did.
        var named = await flow.PostOkAsync($"{P}/escalation-plan", """{"generated_by":"console"}""");
        Assert.Equal("console", (string?)named["metadata"]!["signer"]);
    }

    [Fact]
    public async Task Human_decisions_still_refuse_a_missing_actor()
    {
        await using var flow = await StartAsync();
        var before = await flow.RecordCountAsync();
        var (response, problem) = await flow.Client.PostJsonAsync($"{P}/{DrillSetup.ScheduleId}/acknowledgements", """{"provider":"webhook"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("acknowledged_by"));
        Assert.Equal(before, await flow.RecordCountAsync());
    }
}
