using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>Outcome of recomputing the whole chain.</summary>
public sealed record ChainVerification(
    bool Verified,
    long RecordCount,
    long HeadSequence,
    string HeadHash,
    long? FirstInvalidSequence,
    string? Reason);

/// <summary>
/// Recomputes every content and record hash in sequence order and names the first record that does not fit:
/// an edited record, a deleted or swapped row, or a forged link. Streams rows, so memory stays flat.
/// </summary>
public sealed class ChainVerifier(IDbContextFactory<EvidenceDbContext> contexts)
{
    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        long count = 0;
        long expectedSequence = 1;
        var previousHash = EvidenceChain.GenesisHash;
        await foreach (var row in context.Records.OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var problem = Check(row, expectedSequence, previousHash);
            if (problem is not null)
            {
                return new ChainVerification(false, count, expectedSequence - 1, previousHash, row.Sequence, problem);
            }

            count++;
            expectedSequence = row.Sequence + 1;
            previousHash = row.RecordHash;
        }

        return new ChainVerification(true, count, expectedSequence - 1, previousHash, null, null);
    }

    private static string? Check(EvidenceRecord row, long expectedSequence, string previousHash)
    {
        if (row.Sequence != expectedSequence)
        {
            return row.Sequence > expectedSequence
                ? $"records {expectedSequence}..{row.Sequence - 1} are missing before sequence {row.Sequence}"
                : $"sequence {row.Sequence} is out of order";
        }

        if (!string.Equals(row.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return "previous_hash does not match the record before it (a record was removed, reordered or forged)";
        }

        if (!string.Equals(EvidenceChain.ContentHash(row.RecordJson), row.ContentHash, StringComparison.Ordinal))
        {
            return "record content does not match its content_hash (the record was edited)";
        }

        return string.Equals(EvidenceChain.RecordHash(row), row.RecordHash, StringComparison.Ordinal)
            ? null
            : "record_hash does not match the record's columns and links (the record was edited)";
    }
}
