using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;

namespace Cavra.Core.Recovery;

/// <summary>
/// The recovery escalation stream's worker target (reference I5): a live retry needs the latest escalation
/// acknowledgement for the same (plan_id, provider) to be accepted, acknowledged or resolved; a retry sends the stored
/// plan's escalation event (<see cref="RecoveryEscalations.Event"/>) again to the decision's provider.
/// </summary>
public sealed class RecoveryEscalationRetryTarget(EvidenceQuery query, ConnectorCatalog catalog, ConnectorSender sender) : IRetryTarget
{
    public DeliveryStream Stream => DeliveryStreams.RecoveryEscalation;

    public string GateRefusal =>
        $"acknowledgement required: the latest escalation acknowledgement for this plan_id and provider is not {string.Join(", ", RecoveryRecords.LiveRetryStates)}";

    public async Task<RetryGrant?> GrantAsync(JsonObject decision, CancellationToken cancellationToken)
    {
        var planId = (string?)decision["plan_id"];
        if (string.IsNullOrEmpty(planId))
        {
            return null;
        }

        // The latest acknowledgement decides: a later dismissal revokes an earlier acceptance.
        var latest = await query.LatestAsync(new RecordFilter
        {
            Kinds = [RecoveryRecords.EscalationAcknowledgement.Kind],
            PlanId = planId,
            Provider = ProviderNames.Normalize((string)decision["provider"]!),
        }, cancellationToken);
        return latest is not null && RecoveryRecords.LiveRetryStates.Contains((string?)latest.Record["acknowledgement_state"] ?? "")
            ? new RetryGrant(latest.SessionId, "", $"{Stream.Gate!.GrantRefScheme}://{latest.SessionId}")
            : null;
    }

    public Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken) =>
        Redelivery.OfStoredAsync(
            new StoredSource(query, catalog, sender, "plan_id", RecoveryRecords.EscalationPlan, "recovery_escalation_plan_not_found",
                "go-rollback-drill-recovery-escalation"),
            decision, context,
            plan => RecoveryEscalations.Event(plan, RecoveryEscalations.DefaultMaxRoutes, context.GeneratedBy),
            (delivery, plan) => RecoveryEscalations.DeliveryRecord(delivery, (string)plan["plan_id"]!, new JsonObject
            {
                ["retry_plan_id"] = context.RetryPlanId,
                ["worker_run_id"] = context.RunId,
            }),
            cancellationToken);
}
