using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;
using FluentValidation;

namespace Cavra.Api.Notifications;

/// <summary>
/// Body of <c>POST …/deliver</c> (reference A1). <c>force: true</c> notifies even when the schedule is healthy and sends
/// again to providers that already received the same plan; without it a plan reaches each provider once.
/// </summary>
public sealed record NotificationDeliverRequest(
    string? Provider,
    string? GeneratedBy,
    bool? Force,
    JsonObject? RoutingPolicy,
    int? Retries,
    double? TimeoutSeconds);

/// <summary>
/// The A1 response. <c>already_delivered</c> lists the selected providers that had already received this plan and
/// were not sent it again (empty with <c>force: true</c>); <c>delivery</c> covers only what was sent now.
/// </summary>
public sealed record NotificationDeliverResponse(
    DrillScheduleReport Schedule,
    JsonObject Plan,
    ConnectorDeliveryResult? Delivery,
    EvidenceEnvelope PlanMetadata,
    EvidenceEnvelope? Metadata,
    bool Success,
    string EventId,
    IReadOnlyList<EarlierDelivery> AlreadyDelivered);

public sealed class NotificationDeliverRequestValidator : AbstractValidator<NotificationDeliverRequest>
{
    public NotificationDeliverRequestValidator()
    {
        RuleFor(r => r.Provider).MaximumLength(500).Matches("^[A-Za-z0-9 _,-]*$")
            .WithMessage("'provider' must be all or a comma-separated list of connector names");
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.RoutingPolicy).Custom((policy, context) =>
        {
            if (SecretScanner.FindInJson(policy, "routing_policy") is { } secret)
            {
                context.AddFailure("routing_policy", $"{secret.Path} {ProblemResponses.SecretMessage(secret.Kind)}");
            }
        });
    }
}

/// <summary>Body of <c>POST …/{schedule_id}/acknowledgements</c> (reference A2).</summary>
public sealed record AcknowledgeRequest(
    string? Provider, string? AcknowledgedBy, string? AcknowledgementState, string? ExternalRef, string? Notes, string? PlanId);

/// <summary>One route of a bulk acknowledgement; empty fields fall back to the request's.</summary>
public sealed record BulkRoute(string? ScheduleId, string? Provider, string? ExternalRef, string? Notes, string? PlanId);

/// <summary>Body of <c>POST …/acknowledgements/bulk</c> (reference A3).</summary>
public sealed record BulkAcknowledgeRequest(
    IReadOnlyList<BulkRoute>? Routes, string? AcknowledgedBy, string? AcknowledgementState, string? ExternalRef, string? Notes, string? PlanId);

public sealed record AcknowledgeResponse(JsonObject Acknowledgement, EvidenceEnvelope Metadata, JsonObject? Actor);

public sealed record BulkAcknowledgeResponse(
    string SchemaVersion, string Product, string BulkId, string AcknowledgementState, int AcknowledgementCount,
    IReadOnlyList<JsonObject> Acknowledgements, IReadOnlyList<EvidenceEnvelope> Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST …/escalation-plan</c> (reference A4).</summary>
public sealed record EscalationPlanRequest(JsonObject? Policy, string? GeneratedBy);

public sealed record EscalationPlanResponse(JsonObject Plan, EvidenceEnvelope Metadata);

public sealed class EscalationPlanRequestValidator : AbstractValidator<EscalationPlanRequest>
{
    public EscalationPlanRequestValidator()
    {
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Policy).Custom((policy, context) =>
        {
            if (SecretScanner.FindInJson(policy, "policy") is { } secret)
            {
                context.AddFailure("policy", $"{secret.Path} {ProblemResponses.SecretMessage(secret.Kind)}");
            }

            foreach (var (field, message) in EscalationPolicy.Problems(policy))
            {
                context.AddFailure(field, message);
            }
        });
    }
}

/// <summary>Query of <c>GET …/routes</c> and <c>GET …/suppression-trends</c> (reference A5/A6).</summary>
public sealed record RouteQuery
{
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "schedule_id")]
    public string? ScheduleId { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "owner")]
    public string? Owner { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "action")]
    public string? Action { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "category")]
    public string? Category { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "offset")]
    public int? Offset { get; init; }

    /// <summary>Suppression trends only: store the trend as evidence (the original always did; here a read does not write unless asked).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "persist")]
    public bool? Persist { get; init; }

    internal NotificationRoutes.RouteFilter ToFilter() => new(
        Inputs.Trimmed(ScheduleId), Inputs.Trimmed(Provider) is { } provider ? ProviderNames.Normalize(provider) : null, Inputs.Trimmed(Owner), Inputs.Trimmed(Action), Inputs.Trimmed(Category));
}

public sealed class RouteQueryValidator : AbstractValidator<RouteQuery>
{
    public RouteQueryValidator()
    {
        RuleFor(q => q.Action).Must(a => a is null or "" or "deliver" or "suppress").WithMessage("'action' must be deliver or suppress");
        RuleFor(q => q.Category).Must(c => string.IsNullOrEmpty(c) || c == "deliver" || NotificationRoutes.SuppressionCategories.Contains(c))
            .WithMessage("'category' must be deliver, maintenance_window, owner_calendar, healthy_schedule or other");
        RuleFor(q => q.Owner).MaximumLength(200);
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(q => q.Limit).InclusiveBetween(1, History.HistoryQueryValidator.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed record RouteHistoryResponse(
    string SchemaVersion, string Product, IReadOnlyList<JsonObject> Items, long Total, int Limit, int Offset, JsonObject Filters);

public sealed record SuppressionTrendResponse(JsonObject Trend, EvidenceEnvelope? Metadata);

/// <summary>Body of <c>POST …/acknowledgements/audit-package</c> (reference B1).</summary>
public sealed record AuditPackageRequest(string? ScheduleId, string? Provider, string? Owner, string? GeneratedBy);

public sealed record AuditPackageResponse(JsonObject AuditPackage, EvidenceEnvelope Metadata, JsonObject? Actor);

public sealed class AuditPackageRequestValidator : AbstractValidator<AuditPackageRequest>
{
    public AuditPackageRequestValidator()
    {
        RuleFor(r => r.ScheduleId).MaximumLength(200);
        RuleFor(r => r.Provider).Must(p => string.IsNullOrWhiteSpace(p) || AcknowledgementRules.KnownProvider(p)).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.Owner).MaximumLength(200).PublicSafe();
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>Body of <c>POST …/acknowledgements/audit-delivery</c>, "Deliver Audit" (reference B2).</summary>
public sealed record AuditDeliveryBody(
    string? ScheduleId, string? Provider, string? Owner, string? DeliveryProvider, string? GeneratedBy, string? Cadence,
    string? ScheduleRef, string? NextDeliveryAt, int? Retries, double? TimeoutSeconds);

public sealed record AuditDeliveryResponse(
    JsonObject AuditPackage, EvidenceEnvelope AuditMetadata, JsonObject DeliveryPlan, EvidenceEnvelope PlanMetadata,
    ConnectorDeliveryResult? Delivery, EvidenceEnvelope? Metadata, bool Success, JsonObject? Actor);

public sealed class AuditDeliveryBodyValidator : AbstractValidator<AuditDeliveryBody>
{
    public AuditDeliveryBodyValidator()
    {
        RuleFor(r => r.ScheduleId).MaximumLength(200);
        RuleFor(r => r.Provider).Must(p => string.IsNullOrWhiteSpace(p) || p.Trim() == "all" || AcknowledgementRules.KnownProvider(p))
            .WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.Owner).MaximumLength(200).PublicSafe();
        RuleFor(r => r.DeliveryProvider).MaximumLength(500).Matches("^[A-Za-z0-9 _,-]*$")
            .WithMessage("'delivery_provider' must be all or a comma-separated list of connector names");
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Cadence).MaximumLength(100).Matches("^[A-Za-z0-9_-]*$").WithMessage("'cadence' may hold letters, digits, _ and - only");
        RuleFor(r => r.ScheduleRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.NextDeliveryAt).Must(t => string.IsNullOrWhiteSpace(t) || Cavra.Core.Evidence.EvidenceTime.Parse(t) is not null)
            .WithMessage("'next_delivery_at' must be an ISO-8601 timestamp");
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
    }
}

/// <summary>Rules shared by single and bulk acknowledgements.</summary>
internal static class AcknowledgementRules
{
    public const int MaxBulkRoutes = 100;

    public static bool KnownProvider(string? provider) =>
        provider is not null && ProviderNames.Known.Contains(ProviderNames.Normalize(provider));

    public static bool KnownState(string? state) => KnownState(Acknowledgements.Notification, state);

    public static string StateMessage => StatesMessage("acknowledgement_state", Acknowledgements.Notification.States);

    public static bool KnownState(AcknowledgementKind kind, string? state) => kind.States.Contains(Acknowledgements.NormalizeState(kind, state));

    public static string StatesMessage(string field, IReadOnlyList<string> states) => $"'{field}' must be {string.Join(", ", states)}";

    public static string ProviderMessage => $"'provider' must be one of {string.Join(", ", ProviderNames.Known)}";

    /// <summary>The free-text fields every acknowledgement may carry, and an optional notification plan id.</summary>
    public static void ApplyTextRules<T>(
        AbstractValidator<T> validator,
        System.Linq.Expressions.Expression<Func<T, string?>> externalRef,
        System.Linq.Expressions.Expression<Func<T, string?>> notes,
        System.Linq.Expressions.Expression<Func<T, string?>> planId)
    {
        validator.RuleFor(externalRef).MaximumLength(200).PublicSafe();
        validator.RuleFor(notes).MaximumLength(2000).PublicSafe();
        var readPlanId = planId.Compile();
        validator.RuleFor(planId).Matches("^gordn-[0-9a-f]{16}$").When(r => !string.IsNullOrEmpty(readPlanId(r)))
            .WithMessage("'plan_id' must be a notification plan id (gordn-…)");
    }
}

public sealed class AcknowledgeRequestValidator : AbstractValidator<AcknowledgeRequest>
{
    public AcknowledgeRequestValidator()
    {
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(AcknowledgementRules.KnownState).WithMessage(AcknowledgementRules.StateMessage);
        AcknowledgementRules.ApplyTextRules(this, r => r.ExternalRef, r => r.Notes, r => r.PlanId);
    }
}

public sealed class BulkAcknowledgeRequestValidator : AbstractValidator<BulkAcknowledgeRequest>
{
    public BulkAcknowledgeRequestValidator()
    {
        RuleFor(r => r.Routes).NotEmpty().WithMessage("'routes' are required")
            .Must(r => r is null || r.Count <= AcknowledgementRules.MaxBulkRoutes)
            .WithMessage($"bulk acknowledgement is limited to {AcknowledgementRules.MaxBulkRoutes} routes");
        RuleForEach(r => r.Routes).ChildRules(route =>
        {
            route.RuleFor(r => r.ScheduleId).NotEmpty().MaximumLength(200);
            route.RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
            AcknowledgementRules.ApplyTextRules(route, r => r.ExternalRef, r => r.Notes, r => r.PlanId);
        });
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(AcknowledgementRules.KnownState).WithMessage(AcknowledgementRules.StateMessage);
        AcknowledgementRules.ApplyTextRules(this, r => r.ExternalRef, r => r.Notes, r => r.PlanId);
    }
}
