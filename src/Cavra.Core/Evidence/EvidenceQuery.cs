using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>Numeric envelope columns that can be summed in the database.</summary>
public enum RecordCount
{
    DecisionCount,
    BlockedCount,
    ApprovalRequiredCount,

    /// <summary>The alert_count of stored health reports (absent, so 0, on other records).</summary>
    AlertCount,
}

/// <summary>Columns that "latest per key" can group by.</summary>
public enum RecordKey
{
    Provider,
    ScheduleId,
    AuditId,
    DeliveryId,
    PlanId,
    RetryPlanId,
    HealthId,
    EventId,
    State,
    Owner,
}

/// <summary>A page of records, newest first, with the exact total of the filter.</summary>
public sealed record RecordPage(long Total, IReadOnlyList<StoredEvidence> Items);

/// <summary>
/// Read side of the evidence store. Every method is one database query over indexes; nothing loads the whole
/// table, so answers stay exact and memory stays flat however many records exist.
/// </summary>
public sealed class EvidenceQuery(IDbContextFactory<EvidenceDbContext> contexts)
{
    public async Task<StoredEvidence?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await context.Records.AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == sessionId, cancellationToken);
        return row is null ? null : StoredEvidence.From(row);
    }

    /// <summary>The record <paramref name="sessionId"/> when it is of <paramref name="kind"/>; otherwise a 404 naming <paramref name="what"/>.</summary>
    public async Task<StoredEvidence> RequireAsync(string sessionId, string kind, string what, CancellationToken cancellationToken = default)
    {
        var record = await FindAsync(sessionId, cancellationToken);
        return record is not null && record.MetadataKind == kind
            ? record
            : throw new RecordNotFoundException($"no {what} with id '{sessionId}'");
    }

    /// <summary>Whether any record matches: stops at the first one, where a count would read every match.</summary>
    public async Task<bool> AnyAsync(RecordFilter filter, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var part in filter.Split())
        {
            if (await Filtered(context, part).AnyAsync(cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<long> CountAsync(RecordFilter filter, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        long total = 0;
        foreach (var part in filter.Split())
        {
            total += await Filtered(context, part).LongCountAsync(cancellationToken);
        }

        return total;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByKindAsync(
        RecordFilter filter, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await Filtered(context, filter)
            .GroupBy(r => r.MetadataKind)
            .Select(g => new { Kind = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>How many matching records have each value of <paramref name="key"/> (records without one are skipped).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByAsync(
        RecordFilter filter, RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var selector = KeySelector(key);
        return await Filtered(context, filter)
            .Where(NotNull(selector))
            .GroupBy(selector)
            .Select(g => new { Key = g.Key!, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Every provider named by the matching records, sorted.</summary>
    public async Task<IReadOnlyList<string>> ProvidersAsync(RecordFilter filter, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var providers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in filter.Split())
        {
            var sequences = Filtered(context, part).Select(r => r.Sequence);
            providers.UnionWith(await context.RecordProviders.Where(p => sequences.Contains(p.Sequence)).Select(p => p.Provider).Distinct()
                .ToListAsync(cancellationToken));
        }

        return [.. providers];
    }

    public async Task<long> SumAsync(RecordFilter filter, RecordCount column, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(context, filter);
        return column switch
        {
            RecordCount.DecisionCount => await query.SumAsync(r => (long)r.DecisionCount, cancellationToken),
            RecordCount.BlockedCount => await query.SumAsync(r => (long)r.BlockedCount, cancellationToken),
            RecordCount.ApprovalRequiredCount => await query.SumAsync(r => (long)r.ApprovalRequiredCount, cancellationToken),
            RecordCount.AlertCount => await query.SumAsync(r => (long?)r.AlertCount, cancellationToken) ?? 0,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
        };
    }

    public async Task<RecordPage> PageAsync(
        RecordFilter filter, int limit, int offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        long total = 0;
        var newest = new List<long>();
        foreach (var part in filter.Split())
        {
            // Each part answers from its own index; the parts are disjoint, so totals add up and pages merge.
            var query = Filtered(context, part);
            total += await query.LongCountAsync(cancellationToken);
            newest.AddRange(await query.OrderByDescending(r => r.Sequence).Select(r => r.Sequence).Take(offset + limit).ToListAsync(cancellationToken));
        }

        var page = newest.OrderDescending().Skip(offset).Take(limit).ToList();
        var rows = await context.Records.AsNoTracking().Where(r => page.Contains(r.Sequence)).OrderByDescending(r => r.Sequence).ToListAsync(cancellationToken);
        return new RecordPage(total, [.. rows.Select(r => StoredEvidence.From(r))]);
    }

    public async Task<StoredEvidence?> LatestAsync(RecordFilter filter, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // MAX(sequence) first: it is answered from a covering composite index (kind, subject, …, sequence), where
        // ORDER BY … LIMIT 1 lets SQLite pick a single-column subject index and walk every record of the subject.
        var newest = await Filtered(context, filter).MaxAsync(r => (long?)r.Sequence, cancellationToken);
        if (newest is not { } sequence)
        {
            return null;
        }

        var row = await context.Records.AsNoTracking().FirstAsync(r => r.Sequence == sequence, cancellationToken);
        return StoredEvidence.From(row);
    }

    /// <summary>The newest record for each distinct value of <paramref name="key"/> (records without one are skipped).</summary>
    public async Task<IReadOnlyList<StoredEvidence>> LatestPerKeyAsync(
        RecordFilter filter, RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var selector = KeySelector(key);
        var newest = Filtered(context, filter)
            .Where(NotNull(selector))
            .GroupBy(selector)
            .Select(g => g.Max(r => r.Sequence));
        var rows = await context.Records.AsNoTracking()
            .Where(r => newest.Contains(r.Sequence))
            .OrderByDescending(r => r.Sequence)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => StoredEvidence.From(r))];
    }

    /// <summary>Streams matching records oldest first, for builders that fold over a filtered set.</summary>
    public async IAsyncEnumerable<StoredEvidence> StreamAsync(
        RecordFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Filtered(context, filter).OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return StoredEvidence.From(row);
        }
    }

    /// <summary>
    /// The failed deliveries of <paramref name="source"/> and every successful one that shares a failure's key column or
    /// event id, oldest first: what can open or settle a failure, without reading the successes that cannot. The cost
    /// follows the failures (index seeks per failed key), not every delivery ever made.
    /// </summary>
    public async IAsyncEnumerable<StoredEvidence> StreamFailuresAndSettlementsAsync(
        string source, string keyColumn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var property = EvidenceDbContext.PropertyName(keyColumn);
        List<long> settling;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var failed = context.Records.AsNoTracking().Where(r => r.DeliverySource == source && r.DeliverySuccess == false);
            var found = new SortedSet<long>();
            // The failures' key values and event ids, a chunk at a time, each lookup naming only its column so the
            // planner can only seek that column's index (with the source and outcome in SQL it walks the source index
            // instead); source and outcome are checked on the rows found.
            foreach (var column in new[] { property, nameof(EvidenceRecord.EventId) })
            {
                var values = await failed.Select(r => EF.Property<string?>(r, column)).Where(v => v != null).Distinct().ToListAsync(cancellationToken);
                foreach (var chunk in values.Chunk(ChunkSize))
                {
                    var rows = await context.Records.AsNoTracking().Where(r => chunk.Contains(EF.Property<string?>(r, column)))
                        .Select(r => new { r.Sequence, r.DeliverySource, r.DeliverySuccess }).ToListAsync(cancellationToken);
                    found.UnionWith(rows.Where(r => r.DeliverySource == source && r.DeliverySuccess == true).Select(r => r.Sequence));
                }
            }

            settling = [.. found];
        }

        // Two ordered streams (the failures, the settlements) merged by sequence.
        await using var failures = StreamAsync(new RecordFilter { DeliverySources = [source], DeliverySuccess = false }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using var settlements = BySequenceAsync(settling, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFailure = await failures.MoveNextAsync();
        var hasSettlement = await settlements.MoveNextAsync();
        while (hasFailure || hasSettlement)
        {
            if (hasFailure && (!hasSettlement || failures.Current.Sequence < settlements.Current.Sequence))
            {
                yield return failures.Current;
                hasFailure = await failures.MoveNextAsync();
            }
            else
            {
                yield return settlements.Current;
                hasSettlement = await settlements.MoveNextAsync();
            }
        }
    }

    private const int ChunkSize = 500;

    /// <summary>The records with the given sequences (ascending), read a chunk at a time by primary key.</summary>
    private async IAsyncEnumerable<StoredEvidence> BySequenceAsync(
        IReadOnlyList<long> sequences, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in sequences.Chunk(ChunkSize))
        {
            foreach (var row in await context.Records.AsNoTracking().Where(r => chunk.Contains(r.Sequence)).OrderBy(r => r.Sequence).ToListAsync(cancellationToken))
            {
                yield return StoredEvidence.From(row);
            }
        }
    }

    private static IQueryable<EvidenceRecord> Filtered(EvidenceDbContext context, RecordFilter filter) =>
        filter.Apply(context.Records.AsNoTracking(), context);

    private static Expression<Func<EvidenceRecord, string?>> KeySelector(RecordKey key) => key switch
    {
        RecordKey.Provider => r => r.Provider,
        RecordKey.ScheduleId => r => r.ScheduleId,
        RecordKey.AuditId => r => r.AuditId,
        RecordKey.DeliveryId => r => r.DeliveryId,
        RecordKey.PlanId => r => r.PlanId,
        RecordKey.RetryPlanId => r => r.RetryPlanId,
        RecordKey.HealthId => r => r.HealthId,
        RecordKey.EventId => r => r.EventId,
        RecordKey.State => r => r.State,
        RecordKey.Owner => r => r.Owner,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    private static Expression<Func<EvidenceRecord, bool>> NotNull(Expression<Func<EvidenceRecord, string?>> selector) =>
        Expression.Lambda<Func<EvidenceRecord, bool>>(
            Expression.NotEqual(selector.Body, Expression.Constant(null, typeof(string))), selector.Parameters);
}
