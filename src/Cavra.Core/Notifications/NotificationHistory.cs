using Cavra.Core.Closure;
using Cavra.Core.Evidence;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;

namespace Cavra.Core.Notifications;

/// <summary>A kind of record the history holds and the key its payload sits under.</summary>
public sealed record HistoryKind(string Kind, string PayloadKey);

/// <summary>
/// The records that make up the rollback-drill notification history (reference G1 base set, §4). The records of the
/// delivery streams and their health alerts come from the stream catalogue (<see cref="DeliveryStreams.All"/>), so a
/// stream added there is in the history, its filters and the console without an edit here.
/// </summary>
public static class NotificationHistory
{
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-notification-history.v1";

    /// <summary>
    /// The records of a stream's chain that are not the stream's own retry records: filtering the history by the stream's
    /// source keeps them too (for the audit source the package, delivery plans, approvals, recoveries and the recovery
    /// report, as the original did; for the recovery escalation source its plans and acknowledgements; for the executive
    /// report source the reports and their schedule runs).
    /// </summary>
    private static readonly Dictionary<string, HistoryKind[]> ChainRecords = new(StringComparer.Ordinal)
    {
        [DeliveryStreams.Audit.Source] =
        [
            new(AuditPackages.Kind, "acknowledgement_audit_package"),
            new(AuditDelivery.PlanKind, "acknowledgement_audit_delivery_plan"),
            Of(RetryApprovals.RetryAcknowledgement),
            Of(RetryApprovals.ApprovalPlan),
            Of(RetryApprovals.Decision),
            Of(ConnectorRecovery.Playbook),
            Of(ConnectorRecovery.Closure),
            Of(RecoveryRecords.Report),
        ],
        [DeliveryStreams.RecoveryEscalation.Source] = [Of(RecoveryRecords.EscalationPlan), Of(RecoveryRecords.EscalationAcknowledgement)],
        [DeliveryStreams.ExecutiveReport.Source] = [Of(RecoveryRecords.ExecutiveReport), Of(RecoveryRecords.ExecutiveScheduleRun)],
    };

    /// <summary>The records a stream writes itself: retry plans, worker runs, execution records and, when stored, its health.</summary>
    public static IEnumerable<HistoryKind> StreamRecords(DeliveryStream stream)
    {
        yield return Of(stream.RetryPlan);
        yield return Of(stream.WorkerRun);
        yield return Of(stream.ExecutionRecord);
        if (stream.Health is { Stored: true } health)
        {
            yield return Of(health.Record);
        }
    }

    /// <summary>The records of a health alert family: alert plans and acknowledgements.</summary>
    public static IEnumerable<HistoryKind> AlertRecords(HealthAlertStream alerts) => [Of(alerts.AlertPlan), Of(alerts.Acknowledgement)];

    /// <summary>Every kind of the history besides deliveries, in the order of the operator flow, with its payload key.</summary>
    public static readonly IReadOnlyList<HistoryKind> Kinds =
    [
        .. new HistoryKind[]
        {
            new(NotificationPlanner.Kind, "plan"), Of(Acknowledgements.Notification), new(EscalationPlanner.Kind, "escalation_plan"),
            new(NotificationRoutes.TrendKind, "routing_suppression_trend"),
        }
            .Concat(DeliveryStreams.All.SelectMany(s => ChainRecords.GetValueOrDefault(s.Source, [])
                .Concat(StreamRecords(s))
                .Concat(s.HealthAlerts is { } alerts ? AlertRecords(alerts) : [])))
            .Concat([Of(ClosureRecords.ReadinessSummary), Of(ClosureRecords.RunbookExport)])
            .DistinctBy(k => k.Kind, StringComparer.Ordinal),
    ];

    /// <summary>Every kind of the chain (reference §4) and every delivery source of the family.</summary>
    public static readonly RecordScope Scope = new(
        [.. Kinds.Select(k => k.Kind)],
        [
            .. new[] { NotificationDelivery.Source }
                .Concat(DeliveryStreams.All.Select(s => s.Source))
                .Concat(DeliveryStreams.AlertStreams.Select(a => a.Source))
                .Distinct(StringComparer.Ordinal),
        ]);

    /// <summary>
    /// Each stream's chain by its delivery source: filtering the history by the source keeps the deliveries of that
    /// source and the chain's own records (the stream's retry records and <see cref="ChainRecords"/>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, RecordScope> Chains = DeliveryStreams.All
        .GroupBy(s => s.Source, StringComparer.Ordinal)
        .ToDictionary(
            g => g.Key,
            g => new RecordScope(
                [.. ChainRecords.GetValueOrDefault(g.Key, []).Concat(g.SelectMany(StreamRecords)).Select(k => k.Kind).Distinct(StringComparer.Ordinal)],
                [g.Key]),
            StringComparer.Ordinal);

    /// <summary>The acknowledgement audit chain (filtering by the audit delivery source).</summary>
    public static RecordScope AuditChain => Chains[DeliveryStreams.Audit.Source];

    private static HistoryKind Of(RecordType type) => new(type.Kind, type.PayloadKey);

    private static HistoryKind Of(AcknowledgementKind type) => new(type.Kind, type.PayloadKey);
}
