using System.Data.Common;
using System.Text.Json.Nodes;
using Cavra.Core.PublicSafe;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>A stored record as callers see it. The JSON is parsed only when <see cref="Record"/> is read.</summary>
public sealed class StoredEvidence(
    long sequence, string sessionId, string metadataKind, string createdAt, string recordHash, bool created, string recordJson)
{
    private JsonObject? _record;

    public long Sequence { get; } = sequence;

    public string SessionId { get; } = sessionId;

    public string MetadataKind { get; } = metadataKind;

    public string CreatedAt { get; } = createdAt;

    public string RecordHash { get; } = recordHash;

    /// <summary>False when the session id already existed and the stored record was returned instead.</summary>
    public bool Created { get; } = created;

    public string RecordJson { get; } = recordJson;

    /// <summary>The full record (envelope, index fields, payload); treat it as read-only.</summary>
    public JsonObject Record => _record ??= JsonNode.Parse(RecordJson)!.AsObject();

    internal static StoredEvidence From(EvidenceRecord row) =>
        new(row.Sequence, row.SessionId, row.MetadataKind, row.CreatedAt, row.RecordHash, created: false, row.RecordJson);
}

/// <summary>
/// Appends records to the chain. Never updates or deletes: appending a session id that exists returns the
/// stored record and writes nothing. Every record is scanned for secrets before it can be written.
/// </summary>
/// <remarks>
/// Writes use plain parameterised SQL on the context's connection (standard SQL, valid for every provider), because
/// change tracking costs more than the insert itself on this hot path; queries and the schema stay with EF.
/// </remarks>
public sealed class EvidenceStore(IDbContextFactory<EvidenceDbContext> contexts, EvidenceWriteGate gate) : IAsyncDisposable, IDisposable
{
    public const string SchemaVersion = "cavra.evidence.metadata.v1";
    public const string Product = "CAVRA";

    private static readonly HashSet<string> EnvelopeFields =
    [
        "schema_version", "product", "session_id", "created_at", "signer", "decision_count", "blocked_count",
        "approval_required_count", "metadata_kind",
    ];

    // Only the record and its chain links are written: the typed columns are generated from record_json.
    // An existing session id is left alone (standard upsert syntax, no update): the caller gets the stored record.
    private const string InsertRecord =
        "INSERT INTO evidence_records (sequence, record_json, content_hash, previous_hash, record_hash) " +
        "VALUES (@sequence, @record_json, @content_hash, @previous_hash, @record_hash) ON CONFLICT (session_id) DO NOTHING";

    // The provider index is derived from the stored record by the database, with the derivation verify re-runs.
    private static string InsertProviders(string? providerName) =>
        "INSERT INTO evidence_record_providers (provider, sequence) " +
        EvidenceColumns.ProviderRowsSql(providerName, "DISTINCT j.value, r.sequence", "r.sequence = @sequence");

    private const int PipelineChunk = 200;

    private const string SelectHead = "SELECT sequence, record_hash FROM evidence_records ORDER BY sequence DESC LIMIT 1";

    private const string FindRecord =
        "SELECT sequence, session_id, metadata_kind, created_at, record_hash, record_json FROM evidence_records WHERE session_id = @session_id";

    private Writer? _writer;

    public async Task<StoredEvidence> AppendAsync(EvidenceDraft draft, CancellationToken cancellationToken = default) =>
        (await AppendAllAsync([draft], cancellationToken))[0];

    /// <summary>Appends all drafts in one transaction: either every new record is written or none is.</summary>
    /// <remarks>
    /// Checking and serialising a record costs about as much as inserting it, so large batches are pipelined: the
    /// next chunk is prepared on another core while the current one is written. A chunk that fails to prepare
    /// (a secret, a malformed draft) rolls the whole transaction back.
    /// </remarks>
    public async Task<IReadOnlyList<StoredEvidence>> AppendAllAsync(
        IReadOnlyList<EvidenceDraft> drafts, CancellationToken cancellationToken = default)
    {
        if (drafts.Count == 0)
        {
            return [];
        }

        var chunkCount = (drafts.Count + PipelineChunk - 1) / PipelineChunk;
        var first = chunkCount == 1 ? PrepareRange(drafts, 0, drafts.Count) : PrepareRange(drafts, 0, PipelineChunk);
        Task<PreparedRecord[]>? Following(int chunk) =>
            chunk < chunkCount ? Task.Run(() => PrepareRange(drafts, chunk * PipelineChunk, PipelineChunk), cancellationToken) : null;

        await gate.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await Writer.OpenAsync(contexts, cancellationToken);
            try
            {
                return await _writer.AppendAsync(first, Following, cancellationToken);
            }
            catch
            {
                // The transaction was rolled back; start the next append on a fresh connection.
                await _writer.DisposeAsync();
                _writer = null;
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static PreparedRecord[] PrepareRange(IReadOnlyList<EvidenceDraft> drafts, int start, int count)
    {
        var prepared = new PreparedRecord[Math.Min(count, drafts.Count - start)];
        for (var i = 0; i < prepared.Length; i++)
        {
            prepared[i] = Prepare(drafts[start + i]);
        }

        return prepared;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The full record as stored: envelope first, then the body's index fields and payload.</summary>
    public static JsonObject Envelope(EvidenceDraft draft)
    {
        var record = new JsonObject();
        foreach (var (key, value) in EnvelopeOf(draft))
        {
            record[key] = value;
        }

        foreach (var (key, value) in draft.Body)
        {
            record[key] = value?.DeepClone();
        }

        return record;
    }

    private static List<KeyValuePair<string, JsonNode?>> EnvelopeOf(EvidenceDraft draft)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.SessionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.MetadataKind);
        foreach (var key in draft.Body.Select(p => p.Key).Where(EnvelopeFields.Contains))
        {
            throw new ArgumentException($"record body may not set envelope field '{key}'", nameof(draft));
        }

        return
        [
            new("schema_version", SchemaVersion),
            new("product", Product),
            new("session_id", draft.SessionId),
            new("created_at", EvidenceTime.ToText(draft.CreatedAt)),
            new("signer", SignerOf(draft)),
            new("decision_count", draft.DecisionCount),
            new("blocked_count", draft.BlockedCount),
            new("approval_required_count", draft.ApprovalRequiredCount),
            new("metadata_kind", draft.MetadataKind),
        ];
    }

    private static string SignerOf(EvidenceDraft draft) =>
        string.IsNullOrWhiteSpace(draft.Signer) ? "release-governance" : draft.Signer;

    /// <summary>A draft checked and serialised, ready to be chained.</summary>
    private sealed record PreparedRecord(
        string SessionId, string MetadataKind, string CreatedAt, string Json, string ContentHash);

    private static PreparedRecord Prepare(EvidenceDraft draft)
    {
        var envelope = EnvelopeOf(draft);
        SecretScanner.EnsureNone("session_id", draft.SessionId);
        SecretScanner.EnsureNone("signer", draft.Signer);
        SecretScanner.EnsureNone(draft.Body);
        var (json, contentHash) = CanonicalJson.SerializeMerged(envelope, draft.Body);
        return new PreparedRecord(draft.SessionId, draft.MetadataKind, EvidenceTime.ToText(draft.CreatedAt), json, contentHash);
    }

    /// <summary>
    /// The one write connection, kept open with its statements prepared: writes are serialised anyway, and compiling
    /// an insert into a table with generated columns and indexes costs more than running it.
    /// </summary>
    private sealed class Writer : IAsyncDisposable
    {
        private readonly EvidenceDbContext _context;
        private readonly DbConnection _connection;
        private readonly DbCommand _find;
        private readonly DbCommand _head;
        private readonly DbCommand _insertRecord;
        private readonly DbCommand _insertProviders;

        private Writer(EvidenceDbContext context)
        {
            _context = context;
            _connection = context.Database.GetDbConnection();
            _find = Command(FindRecord, "session_id");
            _head = Command(SelectHead);
            _insertRecord = Command(InsertRecord, "sequence", "record_json", "content_hash", "previous_hash", "record_hash");
            _insertProviders = Command(InsertProviders(context.Database.ProviderName), "sequence");
        }

        public static async Task<Writer> OpenAsync(IDbContextFactory<EvidenceDbContext> contexts, CancellationToken cancellationToken)
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken);
            await context.Database.OpenConnectionAsync(cancellationToken);
            return new Writer(context);
        }

        public async Task<IReadOnlyList<StoredEvidence>> AppendAsync(
            PreparedRecord[] first, Func<int, Task<PreparedRecord[]>?> following, CancellationToken cancellationToken)
        {
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
            foreach (var command in new[] { _find, _head, _insertRecord, _insertProviders })
            {
                command.Transaction = transaction;
            }

            var (sequence, previousHash) = await HeadAsync(cancellationToken);
            var results = new List<StoredEvidence>(first.Length);
            var chunk = first;
            for (var index = 1; chunk is not null; index++)
            {
                var next = following(index);
                try
                {
                    foreach (var record in chunk)
                    {
                        var recordHash = EvidenceChain.RecordHash(sequence + 1, previousHash, record.ContentHash);
                        if (await ExecuteAsync(_insertRecord, cancellationToken, sequence + 1, record.Json, record.ContentHash, previousHash, recordHash) == 0)
                        {
                            // The session id is already stored (earlier, or earlier in this batch): return that record.
                            results.Add(await FindAsync(record.SessionId, cancellationToken)
                                ?? throw new InvalidOperationException("evidence insert was skipped but no record holds its session id"));
                            continue;
                        }

                        sequence++;
                        await ExecuteAsync(_insertProviders, cancellationToken, sequence);

                        previousHash = recordHash;
                        results.Add(new StoredEvidence(
                            sequence, record.SessionId, record.MetadataKind, record.CreatedAt, recordHash, created: true, record.Json));
                    }
                }
                catch when (next is not null)
                {
                    // Let the chunk being prepared finish (its own failure, if any, is not the interesting one).
                    await next.ContinueWith(_ => { }, TaskScheduler.Default);
                    throw;
                }

                chunk = next is null ? null : await next;
            }

            await transaction.CommitAsync(cancellationToken);
            return results;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { _find, _head, _insertRecord, _insertProviders })
            {
                await command.DisposeAsync();
            }

            await _context.DisposeAsync();
        }

        private async Task<StoredEvidence?> FindAsync(string sessionId, CancellationToken cancellationToken)
        {
            _find.Parameters[0].Value = sessionId;
            await using var reader = await _find.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        private static StoredEvidence Read(DbDataReader reader) =>
            new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                created: false, reader.GetString(5));

        private async Task<(long Sequence, string Hash)> HeadAsync(CancellationToken cancellationToken)
        {
            await using var reader = await _head.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? (reader.GetInt64(0), reader.GetString(1))
                : (0, EvidenceChain.GenesisHash);
        }

        private DbCommand Command(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }

            return command;
        }

        private static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            // SQLite runs in-process and its async API only wraps the synchronous call: skip the wrapping on this hot path.
            return command is Microsoft.Data.Sqlite.SqliteCommand
                ? command.ExecuteNonQuery()
                : await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Serialises writers inside one process so they queue instead of spinning on the database lock; across
/// processes the database's own write lock (SQLite BEGIN IMMEDIATE) does the same job.
/// </summary>
public sealed class EvidenceWriteGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    public void Release() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
