using System.Text.Json;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Notifications;
using Cavra.Core.Recovery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromRouteAttribute = Microsoft.AspNetCore.Mvc.FromRouteAttribute;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Recovery;

/// <summary>Recovery escalations: plan, deliver to the escalation channels, acknowledge (reference I1–I3).</summary>
public static class RecoveryEscalationApi
{
    public static IEndpointRouteBuilder MapRecoveryEscalationApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Streams.StreamRouteCatalogue.AuditPrefix).WithTags("Recovery escalation");
        group.MapPost("/recovery-escalation-plan", PlanRecoveryEscalation).WithName(nameof(PlanRecoveryEscalation))
            .WithSummary("Plan Recovery Escalation: from the retry recovery report (not stored), a route per breached or open recovery and per provider with failed or skipped retry executions; selected_providers are the escalation channels (provider, else Cavra:Escalation:Providers), never the failing connectors.")
            .Validate<RecoveryEscalationPlanRequest>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_recovery_escalation_plan");
        group.MapPost("/recovery-escalations/{plan_id}/deliver", DeliverRecoveryEscalation).WithName(nameof(DeliverRecoveryEscalation))
            .WithSummary("Deliver Recovery Escalation: send a stored escalation plan (or a fresh one with plan_id latest) to the escalation channels; the event's id is the plan_id.")
            .Validate<RecoveryEscalationDeliverRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_recovery_escalation_deliver");
        group.MapPost("/recovery-escalations/{plan_id}/acknowledgements", AcknowledgeRecoveryEscalation).WithName(nameof(AcknowledgeRecoveryEscalation))
            .WithSummary("Ack Recovery Escalation: record an escalation channel owner's answer to a stored plan (acknowledged, accepted, deferred, escalated, resolved, dismissed); accepted, acknowledged and resolved allow a live escalation retry.")
            .Validate<RecoveryEscalationAcknowledgeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_recovery_escalation_acknowledge");
        return routes;
    }

    public static async Task<Ok<RecoveryEscalationPlanResponse>> PlanRecoveryEscalation(
        RecoveryEscalationPlanRequest request, RecoveryEscalations escalations, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (plan, record) = await escalations.PlanAsync(
            request.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(request.GeneratedBy),
            Inputs.Trimmed(request.Provider), cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RecoveryEscalationPlanResponse(
            JsonSerializer.Deserialize<RecoveryEscalationPlan>(plan, options)!, EvidenceEnvelope.From(record.Record, options), null));
    }

    public static async Task<Ok<RecoveryEscalationDeliveryResponse>> DeliverRecoveryEscalation(
        [FromRoute(Name = "plan_id")] string planId,
        RecoveryEscalationDeliverRequest request,
        RecoveryEscalations escalations,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var outcome = await escalations.DeliverAsync(
            planId,
            new EscalationDeliveryRequest(
                Inputs.Trimmed(request.Provider), request.MaxRoutes ?? RecoveryEscalations.DefaultMaxRoutes,
                request.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(request.GeneratedBy)),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RecoveryEscalationDeliveryResponse(
            JsonSerializer.Deserialize<RecoveryEscalationPlan>(outcome.Plan, options)!, outcome.Delivery, EvidenceEnvelope.From(outcome.PlanRecord.Record, options), EvidenceEnvelope.From(outcome.DeliveryRecord.Record, options),
            outcome.Delivery.Success, (string)outcome.Plan["plan_id"]!, null));
    }

    public static async Task<Ok<Notifications.AcknowledgeResponse>> AcknowledgeRecoveryEscalation(
        [FromRoute(Name = "plan_id")] string planId,
        RecoveryEscalationAcknowledgeRequest request,
        RecoveryEscalations escalations,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (acknowledgement, record) = await escalations.AcknowledgeAsync(
            planId,
            new AcknowledgementInput(
                request.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState,
                Inputs.Trimmed(request.ExternalRef), request.Notes, null),
            Inputs.Trimmed(request.EscalationReason),
            cancellationToken);
        return TypedResults.Ok(new Notifications.AcknowledgeResponse(acknowledgement, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }
}
