namespace Cavra.Core.Evidence;

/// <summary>
/// The typed, indexed columns. Each is a generated column computed by the database from the stored record JSON,
/// so a column can never disagree with the record it indexes, and editing the record (the only way to change a
/// column) breaks its content hash. Builders decide what is indexed by what they put at the top level of a record;
/// this is the single place that maps record fields to columns.
/// </summary>
public static class EvidenceColumns
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>A generated column: its name, value type and the top-level record fields it reads (first present wins).</summary>
    public sealed record Column(string Name, ColumnType Type, params string[] Fields);

    public enum ColumnType
    {
        Text,
        Number,
        Boolean,
    }

    public static readonly IReadOnlyList<Column> All =
    [
        new("session_id", ColumnType.Text, "session_id"),
        new("metadata_kind", ColumnType.Text, "metadata_kind"),
        new("created_at", ColumnType.Text, "created_at"),
        new("signer", ColumnType.Text, "signer"),
        new("decision_count", ColumnType.Number, "decision_count"),
        new("blocked_count", ColumnType.Number, "blocked_count"),
        new("approval_required_count", ColumnType.Number, "approval_required_count"),
        new("provider", ColumnType.Text, "provider"),
        new("state", ColumnType.Text, "acknowledgement_state", "closure_state", "decision", "execution_status", "state"),
        new("alert_level", ColumnType.Text, "alert_level"),
        new("delivery_source", ColumnType.Text, "connector_delivery_source"),
        new("delivery_success", ColumnType.Boolean, "delivery_success"),
        new("schedule_id", ColumnType.Text, "schedule_id"),
        new("audit_id", ColumnType.Text, "audit_id"),
        new("delivery_id", ColumnType.Text, "delivery_id"),
        new("plan_id", ColumnType.Text, "plan_id"),
        new("retry_plan_id", ColumnType.Text, "retry_plan_id"),
        new("run_id", ColumnType.Text, "run_id"),
        new("health_id", ColumnType.Text, "health_id"),
        new("event_id", ColumnType.Text, "event_id"),
        new("cadence", ColumnType.Text, "cadence"),
        new("owner", ColumnType.Text, "owner"),
        new("escalation_owner", ColumnType.Text, "escalation_owner"),
        new("dry_run", ColumnType.Boolean, "dry_run"),
        new("alert_count", ColumnType.Number, "alert_count"),
    ];

    /// <summary>The generation expression of <paramref name="column"/> for the given EF provider.</summary>
    public static string Sql(string? providerName, Column column)
    {
        if (providerName != Sqlite)
        {
            throw new NotSupportedException($"no generated-column SQL for database provider '{providerName}'");
        }

        var values = column.Fields.Select(f => column.Type switch
        {
            // A boolean column must not pick up numbers, and a state read from several fields must not pick up an
            // object that shares a field name (an approval "decision" payload, say): check the JSON type first.
            ColumnType.Boolean => $"CASE WHEN json_type(\"record_json\", '$.{f}') IN ('true', 'false') THEN json_extract(\"record_json\", '$.{f}') END",
            _ when column.Fields.Length > 1 => $"CASE WHEN json_type(\"record_json\", '$.{f}') = 'text' THEN json_extract(\"record_json\", '$.{f}') END",
            _ => $"json_extract(\"record_json\", '$.{f}')",
        }).ToList();
        return values.Count == 1 ? values[0] : $"COALESCE({string.Join(", ", values)})";
    }

    // The fields the provider index is derived from, and the JSON type each must have: a single provider is a string,
    // a list of providers an array (of which only non-empty strings count).
    private static readonly (string Field, string Type)[] ProviderFields =
        [("provider", "text"), ("providers", "array"), ("selected_providers", "array"), ("failed_providers", "array")];

    /// <summary>
    /// The single derivation of the provider index (<c>evidence_record_providers</c>): a query over the records <c>r</c>
    /// that meet <paramref name="condition"/>, one row <c>j.value</c> per provider a record names (its <c>provider</c>,
    /// <c>providers</c>, <c>selected_providers</c> and <c>failed_providers</c>; a name may repeat). The store writes the
    /// index with it and verify re-derives the index with it, so the two cannot disagree about what a record names.
    /// </summary>
    public static string ProviderRowsSql(string? providerName, string select, string condition)
    {
        if (providerName != Sqlite)
        {
            throw new NotSupportedException($"no provider-index SQL for database provider '{providerName}'");
        }

        var fields = string.Join(" UNION ALL ", ProviderFields.Select(f => $"SELECT '$.{f.Field}' AS path, '{f.Type}' AS type"));
        return $"SELECT {select} FROM evidence_records r CROSS JOIN ({fields}) f CROSS JOIN json_each(r.record_json, f.path) j " +
            $"WHERE ({condition}) AND json_type(r.record_json, f.path) = f.type AND j.type = 'text' AND j.value <> ''";
    }
}
