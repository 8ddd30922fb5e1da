using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
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

    public Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken) =>
        Redelivery.OfStoredAsync(
            new StoredSource(query, catalog, sender, "run_id", RecoveryRecords.ExecutiveScheduleRun,
                "recovery_executive_report_schedule_run_not_found", "go-rollback-drill-recovery-executive-report-schedule-run"),
            decision, context,
            run => ExecutiveReports.Event(run, ExecutiveReports.DefaultMaxRisks, context.GeneratedBy),
            (delivery, run) => ExecutiveReports.DeliveryRecord(delivery, run, new JsonObject
            {
                ["retry_plan_id"] = context.RetryPlanId,
                ["worker_run_id"] = context.RunId,
            }),
            cancellationToken);
}
