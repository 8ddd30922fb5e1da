namespace Cavra.Core.Evidence;

/// <summary>
/// One row of the append-only evidence table: the envelope, typed columns lifted from the record's top-level
/// index fields (what queries filter on), the canonical record JSON and its place in the hash chain.
/// </summary>
public sealed class EvidenceRecord
{
    public long Sequence { get; set; }

    public required string SessionId { get; set; }

    public required string MetadataKind { get; set; }

    /// <summary>ISO-8601 UTC text with microseconds (<see cref="EvidenceTime"/>), so text order is time order.</summary>
    public required string CreatedAt { get; set; }

    public required string Signer { get; set; }

    public int DecisionCount { get; set; }

    public int BlockedCount { get; set; }

    public int ApprovalRequiredCount { get; set; }

    public string? Provider { get; set; }

    public string? State { get; set; }

    public string? AlertLevel { get; set; }

    public string? DeliverySource { get; set; }

    public bool? DeliverySuccess { get; set; }

    public string? ScheduleId { get; set; }

    public string? AuditId { get; set; }

    public string? DeliveryId { get; set; }

    public string? PlanId { get; set; }

    public string? RetryPlanId { get; set; }

    public string? RunId { get; set; }

    public string? HealthId { get; set; }

    public string? EventId { get; set; }

    public string? Cadence { get; set; }

    public required string RecordJson { get; set; }

    public required string ContentHash { get; set; }

    public required string PreviousHash { get; set; }

    public required string RecordHash { get; set; }

    /// <summary>Every provider the record names (provider, providers, selected and failed providers).</summary>
    public List<EvidenceRecordProvider> Providers { get; set; } = [];
}

/// <summary>Index row: lets "records naming provider X" be an indexed query even for multi-provider records.</summary>
public sealed class EvidenceRecordProvider
{
    public long Sequence { get; set; }

    public required string Provider { get; set; }
}
