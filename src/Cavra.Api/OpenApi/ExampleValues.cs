using Cavra.Core.Drills;
using Cavra.Core.Evidence;

namespace Cavra.Api.OpenApi;

/// <summary>The ids and names the examples share, so one example's output reads as the next one's input.</summary>
public static class ExampleValues
{
    public const string ScheduleId = "payments-rollback-drill";
    public const string Provider = "webhook";
    public const string Owner = "release-governance";
    public const string Operator = "release-oncall";
    public const string GeneratedBy = "release-manager";
    public const string PlanId = "gordn-0123456789abcdef";
    public const string HealthId = "gordackhealth-0123456789abcdef";
    public const string ExecutiveRunId = "gordackexecsched-0123456789abcdef";
    public const string HealthAlertPlanId = "gordackhealthalert-0123456789abcdef";
    public const string AuditId = "gordackaudit-0123456789abcdef";
    public const string DeliveryId = "gordackdelivery-0123456789abcdef";
    public const string RetryPlanId = "gordackretry-0123456789abcdef";
    public const string ApprovalPlanId = "gordackretryapproval-0123456789abcdef";
    public const string PlaybookId = "gordackrecovery-0123456789abcdef";
    public const string EscalationPlanId = "gordackrecoveryesc-0123456789abcdef";
    public const string Timestamp = "2026-07-01T09:00:00Z";
}

/// <summary>Example of <c>PUT /runtime/go-pilot/rollback-drill-schedule</c>.</summary>
public sealed class DrillScheduleExample : IExample<DrillSchedule>
{
    public static DrillSchedule Example => new()
    {
        ScheduleId = ExampleValues.ScheduleId,
        Status = "active",
        Environment = "production",
        IntervalDays = 30,
        Owners = [ExampleValues.Owner],
        NotificationProviders = [ExampleValues.Provider],
        RunbookRef = "runbooks/payments-rollback.md",
        NextDueAt = ExampleValues.Timestamp,
        OwnerRoutes = new System.Text.Json.Nodes.JsonObject
        {
            [ExampleValues.Owner] = new System.Text.Json.Nodes.JsonObject
            {
                ["providers"] = new System.Text.Json.Nodes.JsonArray(ExampleValues.Provider),
                ["acknowledgement_minutes"] = 30,
                ["escalation_owner"] = ExampleValues.GeneratedBy,
            },
        },
        RoutingRules = new System.Text.Json.Nodes.JsonArray(),
        MaintenanceWindows = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["window_id"] = "quarter-close-freeze",
            ["start_at"] = "2026-06-29T00:00:00Z",
            ["end_at"] = "2026-06-30T23:59:59Z",
            ["reason"] = "quarter close change freeze",
        }),
        OwnerCalendars = new System.Text.Json.Nodes.JsonObject
        {
            [ExampleValues.Owner] = new System.Text.Json.Nodes.JsonObject { ["available"] = true },
        },
        UpdatedBy = ExampleValues.GeneratedBy,
    };
}

/// <summary>Example of <c>POST /runtime/go-pilot/rollback-drills</c>.</summary>
public sealed class DrillExecutionExample : IExample<DrillExecution>
{
    public static DrillExecution Example => new()
    {
        DrillId = "payments-drill-2026-06",
        ExecutedAt = "2026-06-02T14:30:00Z",
        Actor = ExampleValues.Operator,
        Environment = "production",
        SourceMode = "promoted",
        TargetMode = "disabled",
        Status = "pass",
        FallbackVerified = true,
        RecoveryMinutes = 12,
        MaxRecoveryMinutes = 30,
        RunbookRef = "runbooks/payments-rollback.md",
        EvidenceRefs = ["CHG-2041", "ci-run-4812"],
    };
}

/// <summary>Example of <c>POST …/evidence/checkpoint/verify</c>: the checkpoint of an empty chain.</summary>
public sealed class EvidenceCheckpointExample : IExample<EvidenceCheckpoint>
{
    public static EvidenceCheckpoint Example => new(
        EvidenceCheckpoints.CheckpointSchemaVersion, 0, EvidenceChain.GenesisHash, 0, ExampleValues.Timestamp, false, null, null);
}
