using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cavra.Console.Tests.Infrastructure;

/// <summary>
/// The real service on a free loopback port (Kestrel, as a browser needs), over a fresh SQLite file, with three
/// connectors pointing at loopback receivers: <c>webhook</c> and <c>slack</c> answer 200, <c>splunk</c> answers 500
/// until told otherwise. Time comes from a clock the test moves.
/// </summary>
public sealed class ConsoleServer : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    private ConsoleServer(LoopbackReceiver webhook, LoopbackReceiver slack, LoopbackReceiver splunk, IDictionary<string, string?> extra)
    {
        Webhook = webhook;
        Slack = slack;
        Splunk = splunk;
        DatabasePath = Path.Combine(Path.GetTempPath(), $"cavra-console-{Guid.NewGuid():N}.db");
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Cavra"] = $"Data Source={DatabasePath}",
            ["Cavra:Connectors:AllowPrivateNetworks"] = "true",
            ["Cavra:Connectors:webhook:url"] = webhook.Url(),
            ["Cavra:Connectors:slack:url"] = slack.Url("/slack"),
            ["Cavra:Connectors:splunk:url"] = splunk.Url("/services/collector"),
            ["Cavra:Connectors:splunk:token"] = "11111111-2222-3333-4444-555555555555",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    public FakeClock Clock { get; } = new(Start);

    public LoopbackReceiver Webhook { get; }

    public LoopbackReceiver Slack { get; }

    public LoopbackReceiver Splunk { get; }

    public string DatabasePath { get; }

    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>An HTTP client for test setup and for checking what the page shows against the API.</summary>
    public HttpClient Api { get; private set; } = null!;

    public static async Task<ConsoleServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var webhook = await LoopbackReceiver.StartAsync();
        var slack = await LoopbackReceiver.StartAsync();
        var splunk = await LoopbackReceiver.StartAsync();
        splunk.Status = 500;
        var server = new ConsoleServer(webhook, slack, splunk, settings ?? new Dictionary<string, string?>());
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        server.Api = new HttpClient { BaseAddress = server.BaseUri };
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await base.DisposeAsync();
        await Webhook.DisposeAsync();
        await Slack.DisposeAsync();
        await Splunk.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
