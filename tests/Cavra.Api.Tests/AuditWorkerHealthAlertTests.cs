using System.Text.Json.Nodes;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 004 (audit worker health alerts): failed audit delivery → Plan Audit Retry → dry-run worker (nothing sent) →
/// worker health → Send Worker Alert → a repeat is suppressed, force sends it → Ack Worker Alert → Ack Retry → history.
/// </summary>
public class AuditWorkerHealthAlertTests
{
    [Fact]
    public async Task Seed_004_operator_flow()
    {
        await using var flow = await StartAsync();
        var splunkRequests = flow.Splunk.Requests.Count;

        // Plan Audit Retry with the console's default policy: 15 minutes after the failure it is still waiting.
        var waiting = (await flow.PostOkAsync($"{A}/retry-plan", """{"retry_policy":{"max_retry_attempts":3,"retry_delay_minutes":15,"backoff_multiplier":2}}"""))["plan"]!;
        Assert.Equal(1, (int)waiting["waiting_count"]!);
        var decision = waiting["retry_decisions"]![0]!;
        Assert.Equal("splunk", (string?)decision["provider"]);
        Assert.Equal(flow.DeliveryId, (string?)decision["delivery_id"]);
        Assert.Equal(flow.AuditId, (string?)decision["audit_id"]);
        Assert.Equal(new JsonArray(500).ToJsonString(), decision["failed_status_codes"]!.ToJsonString());

        // Run Audit Worker (dry run by default): the retry is selected, nothing reaches the receiver, nothing but the
        // retry plan and the run is stored.
        var before = await flow.RecordCountAsync();
        var dryRun = await flow.PostOkAsync($"{A}/worker-run", $$$"""{"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30,"cadence":"every_30_minutes"}}""");
        Assert.True((bool)dryRun["run"]!["dry_run"]!);
        Assert.Equal(1, (int)dryRun["run"]!["summary"]!["selected_retry_count"]!);
        Assert.Equal("dry_run", (string?)dryRun["retry_results"]![0]!["skipped"]);
        Assert.Null(dryRun["retry_results"]![0]!["execution_record"]);
        Assert.Equal("dry_run_not_required", (string?)dryRun["run"]!["follow_up_actions"]![0]!["approval_state"]);
        Assert.Equal(splunkRequests, flow.Splunk.Requests.Count);
        Assert.Equal(before + 2, await flow.RecordCountAsync());
        Assert.Equal(1, await flow.HistoryTotalAsync($"metadata_kind={K}-plan"));
        var runs = await flow.GetOkAsync($"{A}/worker-runs?dry_run=true");
        Assert.Equal(1, (long)runs["total"]!);
        Assert.Equal(0, (long)(await flow.GetOkAsync($"{A}/worker-runs?dry_run=false"))["total"]!);

        // Worker health shows the retryable delivery.
        var health = await flow.GetOkAsync($"{A}/worker-health?expected_interval_minutes=30&stale_metadata_minutes=120");
        Assert.Equal(1, (int)health["retryable_count"]!);
        Assert.Equal(1, (long)health["run_count"]!);
        Assert.Equal(0, (int)health["missed_run_count"]!);
        Assert.Equal(1, (long)health["connector_delivery_failure_count"]!);
        Assert.Contains(health["alerts"]!.AsArray(), a => (string?)a!["category"] == "retryable_deliveries");
        // An open failed delivery is critical here as on the main dashboard: one rule judges both.
        Assert.Contains(health["alerts"]!.AsArray(), a => (string?)a!["category"] == "connector_failure");
        Assert.Equal("critical", (string?)health["alert_level"]);
        Assert.Equal(4, health["recommendations"]!.AsArray().Count);
        var healthId = (string)health["health_id"]!;

        // Send Worker Alert to the webhook receiver.
        var alert = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook","retries":0,"timeout_seconds":2}""");
        Assert.True((bool)alert["success"]!);
        Assert.Equal(healthId, (string?)alert["event_id"]);
        Assert.Equal("""["webhook"]""", alert["plan"]!["selected_providers"]!.ToJsonString());
        var sent = JsonNode.Parse(flow.Webhook.Requests.Last().Body)!["payload"]!;
        Assert.Equal("cavra.go_backend.rollback_drill.acknowledgement_audit_worker_health_alert", (string?)sent["event_type"]);
        Assert.Equal(healthId, (string?)sent["health_id"]);
        var webhookRequests = flow.Webhook.Requests.Count;

        // The same health state ten minutes later is suppressed; force sends it anyway.
        flow.Clock.Advance(TimeSpan.FromMinutes(10));
        var repeat = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook"}""");
        Assert.Equal(healthId, (string?)repeat["event_id"]);
        Assert.Equal("[]", repeat["plan"]!["selected_providers"]!.ToJsonString());
        Assert.Equal("webhook", (string?)repeat["plan"]!["suppressed_providers"]![0]!["provider"]);
        Assert.Null(repeat["delivery"]);
        Assert.Equal(webhookRequests, flow.Webhook.Requests.Count);
        var forced = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"webhook","force":true,"retries":0}""");
        Assert.Equal("""["webhook"]""", forced["plan"]!["selected_providers"]!.ToJsonString());
        Assert.Equal(webhookRequests + 1, flow.Webhook.Requests.Count);

        // After the window the same state is alerted again without force (a longer expected interval keeps the last
        // run from counting as missed, so the health state is unchanged).
        flow.Clock.Advance(TimeSpan.FromMinutes(61));
        var afterWindow = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver",
            """{"provider":"webhook","suppression_window_minutes":60,"expected_interval_minutes":120,"retries":0}""");
        Assert.Equal(healthId, (string?)afterWindow["event_id"]);
        Assert.Equal("""["webhook"]""", afterWindow["plan"]!["selected_providers"]!.ToJsonString());

        // With the default interval the last run is now missed: a new health state, critical.
        var missed = await flow.GetOkAsync($"{A}/worker-health");
        Assert.Equal(1, (int)missed["missed_run_count"]!);
        Assert.Equal("critical", (string?)missed["alert_level"]);
        Assert.NotEqual(healthId, (string?)missed["health_id"]);

        var alertHistory = await flow.GetOkAsync($"{A}/worker-health-alerts?suppressed=true");
        Assert.Equal(1, (long)alertHistory["total"]!);
        var alertDashboard = await flow.GetOkAsync($"{A}/worker-health-alert-dashboard");
        Assert.Equal(1, (long)alertDashboard["outstanding_acknowledgement_count"]!);
        Assert.Equal(4, (long)alertDashboard["plan_count"]!);
        Assert.Equal(3, (long)alertDashboard["delivery_count"]!);
        Assert.Equal(1, (long)alertDashboard["suppressed_provider_count"]!);
        Assert.Equal("critical", (string?)alertDashboard["alert_level"]);

        // Ack Worker Alert: outstanding goes to 0.
        var ack = await flow.PostOkAsync($"{A}/worker-health-alerts/{healthId}/acknowledgements",
            """{"provider":"webhook","acknowledged_by":"platform-owner","external_ref":"CHG-1","notes":"seen"}""");
        Assert.StartsWith("gordackhealthack-", (string)ack["acknowledgement"]!["acknowledgement_id"]!, StringComparison.Ordinal);
        alertDashboard = await flow.GetOkAsync($"{A}/worker-health-alert-dashboard");
        Assert.Equal(0, (long)alertDashboard["outstanding_acknowledgement_count"]!);
        Assert.Equal(1, (long)alertDashboard["acknowledgement_count"]!);

        // Ack Retry on the latest retry plan (the worker run stored one).
        var retryPlanId = (string)dryRun["run"]!["retry_plan"]!["retry_plan_id"]!;
        var retryAck = await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements",
            """{"provider":"splunk","acknowledged_by":"soc-analyst","external_ref":"INC-7"}""");
        Assert.Equal("accepted", (string?)retryAck["acknowledgement"]!["acknowledgement_state"]);
        Assert.Equal(flow.DeliveryId, (string?)retryAck["acknowledgement"]!["delivery_id"]);
        Assert.Equal(flow.AuditId, (string?)retryAck["acknowledgement"]!["audit_id"]);

        // Filter the history by the worker-health and retry-ack kinds.
        Assert.Equal(4, await flow.HistoryTotalAsync($"metadata_kind={K}-worker-health-alert-plan"));
        Assert.Equal(1, await flow.HistoryTotalAsync($"metadata_kind={K}-worker-health-alert-ack"));
        Assert.Equal(1, await flow.HistoryTotalAsync($"metadata_kind={K}-retry-ack"));
        Assert.Equal(3, await flow.HistoryTotalAsync("connector_delivery_source=go_backend_rollback_drill_acknowledgement_audit_worker_health_alert"));

        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_retry_plan_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_worker_run_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_worker_dry_run_count"]!);
        Assert.Equal(0, (long)dashboard["acknowledgement_audit_delivery_worker_executed_count"]!);
        Assert.Equal(4, (long)dashboard["acknowledgement_audit_delivery_worker_health_alert_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_worker_health_alert_ack_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_retry_ack_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_retryable_count"]!);
        Assert.True((bool)(await flow.GetOkAsync($"{P}/evidence/verify"))["verified"]!);
    }
}
