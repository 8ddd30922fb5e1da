using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cavra.Api.Tests.Infrastructure;

/// <summary>
/// The real service over a fresh SQLite file. Settings are passed in (connectors pointing at loopback receivers,
/// private networks allowed for them); every log line is captured so tests can prove secrets never reach it.
/// </summary>
public sealed class CavraApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _keepDatabase;

    private readonly TimeProvider? _clock;

    public CavraApiFactory(
        IDictionary<string, string?>? settings = null, string? databasePath = null, bool keepDatabase = false, TimeProvider? clock = null)
    {
        _clock = clock;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"cavra-api-{Guid.NewGuid():N}.db");
        _keepDatabase = keepDatabase;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Cavra"] = $"Data Source={DatabasePath}",
            ["Cavra:Connectors:AllowPrivateNetworks"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        if (_clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(_clock));
        }
    }

    /// <summary>Runs SQL against the database file directly, as someone with disk access could.</summary>
    public void Tamper(string sql) => Cavra.Tests.Tampering.DatabaseTampering.Run(DatabasePath, sql);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_keepDatabase)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabasePath + suffix);
            }
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
