using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>Outcome of recomputing the whole chain.</summary>
/// <param name="Verified">Whether every record fits the chain.</param>
/// <param name="RecordCount">Records checked.</param>
/// <param name="HeadSequence">Sequence of the last record.</param>
/// <param name="HeadHash">record_hash of the last record.</param>
/// <param name="FirstInvalidSequence">The first record that does not fit, or null.</param>
/// <param name="Reason">Why it does not fit (edited, removed, reordered or forged), or null.</param>
public sealed record ChainVerification(
    bool Verified,
    long RecordCount,
    long HeadSequence,
    string HeadHash,
    long? FirstInvalidSequence,
    string? Reason);

/// <summary>
/// Recomputes every content and record hash in sequence order and names the first record that does not fit:
/// an edited record, a deleted or swapped row, or a forged link. It also re-derives the provider index from the records
/// and names the first record whose index rows differ (the index is not hashed, so this is what protects it). Rows are
/// streamed (memory stays flat) and large chains are checked in contiguous segments in parallel; each segment's first
/// link is checked against the stored hash of the row before it, which the previous segment verifies.
/// </summary>
public sealed class ChainVerifier(IDbContextFactory<EvidenceDbContext> contexts)
{
    /// <summary>Chains shorter than this are checked in one segment (tests lower it to exercise segment boundaries).</summary>
    internal long SegmentThreshold { get; init; } = 50_000;

    /// <summary>How many segments a long chain is split into.</summary>
    internal int SegmentCount { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        long last;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
            last = await ScalarAsync(context.Database.GetDbConnection(), "SELECT MAX(sequence) FROM evidence_records", 0, cancellationToken) as long? ?? 0;
        }

        var segmentCount = last < SegmentThreshold ? 1 : SegmentCount;
        var bounds = Enumerable.Range(0, segmentCount + 1).Select(i => last * i / segmentCount).ToArray();
        var segments = await Task.WhenAll(
            Enumerable.Range(0, segmentCount).Select(i => Task.Run(
                () => VerifySegmentAsync(bounds[i], bounds[i + 1], i == segmentCount - 1, cancellationToken), cancellationToken)));

        long verified = 0;
        foreach (var segment in segments)
        {
            verified += segment.Count;
            if (segment.Problem is not null)
            {
                return new ChainVerification(false, verified, segment.LastSequence, segment.LastHash, segment.InvalidSequence, segment.Problem);
            }
        }

        var tail = segments[^1];
        return new ChainVerification(true, verified, tail.LastSequence, tail.LastHash, null, null);
    }

    internal const string BrokenLink = "previous_hash does not match the record before it (a record was removed, reordered or forged)";
    internal const string EditedContent = "record content does not match its content_hash (the record was edited)";
    internal const string ForgedLink = "record_hash does not match the record's sequence and links (the record was forged)";

    internal sealed record Segment(long Count, long LastSequence, string LastHash, long? InvalidSequence, string? Problem);

    internal static string Missing(long expected, long found) =>
        found > expected ? $"records {expected}..{found - 1} are missing before sequence {found}" : $"sequence {found} is out of order";

    internal const string ProviderIndexMismatch = "provider index rows do not match the record";

    private async Task<Segment> VerifySegmentAsync(long after, long last, bool isLast, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);

        // The first link is checked against the stored hash of the row before the segment (genesis for the first).
        var previousHash = after == 0
            ? EvidenceChain.GenesisHash
            : await ScalarAsync(connection, "SELECT record_hash FROM evidence_records WHERE sequence = @sequence", after, cancellationToken) as string;
        // Only SQLite is supported today; a PostgreSQL scan arrives with PostgreSQL support.
        var segment = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? SqliteEvidence.Scan(sqlite, after, last, previousHash)
            : throw new NotSupportedException($"chain verification is not implemented for {connection.GetType().Name}");
        if (segment.Problem is null && segment.LastSequence < last)
        {
            var expected = segment.LastSequence + 1;
            var next = await ScalarAsync(connection, "SELECT MIN(sequence) FROM evidence_records WHERE sequence > @sequence", last, cancellationToken) as long?;
            segment = segment with { InvalidSequence = next ?? expected, Problem = $"records {expected}..{last} are missing" };
        }

        // Index rows are compared for the records the chain vouches for; rows of no record (below the first sequence, or
        // past the head) belong to the first and last segment.
        var from = after == 0 ? long.MinValue : after;
        var through = isLast && segment.Problem is null ? long.MaxValue : segment.LastSequence;
        if (await ProviderIndexMismatchAsync(connection, context.Database.ProviderName, from, segment.LastSequence, through, cancellationToken) is not { } mismatch)
        {
            return segment;
        }

        if (mismatch.Sequence > segment.LastSequence)
        {
            return segment with { InvalidSequence = mismatch.Sequence, Problem = mismatch.Reason };
        }

        if (mismatch.Sequence <= after)
        {
            // A row before the first record: nothing after it is vouched for.
            return new Segment(0, after, previousHash ?? "", mismatch.Sequence, mismatch.Reason);
        }

        var lastGood = mismatch.Sequence - 1;
        var lastHash = lastGood == after
            ? previousHash ?? ""
            : (string)(await ScalarAsync(connection, "SELECT record_hash FROM evidence_records WHERE sequence = @sequence", lastGood, cancellationToken))!;
        return new Segment(lastGood - after, lastGood, lastHash, mismatch.Sequence, mismatch.Reason);
    }

    /// <summary>
    /// The first sequence whose provider index rows differ from what its record derives: a derived row with no index row
    /// (records in (<paramref name="after"/>, <paramref name="records"/>]), or an index row its record does not derive
    /// (index rows in (<paramref name="after"/>, <paramref name="rows"/>]). Both are set comparisons in the database
    /// with the writer's own derivation, streamed in sequence order.
    /// </summary>
    private static async Task<(long Sequence, string Reason)?> ProviderIndexMismatchAsync(
        DbConnection connection, string? providerName, long after, long records, long rows, CancellationToken cancellationToken)
    {
        var missing = await FirstAsync(
            connection,
            EvidenceColumns.ProviderRowsSql(providerName, "r.sequence, j.value",
                "r.sequence > @after AND r.sequence <= @through AND NOT EXISTS " +
                "(SELECT 1 FROM evidence_record_providers p WHERE p.provider = j.value AND p.sequence = r.sequence)") +
            " ORDER BY r.sequence LIMIT 1",
            after, records, cancellationToken);
        var extra = await FirstAsync(
            connection,
            "SELECT p.sequence, p.provider FROM evidence_record_providers p WHERE p.sequence > @after AND p.sequence <= @through " +
            $"AND NOT EXISTS ({EvidenceColumns.ProviderRowsSql(providerName, "1", "r.sequence = p.sequence AND j.value = p.provider")}) " +
            "ORDER BY p.sequence LIMIT 1",
            after, rows, cancellationToken);
        if (missing is null && extra is null)
        {
            return null;
        }

        // A changed row is both: the record's provider has no row, and the row names a provider the record does not.
        var sequence = Math.Min(missing?.Sequence ?? long.MaxValue, extra?.Sequence ?? long.MaxValue);
        var details = new List<string>(2);
        if (missing is { } named && named.Sequence == sequence)
        {
            details.Add($"it names provider '{named.Provider}', which has no row in evidence_record_providers");
        }

        if (extra is { } listed && listed.Sequence == sequence)
        {
            details.Add(listed.Sequence > records || listed.Sequence < 1
                ? $"evidence_record_providers lists provider '{listed.Provider}' for sequence {listed.Sequence}, which holds no record"
                : $"evidence_record_providers lists provider '{listed.Provider}', which the record does not name");
        }

        return (sequence, $"{ProviderIndexMismatch} ({string.Join("; ", details)})");
    }

    private static async Task<(long Sequence, string Provider)?> FirstAsync(
        DbConnection connection, string sql, long after, long through, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@after", after);
        AddParameter(command, "@through", through);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    // Plain queries instead of LINQ: verification should not wait for query compilation.
    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, long sequence, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@sequence", sequence);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
