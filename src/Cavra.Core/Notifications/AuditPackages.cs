using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>Filters of an acknowledgement audit package (reference B1).</summary>
public sealed record AuditFilter(string? ScheduleId, string? Provider, string? Owner)
{
    public JsonObject ToJson() => new() { ["schedule_id"] = ScheduleId, ["provider"] = Provider, ["owner"] = Owner };
}

/// <summary>
/// The acknowledgement audit package (reference B1): every delivered route row with its latest acknowledgement, the
/// counts per state and what is still outstanding. Timestamp-free id: the same evidence gives the same package.
/// </summary>
public sealed class AuditPackages(EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    public const string Kind = "go-backend-rollback-drill-acknowledgement-audit-package";
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-package.v1";

    public async Task<(JsonObject Package, StoredEvidence Record)> BuildAsync(
        AuditFilter filter, string generatedBy, CancellationToken cancellationToken)
    {
        var package = await ComposeAsync(filter, generatedBy, cancellationToken);
        var record = await store.AppendAsync(Record(package, clock.GetUtcNow()), cancellationToken);
        return (package, record);
    }

    /// <summary>The package without storing it (a caller that stores several records at once stores it with them).</summary>
    public async Task<JsonObject> ComposeAsync(AuditFilter filter, string generatedBy, CancellationToken cancellationToken)
    {
        var rows = new List<JsonObject>();
        var routes = new NotificationRoutes.RouteFilter(filter.ScheduleId, filter.Provider, filter.Owner, "deliver", null).ToRecords();
        await foreach (var row in query.StreamAsync(routes, cancellationToken))
        {
            rows.Add(row.Record["route"]!.AsObject());
        }

        var latest = new Dictionary<string, Dictionary<string, JsonObject>>(StringComparer.Ordinal);
        foreach (var scheduleId in rows.Select(r => (string)r["schedule_id"]!).Distinct(StringComparer.Ordinal))
        {
            latest[scheduleId] = await Acknowledgements.LatestAsync(query, scheduleId, cancellationToken);
        }

        return Build(rows, latest, filter, generatedBy, clock.GetUtcNow());
    }

    /// <summary>Pure: the package from route rows and the latest acknowledgement per schedule and provider.</summary>
    public static JsonObject Build(
        IReadOnlyList<JsonObject> rows,
        IReadOnlyDictionary<string, Dictionary<string, JsonObject>> latestAcknowledgements,
        AuditFilter filter,
        string generatedBy,
        DateTimeOffset now)
    {
        var entries = new JsonArray();
        foreach (var row in rows.OrderBy(r => (string?)r["created_at"], StringComparer.Ordinal).ThenBy(r => (string?)r["route_id"], StringComparer.Ordinal))
        {
            var scheduleId = (string)row["schedule_id"]!;
            var provider = (string)row["provider"]!;
            var acknowledgement = latestAcknowledgements.GetValueOrDefault(scheduleId)?.GetValueOrDefault(provider);
            var state = (string?)acknowledgement?["acknowledgement_state"] ?? "outstanding";
            entries.Add(new JsonObject
            {
                ["route_id"] = row["route_id"]!.DeepClone(),
                ["schedule_id"] = scheduleId,
                ["plan_id"] = row["plan_id"]!.DeepClone(),
                ["provider"] = provider,
                ["owner"] = row["owner"]!.DeepClone(),
                ["escalation_owner"] = row["escalation_owner"]?.DeepClone(),
                ["route_action"] = row["action"]!.DeepClone(),
                ["route_created_at"] = row["created_at"]!.DeepClone(),
                ["acknowledgement_state"] = state,
                ["acknowledged"] = Acknowledgements.Settled.Contains(state),
                ["acknowledged_by"] = acknowledgement?["acknowledged_by"]?.DeepClone() ?? "",
                ["acknowledged_at"] = acknowledgement?["acknowledged_at"]?.DeepClone() ?? "",
                ["external_ref"] = acknowledgement?["external_ref"]?.DeepClone() ?? "",
                ["notes"] = acknowledgement?["notes"]?.DeepClone() ?? "",
                ["acknowledgement_id"] = acknowledgement?["acknowledgement_id"]?.DeepClone() ?? "",
            });
        }

        int Count(string state) => entries.Count(e => (string?)e!["acknowledgement_state"] == state);
        var outstanding = entries.Count(e => !(bool)e!["acknowledged"]!);
        var escalated = Count("escalated");
        var auditId = EvidenceIds.Derive("gordackaudit", new JsonObject
        {
            ["generated_by"] = generatedBy, ["filters"] = filter.ToJson(), ["route_entries"] = entries.DeepClone(),
        });
        return new JsonObject
        {
            ["schema_version"] = Schema,
            ["product"] = EvidenceStore.Product,
            ["audit_id"] = auditId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["filters"] = filter.ToJson(),
            ["route_count"] = entries.Count,
            ["acknowledgement_count"] = entries.Count(e => (string?)e!["acknowledgement_state"] != "outstanding"),
            ["acknowledged_count"] = Count("acknowledged"),
            ["resolved_count"] = Count("resolved"),
            ["escalated_count"] = escalated,
            ["dismissed_count"] = Count("dismissed"),
            ["outstanding_count"] = outstanding,
            ["alert_level"] = escalated > 0 || outstanding > 0 ? "critical" : "healthy",
            ["routes"] = entries,
            ["controls"] = new JsonArray(
                "The package lists public-safe route and acknowledgement metadata only.",
                "Acknowledgement notes stay in evidence; deliveries of the package leave them out."),
        };
    }

    private static readonly string[] Index = ["audit_id", "alert_level", "route_count", "acknowledgement_count", "outstanding_count"];

    public static EvidenceDraft Record(JsonObject package, DateTimeOffset now)
    {
        var outstanding = (int)package["outstanding_count"]!;
        var body = RecordBody.Of("acknowledgement_audit_package", package, Index);

        return new EvidenceDraft(
            (string)package["audit_id"]!, Kind, now, (string)package["generated_by"]!, (int)package["route_count"]!,
            outstanding + (int)package["escalated_count"]!, outstanding, body);
    }
}
