using Microsoft.Playwright;

namespace Cavra.Console.Tests.Infrastructure;

/// <summary>
/// One headless Chromium per test class: Debian's package at /usr/bin/chromium (tests/run.sh installs it), never a
/// browser downloaded by Playwright. Each test opens its own context, so no state leaks between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ChromiumPath}: install Debian's package (apt-get install -y chromium) or run tests/run.sh.");
        }

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
        });
    }

    /// <summary>A fresh page on the console of <paramref name="server"/>; <paramref name="apiBase"/> sets window.CAVRA_API_BASE.</summary>
    public async Task<ConsolePage> OpenAsync(ConsoleServer server, string? apiBase = null, Uri? pageUri = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        if (apiBase is not null)
        {
            await context.AddInitScriptAsync($"window.CAVRA_API_BASE = {System.Text.Json.JsonSerializer.Serialize(apiBase)};");
        }

        var page = new ConsolePage(context, await context.NewPageAsync());
        await page.OpenAsync(pageUri ?? server.BaseUri);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
