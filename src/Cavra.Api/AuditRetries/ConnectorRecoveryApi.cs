using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromRouteAttribute = Microsoft.AspNetCore.Mvc.FromRouteAttribute;
using Microsoft.Extensions.Options;

namespace Cavra.Api.AuditRetries;

/// <summary>Connector recovery: playbooks and closures (reference F1–F2).</summary>
public static class ConnectorRecoveryApi
{
    public static IEndpointRouteBuilder MapConnectorRecoveryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Streams.StreamRouteCatalogue.AuditPrefix).WithTags("Connector recovery");
        group.MapPost("/connector-recovery-playbook", BuildRecoveryPlaybook).WithName(nameof(BuildRecoveryPlaybook))
            .WithSummary("Recovery Playbook: per provider that failed at least min_failure_count times in the lookback window, its category, status codes and recovery steps. Guidance only.")
            .Validate<RecoveryPlaybookRequest>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_connector_recovery_playbook");
        group.MapPost("/connector-recovery-playbooks/{playbook_id}/closures", CloseRecovery).WithName(nameof(CloseRecovery))
            .WithSummary("Close Recovery: record how one provider's recovery of a stored playbook ended (resolved, mitigated, deferred, escalated, reopened), with an external reference and verification references.")
            .Validate<RecoveryClosureRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_connector_recovery_closure");
        return routes;
    }

    public static async Task<Ok<RecoveryPlaybookResponse>> BuildRecoveryPlaybook(
        RecoveryPlaybookRequest request, ConnectorRecovery recovery, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (playbook, record) = await recovery.PlaybookAsync(
            request.MinFailureCount ?? 2, request.LookbackHours ?? 24, Actors.OrUnspecified(request.GeneratedBy), cancellationToken);
        return TypedResults.Ok(new RecoveryPlaybookResponse(playbook, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<RecoveryClosureResponse>> CloseRecovery(
        [FromRoute(Name = "playbook_id")] string playbookId,
        RecoveryClosureRequest request,
        ConnectorRecovery recovery,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (closure, record) = await recovery.CloseAsync(
            playbookId,
            new RecoveryClosureInput(
                request.Provider!, Actors.Required(request.ClosedBy, "closed_by"), request.ClosureState, request.ExternalRef, request.Notes,
                [.. (request.VerificationRefs ?? []).Select(Inputs.Trimmed).OfType<string>()],
                Inputs.Trimmed(request.Override?.Reason)),
            cancellationToken);
        return TypedResults.Ok(new RecoveryClosureResponse(closure, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }
}
