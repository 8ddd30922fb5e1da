using Microsoft.EntityFrameworkCore;

namespace Cavra.Core.Evidence;

public sealed class EvidenceDbContext(DbContextOptions<EvidenceDbContext> options) : DbContext(options)
{
    public DbSet<EvidenceRecord> Records => Set<EvidenceRecord>();

    public DbSet<EvidenceRecordProvider> RecordProviders => Set<EvidenceRecordProvider>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var record = modelBuilder.Entity<EvidenceRecord>();
        record.ToTable("evidence_records");
        record.HasKey(r => r.Sequence);
        // The store assigns sequences itself: they are part of the chain, not a database counter.
        record.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        var provider = Database.ProviderName;
        foreach (var column in EvidenceColumns.All)
        {
            // Typed columns are generated from the record JSON (see EvidenceColumns); the store never writes them.
            record.Property(PropertyName(column.Name)).HasColumnName(column.Name)
                .HasComputedColumnSql(EvidenceColumns.Sql(provider, column), stored: false);
        }

        record.Property(r => r.RecordJson).HasColumnName("record_json");
        record.Property(r => r.ContentHash).HasColumnName("content_hash");
        record.Property(r => r.PreviousHash).HasColumnName("previous_hash");
        record.Property(r => r.RecordHash).HasColumnName("record_hash");

        record.HasIndex(r => r.SessionId).IsUnique().HasDatabaseName("ix_evidence_records_session_id");
        record.HasIndex(r => new { r.MetadataKind, r.Sequence }).HasDatabaseName("ix_evidence_records_kind_sequence");
        // Sparse columns get partial indexes: most records leave them empty, so writes stay cheap.
        SparseIndex(record, r => r.Provider, "provider");
        SparseIndex(record, r => r.State, "state");
        SparseIndex(record, r => r.AlertLevel, "alert_level");
        // Schedules and health states hold many records of many kinds: their subject index carries the kind, so
        // "newest record of kind K for subject S" is one seek to the end of (S, K) in rowid (= sequence) order.
        record.HasIndex(r => new { r.ScheduleId, r.MetadataKind }).HasDatabaseName("ix_evidence_records_schedule_kind").HasFilter("\"schedule_id\" IS NOT NULL");
        SparseIndex(record, r => r.AuditId, "audit_id");
        SparseIndex(record, r => r.DeliveryId, "delivery_id");
        SparseIndex(record, r => r.PlanId, "plan_id");
        SparseIndex(record, r => r.RetryPlanId, "retry_plan_id");
        SparseIndex(record, r => r.RunId, "run_id");
        record.HasIndex(r => new { r.HealthId, r.MetadataKind }).HasDatabaseName("ix_evidence_records_health_kind").HasFilter("\"health_id\" IS NOT NULL");
        SparseIndex(record, r => r.EventId, "event_id");
        SparseIndex(record, r => r.Cadence, "cadence");
        // Per-request lookups name a kind and a subject (a schedule's plan, a health state's acknowledgements, a
        // delivery's approvals): these composites make each a seek instead of a walk through every record of the subject.
        // A subject with the provider after it also answers "latest per provider" from the index alone.
        record.HasIndex(r => new { r.MetadataKind, r.ScheduleId, r.Provider, r.Sequence })
            .HasDatabaseName("ix_evidence_records_kind_schedule").HasFilter("\"schedule_id\" IS NOT NULL");
        record.HasIndex(r => new { r.MetadataKind, r.HealthId, r.Provider, r.Sequence })
            .HasDatabaseName("ix_evidence_records_kind_health").HasFilter("\"health_id\" IS NOT NULL");
        record.HasIndex(r => new { r.MetadataKind, r.PlanId, r.Sequence })
            .HasDatabaseName("ix_evidence_records_kind_plan").HasFilter("\"plan_id\" IS NOT NULL");
        record.HasIndex(r => new { r.MetadataKind, r.DeliveryId, r.Sequence })
            .HasDatabaseName("ix_evidence_records_kind_delivery").HasFilter("\"delivery_id\" IS NOT NULL");
        record.HasIndex(r => new { r.DeliverySource, r.DeliverySuccess })
            .HasDatabaseName("ix_evidence_records_delivery_source")
            .HasFilter("\"delivery_source\" IS NOT NULL");

        var providers = modelBuilder.Entity<EvidenceRecordProvider>();
        providers.ToTable("evidence_record_providers");
        providers.HasKey(p => new { p.Provider, p.Sequence });
        providers.Property(p => p.Sequence).HasColumnName("sequence");
        providers.Property(p => p.Provider).HasColumnName("provider");
        // Verify compares the index with the records in sequence order; provider lists of a set of records seek by sequence.
        providers.HasIndex(p => p.Sequence).HasDatabaseName("ix_evidence_record_providers_sequence");
    }

    /// <summary>The model property of a snake_case column (<c>delivery_id</c> → <c>DeliveryId</c>).</summary>
    internal static string PropertyName(string column) =>
        string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static void SparseIndex(
        Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<EvidenceRecord> record,
        System.Linq.Expressions.Expression<Func<EvidenceRecord, object?>> column,
        string name) =>
        record.HasIndex(column).HasDatabaseName($"ix_evidence_records_{name}").HasFilter($"\"{name}\" IS NOT NULL");
}
