using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Dashboards and health tell the current truth: levels describe what is still open (with reasons, ids and the next
/// action), worker health and the worker dashboard are judged by one rule, a failure stays visible until something
/// settles it, history filters keep every record kind, and a suppressed alert says so.
/// </summary>
public class CurrentHealthTests
{
    [Fact]
    public async Task The_dashboard_lists_the_open_delivery_and_is_healthy_again_after_the_retry_delivered_and_the_recovery_closed()
    {
        await using var flow = await StartAsync();
        await AcknowledgeNotificationAsync(flow);

        // While the failed audit delivery is open, both levels are critical and name it.
        var open = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal("critical", (string?)open["alert_level"]);
        Assert.Equal("critical", (string?)open["acknowledgement_audit_delivery_health"]);
        var reason = Reason(open["reasons"]!, "connector_failure");
        Assert.Equal(1, (int)reason["count"]!);
        Assert.Equal("audit", (string?)reason["stream"]);
        Assert.Equal($"""["{flow.DeliveryId}"]""", reason["ids"]!["delivery_ids"]!.ToJsonString());
        Assert.Equal($"""["{flow.AuditId}"]""", reason["ids"]!["audit_ids"]!.ToJsonString());
        Assert.Equal("""["splunk"]""", reason["ids"]!["providers"]!.ToJsonString());
        Assert.EndsWith("/worker-run", (string)reason["next_action"]!["route"]!, StringComparison.Ordinal);
        Assert.Equal(reason.ToJsonString(), Reason(open["acknowledgement_audit_delivery_health_reasons"]!, "connector_failure").ToJsonString());
        Assert.NotNull(open["next_action"]);

        // Ack Retry → Approve Retry → Execute Retry against a receiver that works again: the retry delivers the failure.
        flow.Splunk.Status = 200;
        await ApproveAsync(flow);
        var delivered = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        Assert.Equal("delivered", (string?)delivered["retry_results"]![0]!["execution_record"]!["execution_status"]);
        var afterRetry = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal("healthy", (string?)afterRetry["acknowledgement_audit_delivery_health"]);
        Assert.Empty(afterRetry["acknowledgement_audit_delivery_health_reasons"]!.AsArray());

        // Recovery Playbook → Close Recovery: everything is settled, and the all-time counters still count.
        await CloseRecoveryAsync(flow);
        var closed = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal("healthy", (string?)closed["alert_level"]);
        Assert.Empty(closed["reasons"]!.AsArray());
        Assert.Null(closed["next_action"]);
        Assert.Equal("healthy", (string?)closed["acknowledgement_audit_delivery_health"]);
        Assert.Null(closed["acknowledgement_audit_delivery_health_next_action"]);
        Assert.Equal(1, (long)closed["failed_acknowledgement_audit_delivery_count"]!);
        Assert.Equal(1, (long)closed["failed_delivery_count"]!);
    }

    [Fact]
    public async Task A_recovery_closure_settles_a_failure_no_retry_delivered()
    {
        await using var flow = await StartAsync();
        await AcknowledgeNotificationAsync(flow);
        Assert.Equal("critical", (string?)(await flow.GetOkAsync($"{P}/dashboard"))["acknowledgement_audit_delivery_health"]);

        await CloseRecoveryAsync(flow);
        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal("healthy", (string?)dashboard["acknowledgement_audit_delivery_health"]);
        Assert.Equal("healthy", (string?)dashboard["alert_level"]);

        // A failure after the closure is open again.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        await flow.PostOkAsync(A, """{"delivery_provider":"splunk","retries":0,"timeout_seconds":2}""");
        Assert.Equal("critical", (string?)(await flow.GetOkAsync($"{P}/dashboard"))["acknowledgement_audit_delivery_health"]);
    }

    [Fact]
    public async Task Outstanding_acknowledgements_are_a_reason_with_the_schedule_and_the_next_action()
    {
        await using var flow = await StartAsync();
        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        var reason = Reason(dashboard["reasons"]!, "outstanding_acknowledgement");
        Assert.Equal(1, (int)reason["count"]!);
        Assert.Equal("""["webhook"]""", reason["ids"]!["providers"]!.ToJsonString());
        Assert.Equal("Ack Notification", (string?)reason["next_action"]!["action"]);
    }

    [Fact]
    public async Task Worker_health_and_the_worker_dashboard_agree_at_every_moment()
    {
        await using var flow = await StartAsync();
        await AgreeAsync(flow);
        await flow.PostOkAsync($"{A}/worker-run", $$$"""{"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30}}""");
        await AgreeAsync(flow);
        await ApproveAsync(flow);
        await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        await AgreeAsync(flow);
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        await AgreeAsync(flow);
        flow.Splunk.Status = 200;
        await ApproveAsync(flow);
        await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        await AgreeAsync(flow);
        flow.Clock.Advance(TimeSpan.FromHours(3));
        await AgreeAsync(flow);
    }

    [Fact]
    public async Task A_no_op_run_after_a_failed_live_run_keeps_the_failed_run_visible_until_a_retry_delivers()
    {
        await using var flow = await StartAsync();
        await ApproveAsync(flow);
        var failedRun = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        Assert.Equal("failed", (string?)failedRun["run"]!["status"]);
        var failedRunId = (string)failedRun["run"]!["run_id"]!;

        // The approval is used: the next live run selects nothing and completes, which settles nothing.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var noOp = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        Assert.Equal("completed", (string?)noOp["run"]!["status"]);
        Assert.Equal(0, (int)noOp["run"]!["summary"]!["selected_retry_count"]!);

        var health = await flow.GetOkAsync($"{A}/worker-health");
        Assert.Equal(1, (int)health["failed_job_count"]!);
        var reason = Reason(health["reasons"]!, "failed_worker_run");
        Assert.Equal($"""["{failedRunId}"]""", reason["ids"]!["run_ids"]!.ToJsonString());
        Assert.Equal((string?)failedRun["retry_results"]![0]!["execution_record"]!["execution_id"], (string?)reason["ids"]!["execution_ids"]![0]);
        var alert = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook","retries":0}""");
        Assert.Contains(alert["health"]!["alerts"]!.AsArray(), a => (string?)a!["category"] == "failed_worker_run");
        Assert.Equal("critical", (string?)(await flow.GetOkAsync($"{A}/worker-dashboard"))["alert_level"]);

        // A delivered execution of the same delivery settles the failed run.
        flow.Splunk.Status = 200;
        await ApproveAsync(flow);
        await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        health = await flow.GetOkAsync($"{A}/worker-health");
        Assert.Equal(0, (int)health["failed_job_count"]!);
        Assert.DoesNotContain(health["alerts"]!.AsArray(), a => (string?)a!["category"] == "failed_worker_run");
        Assert.Equal("healthy", (string?)health["alert_level"]);
    }

    [Fact]
    public async Task The_alert_history_filtered_by_health_id_keeps_plans_deliveries_and_acknowledgements()
    {
        await using var flow = await StartAsync();
        var healthId = (string)(await flow.GetOkAsync($"{A}/worker-health"))["health_id"]!;
        const string Send = """{"provider":"webhook","retries":0}""";
        Assert.Equal(healthId, (string?)(await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", Send))["event_id"]);
        flow.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("[]", (await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", Send))["plan"]!["selected_providers"]!.ToJsonString());
        await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook","retries":0,"force":true}""");
        await flow.PostOkAsync($"{A}/worker-health-alerts/{healthId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"platform-owner"}""");

        // 3 alert plans, 2 alert deliveries, 1 acknowledgement.
        var history = await flow.GetOkAsync($"{A}/worker-health-alerts?health_id={healthId}");
        Assert.Equal(6, (long)history["total"]!);
        var kinds = history["items"]!.AsArray().GroupBy(i => (string)i!["metadata_kind"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, kinds[$"{K}-worker-health-alert-plan"]);
        Assert.Equal(2, kinds["release-connector-delivery"]);
        Assert.Equal(1, kinds[$"{K}-worker-health-alert-ack"]);
        // The provider filter keeps the plan that suppressed the provider too.
        Assert.Equal(6, (long)(await flow.GetOkAsync($"{A}/worker-health-alerts?health_id={healthId}&provider=webhook"))["total"]!);
        Assert.Equal(3, (long)(await flow.GetOkAsync($"{A}/worker-health-alerts?health_id={healthId}&metadata_kind={K}-worker-health-alert-plan"))["total"]!);
    }

    [Fact]
    public async Task A_suppressed_alert_says_it_was_suppressed_and_names_the_earlier_alert()
    {
        await using var flow = await StartAsync();
        var first = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook","retries":0}""");
        Assert.True((bool)first["success"]!);
        Assert.False((bool)first["suppressed"]!);
        Assert.Null(first["not_sent_reason"]);

        flow.Clock.Advance(TimeSpan.FromMinutes(10));
        var repeat = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook"}""");
        Assert.Null(repeat["delivery"]);
        Assert.False((bool)repeat["success"]!);
        Assert.True((bool)repeat["suppressed"]!);
        Assert.Equal("suppressed", (string?)repeat["not_sent_reason"]);
        var suppression = repeat["suppression"]!;
        Assert.Contains("force", (string)suppression["reason"]!, StringComparison.Ordinal);
        var earlier = suppression["earlier_alerts"]![0]!;
        Assert.Equal("webhook", (string?)earlier["provider"]);
        Assert.Equal((string?)first["plan"]!["plan_id"], (string?)earlier["last_plan_id"]);
        Assert.Equal((string?)first["metadata"]!["session_id"], (string?)earlier["last_delivery_record_id"]);
        Assert.False(string.IsNullOrEmpty((string?)earlier["last_delivery_at"]));
    }

    private static JsonNode Reason(JsonNode reasons, string category) =>
        reasons.AsArray().Single(r => (string?)r!["category"] == category)!;

    /// <summary>Worker health and the worker dashboard give the same level, reasons and next action, at default and other thresholds.</summary>
    private static async Task AgreeAsync(FailedAuditDelivery flow)
    {
        foreach (var query in new[] { "", "?expected_interval_minutes=120&stale_metadata_minutes=600" })
        {
            var health = await flow.GetOkAsync($"{A}/worker-health{query}");
            var dashboard = await flow.GetOkAsync($"{A}/worker-dashboard{query}");
            Assert.Equal((string?)health["alert_level"], (string?)dashboard["alert_level"]);
            Assert.Equal(health["reasons"]!.ToJsonString(), dashboard["reasons"]!.ToJsonString());
            Assert.Equal(health["next_action"]?.ToJsonString(), dashboard["next_action"]?.ToJsonString());
            Assert.Equal((int)health["failed_job_count"]!, (int)dashboard["open_failed_run_count"]!);
            Assert.Equal((int)health["retryable_count"]!, (int)dashboard["retryable_count"]!);
        }
    }

    private static async Task AcknowledgeNotificationAsync(FailedAuditDelivery flow)
    {
        var outstanding = (await flow.GetOkAsync($"{P}/dashboard"))["outstanding_acknowledgements"]!.AsArray();
        foreach (var route in outstanding)
        {
            await flow.PostOkAsync($"{P}/{(string)route!["schedule_id"]!}/acknowledgements", new JsonObject
            {
                ["provider"] = route["provider"]!.DeepClone(), ["acknowledged_by"] = "release-manager", ["plan_id"] = route["plan_id"]!.DeepClone(),
            }.ToJsonString());
        }
    }

    private static async Task CloseRecoveryAsync(FailedAuditDelivery flow)
    {
        var playbook = (await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1,"lookback_hours":24}"""))["playbook"]!;
        await flow.PostOkAsync($"{A}/connector-recovery-playbooks/{(string)playbook["playbook_id"]!}/closures",
            """{"provider":"splunk","closed_by":"soc-analyst","external_ref":"INC-42","closure_state":"resolved","override":{"reason":"receiver replaced and checked by hand in INC-42"}}""");
    }

    /// <summary>Plan Audit Retry → Ack Retry → Plan Retry Approval → Approve Retry for the failed splunk delivery.</summary>
    private static async Task ApproveAsync(FailedAuditDelivery flow)
    {
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        await flow.ApproveRetryAsync();
    }
}
