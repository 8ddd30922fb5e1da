using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.Retries;

namespace Cavra.Api.OpenApi;

/// <summary>
/// Allowed values of request members that Core does not hold as a list of their own; validators and
/// <see cref="Cavra.Core.OneOfAttribute"/> both read them from here.
/// </summary>
public static class ContractValues
{
    public static readonly IReadOnlyList<string> AlertLevels = ["healthy", "warning", "critical"];

    public static readonly IReadOnlyList<string> RouteActions = ["deliver", "suppress"];

    /// <summary>A delivered route's category is <c>deliver</c>; a suppressed one names why.</summary>
    public static readonly IReadOnlyList<string> RouteCategories = ["deliver", .. NotificationRoutes.SuppressionCategories];

    public static IReadOnlyList<string> NotificationAcknowledgementStates => Acknowledgements.Notification.States;

    public static IReadOnlyList<string> WorkerAlertAcknowledgementStates => DeliveryStreams.AuditWorkerHealth.Acknowledgement.States;

    public static IReadOnlyList<string> RetryAcknowledgementStates => RetryApprovals.RetryAcknowledgement.States;

    /// <summary>Every state an acknowledgement of the notification history can be in (every health alert family's included).</summary>
    public static IReadOnlyList<string> HistoryAcknowledgementStates =>
        [.. NotificationAcknowledgementStates.Union(WorkerAlertAcknowledgementStates).Union(RetryAcknowledgementStates)
            .Union(Cavra.Core.Recovery.RecoveryRecords.EscalationAcknowledgement.States)
            .Union(DeliveryStreams.AlertStreams.SelectMany(a => a.Acknowledgement.States))];

    /// <summary>Kinds of the notification history, deliveries included.</summary>
    public static IReadOnlyList<string> HistoryKinds => [.. NotificationHistory.Scope.Kinds, RecordScope.DeliveryKind];

    /// <summary>The history's kinds with the key each payload sits under (the console's kind list), deliveries included.</summary>
    public static IReadOnlyList<HistoryKind> HistoryPayloads => [.. NotificationHistory.Kinds, new(RecordScope.DeliveryKind, "delivery")];

    public static IReadOnlyList<string> HistoryDeliverySources => [.. NotificationHistory.Scope.DeliverySources];

    /// <summary>Kinds of the health alert histories, deliveries included; each route keeps its own family's (a 400 names them).</summary>
    public static IReadOnlyList<string> WorkerAlertKinds =>
        [.. DeliveryStreams.AlertStreams.SelectMany(a => HealthAlerts.Scope(a).Kinds), RecordScope.DeliveryKind];
}
