using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Cavra.Console.Tests.Infrastructure;

/// <summary>
/// The Evidence Console in one browser page, driven as an operator would: typing into labelled inputs, choosing
/// from selects, clicking buttons by their visible names. It records every request the page makes and every
/// script error, so tests can prove the page stays on its own service and never breaks silently.
/// </summary>
public sealed class ConsolePage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> ScriptErrors { get; } = new();

    public async Task OpenAsync(Uri uri)
    {
        Page.Request += (_, request) => Requests.Enqueue($"{request.Method} {request.Url}");
        Page.PageError += (_, error) => ScriptErrors.Enqueue(error);
        Page.Console += (_, message) =>
        {
            // Failed fetches are reported by the browser itself; the page shows those as errors on purpose.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                ScriptErrors.Enqueue(message.Text);
            }
        };
        await Page.GotoAsync(uri.ToString());
        await WaitIdleAsync();
    }

    /// <summary>Waits until the page has started and no action or reload is running.</summary>
    public Task WaitIdleAsync() => Page.WaitForFunctionAsync(
        "() => document.body.dataset.ready === 'true' && !document.getElementById('main').hasAttribute('aria-busy')");

    public Task FillAsync(string label, string value) => Page.GetByLabel(label, new() { Exact = true }).FillAsync(value);

    public Task SelectAsync(string label, string value) =>
        Page.GetByLabel(label, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = value });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Clicks an action and returns the status line once the action and the reload after it are done.</summary>
    public async Task<string> ActAsync(string name)
    {
        await Button(name).ClickAsync();
        await WaitIdleAsync();
        return await StatusAsync();
    }

    public Task<string> StatusAsync() => Page.Locator("#status").InnerTextAsync();

    public Task<string?> StatusToneAsync() => Page.Locator("#status").GetAttributeAsync("class");

    public Task<string> CardAsync(string id) => Page.Locator($"[data-card='{id}'] strong").InnerTextAsync();

    public async Task<string> CardToneAsync(string id) =>
        (await Page.Locator($"[data-card='{id}']").GetAttributeAsync("class"))!.Replace("card ", "", StringComparison.Ordinal);

    public Task<int> CardCountAsync(string id) => Page.Locator($"[data-card='{id}']").CountAsync();

    /// <summary>The cell texts of every data row of a table (message rows such as "no record" excluded).</summary>
    public async Task<IReadOnlyList<string[]>> RowsAsync(string table)
    {
        var rows = Page.Locator($"#{table}-rows tr:not(.message)");
        var result = new List<string[]>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
            result.Add([.. cells.Select(c => c.Trim())]);
        }

        return result;
    }

    /// <summary>The message a table shows instead of rows (empty state or load error).</summary>
    public Task<string> TableMessageAsync(string table) => Page.Locator($"#{table}-rows tr.message").InnerTextAsync();

    public Task<string> NoteAsync(string table) => Page.Locator($"#{table}-note").InnerTextAsync();

    public Task<string> PagerAsync(string table) => Page.Locator($"#{table}-pager .range").InnerTextAsync();

    /// <summary>Clicks a per-row button of the row whose cells contain every given text.</summary>
    public async Task<string> RowActionAsync(string table, string button, params string[] cells)
    {
        var row = Page.Locator($"#{table}-rows tr:not(.message)");
        foreach (var cell in cells)
        {
            row = row.Filter(new() { Has = Page.Locator("td", new() { HasTextString = cell }) });
        }

        // Row buttons are named with their row for screen readers ("Ack go_backend…-webhook-release-manager").
        var name = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(button)}( |$)");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = name }).ClickAsync();
        await WaitIdleAsync();
        return await StatusAsync();
    }

    /// <summary>Clicks Verify again and checks that the whole chain of <paramref name="records"/> records verifies.</summary>
    public async Task VerifyChainAsync(long records)
    {
        await Button("Verify again").ClickAsync();
        await WaitIdleAsync();
        Expect.Matches($@"^Verified: {records:N0} records, head sequence {records} \(checked at \d\d:\d\d:\d\d\)\.$",
            await Page.Locator("#chain-status").InnerTextAsync());
        Assert.Equal(records.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await Page.Locator("#checkpoint dt:text-is('Head sequence') + dd").InnerTextAsync());
    }

    /// <summary>Runs <paramref name="action"/> and returns the file the page downloaded and its text.</summary>
    public async Task<(string Name, string Text)> DownloadAsync(Func<Task> action)
    {
        var download = await Page.RunAndWaitForDownloadAsync(action);
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }

    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
