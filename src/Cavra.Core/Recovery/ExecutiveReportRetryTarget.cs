using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;
using Cavra.Core.Retries;

namespace Cavra.Core.Recovery;

/// <summary>
/// The executive report delivery stream's worker target (reference J5): no gate; a retry sends the stored schedule
/// run's executive report event (<see cref="ExecutiveReports.Event"/>) again to the decision's provider.
/// </summary>
public sealed class ExecutiveReportRetryTarget(EvidenceQuery query, ConnectorCatalog catalog, ConnectorSender sender) : IRetryTarget
{
    public DeliveryStream Stream => DeliveryStreams.ExecutiveReport;

    public string GateRefusal => "executive report delivery retries have no gate";

    public Task<RetryGrant?> GrantAsync(JsonObject decision, CancellationToken cancellationToken) => Task.FromResult<RetryGrant?>(null);

    public async Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken)
    {
        var runId = (string?)decision["run_id"] ?? "";
        var stored = runId.Length == 0 ? null : await query.FindAsync(runId, cancellationToken);
        if (stored is null || stored.MetadataKind != RecoveryRecords.ExecutiveScheduleRun.Kind)
        {
            return Redelivery.Skip("recovery_executive_report_schedule_run_not_found");
        }

        var provider = ProviderNames.Normalize((string)decision["provider"]!);
        if (Redelivery.Undeliverable(catalog, provider) is { } skip)
        {
            return skip;
        }

        var run = stored.Record[RecoveryRecords.ExecutiveScheduleRun.PayloadKey]!.AsObject();
        var executiveEvent = ExecutiveReports.Event(run, ExecutiveReports.DefaultMaxRisks, context.GeneratedBy);
        SecretScanner.EnsureNone(executiveEvent);
        var delivery = await sender.DeliverAsync(executiveEvent, [provider], context.Options, cancellationToken);
        var deliveryDraft = ExecutiveReports.DeliveryRecord(delivery, run, new JsonObject
        {
            ["retry_plan_id"] = context.RetryPlanId,
            ["worker_run_id"] = context.RunId,
        });
        return new Redelivery(
            "", null, delivery, null, deliveryDraft,
            [$"go-rollback-drill-recovery-executive-report-schedule-run://{runId}", $"connector-delivery://{deliveryDraft.SessionId}"]);
    }
}
