using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>
/// Route rows (reference A5): every route decision of a stored plan is also stored as its own record, so routing
/// history and suppression trends are indexed queries with exact totals. The row's state is its category
/// (<c>deliver</c>, <c>maintenance_window</c>, <c>owner_calendar</c>, <c>healthy_schedule</c>, <c>other</c>).
/// </summary>
public sealed class NotificationRoutes(EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    public const string Kind = "go-backend-rollback-drill-notification-route";
    public const string HistorySchema = "cavra.go-backend-pilot.rollback-drill-routing-history.v1";
    public const string TrendKind = "go-backend-rollback-drill-routing-suppression-trend";
    public const string TrendSchema = "cavra.go-backend-pilot.rollback-drill-routing-suppression-trend.v1";
    public static readonly IReadOnlyList<string> SuppressionCategories = ["maintenance_window", "owner_calendar", "healthy_schedule", "other"];

    /// <summary>The rows of a plan, as drafts stored with the plan (ids follow the plan's, so a repeated plan repeats nothing).</summary>
    public static IEnumerable<EvidenceDraft> Rows(JsonObject plan, DateTimeOffset now)
    {
        foreach (var decision in plan["route_decisions"]!.AsArray().OfType<JsonObject>())
        {
            var category = (string?)decision["category"] ?? "other";
            var row = new JsonObject
            {
                ["route_id"] = EvidenceIds.Derive("gordroute", (string)plan["plan_id"]!, (string)decision["route_key"]!),
                ["created_at"] = plan["generated_at"]!.DeepClone(),
                ["plan_id"] = plan["plan_id"]!.DeepClone(),
                ["schedule_id"] = decision["schedule_id"]!.DeepClone(),
                ["alert_level"] = plan["alert_level"]!.DeepClone(),
                ["provider"] = decision["provider"]!.DeepClone(),
                ["owner"] = decision["owner"]!.DeepClone(),
                ["escalation_owner"] = decision["escalation_owner"]?.DeepClone(),
                ["action"] = decision["action"]!.DeepClone(),
                ["category"] = category,
                ["reason"] = decision["reason"]!.DeepClone(),
                ["acknowledgement_minutes"] = decision["acknowledgement_minutes"]!.DeepClone(),
                ["maintenance_window_id"] = decision["maintenance_window"]?["window_id"]?.DeepClone(),
                ["maintenance_window_reason"] = decision["maintenance_window"]?["reason"]?.DeepClone(),
                ["owner_available"] = decision["owner_availability"]?["available"]?.DeepClone(),
                ["owner_availability_reason"] = decision["owner_availability"]?["reason"]?.DeepClone(),
                ["next_due_at"] = plan["next_due_at"]?.DeepClone(),
            };
            var body = new JsonObject
            {
                ["plan_id"] = plan["plan_id"]!.DeepClone(),
                ["schedule_id"] = decision["schedule_id"]!.DeepClone(),
                ["provider"] = decision["provider"]!.DeepClone(),
                ["owner"] = decision["owner"]!.DeepClone(),
                ["escalation_owner"] = decision["escalation_owner"]?.DeepClone(),
                ["state"] = category,
                ["route"] = row,
            };
            yield return new EvidenceDraft((string)row["route_id"]!, Kind, now, (string)plan["generated_by"]!, 1,
                category == "deliver" ? 0 : 1, 0, body);
        }
    }

    /// <summary>Filters of routing history and suppression trends.</summary>
    public sealed record RouteFilter(string? ScheduleId, string? Provider, string? Owner, string? Action, string? Category)
    {
        internal RecordFilter ToRecords() => new()
        {
            Kinds = [Kind],
            ScheduleId = ScheduleId,
            Provider = Provider,
            OwnerContains = Owner,
            State = Category,
            States = Action switch
            {
                "deliver" => ["deliver"],
                "suppress" => SuppressionCategories,
                _ => null,
            },
        };
    }

    public async Task<(long Total, IReadOnlyList<JsonObject> Items)> HistoryAsync(
        RouteFilter filter, int limit, int offset, CancellationToken cancellationToken)
    {
        var page = await query.PageAsync(filter.ToRecords(), limit, offset, cancellationToken);
        return (page.Total, [.. page.Items.Select(i => i.Record["route"]!.AsObject())]);
    }

    /// <summary>
    /// Suppression trends (reference A6) over every suppressed route row matching the filter. A read does not write
    /// unless asked: with <paramref name="persist"/> the trend is stored as evidence.
    /// </summary>
    public async Task<(JsonObject Trend, StoredEvidence? Record)> TrendAsync(
        RouteFilter filter, string generatedBy, bool persist, CancellationToken cancellationToken)
    {
        var records = filter with { Action = "suppress" };
        var suppressed = records.ToRecords();
        var total = await query.CountAsync(suppressed, cancellationToken);
        var categories = await query.CountByAsync(suppressed, RecordKey.State, cancellationToken);
        var owners = await query.CountByAsync(suppressed, RecordKey.Owner, cancellationToken);
        var providers = await query.CountByAsync(suppressed, RecordKey.Provider, cancellationToken);
        var schedules = await query.CountByAsync(suppressed, RecordKey.ScheduleId, cancellationToken);
        var latest = await query.PageAsync(suppressed, 20, 0, cancellationToken);
        var filters = new JsonObject
        {
            ["schedule_id"] = filter.ScheduleId, ["provider"] = filter.Provider, ["owner"] = filter.Owner,
        };
        JsonObject Counts(IReadOnlyDictionary<string, long> counts) =>
            new([.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]);
        var now = clock.GetUtcNow();
        var trendId = EvidenceIds.Derive("gordrtrend", new JsonObject
        {
            ["generated_by"] = generatedBy, ["filters"] = filters.DeepClone(), ["category_counts"] = Counts(categories),
            ["owner_counts"] = Counts(owners), ["provider_counts"] = Counts(providers), ["schedule_counts"] = Counts(schedules),
        });
        var trend = new JsonObject
        {
            ["schema_version"] = TrendSchema,
            ["product"] = EvidenceStore.Product,
            ["trend_id"] = trendId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["alert_level"] = total > 0 ? "warning" : "healthy",
            ["suppression_event_count"] = total,
            ["category_counts"] = Counts(categories),
            ["owner_counts"] = Counts(owners),
            ["provider_counts"] = Counts(providers),
            ["schedule_counts"] = Counts(schedules),
            ["maintenance_suppressed_count"] = categories.GetValueOrDefault("maintenance_window"),
            ["calendar_suppressed_count"] = categories.GetValueOrDefault("owner_calendar"),
            ["healthy_schedule_suppressed_count"] = categories.GetValueOrDefault("healthy_schedule"),
            ["filters"] = filters,
            ["latest_events"] = new JsonArray([.. latest.Items.Select(i => i.Record["route"]!.DeepClone())]),
        };
        if (!persist)
        {
            return (trend, null);
        }

        var count = (int)Math.Min(total, int.MaxValue);
        var record = await store.AppendAsync(new EvidenceDraft(
            trendId, TrendKind, now, generatedBy, count, count, 0,
            new JsonObject { ["alert_level"] = trend["alert_level"]!.DeepClone(), ["routing_suppression_trend"] = trend.DeepClone() }),
            cancellationToken);
        return (trend, record);
    }
}
