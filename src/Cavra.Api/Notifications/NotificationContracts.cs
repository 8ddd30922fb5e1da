using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;
using FluentValidation;

namespace Cavra.Api.Notifications;

/// <summary>
/// Body of <c>POST …/deliver</c>: plan the drill notifications from the stored schedule and deliver them. Without
/// <c>force</c> a plan reaches each provider once.
/// </summary>
/// <param name="Provider">Connectors to deliver to: <c>all</c> (default) or a comma-separated list of connector names, intersected with the schedule's notification_providers.</param>
/// <param name="GeneratedBy">Who asks; recorded as the plan's generated_by. default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
/// <param name="Force">Notify even when the drill schedule is healthy (not stale or due soon), and send again to providers that already received the same plan. Default false.</param>
/// <param name="RoutingPolicy">Overrides the schedule's routing for this plan: owner_routes, routing_rules, maintenance_windows, owner_calendars and acknowledgement_minutes; missing parts come from the schedule. No secrets.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
public sealed record NotificationDeliverRequest(
    string? Provider,
    string? GeneratedBy,
    bool? Force,
    JsonObject? RoutingPolicy,
    int? Retries,
    double? TimeoutSeconds) : IExample<NotificationDeliverRequest>
{
    public static NotificationDeliverRequest Example => new(
        ExampleValues.Provider, ExampleValues.GeneratedBy, true,
        new JsonObject { ["acknowledgement_minutes"] = 30 }, 2, 10);
}

/// <summary>
/// A notification plan and its delivery. <c>already_delivered</c> lists the selected providers that had already received
/// this plan and were not sent it again (empty with <c>force: true</c>); <c>delivery</c> covers only what was sent now.
/// </summary>
/// <param name="Schedule">The drill schedule report the plan was built from.</param>
/// <param name="Plan">The stored notification plan: plan_id, schedule_id, alert_level, eligible, selected and suppressed providers, route_decisions (one per owner and provider, with action deliver or suppress and the reason), counts.</param>
/// <param name="Delivery">The connector delivery, or null when no route was selected for delivery.</param>
/// <param name="PlanMetadata">The stored evidence record of the plan.</param>
/// <param name="Metadata">The stored evidence record of the delivery, or null when nothing was delivered.</param>
/// <param name="Success">Whether every selected connector accepted the delivery; true when nothing had to be delivered.</param>
/// <param name="EventId">The notification event's id: the schedule_id, or the plan_id without a schedule.</param>
/// <param name="AlreadyDelivered">Providers that had already received this plan and were not sent it again: when and by which delivery record.</param>
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
            foreach (var (field, message) in ScheduleRouting.PolicyProblems(policy, "routing_policy"))
            {
                context.AddFailure(field, message);
            }

            if (SecretScanner.FindInJson(policy, "routing_policy") is { } secret)
            {
                context.AddFailure("routing_policy", $"{secret.Path} {ProblemResponses.SecretMessage(secret.Kind)}");
            }
        });
    }
}

/// <summary>Body of <c>POST …/{schedule_id}/acknowledgements</c>: what an owner says about one delivered notification.</summary>
/// <param name="Provider">Required. The connector the notification was delivered through.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>acknowledged</c>; acknowledged and resolved settle the route.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="PlanId">The notification plan acknowledged (gordn- and 16 hex digits); default: the schedule's latest plan.</param>
public sealed record AcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.NotificationAcknowledgementStates))] string? AcknowledgementState,
    string? ExternalRef,
    string? Notes,
    string? PlanId) : IExample<AcknowledgeRequest>
{
    public static AcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "acknowledged", "INC-1234", "Owner paged; drill window confirmed.", ExampleValues.PlanId);
}

/// <summary>One route of a bulk acknowledgement; empty fields fall back to the request's.</summary>
/// <param name="ScheduleId">Required. The schedule_id of the notification acknowledged.</param>
/// <param name="Provider">Required. The connector the notification was delivered through.</param>
/// <param name="ExternalRef">This route's external reference; default: the request's external_ref.</param>
/// <param name="Notes">This route's notes; default: the request's notes.</param>
/// <param name="PlanId">This route's notification plan (gordn-…); default: the request's plan_id, else the schedule's latest plan.</param>
public sealed record BulkRoute(
    string? ScheduleId,
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? ExternalRef,
    string? Notes,
    string? PlanId) : IExample<BulkRoute>
{
    public static BulkRoute Example => new(ExampleValues.ScheduleId, ExampleValues.Provider, "INC-1234", "Acknowledged in the bridge call.", ExampleValues.PlanId);
}

/// <summary>Body of <c>POST …/acknowledgements/bulk</c>: one state for 1–100 routes; one invalid route stores nothing.</summary>
/// <param name="Routes">Required. 1–100 routes to acknowledge.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges every route; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">The state of every route; default <c>acknowledged</c>.</param>
/// <param name="ExternalRef">Default external reference of the routes; at most 200 characters.</param>
/// <param name="Notes">Default notes of the routes; at most 2000 characters, no secrets.</param>
/// <param name="PlanId">Default notification plan (gordn-…) of the routes.</param>
public sealed record BulkAcknowledgeRequest(
    IReadOnlyList<BulkRoute>? Routes,
    string? AcknowledgedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.NotificationAcknowledgementStates))] string? AcknowledgementState,
    string? ExternalRef,
    string? Notes,
    string? PlanId) : IExample<BulkAcknowledgeRequest>
{
    public static BulkAcknowledgeRequest Example => new(
        [BulkRoute.Example], ExampleValues.Operator, "acknowledged", "INC-1234", "Acknowledged in the bridge call.", ExampleValues.PlanId);
}

/// <summary>A stored acknowledgement.</summary>
/// <param name="Acknowledgement">The acknowledgement record: acknowledgement_id, the subject's id (schedule_id, health_id or retry_plan_id), plan_id, provider, acknowledgement_state, acknowledged_by, acknowledged_at, external_ref, notes.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null (the service has no authentication).</param>
public sealed record AcknowledgeResponse(JsonObject Acknowledgement, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>The acknowledgements stored by one bulk request.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-bulk-acknowledgement.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="BulkId">Id of this bulk request: gordbulkack-{count}-{first acknowledgement_id}.</param>
/// <param name="AcknowledgementState">The state every route was given.</param>
/// <param name="AcknowledgementCount">How many acknowledgements were stored.</param>
/// <param name="Acknowledgements">The acknowledgement records, in the order of the routes.</param>
/// <param name="Metadata">Their stored evidence records, in the same order.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record BulkAcknowledgeResponse(
    string SchemaVersion, string Product, string BulkId, string AcknowledgementState, int AcknowledgementCount,
    IReadOnlyList<JsonObject> Acknowledgements, IReadOnlyList<EvidenceEnvelope> Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST …/escalation-plan</c>.</summary>
/// <param name="Policy">Escalation policy: acknowledgement_minutes (default 60) or default_slo.acknowledgement_minutes, and per-owner owner_routes. No secrets.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record EscalationPlanRequest(JsonObject? Policy, string? GeneratedBy) : IExample<EscalationPlanRequest>
{
    public static EscalationPlanRequest Example => new(
        new JsonObject { ["acknowledgement_minutes"] = 30, ["default_slo"] = new JsonObject { ["acknowledgement_minutes"] = 30 } },
        ExampleValues.GeneratedBy);
}

/// <summary>A stored escalation plan.</summary>
/// <param name="Plan">The escalation plan: plan_id, alert_level, every delivered route of each schedule's latest plan with its latest acknowledgement, age against its SLO, breached or not, and the recommended action.</param>
/// <param name="Metadata">Its stored evidence record.</param>
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
    /// <summary>Only routes of this schedule_id (exact).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "schedule_id")]
    public string? ScheduleId { get; init; }

    /// <summary>Only routes to this connector (case-insensitive).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    /// <summary>Only routes whose owner or escalation owner contains this text (case-insensitive); at most 200 characters.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "owner")]
    public string? Owner { get; init; }

    /// <summary>Only routes with this action.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "action")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.RouteActions))]
    public string? Action { get; init; }

    /// <summary>Only routes of this category: deliver, or why the route was suppressed.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "category")]
    [OneOf(typeof(ContractValues), nameof(ContractValues.RouteCategories))]
    public string? Category { get; init; }

    /// <summary>Suppression trends only: who asks, recorded in the trend; default <c>unspecified</c> (recorded as such, never as the console).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    /// <summary>Routing history only: page size, 1–500, default 50.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>Routing history only: rows to skip, 0 or more, default 0.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "offset")]
    public int? Offset { get; init; }

    /// <summary>Suppression trends only: store the trend as evidence when true; default false (a read does not write unless asked).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "persist")]
    public bool? Persist { get; init; }

    internal NotificationRoutes.RouteFilter ToFilter() => new(
        Inputs.Trimmed(ScheduleId), Inputs.Trimmed(Provider) is { } provider ? ProviderNames.Normalize(provider) : null, Inputs.Trimmed(Owner), Inputs.Trimmed(Action), Inputs.Trimmed(Category));
}

public sealed class RouteQueryValidator : AbstractValidator<RouteQuery>
{
    public RouteQueryValidator()
    {
        RuleFor(q => q.Action).Must(a => string.IsNullOrEmpty(a) || ContractValues.RouteActions.Contains(a))
            .WithMessage($"'action' must be {string.Join(" or ", ContractValues.RouteActions)}");
        RuleFor(q => q.Category).Must(c => string.IsNullOrEmpty(c) || ContractValues.RouteCategories.Contains(c))
            .WithMessage($"'category' must be {string.Join(", ", ContractValues.RouteCategories)}");
        RuleFor(q => q.Owner).MaximumLength(200);
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(q => q.Limit).InclusiveBetween(1, History.HistoryQueryValidator.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
    }
}

/// <summary>A page of routing history, newest first.</summary>
/// <param name="SchemaVersion">cavra.go-backend-pilot.rollback-drill-routing-history.v1</param>
/// <param name="Product">Always cavra.</param>
/// <param name="Items">One row per route decision: route_id, created_at, plan_id, schedule_id, alert_level, provider, owner, escalation_owner, action, category, reason, acknowledgement_minutes, maintenance window and owner availability, next_due_at.</param>
/// <param name="Total">Exact number of rows the filters keep.</param>
/// <param name="Limit">The page size used.</param>
/// <param name="Offset">The rows skipped.</param>
/// <param name="Filters">The filters applied (schedule_id, provider, owner, action, category), after normalisation.</param>
public sealed record RouteHistoryResponse(
    string SchemaVersion, string Product, IReadOnlyList<JsonObject> Items, long Total, int Limit, int Offset, JsonObject Filters);

/// <summary>Suppression trends.</summary>
/// <param name="Trend">The trend: trend_id, alert_level (warning when anything was suppressed), suppression_event_count, counts by category, owner, provider and schedule, and the latest 20 suppressed routes.</param>
/// <param name="Metadata">The stored evidence record when persist=true, else null.</param>
public sealed record SuppressionTrendResponse(JsonObject Trend, EvidenceEnvelope? Metadata);

/// <summary>Body of <c>POST …/acknowledgements/audit-package</c>; every filter is optional.</summary>
/// <param name="ScheduleId">Only routes of this schedule_id.</param>
/// <param name="Provider">Only routes to this connector.</param>
/// <param name="Owner">Only routes whose owner or escalation owner contains this text (case-insensitive).</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record AuditPackageRequest(
    string? ScheduleId,
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? Owner,
    string? GeneratedBy) : IExample<AuditPackageRequest>
{
    public static AuditPackageRequest Example => new(ExampleValues.ScheduleId, ExampleValues.Provider, ExampleValues.Owner, ExampleValues.GeneratedBy);
}

/// <summary>A stored acknowledgement audit package.</summary>
/// <param name="AuditPackage">The package: audit_id, filters, route_count, counts per acknowledgement state, outstanding_count, alert_level (critical when anything is outstanding or escalated) and every delivered route with its latest acknowledgement.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
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

/// <summary>Body of <c>POST …/acknowledgements/audit-delivery</c>, "Deliver Audit".</summary>
/// <param name="ScheduleId">Package filter: only routes of this schedule_id.</param>
/// <param name="Provider">Package filter: only routes to this connector (or <c>all</c>); also the delivery target when delivery_provider is empty.</param>
/// <param name="Owner">Package filter: only routes whose owner or escalation owner contains this text.</param>
/// <param name="DeliveryProvider">Connectors to deliver the package to: <c>all</c> or a comma-separated list. Default: provider, else all. Wins over provider as the delivery target.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
/// <param name="Cadence">How often this audit is delivered (letters, digits, _ and -); default <c>on_demand</c>.</param>
/// <param name="ScheduleRef">A reference to the delivery schedule (change or calendar id); at most 200 characters.</param>
/// <param name="NextDeliveryAt">When the next audit delivery is planned, ISO-8601.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
public sealed record AuditDeliveryBody(
    string? ScheduleId, string? Provider, string? Owner, string? DeliveryProvider, string? GeneratedBy, string? Cadence,
    string? ScheduleRef, string? NextDeliveryAt, int? Retries, double? TimeoutSeconds) : IExample<AuditDeliveryBody>
{
    public static AuditDeliveryBody Example => new(
        ExampleValues.ScheduleId, ExampleValues.Provider, ExampleValues.Owner, ExampleValues.Provider, ExampleValues.GeneratedBy, "weekly",
        "CHG-2041", ExampleValues.Timestamp, 2, 10);
}

/// <summary>A delivered acknowledgement audit: package, delivery plan and delivery, stored together.</summary>
/// <param name="AuditPackage">The acknowledgement audit package (see audit-package).</param>
/// <param name="AuditMetadata">The package's stored evidence record.</param>
/// <param name="DeliveryPlan">The delivery plan: delivery_id, audit_id, cadence, schedule_ref, next_delivery_at, requested and selected providers, counts, alert_level.</param>
/// <param name="PlanMetadata">The delivery plan's stored evidence record.</param>
/// <param name="Delivery">The connector delivery, or null when no connector was selected.</param>
/// <param name="Metadata">The delivery's stored evidence record, or null.</param>
/// <param name="Success">Whether every selected connector accepted the delivery; false when none was selected.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
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
