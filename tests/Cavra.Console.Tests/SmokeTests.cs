using Cavra.Console.Tests.Infrastructure;

namespace Cavra.Console.Tests;

public class SmokeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Page_opens()
    {
        await using var server = await ConsoleServer.StartAsync();
        await using var page = await browser.OpenAsync(server);
        Assert.Equal("Cavra | Evidence Console", await page.Page.TitleAsync());
        Assert.Empty(page.ScriptErrors);
        Assert.Contains("No evidence record", await page.TableMessageAsync("history"), StringComparison.Ordinal);
    }
}
