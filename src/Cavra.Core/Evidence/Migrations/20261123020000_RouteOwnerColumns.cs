using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Adds the generated <c>owner</c> and <c>escalation_owner</c> columns (routing history filters on them). Virtual
/// generated columns can be added in place, so an existing database keeps every record and its chain.
/// </summary>
[DbContext(typeof(EvidenceDbContext))]
[Migration("20261123020000_RouteOwnerColumns")]
public sealed class RouteOwnerColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE \"evidence_records\" ADD COLUMN \"owner\" AS (json_extract(\"record_json\", '$.owner')) VIRTUAL;");
            migrationBuilder.Sql("ALTER TABLE \"evidence_records\" ADD COLUMN \"escalation_owner\" AS (json_extract(\"record_json\", '$.escalation_owner')) VIRTUAL;");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "escalation_owner", table: "evidence_records");
        migrationBuilder.DropColumn(name: "owner", table: "evidence_records");
    }
}
