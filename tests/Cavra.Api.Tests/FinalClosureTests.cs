using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 001, final closure and its delivered follow-up: Final Closure goes from open (each item listed with its ids
/// and the action that closes it) to closed as each item is closed through the real routes; release readiness goes
/// from blocked to ready along the same flow; the runbook export names the evidence ids and the remaining actions.
/// </summary>
public class FinalClosureTests
{
    private const string F = A + "/final-reporting-closure-dashboard";
    private const string R = A + "/final-reporting-release-readiness";
    private const string X = A + "/final-reporting-operator-runbook-export";
    private const string E = A + "/recovery-escalations";
    private const string SplunkToken = "11111111-2222-3333-4444-555555555555";

    private static List<JsonObject> Items(JsonObject closure) => [.. closure["open_items"]!.AsArray().OfType<JsonObject>()];

    private static JsonObject? Item(JsonObject closure, string name) => Items(closure).FirstOrDefault(i => (string?)i["item"] == name);

    private static string[] Names(JsonObject closure) => [.. Items(closure).Select(i => (string)i["item"]!)];

    private static string[] Ids(JsonNode item, string field = "ids") => [.. item[field]!.AsArray().Select(v => (string)v!)];

    private static JsonObject Check(JsonObject readiness, string name) =>
        readiness["checks"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["check"] == name);

    [Fact]
    public async Task Seed_001_final_closure_goes_from_open_to_closed_and_readiness_from_blocked_to_ready()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        await using var flow = await StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:slack:url"] = channel.Url(),
            ["Cavra:Escalation:Providers"] = "slack",
        });

        // Open: the unacknowledged drill notification and the failed audit delivery, each with its ids and action.
        var closure = await flow.GetOkAsync(F);
        Assert.Equal("open", (string?)closure["closure_state"]);
        Assert.Equal("critical", (string?)closure["alert_level"]);
        Assert.Equal(["drill_notification_acknowledgement_outstanding", "audit_delivery_failed"], Names(closure).Order().Reverse());
        var audit = Item(closure, "audit_delivery_failed")!;
        Assert.Equal("delivery", (string?)audit["stage"]);
        Assert.Equal(1, (int)audit["count"]!);
        Assert.Contains(flow.DeliveryId, Ids(audit));
        Assert.Contains(flow.AuditId, Ids(audit));
        Assert.Equal(["splunk"], Ids(audit, "providers"));
        Assert.Equal("Execute Retry or Close Recovery", (string?)audit["action"]);
        Assert.Equal($"POST {A}/worker-run", (string?)audit["route"]);
        var drill = Item(closure, "drill_notification_acknowledgement_outstanding")!;
        Assert.Contains(DrillSetup.ScheduleId, Ids(drill));
        Assert.Equal("Ack Notification", (string?)drill["action"]);
        Assert.Equal(2, (int)closure["open_item_count"]!);
        Assert.NotNull(closure["recovery_retry_health_alert"]);
        Assert.NotNull(closure["audit_worker_health_alert"]);

        // Readiness previews blocked, naming the failed checks; the executive window is not applicable, not a pass.
        var records = await flow.RecordCountAsync();
        var preview = await flow.GetOkAsync($"{R}?persist=false");
        Assert.Null(preview["metadata"]);
        Assert.Equal(records, await flow.RecordCountAsync());
        var blocked = preview["readiness"]!.AsObject();
        Assert.Equal("blocked", (string?)blocked["readiness_state"]);
        Assert.Equal(["audit_delivered", "closure_dashboard_closed", "drill_notifications_acknowledged", "failed_deliveries_retried_or_closed"],
            blocked["failed_checks"]!.AsArray().Select(c => (string)c!).Order());
        Assert.Equal("passed", (string?)Check(blocked, "executive_report_window_delivered")["state"]);
        Assert.Equal("passed", (string?)Check(blocked, "evidence_chain_verified")["state"]);
        Assert.Contains(flow.DeliveryId, Ids(Check(blocked, "audit_delivered"), "evidence_ids"));
        Assert.StartsWith("gordackfinalready-", (string)blocked["summary_id"]!, StringComparison.Ordinal);

        // The runbook of the open loop names what remains and the action that does it.
        var openRunbook = await flow.PostOkAsync(X, """{"generated_by":"release-manager"}""");
        var remaining = openRunbook["runbook"]!["remaining"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Contains(remaining, r => (string?)r["item"] == "audit_delivery_failed" && (string?)r["route"] == $"POST {A}/worker-run");
        var openMarkdown = (string)openRunbook["runbook"]!["markdown"]!;
        Assert.Contains("audit_delivery_failed", openMarkdown, StringComparison.Ordinal);
        Assert.Contains("Execute Retry or Close Recovery", openMarkdown, StringComparison.Ordinal);
        Assert.Contains(flow.DeliveryId, openMarkdown, StringComparison.Ordinal);
        Assert.Equal((string?)openRunbook["readiness"]!["summary_id"], (string?)openRunbook["runbook"]!["readiness_summary_id"]);
        Assert.Equal((string?)blocked["summary_id"], (string?)openRunbook["readiness_metadata"]!["session_id"]);

        // Ack the drill notification: its item disappears.
        await flow.PostOkAsync($"{P}/{DrillSetup.ScheduleId}/acknowledgements", """{"provider":"webhook","acknowledged_by":"release-manager"}""");
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("drill_notification_acknowledgement_outstanding", Names(closure));

        // A worker alert to the failing Splunk: its delivery failed and it waits for an acknowledgement.
        var alert = await flow.PostOkAsync($"{A}/worker-health-alerts/deliver", """{"provider":"splunk","retries":0,"timeout_seconds":2}""");
        Assert.False((bool)alert["success"]!);
        var healthId = (string)alert["health"]!["health_id"]!;
        closure = await flow.GetOkAsync(F);
        Assert.Contains(healthId, Ids(Item(closure, "audit_worker_health_alert_acknowledgement_outstanding")!));
        Assert.Equal("Ack Worker Alert", (string?)Item(closure, "audit_worker_health_alert_acknowledgement_outstanding")!["action"]);
        Assert.Contains(healthId, Ids(Item(closure, "audit_worker_health_alert_delivery_failed")!));
        await flow.PostOkAsync($"{A}/worker-health-alerts/{healthId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("audit_worker_health_alert_acknowledgement_outstanding", Names(closure));
        Assert.Contains("audit_worker_health_alert_delivery_failed", Names(closure));

        // A live run without an approval holds the retry at the gate.
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        var held = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        closure = await flow.GetOkAsync(F);
        Assert.Contains((string)held["run"]!["run_id"]!, Ids(Item(closure, "audit_retry_held_at_gate")!));

        // Ack Retry and Approve Retry: an approved retry waits for its execution.
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        var decisionId = await flow.ApproveRetryAsync();
        closure = await flow.GetOkAsync(F);
        var approved = Item(closure, "audit_retry_approved_not_executed")!;
        Assert.Contains(decisionId, Ids(approved));
        Assert.Equal("Execute Retry", (string?)approved["action"]);

        // Execute Retry while Splunk still fails: the approval is used, and the failed live retry is open.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var failedRun = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        var failedExecutionId = (string)failedRun["retry_results"]![0]!["execution_record"]!["execution_id"]!;
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("audit_retry_approved_not_executed", Names(closure));
        var failedRetry = Item(closure, "audit_retry_execution_failed")!;
        Assert.Contains(failedExecutionId, Ids(failedRetry));
        Assert.Equal("retry", (string?)failedRetry["stage"]);

        // A new approval and Execute Retry with the receiver recovered: the audit failure and the failed retry are closed.
        await flow.ApproveRetryAsync();
        flow.Splunk.Status = 200;
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var executed = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        var executionId = (string)executed["retry_results"]![0]!["execution_record"]!["execution_id"]!;
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("audit_delivery_failed", Names(closure));
        Assert.DoesNotContain("audit_retry_held_at_gate", Names(closure));
        Assert.DoesNotContain("audit_retry_approved_not_executed", Names(closure));
        Assert.DoesNotContain("audit_retry_execution_failed", Names(closure));
        Assert.Equal(["audit_worker_health_alert_delivery_failed"], Names(closure));

        // Recovery Playbook: an open recovery; its escalation, delivered to the channel, waits for an acknowledgement.
        var playbookId = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;
        closure = await flow.GetOkAsync(F);
        var recovery = Item(closure, "connector_recovery_open")!;
        Assert.Contains(playbookId, Ids(recovery));
        Assert.Equal("Close Recovery", (string?)recovery["action"]);
        var planId = (string)(await flow.PostOkAsync($"{A}/recovery-escalation-plan", "{}"))["plan"]!["plan_id"]!;
        channel.Status = 500;
        Assert.False((bool)(await flow.PostOkAsync($"{E}/{planId}/deliver", """{"retries":0,"timeout_seconds":2}"""))["success"]!);
        closure = await flow.GetOkAsync(F);
        var escalation = Item(closure, "recovery_escalation_acknowledgement_outstanding")!;
        Assert.Contains(planId, Ids(escalation));
        Assert.Equal(["slack"], Ids(escalation, "providers"));
        Assert.Equal($"POST {E}/{{plan_id}}/acknowledgements", (string?)escalation["route"]);
        Assert.Contains(planId, Ids(Item(closure, "recovery_escalation_delivery_failed")!));

        // Ack Recovery Escalation, then Run Escalation Retry live once the channel recovers: both are closed.
        await flow.PostOkAsync($"{E}/{planId}/acknowledgements", """{"provider":"slack","acknowledged_by":"release-manager","acknowledgement_state":"accepted"}""");
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("recovery_escalation_acknowledgement_outstanding", Names(closure));
        Assert.Contains("recovery_escalation_delivery_failed", Names(closure));
        channel.Status = 200;
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var escalationRetry = await flow.PostOkAsync($"{E}/retry-worker-run",
            $$"""{"execute":true,"retry_policy":{{Immediate}},"schedule":{"interval_minutes":30,"cadence":"manual_escalation_retry"},"retries":0,"timeout_seconds":2}""");
        Assert.Equal("delivered", (string?)escalationRetry["retry_results"]![0]!["execution_record"]!["execution_status"]);
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("recovery_escalation_delivery_failed", Names(closure));

        // Close Recovery for Splunk: the recovery and the failed alert delivery to Splunk are closed; nothing is open.
        var closureId = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbooks/{playbookId}/closures",
            $$"""{"provider":"splunk","closed_by":"soc-analyst","verification_refs":["{{executionId}}"]}"""))["closure"]!["closure_id"]!;
        closure = await flow.GetOkAsync(F);
        Assert.Equal("closed", (string?)closure["closure_state"]);
        Assert.Empty(Items(closure));
        Assert.Equal("healthy", (string?)closure["alert_level"]);

        // Readiness is ready and stored; an unchanged state is the same summary.
        var ready = await flow.GetOkAsync($"{R}?generated_by=release-manager");
        var summaryId = (string)ready["readiness"]!["summary_id"]!;
        Assert.Equal("ready", (string?)ready["readiness"]!["readiness_state"]);
        Assert.Empty(ready["readiness"]!["failed_checks"]!.AsArray());
        Assert.Equal(summaryId, (string?)ready["metadata"]!["session_id"]);
        Assert.Equal($"{K}-final-reporting-release-readiness-summary", (string?)ready["metadata"]!["metadata_kind"]);
        var stored = await flow.RecordCountAsync();
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await flow.GetOkAsync($"{R}?generated_by=auditor");
        Assert.Equal(summaryId, (string?)again["readiness"]!["summary_id"]);
        Assert.Equal(stored, await flow.RecordCountAsync());
        Assert.Contains(closureId, Ids(Check(ready["readiness"]!.AsObject(), "recoveries_closed_within_slo"), "evidence_ids"));
        Assert.Contains(executionId, Ids(Check(ready["readiness"]!.AsObject(), "failed_deliveries_retried_or_closed"), "evidence_ids"));

        // The runbook of the closed loop names the evidence of each done stage; nothing remains; no secret.
        var export = await flow.PostOkAsync(X, """{"generated_by":"release-manager","format":"markdown"}""");
        var runbook = export["runbook"]!;
        Assert.StartsWith("gordackfinalrunbook-", (string)runbook["runbook_id"]!, StringComparison.Ordinal);
        Assert.Equal(summaryId, (string?)runbook["readiness_summary_id"]);
        Assert.Equal(summaryId, (string?)export["readiness_metadata"]!["session_id"]);
        Assert.Equal($"{K}-final-reporting-operator-runbook-export", (string?)export["metadata"]!["metadata_kind"]);
        Assert.Empty(runbook["remaining"]!.AsArray());
        var done = runbook["done"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Contains(done, d => (string?)d["check"] == "recoveries_closed_within_slo" && Ids(d, "evidence_ids").Contains(closureId));
        Assert.Contains(done, d => (string?)d["check"] == "failed_deliveries_retried_or_closed" && Ids(d, "evidence_ids").Contains(executionId));
        var markdown = (string)runbook["markdown"]!;
        foreach (var id in new[] { summaryId, closureId, executionId, (string)runbook["runbook_id"]! })
        {
            Assert.Contains(id, markdown, StringComparison.Ordinal);
        }

        Assert.Contains(summaryId, runbook["evidence_to_attach"]!.ToJsonString(), StringComparison.Ordinal);
        var stream = await flow.GetOkAsync($"{P}/evidence/{(string)export["metadata"]!["session_id"]!}");
        foreach (var text in new[] { export.ToJsonString(), stream.ToJsonString() })
        {
            Assert.DoesNotContain(SplunkToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(flow.Splunk.Url("/services/collector"), text, StringComparison.Ordinal);
            Assert.DoesNotContain(channel.Url(), text, StringComparison.Ordinal);
        }

        // History and the dashboard count the new kinds.
        Assert.Equal(2, await flow.HistoryTotalAsync($"metadata_kind={K}-final-reporting-release-readiness-summary"));
        Assert.Equal(2, await flow.HistoryTotalAsync($"metadata_kind={K}-final-reporting-operator-runbook-export"));
        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_final_reporting_release_readiness_summary_count"]!);
        Assert.Equal(1, (long)dashboard["acknowledgement_audit_delivery_final_reporting_release_ready_count"]!);
        Assert.Equal(2, (long)dashboard["acknowledgement_audit_delivery_final_reporting_operator_runbook_export_count"]!);
        Assert.True((bool)(await flow.GetOkAsync($"{P}/evidence/verify"))["verified"]!);
    }

    [Fact]
    public async Task Executive_items_an_undelivered_window_and_a_failed_unacknowledged_alert_close_through_their_routes()
    {
        const string Executive = A + "/recovery-executive-report";
        await using var teams = await LoopbackReceiver.StartAsync();
        teams.Status = 500;
        await using var flow = await StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:teams:url"] = teams.Url("/executive"),
            [Cavra.Core.Recovery.ExecutiveChannels.Section] = "teams",
        });

        // Schedule Executive Report: the window's run is not delivered yet.
        var runId = (string)(await flow.PostOkAsync($"{Executive}/schedule-run", """{"generated_by":"release-manager"}"""))["run"]!["run_id"]!;
        var closure = await flow.GetOkAsync(F);
        var window = Item(closure, "recovery_executive_report_window_undelivered")!;
        Assert.Equal("executive_report", (string?)window["stage"]);
        Assert.Contains(runId, Ids(window));
        Assert.Equal("Deliver Executive Report", (string?)window["action"]);
        Assert.Equal($"POST {Executive}/schedule-runs/{{run_id}}/deliver", (string?)window["route"]);
        var readiness = (await flow.GetOkAsync($"{R}?persist=false"))["readiness"]!.AsObject();
        Assert.Equal("failed", (string?)Check(readiness, "executive_report_window_delivered")["state"]);
        Assert.Contains(runId, Ids(Check(readiness, "executive_report_window_delivered"), "evidence_ids"));
        Assert.NotNull(closure["executive_retry_health_alert"]);

        // Deliver Executive Report to the failing channel: the window stays open and the delivery failed.
        Assert.False((bool)(await flow.PostOkAsync($"{Executive}/schedule-runs/{runId}/deliver", """{"retries":0,"timeout_seconds":2}"""))["success"]!);
        closure = await flow.GetOkAsync(F);
        Assert.Contains("recovery_executive_report_window_undelivered", Names(closure));
        Assert.Contains(runId, Ids(Item(closure, "recovery_executive_report_delivery_failed")!));

        // Exec Retry Health → Send Exec Health Alert to the failing channel: its delivery failed and it waits for an acknowledgement.
        var healthId = (string)(await flow.GetOkAsync($"{Executive}/delivery-retry-health"))["health"]!["health_id"]!;
        Assert.False((bool)(await flow.PostOkAsync($"{Executive}/delivery-retry-health-alerts/deliver", """{"provider":"teams","retries":0,"timeout_seconds":2}"""))["success"]!);
        closure = await flow.GetOkAsync(F);
        var alertFailed = Item(closure, "executive_retry_health_alert_delivery_failed")!;
        Assert.Contains(healthId, Ids(alertFailed));
        Assert.Equal("Run Exec Alert Retry", (string?)alertFailed["action"]);
        Assert.Contains(healthId, Ids(Item(closure, "executive_retry_health_alert_acknowledgement_outstanding")!));

        // Delivered once the channel recovers: both are closed and the check passes with the delivery as its evidence.
        teams.Status = 200;
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var delivered = await flow.PostOkAsync($"{Executive}/schedule-runs/{runId}/deliver", """{"retries":0,"timeout_seconds":2}""");
        Assert.True((bool)delivered["success"]!);
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("recovery_executive_report_window_undelivered", Names(closure));
        Assert.DoesNotContain("recovery_executive_report_delivery_failed", Names(closure));
        readiness = (await flow.GetOkAsync($"{R}?persist=false"))["readiness"]!.AsObject();
        var check = Check(readiness, "executive_report_window_delivered");
        Assert.Equal("passed", (string?)check["state"]);
        Assert.Contains((string)delivered["metadata"]!["session_id"]!, Ids(check, "evidence_ids"));

        // Plan Exec Alert Retry → Run Exec Alert Retry with execute re-delivers the alert; Ack closes the last executive item.
        await flow.PostOkAsync($"{Executive}/delivery-retry-health-alerts/retry-plan", $$"""{"retry_policy":{{Immediate}}}""");
        await flow.PostOkAsync($"{Executive}/delivery-retry-health-alerts/retry-worker-run",
            $$"""{"execute":true,"retry_policy":{{Immediate}},"schedule":{"interval_minutes":60,"cadence":"manual_executive_retry"},"retries":0,"timeout_seconds":2}""");
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain("executive_retry_health_alert_delivery_failed", Names(closure));
        await flow.PostOkAsync($"{Executive}/delivery-retry-health-alerts/{healthId}/acknowledgements", """{"provider":"teams","acknowledged_by":"executive-sponsor"}""");
        closure = await flow.GetOkAsync(F);
        Assert.DoesNotContain(Names(closure), n => n.StartsWith("executive_", StringComparison.Ordinal) || n.StartsWith("recovery_executive_", StringComparison.Ordinal));
        Assert.Equal(["drill_notification_acknowledgement_outstanding", "audit_delivery_failed"], Names(closure));
    }

    [Fact]
    public async Task Bad_input_on_the_final_reporting_routes_is_refused_and_stores_nothing()
    {
        await using var flow = await StartAsync();
        var before = await flow.RecordCountAsync();
        var gets = new (string Url, string Field)[]
        {
            ($"{R}?persist=maybe", "persist"),
            ($"{R}?generated_by=password%3Dhunter2hunter2", "generated_by"),
            ($"{R}?recovery_slo_minutes=0", "recovery_slo_minutes"),
            ($"{F}?recovery_slo_minutes=soon", "recovery_slo_minutes"),
            ($"{F}?persist=false", "persist"),
        };
        foreach (var (url, field) in gets)
        {
            var (response, problem) = await flow.Client.GetJsonAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}: {problem.ToJsonString()}");
            Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2hunter2", problem.ToJsonString(), StringComparison.Ordinal);
        }

        var posts = new (string Body, string Field)[]
        {
            ("""{"generated_by":5}""", "generated_by"),
            ("""{"generated_by":"password=hunter2hunter2"}""", "generated_by"),
            ("""{"format":"pdf"}""", "format"),
            ("""{"format":["markdown"]}""", "format"),
            ("""{"recovery_slo_minutes":"soon"}""", "recovery_slo_minutes"),
            ("""{"recovery_slo_minutes":0}""", "recovery_slo_minutes"),
        };
        foreach (var (body, field) in posts)
        {
            var (response, problem) = await flow.Client.PostJsonAsync(X, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)response.StatusCode}: {problem.ToJsonString()}");
            Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2hunter2", problem.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await flow.RecordCountAsync());
    }
}
