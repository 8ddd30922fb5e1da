using Cavra.Console.Tests.Infrastructure;
using static Cavra.Console.Tests.Infrastructure.Drill;

namespace Cavra.Console.Tests;

/// <summary>The console says when a click sent nothing new, and asks before resolving a recovery without proof.</summary>
public class ConsistencyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_second_Deliver_Notifications_says_what_was_delivered_earlier_and_sends_nothing()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "release-manager");
        Expect.Matches(@"webhook delivered", await console.ActAsync("Deliver Notifications"));

        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var status = await console.ActAsync("Deliver Notifications");
        Expect.Matches(
            @"^Notification plan gordn-[0-9a-f]{16} for go_backend_python_fallback_monthly \(schedule needs_attention\): nothing sent again: "
            + @"slack already notified at 2026-11-23T12:00:00\.000000\+00:00 \(rcd-[a-z0-9-]+\), webhook already notified at .* \(tick Force to send it again\)\.",
            status);
        Assert.Single(server.Webhook.Requests);
        Assert.Single(server.Slack.Requests);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Close_Recovery_without_a_delivered_retry_asks_for_a_reason_and_a_confirmation()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "soc-analyst");
        await console.ActAsync("Deliver Notifications");
        await console.SelectAsync("Delivery provider", "splunk");
        Expect.Matches("splunk failed", await console.ActAsync("Deliver Audit"));
        Expect.Matches("^Recovery playbook gordackrecovery-", await console.ActAsync("Recovery Playbook"));
        var records = await RecordCountAsync(server);

        // Nothing proves the recovery and no reason is given: nothing is stored, and the console says what to do.
        Expect.Matches(@"^Not closed: .*proves a successful delivery to splunk.* To resolve anyway, write the reason in Notes", await console.ActAsync("Close Recovery"));
        Assert.Equal(records, await RecordCountAsync(server));

        await console.FillAsync("Notes", "HEC restored by the vendor; no retry left to run");
        Assert.Equal("Close Recovery cancelled: nothing was stored.", await CloseAsync(console, confirm: false));
        Assert.Equal(records, await RecordCountAsync(server));

        Expect.Matches(
            @"^Closed the splunk recovery of the latest playbook gordackrecovery-[0-9a-f]{16} as resolved: gordackrecoveryclosure-[0-9a-f]{16} \(verification: none; override: no reference proves a delivery\)\.$",
            await CloseAsync(console, confirm: true));
        Assert.Equal("status warning", await console.StatusToneAsync());
        Assert.Contains("\"reason\": \"HEC restored by the vendor; no retry left to run\"", await console.Page.Locator("#detail-json").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(records + 1, await RecordCountAsync(server));
        Assert.Empty(console.ScriptErrors);
    }

    private static async Task<string> CloseAsync(ConsolePage console, bool confirm)
    {
        await console.Button("Close Recovery").ClickAsync();
        var dialog = console.Page.GetByRole(Microsoft.Playwright.AriaRole.Dialog, new() { Name = "Resolve without proof of delivery?" });
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = confirm ? "Resolve with override" : "Cancel", Exact = true }).ClickAsync();
        await console.WaitIdleAsync();
        return await console.StatusAsync();
    }
}
