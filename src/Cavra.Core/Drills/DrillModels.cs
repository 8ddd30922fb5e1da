using System.Text.Json.Nodes;

namespace Cavra.Core.Drills;

/// <summary>A rollback drill schedule in the original's public-safe shape (<c>cavra.go-backend-rollback-drill-schedule.v1</c>).</summary>
public sealed record DrillSchedule
{
    public const string Schema = "cavra.go-backend-rollback-drill-schedule.v1";

    public static readonly IReadOnlyList<string> Statuses = ["active", "paused", "retired"];

    /// <summary>Must be cavra.go-backend-rollback-drill-schedule.v1 (the default).</summary>
    public string SchemaVersion { get; init; } = Schema;

    /// <summary>Required. The schedule's id: letters, digits and . _ : - only, at most 200 characters.</summary>
    public string ScheduleId { get; init; } = "";

    /// <summary>Default active; only an active schedule is notified.</summary>
    [OneOf(typeof(DrillSchedule), nameof(Statuses))]
    public string Status { get; init; } = "active";

    /// <summary>The environment drilled (production, staging, …); at most 100 characters.</summary>
    public string? Environment { get; init; }

    /// <summary>Required. Days between drills: more than 0, at most 3660.</summary>
    public double IntervalDays { get; init; }

    /// <summary>Required. 1–50 owners notified about the drill.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary>Required. 1–20 connector names the notifications go to; each should be a configured connector.</summary>
    public IReadOnlyList<string> NotificationProviders { get; init; } = [];

    /// <summary>Required. Where the rollback runbook is; at most 500 characters, no secrets.</summary>
    public string RunbookRef { get; init; } = "";

    /// <summary>Optional explicit due date (ISO-8601); otherwise the latest drill plus <see cref="IntervalDays"/>.</summary>
    public string? NextDueAt { get; init; }

    /// <summary>Per-owner routing: an object keyed by owner, or a list of rules with <c>owners</c>; a rule names providers, acknowledgement_minutes and escalation_owner.</summary>
    public JsonNode? OwnerRoutes { get; init; }

    /// <summary>Alias of owner_routes, used only when owner_routes is absent; same shape.</summary>
    public JsonNode? RoutingRules { get; init; }

    /// <summary>Windows during which notifications are suppressed: window_id, start_at, end_at, reason, and optional schedule_ids, providers, owners.</summary>
    public JsonArray? MaintenanceWindows { get; init; }

    /// <summary>Owner availability keyed by owner: available (bool) or unavailable_windows (start_at, end_at, reason); an unavailable owner's routes are suppressed.</summary>
    public JsonObject? OwnerCalendars { get; init; }

    /// <summary>Who stored this version (the record's signer); default <c>unspecified</c> (recorded as such, never as the console).</summary>
    public string? UpdatedBy { get; init; }
}

/// <summary>One executed rollback drill (<c>cavra.go-backend-rollback-drill-history.v1</c> item).</summary>
public sealed record DrillExecution
{
    public static readonly IReadOnlyList<string> Statuses = ["pass", "fail"];

    /// <summary>Required. The drill's id, recorded once: letters, digits and . _ : - only, at most 200 characters.</summary>
    public string DrillId { get; init; } = "";

    /// <summary>Required. When the drill ran (ISO-8601).</summary>
    public string ExecutedAt { get; init; } = "";

    /// <summary>Who ran the drill; at most 200 characters, no secrets.</summary>
    public string? Actor { get; init; }

    /// <summary>The environment drilled; at most 100 characters.</summary>
    public string? Environment { get; init; }

    /// <summary>The mode rolled back from; default promoted.</summary>
    [OneOf(typeof(DrillSettings), nameof(DrillSettings.Modes))]
    public string SourceMode { get; init; } = "promoted";

    /// <summary>The mode rolled back to; default disabled.</summary>
    [OneOf(typeof(DrillSettings), nameof(DrillSettings.Modes))]
    public string TargetMode { get; init; } = "disabled";

    /// <summary>The drill's outcome; default pass.</summary>
    [OneOf(typeof(DrillExecution), nameof(Statuses))]
    public string Status { get; init; } = "pass";

    /// <summary>Whether the fallback was verified to serve after the rollback; default false.</summary>
    public bool FallbackVerified { get; init; }

    /// <summary>Minutes the rollback took: 0–100000.</summary>
    public double RecoveryMinutes { get; init; }

    /// <summary>The recovery objective in minutes: 0–100000.</summary>
    public double MaxRecoveryMinutes { get; init; }

    /// <summary>The runbook followed; at most 500 characters, no secrets.</summary>
    public string RunbookRef { get; init; } = "";

    /// <summary>Up to 50 references to the drill's evidence (change, CI run, …); each at most 500 characters.</summary>
    public IReadOnlyList<string> EvidenceRefs { get; init; } = [];
}

/// <summary>One readiness check: <c>pass</c> or <c>warn</c> with a message.</summary>
/// <param name="Id">What is checked.</param>
/// <param name="Status">pass or warn.</param>
/// <param name="Message">The check's finding in words.</param>
public sealed record ReportCheck(string Id, string Status, string Message)
{
    public static ReportCheck Of(string id, bool passed, string message) => new(id, passed ? "pass" : "warn", message);
}
