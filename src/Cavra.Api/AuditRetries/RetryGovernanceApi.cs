using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Streams;
using Cavra.Core;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromRouteAttribute = Microsoft.AspNetCore.Mvc.FromRouteAttribute;
using Microsoft.Extensions.Options;

namespace Cavra.Api.AuditRetries;

/// <summary>Retry governance: acknowledgement → approval plan → approval decision (reference E1–E3).</summary>
public static class RetryGovernanceApi
{
    public static IEndpointRouteBuilder MapRetryGovernanceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Streams.StreamRouteCatalogue.AuditPrefix).WithTags("Audit retry governance");
        group.MapPost("/retry-plans/{retry_plan_id}/acknowledgements", AcknowledgeRetry).WithName(nameof(AcknowledgeRetry))
            .WithSummary("Ack Retry: accept, defer, escalate, resolve or dismiss one decision of a stored retry plan (review only; nothing is sent).")
            .Validate<RetryAcknowledgeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_retry_acknowledge");
        group.MapPost("/retry-execution-approval-plan", PlanRetryApproval).WithName(nameof(PlanRetryApproval))
            .WithSummary("Plan Retry Approval: for each retry or wait decision of the latest retry plan, whether it is already approved, waits for a retry acknowledgement, or needs approval.")
            .Validate<ApprovalPlanRequest>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_retry_execution_approval_plan");
        group.MapPost("/retry-execution-approval-plans/{approval_plan_id}/decisions", ApproveRetry).WithName(nameof(ApproveRetry))
            .WithSummary("Approve Retry: approve, deny, defer or expire the live retry of one provider, delivery and audit of a stored approval plan. An approval authorises one live execution.")
            .Validate<ApprovalDecisionRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_retry_execution_approval_decision");
        return routes;
    }

    public static async Task<Ok<Notifications.AcknowledgeResponse>> AcknowledgeRetry(
        [FromRoute(Name = "retry_plan_id")] string retryPlanId,
        RetryAcknowledgeRequest request,
        RetryApprovals approvals,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (acknowledgement, record) = await approvals.AcknowledgeAsync(
            retryPlanId,
            new RetryAcknowledgementInput(
                request.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState, Inputs.Trimmed(request.DeliveryId),
                Inputs.Trimmed(request.AuditId), request.ExternalRef, request.Notes),
            cancellationToken);
        return TypedResults.Ok(new Notifications.AcknowledgeResponse(acknowledgement, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<RetryPlanResponse>> PlanRetryApproval(
        ApprovalPlanRequest request, RetryApprovals approvals, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (plan, record) = await approvals.PlanAsync(
            request.ApprovalPolicy?.RequireRetryAck ?? true, Actors.OrUnspecified(request.GeneratedBy), cancellationToken);
        return TypedResults.Ok(new RetryPlanResponse(plan, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<ApprovalDecisionResponse>> ApproveRetry(
        [FromRoute(Name = "approval_plan_id")] string approvalPlanId,
        ApprovalDecisionRequest request,
        RetryApprovals approvals,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (decision, record) = await approvals.DecideAsync(
            approvalPlanId,
            new ApprovalDecisionInput(
                request.Provider!, Actors.Required(Inputs.Trimmed(request.DecidedBy) ?? request.ApprovedBy, "decided_by"), request.ApprovalState,
                Inputs.Trimmed(request.RetryPlanId), Inputs.Trimmed(request.DeliveryId), Inputs.Trimmed(request.AuditId), request.ExternalRef, request.Notes),
            cancellationToken);
        return TypedResults.Ok(new ApprovalDecisionResponse(decision, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }
}
