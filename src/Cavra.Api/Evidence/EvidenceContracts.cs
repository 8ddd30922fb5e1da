using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Cavra.Core.Evidence;
using FluentValidation;

namespace Cavra.Api.Evidence;

/// <summary>A stored record: the envelope of reference §1.3, typed, plus its index fields and payload.</summary>
public sealed class EvidenceEnvelope
{
    public string SchemaVersion { get; init; } = EvidenceStore.SchemaVersion;

    public string Product { get; init; } = EvidenceStore.Product;

    public required string SessionId { get; init; }

    public required string MetadataKind { get; init; }

    public required string CreatedAt { get; init; }

    public required string Signer { get; init; }

    public int DecisionCount { get; init; }

    public int BlockedCount { get; init; }

    public int ApprovalRequiredCount { get; init; }

    /// <summary>Index fields and the payload under its kind's key.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Fields { get; init; }

    public static EvidenceEnvelope From(JsonObject record, JsonSerializerOptions options) =>
        record.Deserialize<EvidenceEnvelope>(options)!;
}

/// <summary>Where a record sits in the hash chain.</summary>
public sealed record ChainPosition(long Sequence, string RecordHash);

public sealed record EvidenceRecordResponse(EvidenceEnvelope Record, ChainPosition Chain);

public sealed class CheckpointValidator : AbstractValidator<EvidenceCheckpoint>
{
    public CheckpointValidator()
    {
        RuleFor(c => c.HeadSequence).GreaterThanOrEqualTo(0);
        RuleFor(c => c.RecordCount).GreaterThanOrEqualTo(0);
        RuleFor(c => c.HeadHash).NotEmpty().Matches("^[0-9a-f]{64}$").WithMessage("'head_hash' must be 64 lower-case hex characters");
        RuleFor(c => c.GeneratedAt).NotEmpty();
        RuleFor(c => c.Signature).Matches("^[0-9a-f]{64}$").When(c => c.Signature is not null)
            .WithMessage("'signature' must be 64 lower-case hex characters");
    }
}

/// <summary>A page of records, newest first, with the exact total of the filter (histories of every family).</summary>
public sealed record RecordPageResponse(string SchemaVersion, string Product, IReadOnlyList<EvidenceEnvelope> Items, long Total, int Limit, int Offset)
{
    public static RecordPageResponse From(string schemaVersion, RecordPage page, int limit, int offset, JsonSerializerOptions options) =>
        new(schemaVersion, EvidenceStore.Product, [.. page.Items.Select(i => EvidenceEnvelope.From(i.Record, options))], page.Total, limit, offset);
}
