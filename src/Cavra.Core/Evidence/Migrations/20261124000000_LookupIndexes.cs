using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cavra.Core.Evidence.Migrations;

/// <summary>
/// Adds composite (kind, subject, …, sequence) indexes so per-request lookups (a schedule's notification plan, the latest
/// acknowledgement per provider, a delivery's latest approval) seek instead of walking every record of the subject. The
/// single-column subject indexes stay (schedules and health states gain the kind after the subject): history filters on a subject without a kind still use them. The provider index
/// gets an index by sequence, so verify compares it with the records in sequence order and provider lists of a set of
/// records are seeks. Indexes are built in place, so an existing database keeps every record and its chain.
/// </summary>
[DbContext(typeof(EvidenceDbContext))]
[Migration("20261124000000_LookupIndexes")]
public sealed class LookupIndexes : Migration
{
    private static readonly (string Name, string Subject, string[] Columns)[] Indexes =
    [
        ("ix_evidence_records_kind_schedule", "schedule_id", ["metadata_kind", "schedule_id", "provider", "sequence"]),
        ("ix_evidence_records_kind_health", "health_id", ["metadata_kind", "health_id", "provider", "sequence"]),
        ("ix_evidence_records_kind_plan", "plan_id", ["metadata_kind", "plan_id", "sequence"]),
        ("ix_evidence_records_kind_delivery", "delivery_id", ["metadata_kind", "delivery_id", "sequence"]),
    ];

    // The plain subject indexes of schedules and health states gain the kind (see EvidenceDbContext).
    private static readonly (string Old, string New, string Subject)[] Widened =
    [
        ("ix_evidence_records_schedule_id", "ix_evidence_records_schedule_kind", "schedule_id"),
        ("ix_evidence_records_health_id", "ix_evidence_records_health_kind", "health_id"),
    ];

    private const string ProvidersBySequence = "ix_evidence_record_providers_sequence";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var (name, subject, columns) in Indexes)
        {
            migrationBuilder.CreateIndex(name: name, table: "evidence_records", columns: columns, filter: $"\"{subject}\" IS NOT NULL");
        }

        foreach (var (old, name, subject) in Widened)
        {
            migrationBuilder.DropIndex(name: old, table: "evidence_records");
            migrationBuilder.CreateIndex(name: name, table: "evidence_records", columns: [subject, "metadata_kind"], filter: $"\"{subject}\" IS NOT NULL");
        }

        migrationBuilder.CreateIndex(name: ProvidersBySequence, table: "evidence_record_providers", column: "sequence");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: ProvidersBySequence, table: "evidence_record_providers");
        foreach (var (old, name, subject) in Widened)
        {
            migrationBuilder.DropIndex(name: name, table: "evidence_records");
            migrationBuilder.CreateIndex(name: old, table: "evidence_records", column: subject, filter: $"\"{subject}\" IS NOT NULL");
        }

        foreach (var (name, _, _) in Indexes)
        {
            migrationBuilder.DropIndex(name: name, table: "evidence_records");
        }
    }
}
