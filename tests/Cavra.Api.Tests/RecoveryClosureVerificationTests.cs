using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>A closure says whether its verification references prove a delivery; resolving without proof needs an override.</summary>
public class RecoveryClosureVerificationTests
{
    private static readonly string Execute = $$$"""{"execute":true,"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30,"cadence":"manual_retry"},"retries":0,"timeout_seconds":2}""";

    /// <summary>Ack Retry → Plan Retry Approval → Approve Retry → Execute Retry against the failing receiver: a failed execution id.</summary>
    private static async Task<string> FailedExecutionAsync(FailedAuditDelivery flow)
    {
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        var approval = (await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!;
        var entry = approval["approval_decisions"]![0]!;
        await flow.PostOkAsync($"{A}/retry-execution-approval-plans/{(string)approval["approval_plan_id"]!}/decisions", new JsonObject
        {
            ["provider"] = "splunk", ["decided_by"] = "release-manager", ["delivery_id"] = entry["delivery_id"]!.DeepClone(), ["audit_id"] = entry["audit_id"]!.DeepClone(),
        }.ToJsonString());
        var run = await flow.PostOkAsync($"{A}/worker-run", Execute);
        var execution = run["retry_results"]![0]!["execution_record"]!;
        Assert.Equal("failed", (string?)execution["execution_status"]);
        return (string)execution["execution_id"]!;
    }

    private static string Closure(string reference, string reason, params string[] more) => new JsonObject
    {
        ["provider"] = "splunk",
        ["closed_by"] = "soc-analyst",
        ["verification_refs"] = new JsonArray([(JsonNode)reference, .. more.Select(m => (JsonNode)m)]),
        ["override"] = new JsonObject { ["reason"] = reason },
    }.ToJsonString();

    [Fact]
    public async Task Resolving_with_only_a_failed_execution_is_a_400_and_an_override_is_recorded()
    {
        await using var flow = await StartAsync();
        var failed = await FailedExecutionAsync(flow);
        var playbookId = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;
        var closures = $"{A}/connector-recovery-playbooks/{playbookId}/closures";
        var before = await flow.RecordCountAsync();

        var (refused, problem) = await flow.Client.PostJsonAsync(closures,
            $$"""{"provider":"splunk","closed_by":"soc-analyst","closure_state":"resolved","verification_refs":["{{failed}}","INC-42"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (string)problem["errors"]!["verification_refs"]![0]!;
        Assert.Contains($"{failed}: a retry execution that failed", message, StringComparison.Ordinal);
        Assert.Contains("override.reason", message, StringComparison.Ordinal);

        var (noRefs, _) = await flow.Client.PostJsonAsync(closures, """{"provider":"splunk","closed_by":"soc-analyst"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noRefs.StatusCode);
        var (emptyReason, reasonProblem) = await flow.Client.PostJsonAsync(closures, Closure(failed, " "));
        Assert.Equal(HttpStatusCode.BadRequest, emptyReason.StatusCode);
        Assert.True(reasonProblem["errors"]!.AsObject().ContainsKey("override.reason"), reasonProblem.ToJsonString());
        var (secretReason, secretProblem) = await flow.Client.PostJsonAsync(closures, Closure(failed, "token ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"));
        Assert.Equal(HttpStatusCode.BadRequest, secretReason.StatusCode);
        Assert.True(secretProblem["errors"]!.AsObject().ContainsKey("override.reason"), secretProblem.ToJsonString());
        Assert.Equal(before, await flow.RecordCountAsync());

        // With an explicit override the closure is stored, and says that nothing proves the delivery.
        var (overridden, body) = await flow.Client.PostJsonAsync(closures, Closure(failed, "vendor confirmed HEC is back; retry window closed", "INC-42"));
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var closure = body["closure"]!;
        Assert.Equal("resolved", (string?)closure["closure_state"]);
        Assert.False((bool)closure["verified_delivery"]!);
        Assert.Equal("vendor confirmed HEC is back; retry window closed", (string?)closure["override"]!["reason"]);
        Assert.Equal("soc-analyst", (string?)closure["override"]!["by"]);
        var verification = closure["verification"]!.AsArray();
        Assert.Equal($"{K}-retry-execution-record", (string?)verification[0]!["metadata_kind"]);
        Assert.False((bool)verification[0]!["proves_delivery"]!);
        Assert.Null(verification[1]!["metadata_kind"]);
        Assert.Contains("not an evidence record", (string?)verification[1]!["reason"], StringComparison.Ordinal);
        Assert.Equal(before + 1, await flow.RecordCountAsync());

        // Other states record how things stand without claiming a delivery: no override needed.
        var (deferred, deferredBody) = await flow.Client.PostJsonAsync(closures,
            $$"""{"provider":"splunk","closed_by":"soc-analyst","closure_state":"deferred","verification_refs":["{{failed}}"]}""");
        Assert.Equal(HttpStatusCode.OK, deferred.StatusCode);
        Assert.False((bool)deferredBody["closure"]!["verified_delivery"]!);
        Assert.Null(deferredBody["closure"]!["override"]);
    }

    [Fact]
    public async Task A_successful_delivery_record_or_delivered_execution_proves_the_recovery()
    {
        await using var flow = await StartAsync();
        var failed = await FailedExecutionAsync(flow);
        var playbookId = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;
        flow.Splunk.Status = 200;
        var delivered = await flow.PostOkAsync("/connectors/splunk/test-deliveries", """{"requested_by":"soc-analyst","retries":0}""");
        var deliveryRecord = (string)delivered["metadata"]!["session_id"]!;

        var closure = (await flow.PostOkAsync($"{A}/connector-recovery-playbooks/{playbookId}/closures",
            $$"""{"provider":"splunk","closed_by":"soc-analyst","verification_refs":["{{failed}}","{{deliveryRecord}}"]}"""))["closure"]!;
        Assert.True((bool)closure["verified_delivery"]!);
        Assert.Null(closure["override"]);
        var proof = closure["verification"]!.AsArray().Single(v => (string?)v!["ref"] == deliveryRecord)!;
        Assert.Equal("release-connector-delivery", (string?)proof["metadata_kind"]);
        Assert.True((bool)proof["proves_delivery"]!);
        Assert.Equal("a connector delivery that reached splunk", (string?)proof["reason"]);
    }
}
