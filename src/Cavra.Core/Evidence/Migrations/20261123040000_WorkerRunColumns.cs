using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Adds the generated <c>dry_run</c> column (worker-run history and the dashboard count dry and live runs). A virtual
/// generated column is added in place, so an existing database keeps every record and its chain.
/// </summary>
[DbContext(typeof(EvidenceDbContext))]
[Migration("20261123040000_WorkerRunColumns")]
public sealed class WorkerRunColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE \"evidence_records\" ADD COLUMN \"dry_run\" AS (CASE WHEN json_type(\"record_json\", '$.dry_run') IN ('true', 'false') THEN json_extract(\"record_json\", '$.dry_run') END) VIRTUAL;");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "dry_run", table: "evidence_records");
}
