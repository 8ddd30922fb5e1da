using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Retries;

/// <summary>
/// The worker target of a stream's health alert re-deliveries (reference I12, J12): no gate, and a retry re-sends the
/// alert about the stored health state it failed to deliver, rebuilt from the stored health and alert plan. The
/// original never stored that health, so its re-delivery always skipped; ours stores it with the alert.
/// </summary>
public sealed class HealthAlertRetryTarget(DeliveryStream owner, EvidenceQuery query, ConnectorCatalog catalog, ConnectorSender sender) : IRetryTarget
{
    public DeliveryStream Stream { get; } = HealthAlerts.Alerts(owner).Retries
        ?? throw new InvalidOperationException($"stream {owner.Name} has no health alert re-delivery stream");

    public string GateRefusal => "health alert re-deliveries have no gate";

    public Task<RetryGrant?> GrantAsync(JsonObject decision, CancellationToken cancellationToken) => Task.FromResult<RetryGrant?>(null);

    public async Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken)
    {
        var alerts = HealthAlerts.Alerts(owner);
        var healthId = (string?)decision["health_id"] ?? "";
        var health = await FindAsync(healthId, WorkerHealth.Profile(owner).Record, cancellationToken);
        if (health is null)
        {
            return Redelivery.Skip($"{owner.Name}_retry_health_not_found");
        }

        var plan = await FindAsync((string?)decision["plan_id"] ?? "", alerts.AlertPlan, cancellationToken);
        if (plan is null)
        {
            return Redelivery.Skip($"{owner.Name}_retry_health_alert_plan_not_found");
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

        var alertEvent = HealthAlerts.Event(owner, health, plan, HealthAlerts.DefaultMaxAlerts, context.Now);
        SecretScanner.EnsureNone(alertEvent);
        var delivery = await sender.DeliverAsync(alertEvent, [provider], context.Options, cancellationToken);
        var deliveryDraft = ConnectorDeliveryRecord.Build(delivery, alerts.Source, new JsonObject
        {
            ["health_id"] = healthId,
            ["plan_id"] = plan["plan_id"]!.DeepClone(),
            ["retry_plan_id"] = context.RetryPlanId,
            ["worker_run_id"] = context.RunId,
        });
        return new Redelivery("", null, delivery, null, deliveryDraft, [$"health://{healthId}", $"connector-delivery://{deliveryDraft.SessionId}"]);
    }

    private async Task<JsonObject?> FindAsync(string id, RecordType type, CancellationToken cancellationToken)
    {
        var stored = id.Length == 0 ? null : await query.FindAsync(id, cancellationToken);
        return stored is null || stored.MetadataKind != type.Kind ? null : stored.Record[type.PayloadKey]?.AsObject();
    }
}
