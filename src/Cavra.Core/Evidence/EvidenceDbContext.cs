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
        record.Property(r => r.SessionId).HasColumnName("session_id");
        record.Property(r => r.MetadataKind).HasColumnName("metadata_kind");
        record.Property(r => r.CreatedAt).HasColumnName("created_at");
        record.Property(r => r.Signer).HasColumnName("signer");
        record.Property(r => r.DecisionCount).HasColumnName("decision_count");
        record.Property(r => r.BlockedCount).HasColumnName("blocked_count");
        record.Property(r => r.ApprovalRequiredCount).HasColumnName("approval_required_count");
        record.Property(r => r.Provider).HasColumnName("provider");
        record.Property(r => r.State).HasColumnName("state");
        record.Property(r => r.AlertLevel).HasColumnName("alert_level");
        record.Property(r => r.DeliverySource).HasColumnName("delivery_source");
        record.Property(r => r.DeliverySuccess).HasColumnName("delivery_success");
        record.Property(r => r.ScheduleId).HasColumnName("schedule_id");
        record.Property(r => r.AuditId).HasColumnName("audit_id");
        record.Property(r => r.DeliveryId).HasColumnName("delivery_id");
        record.Property(r => r.PlanId).HasColumnName("plan_id");
        record.Property(r => r.RetryPlanId).HasColumnName("retry_plan_id");
        record.Property(r => r.RunId).HasColumnName("run_id");
        record.Property(r => r.HealthId).HasColumnName("health_id");
        record.Property(r => r.EventId).HasColumnName("event_id");
        record.Property(r => r.Cadence).HasColumnName("cadence");
        record.Property(r => r.RecordJson).HasColumnName("record_json");
        record.Property(r => r.ContentHash).HasColumnName("content_hash");
        record.Property(r => r.PreviousHash).HasColumnName("previous_hash");
        record.Property(r => r.RecordHash).HasColumnName("record_hash");

        record.HasIndex(r => r.SessionId).IsUnique().HasDatabaseName("ix_evidence_records_session_id");
        record.HasIndex(r => new { r.MetadataKind, r.Sequence }).HasDatabaseName("ix_evidence_records_kind_sequence");
        record.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_evidence_records_created_at");
        // Sparse columns get partial indexes: most records leave them empty, so writes stay cheap.
        SparseIndex(record, r => r.Provider, "provider");
        SparseIndex(record, r => r.State, "state");
        SparseIndex(record, r => r.AlertLevel, "alert_level");
        SparseIndex(record, r => r.ScheduleId, "schedule_id");
        SparseIndex(record, r => r.AuditId, "audit_id");
        SparseIndex(record, r => r.DeliveryId, "delivery_id");
        SparseIndex(record, r => r.PlanId, "plan_id");
        SparseIndex(record, r => r.RetryPlanId, "retry_plan_id");
        SparseIndex(record, r => r.RunId, "run_id");
        SparseIndex(record, r => r.HealthId, "health_id");
        SparseIndex(record, r => r.EventId, "event_id");
        SparseIndex(record, r => r.Cadence, "cadence");
        record.HasIndex(r => new { r.DeliverySource, r.DeliverySuccess })
            .HasDatabaseName("ix_evidence_records_delivery_source")
            .HasFilter("\"delivery_source\" IS NOT NULL");
        record.HasMany(r => r.Providers).WithOne().HasForeignKey(p => p.Sequence);

        var provider = modelBuilder.Entity<EvidenceRecordProvider>();
        provider.ToTable("evidence_record_providers");
        provider.HasKey(p => new { p.Provider, p.Sequence });
        provider.Property(p => p.Sequence).HasColumnName("sequence");
        provider.Property(p => p.Provider).HasColumnName("provider");
        provider.HasIndex(p => p.Sequence).HasDatabaseName("ix_evidence_record_providers_sequence");
    }

    private static void SparseIndex(
        Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<EvidenceRecord> record,
        System.Linq.Expressions.Expression<Func<EvidenceRecord, object?>> column,
        string name) =>
        record.HasIndex(column).HasDatabaseName($"ix_evidence_records_{name}").HasFilter($"\"{name}\" IS NOT NULL");
}
