using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cavra.Console.Tests.Infrastructure;
using static Cavra.Console.Tests.Infrastructure.Drill;

namespace Cavra.Console.Tests;

/// <summary>Errors shown as errors, the unreachable state, hosting elsewhere, server-side filters and paging, keyboard use.</summary>
public class ConsoleBehaviourTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_fresh_service_shows_empty_tables_zero_counts_and_a_verified_chain()
    {
        await using var server = await ConsoleServer.StartAsync();
        await using var console = await browser.OpenAsync(server);

        Assert.Equal("Cavra | Evidence Console", await console.Page.TitleAsync());
        Assert.Equal("No evidence record matches these filters.", await console.TableMessageAsync("history"));
        Assert.Equal("Showing 0–0 of 0", await console.PagerAsync("history"));
        Assert.Equal("No escalation route: deliver notifications, then Plan Escalation.", await console.TableMessageAsync("escalation"));
        Assert.Equal("No route decision matches these filters.", await console.TableMessageAsync("routing"));
        Assert.Equal("No suppressed route matches these filters.", await console.TableMessageAsync("suppression"));
        Assert.Equal("0", await console.CardAsync("plan_count"));
        Assert.Equal("healthy", await console.CardAsync("alert_level"));
        Assert.Equal("n/a", await console.CardAsync("acknowledgement_audit_delivery_success_rate"));
        Assert.StartsWith("Verified: 0 records, head sequence 0 (checked at ", await console.Page.Locator("#chain-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(["slack", "splunk", "webhook"], await console.Page.Locator("#delivery-provider option").AllInnerTextsAsync());
        Assert.Equal("Connector delivery is configured (3).", await console.Page.Locator("#connector-status").InnerTextAsync());
        Assert.Equal("API: sqlite · connectors configured", await console.Page.Locator("#api-status").InnerTextAsync());
        Assert.All(console.Requests, r => Assert.Contains(server.BaseUri.ToString(), r, StringComparison.Ordinal));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task A_refused_step_shows_the_problem_title_detail_and_field_and_stores_nothing()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server);
        await using var console = await browser.OpenAsync(server);

        // No actor: the page asks for one and sends nothing; keyboard focus lands on the field.
        var records = await RecordCountAsync(server);
        var status = await console.ActAsync("Deliver Notifications");
        Assert.Equal("Deliver Notifications: Enter the actor (who is acting) first: every record names who made it.", status);
        Assert.Equal("status error", await console.StatusToneAsync());
        Assert.Equal("actor", await console.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal(records, await RecordCountAsync(server));
        Assert.Empty(server.Webhook.Requests);

        await console.Page.Keyboard.TypeAsync("release-manager");
        await console.Button("Deliver Notifications").FocusAsync();
        await console.Page.Keyboard.PressAsync("Enter");
        await console.WaitIdleAsync();
        Assert.StartsWith("Notification plan gordn-", await console.StatusAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await console.RowsAsync("escalation")).Count);
        Assert.NotEqual("none", await console.Page.EvaluateAsync<string>(
            "() => getComputedStyle(document.activeElement).outlineStyle"));

        // A Slack token in the notes: the service refuses it (400 ProblemDetails) and the page shows title, detail
        // and field, marks the notes input, and never shows the token back.
        const string Token = "xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx";
        await console.FillAsync("Notes", $"paged the owner, token {Token}");
        records = await RecordCountAsync(server);
        status = await console.RowActionAsync("escalation", "Ack", "webhook");
        Assert.StartsWith("Ack webhook failed: 400 Invalid request — notes: contains a secret (slack_token)", status, StringComparison.Ordinal);
        Assert.EndsWith(" — Fields: notes", status, StringComparison.Ordinal);
        Assert.Equal("status error", await console.StatusToneAsync());
        Assert.Equal("true", await console.Page.Locator("#notes").GetAttributeAsync("aria-invalid"));
        Assert.Null(await console.Page.Locator("#actor").GetAttributeAsync("aria-invalid"));
        Assert.DoesNotContain(Token, await console.Page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(records, await RecordCountAsync(server));
        Assert.Equal("outstanding", (await console.RowsAsync("escalation")).Single(r => r[1] == "webhook")[3]);

        // Corrected, the same step works and the field is no longer marked.
        await console.FillAsync("Notes", "paged the owner");
        status = await console.RowActionAsync("escalation", "Ack", "webhook");
        Assert.StartsWith("Acknowledged the webhook route", status, StringComparison.Ordinal);
        Assert.Null(await console.Page.Locator("#notes").GetAttributeAsync("aria-invalid"));
        Assert.Equal("status", await console.Page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The other row actions: Resolve (then disabled on that row) and Escalate.
        Expect.Matches(@"^Resolved the webhook route of go_backend_python_fallback_monthly as release-manager: gordack-[0-9a-f]{16}\. .*2 routes, 1 outstanding", await console.RowActionAsync("escalation", "Resolve", "webhook"));
        var webhookRow = console.Page.Locator("#escalation-rows tr").Filter(new() { HasText = "webhook" });
        Assert.Equal("resolved", (await console.RowsAsync("escalation")).Single(r => r[1] == "webhook")[3]);
        Assert.True(await webhookRow.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { NameRegex = new("^Resolve ") }).IsDisabledAsync());
        Expect.Matches(@"^Escalated the slack route of go_backend_python_fallback_monthly as release-manager: gordack-[0-9a-f]{16}\.", await console.RowActionAsync("escalation", "Escalate", "slack"));
        Assert.Equal("escalated", (await console.RowsAsync("escalation")).Single(r => r[1] == "slack")[3]);
        Assert.Equal("warning", (await console.StatusToneAsync())!.Replace("status ", "", StringComparison.Ordinal));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task An_unreachable_API_is_shown_as_such_and_no_record_is_invented()
    {
        await using var server = await ConsoleServer.StartAsync();
        var dead = FreeLoopbackPort();
        await using var console = await browser.OpenAsync(server, apiBase: $"http://127.0.0.1:{dead}");

        var banner = console.Page.GetByRole(Microsoft.Playwright.AriaRole.Alert);
        Assert.StartsWith($"API unreachable: the console cannot reach the Cavra service at http://127.0.0.1:{dead}.",
            await banner.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("API: unreachable", await console.Page.Locator("#api-status").InnerTextAsync());
        Assert.Equal(0, await console.Page.Locator("#cards li").CountAsync());
        Assert.StartsWith("Dashboard unavailable: API unreachable", await console.Page.Locator("#cards-status").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var (table, title) in new[] { ("history", "Notification History"), ("escalation", "Escalation Routes"),
            ("routing", "Routing History"), ("suppression", "Suppression Summary") })
        {
            Assert.Empty(await console.RowsAsync(table));
            Assert.StartsWith($"Could not load {title}: API unreachable — no answer from http://127.0.0.1:{dead}",
                await console.TableMessageAsync(table), StringComparison.Ordinal);
        }

        Assert.StartsWith("Verification failed: API unreachable", await console.Page.Locator("#chain-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("Could not read connectors: API unreachable", await console.Page.Locator("#connector-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Connectors unavailable", await console.Page.Locator("#delivery-provider").InnerTextAsync());

        await console.FillAsync("Actor (required)", "release-manager");
        var status = await console.ActAsync("Plan Audit Retry");
        Assert.StartsWith("Plan Audit Retry failed: API unreachable — no answer from", status, StringComparison.Ordinal);
        Assert.Empty(await console.RowsAsync("history"));

        // Every API call went to the configured base, none to the page's own origin.
        Assert.Contains(console.Requests, r => r.Contains($"127.0.0.1:{dead}/console/config", StringComparison.Ordinal));
        Assert.DoesNotContain(console.Requests, r => r.Contains($"{server.BaseUri}runtime", StringComparison.Ordinal));
        Assert.Equal(0, await RecordCountAsync(server));
    }

    [Fact]
    public async Task Hosted_elsewhere_the_page_uses_CAVRA_API_BASE_through_CORS()
    {
        await using var pageHost = await ConsoleServer.StartAsync();
        var origin = pageHost.BaseUri.GetLeftPart(UriPartial.Authority);
        await using var api = await ConsoleServer.StartAsync(new Dictionary<string, string?> { ["Cavra:Cors:Origins:0"] = origin });
        await StoreOverdueScheduleAsync(api);
        var apiBase = api.BaseUri.GetLeftPart(UriPartial.Authority);
        await using var console = await browser.OpenAsync(api, apiBase: apiBase, pageUri: pageHost.BaseUri);

        Assert.True(await console.Page.Locator("#unreachable").IsHiddenAsync());
        await console.FillAsync("Actor (required)", "release-manager");
        Expect.Matches("^Notification plan gordn-[0-9a-f]{16} for go_backend_python_fallback_monthly", await console.ActAsync("Deliver Notifications"));
        Assert.Equal("1", await console.CardAsync("plan_count"));
        Assert.Single(api.Webhook.Requests);
        Assert.Equal(0, await RecordCountAsync(pageHost));
        Assert.Contains(console.Requests, r => r.StartsWith($"POST {apiBase}/runtime/go-pilot/rollback-drill-notifications/deliver", StringComparison.Ordinal));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Filters_run_on_the_server_and_paging_shows_exact_totals()
    {
        await using var server = await ConsoleServer.StartAsync();
        await StoreOverdueScheduleAsync(server, frozenProvider: "slack");
        await using var console = await browser.OpenAsync(server);
        await console.FillAsync("Actor (required)", "release-manager");
        Expect.Matches(@"\(schedule needs_attention\): webhook delivered\.", await console.ActAsync("Deliver Notifications"));

        // Slack is in its maintenance window: the route is suppressed, and the suppression summary counts it.
        var suppression = Assert.Single(await console.RowsAsync("suppression"));
        Assert.Equal(["maintenance_window", "1", "release-manager (1)", "slack (1)", "2026-11-23 12:00:00"], suppression[..5]);
        Assert.Equal("1", await console.CardAsync("maintenance_suppressed"));
        Assert.Equal("warning", await console.CardToneAsync("suppressed_routes"));
        await console.SelectAsync("Route action", "suppress");
        await console.WaitIdleAsync();
        var route = Assert.Single(await console.RowsAsync("routing"));
        Assert.Equal(["release-manager", "slack", "suppress", "maintenance_window"], route[1..5]);
        await console.SelectAsync("Route action", "");
        await console.SelectAsync("Suppression", "owner_calendar");
        await console.WaitIdleAsync();
        Assert.Equal("No route decision matches these filters.", await console.TableMessageAsync("routing"));
        Assert.Equal("Filtered on the server by category=owner_calendar.", await console.NoteAsync("routing"));
        await console.SelectAsync("Suppression", "");

        // Twenty-four more acknowledgements over time, made through the API.
        for (var i = 0; i < 24; i++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await PostAsync(server, $"{P}/{ScheduleId}/acknowledgements", new JsonObject
            {
                ["provider"] = "webhook", ["acknowledged_by"] = "release-manager",
                ["acknowledgement_state"] = i % 2 == 0 ? "acknowledged" : "escalated",
            });
        }

        await console.Button("Refresh").ClickAsync();
        await console.WaitIdleAsync();
        var total = await HistoryTotalAsync(server);
        Assert.Equal($"Showing 1–25 of {total}", await console.PagerAsync("history"));
        await console.Page.GetByLabel("Notification History rows per page").SelectOptionAsync("10");
        await console.WaitIdleAsync();
        Assert.Equal($"Showing 1–10 of {total}", await console.PagerAsync("history"));
        Assert.Equal(10, (await console.RowsAsync("history")).Count);
        var firstPage = (await console.RowsAsync("history")).Select(r => r[0]).ToList();
        await console.Page.Locator("#history-pager").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await console.WaitIdleAsync();
        Assert.Equal($"Showing 11–20 of {total}", await console.PagerAsync("history"));
        Assert.Empty((await console.RowsAsync("history")).Select(r => r[0]).Intersect(firstPage));

        // State and provider filters go to the server; the page shows the server's exact total.
        await console.SelectAsync("State", "escalated");
        await console.WaitIdleAsync();
        Assert.Equal(12, await HistoryTotalAsync(server, "acknowledgement_state=escalated"));
        Assert.Equal("Showing 1–10 of 12", await console.PagerAsync("history"));
        Assert.All(await console.RowsAsync("history"), r => Assert.Equal("escalated", r[3]));
        Assert.Equal("Filtered on the server by acknowledgement_state=escalated.", await console.NoteAsync("history"));
        await console.SelectAsync("State", "delivery_failed");
        await console.WaitIdleAsync();
        Assert.Equal("No evidence record matches these filters.", await console.TableMessageAsync("history"));
        await console.SelectAsync("State", "");
        await console.SelectAsync("Provider", "webhook");
        await console.WaitIdleAsync();
        var webhookTotal = await HistoryTotalAsync(server, "provider=webhook");
        Assert.InRange(webhookTotal, 26, total - 1);
        Assert.Equal($"Showing 1–10 of {webhookTotal}", await console.PagerAsync("history"));
        Assert.All(await console.RowsAsync("history"), r => Assert.Contains("webhook", r[2], StringComparison.Ordinal));

        // Owner filters the routing history on the server and the escalation routes in the page.
        await console.SelectAsync("Provider", "");
        await console.FillAsync("Owner", "nobody");
        await console.WaitIdleAsync();
        Assert.Equal("No route decision matches these filters.", await console.TableMessageAsync("routing"));
        Assert.Empty(await console.RowsAsync("escalation"));
        await console.Button("Clear filters").ClickAsync();
        await console.WaitIdleAsync();
        Assert.Equal(2, (await console.RowsAsync("routing")).Count);
        Assert.Empty(console.ScriptErrors);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
