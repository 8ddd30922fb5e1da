using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>The service started as an operator starts it: its own process, from any directory, with its own settings.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Cavra__Connectors__pagerduty__url", "https://events.pagerduty.com", "unknown provider 'pagerduty'")]
    [InlineData("Cavra__Database__Provider", "oracle", "Cavra:Database:Provider is 'oracle'; allowed: sqlite")]
    [InlineData("Cavra__Scheduler__Workers__audit__IntervalMinutes", "0", "IntervalMinutes")]
    [InlineData("Cavra__Scheduler__Workers__audit__Enabled", "yes", "Enabled must be true or false")]
    [InlineData("Cavra__Scheduler__Workers__nightly__Enabled", "true", "no delivery stream is named 'nightly'")]
    [InlineData("Cavra__Scheduler__Workers__audit__Cron", "every morning", "Cavra:Scheduler:Workers:audit:Cron 'every morning' is not a 5-field cron expression")]
    [InlineData("Cavra__Scheduler__Workers__audit__TimeZone", "Europe/Berlin", "Cavra:Scheduler:Workers:audit:TimeZone applies to a Cron schedule only")]
    [InlineData("Cavra__Scheduler__ExecutiveReport__Enabled", "true", "Cavra:Scheduler:ExecutiveReport is enabled but names no providers")]
    [InlineData("Cavra__Limits__MaxRequestBodyBytes", "0", "Cavra:Limits:MaxRequestBodyBytes is 0")]
    [InlineData("Cavra__Limits__MaxRequestBodyBytes", "lots", "Cavra:Limits:MaxRequestBodyBytes must be a whole number")]
    public async Task A_bad_setting_stops_start_up_with_one_line_and_exit_code_1(string key, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("cavra-startup-");
        try
        {
            await using var service = ServiceProcess.Start(
                Path.Combine(AppContext.BaseDirectory, "Cavra.Api.dll"),
                directory.FullName,
                new Dictionary<string, string> { ["Cavra__Scheduler__Workers__audit__Enabled"] = "true", [key] = value });

            Assert.Equal(1, await service.ExitCodeAsync());
            var lines = service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("Cavra cannot start: ", line, StringComparison.Ordinal);
            Assert.Contains(named, line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", service.Output + service.Errors, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_published_service_started_from_another_directory_serves_the_console_and_reads_its_own_settings()
    {
        var root = Directory.CreateTempSubdirectory("cavra-published-");
        try
        {
            var output = Path.Combine(root.FullName, "out");
            await PublishAsync(output);
            // Its own appsettings.json, not one in the working directory, decides the body limit.
            var settingsPath = Path.Combine(output, "appsettings.json");
            var settings = JsonNode.Parse(await File.ReadAllTextAsync(settingsPath))!;
            settings["Cavra"]!["Limits"]!["MaxRequestBodyBytes"] = 64;
            await File.WriteAllTextAsync(settingsPath, settings.ToJsonString());
            var elsewhere = Directory.CreateDirectory(Path.Combine(root.FullName, "elsewhere"));

            await using var service = ServiceProcess.Start(Path.Combine(output, "Cavra.Api.dll"), elsewhere.FullName);
            using var client = new HttpClient { BaseAddress = await service.ListeningAsync() };

            using var console = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Contains("Evidence Console", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var body = new StringContent($"{{\"notes\": \"{new string('x', 100)}\"}}", System.Text.Encoding.UTF8, "application/json");
            using var tooLarge = await client.PostAsync(new Uri("/connectors/webhook/test-deliveries", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.Contains("64 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // The evidence file is kept where the service was started (the documented default), not in the install folder.
            Assert.True(File.Exists(Path.Combine(elsewhere.FullName, "cavra.db")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(string output)
    {
        var solution = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(solution.FullName, "Cavra.sln")))
        {
            solution = solution.Parent ?? throw new InvalidOperationException("Cavra.sln not found above the test folder");
        }

        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = solution.FullName };
        foreach (var argument in new[] { "publish", "src/Cavra.Api", "-c", "Release", "--no-build", "-o", output })
        {
            publish.ArgumentList.Add(argument);
        }

        using var process = Process.Start(publish)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await log}\n{await errors}");
    }
}
