using Cavra.Core.Evidence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Cavra.Core.Tests.Evidence;

/// <summary>
/// Migrations are written by hand, so this proves the schema they build is the schema the EF model describes:
/// adding a column or index to the model without a migration fails here.
/// </summary>
public class MigrationSchemaTests
{
    [Fact]
    public async Task Migrated_schema_matches_the_model()
    {
        await using var migrated = await TempEvidenceStore.CreateAsync();
        var fromModel = await CreateFromModelAsync();
        try
        {

            var expected = Describe(fromModel);
            var actual = Describe(migrated.DatabasePath);
            Assert.Equal(expected, actual);
            Assert.Contains(actual, l => l.StartsWith("evidence_records.column session_id ", StringComparison.Ordinal) && l.EndsWith("hidden=2", StringComparison.Ordinal));
            Assert.Contains("evidence_records.index ix_evidence_records_session_id unique=1 (session_id)", actual);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(fromModel);
        }
    }

    [Fact]
    public async Task Upgrading_from_the_first_migration_keeps_every_record_and_adds_the_new_columns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cavra-upgrade-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<EvidenceDbContext>().UseSqlite($"Data Source={path}")
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options;
        await using (var context = new EvidenceDbContext(options))
        {
            await context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261123000000_InitialEvidenceStore");
        }

        // Records written by the first schema, chained as the store chains them.
        var previous = EvidenceChain.GenesisHash;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var json = CanonicalJson.Serialize(EvidenceStore.Envelope(new EvidenceDraft(
                    $"route-{sequence}", "route-kind", new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), "tester", 1, 0, 0,
                    new System.Text.Json.Nodes.JsonObject { ["owner"] = sequence == 2 ? "Platform-Owner" : "release-manager", ["dry_run"] = sequence == 3 })));
                var content = EvidenceChain.ContentHash(json);
                var record = EvidenceChain.RecordHash(sequence, previous, content);
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO evidence_records (sequence, record_json, content_hash, previous_hash, record_hash) VALUES ($s, $j, $c, $p, $r)";
                insert.Parameters.AddWithValue("$s", sequence);
                insert.Parameters.AddWithValue("$j", json);
                insert.Parameters.AddWithValue("$c", content);
                insert.Parameters.AddWithValue("$p", previous);
                insert.Parameters.AddWithValue("$r", record);
                insert.ExecuteNonQuery();
                previous = record;
            }
        }

        SqliteConnection.ClearAllPools();
        await using var upgraded = await TempEvidenceStore.CreateAsync(path);
        var verification = await upgraded.Verifier.VerifyAsync();
        Assert.True(verification.Verified, verification.Reason);
        Assert.Equal(3, verification.RecordCount);
        Assert.Equal(1, await upgraded.Query.CountAsync(new RecordFilter { OwnerContains = "platform" }));
        Assert.Equal(1, await upgraded.Query.CountAsync(new RecordFilter { DryRun = true }));
        Assert.Equal(2, await upgraded.Query.CountAsync(new RecordFilter { DryRun = false }));
    }

    /// <summary>A database created straight from the EF model, without migrations.</summary>
    private static async Task<string> CreateFromModelAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cavra-model-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<EvidenceDbContext>().UseSqlite($"Data Source={path}").Options;
        await using var context = new EvidenceDbContext(options);
        await context.Database.EnsureCreatedAsync();
        return path;
    }

    private static List<string> Describe(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var lines = new List<string>();
        foreach (var table in new[] { "evidence_records", "evidence_record_providers" })
        {
            // table_xinfo also lists generated columns (hidden=2 virtual, 3 stored).
            foreach (var row in Rows(connection, $"PRAGMA table_xinfo({table})"))
            {
                lines.Add($"{table}.column {row[1]} {row[2]} notnull={row[3]} pk={row[5]} hidden={row[6]}");
            }

            foreach (var row in Rows(connection, $"PRAGMA foreign_key_list({table})"))
            {
                lines.Add($"{table}.fk {row[3]} -> {row[2]}.{row[4]} on_delete={row[6]}");
            }

            foreach (var index in Rows(connection, $"PRAGMA index_list({table})"))
            {
                var name = (string)index[1];
                if (name.StartsWith("sqlite_autoindex", StringComparison.Ordinal))
                {
                    continue;
                }

                var columns = string.Join(",", Rows(connection, $"PRAGMA index_info({name})").Select(c => c[2]));
                var sql = Rows(connection, $"SELECT sql FROM sqlite_master WHERE type='index' AND name='{name}'")[0][0] as string ?? "";
                var where = sql.Contains(" WHERE ", StringComparison.Ordinal) ? sql[(sql.IndexOf(" WHERE ", StringComparison.Ordinal) + 7)..] : "";
                lines.Add($"{table}.index {name} unique={index[2]} ({columns}) {where}".TrimEnd());
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    [Fact]
    public async Task Generated_columns_compute_the_same_values_in_both_schemas()
    {
        await using var migrated = await TempEvidenceStore.CreateAsync();
        var fromModel = await CreateFromModelAsync();
        try
        {

            const string Record = """{"session_id":"s-1","metadata_kind":"k","created_at":"2026-11-23T00:00:00.000000+00:00","signer":"me","decision_count":2,"blocked_count":1,"approval_required_count":0,"provider":"slack","decision":{"nested":true},"closure_state":"resolved","alert_level":"warning","connector_delivery_source":"src","delivery_success":false,"schedule_id":"a","audit_id":"b","delivery_id":"c","plan_id":"d","retry_plan_id":"e","run_id":"f","health_id":"g","event_id":"h","cadence":"daily","owner":"release-manager","escalation_owner":"director","dry_run":true,"alert_count":3}""";
            var values = new List<string>();
            foreach (var path in new[] { fromModel, migrated.DatabasePath })
            {
                using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
                connection.Open();
                using (var insert = connection.CreateCommand())
                {
                    insert.CommandText = "INSERT INTO evidence_records (sequence, record_json, content_hash, previous_hash, record_hash) VALUES (1, $json, 'c', 'p', 'r')";
                    insert.Parameters.AddWithValue("$json", Record);
                    insert.ExecuteNonQuery();
                }

                var columns = string.Join(", ", EvidenceColumns.All.Select(c => c.Name));
                values.Add(string.Join("|", Rows(connection, $"SELECT {columns} FROM evidence_records")[0]));
            }

            Assert.Equal(values[0], values[1]);
            Assert.Equal("s-1|k|2026-11-23T00:00:00.000000+00:00|me|2|1|0|slack|resolved|warning|src|0|a|b|c|d|e|f|g|h|daily|release-manager|director|1|3", values[1]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(fromModel);
        }
    }

    private static List<object[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }

        return rows;
    }
}
