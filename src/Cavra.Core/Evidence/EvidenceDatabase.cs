using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cavra.Core.Evidence;

/// <summary>Settings of <c>Cavra:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "sqlite";

    /// <summary>How long a writer waits for another process's write lock before failing.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}

/// <summary>
/// Wires the evidence store to its database. Everything provider-specific (SQLite pragmas, WAL) lives here;
/// the store and queries are plain LINQ.
/// </summary>
public static class EvidenceDatabase
{
    public const string DefaultConnectionString = "Data Source=cavra.db";

    public static IServiceCollection AddEvidenceStore(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first resolved, so hosts and tests can still change configuration after registration.
        services.TryAddSingleton(configuration);
        services.AddPooledDbContextFactory<EvidenceDbContext>((provider, options) =>
        {
            var settings = provider.GetService<IConfiguration>() ?? configuration;
            var database = settings.GetSection("Cavra:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
            if (!string.Equals(database.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new SettingsException(
                    $"Cavra:Database:Provider is '{database.Provider}'; allowed: sqlite (PostgreSQL support is not built yet)");
            }

            var connectionString = settings.GetConnectionString("Cavra") is { Length: > 0 } configured
                ? configured
                : DefaultConnectionString;
            options
                .UseSqlite(connectionString)
                .AddInterceptors(new SqliteEvidence.Pragmas(database.BusyTimeoutMilliseconds))
                // No model snapshot exists (migrations are hand-written); MigrationSchemaTests guards model drift instead.
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.AddOptions<EvidenceOptions>().BindConfiguration("Cavra:Evidence");
        services.AddSingleton<EvidenceWriteGate>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<EvidenceQuery>();
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<EvidenceCheckpoints>();
        return services;
    }

    /// <summary>Applies pending migrations (never dropping data) and switches SQLite to WAL.</summary>
    public static async Task MigrateEvidenceStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<EvidenceDbContext>>();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (context.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            var dataSource = new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await context.Database.OpenConnectionAsync(cancellationToken);
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await context.Database.MigrateAsync(cancellationToken);
    }
}
