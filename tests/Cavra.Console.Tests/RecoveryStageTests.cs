using System.Text.RegularExpressions;
using Cavra.Console.Tests.Infrastructure;
using Cavra.Tests.Receivers;
using Microsoft.Playwright;
using static Cavra.Console.Tests.Infrastructure.Drill;

namespace Cavra.Console.Tests;

/// <summary>
/// The recovery stage (js/stages/recovery.js) by clicking: seed 002's Retry Recovery SLO table and closure-trend
/// chart, and seed 000's first half — the recovery escalation chain to a failing escalation channel, its retry under
/// acknowledgement, the retry health and the re-delivery of its alert.
/// </summary>
public class RecoveryStageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Seed 002: audit deliveries fail to Splunk and the webhook → both retries acked, approved and executed live
    /// (Splunk still failing, the webhook back) → Recovery Playbook → Close Recovery (webhook) → Retry Recovery SLO:
    /// the table shows both providers' counts and the chart's text alternative names the closure day.
    /// </summary>
    [Fact]
    public async Task Seed_002_retry_recovery_slo_table_and_closure_trend_by_clicking()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        Assert.Contains("No retry execution or recovery playbook yet", await console.TableMessageAsync("retry-recovery"), StringComparison.Ordinal);
        Assert.Equal("Closure trend: no closures yet. Each Close Recovery adds to its day here.",
            await console.Page.Locator("#closure-trend-empty").InnerTextAsync());

        await console.FillAsync("Actor (required)", "release-manager");
        await console.FillAsync("External reference", "INC-7");
        await console.ActAsync("Deliver Notifications");
        server.Webhook.Status = 500;
        await console.SelectAsync("Delivery provider", "splunk");
        Expect.Matches("splunk failed", await console.ActAsync("Deliver Audit"));
        await console.SelectAsync("Delivery provider", "webhook");
        Expect.Matches("webhook failed", await console.ActAsync("Deliver Audit"));

        server.Clock.Advance(TimeSpan.FromMinutes(16));
        Expect.Matches("2 to retry", await console.ActAsync("Plan Audit Retry"));
        foreach (var provider in new[] { "splunk", "webhook" })
        {
            await console.SelectAsync("Delivery provider", provider);
            Expect.Matches($"^Accepted the {provider} retry", await console.ActAsync("Ack Retry"));
        }

        Expect.Matches(": 2 awaiting approval", await console.ActAsync("Plan Retry Approval"));
        foreach (var provider in new[] { "splunk", "webhook" })
        {
            await console.SelectAsync("Delivery provider", provider);
            Expect.Matches($"^Approved the {provider} retry", await console.ActAsync("Approve Retry"));
        }

        // The webhook answers again, Splunk does not: one delivered and one failed execution.
        server.Webhook.Status = 200;
        await console.Button("Execute Retry").ClickAsync();
        await ConfirmAsync(console, "Execute approved retries?");
        Expect.Matches(@": 2 selected, 0 awaiting approval\. Executions: gordackretryexec-[0-9a-f]{16} (delivered|failed), gordackretryexec-[0-9a-f]{16} (delivered|failed)\.$", await console.StatusAsync());

        Expect.Matches(@"^Recovery playbook gordackrecovery-[0-9a-f]{16}: 2 providers", await console.ActAsync("Recovery Playbook"));
        await console.SelectAsync("Delivery provider", "webhook");
        Expect.Matches(@"^Closed the webhook recovery .*a delivery is proven\)\.$", await console.ActAsync("Close Recovery"));
        var records = await RecordCountAsync(server);

        // Retry Recovery SLO stores a report and says what it counted.
        var status = await console.ActAsync("Retry Recovery SLO");
        Expect.Matches(@"^Retry recovery report gordackretryreport-[0-9a-f]{16} \(\w+, SLO 240 minutes\): 2 executions \(1 delivered, 1 failed or skipped; success rate 50%\), 2 providers, 1 open recovery, 0 SLO breached, 1 closure\.$", status);
        Assert.Equal(records + 1, await RecordCountAsync(server));

        // The table: one row per provider (loading it stores nothing: persist=false).
        var rows = await console.RowsAsync("retry-recovery");
        Assert.Equal(["splunk", "webhook"], rows.Select(r => r[0]).Order());
        var splunk = rows.Single(r => r[0] == "splunk");
        Assert.Equal(["splunk", "1", "1", "1", "0", "n/a"], splunk[..6]);
        var webhook = rows.Single(r => r[0] == "webhook");
        Assert.Equal(["webhook", "1", "0", "0", "0"], webhook[..5]);
        Assert.StartsWith("2026-11-23 12:1", webhook[5], StringComparison.Ordinal);
        Assert.Equal("pill critical", await console.Page.Locator("#retry-recovery-rows tr", new() { HasTextString = "splunk" }).Locator("td").Nth(2).Locator("span").GetAttributeAsync("class"));
        var slo = await console.RowsAsync("recovery-slo");
        Assert.Equal(2, slo.Count);
        Assert.Equal("open", slo.Single(r => r[1] == "splunk")[4]);
        Assert.Equal("closed", slo.Single(r => r[1] == "webhook")[4]);
        Assert.Equal(records + 1, await RecordCountAsync(server));

        // The chart is an image with words: its title and description name the closure day and count.
        var chart = console.Page.Locator("svg.trend-chart[role='img']");
        Assert.Equal("closure-trend-title closure-trend-desc", await chart.GetAttributeAsync("aria-labelledby"));
        Assert.Equal("Recovery closures per day, by closure state", await chart.Locator("title#closure-trend-title").TextContentAsync());
        var description = await chart.Locator("desc#closure-trend-desc").TextContentAsync();
        Assert.Equal("1 closure over 1 day. 2026-11-23: 1 closure (1 resolved), by provider webhook 1.", description);
        Assert.Equal(description, await console.Page.Locator("#closure-trend-summary").InnerTextAsync());
        Assert.Equal(1, await chart.Locator("g.trend-day rect[fill='url(#closure-fill-resolved)']").CountAsync());
        // Details of a provider row shows the report's summary for it.
        await console.RowActionAsync("retry-recovery", "Details", "splunk");
        Assert.Contains("\"open_recovery_count\": 1", await console.Page.Locator("#detail-json").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Empty(console.ScriptErrors);
        await console.ScreenshotAsync("seed-002.png");
    }

    /// <summary>
    /// Seed 000, first half: Recovery Playbook → Plan Recovery Escalation → Deliver Recovery Escalation (the teams
    /// escalation channel fails) → Plan Escalation Retry → Run Escalation Retry (dry) → live run (acknowledgement
    /// required) → Ack Recovery Escalation → channel back → live run delivers → Retry Health → Send Retry Health Alert
    /// (channel failing) → Plan Health Alert Retry → channel back → Run Health Alert Retry delivers.
    /// </summary>
    [Fact]
    public async Task Seed_000_recovery_escalation_retry_chain_by_clicking()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        channel.Status = 500;
        await using var server = await ConsoleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:teams:url"] = channel.Url("/escalations"),
            ["Cavra:Escalation:Providers"] = "teams",
        });
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "release-manager");
        await console.FillAsync("External reference", "INC-9");
        await console.ActAsync("Deliver Notifications");
        await console.SelectAsync("Delivery provider", "splunk");
        Expect.Matches("splunk failed", await console.ActAsync("Deliver Audit"));
        Expect.Matches(@"^Recovery playbook gordackrecovery-[0-9a-f]{16}: 1 provider", await console.ActAsync("Recovery Playbook"));

        // The plan escalates the open Splunk recovery to the escalation channel, not to Splunk.
        var status = await console.ActAsync("Plan Recovery Escalation");
        Expect.Matches(@"^Recovery escalation plan gordackrecoveryesc-[0-9a-f]{16} \(\w+\): \d+ escalation routes? — splunk .*; escalation channels: teams\.$", status);
        var planId = Regex.Match(status, "gordackrecoveryesc-[0-9a-f]{16}").Value;
        Assert.Empty(channel.Requests);

        var splunkRequests = server.Splunk.Requests.Count;
        status = await console.ActAsync("Deliver Recovery Escalation");
        Assert.Equal($"Recovery escalation {planId} (latest stored plan, {RouteCount(status)}): teams failed (HTTP 500 after 1 attempt). Use Plan Escalation Retry.", status);
        Assert.Single(channel.Requests);
        Assert.Equal(splunkRequests, server.Splunk.Requests.Count);

        status = await console.ActAsync("Plan Escalation Retry");
        Expect.Matches($@"^Escalation retry plan gordackrecoveryescretry-[0-9a-f]{{16}}: 1 decision — 1 to retry, 0 waiting, 0 suppressed: teams retry {planId} \(.+\)\.$", status);

        status = await console.ActAsync("Run Escalation Retry (dry run)");
        Expect.Matches(@"^Dry run \S+: 1 selected, 0 awaiting acknowledgement\. Executions: none\. Skipped: dry_run\..* Nothing was sent\.$", status);
        Assert.Single(channel.Requests);

        // Live, without an acknowledgement: confirmed, but the gate holds it back and says why.
        await console.Button("Run Escalation Retry (live)").ClickAsync();
        await ConfirmAsync(console, "Re-send recovery escalations?");
        Expect.Matches(@"^Live run \S+: 0 selected, 1 awaiting acknowledgement\. Executions: none\..* Not sent: .*acknowledgement_required.* Use Ack Recovery Escalation\.$", await console.StatusAsync());
        Assert.Single(channel.Requests);

        // Ack Recovery Escalation accepts it for the channel (the selected provider, Splunk, is not one).
        status = await console.ActAsync("Ack Recovery Escalation");
        Expect.Matches($@"^Accepted the teams recovery escalation of the latest plan {planId} \(reason: .+\): gordackrecoveryescack-[0-9a-f]{{16}}\. A live Run Escalation Retry may now re-send it\.$", status);

        channel.Status = 200;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await console.Button("Run Escalation Retry (live)").ClickAsync();
        await ConfirmAsync(console, "Re-send recovery escalations?");
        Expect.Matches(@"^Live run \S+: 1 selected, 0 awaiting acknowledgement\. Executions: \S+ delivered\.$", await console.StatusAsync());
        Assert.Equal(2, channel.Requests.Count);
        Assert.Contains(planId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // The worker then misses its runs: the stored retry health is critical.
        server.Clock.Advance(TimeSpan.FromMinutes(90));
        status = await console.ActAsync("Retry Health");
        Expect.Matches(@"^Escalation retry health \S+: critical — 0 awaiting acknowledgement, 1 delivered retry\. Alerts: .*missed_recovery_escalation_retry_worker \(critical\).*\.$", status);
        var healthId = Regex.Match(status, @"^Escalation retry health (\S+):").Groups[1].Value;

        // Send Retry Health Alert to the channel, failing again; then re-delivered from the stored health.
        channel.Status = 500;
        await console.SelectAsync("Delivery provider", "teams");
        status = await console.ActAsync("Send Retry Health Alert");
        Expect.Matches($@"^Retry health alert plan gordackrecoveryhealthalert-[0-9a-f]{{16}} for health \S+ \(critical\): teams failed \(HTTP 500 after 1 attempt\)\. Use Plan Health Alert Retry\.$", status);
        Assert.Equal(3, channel.Requests.Count);

        status = await console.ActAsync("Plan Health Alert Retry");
        Expect.Matches(@"^Health alert retry plan \S+: 1 decision — 1 to retry, 0 waiting, 0 suppressed: teams retry \S+ \(.+\)\.$", status);
        Assert.Contains(" retry ", status, StringComparison.Ordinal);

        channel.Status = 200;
        await console.Button("Run Health Alert Retry").ClickAsync();
        await ConfirmAsync(console, "Re-send retry health alerts?");
        Expect.Matches(@"^Health alert retry run \S+: 1 selected\. Executions: \S+ delivered\.$", await console.StatusAsync());
        Assert.Equal(4, channel.Requests.Count);
        Assert.Contains(healthId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // The dashboard cards count the escalation chain as stored.
        const string Escalation = "acknowledgement_audit_delivery_recovery_escalation";
        Assert.Equal("1", await console.CardAsync($"{Escalation}_plan_count"));
        Assert.Equal("1", await console.CardAsync($"{Escalation}_ack_count"));
        Assert.Equal("1", await console.CardAsync($"{Escalation}_retry_execution_record_count"));
        Assert.Equal("0", await console.CardAsync($"{Escalation}_retry_execution_failed_count"));

        await console.VerifyChainAsync(await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
        Assert.All(console.Requests, r => Assert.Contains(server.BaseUri.ToString(), r, StringComparison.Ordinal));
        await console.ScreenshotAsync("seed-000-first-half.png");
    }

    [Fact]
    public async Task A_cancelled_live_escalation_retry_sends_nothing_and_stores_nothing()
    {
        await using var server = await ConsoleServer.StartAsync();
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "release-manager");
        var records = await RecordCountAsync(server);
        await console.Button("Run Escalation Retry (live)").ClickAsync();
        var dialog = console.Page.GetByRole(AriaRole.Dialog, new() { Name = "Re-send recovery escalations?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await console.WaitIdleAsync();
        Assert.Equal("Run Escalation Retry (live) cancelled: nothing was sent.", await console.StatusAsync());
        Assert.Equal(records, await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
    }

    private static string RouteCount(string status) => Regex.Match(status, @"\d+ routes?").Value;

    private static async Task ConfirmAsync(ConsolePage console, string title)
    {
        var dialog = console.Page.GetByRole(AriaRole.Dialog, new() { Name = title });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send live retries", Exact = true }).ClickAsync();
        await console.WaitIdleAsync();
    }
}
