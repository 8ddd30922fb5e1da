using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 002 (retry recovery reporting): after approved live retries that delivered to one provider and failed for the
/// other, a playbook for both and a closure for one, the Retry Recovery SLO report says exactly what was stored, and
/// only the open recovery breaches once it is older than the SLO.
/// </summary>
public class RetryRecoveryReportTests
{
    private const string Report = $"{A}/retry-recovery-report";

    [Fact]
    public async Task Seed_002_operator_flow()
    {
        await using var flow = await StartAsync();
        var (webhookExecution, splunkExecution, playbookId, closure) = await RecoverWebhookOnlyAsync(flow);

        var response = await flow.GetOkAsync($"{Report}?generated_by=release-manager");
        var report = response["report"]!;
        Assert.Equal("critical", (string?)report["alert_level"]);
        Assert.Equal(240, (int)report["recovery_slo_minutes"]!);
        Assert.Equal("release-manager", (string?)report["generated_by"]);
        Assert.Equal(2, (int)report["execution_count"]!);
        Assert.Equal(1, (int)report["execution_success_count"]!);
        Assert.Equal(1, (int)report["execution_failed_count"]!);
        Assert.Equal(0.5, (double)report["execution_success_rate"]!);
        Assert.Equal("""{"delivered":1,"failed":1,"skipped":0}""", report["execution_status_counts"]!.ToJsonString());
        Assert.Equal(2, (int)report["recovery_playbook_provider_count"]!);
        Assert.Equal(1, (int)report["recovery_closed_count"]!);
        Assert.Equal(1, (int)report["recovery_open_count"]!);
        Assert.Equal(0, (int)report["recovery_slo_breached_count"]!);
        Assert.Equal("""{"resolved":1}""", report["closure_state_counts"]!.ToJsonString());

        var providers = report["provider_summary"]!.AsArray();
        Assert.Equal(["splunk", "webhook"], providers.Select(p => (string)p!["provider"]!));
        var splunk = providers[0]!;
        Assert.Equal((1, 0, 1, 0), ((int)splunk["execution_count"]!, (int)splunk["execution_delivered_count"]!, (int)splunk["execution_failed_count"]!, (int)splunk["execution_skipped_count"]!));
        Assert.Equal((1, 0, 1, 0), ((int)splunk["recovery_playbook_count"]!, (int)splunk["recovery_closure_count"]!, (int)splunk["open_recovery_count"]!, (int)splunk["slo_breached_count"]!));
        Assert.Equal((string?)splunkExecution["executed_at"], (string?)splunk["latest_execution_at"]);
        Assert.Null((string?)splunk["latest_closure_at"]);
        var webhook = providers[1]!;
        Assert.Equal((1, 1, 0, 0), ((int)webhook["execution_count"]!, (int)webhook["execution_delivered_count"]!, (int)webhook["execution_failed_count"]!, (int)webhook["execution_skipped_count"]!));
        Assert.Equal((1, 1, 0, 0), ((int)webhook["recovery_playbook_count"]!, (int)webhook["recovery_closure_count"]!, (int)webhook["open_recovery_count"]!, (int)webhook["slo_breached_count"]!));
        Assert.Equal((string?)closure["closed_at"], (string?)webhook["latest_closure_at"]);

        var rows = report["recovery_rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var open = rows.Single(r => (string?)r!["provider"] == "splunk")!;
        Assert.Equal((playbookId, "siem", "open", "open", false), ((string)open["playbook_id"]!, (string)open["category"]!, (string)open["closure_state"]!, (string)open["slo_status"]!, (bool)open["slo_breached"]!));
        Assert.Equal(2, (int)open["failure_count"]!);
        Assert.Equal(0, (int)open["age_minutes"]!);
        Assert.Null(open["closure_id"]);
        Assert.Null(open["closure_minutes"]);
        var closed = rows.Single(r => (string?)r!["provider"] == "webhook")!;
        Assert.Equal(("resolved", "closed", false), ((string)closed["closure_state"]!, (string)closed["slo_status"]!, (bool)closed["slo_breached"]!));
        Assert.Equal((string?)closure["closure_id"], (string?)closed["closure_id"]);
        Assert.Equal(0, (int)closed["closure_minutes"]!);

        var trends = report["closure_trends"]!.AsArray();
        Assert.Single(trends);
        Assert.Equal("2026-11-23", (string?)trends[0]!["date"]);
        Assert.Equal((1, 1, 0, 0, 0, 0), ((int)trends[0]!["closure_count"]!, (int)trends[0]!["resolved_count"]!, (int)trends[0]!["mitigated_count"]!,
            (int)trends[0]!["deferred_count"]!, (int)trends[0]!["escalated_count"]!, (int)trends[0]!["reopened_count"]!));
        Assert.Equal("""{"webhook":1}""", trends[0]!["provider_counts"]!.ToJsonString());

        var latest = report["latest_executions"]!.AsArray();
        Assert.Equal(
            new[] { (string)webhookExecution["execution_id"]!, (string)splunkExecution["execution_id"]! }.Order(),
            latest.Select(e => (string)e!["execution_id"]!).Order());
        Assert.All(latest, e => Assert.StartsWith("gordackretryapprovaldecision-", (string)e!["approval_decision_id"]!, StringComparison.Ordinal));

        // Stored by default, with the reference's counts.
        var metadata = response["metadata"]!;
        Assert.Equal($"{K}-retry-recovery-report", (string?)metadata["metadata_kind"]);
        Assert.Equal((string?)report["report_id"], (string?)metadata["session_id"]);
        Assert.StartsWith("gordackretryreport-", (string)report["report_id"]!, StringComparison.Ordinal);
        Assert.Equal((2, 1, 1), ((int)metadata["decision_count"]!, (int)metadata["blocked_count"]!, (int)metadata["approval_required_count"]!));
        Assert.Equal("release-manager", (string?)metadata["signer"]);
        Assert.True(JsonNode.DeepEquals(report, metadata["retry_recovery_report"]));

        // Past the SLO only the open recovery breaches; the closed one never does.
        flow.Clock.Advance(TimeSpan.FromMinutes(241));
        var records = await flow.RecordCountAsync();
        var later = await flow.GetOkAsync($"{Report}?persist=false");
        Assert.Null(later["metadata"]);
        Assert.Equal(records, await flow.RecordCountAsync());
        var breached = later["report"]!["recovery_rows"]!.AsArray();
        Assert.Equal("splunk", (string?)breached[0]!["provider"]);
        Assert.Equal(("breached", true, 241), ((string)breached[0]!["slo_status"]!, (bool)breached[0]!["slo_breached"]!, (int)breached[0]!["age_minutes"]!));
        Assert.Equal(("closed", false), ((string)breached[1]!["slo_status"]!, (bool)breached[1]!["slo_breached"]!));
        Assert.Equal(1, (int)later["report"]!["recovery_slo_breached_count"]!);
        Assert.Equal(1, (int)later["report"]!["provider_summary"]![0]!["slo_breached_count"]!);
        Assert.Equal(Actors.Unspecified, (string?)later["report"]!["generated_by"]);

        // A longer SLO: nothing breaches.
        var lenient = await flow.GetOkAsync($"{Report}?recovery_slo_minutes=300&persist=false");
        Assert.Equal(0, (int)lenient["report"]!["recovery_slo_breached_count"]!);
        Assert.Equal(records, await flow.RecordCountAsync());
        Assert.True((bool)(await flow.GetOkAsync($"{P}/evidence/verify"))["verified"]!);
    }

    [Fact]
    public async Task An_empty_store_gives_a_healthy_report()
    {
        await using var flow = await StartAsync();
        var report = (await flow.GetOkAsync($"{Report}?persist=false"))["report"]!;
        Assert.Equal("healthy", (string?)report["alert_level"]);
        Assert.Equal(0, (int)report["execution_count"]!);
        Assert.Null(report["execution_success_rate"]);
        Assert.Empty(report["recovery_rows"]!.AsArray());
    }

    [Theory]
    [InlineData("recovery_slo_minutes=0", "recovery_slo_minutes")]
    [InlineData("recovery_slo_minutes=525601", "recovery_slo_minutes")]
    [InlineData("recovery_slo_minutes=abc", "recovery_slo_minutes")]
    [InlineData("persist=maybe", "persist")]
    [InlineData("generated_by=xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx", "generated_by")]
    public async Task Bad_query_input_is_a_400_naming_the_field_and_stores_nothing(string query, string field)
    {
        await using var flow = await StartAsync();
        var records = await flow.RecordCountAsync();
        var (response, problem) = await flow.Client.GetJsonAsync($"{Report}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains(field, StringComparison.Ordinal) == true, problem.ToJsonString());
        Assert.DoesNotContain("xoxb-", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(records, await flow.RecordCountAsync());
    }

    /// <summary>
    /// A second failed audit delivery (to webhook); both retries acknowledged, approved and executed live with only the
    /// webhook receiver fixed; a playbook for both providers and a verified closure for webhook.
    /// </summary>
    internal static async Task<(JsonNode WebhookExecution, JsonNode SplunkExecution, string PlaybookId, JsonNode Closure)> RecoverWebhookOnlyAsync(
        FailedAuditDelivery flow)
    {
        flow.Webhook.Status = 500;
        var (_, second) = await flow.Client.PostJsonAsync(A, """{"delivery_provider":"webhook","retries":0,"timeout_seconds":2}""");
        Assert.False((bool)second["success"]!);

        var retryPlan = (await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(2, (int)retryPlan["retryable_count"]!);
        foreach (var provider in new[] { "splunk", "webhook" })
        {
            await flow.PostOkAsync($"{A}/retry-plans/{(string)retryPlan["retry_plan_id"]!}/acknowledgements",
                $$"""{"provider":"{{provider}}","acknowledged_by":"soc-analyst"}""");
        }

        var approvalPlan = (await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!;
        foreach (var entry in approvalPlan["approval_decisions"]!.AsArray())
        {
            Assert.Equal("request_approval", (string?)entry!["action"]);
            await flow.PostOkAsync($"{A}/retry-execution-approval-plans/{(string)approvalPlan["approval_plan_id"]!}/decisions", new JsonObject
            {
                ["provider"] = entry["provider"]!.DeepClone(), ["decided_by"] = "release-manager", ["retry_plan_id"] = entry["retry_plan_id"]!.DeepClone(),
                ["delivery_id"] = entry["delivery_id"]!.DeepClone(), ["audit_id"] = entry["audit_id"]!.DeepClone(),
            }.ToJsonString());
        }

        flow.Webhook.Status = 200;
        var run = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        var executions = run["retry_results"]!.AsArray().Select(r => r!["execution_record"]!).ToList();
        var webhookExecution = executions.Single(e => (string?)e["provider"] == "webhook");
        var splunkExecution = executions.Single(e => (string?)e["provider"] == "splunk");
        Assert.Equal("delivered", (string?)webhookExecution["execution_status"]);
        Assert.Equal("failed", (string?)splunkExecution["execution_status"]);

        var playbook = (await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1,"lookback_hours":24}"""))["playbook"]!;
        Assert.Equal(2, (int)playbook["provider_count"]!);
        var playbookId = (string)playbook["playbook_id"]!;
        var closure = (await flow.PostOkAsync($"{A}/connector-recovery-playbooks/{playbookId}/closures", new JsonObject
        {
            ["provider"] = "webhook", ["closed_by"] = "soc-analyst", ["external_ref"] = "INC-7",
            ["verification_refs"] = new JsonArray((string)webhookExecution["execution_id"]!),
        }.ToJsonString()))["closure"]!;
        return (webhookExecution, splunkExecution, playbookId, closure);
    }
}
