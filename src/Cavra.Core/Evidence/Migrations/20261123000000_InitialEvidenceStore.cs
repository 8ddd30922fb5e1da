using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Written by hand (EF design tools are not available here). <c>MigrationSchemaTests</c> proves the schema it
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
                session_id = table.Column<string>(nullable: false),
                metadata_kind = table.Column<string>(nullable: false),
                created_at = table.Column<string>(nullable: false),
                signer = table.Column<string>(nullable: false),
                decision_count = table.Column<int>(nullable: false),
                blocked_count = table.Column<int>(nullable: false),
                approval_required_count = table.Column<int>(nullable: false),
                provider = table.Column<string>(nullable: true),
                state = table.Column<string>(nullable: true),
                alert_level = table.Column<string>(nullable: true),
                delivery_source = table.Column<string>(nullable: true),
                delivery_success = table.Column<bool>(nullable: true),
                schedule_id = table.Column<string>(nullable: true),
                audit_id = table.Column<string>(nullable: true),
                delivery_id = table.Column<string>(nullable: true),
                plan_id = table.Column<string>(nullable: true),
                retry_plan_id = table.Column<string>(nullable: true),
                run_id = table.Column<string>(nullable: true),
                health_id = table.Column<string>(nullable: true),
                event_id = table.Column<string>(nullable: true),
                cadence = table.Column<string>(nullable: true),
                record_json = table.Column<string>(nullable: false),
                content_hash = table.Column<string>(nullable: false),
                previous_hash = table.Column<string>(nullable: false),
                record_hash = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_evidence_records", r => r.sequence));

        migrationBuilder.CreateTable(
            name: "evidence_record_providers",
            columns: table => new
            {
                provider = table.Column<string>(nullable: false),
                sequence = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_evidence_record_providers", p => new { p.provider, p.sequence });
                table.ForeignKey(
                    name: "FK_evidence_record_providers_evidence_records_sequence",
                    column: p => p.sequence,
                    principalTable: "evidence_records",
                    principalColumn: "sequence",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_session_id", table: "evidence_records", column: "session_id", unique: true);
        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_kind_sequence", table: "evidence_records", columns: ["metadata_kind", "sequence"]);
        migrationBuilder.CreateIndex(
            name: "ix_evidence_records_created_at", table: "evidence_records", column: "created_at");
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
        migrationBuilder.CreateIndex(
            name: "ix_evidence_record_providers_sequence", table: "evidence_record_providers", column: "sequence");

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
