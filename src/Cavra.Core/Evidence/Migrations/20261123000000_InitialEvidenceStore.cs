using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Written by hand (EF design tools are not available here). SQLite only for now: the PostgreSQL schema arrives with
/// its own migration branch. <c>MigrationSchemaTests</c> proves the schema it
/// creates equals the one the model describes, so the model and this migration cannot drift apart silently.
/// </summary>
[DbContext(typeof(EvidenceDbContext))]
[Migration("20261123000000_InitialEvidenceStore")]
public sealed class InitialEvidenceStore : Migration
{
    private static readonly string[] SparseColumns =
    [
        "provider", "state", "alert_level", "schedule_id", "audit_id", "delivery_id", "plan_id", "retry_plan_id",
        "run_id", "health_id", "event_id", "cadence",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "evidence_records",
            columns: table => new
            {
                sequence = table.Column<long>(nullable: false),
                record_json = table.Column<string>(nullable: false),
                content_hash = table.Column<string>(nullable: false),
                previous_hash = table.Column<string>(nullable: false),
                record_hash = table.Column<string>(nullable: false),
                // Typed columns are generated from the record JSON (expressions frozen here as this migration wrote them).
                session_id = table.Column<string>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.session_id')", stored: false),
                metadata_kind = table.Column<string>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.metadata_kind')", stored: false),
                created_at = table.Column<string>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.created_at')", stored: false),
                signer = table.Column<string>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.signer')", stored: false),
                decision_count = table.Column<int>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.decision_count')", stored: false),
                blocked_count = table.Column<int>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.blocked_count')", stored: false),
                approval_required_count = table.Column<int>(nullable: false, computedColumnSql: "json_extract(\"record_json\", '$.approval_required_count')", stored: false),
                provider = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.provider')", stored: false),
                state = table.Column<string>(nullable: true, computedColumnSql: "COALESCE(CASE WHEN json_type(\"record_json\", '$.acknowledgement_state') = 'text' THEN json_extract(\"record_json\", '$.acknowledgement_state') END, CASE WHEN json_type(\"record_json\", '$.closure_state') = 'text' THEN json_extract(\"record_json\", '$.closure_state') END, CASE WHEN json_type(\"record_json\", '$.decision') = 'text' THEN json_extract(\"record_json\", '$.decision') END, CASE WHEN json_type(\"record_json\", '$.execution_status') = 'text' THEN json_extract(\"record_json\", '$.execution_status') END, CASE WHEN json_type(\"record_json\", '$.state') = 'text' THEN json_extract(\"record_json\", '$.state') END)", stored: false),
                alert_level = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.alert_level')", stored: false),
                delivery_source = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.connector_delivery_source')", stored: false),
                delivery_success = table.Column<bool>(nullable: true, computedColumnSql: "CASE WHEN json_type(\"record_json\", '$.delivery_success') IN ('true', 'false') THEN json_extract(\"record_json\", '$.delivery_success') END", stored: false),
                schedule_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.schedule_id')", stored: false),
                audit_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.audit_id')", stored: false),
                delivery_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.delivery_id')", stored: false),
                plan_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.plan_id')", stored: false),
                retry_plan_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.retry_plan_id')", stored: false),
                run_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.run_id')", stored: false),
                health_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.health_id')", stored: false),
                event_id = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.event_id')", stored: false),
                cadence = table.Column<string>(nullable: true, computedColumnSql: "json_extract(\"record_json\", '$.cadence')", stored: false),
            },
            constraints: table => table.PrimaryKey("PK_evidence_records", r => r.sequence));

        migrationBuilder.CreateTable(
            name: "evidence_record_providers",
            columns: table => new
            {
                provider = table.Column<string>(nullable: false),
                sequence = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_evidence_record_providers", p => new { p.provider, p.sequence }));

        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_session_id", table: "evidence_records", column: "session_id", unique: true);
        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_kind_sequence", table: "evidence_records", columns: ["metadata_kind", "sequence"]);
        foreach (var column in SparseColumns)
        {
            migrationBuilder.CreateIndex(
                name: $"ix_evidence_records_{column}",
                table: "evidence_records",
                column: column,
                filter: $"\"{column}\" IS NOT NULL");
        }

        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_delivery_source",
            table: "evidence_records",
            columns: ["delivery_source", "delivery_success"],
            filter: "\"delivery_source\" IS NOT NULL");

        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // Append-only at the database level too: the service never updates or deletes evidence.
            foreach (var table in new[] { "evidence_records", "evidence_record_providers" })
            {
                migrationBuilder.Sql(
                    $"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} " +
                    "BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;");
                migrationBuilder.Sql(
                    $"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} " +
                    "BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;");
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "evidence_record_providers");
        migrationBuilder.DropTable(name: "evidence_records");
    }
}
