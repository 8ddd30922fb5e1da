using Cavra.Core.Evidence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cavra.Core.Tests.Evidence;

/// <summary>A real SQLite evidence store in a fresh temporary file, migrated as the service does at start-up.</summary>
public sealed class TempEvidenceStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private readonly bool _keepFile;

    private TempEvidenceStore(string path, ServiceProvider services, bool keepFile)
    {
        DatabasePath = path;
        _services = services;
        _keepFile = keepFile;
    }

    public string DatabasePath { get; }

    public EvidenceStore Store => _services.GetRequiredService<EvidenceStore>();

    public EvidenceQuery Query => _services.GetRequiredService<EvidenceQuery>();

    public ChainVerifier Verifier => _services.GetRequiredService<ChainVerifier>();

    public EvidenceCheckpoints Checkpoints => _services.GetRequiredService<EvidenceCheckpoints>();

    /// <summary>A verifier that splits even short chains into segments, to test segment boundaries.</summary>
    public ChainVerifier SegmentedVerifier(int segments) =>
        new(_services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EvidenceDbContext>>())
        {
            SegmentThreshold = 1,
            SegmentCount = segments,
        };

    public static async Task<TempEvidenceStore> CreateAsync(
        string? path = null, string? checkpointKey = null, bool keepFile = false)
    {
        path ??= Path.Combine(Path.GetTempPath(), $"cavra-test-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Cavra"] = $"Data Source={path}" };
        if (checkpointKey is not null)
        {
            settings["Cavra:Evidence:CheckpointKey"] = checkpointKey;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddEvidenceStore(configuration)
            .BuildServiceProvider();
        await services.MigrateEvidenceStoreAsync();
        return new TempEvidenceStore(path, services, keepFile);
    }

    /// <summary>Runs SQL against the file directly, as someone with access to the disk could.</summary>
    public void Tamper(string sql) => Cavra.Tests.Tampering.DatabaseTampering.Run(DatabasePath, sql);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_keepFile)
        {
            return;
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
