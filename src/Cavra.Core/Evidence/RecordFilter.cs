using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

/// <summary>
/// A family of records: records of the listed kinds, plus connector delivery records sent by the listed sources.
/// </summary>
public sealed record RecordScope(IReadOnlyCollection<string> Kinds, IReadOnlyCollection<string> DeliverySources)
{
    public const string DeliveryKind = "release-connector-delivery";
}

/// <summary>
/// What a query keeps. Every criterion maps to an indexed column, so filters run in the database over all
/// records; unset criteria keep everything.
/// </summary>
public sealed record RecordFilter
{
    public IReadOnlyCollection<string>? Kinds { get; init; }

    /// <summary>Keeps only records of a family (kinds and delivery sources).</summary>
    public RecordScope? Scope { get; init; }

    /// <summary>
    /// An id a record is, or refers to: matches session_id, delivery_id, event_id or health_id. Every record kind of a
    /// family refers to its subject through one of these (an alert plan and its acknowledgements by health_id, the alert
    /// deliveries by event_id), so a filter by an id keeps every kind that names it. Ids carry their kind's prefix, so
    /// one id cannot match records of another subject.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>Records naming this provider anywhere (provider, providers, selected or failed providers).</summary>
    public string? Provider { get; init; }

    public string? State { get; init; }

    /// <summary>Any of these states.</summary>
    public IReadOnlyCollection<string>? States { get; init; }

    /// <summary>Case-insensitive substring of the owner or the escalation owner.</summary>
    public string? OwnerContains { get; init; }

    public string? AlertLevel { get; init; }

    public IReadOnlyCollection<string>? DeliverySources { get; init; }

    public bool? DeliverySuccess { get; init; }

    /// <summary>Worker runs that were (true) or were not (false) dry runs.</summary>
    public bool? DryRun { get; init; }

    /// <summary>Records whose blocked count is above zero (true) or zero (false).</summary>
    public bool? Blocked { get; init; }

    public string? ScheduleId { get; init; }

    public string? AuditId { get; init; }

    public string? DeliveryId { get; init; }

    public string? PlanId { get; init; }

    public string? RetryPlanId { get; init; }

    public string? RunId { get; init; }

    public string? HealthId { get; init; }

    public string? EventId { get; init; }

    public string? Cadence { get; init; }

    public string? Signer { get; init; }

    /// <summary>Inclusive lower bound on created_at.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Exclusive upper bound on created_at.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    public static RecordFilter OfKind(params string[] kinds) => new() { Kinds = kinds };

    /// <summary>
    /// The filter as disjoint parts without a scope: the scope's kinds, and its delivery sources (only delivery records
    /// carry one). Each part runs on a single index instead of an OR over two.
    /// </summary>
    internal IEnumerable<RecordFilter> Split()
    {
        if (Scope is null)
        {
            yield return this;
            yield break;
        }

        var kinds = Kinds is null ? Scope.Kinds : [.. Kinds.Intersect(Scope.Kinds)];
        if (kinds.Count > 0 && DeliverySources is null)
        {
            yield return this with { Scope = null, Kinds = kinds };
        }

        var sources = DeliverySources is null ? Scope.DeliverySources : [.. DeliverySources.Intersect(Scope.DeliverySources)];
        if (sources.Count > 0 && (Kinds is null || Kinds.Contains(RecordScope.DeliveryKind)))
        {
            yield return this with { Scope = null, DeliverySources = sources, Kinds = null };
        }
    }

    internal IQueryable<EvidenceRecord> Apply(IQueryable<EvidenceRecord> query, EvidenceDbContext context)
    {
        if (Kinds is { Count: > 0 } kinds)
        {
            query = kinds.Count == 1 ? query.Where(r => r.MetadataKind == kinds.First()) : query.Where(r => kinds.Contains(r.MetadataKind));
        }

        if (Scope is { } scope)
        {
            // Only delivery records carry a delivery source, so "source in the family" needs no kind check; two
            // plain IN lists on indexed columns let SQLite answer with both indexes instead of reading every row.
            var scopeKinds = scope.Kinds;
            var scopeSources = scope.DeliverySources;
            query = query.Where(r => EF.Constant(scopeKinds).Contains(r.MetadataKind) || EF.Constant(scopeSources).Contains(r.DeliverySource!));
        }

        if (Reference is { } reference)
        {
            query = query.Where(r => r.DeliveryId == reference || r.EventId == reference || r.SessionId == reference || r.HealthId == reference);
        }

        if (DeliverySources is { Count: > 0 } sources)
        {
            query = sources.Count == 1
                ? query.Where(r => r.DeliverySource == sources.First())
                : query.Where(r => r.DeliverySource != null && sources.Contains(r.DeliverySource));
        }

        if (Provider is { } provider)
        {
            query = query.Where(r => context.RecordProviders.Any(p => p.Provider == provider && p.Sequence == r.Sequence));
        }

        query = Equal(query, State, r => r.State == State);
        if (States is { Count: > 0 } states)
        {
            query = query.Where(r => r.State != null && states.Contains(r.State));
        }

        if (OwnerContains is { Length: > 0 } owner)
        {
            var lower = owner.ToLowerInvariant();
            query = query.Where(r => (r.Owner != null && r.Owner.ToLower().Contains(lower)) ||
                (r.EscalationOwner != null && r.EscalationOwner.ToLower().Contains(lower)));
        }
        query = Equal(query, AlertLevel, r => r.AlertLevel == AlertLevel);
        query = Equal(query, ScheduleId, r => r.ScheduleId == ScheduleId);
        query = Equal(query, AuditId, r => r.AuditId == AuditId);
        query = Equal(query, DeliveryId, r => r.DeliveryId == DeliveryId);
        query = Equal(query, PlanId, r => r.PlanId == PlanId);
        query = Equal(query, RetryPlanId, r => r.RetryPlanId == RetryPlanId);
        query = Equal(query, RunId, r => r.RunId == RunId);
        query = Equal(query, HealthId, r => r.HealthId == HealthId);
        query = Equal(query, EventId, r => r.EventId == EventId);
        query = Equal(query, Cadence, r => r.Cadence == Cadence);
        query = Equal(query, Signer, r => r.Signer == Signer);
        if (DeliverySuccess is { } success)
        {
            query = query.Where(r => r.DeliverySuccess == success);
        }

        if (DryRun is { } dryRun)
        {
            query = query.Where(r => r.DryRun == dryRun);
        }

        if (Blocked is { } blocked)
        {
            query = blocked ? query.Where(r => r.BlockedCount > 0) : query.Where(r => r.BlockedCount == 0);
        }

        if (CreatedFrom is { } from)
        {
            var text = EvidenceTime.ToText(from);
            query = query.Where(r => string.Compare(r.CreatedAt, text) >= 0);
        }

        if (CreatedBefore is { } before)
        {
            var text = EvidenceTime.ToText(before);
            query = query.Where(r => string.Compare(r.CreatedAt, text) < 0);
        }

        return query;
    }

    private static IQueryable<EvidenceRecord> Equal(
        IQueryable<EvidenceRecord> query, string? value, System.Linq.Expressions.Expression<Func<EvidenceRecord, bool>> predicate) =>
        value is null ? query : query.Where(predicate);
}
