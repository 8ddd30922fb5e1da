using System.Text.Json.Nodes;

namespace Cavra.Core.Drills;

/// <summary>A rollback drill schedule in the original's public-safe shape (<c>cavra.go-backend-rollback-drill-schedule.v1</c>).</summary>
public sealed record DrillSchedule
{
    public const string Schema = "cavra.go-backend-rollback-drill-schedule.v1";

    public string SchemaVersion { get; init; } = Schema;

    public string ScheduleId { get; init; } = "";

    public string Status { get; init; } = "active";

    public string? Environment { get; init; }

    public double IntervalDays { get; init; }

    public IReadOnlyList<string> Owners { get; init; } = [];

    public IReadOnlyList<string> NotificationProviders { get; init; } = [];

    public string RunbookRef { get; init; } = "";

    /// <summary>Optional explicit due date; otherwise the latest drill plus <see cref="IntervalDays"/>.</summary>
    public string? NextDueAt { get; init; }

    /// <summary>Per-owner routing: an object keyed by owner, or a list of rules with <c>owners</c>.</summary>
    public JsonNode? OwnerRoutes { get; init; }

    public JsonNode? RoutingRules { get; init; }

    public JsonArray? MaintenanceWindows { get; init; }

    public JsonObject? OwnerCalendars { get; init; }

    /// <summary>Who stored this version (the record's signer).</summary>
    public string? UpdatedBy { get; init; }
}

/// <summary>One executed rollback drill (<c>cavra.go-backend-rollback-drill-history.v1</c> item).</summary>
public sealed record DrillExecution
{
    public string DrillId { get; init; } = "";

    public string ExecutedAt { get; init; } = "";

    public string? Actor { get; init; }

    public string? Environment { get; init; }

    public string SourceMode { get; init; } = "promoted";

    public string TargetMode { get; init; } = "disabled";

    public string Status { get; init; } = "pass";

    public bool FallbackVerified { get; init; }

    public double RecoveryMinutes { get; init; }

    public double MaxRecoveryMinutes { get; init; }

    public string RunbookRef { get; init; } = "";

    public IReadOnlyList<string> EvidenceRefs { get; init; } = [];
}

/// <summary>One readiness check, as the original reports them: <c>pass</c> or <c>warn</c> with a message.</summary>
public sealed record ReportCheck(string Id, string Status, string Message)
{
    public static ReportCheck Of(string id, bool passed, string message) => new(id, passed ? "pass" : "warn", message);
}
