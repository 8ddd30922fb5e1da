using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Cavra evidence store benchmark (a program, not a test): append throughput through the store, one record per
// transaction and in batches, against raw Microsoft.Data.Sqlite inserts under the same pragmas; chain verify time;
// memory as the table grows. Usage: dotnet run -c Release --project tests/Cavra.Benchmarks -- [--records N]
// [--single N] [--batch N] [--path file.db]
var options = BenchmarkOptions.Parse(args);
var path = options.Path ?? Path.Combine(Path.GetTempPath(), $"cavra-bench-{Guid.NewGuid():N}.db");
Console.WriteLine($"# Cavra evidence benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"records: {options.Records:N0}, single-transaction sample: {options.Single:N0}, batch size: {options.Batch:N0}");
Console.WriteLine();

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cavra"] = $"Data Source={path}" })
    .Build();
await using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddEvidenceStore(configuration).BuildServiceProvider();
await services.MigrateEvidenceStoreAsync();
var store = services.GetRequiredService<EvidenceStore>();
var verifier = services.GetRequiredService<ChainVerifier>();
var results = new List<(string Name, string Value)>();
var memory = new List<(long Records, long ManagedBytes, long WorkingSet)>();

// 1. Batched appends through the store, seeding the table. Only the store call is timed: building the drafts is
// the caller's work.
var clock = new Stopwatch();
long written = 0;
var nextSample = options.Records / 4;
while (written < options.Records)
{
    var count = (int)Math.Min(options.Batch, options.Records - written);
    EvidenceDraft[] batch = [.. Enumerable.Range(0, count).Select(i => Draft(written + i))];
    clock.Start();
    await store.AppendAllAsync(batch);
    clock.Stop();
    written += count;
    if (written >= nextSample)
    {
        memory.Add((written, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
        nextSample += options.Records / 4;
    }
}

var batched = written / clock.Elapsed.TotalSeconds;
results.Add(("store append, batches of " + options.Batch, $"{batched:N0} records/s"));

// 2. One record per transaction through the store, on top of the seeded table.
var singles = Enumerable.Range(0, options.Single).Select(i => Draft(written + i)).ToList();
clock.Restart();
foreach (var draft in singles)
{
    await store.AppendAsync(draft);
}

var single = options.Single / clock.Elapsed.TotalSeconds;
written += options.Single;
results.Add(("store append, one per transaction", $"{single:N0} records/s"));

// 3. Exactness at size: dashboard counters and history totals against what was written.
var expectedFailed = Enumerable.Range(0, (int)written).LongCount(n => n % 7 == 0);
clock.Restart();
var dashboard = await new Cavra.Core.Notifications.NotificationDashboard(
    services.GetRequiredService<EvidenceQuery>(), new Cavra.Core.Streams.StreamStatus(services.GetRequiredService<EvidenceQuery>(), TimeProvider.System),
    TimeProvider.System).BuildAsync();
var dashboardMs = clock.Elapsed.TotalMilliseconds;
var failedCounted = (long)dashboard["failed_acknowledgement_audit_delivery_count"]!;
var deliveredCounted = (long)dashboard["acknowledgement_audit_delivery_count"]!;
clock.Restart();
var failedPage = await services.GetRequiredService<EvidenceQuery>().PageAsync(
    new RecordFilter { Scope = Cavra.Core.Notifications.NotificationHistory.Scope, DeliverySuccess = false, Provider = "splunk" }, 50, 0);
var historyMs = clock.Elapsed.TotalMilliseconds;
var exact = failedCounted == expectedFailed && failedPage.Total == expectedFailed && deliveredCounted == written;
results.Add(($"dashboard over {written:N0} records", $"{dashboardMs:N0} ms; failed deliveries {failedCounted:N0} of {deliveredCounted:N0} (expected {expectedFailed:N0} of {written:N0}): {(exact ? "exact" : "WRONG")}"));
results.Add(("history page with filters (failed, provider)", $"{historyMs:N0} ms; total {failedPage.Total:N0}"));

// 4. Verify the whole chain.
clock.Restart();
var verification = await verifier.VerifyAsync();
results.Add(($"chain verify of {verification.RecordCount:N0} records", $"{clock.Elapsed.TotalSeconds:N2} s (verified: {verification.Verified})"));
memory.Add((written, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
results.Add(("peak working set (store and verify)", $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB"));

// 5. Raw Microsoft.Data.Sqlite inserts of the same rows, same pragmas, into a copy of the schema.
var rawPath = path + ".raw.db";
var (rawSingle, rawBatched) = RawSqlite.Measure(rawPath, options, Draft);
results.Add(("raw SQLite insert, one per transaction", $"{rawSingle:N0} records/s (store/raw = {single / rawSingle:P0})"));
results.Add(("raw SQLite insert, batches of " + options.Batch, $"{rawBatched:N0} records/s (store/raw = {batched / rawBatched:P0})"));


Console.WriteLine("| measure | result |");
Console.WriteLine("|---|---|");
foreach (var (name, value) in results)
{
    Console.WriteLine($"| {name} | {value} |");
}

Console.WriteLine();
Console.WriteLine("| records stored | managed heap after full GC | working set |");
Console.WriteLine("|---|---|---|");
foreach (var (records, managed, workingSet) in memory)
{
    Console.WriteLine($"| {records:N0} | {managed / 1024 / 1024:N1} MiB | {workingSet / 1024 / 1024:N0} MiB |");
}

if (options.Path is null)
{
    SqliteConnection.ClearAllPools();
    foreach (var file in new[] { path, rawPath }.SelectMany(p => new[] { p, p + "-wal", p + "-shm" }))
    {
        File.Delete(file);
    }
}

return verification.Verified && exact ? 0 : 1;

// A delivery-like record of realistic size (~700 bytes of JSON).
static EvidenceDraft Draft(long n)
{
    var id = n.ToString("D12", CultureInfo.InvariantCulture);
    var failed = n % 7 == 0;
    return new EvidenceDraft(
        $"rcd-gordackdelivery-{id}", "release-connector-delivery",
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(n), "go_backend_rollback_drill_acknowledgement_audit",
        0, failed ? 1 : 0, 0,
        new JsonObject
        {
            ["connector_delivery_source"] = "go_backend_rollback_drill_acknowledgement_audit",
            ["event_id"] = $"gordackdelivery-{id}",
            ["event_type"] = "cavra.go_backend.rollback_drill.acknowledgement_audit",
            ["delivery_success"] = !failed,
            ["providers"] = new JsonArray("splunk"),
            ["failed_providers"] = failed ? new JsonArray("splunk") : new JsonArray(),
            ["audit_id"] = $"gordackaudit-{id}",
            ["delivery_id"] = $"gordackdelivery-{id}",
            ["attempt_count"] = failed ? 3 : 1,
            ["status_codes"] = new JsonArray(failed ? 503 : 200),
            ["delivery"] = new JsonObject
            {
                ["schema_version"] = "cavra.connector.delivery.v1",
                ["success"] = !failed,
                ["deliveries"] = new JsonArray(new JsonObject
                {
                    ["provider"] = "splunk",
                    ["status_code"] = failed ? 503 : 200,
                    ["attempt_count"] = failed ? 3 : 1,
                    ["error"] = failed ? "HTTP request failed" : "",
                    ["request"] = new JsonObject
                    {
                        ["method"] = "POST",
                        ["url"] = "https://splunk.example.com:8088/services/collector/event",
                        ["headers"] = new JsonObject { ["authorization"] = "REDACTED", ["content-type"] = "application/json" },
                    },
                }),
            },
        });
}

internal sealed record BenchmarkOptions(long Records, int Single, int Batch, string? Path)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchmarkOptions(
            long.Parse(Value("--records") ?? "1000000", CultureInfo.InvariantCulture),
            int.Parse(Value("--single") ?? "20000", CultureInfo.InvariantCulture),
            int.Parse(Value("--batch") ?? "1000", CultureInfo.InvariantCulture),
            Value("--path"));
    }
}

/// <summary>
/// The baseline: plain prepared INSERTs of the same canonical JSON under the same pragmas, into a table with only
/// a primary key and a unique session id: no chain, no secret scan, no generated columns or indexes. The JSON is
/// built before timing starts.
/// </summary>
internal static class RawSqlite
{
    private static readonly string[] ParameterNames = ["$s", "$id", "$k", "$t", "$j"];

    public static (double Single, double Batched) Measure(string path, BenchmarkOptions options, Func<long, EvidenceDraft> draft)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Execute(connection, "CREATE TABLE raw_records (sequence INTEGER PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, metadata_kind TEXT NOT NULL, created_at TEXT NOT NULL, record_json TEXT NOT NULL);");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO raw_records VALUES ($s, $id, $k, $t, $j)";
        var parameters = ParameterNames.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();

        var batchedCount = (int)Math.Min(options.Records, 200_000);
        var rows = Enumerable.Range(0, options.Single + batchedCount).Select(i =>
        {
            var d = draft(i);
            return (d.SessionId, d.MetadataKind, CreatedAt: EvidenceTime.ToText(d.CreatedAt), Json: CanonicalJson.Serialize(EvidenceStore.Envelope(d)));
        }).ToArray();

        void Insert(int n)
        {
            parameters[0].Value = n + 1;
            parameters[1].Value = rows[n].SessionId;
            parameters[2].Value = rows[n].MetadataKind;
            parameters[3].Value = rows[n].CreatedAt;
            parameters[4].Value = rows[n].Json;
            insert.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Single; i++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            Insert(i);
            transaction.Commit();
        }

        var single = options.Single / clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var start = options.Single; start < options.Single + batchedCount; start += options.Batch)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = start; i < Math.Min(start + options.Batch, options.Single + batchedCount); i++)
            {
                Insert(i);
            }

            transaction.Commit();
        }

        return (single, batchedCount / clock.Elapsed.TotalSeconds);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
