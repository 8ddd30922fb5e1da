using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cavra.Api.History;

/// <summary>Query of <c>GET /runtime/go-pilot/rollback-drill-notifications</c>; every filter keeps every record kind it applies to.</summary>
public sealed record HistoryQuery
{
    /// <summary>Only records of this schedule (schedule_id, event_id or the nested plan's schedule_id).</summary>
    [FromQuery(Name = "schedule_id")]
    public string? ScheduleId { get; init; }

    /// <summary>Only records naming this connector (provider, providers, selected or failed providers; case-insensitive).</summary>
    [FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    /// <summary>Only records of this kind.</summary>
    [FromQuery(Name = "metadata_kind")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.HistoryKinds))]
    public string? MetadataKind { get; init; }

    /// <summary>Only acknowledgements in this state.</summary>
    [FromQuery(Name = "acknowledgement_state")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.HistoryAcknowledgementStates))]
    public string? AcknowledgementState { get; init; }

    /// <summary>Only deliveries from this source; a delivery stream's source also keeps its chain's records (go_backend_rollback_drill_acknowledgement_audit: packages, plans, runs, approvals, executions, recoveries; …_recovery_escalation: escalation plans, acknowledgements, retry plans, runs, executions, health).</summary>
    [FromQuery(Name = "connector_delivery_source")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.HistoryDeliverySources))]
    public string? ConnectorDeliverySource { get; init; }

    /// <summary>Only deliveries that succeeded (true) or failed (false).</summary>
    [FromQuery(Name = "delivery_success")]
    public bool? DeliverySuccess { get; init; }

    /// <summary>Only records with this alert level.</summary>
    [FromQuery(Name = "alert_level")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))]
    public string? AlertLevel { get; init; }

    /// <summary>Only records of this acknowledgement audit (gordackaudit-…).</summary>
    [FromQuery(Name = "audit_id")]
    public string? AuditId { get; init; }

    /// <summary>Only records of this delivery (delivery_id, event_id or session_id).</summary>
    [FromQuery(Name = "delivery_id")]
    public string? DeliveryId { get; init; }

    /// <summary>Only audit delivery plans and worker runs with this cadence.</summary>
    [FromQuery(Name = "cadence")]
    public string? Cadence { get; init; }

    /// <summary>Page size, 1–500, default 50.</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>Records to skip, 0 or more, default 0.</summary>
    [FromQuery(Name = "offset")]
    public int? Offset { get; init; }
}

/// <summary>One route still waiting for its acknowledgement.</summary>
/// <param name="ScheduleId">The schedule notified.</param>
/// <param name="Provider">The connector that owes an acknowledgement.</param>
/// <param name="PlanId">The schedule's latest notification plan.</param>
public sealed record OutstandingAcknowledgement(string ScheduleId, string Provider, string PlanId);

/// <summary>
/// The dashboard: envelope, declared counters (flattened at the top level; each is listed in this schema),
/// outstanding routes, latest records. Counts are exact and all-time.
/// </summary>
public sealed class DashboardResponse
{
    /// <summary>cavra.go-backend-pilot.rollback-drill-notification-dashboard.v1</summary>
    public string SchemaVersion { get; init; } = NotificationDashboard.Schema;

    /// <summary>Always cavra.</summary>
    public string Product { get; init; } = EvidenceStore.Product;

    /// <summary>When the dashboard was built (ISO-8601, UTC).</summary>
    public required string GeneratedAt { get; init; }

    /// <summary>What is open now: critical if any open condition is critical, else warning if any is open, else healthy.</summary>
    [OneOf(typeof(ContractValues), nameof(ContractValues.AlertLevels))]
    public required string AlertLevel { get; init; }

    /// <summary>The open conditions behind <see cref="AlertLevel"/>, most severe first, each with its count, ids and next action.</summary>
    public IReadOnlyList<LevelReason> Reasons { get; init; } = [];

    /// <summary>What settles the most severe open condition; null when healthy.</summary>
    public NextActionResponse? NextAction { get; init; }

    /// <summary>Providers that still owe an acknowledgement of their schedule's latest notification plan.</summary>
    public long OutstandingAcknowledgementCount { get; init; }

    /// <summary>Up to 20 outstanding acknowledgements.</summary>
    public IReadOnlyList<OutstandingAcknowledgement> OutstandingAcknowledgements { get; init; } = [];

    /// <summary>The 10 newest records of the notification family.</summary>
    public IReadOnlyList<EvidenceEnvelope> Latest { get; init; } = [];

    /// <summary>
    /// Every declared counter (plan_count, delivery_count, failed_delivery_count, …), derived rates, and each stream's
    /// <c>{prefix}_health</c> with its <c>{prefix}_health_reasons</c> and <c>{prefix}_health_next_action</c>.
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public IDictionary<string, System.Text.Json.JsonElement>? Counters { get; init; }
}

public sealed class HistoryQueryValidator : AbstractValidator<HistoryQuery>
{
    public const int MaxLimit = 500;

    public HistoryQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
        RuleFor(q => q.AlertLevel).Must(l => l is null || ContractValues.AlertLevels.Contains(l))
            .WithMessage($"'alert_level' must be {string.Join(", ", ContractValues.AlertLevels)}");
        RuleFor(q => q.MetadataKind).Must(k => string.IsNullOrWhiteSpace(k) || ContractValues.HistoryKinds.Contains(k.Trim()))
            .WithMessage(q => KindMessage(q.MetadataKind, ContractValues.HistoryKinds));
    }

    /// <summary>An unknown kind names the kinds this history holds, with the closest one first when it looks like a typo.</summary>
    internal static string KindMessage(string? kind, IReadOnlyList<string> known) =>
        (Hosting.Suggestions.Closest(kind?.Trim() ?? "", known) is { } closest ? $"did you mean '{closest}'? " : "") +
        $"'metadata_kind' must be one of the kinds this history holds: {string.Join(", ", known)}";
}

/// <summary>History of the rollback-drill notification family: every filter runs in the database, totals are exact.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Notifications.NotificationsApi.Prefix, GetNotificationHistory).WithName(nameof(GetNotificationHistory)).WithTags("History")
            .WithSummary("Notification history: plans, acknowledgements, escalation plans and deliveries of the family, newest first, with exact totals.")
            .Validate<HistoryQuery>()
            .ForConsole("go_rollback_drill_notification_history");
        routes.MapGet(Notifications.NotificationsApi.Prefix + "/dashboard", GetNotificationDashboard).WithName(nameof(GetNotificationDashboard)).WithTags("History")
            .WithSummary("Dashboard: exact counters over all records, outstanding acknowledgements, alert level and the latest records.")
            .ForConsole("go_rollback_drill_notification_dashboard");
        return routes;
    }

    public static async Task<Ok<RecordPageResponse>> GetNotificationHistory(
        [AsParameters] HistoryQuery query, EvidenceQuery evidence, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var source = Inputs.Trimmed(query.ConnectorDeliverySource);
        // A stream's source also keeps its chain's own records (the audit source the whole audit chain, the recovery
        // escalation source its plans, acknowledgements and retry records).
        var chain = source is null ? null : NotificationHistory.Chains.GetValueOrDefault(source);
        var filter = new RecordFilter
        {
            Scope = chain ?? NotificationHistory.Scope,
            ScheduleId = Inputs.Trimmed(query.ScheduleId),
            Provider = Inputs.Trimmed(query.Provider) is { } provider ? ProviderNames.Normalize(provider) : null,
            Kinds = Inputs.Trimmed(query.MetadataKind) is { } kind ? [kind] : null,
            State = Inputs.Trimmed(query.AcknowledgementState) is { } state ? ProviderNames.Normalize(state) : null,
            DeliverySources = source is null || chain is not null ? null : [source],
            DeliverySuccess = query.DeliverySuccess,
            AlertLevel = Inputs.Trimmed(query.AlertLevel),
            AuditId = Inputs.Trimmed(query.AuditId),
            Reference = Inputs.Trimmed(query.DeliveryId),
            Cadence = Inputs.Trimmed(query.Cadence),
        };
        var page = await evidence.PageAsync(filter, limit, offset, cancellationToken);
        return TypedResults.Ok(RecordPageResponse.From(NotificationHistory.Schema, page, limit, offset, json.Value.SerializerOptions));
    }

    public static async Task<Ok<DashboardResponse>> GetNotificationDashboard(
        NotificationDashboard dashboard, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var built = await dashboard.BuildAsync(cancellationToken);
        return TypedResults.Ok(System.Text.Json.JsonSerializer.Deserialize<DashboardResponse>(built, json.Value.SerializerOptions)!);
    }
}
