namespace Cavra.Core.Evidence;

/// <summary>
/// One row of the append-only evidence table: the canonical record JSON, its place in the hash chain, and typed
/// columns the database generates from the JSON (see <see cref="EvidenceColumns"/>) for queries to filter on.
/// </summary>
public sealed class EvidenceRecord
{
    public long Sequence { get; set; }

    public string SessionId { get; set; } = "";

    public string MetadataKind { get; set; } = "";

    /// <summary>ISO-8601 UTC text with microseconds (<see cref="EvidenceTime"/>), so text order is time order.</summary>
    public string CreatedAt { get; set; } = "";

    public string Signer { get; set; } = "";

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

    public string? Owner { get; set; }

    public string? EscalationOwner { get; set; }

    public bool? DryRun { get; set; }

    /// <summary>A stored health report's alert count (null for every other record).</summary>
    public int? AlertCount { get; set; }

    public string RecordJson { get; set; } = "";

    public string ContentHash { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string RecordHash { get; set; } = "";
}

/// <summary>Index row: lets "records naming provider X" be an indexed query even for multi-provider records.</summary>
public sealed class EvidenceRecordProvider
{
    public long Sequence { get; set; }

    public string Provider { get; set; } = "";
}
