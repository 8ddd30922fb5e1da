using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Adds the generated <c>alert_count</c> column (the main dashboard sums the alert counts of stored health reports in
/// the database). A virtual generated column is added in place, so an existing database keeps every record and its chain.
/// </summary>
[DbContext(typeof(EvidenceDbContext))]
[Migration("20261125000000_AlertCountColumn")]
public sealed class AlertCountColumn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE \"evidence_records\" ADD COLUMN \"alert_count\" AS (json_extract(\"record_json\", '$.alert_count')) VIRTUAL;");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "alert_count", table: "evidence_records");
}
