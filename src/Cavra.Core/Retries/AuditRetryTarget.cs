using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Retries;

/// <summary>
/// The audit stream's worker target (reference C2): a live retry needs the latest approval decision for the same
/// (provider, delivery_id, audit_id) to be <c>approved</c>; a retry re-delivers the stored audit package through a
/// new delivery plan to the decision's provider.
/// </summary>
public sealed class AuditRetryTarget(EvidenceQuery query, ConnectorCatalog catalog, ConnectorSender sender) : IRetryTarget
{
    public DeliveryStream Stream => DeliveryStreams.Audit;

    public string GateRefusal => "approval required: no unused approved retry decision for this provider, delivery_id and audit_id";

    public async Task<RetryGrant?> GrantAsync(JsonObject decision, CancellationToken cancellationToken)
    {
        var approved = await RetryApprovals.ApprovedAsync(
            query, (string)decision["provider"]!, (string?)decision["delivery_id"], (string?)decision["audit_id"], cancellationToken);
        return approved is null
            ? null
            : new RetryGrant(approved.SessionId, (string?)approved.Record["approval_plan_id"] ?? "", $"go-rollback-drill-retry-approval://{approved.SessionId}");
    }

    public async Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken)
    {
        var auditId = (string?)decision["audit_id"] ?? "";
        var package = auditId.Length == 0 ? null : await query.FindAsync(auditId, cancellationToken);
        if (package is null || package.MetadataKind != AuditPackages.Kind)
        {
            return Redelivery.Skip("audit_package_not_found");
        }

        var provider = ProviderNames.Normalize((string)decision["provider"]!);
        if (Redelivery.Undeliverable(catalog, provider) is { } skip)
        {
            return skip;
        }

        var packageJson = package.Record["acknowledgement_audit_package"]!.AsObject();
        var request = new AuditDeliveryRequest(
            new AuditFilter(null, null, null), [provider], context.GeneratedBy, "retry", $"retry:{context.RunId}", null);
        var plan = AuditDelivery.Plan(packageJson, [provider], request, context.Now);
        var auditEvent = AuditDelivery.Event(packageJson, plan, context.Now);
        SecretScanner.EnsureNone(auditEvent);
        var delivery = await sender.DeliverAsync(auditEvent, [provider], context.Options, cancellationToken);
        var targetDeliveryId = (string)decision["delivery_id"]!;
        // The retry delivery keeps the id of the delivery it retries, so repeated failures count towards the same
        // retry key (and its attempt limit) and a success settles it.
        var deliveryDraft = ConnectorDeliveryRecord.Build(delivery, AuditDelivery.Source, new JsonObject
        {
            ["audit_id"] = auditId,
            ["delivery_id"] = targetDeliveryId,
            ["delivery_plan_id"] = plan["delivery_id"]!.DeepClone(),
            ["retry_plan_id"] = context.RetryPlanId,
            ["worker_run_id"] = context.RunId,
            ["cadence"] = "retry",
        });
        return new Redelivery(
            "", plan, delivery, AuditDelivery.PlanRecord(plan, context.Now), deliveryDraft,
            [$"go-rollback-drill-audit-delivery://{targetDeliveryId}", $"connector-delivery://{deliveryDraft.SessionId}"]);
    }
}
