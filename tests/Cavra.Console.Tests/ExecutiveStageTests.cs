using System.Text.RegularExpressions;
using Cavra.Console.Tests.Infrastructure;
using Cavra.Tests.Receivers;
using Microsoft.Playwright;
using static Cavra.Console.Tests.Infrastructure.Drill;

namespace Cavra.Console.Tests;

/// <summary>
/// The executive stage (js/stages/executive.js) by clicking: seed 000's second half — the executive report on its
/// schedule, delivered to the executive channel, its failed delivery retried once the channel recovers — the scheduler's
/// own executive job in the Scheduler table, and seed 001 — the executive retry health, its alert re-delivered, the
/// Final Closure from open (each item with the button that closes it) to closed, readiness and the runbook download.
/// </summary>
public class ExecutiveStageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string RunKind = $"{K}-recovery-executive-report-schedule-run";

    private static readonly string[] CheckStates = ["passed", "failed", "not applicable"];

    private static Dictionary<string, string?> ExecutiveChannel(LoopbackReceiver channel, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cavra:Connectors:teams:url"] = channel.Url("/executive"),
            ["Cavra:Executive:Providers"] = "teams",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Seed 000, second half: Executive Recovery Report → Schedule Executive Report twice (the second finds the
    /// window's stored run) → Deliver Executive Report to the executive channel → the channel fails → Deliver again
    /// (fails) → Plan Executive Retry → Run Executive Retry (dry) → the channel recovers → live run (confirmed) delivers.
    /// </summary>
    [Fact]
    public async Task Seed_000_second_half_executive_report_schedule_delivery_and_retry_by_clicking()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        await using var server = await ConsoleServer.StartAsync(ExecutiveChannel(channel));
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "release-manager");
        Assert.Equal("Nothing is scheduled: this instance runs no job on its own (every job is opt-in under Cavra:Scheduler).",
            await console.TableMessageAsync("scheduler"));

        var records = await RecordCountAsync(server);
        var status = await console.ActAsync("Executive Recovery Report");
        Expect.Matches(@"^Executive report gordackexecreport-[0-9a-f]{16} \(healthy\): .+ 0 failed executions, 0 open recoveries, 0 SLO breached, 0 escalations\. Key risks: none\. 3 recommended actions\.$", status);
        Assert.Equal(records + 1, await RecordCountAsync(server));

        status = await console.ActAsync("Schedule Executive Report");
        Expect.Matches(@"^Executive schedule run gordackexecsched-[0-9a-f]{16} for the window 2026-11-23 12:00:00 to 2026-11-24 12:00:00 UTC \(daily\): report gordackexecreport-[0-9a-f]{16} \(healthy\)\. Stored now; Deliver Executive Report sends it\.$", status);
        var runId = Regex.Match(status, "gordackexecsched-[0-9a-f]{16}").Value;
        records = await RecordCountAsync(server);
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        status = await console.ActAsync("Schedule Executive Report");
        Expect.Matches($@"^Executive schedule run {runId} .*Already stored: this window's run was made earlier .*nothing new was stored\.$", status);
        Assert.Equal(records, await RecordCountAsync(server));
        Assert.Equal(1, await HistoryTotalAsync(server, $"metadata_kind={RunKind}"));

        // The selected provider (webhook) is not an executive channel: the report goes to teams only.
        var webhookRequests = server.Webhook.Requests.Count;
        status = await console.ActAsync("Deliver Executive Report");
        Assert.Equal($"Executive report run {runId} (latest stored run): teams delivered.", status);
        Assert.Single(channel.Requests);
        Assert.Contains(runId, channel.Requests.Last().Body, StringComparison.Ordinal);
        Assert.Equal(webhookRequests, server.Webhook.Requests.Count);

        // The channel fails: Deliver again fails and says what to do.
        channel.Status = 500;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await console.SelectAsync("Delivery provider", "teams");
        status = await console.ActAsync("Deliver Executive Report");
        Assert.Equal($"Executive report run {runId} (latest stored run): teams failed (HTTP 500 after 1 attempt). Use Plan Executive Retry.", status);
        Assert.Equal(2, channel.Requests.Count);

        status = await console.ActAsync("Plan Executive Retry");
        Expect.Matches($@"^Executive retry plan gordackexecdeliveryretry-[0-9a-f]{{16}}: 1 decision — 1 to retry, 0 waiting, 0 suppressed: teams retry {runId} \(.+\)\.$", status);

        status = await console.ActAsync("Run Executive Retry (dry run)");
        Expect.Matches(@"^Dry run \S+: 1 selected\. Executions: none\. Skipped: dry_run\. Nothing was sent\.$", status);
        Assert.Equal(2, channel.Requests.Count);

        channel.Status = 200;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await console.Button("Run Executive Retry (live)").ClickAsync();
        await ConfirmAsync(console, "Re-send executive reports?");
        Expect.Matches(@"^Live run \S+: 1 selected\. Executions: \S+ delivered\.$", await console.StatusAsync());
        Assert.Equal(3, channel.Requests.Count);
        Assert.Contains(runId, channel.Requests.Last().Body, StringComparison.Ordinal);
        Assert.Equal(webhookRequests, server.Webhook.Requests.Count);

        // The dashboard cards: one window, its failed delivery counted, and the delivery stream healthy again.
        const string Executive = "acknowledgement_audit_delivery_recovery_executive_report";
        Assert.Equal("1", await console.CardAsync($"{Executive}_schedule_run_count"));
        Assert.Equal("1", await console.CardAsync($"failed_{Executive}_delivery_count"));
        Assert.Equal("healthy", await console.CardAsync($"{Executive}_delivery_health"));

        await console.VerifyChainAsync(await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
        Assert.All(console.Requests, r => Assert.Contains(server.BaseUri.ToString(), r, StringComparison.Ordinal));
        await console.ScreenshotAsync("seed-000-second-half.png");
    }

    /// <summary>The service's own executive job: the Scheduler table shows its schedule, next window and last run.</summary>
    [Fact]
    public async Task The_scheduler_table_shows_the_executive_jobs_next_window_and_last_run()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        await using var server = await ConsoleServer.StartAsync(ExecutiveChannel(channel, new Dictionary<string, string?>
        {
            ["Cavra:Scheduler:ExecutiveReport:Enabled"] = "true",
            ["Cavra:Scheduler:ExecutiveReport:Providers"] = "teams",
            ["Cavra:Scheduler:ExecutiveReport:IntervalMinutes"] = "60",
        }));

        // At start-up the window 12:00–13:00 gets its run, delivered by the scheduler itself.
        string? runId = null;
        for (var attempt = 0; attempt < 200 && runId is null; attempt++)
        {
            var jobs = (await GetAsync(server, "/scheduler"))["jobs"]!.AsArray();
            runId = jobs.SingleOrDefault(j => (string?)j!["name"] == "executive_report")?["last_run_id"]?.GetValue<string>();
            if (runId is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(runId);
        Assert.Single(channel.Requests);

        await using var console = await browser.OpenAsync(server);
        var rows = await console.RowsAsync("scheduler");
        var job = Assert.Single(rows, r => r[0] == "executive_report");
        Assert.Equal("every 60 minutes", job[1]);
        Assert.Equal("2026-11-23 13:00:00", job[3]);
        Assert.Equal($"2026-11-23 12:00:00 — {runId}", job[4]);
        Assert.Contains("delivered", job[5], StringComparison.Ordinal);
        Expect.Matches(@"^\d+ scheduled jobs? as of 2026-11-23 12:00:00 UTC\.", await console.NoteAsync("scheduler"));

        Assert.Equal(1, await HistoryTotalAsync(server, $"metadata_kind={RunKind}"));
        Assert.Empty(console.ScriptErrors);
        await console.ScreenshotAsync("scheduler.png");
    }

    /// <summary>
    /// Seed 001: Exec Retry Health → Send Exec Health Alert (channel failing) → Plan Exec Alert Retry → channel back →
    /// Run Exec Alert Retry (confirmed) delivers → Final Closure is open, each item with the button that closes it →
    /// those buttons close them → Final Closure is closed → Release Readiness shows its checks → Export Runbook
    /// downloads the Markdown runbook naming the evidence ids.
    /// </summary>
    [Fact]
    public async Task Seed_001_executive_alert_retry_final_closure_readiness_and_runbook_by_clicking()
    {
        await using var channel = await LoopbackReceiver.StartAsync();
        channel.Status = 500;
        await using var server = await ConsoleServer.StartAsync(ExecutiveChannel(channel));
        await using var console = await browser.OpenAsync(server);
        Assert.Equal("Nothing is open: the reporting loop is closed.", await console.TableMessageAsync("final-closure"));
        await console.FillAsync("Actor (required)", "release-manager");

        // An executive delivery that fails: the executive retry worker has something to report.
        var status = await console.ActAsync("Schedule Executive Report");
        var runId = Regex.Match(status, "gordackexecsched-[0-9a-f]{16}").Value;
        Expect.Matches("teams failed", await console.ActAsync("Deliver Executive Report"));
        Assert.Single(channel.Requests);

        status = await console.ActAsync("Exec Retry Health");
        Expect.Matches(@"^Executive retry health gordackexecdeliveryhealth-[0-9a-f]{16}: critical — 1 failed executive deliveries open, \d+ retryable, 0 delivered retries\. Alerts: .*failed_executive_report_delivery \(critical\).*\.$", status);
        var healthId = Regex.Match(status, "gordackexecdeliveryhealth-[0-9a-f]{16}").Value;

        await console.SelectAsync("Delivery provider", "teams");
        status = await console.ActAsync("Send Exec Health Alert");
        Expect.Matches($@"^Executive health alert plan gordackexechealthalert-[0-9a-f]{{16}} for health {healthId} \(critical\): teams failed \(HTTP 500 after 1 attempt\)\. Use Plan Exec Alert Retry\.$", status);
        Assert.Equal(2, channel.Requests.Count);

        status = await console.ActAsync("Plan Exec Alert Retry");
        Expect.Matches($@"^Executive alert retry plan gordackexechealthalertretry-[0-9a-f]{{16}}: 1 decision — 1 to retry, 0 waiting, 0 suppressed: teams retry {healthId} \(.+\)\.$", status);

        channel.Status = 200;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await console.Button("Run Exec Alert Retry").ClickAsync();
        await ConfirmAsync(console, "Re-send executive health alerts?");
        Expect.Matches(@"^Executive alert retry run \S+: 1 selected\. Executions: gordackexechealthalertexec-[0-9a-f]{16} delivered\.$", await console.StatusAsync());
        Assert.Equal(3, channel.Requests.Count);
        Assert.Contains(healthId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // Final Closure: open, each item in the table with the action that closes it.
        status = await console.ActAsync("Final Closure");
        Expect.Matches(@"^Final closure is open \(critical\) with 3 open items: .*recovery_executive_report_delivery_failed \(1\).*\. The Final Closure table links each to its action\.$", status);
        var items = await console.RowsAsync("final-closure");
        Assert.Equal(
            ["executive_retry_health_alert_acknowledgement_outstanding", "recovery_executive_report_delivery_failed", "recovery_executive_report_window_undelivered"],
            items.Select(r => r[0]).Order());
        Assert.Equal("Run Executive Retry", items.Single(r => r[0] == "recovery_executive_report_delivery_failed")[5]);
        Assert.Equal("Ack Exec Alert", items.Single(r => r[0] == "executive_retry_health_alert_acknowledgement_outstanding")[5]);
        Assert.Equal("Deliver Executive Report", items.Single(r => r[0] == "recovery_executive_report_window_undelivered")[5]);
        Assert.Contains(runId, items.Single(r => r[0] == "recovery_executive_report_window_undelivered")[3], StringComparison.Ordinal);
        Expect.Matches(@"^Closure state: open \(alert level critical\), 3 open items\.", await console.NoteAsync("final-closure"));

        // Each item's button closes it.
        status = await console.RowActionAsync("final-closure", "Ack Exec Alert", "executive_retry_health_alert_acknowledgement_outstanding");
        Expect.Matches($@"^Acknowledged the teams executive health alert of health {healthId} \(plan gordackexechealthalert-[0-9a-f]{{16}}\): gordackexechealthack-[0-9a-f]{{16}}\.$", status);
        Assert.DoesNotContain(await console.RowsAsync("final-closure"), r => r[0] == "executive_retry_health_alert_acknowledgement_outstanding");

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await console.Page.Locator("#final-closure-rows tr", new() { HasTextString = "recovery_executive_report_delivery_failed" })
            .GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run Executive Retry \\(live\\) ") }).ClickAsync();
        await ConfirmAsync(console, "Re-send executive reports?");
        Expect.Matches(@"^Live run \S+: 1 selected\. Executions: \S+ delivered\.$", await console.StatusAsync());
        Assert.Equal(4, channel.Requests.Count);
        Assert.Contains(runId, channel.Requests.Last().Body, StringComparison.Ordinal);

        // The live retry delivered the window's run: the window is no longer undelivered either.
        Assert.Empty(await console.RowsAsync("final-closure"));

        status = await console.ActAsync("Final Closure");
        Assert.Equal("Final closure is closed (healthy) with 0 open items.", status);
        Assert.Equal("Nothing is open: the reporting loop is closed.", await console.TableMessageAsync("final-closure"));
        Expect.Matches(@"^Closure state: closed \(alert level healthy\), 0 open items\.", await console.NoteAsync("final-closure"));

        // Release Readiness stores a summary; the table shows each check's state in words.
        var records = await RecordCountAsync(server);
        status = await console.ActAsync("Release Readiness");
        Expect.Matches(@"^Release readiness gordackfinalready-[0-9a-f]{16}: (ready|blocked) — \d+ passed, \d+ failed, \d+ not applicable of 9 checks.*\. Final closure closed\.$", status);
        var summaryId = Regex.Match(status, "gordackfinalready-[0-9a-f]{16}").Value;
        Assert.Equal(records + 1, await RecordCountAsync(server));
        var checks = await console.RowsAsync("readiness");
        Assert.Equal(9, checks.Count);
        Assert.All(checks, c => Assert.Contains(c[1], CheckStates));
        Assert.Equal("passed", checks.Single(c => c[0] == "executive_report_window_delivered")[1]);
        Assert.Equal("passed", checks.Single(c => c[0] == "closure_dashboard_closed")[1]);
        Assert.Equal("passed", checks.Single(c => c[0] == "alerts_settled")[1]);
        Assert.Contains("executive_report_window_delivered passed",
            await console.Page.Locator("desc#readiness-figure-desc").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(records + 1, await RecordCountAsync(server));

        // Export Runbook downloads the Markdown, named by its runbook id, naming the evidence ids.
        var (name, text) = await console.DownloadAsync(() => console.Button("Export Runbook").ClickAsync());
        await console.WaitIdleAsync();
        Expect.Matches(@"^gordackfinalrunbook-[0-9a-f]{16}\.md$", name);
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Contains(summaryId, text, StringComparison.Ordinal);
        Assert.Contains(name[..^3], text, StringComparison.Ordinal);
        Assert.Matches("gordackexechealthack-[0-9a-f]{16}", text);
        Expect.Matches($@"^Runbook {Regex.Escape(name[..^3])} from readiness summary {summaryId} \(\w+, final closure closed\): \d+ steps? done, \d+ items? remaining\. Downloaded {Regex.Escape(name)}\.$", await console.StatusAsync());

        await console.VerifyChainAsync(await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
        Assert.All(console.Requests, r => Assert.Contains(server.BaseUri.ToString(), r, StringComparison.Ordinal));
        await console.ScreenshotAsync("seed-001.png");
    }

    private static async Task ConfirmAsync(ConsolePage console, string title)
    {
        var dialog = console.Page.GetByRole(AriaRole.Dialog, new() { Name = title });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send live retries", Exact = true }).ClickAsync();
        await console.WaitIdleAsync();
    }
}
