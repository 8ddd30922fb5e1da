using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 003 (live retry closure evidence): a live retry is sent only under an unused approval, each execution record
/// names its approval, and the recovery is closed with verification references; history shows the whole trace.
/// </summary>
public class LiveRetryClosureTests
{
    private const string Execute = ExecuteRetry;

    [Fact]
    public async Task Seed_003_operator_flow()
    {
        await using var flow = await StartAsync();

        // Execute Retry without an approval: listed with its reason, nothing sent, no execution record.
        var splunkRequests = flow.Splunk.Requests.Count;
        var unapproved = await flow.PostOkAsync($"{A}/worker-run", Execute);
        Assert.False((bool)unapproved["run"]!["dry_run"]!);
        Assert.Equal(0, (int)unapproved["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Equal(1, (int)unapproved["run"]!["summary"]!["approval_pending_count"]!);
        var followUp = unapproved["run"]!["follow_up_actions"]![0]!;
        Assert.Equal("approval_required", (string?)followUp["approval_state"]);
        Assert.StartsWith("approval required", (string)followUp["gate_reason"]!, StringComparison.Ordinal);
        Assert.Empty(unapproved["retry_results"]!.AsArray());
        Assert.Equal(splunkRequests, flow.Splunk.Requests.Count);

        // Plan Audit Retry → Ack Retry → Plan Retry Approval → Approve Retry.
        var retryPlan = (await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(1, (int)retryPlan["retryable_count"]!);
        var retryPlanId = (string)retryPlan["retry_plan_id"]!;
        var approvalPlan = (await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!;
        Assert.Equal("wait_for_retry_ack", (string?)approvalPlan["approval_decisions"]![0]!["action"]);
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        var firstDecision = await ApproveAsync(flow);

        // Execute Retry against the receiver that still fails: one failed execution bound to the approval.
        var failedRun = await flow.PostOkAsync($"{A}/worker-run", Execute);
        Assert.Equal("failed", (string?)failedRun["run"]!["status"]);
        var failedExecution = failedRun["retry_results"]![0]!["execution_record"]!;
        Assert.Equal("failed", (string?)failedExecution["execution_status"]);
        Assert.Equal(firstDecision, (string?)failedExecution["approval_decision_id"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)failedExecution["execution_hash"]!);
        Assert.Equal(splunkRequests + 1, flow.Splunk.Requests.Count);
        var afterFailure = await flow.GetOkAsync($"{A}/worker-health");
        Assert.Equal(1, (int)afterFailure["failed_job_count"]!);
        Assert.Contains(afterFailure["alerts"]!.AsArray(), a => (string?)a!["category"] == "failed_worker_run");

        // The same approval does not authorise a second live execution.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var reused = await flow.PostOkAsync($"{A}/worker-run", Execute);
        Assert.Equal(0, (int)reused["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Contains(firstDecision, (string)reused["run"]!["follow_up_actions"]![0]!["gate_reason"]!, StringComparison.Ordinal);
        Assert.Equal(splunkRequests + 1, flow.Splunk.Requests.Count);

        // A new approval, and the receiver answers 200 now: one delivered execution.
        flow.Splunk.Status = 200;
        var secondDecision = await ApproveAsync(flow);
        Assert.NotEqual(firstDecision, secondDecision);
        var deliveredRun = await flow.PostOkAsync($"{A}/worker-run", Execute);
        Assert.Equal("completed", (string?)deliveredRun["run"]!["status"]);
        var result = deliveredRun["retry_results"]![0]!;
        var delivered = result["execution_record"]!;
        Assert.Equal("delivered", (string?)delivered["execution_status"]);
        Assert.Equal(secondDecision, (string?)delivered["approval_decision_id"]);
        Assert.Equal(flow.DeliveryId, (string?)delivered["delivery_id"]);
        Assert.Equal(flow.AuditId, (string?)delivered["audit_id"]);
        Assert.Equal((string?)result["delivery_plan"]!["delivery_id"], (string?)delivered["delivery_plan_id"]);
        Assert.Equal((string?)result["delivery_metadata"]!["session_id"], (string?)delivered["delivery_metadata_id"]);
        Assert.Contains($"go-rollback-drill-retry-approval://{secondDecision}", delivered["public_evidence_refs"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(splunkRequests + 2, flow.Splunk.Requests.Count);
        Assert.Equal("cavra.go_backend.rollback_drill.acknowledgement_audit_delivery",
            (string?)JsonNode.Parse(flow.Splunk.Requests.Last().Body)!["event"]!["event_type"]);

        // The delivered retry settles the failure: nothing left to retry.
        Assert.Equal(0, (int)(await flow.PostOkAsync($"{A}/retry-plan", "{}"))["plan"]!["decision_count"]!);

        // Recovery Playbook → Close Recovery with the execution ids as verification references.
        var playbook = (await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1,"lookback_hours":24}"""))["playbook"]!;
        var splunk = playbook["provider_playbooks"]![0]!;
        Assert.Equal("splunk", (string?)splunk["provider"]);
        Assert.Equal("siem", (string?)splunk["category"]);
        Assert.Equal(2, (int)splunk["failure_count"]!);
        // Status codes are integers here as everywhere else (the original listed them as strings).
        Assert.Equal("[500]", splunk["status_codes"]!.ToJsonString());
        Assert.Equal(6, splunk["recovery_steps"]!.AsArray().Count);
        var playbookId = (string)playbook["playbook_id"]!;
        var closure = (await flow.PostOkAsync($"{A}/connector-recovery-playbooks/{playbookId}/closures", new JsonObject
        {
            ["provider"] = "splunk", ["closed_by"] = "soc-analyst", ["external_ref"] = "INC-42", ["notes"] = "HEC token rotated in the vault",
            ["verification_refs"] = new JsonArray((string)failedExecution["execution_id"]!, (string)delivered["execution_id"]!, ""),
        }.ToJsonString()))["closure"]!;
        Assert.Equal("resolved", (string?)closure["closure_state"]);
        Assert.Equal(2, closure["verification_refs"]!.AsArray().Count);
        Assert.StartsWith($"gordackrecoveryclosure-{((string)closure["closure_hash"]!)[..16]}", (string)closure["closure_id"]!, StringComparison.Ordinal);

        // History shows the full trace of the delivery: the failed original and retries, and both executions.
        Assert.Equal(3, await flow.HistoryTotalAsync($"delivery_id={flow.DeliveryId}&metadata_kind=release-connector-delivery"));
        Assert.Equal(2, await flow.HistoryTotalAsync($"delivery_id={flow.DeliveryId}&metadata_kind={K}-retry-execution-record"));
        foreach (var kind in new[] { "retry-plan", "retry-ack", "retry-execution-approval-plan", "retry-execution-approval-decision",
            "retry-execution-record", "connector-recovery-playbook", "connector-recovery-closure", "worker-run" })
        {
            Assert.True(await flow.HistoryTotalAsync($"connector_delivery_source=go_backend_rollback_drill_acknowledgement_audit&metadata_kind={K}-{kind}") > 0, kind);
        }

        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_retry_execution_record_count"]!);
        Assert.Equal(0, (long)dashboard["acknowledgement_audit_delivery_retryable_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_retry_execution_success_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_retry_execution_failed_count"]!);
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_retry_execution_approval_decision_count"]!);
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_retry_execution_approved_count"]!);
        Assert.Equal(3, (long)dashboard["acknowledgement_audit_delivery_retry_execution_approval_plan_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_connector_recovery_playbook_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_connector_recovery_closure_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_connector_recovery_closed_count"]!);
        Assert.Equal(4, (long)dashboard["acknowledgement_audit_delivery_worker_executed_count"]!);
        Assert.Equal(0, (long)dashboard["acknowledgement_audit_delivery_worker_dry_run_count"]!);
        Assert.Equal(3, (long)dashboard["acknowledgement_audit_delivery_count"]!);
        Assert.Equal(2, (long)dashboard["failed_acknowledgement_audit_delivery_count"]!);
        Assert.True((bool)(await flow.GetOkAsync($"{P}/evidence/verify"))["verified"]!);
    }

    [Fact]
    public async Task A_repeated_run_in_the_same_window_is_the_same_run()
    {
        await using var flow = await StartAsync();
        var body = $$$"""{"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30}}""";
        var first = await flow.PostOkAsync($"{A}/worker-run", body);
        var records = await flow.RecordCountAsync();
        flow.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await flow.PostOkAsync($"{A}/worker-run", body);
        Assert.True((bool)first["created"]!);
        Assert.False((bool)second["created"]!);
        Assert.Equal((string?)first["run"]!["run_id"], (string?)second["run"]!["run_id"]);
        Assert.Equal(records, await flow.RecordCountAsync());

        // The next window is a new run.
        flow.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True((bool)(await flow.PostOkAsync($"{A}/worker-run", body))["created"]!);
    }

    [Fact]
    public async Task A_later_denial_revokes_an_approval()
    {
        await using var flow = await StartAsync();
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        await ApproveAsync(flow);
        var approvalPlanId = (string)(await flow.PostOkAsync($"{A}/retry-execution-approval-plan", "{}"))["plan"]!["approval_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-execution-approval-plans/{approvalPlanId}/decisions",
            """{"provider":"splunk","decided_by":"release-manager","approval_state":"denied"}""");
        var requests = flow.Splunk.Requests.Count;
        var run = await flow.PostOkAsync($"{A}/worker-run", Execute);
        Assert.Equal(0, (int)run["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Equal(requests, flow.Splunk.Requests.Count);
    }

    /// <summary>Plan Retry Approval, then approve its one requested decision; returns the decision id.</summary>
    private static Task<string> ApproveAsync(FailedAuditDelivery flow) => flow.ApproveRetryAsync();
}
