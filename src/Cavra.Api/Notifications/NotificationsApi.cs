using System.Text.Json.Nodes;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Notifications;

/// <summary>Rollback-drill notifications: plan and deliver (A1), acknowledge one route (A2) or many (A3).</summary>
public static class NotificationsApi
{
    public const string Prefix = "/runtime/go-pilot/rollback-drill-notifications";

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Notifications");
        group.MapPost("/deliver", DeliverNotifications).WithName(nameof(DeliverNotifications))
            .WithSummary("Plan rollback-drill notifications from the schedule (owner routes, SLOs, maintenance windows, calendars) and deliver them to the selected connectors; plan and delivery are stored as evidence.")
            .Validate<NotificationDeliverRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("go_rollback_drill_notifications");
        group.MapPost("/{schedule_id}/acknowledgements", AcknowledgeNotification).WithName(nameof(AcknowledgeNotification))
            .WithSummary("Acknowledge, escalate, resolve or dismiss a delivered drill notification for one provider.")
            .Validate<AcknowledgeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledge");
        group.MapPost("/acknowledgements/bulk", AcknowledgeNotificationsInBulk).WithName(nameof(AcknowledgeNotificationsInBulk))
            .WithSummary("Acknowledge 1–100 routes at once; one invalid route stores nothing.")
            .Validate<BulkAcknowledgeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_bulk_acknowledge");
        group.MapGet("/routes", GetRoutingHistory).WithName(nameof(GetRoutingHistory))
            .WithSummary("Routing history: one row per route decision of every stored plan, newest first, filtered by schedule, provider, owner (substring), action and category.")
            .Validate<RouteQuery>()
            .ForConsole("go_rollback_drill_notification_routes");
        group.MapGet("/suppression-trends", GetSuppressionTrends).WithName(nameof(GetSuppressionTrends))
            .WithSummary("Suppression trends: suppressed routes counted by category, owner, provider and schedule; stored as evidence with persist=true.")
            .Validate<RouteQuery>()
            .ForConsole("go_rollback_drill_notification_suppression_trends");
        group.MapPost("/acknowledgements/audit-package", BuildAuditPackage).WithName(nameof(BuildAuditPackage))
            .WithSummary("Acknowledgement audit package: every delivered route with its latest acknowledgement, counts per state and what is outstanding.")
            .Validate<AuditPackageRequest>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit");
        group.MapPost("/acknowledgements/audit-delivery", DeliverAudit).WithName(nameof(DeliverAudit))
            .WithSummary("Deliver Audit: build the acknowledgement audit package and deliver it (without route notes) to the selected connectors; package, delivery plan and delivery are stored together.")
            .Validate<AuditDeliveryBody>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_delivery");
        group.MapPost("/escalation-plan", PlanEscalation).WithName(nameof(PlanEscalation))
            .WithSummary("Missed-acknowledgement escalation: every delivered route of each schedule's latest plan, its latest acknowledgement, age against its SLO, and the recommended action.")
            .Validate<EscalationPlanRequest>()
            .ForConsole("go_rollback_drill_notification_escalation_plan");
        return routes;
    }

    public static async Task<Ok<NotificationDeliverResponse>> DeliverNotifications(
        NotificationDeliverRequest request, NotificationDelivery notifications, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var providers = string.IsNullOrWhiteSpace(request.Provider) || request.Provider.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? []
            : ProviderNames.ParseList(request.Provider);
        var outcome = await notifications.DeliverAsync(
            new NotificationRequest(providers, Actors.OrUnspecified(request.GeneratedBy), request.Force ?? false, request.RoutingPolicy),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new NotificationDeliverResponse(
            outcome.Schedule,
            outcome.Plan,
            outcome.Delivery,
            EvidenceEnvelope.From(outcome.PlanRecord.Record, options),
            EvidenceEnvelope.OfStored(outcome.DeliveryRecord, options),
            outcome.Success,
            outcome.EventId,
            outcome.AlreadyDelivered));
    }

    public static async Task<Ok<AcknowledgeResponse>> AcknowledgeNotification(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "schedule_id")] string scheduleId,
        AcknowledgeRequest request,
        NotificationAcknowledger acknowledger,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var input = new AcknowledgementInput(
            request.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState, request.ExternalRef, request.Notes,
            Inputs.Trimmed(request.PlanId));
        var (acknowledgement, record) = (await acknowledger.AcknowledgeAsync([(scheduleId, input)], bulk: false, cancellationToken))[0];
        return TypedResults.Ok(new AcknowledgeResponse(acknowledgement, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<BulkAcknowledgeResponse>> AcknowledgeNotificationsInBulk(
        BulkAcknowledgeRequest request, NotificationAcknowledger acknowledger, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var routes = request.Routes!.Select(r => (r.ScheduleId!, new AcknowledgementInput(
            r.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState, r.ExternalRef ?? request.ExternalRef,
            r.Notes ?? request.Notes, Inputs.Trimmed(r.PlanId) ?? Inputs.Trimmed(request.PlanId)))).ToList();
        var stored = await acknowledger.AcknowledgeAsync(routes, bulk: true, cancellationToken);
        var options = json.Value.SerializerOptions;
        var first = (string)stored[0].Acknowledgement["acknowledgement_id"]!;
        return TypedResults.Ok(new BulkAcknowledgeResponse(
            "cavra.go-backend-pilot.rollback-drill-bulk-acknowledgement.v1", Cavra.Core.Evidence.EvidenceStore.Product,
            $"gordbulkack-{stored.Count}-{first}",
            Acknowledgements.NormalizeState(Acknowledgements.Notification, request.AcknowledgementState),
            stored.Count,
            [.. stored.Select(s => s.Acknowledgement)],
            [.. stored.Select(s => EvidenceEnvelope.From(s.Record.Record, options))],
            null));
    }


    public static async Task<Ok<EscalationPlanResponse>> PlanEscalation(
        EscalationPlanRequest request, EscalationPlanner planner, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (plan, record) = await planner.PlanAsync(
            request.Policy, Actors.OrUnspecified(request.GeneratedBy), cancellationToken);
        return TypedResults.Ok(new EscalationPlanResponse(plan, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions)));
    }

    public static async Task<Ok<RouteHistoryResponse>> GetRoutingHistory(
        [AsParameters] RouteQuery query, NotificationRoutes routes, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var filter = query.ToFilter();
        var (total, items) = await routes.HistoryAsync(filter, limit, offset, cancellationToken);
        return TypedResults.Ok(new RouteHistoryResponse(
            NotificationRoutes.HistorySchema, Cavra.Core.Evidence.EvidenceStore.Product, items, total, limit, offset,
            new JsonObject
            {
                ["schedule_id"] = filter.ScheduleId, ["provider"] = filter.Provider, ["owner"] = filter.Owner,
                ["action"] = filter.Action, ["category"] = filter.Category,
            }));
    }

    public static async Task<Ok<SuppressionTrendResponse>> GetSuppressionTrends(
        [AsParameters] RouteQuery query, NotificationRoutes routes, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (trend, record) = await routes.TrendAsync(
            query.ToFilter(), Actors.OrUnspecified(query.GeneratedBy), query.Persist ?? false, cancellationToken);
        return TypedResults.Ok(new SuppressionTrendResponse(
            trend, EvidenceEnvelope.OfStored(record, json.Value.SerializerOptions)));
    }

    public static async Task<Ok<AuditPackageResponse>> BuildAuditPackage(
        AuditPackageRequest request, AuditPackages packages, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var filter = new AuditFilter(
            Inputs.Trimmed(request.ScheduleId), Inputs.Trimmed(request.Provider) is { } provider ? ProviderNames.Normalize(provider) : null, Inputs.Trimmed(request.Owner));
        var (package, record) = await packages.BuildAsync(filter, Actors.OrUnspecified(request.GeneratedBy), cancellationToken);
        return TypedResults.Ok(new AuditPackageResponse(package, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<AuditDeliveryResponse>> DeliverAudit(
        AuditDeliveryBody request, AuditDelivery audits, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var provider = Inputs.Trimmed(request.Provider) is { } p && p != "all" ? ProviderNames.Normalize(p) : null;
        var target = Inputs.Trimmed(request.DeliveryProvider) ?? provider ?? "all";
        var outcome = await audits.DeliverAsync(
            new AuditDeliveryRequest(
                new AuditFilter(Inputs.Trimmed(request.ScheduleId), provider, Inputs.Trimmed(request.Owner)),
                target == "all" ? [] : ProviderNames.ParseList(target),
                Actors.OrUnspecified(request.GeneratedBy),
                Inputs.Trimmed(request.Cadence) ?? "on_demand",
                Inputs.Trimmed(request.ScheduleRef),
                Inputs.Trimmed(request.NextDeliveryAt)),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new AuditDeliveryResponse(
            outcome.Package, EvidenceEnvelope.From(outcome.PackageRecord.Record, options),
            outcome.Plan, EvidenceEnvelope.From(outcome.PlanRecord.Record, options),
            outcome.Delivery, EvidenceEnvelope.OfStored(outcome.DeliveryRecord, options),
            outcome.Success, null));
    }
}
