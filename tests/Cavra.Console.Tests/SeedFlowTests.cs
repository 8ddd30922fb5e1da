using System.Text.Json.Nodes;
using Cavra.Console.Tests.Infrastructure;
using static Cavra.Console.Tests.Infrastructure.Drill;

namespace Cavra.Console.Tests;

/// <summary>
/// The seed pages' operator flows, done by clicking in the Evidence Console: every step's status line, the tables and
/// the dashboard cards show what the service stored, and the receivers prove what was (and was not) sent.
/// </summary>
public class SeedFlowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Notifications and acknowledgements, then seed 004 (audit worker health alerts): Deliver Notifications → Ack →
    /// Plan Escalation (breach) → Bulk Escalate Breached → Bulk Ack Outstanding → Export Ack Audit → Deliver Audit
    /// (fails) → Plan Audit Retry → Run Audit Worker (dry run) → Worker Health → Send Worker Alert → Ack Worker
    /// Alert → Ack Retry → filter the history by the worker-health and retry-ack kinds.
    /// </summary>
    [Fact]
    public async Task Seed_004_worker_health_alert_flow_by_clicking()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        Assert.Equal("0", await console.CardAsync("plan_count"));
        Assert.Contains("No escalation route", await console.TableMessageAsync("escalation"), StringComparison.Ordinal);

        await console.FillAsync("Actor (required)", "release-manager");
        await console.FillAsync("External reference", "CHG-123");

        // Deliver Notifications: both owners' connectors receive the notification; the routes wait for acknowledgement.
        var status = await console.ActAsync("Deliver Notifications");
        Expect.Matches(@"^Notification plan gordn-[0-9a-f]{16} for go_backend_python_fallback_monthly \(schedule needs_attention\): (webhook delivered, slack delivered|slack delivered, webhook delivered)\. Escalation plan gordesc-[0-9a-f]{16}: 2 routes, 2 outstanding, 0 breached\.$", status);
        Assert.Single(server.Webhook.Requests);
        Assert.Single(server.Slack.Requests);
        var routes = await console.RowsAsync("escalation");
        Assert.Equal(2, routes.Count);
        Assert.All(routes, r => Assert.Equal("outstanding", r[3]));
        Assert.Equal("1", await console.CardAsync("plan_count"));
        Assert.Equal("1", await console.CardAsync("delivery_count"));
        Assert.Equal("2", await console.CardAsync("outstanding_acknowledgement_count"));
        Assert.Equal("critical", await console.CardToneAsync("outstanding_acknowledgement_count"));

        // Row Ack on the webhook route.
        status = await console.RowActionAsync("escalation", "Ack", "webhook");
        Expect.Matches(@"^Acknowledged the webhook route of go_backend_python_fallback_monthly as release-manager: gordack-[0-9a-f]{16}\. Escalation plan gordesc-[0-9a-f]{16}: 2 routes, 1 outstanding, 0 breached\.$", status);
        Assert.Equal("acknowledged", (await console.RowsAsync("escalation")).Single(r => r[1] == "webhook")[3]);
        Assert.Equal("1", await console.CardAsync("outstanding_acknowledgement_count"));

        // Two hours later the slack route has missed its 60-minute SLO.
        server.Clock.Advance(TimeSpan.FromHours(2));
        status = await console.ActAsync("Plan Escalation");
        Expect.Matches(@"^Escalation plan gordesc-[0-9a-f]{16}: 2 routes, 1 outstanding, 1 breached\.$", status);
        var slack = (await console.RowsAsync("escalation")).Single(r => r[1] == "slack");
        Assert.Equal("outstanding (breached)", slack[3]);
        Assert.Equal("120m / 60m", slack[4]);
        Assert.Equal("escalate_missed_drill_notification", slack[5]);
        Assert.Equal("1", await console.CardAsync("breached_routes"));
        Assert.Equal("critical", await console.CardToneAsync("breached_routes"));

        status = await console.ActAsync("Bulk Escalate Breached");
        Expect.Matches(@"^Escalated 1 route \(slack\) as release-manager: gordbulkack-1-gordack-[0-9a-f]{16}\. Escalation plan gordesc-[0-9a-f]{16}: 2 routes, 1 outstanding, 1 breached\.$", status);
        Assert.Equal("escalated (breached)", (await console.RowsAsync("escalation")).Single(r => r[1] == "slack")[3]);

        status = await console.ActAsync("Bulk Ack Outstanding");
        Expect.Matches(@"^Acknowledged 1 route \(slack\) as release-manager: .*2 routes, 0 outstanding, 0 breached\.$", status);
        Assert.Equal("0", await console.CardAsync("outstanding_acknowledgement_count"));
        Assert.Equal("healthy", await console.CardToneAsync("outstanding_acknowledgement_count"));
        status = await console.ActAsync("Bulk Ack Outstanding");
        Assert.Equal("No outstanding escalation route is displayed: nothing to acknowledge.", status);

        // Export Ack Audit downloads the package the service built.
        var (file, text) = await console.DownloadAsync(() => console.Button("Export Ack Audit").ClickAsync());
        await console.WaitIdleAsync();
        var package = JsonNode.Parse(text)!;
        Assert.Equal($"{(string)package["audit_id"]!}.json", file);
        Assert.Equal(2, (int)package["route_count"]!);
        Assert.Equal(0, (int)package["outstanding_count"]!);
        Expect.Matches(@"^Audit package gordackaudit-[0-9a-f]{16}: 2 routes, 2 acknowledgements, 0 outstanding\. Downloaded gordackaudit-[0-9a-f]{16}\.json\.$", await console.StatusAsync());

        // Deliver Audit to Splunk, which answers 500: the failure is recorded and shown.
        await console.SelectAsync("Delivery provider", "splunk");
        status = await console.ActAsync("Deliver Audit");
        Expect.Matches(@"^Audit package gordackaudit-[0-9a-f]{16} \(2 routes, 0 outstanding\), delivery plan gordackdelivery-[0-9a-f]{16}: splunk failed \(HTTP 500 after 3 attempts\)\. Use Plan Audit Retry\.$", status);
        Assert.Equal("warning", await console.StatusToneAsync() is { } tone ? tone.Replace("status ", "", StringComparison.Ordinal) : null);
        Assert.Equal(3, server.Splunk.Requests.Count);
        Assert.Equal("1", await console.CardAsync("failed_acknowledgement_audit_delivery_count"));
        Assert.Equal("critical", await console.CardAsync("acknowledgement_audit_delivery_health"));
        Assert.Equal("critical", await console.CardToneAsync("acknowledgement_audit_delivery_health"));
        // The level explains itself in words under the card: the open delivery with its ids, and what settles it.
        Expect.Matches(@"^critical: 1 failed delivery still open: not delivered by a retry nor closed by a recovery closure \(delivery_ids: gordackdelivery-[0-9a-f]{16}; audit_ids: gordackaudit-[0-9a-f]{16}; providers: splunk; record_ids: rcd-",
            await console.Page.Locator("[data-card='acknowledgement_audit_delivery_health'] .card-reasons").InnerTextAsync());
        Expect.Matches(@"^Next action: Execute Retry or Close Recovery — POST /runtime/go-pilot/rollback-drill-notifications/acknowledgements/audit-delivery/worker-run\.",
            await console.Page.Locator("[data-card='acknowledgement_audit_delivery_health'] .card-next").InnerTextAsync());

        // Plan Audit Retry: within the 15-minute delay the decision waits; after it, the delivery is retryable.
        status = await console.ActAsync("Plan Audit Retry");
        Expect.Matches(@"^Retry plan gordackretry-[0-9a-f]{16}: 1 decision — 0 to retry, 1 waiting, 0 suppressed\.$", status);
        server.Clock.Advance(TimeSpan.FromMinutes(16));
        status = await console.ActAsync("Plan Audit Retry");
        Expect.Matches(@"^Retry plan gordackretry-[0-9a-f]{16}: 1 decision — 1 to retry, 0 waiting, 0 suppressed\.$", status);
        Assert.Equal("2", await console.CardAsync("acknowledgement_audit_delivery_retry_plan_count"));

        // Run Audit Worker is a dry run: the retry is selected and nothing reaches Splunk.
        status = await console.ActAsync("Run Audit Worker (dry run)");
        Expect.Matches(@"^Dry run gordackworker-[0-9a-f]{16}: 1 retryable, 1 selected, 1 follow-up actions\. Nothing was sent\.$", status);
        Assert.Equal(3, server.Splunk.Requests.Count);
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_worker_dry_run_count"));

        // Worker Health names the retryable delivery and the connector failure; the detail panel shows the report.
        status = await console.ActAsync("Worker Health");
        Expect.Matches(@"^Worker health gordackhealth-[0-9a-f]{16}: critical — 1 run, 1 retryable, 0 missed runs, 0 failed jobs, 1 connector failure\. Alerts: .*retryable_deliveries.*\.$", status);
        var healthId = System.Text.RegularExpressions.Regex.Match(status, "gordackhealth-[0-9a-f]{16}").Value;
        Assert.Contains($"\"health_id\": \"{healthId}\"", await console.Page.Locator("#detail-json").InnerTextAsync(), StringComparison.Ordinal);

        // Send Worker Alert to the webhook; a second send of the same health state is suppressed.
        await console.SelectAsync("Delivery provider", "webhook");
        status = await console.ActAsync("Send Worker Alert");
        Expect.Matches($@"^Worker alert plan gordackhealthalert-[0-9a-f]{{16}} for health {healthId} \(critical\): webhook delivered\.$", status);
        var alertPlanId = System.Text.RegularExpressions.Regex.Match(status, "gordackhealthalert-[0-9a-f]{16}").Value;
        Assert.Equal(2, server.Webhook.Requests.Count);
        Assert.Equal("cavra.go_backend.rollback_drill.acknowledgement_audit_worker_health_alert",
            (string?)JsonNode.Parse(server.Webhook.Requests.Last().Body)!["payload"]!["event_type"]);
        status = await console.ActAsync("Send Worker Alert");
        Assert.Contains($"nothing sent; suppressed: the same health state was already alerted (webhook at ", status, StringComparison.Ordinal);
        Assert.Contains($"by {alertPlanId}) within the suppression window; tick Force to send anyway", status, StringComparison.Ordinal);
        Assert.Equal(2, server.Webhook.Requests.Count);

        // Ack Worker Alert acknowledges the latest alert that was sent (not the suppressed repeat) and says which one.
        status = await console.ActAsync("Ack Worker Alert");
        Expect.Matches($@"^Acknowledged the webhook worker alert of health {healthId} \(latest alert plan that asked for acknowledgement: {alertPlanId}\): gordackhealthack-[0-9a-f]{{16}}\.$", status);
        Assert.Equal(0, (long)(await GetAsync(server, $"{P}/acknowledgements/audit-delivery/worker-health-alert-dashboard"))["outstanding_acknowledgement_count"]!);

        // Ack Retry accepts the Splunk retry of the latest retry plan (the one the worker run stored).
        status = await console.ActAsync("Ack Retry");
        Expect.Matches(@"^Accepted the splunk retry of gordackdelivery-[0-9a-f]{16} \(retry\) in the latest retry plan gordackretry-[0-9a-f]{16}: gordackretryack-[0-9a-f]{16}\.$", status);
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_retry_ack_count"));
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_worker_health_alert_ack_count"));

        // Filter the history by the worker health ack and retry ack kinds: the server's exact totals.
        await console.SelectAsync("Kind", $"{K}-worker-health-alert-ack");
        await console.WaitIdleAsync();
        var rows = await console.RowsAsync("history");
        Assert.Equal("Worker health ack", Assert.Single(rows)[1]);
        Assert.Equal("webhook", rows[0][2]);
        Assert.Equal("acknowledged", rows[0][3]);
        Assert.Equal("Showing 1–1 of 1", await console.PagerAsync("history"));
        await console.SelectAsync("Kind", $"{K}-retry-ack");
        await console.WaitIdleAsync();
        rows = await console.RowsAsync("history");
        Assert.Equal("Ack audit retry ack", Assert.Single(rows)[1]);
        Assert.Equal("splunk", rows[0][2]);
        Assert.Equal("accepted", rows[0][3]);
        await console.SelectAsync("Kind", $"{K}-worker-health-alert-plan");
        await console.WaitIdleAsync();
        Assert.Equal($"Showing 1–2 of {await HistoryTotalAsync(server, $"metadata_kind={K}-worker-health-alert-plan")}", await console.PagerAsync("history"));

        await console.VerifyChainAsync(await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
        Assert.All(console.Requests, r => Assert.Contains(server.BaseUri.ToString(), r, StringComparison.Ordinal));
        await console.ScreenshotAsync("seed-004.png");
    }

    /// <summary>
    /// Seed 003 (live retry closure evidence): Deliver Audit fails → Execute Retry without approval sends nothing →
    /// Plan Audit Retry → Plan Retry Approval waits for a retry ack → Ack Retry → Plan Retry Approval → Approve Retry →
    /// Execute Retry (cancelled, then confirmed: failed) → a new approval, Splunk back → Execute Retry (delivered) →
    /// Recovery Playbook → Close Recovery with the executions as verification → the trace in the history.
    /// </summary>
    [Fact]
    public async Task Seed_003_live_retry_closure_flow_by_clicking()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "soc-analyst");
        await console.FillAsync("External reference", "INC-42");
        await console.ActAsync("Deliver Notifications");
        await console.SelectAsync("Delivery provider", "splunk");
        Expect.Matches("splunk failed \\(HTTP 500 after 3 attempts\\)", await console.ActAsync("Deliver Audit"));
        var splunkRequests = server.Splunk.Requests.Count;

        // Execute Retry without any approval: confirmed, but the gate holds the retry back and says why.
        var status = await ExecuteRetryAsync(console, confirm: true);
        Expect.Matches(@"^Live run gordackworker-[0-9a-f]{16} \(\w+\): 0 selected, 1 awaiting approval\. Executions: none\. Not sent: approval required", status);
        Assert.Equal(splunkRequests, server.Splunk.Requests.Count);

        server.Clock.Advance(TimeSpan.FromMinutes(16));
        Expect.Matches(@"1 to retry", await console.ActAsync("Plan Audit Retry"));

        // The approval plan waits for a retry acknowledgement first; Approve Retry says so instead of guessing.
        status = await console.ActAsync("Plan Retry Approval");
        Expect.Matches(@"^Approval plan gordackretryapproval-[0-9a-f]{16}: 0 awaiting approval, 0 approved, 1 waiting for a retry ack\.$", status);
        status = await console.ActAsync("Approve Retry");
        Expect.Matches(@"^The latest approval plan gordackretryapproval-[0-9a-f]{16} requests no approval \(1 waiting for a retry ack\): use Ack Retry, then Plan Retry Approval\.$", status);

        Expect.Matches(@"^Accepted the splunk retry", await console.ActAsync("Ack Retry"));
        Expect.Matches(@": 1 awaiting approval, 0 approved, 0 waiting for a retry ack\.$", await console.ActAsync("Plan Retry Approval"));
        status = await console.ActAsync("Approve Retry");
        Expect.Matches(@"^Approved the splunk retry of gordackdelivery-[0-9a-f]{16} from the latest approval plan gordackretryapproval-[0-9a-f]{16}: decision gordackretryapprovaldecision-[0-9a-f]{16}\.$", status);
        var firstDecision = System.Text.RegularExpressions.Regex.Match(status, "gordackretryapprovaldecision-[0-9a-f]{16}").Value;
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_retry_execution_approved_count"));

        // Execute Retry asks first: cancelling sends nothing.
        status = await ExecuteRetryAsync(console, confirm: false);
        Assert.Equal("Execute Retry cancelled: nothing was sent.", status);
        Assert.Equal(splunkRequests, server.Splunk.Requests.Count);

        // Confirmed, against Splunk still failing: one failed execution bound to the approval.
        status = await ExecuteRetryAsync(console, confirm: true);
        Expect.Matches(@"^Live run gordackworker-[0-9a-f]{16} \(failed\): 1 selected, 0 awaiting approval\. Executions: gordackretryexec-[0-9a-f]{16} failed\.$", status);
        Assert.Equal(splunkRequests + 1, server.Splunk.Requests.Count);
        Assert.Contains($"\"approval_decision_id\": \"{firstDecision}\"", await console.Page.Locator("#detail-json").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_retry_execution_failed_count"));
        Assert.Equal("critical", await console.CardToneAsync("acknowledgement_audit_delivery_retry_execution_failed_count"));

        // Splunk answers again; a new approval authorises one more live retry, which is delivered.
        server.Splunk.Status = 200;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Expect.Matches(@": 1 awaiting approval", await console.ActAsync("Plan Retry Approval"));
        Expect.Matches(@"^Approved the splunk retry", await console.ActAsync("Approve Retry"));
        status = await ExecuteRetryAsync(console, confirm: true);
        Expect.Matches(@"^Live run gordackworker-[0-9a-f]{16} \(completed\): 1 selected, 0 awaiting approval\. Executions: gordackretryexec-[0-9a-f]{16} delivered\.$", status);
        Assert.Equal(splunkRequests + 2, server.Splunk.Requests.Count);
        Assert.Equal("2", await console.CardAsync("acknowledgement_audit_delivery_retry_execution_record_count"));
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_retry_execution_success_count"));

        // Recovery Playbook for the failing connector, then Close Recovery with the executions as verification.
        status = await console.ActAsync("Recovery Playbook");
        Expect.Matches(@"^Recovery playbook gordackrecovery-[0-9a-f]{16}: 1 provider, 2 failures — splunk \(siem, 2 failures, status 500\)\.$", status);
        status = await console.ActAsync("Close Recovery");
        Expect.Matches(@"^Closed the splunk recovery of the latest playbook gordackrecovery-[0-9a-f]{16} as resolved: gordackrecoveryclosure-[0-9a-f]{16} \(verification: gordackretryexec-[0-9a-f]{16}, gordackretryexec-[0-9a-f]{16}; a delivery is proven\)\.$", status);
        Assert.Equal("1", await console.CardAsync("acknowledgement_audit_delivery_connector_recovery_closed_count"));
        // Delivered and closed: nothing about the audit deliveries is open any more, whatever the all-time counters say.
        Assert.Equal("healthy", await console.CardAsync("acknowledgement_audit_delivery_health"));
        Assert.Equal("Nothing is open.", await console.Page.Locator("[data-card='acknowledgement_audit_delivery_health'] .card-reasons").InnerTextAsync());

        // The history holds the trace: both execution records, and the closure with its verification references.
        await console.SelectAsync("Delivery source", "go_backend_rollback_drill_acknowledgement_audit");
        await console.SelectAsync("Kind", $"{K}-retry-execution-record");
        await console.WaitIdleAsync();
        var executions = await console.RowsAsync("history");
        Assert.Equal(["delivered", "failed"], executions.Select(r => r[3]));
        Assert.All(executions, r => Assert.Equal("splunk", r[2]));
        await console.SelectAsync("Kind", $"{K}-connector-recovery-closure");
        await console.WaitIdleAsync();
        var closure = Assert.Single(await console.RowsAsync("history"));
        Assert.Equal("resolved", closure[3]);
        await console.RowActionAsync("history", "Details", closure[0]);
        Assert.Equal("detail-json", await console.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Contains($"Artifact: {closure[0]}", await console.Page.Locator("#detail-meta").InnerTextAsync(), StringComparison.Ordinal);
        var (file, text) = await console.DownloadAsync(() => console.Button("Export").ClickAsync());
        Assert.Equal($"{closure[0]}.json", file);
        var exported = JsonNode.Parse(text)!;
        Assert.Equal(closure[0], (string?)exported["session_id"]);
        Assert.Equal(2, exported["connector_recovery_closure"]!["verification_refs"]!.AsArray().Count);

        await console.VerifyChainAsync(await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
        await console.Button("Clear filters").ClickAsync();
        await console.WaitIdleAsync();
        await console.ScreenshotAsync("seed-003.png");
    }

    /// <summary>Clicks Execute Retry, answers the confirmation dialog, and returns the status line.</summary>
    private static async Task<string> ExecuteRetryAsync(ConsolePage console, bool confirm)
    {
        await console.Button("Execute Retry").ClickAsync();
        var dialog = console.Page.GetByRole(Microsoft.Playwright.AriaRole.Dialog, new() { Name = "Execute approved retries?" });
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = confirm ? "Send live retries" : "Cancel", Exact = true }).ClickAsync();
        await console.WaitIdleAsync();
        return await console.StatusAsync();
    }
}
