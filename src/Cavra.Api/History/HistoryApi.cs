using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cavra.Api.History;

/// <summary>Query of <c>GET /runtime/go-pilot/rollback-drill-notifications</c> (reference G1).</summary>
public sealed record HistoryQuery
{
    [FromQuery(Name = "schedule_id")]
    public string? ScheduleId { get; init; }

    [FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    [FromQuery(Name = "metadata_kind")]
    public string? MetadataKind { get; init; }

    [FromQuery(Name = "acknowledgement_state")]
    public string? AcknowledgementState { get; init; }

    [FromQuery(Name = "connector_delivery_source")]
    public string? ConnectorDeliverySource { get; init; }

    [FromQuery(Name = "delivery_success")]
    public bool? DeliverySuccess { get; init; }

    [FromQuery(Name = "alert_level")]
    public string? AlertLevel { get; init; }

    [FromQuery(Name = "audit_id")]
    public string? AuditId { get; init; }

    [FromQuery(Name = "delivery_id")]
    public string? DeliveryId { get; init; }

    [FromQuery(Name = "cadence")]
    public string? Cadence { get; init; }

    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [FromQuery(Name = "offset")]
    public int? Offset { get; init; }
}

/// <summary>One route still waiting for its acknowledgement.</summary>
public sealed record OutstandingAcknowledgement(string ScheduleId, string Provider, string PlanId);

/// <summary>The dashboard (reference §5): envelope, declared counters (flattened at the top level), outstanding routes, latest records.</summary>
public sealed class DashboardResponse
{
    public string SchemaVersion { get; init; } = NotificationDashboard.Schema;

    public string Product { get; init; } = EvidenceStore.Product;

    public required string GeneratedAt { get; init; }

    /// <summary>What is open now: critical if any open condition is critical, else warning if any is open, else healthy.</summary>
    public required string AlertLevel { get; init; }

    /// <summary>The open conditions behind <see cref="AlertLevel"/>, most severe first, each with its count, ids and next action.</summary>
    public IReadOnlyList<LevelReason> Reasons { get; init; } = [];

    /// <summary>What settles the most severe open condition; null when healthy.</summary>
    public NextActionResponse? NextAction { get; init; }

    public long OutstandingAcknowledgementCount { get; init; }

    public IReadOnlyList<OutstandingAcknowledgement> OutstandingAcknowledgements { get; init; } = [];

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
        RuleFor(q => q.AlertLevel).Must(l => l is null or "healthy" or "warning" or "critical")
            .WithMessage("'alert_level' must be healthy, warning or critical");
    }
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
        var auditChain = source == NotificationHistory.AuditChain.DeliverySources.First();
        var filter = new RecordFilter
        {
            Scope = auditChain ? NotificationHistory.AuditChain : NotificationHistory.Scope,
            ScheduleId = Inputs.Trimmed(query.ScheduleId),
            Provider = Inputs.Trimmed(query.Provider) is { } provider ? ProviderNames.Normalize(provider) : null,
            Kinds = Inputs.Trimmed(query.MetadataKind) is { } kind ? [kind] : null,
            State = Inputs.Trimmed(query.AcknowledgementState) is { } state ? ProviderNames.Normalize(state) : null,
            DeliverySources = source is null || auditChain ? null : [source],
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
