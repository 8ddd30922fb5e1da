using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cavra.Core.Evidence;

/// <summary>
/// Lifts the typed, indexed columns from a record's top-level index fields. Builders decide what is indexed by
/// what they put at the top level of a record; this is the single place that maps field names to columns.
/// </summary>
public static class EvidenceColumns
{
    /// <summary>Fields that carry a record's state, first present wins (acks, closures, decisions, executions).</summary>
    private static readonly string[] StateFields =
        ["acknowledgement_state", "closure_state", "decision", "execution_status", "state"];

    private static readonly string[] ProviderListFields = ["providers", "selected_providers", "failed_providers"];

    public static void Apply(EvidenceRecord row, JsonObject record)
    {
        row.Provider = Text(record, "provider");
        row.State = StateFields.Select(f => Text(record, f)).FirstOrDefault(v => v is not null);
        row.AlertLevel = Text(record, "alert_level");
        row.DeliverySource = Text(record, "connector_delivery_source");
        row.DeliverySuccess = record["delivery_success"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : null;
        row.ScheduleId = Text(record, "schedule_id");
        row.AuditId = Text(record, "audit_id");
        row.DeliveryId = Text(record, "delivery_id");
        row.PlanId = Text(record, "plan_id");
        row.RetryPlanId = Text(record, "retry_plan_id");
        row.RunId = Text(record, "run_id");
        row.HealthId = Text(record, "health_id");
        row.EventId = Text(record, "event_id");
        row.Cadence = Text(record, "cadence");

        var providers = new SortedSet<string>(StringComparer.Ordinal);
        if (row.Provider is not null)
        {
            providers.Add(row.Provider);
        }

        foreach (var field in ProviderListFields)
        {
            if (record[field] is JsonArray list)
            {
                foreach (var item in list)
                {
                    if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } name)
                    {
                        providers.Add(name);
                    }
                }
            }
        }

        row.Providers = [.. providers.Select(p => new EvidenceRecordProvider { Provider = p })];
    }

    private static string? Text(JsonObject record, string field) =>
        record[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : null;
}
