using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Cavra.Core.Evidence;
using FluentValidation;

namespace Cavra.Api.Evidence;

/// <summary>A stored evidence record: the typed envelope, plus the kind's index fields and its payload under the kind's key (plan, acknowledgement, …).</summary>
public sealed class EvidenceEnvelope
{
    /// <summary>The envelope's schema version.</summary>
    public string SchemaVersion { get; init; } = EvidenceStore.SchemaVersion;

    /// <summary>Always cavra.</summary>
    public string Product { get; init; } = EvidenceStore.Product;

    /// <summary>The record's id: GET …/evidence/{session_id} reads it back.</summary>
    public required string SessionId { get; init; }

    /// <summary>What the record is (go-backend-rollback-drill-notification-plan, release-connector-delivery, …).</summary>
    public required string MetadataKind { get; init; }

    /// <summary>When the record was stored (ISO-8601, UTC).</summary>
    public required string CreatedAt { get; init; }

    /// <summary>Who the record was made by (generated_by, acknowledged_by, …).</summary>
    public required string Signer { get; init; }

    /// <summary>Decisions the record holds (its kind says which: routes, retry decisions, …).</summary>
    public int DecisionCount { get; init; }

    /// <summary>Decisions that are blocked (suppressed, breached, outstanding, …).</summary>
    public int BlockedCount { get; init; }

    /// <summary>Decisions that need an operator (approval, acknowledgement, …).</summary>
    public int ApprovalRequiredCount { get; init; }

    /// <summary>Index fields and the payload under its kind's key.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Fields { get; init; }

    public static EvidenceEnvelope From(JsonObject record, JsonSerializerOptions options) =>
        record.Deserialize<EvidenceEnvelope>(options)!;

    /// <summary>The envelope of a stored record, or null when nothing was stored (a preview, nothing sent).</summary>
    public static EvidenceEnvelope? OfStored(StoredEvidence? stored, JsonSerializerOptions options) =>
        stored is null ? null : From(stored.Record, options);
}

/// <summary>Where a record sits in the hash chain.</summary>
/// <param name="Sequence">The record's position in the chain, from 1.</param>
/// <param name="RecordHash">The record's hash (64 hex digits), linking it to the record before.</param>
public sealed record ChainPosition(long Sequence, string RecordHash);

/// <summary>One stored record.</summary>
/// <param name="Record">The record.</param>
/// <param name="Chain">Where it sits in the hash chain.</param>
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
        RuleFor(c => c.SignatureAlgorithm).Must(a => a is null || a == EvidenceCheckpoints.Algorithm)
            .WithMessage($"'signature_algorithm' must be {EvidenceCheckpoints.Algorithm} (or left out for an unsigned checkpoint)");
    }
}

/// <summary>A page of records, newest first, with the exact total of the filter (histories of every family).</summary>
/// <param name="SchemaVersion">The history's schema version.</param>
/// <param name="Product">Always cavra.</param>
/// <param name="Items">The records of this page, newest first.</param>
/// <param name="Total">Exact number of records the filters keep.</param>
/// <param name="Limit">The page size used.</param>
/// <param name="Offset">The records skipped.</param>
public sealed record RecordPageResponse(string SchemaVersion, string Product, IReadOnlyList<EvidenceEnvelope> Items, long Total, int Limit, int Offset)
{
    public static RecordPageResponse From(string schemaVersion, RecordPage page, int limit, int offset, JsonSerializerOptions options) =>
        new(schemaVersion, EvidenceStore.Product, [.. page.Items.Select(i => EvidenceEnvelope.From(i.Record, options))], page.Total, limit, offset);
}
