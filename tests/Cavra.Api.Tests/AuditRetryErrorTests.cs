using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>Bad input on every retry governance route is a 400 naming the field or a 404, and stores nothing.</summary>
public class AuditRetryErrorTests
{
    private const string SlackToken = "xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx";

    [Fact]
    public async Task Bad_input_on_every_route_is_refused_and_stores_nothing()
    {
        await using var flow = await StartAsync();
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        var approvalPlanId = (string)(await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!["approval_plan_id"]!;
        var playbookId = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;
        var healthId = (string)(await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook"}"""))["event_id"]!;
        var records = await flow.RecordCountAsync();
        var tooManyRefs = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"ref-{i}")]).ToJsonString();

        (string Url, string? Body, HttpStatusCode Status, string? Field)[] cases =
        [
            ($"{A}/retry-plan", """{"retry_policy":{"max_retry_attempts":"three"}}""", HttpStatusCode.BadRequest, "retry_policy.max_retry_attempts"),
            ($"{A}/retry-plan", """{"retry_policy":{"backoff_multiplier":0.5}}""", HttpStatusCode.BadRequest, "retry_policy.backoff_multiplier"),
            ($"{A}/retry-plan", """{"retry_policy":[]}""", HttpStatusCode.BadRequest, "retry_policy"),
            ($"{A}/worker-run", """{"max_retry_deliveries":26}""", HttpStatusCode.BadRequest, "max_retry_deliveries"),
            ($"{A}/worker-run", """{"max_retry_deliveries":"5"}""", HttpStatusCode.BadRequest, "max_retry_deliveries"),
            ($"{A}/worker-run", """{"dry_run":true,"execute":true}""", HttpStatusCode.BadRequest, "dry_run"),
            ($"{A}/worker-run", """{"schedule":{"interval_minutes":0}}""", HttpStatusCode.BadRequest, "schedule.interval_minutes"),
            ($"{A}/worker-run", """{"generated_by":"{{SlackToken}}"}""".Replace("{{SlackToken}}", SlackToken, StringComparison.Ordinal), HttpStatusCode.BadRequest, "generated_by"),
            ($"{A}/worker-runs?limit=0", null, HttpStatusCode.BadRequest, "limit"),
            ($"{A}/worker-health?expected_interval_minutes=0", null, HttpStatusCode.BadRequest, "expected_interval_minutes"),
            ($"{A}/worker-health?stale_metadata_minutes=soon", null, HttpStatusCode.BadRequest, "stale_metadata_minutes"),
            ($"{A}/worker-health-alerts/deliver", """{"provider":"teams"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{A}/worker-health-alerts/deliver", """{"max_alerts":101}""", HttpStatusCode.BadRequest, "max_alerts"),
            ($"{A}/worker-health-alerts/deliver", """{"force":"yes"}""", HttpStatusCode.BadRequest, "force"),
            ($"{A}/worker-health-alerts?suppressed=true&metadata_kind=release-connector-delivery", null, HttpStatusCode.BadRequest, "suppressed"),
            ($"{A}/worker-health-alerts/gordackhealth-0000000000000000/acknowledgements", """{"provider":"webhook","acknowledged_by":"me"}""", HttpStatusCode.NotFound, null),
            ($"{A}/worker-health-alerts/{healthId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"me","acknowledgement_state":"accepted"}""", HttpStatusCode.BadRequest, "acknowledgement_state"),
            ($"{A}/worker-health-alerts/{healthId}/acknowledgements", """{"provider":"webhook"}""", HttpStatusCode.BadRequest, "acknowledged_by"),
            ($"{A}/worker-health-alerts/{healthId}/acknowledgements", $$"""{"provider":"webhook","acknowledged_by":"me","notes":"{{SlackToken}}"}""", HttpStatusCode.BadRequest, "notes"),
            ($"{A}/retry-plans/gordackretry-0000000000000000/acknowledgements", """{"provider":"splunk","acknowledged_by":"me"}""", HttpStatusCode.NotFound, null),
            ($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"slack","acknowledged_by":"me"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"me","acknowledgement_state":"approved"}""", HttpStatusCode.BadRequest, "acknowledgement_state"),
            ($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"me","delivery_id":"gordackdelivery-ffffffffffffffff"}""", HttpStatusCode.BadRequest, "delivery_id"),
            ($"{A}/retry-execution-approval-plan", """{"approval_policy":{"require_retry_ack":"no"}}""", HttpStatusCode.BadRequest, "approval_policy.require_retry_ack"),
            ($"{A}/retry-execution-approval-plans/gordackretryapproval-0000000000000000/decisions", """{"provider":"splunk","decided_by":"me"}""", HttpStatusCode.NotFound, null),
            ($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"splunk","decided_by":"me","approval_state":"maybe"}""", HttpStatusCode.BadRequest, "approval_state"),
            ($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"splunk","decided_by":"me"}""", HttpStatusCode.BadRequest, "approval_state"),
            ($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"splunk"}""", HttpStatusCode.BadRequest, "decided_by"),
            ($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"webhook","decided_by":"me"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"splunk","decided_by":"me","retry_plan_id":"gordackretry-1111111111111111","approval_state":"denied"}""", HttpStatusCode.BadRequest, "retry_plan_id"),
            ($"{A}/connector-recovery-playbook", """{"min_failure_count":0}""", HttpStatusCode.BadRequest, "min_failure_count"),
            ($"{A}/connector-recovery-playbook", """{"lookback_hours":"a day"}""", HttpStatusCode.BadRequest, "lookback_hours"),
            ($"{A}/connector-recovery-playbooks/gordackrecovery-0000000000000000/closures", """{"provider":"splunk","closed_by":"me"}""", HttpStatusCode.NotFound, null),
            ($"{A}/connector-recovery-playbooks/{playbookId}/closures", """{"provider":"webhook","closed_by":"me"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{A}/connector-recovery-playbooks/{playbookId}/closures", """{"provider":"splunk","closed_by":"me","closure_state":"done"}""", HttpStatusCode.BadRequest, "closure_state"),
            ($"{A}/connector-recovery-playbooks/{playbookId}/closures", $$"""{"provider":"splunk","closed_by":"me","verification_refs":{{tooManyRefs}}}""", HttpStatusCode.BadRequest, "verification_refs"),
            ($"{A}/connector-recovery-playbooks/{playbookId}/closures", $$"""{"provider":"splunk","closed_by":"me","verification_refs":["ok","{{SlackToken}}"]}""", HttpStatusCode.BadRequest, "verification_refs[1]"),
            ($"{A}/connector-recovery-playbooks/{playbookId}/closures", """{"provider":"splunk","closed_by":"me","verification_refs":"one"}""", HttpStatusCode.BadRequest, "verification_refs"),
        ];

        foreach (var (url, body, status, field) in cases)
        {
            var (response, problem) = body is null ? await flow.Client.GetJsonAsync(url) : await flow.Client.PostJsonAsync(url, body);
            Assert.True(response.StatusCode == status, $"{url} {body} → {(int)response.StatusCode} {problem.ToJsonString()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
            {
                Assert.True(problem["errors"]?[field] is not null, $"{url} {body}: no error for '{field}' in {problem.ToJsonString()}");
            }

            Assert.DoesNotContain(SlackToken, problem.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(records, await flow.RecordCountAsync());
        Assert.DoesNotContain(flow.Factory.LogLines, l => l.Contains(SlackToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_run_that_fails_while_storing_leaves_no_partial_run()
    {
        await using var flow = await StartAsync();
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        var approvalPlanId = (string)(await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!["approval_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions", """{"provider":"splunk","decided_by":"release-manager"}""");
        var records = await flow.RecordCountAsync();

        // The database refuses the execution record, after the run's retry plan, delivery plan and delivery were written
        // in the same transaction.
        flow.Factory.Tamper(
            $"CREATE TRIGGER refuse_execution BEFORE INSERT ON evidence_records WHEN NEW.record_json LIKE '%{K}-retry-execution-record%' " +
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        var (response, problem) = await flow.Client.PostJsonAsync($"{A}/worker-run",
            $$$"""{"execute":true,"retry_policy":{{{Immediate}}},"retries":0,"timeout_seconds":2}""");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("nothing was stored", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(records, await flow.RecordCountAsync());
        Assert.Equal(0, await flow.HistoryTotalAsync($"metadata_kind={K}-worker-run"));
        Assert.True((bool)(await flow.GetOkAsync($"{P}/evidence/verify"))["verified"]!);

        // Once the database accepts writes again, the same approval still authorises the retry.
        flow.Factory.Tamper("DROP TRIGGER refuse_execution;");
        var run = await flow.PostOkAsync($"{A}/worker-run", $$$"""{"execute":true,"retry_policy":{{{Immediate}}},"retries":0,"timeout_seconds":2}""");
        Assert.Equal(1, (int)run["run"]!["summary"]!["selected_retry_count"]!);
    }
}
