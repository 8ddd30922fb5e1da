using Microsoft.AspNetCore.Mvc.Testing;

namespace Cavra.Api.Tests;

public class HealthTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Health_answers_ok()
    {
        var response = await factory.CreateClient().GetStringAsync("/health");
        Assert.Contains("\"ok\"", response, StringComparison.Ordinal);
    }
}
