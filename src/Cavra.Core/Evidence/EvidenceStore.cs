using System.Text.Json.Nodes;
using Cavra.Core.PublicSafe;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>A stored record as callers see it.</summary>
public sealed record StoredEvidence(
    long Sequence,
    string SessionId,
    string MetadataKind,
    string CreatedAt,
    string RecordHash,
    bool Created,
    JsonObject Record)
{
    internal static StoredEvidence From(EvidenceRecord row, bool created, JsonObject? record = null) =>
        new(row.Sequence, row.SessionId, row.MetadataKind, row.CreatedAt, row.RecordHash, created,
            record ?? JsonNode.Parse(row.RecordJson)!.AsObject());
}

/// <summary>
/// Appends records to the chain. Never updates or deletes: appending a session id that exists returns the
/// stored record and writes nothing. Every record is scanned for secrets before it can be written.
/// </summary>
public sealed class EvidenceStore(IDbContextFactory<EvidenceDbContext> contexts, EvidenceWriteGate gate)
{
    public const string SchemaVersion = "cavra.evidence.metadata.v1";
    public const string Product = "CAVRA";

    private static readonly HashSet<string> EnvelopeFields =
    [
        "schema_version", "product", "session_id", "created_at", "signer", "decision_count", "blocked_count",
        "approval_required_count", "metadata_kind",
    ];

    public async Task<StoredEvidence> AppendAsync(EvidenceDraft draft, CancellationToken cancellationToken = default) =>
        (await AppendAllAsync([draft], cancellationToken))[0];

    /// <summary>Appends all drafts in one transaction: either every new record is written or none is.</summary>
    public async Task<IReadOnlyList<StoredEvidence>> AppendAllAsync(
        IReadOnlyList<EvidenceDraft> drafts, CancellationToken cancellationToken = default)
    {
        // Everything that can fail on bad content happens before the transaction starts.
        var rows = drafts.Select(Prepare).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var ids = rows.Select(r => r.Row.SessionId).Distinct().ToList();
            var existing = await context.Records.AsNoTracking()
                .Where(r => ids.Contains(r.SessionId))
                .ToDictionaryAsync(r => r.SessionId, StringComparer.Ordinal, cancellationToken);
            var head = await context.Records.AsNoTracking()
                .OrderByDescending(r => r.Sequence)
                .Select(r => new { r.Sequence, r.RecordHash })
                .FirstOrDefaultAsync(cancellationToken);

            var sequence = head?.Sequence ?? 0;
            var previousHash = head?.RecordHash ?? EvidenceChain.GenesisHash;
            var results = new List<StoredEvidence>(rows.Count);
            var added = new Dictionary<string, EvidenceRecord>(StringComparer.Ordinal);
            foreach (var (row, record) in rows)
            {
                if (existing.TryGetValue(row.SessionId, out var stored))
                {
                    results.Add(StoredEvidence.From(stored, created: false));
                    continue;
                }

                if (added.TryGetValue(row.SessionId, out var first))
                {
                    results.Add(StoredEvidence.From(first, created: false));
                    continue;
                }

                row.Sequence = ++sequence;
                row.PreviousHash = previousHash;
                foreach (var provider in row.Providers)
                {
                    provider.Sequence = row.Sequence;
                }

                row.RecordHash = EvidenceChain.RecordHash(row);
                previousHash = row.RecordHash;
                added.Add(row.SessionId, row);
                context.Records.Add(row);
                results.Add(StoredEvidence.From(row, created: true, record));
            }

            if (added.Count > 0)
            {
                await context.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return results;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The full record as stored: envelope first, then the body's index fields and payload.</summary>
    public static JsonObject Envelope(EvidenceDraft draft)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.SessionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.MetadataKind);
        var record = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["product"] = Product,
            ["session_id"] = draft.SessionId,
            ["created_at"] = EvidenceTime.ToText(draft.CreatedAt),
            ["signer"] = string.IsNullOrWhiteSpace(draft.Signer) ? "release-governance" : draft.Signer,
            ["decision_count"] = draft.DecisionCount,
            ["blocked_count"] = draft.BlockedCount,
            ["approval_required_count"] = draft.ApprovalRequiredCount,
            ["metadata_kind"] = draft.MetadataKind,
        };
        foreach (var (key, value) in draft.Body)
        {
            if (EnvelopeFields.Contains(key))
            {
                throw new ArgumentException($"record body may not set envelope field '{key}'", nameof(draft));
            }

            record[key] = value?.DeepClone();
        }

        return record;
    }

    private static (EvidenceRecord Row, JsonObject Record) Prepare(EvidenceDraft draft)
    {
        var record = Envelope(draft);
        SecretScanner.EnsureNone(record);
        var json = CanonicalJson.Serialize(record);
        var row = new EvidenceRecord
        {
            SessionId = draft.SessionId,
            MetadataKind = draft.MetadataKind,
            CreatedAt = record["created_at"]!.GetValue<string>(),
            Signer = record["signer"]!.GetValue<string>(),
            DecisionCount = draft.DecisionCount,
            BlockedCount = draft.BlockedCount,
            ApprovalRequiredCount = draft.ApprovalRequiredCount,
            RecordJson = json,
            ContentHash = EvidenceChain.ContentHash(json),
            PreviousHash = string.Empty,
            RecordHash = string.Empty,
        };
        EvidenceColumns.Apply(row, record);
        return (row, record);
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
