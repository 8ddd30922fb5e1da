using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>Settings of <c>Cavra:Evidence</c>.</summary>
public sealed class EvidenceOptions
{
    /// <summary>HMAC-SHA256 key for signing checkpoints; without it checkpoints are unsigned.</summary>
    public string? CheckpointKey { get; set; }
}

/// <summary>The head of the chain at a moment, optionally signed so an auditor can keep it outside Cavra.</summary>
/// <param name="SchemaVersion">cavra.evidence.checkpoint.v1</param>
/// <param name="HeadSequence">Sequence of the chain's last record (0 for an empty chain); 0 or more.</param>
/// <param name="HeadHash">Required. record_hash of the last record: 64 lower-case hex digits (all zeros for an empty chain).</param>
/// <param name="RecordCount">Records in the chain; 0 or more.</param>
/// <param name="GeneratedAt">Required. When the checkpoint was taken (ISO-8601, UTC); part of the signed material.</param>
/// <param name="IsSigned">Whether the checkpoint carries a signature.</param>
/// <param name="SignatureAlgorithm">HMAC-SHA256 when signed, else null.</param>
/// <param name="Signature">HMAC of the checkpoint with Cavra:Evidence:CheckpointKey (64 lower-case hex digits), or null.</param>
public sealed record EvidenceCheckpoint(
    string SchemaVersion,
    long HeadSequence,
    string HeadHash,
    long RecordCount,
    string GeneratedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("signed")] bool IsSigned,
    string? SignatureAlgorithm,
    string? Signature);

/// <summary>Result of comparing an exported checkpoint with the chain as it is now.</summary>
/// <param name="Consistent">Whether the chain still holds the checkpoint's head record unchanged (nothing cut off or rewritten).</param>
/// <param name="SignatureValid">Whether the signature matches; null when neither the checkpoint nor the service has a key.</param>
/// <param name="CurrentHeadSequence">The chain's head sequence now.</param>
/// <param name="CurrentHeadHash">The chain's head hash now.</param>
/// <param name="Reason">Why it is not consistent, or null.</param>
public sealed record CheckpointComparison(
    bool Consistent,
    bool? SignatureValid,
    long CurrentHeadSequence,
    string CurrentHeadHash,
    string? Reason);

/// <summary>
/// Creates and checks checkpoints. A chain whose tail was cut off still verifies on its own; comparing it with an
/// earlier checkpoint reveals the cut, because the checkpoint's head record is gone or different.
/// </summary>
public sealed class EvidenceCheckpoints(
    IDbContextFactory<EvidenceDbContext> contexts,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<EvidenceOptions> options)
{
    public const string CheckpointSchemaVersion = "cavra.evidence.checkpoint.v1";
    public const string Algorithm = "HMAC-SHA256";

    public async Task<EvidenceCheckpoint> CreateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await context.Records.AsNoTracking()
            .OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.RecordHash })
            .FirstOrDefaultAsync(cancellationToken);
        var count = await context.Records.LongCountAsync(cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var hash = head?.RecordHash ?? EvidenceChain.GenesisHash;
        var generatedAt = EvidenceTime.ToText(clock.GetUtcNow());
        var signature = Sign(sequence, hash, count, generatedAt);
        return new EvidenceCheckpoint(
            CheckpointSchemaVersion, sequence, hash, count, generatedAt, signature is not null,
            signature is null ? null : Algorithm, signature);
    }

    public async Task<CheckpointComparison> CompareAsync(EvidenceCheckpoint exported, CancellationToken cancellationToken = default)
    {
        bool? signatureValid = null;
        if (exported.Signature is not null || KeyBytes() is not null)
        {
            var expected = Sign(exported.HeadSequence, exported.HeadHash, exported.RecordCount, exported.GeneratedAt);
            signatureValid = expected is not null && exported.Signature is not null &&
                CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(exported.Signature));
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await context.Records.AsNoTracking()
            .OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.RecordHash })
            .FirstOrDefaultAsync(cancellationToken);
        var currentSequence = head?.Sequence ?? 0;
        var currentHash = head?.RecordHash ?? EvidenceChain.GenesisHash;

        string? reason = null;
        if (signatureValid == false)
        {
            reason = "checkpoint signature is not valid for this service's checkpoint key";
        }
        else if (exported.HeadSequence > 0)
        {
            var atCheckpoint = await context.Records.AsNoTracking()
                .Where(r => r.Sequence == exported.HeadSequence)
                .Select(r => r.RecordHash)
                .FirstOrDefaultAsync(cancellationToken);
            if (atCheckpoint is null)
            {
                reason = $"record {exported.HeadSequence} named by the checkpoint is missing: the chain now ends at " +
                    $"sequence {currentSequence} (its tail was cut off)";
            }
            else if (!string.Equals(atCheckpoint, exported.HeadHash, StringComparison.Ordinal))
            {
                reason = $"record {exported.HeadSequence} no longer has the hash the checkpoint recorded (the chain was rewritten)";
            }
        }

        return new CheckpointComparison(reason is null, signatureValid, currentSequence, currentHash, reason);
    }

    private string? Sign(long sequence, string hash, long count, string generatedAt)
    {
        var key = KeyBytes();
        if (key is null)
        {
            return null;
        }

        var material = string.Join(
            '|', CheckpointSchemaVersion, sequence.ToString(CultureInfo.InvariantCulture), hash,
            count.ToString(CultureInfo.InvariantCulture), generatedAt);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(material)));
    }

    private byte[]? KeyBytes() =>
        string.IsNullOrEmpty(options.Value.CheckpointKey) ? null : Encoding.UTF8.GetBytes(options.Value.CheckpointKey);
}
