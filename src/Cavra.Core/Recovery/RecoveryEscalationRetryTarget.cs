using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;
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

    public async Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken)
    {
        var planId = (string?)decision["plan_id"] ?? "";
        var stored = planId.Length == 0 ? null : await query.FindAsync(planId, cancellationToken);
        if (stored is null || stored.MetadataKind != RecoveryRecords.EscalationPlan.Kind)
        {
            return Redelivery.Skip("recovery_escalation_plan_not_found");
        }

        if (!catalog.IsConfigured)
        {
            return Redelivery.Skip("connector_config_not_configured");
        }

        var provider = ProviderNames.Normalize((string)decision["provider"]!);
        if (!catalog.EnabledNames.Contains(provider))
        {
            return Redelivery.Skip("connector_not_enabled");
        }

        var plan = stored.Record[RecoveryRecords.EscalationPlan.PayloadKey]!.AsObject();
        var escalation = RecoveryEscalations.Event(plan, RecoveryEscalations.DefaultMaxRoutes, context.GeneratedBy);
        SecretScanner.EnsureNone(escalation);
        var delivery = await sender.DeliverAsync(escalation, [provider], context.Options, cancellationToken);
        var deliveryDraft = RecoveryEscalations.DeliveryRecord(delivery, planId, new JsonObject
        {
            ["retry_plan_id"] = context.RetryPlanId,
            ["worker_run_id"] = context.RunId,
        });
        return new Redelivery(
            "", null, delivery, null, deliveryDraft,
            [$"go-rollback-drill-recovery-escalation://{planId}", $"connector-delivery://{deliveryDraft.SessionId}"]);
    }
}
