using System.Text.Json.Nodes;

namespace Cavra.Core.Evidence;

/// <summary>
/// A record about to be stored: the envelope of reference §1.3 plus the body (index fields and the payload
/// under its kind's key). The store adds <c>schema_version</c> and <c>product</c> and chains it.
/// </summary>
public sealed record EvidenceDraft(
    string SessionId,
    string MetadataKind,
    DateTimeOffset CreatedAt,
    string Signer,
    int DecisionCount,
    int BlockedCount,
    int ApprovalRequiredCount,
    JsonObject Body);
