using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Cavra.Core.Streams;

namespace Cavra.Core.Notifications;

/// <summary>
/// How a dashboard counter is measured: a count of matching records, a sum of one of their counts, or (with
/// <paramref name="LatestOnly"/>) that count of the newest matching record — the current state rather than history.
/// </summary>
public sealed record DashboardCounter(string Field, RecordFilter Filter, RecordCount? Sum = null, bool LatestOnly = false);

/// <summary>
/// The main dashboard (reference G2, §5). Counters are declared, not coded: each later stage adds its entries to
/// <see cref="Counters"/>. Every counter is one indexed database query over all records, so numbers stay exact.
/// </summary>
public sealed class NotificationDashboard(EvidenceQuery query, StreamStatus status, TimeProvider clock)
{
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-notification-dashboard.v1";
    private const string AuditSource = "go_backend_rollback_drill_acknowledgement_audit";
    private const string AuditKind = "go-backend-rollback-drill-acknowledgement-audit-delivery";

    private static RecordFilter Kind(string kind) => RecordFilter.OfKind(kind);

    // Only delivery records carry a delivery source: filtering on it alone keeps the count inside its index.
    private static RecordFilter Deliveries(string? source = null, bool? success = null) => new()
    {
        DeliverySources = source is null ? NotificationHistory.Scope.DeliverySources : [source],
        DeliverySuccess = success,
    };

    public static readonly IReadOnlyList<DashboardCounter> Counters =
    [
        new("plan_count", Kind(NotificationPlanner.Kind)),
        new("delivery_count", Deliveries()),
        new("notification_delivery_count", Deliveries(NotificationDelivery.Source)),
        new("failed_delivery_count", Deliveries(success: false)),
        new("acknowledgement_count", Kind(Acknowledgements.Notification.Kind)),
        new("escalation_plan_count", Kind(EscalationPlanner.Kind)),
        new("acknowledgement_audit_package_count", Kind("go-backend-rollback-drill-acknowledgement-audit-package")),
        new("acknowledgement_audit_delivery_plan_count", Kind($"{AuditKind}-plan")),
        new("acknowledgement_audit_delivery_count", Deliveries(AuditSource)),
        new("failed_acknowledgement_audit_delivery_count", Deliveries(AuditSource, success: false)),
        new("acknowledgement_audit_delivery_success_count", Deliveries(AuditSource, success: true)),

        // Audit retry governance (reference §5).
        new("acknowledgement_audit_delivery_retry_plan_count", Kind(Audit.RetryPlan.Kind)),
        // Every worker run stores a retry plan, so a sum over plans would count one failure many times: what is
        // retryable now is the latest plan's count.
        new("acknowledgement_audit_delivery_retryable_count", Kind(Audit.RetryPlan.Kind), RecordCount.ApprovalRequiredCount, LatestOnly: true),
        new("acknowledgement_audit_delivery_retry_ack_count", Kind(RetryApprovals.RetryAcknowledgement.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approval_plan_count", Kind(RetryApprovals.ApprovalPlan.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approval_decision_count", Kind(RetryApprovals.Decision.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approved_count", Kind(RetryApprovals.Decision.Kind) with { State = RetryApprovals.Approved }),
        new("acknowledgement_audit_delivery_retry_execution_record_count", Kind(Audit.ExecutionRecord.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_success_count", Kind(Audit.ExecutionRecord.Kind) with { State = "delivered" }),
        new("acknowledgement_audit_delivery_retry_execution_failed_count", Kind(Audit.ExecutionRecord.Kind) with { States = ["failed", "skipped"] }),
        new("acknowledgement_audit_delivery_connector_recovery_playbook_count", Kind(ConnectorRecovery.Playbook.Kind)),
        new("acknowledgement_audit_delivery_connector_recovery_closure_count", Kind(ConnectorRecovery.Closure.Kind)),
        new("acknowledgement_audit_delivery_connector_recovery_closed_count", Kind(ConnectorRecovery.Closure.Kind) with { States = ConnectorRecovery.ClosedStates }),

        // Worker and worker-health alerts.
        new("acknowledgement_audit_delivery_worker_run_count", Kind(Audit.WorkerRun.Kind)),
        new("acknowledgement_audit_delivery_worker_dry_run_count", Kind(Audit.WorkerRun.Kind) with { DryRun = true }),
        new("acknowledgement_audit_delivery_worker_executed_count", Kind(Audit.WorkerRun.Kind) with { DryRun = false }),
        new("acknowledgement_audit_delivery_worker_health_alert_count", Kind(DeliveryStreams.AuditWorkerHealth.AlertPlan.Kind)),
        new("acknowledgement_audit_delivery_worker_health_alert_ack_count", Kind(DeliveryStreams.AuditWorkerHealth.Acknowledgement.Kind)),
        new("acknowledgement_audit_delivery_worker_health_alert_delivery_count", Deliveries(DeliveryStreams.AuditWorkerHealth.Source)),
    ];

    private static DeliveryStream Audit => DeliveryStreams.Audit;

    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    /// <summary>Drill notification deliveries: a failure is open until a later delivery of the same schedule to the provider succeeds.</summary>
    private static readonly DeliveryLedger Notifications = new(NotificationDelivery.Source, ["schedule_id"], null);

    private static readonly NextAction Redeliver = new("Deliver Notifications", $"POST {P}/deliver",
        "Deliver the drill notification again once the connector works.");

    private static readonly NextAction Acknowledge = new("Ack Notification", $"POST {P}/{{schedule_id}}/acknowledgements",
        "Record each owner's acknowledgement (acknowledged or resolved) of the latest notification plan.");

    public async Task<JsonObject> BuildAsync(CancellationToken cancellationToken = default)
    {
        var dashboard = new JsonObject
        {
            ["schema_version"] = Schema,
            ["product"] = EvidenceStore.Product,
            ["generated_at"] = EvidenceTime.ToText(clock.GetUtcNow()),
        };
        foreach (var counter in Counters)
        {
            dashboard[counter.Field] = counter switch
            {
                { Sum: { } column, LatestOnly: true } => await LatestCountAsync(counter.Filter, column, cancellationToken),
                { Sum: { } column } => await query.SumAsync(counter.Filter, column, cancellationToken),
                _ => await query.CountAsync(counter.Filter, cancellationToken),
            };
        }

        var attempts = (long)dashboard["acknowledgement_audit_delivery_count"]!;
        dashboard["acknowledgement_audit_delivery_success_rate"] = attempts == 0
            ? null
            : Math.Round((long)dashboard["acknowledgement_audit_delivery_success_count"]! / (double)attempts, 4);
        dashboard["acknowledgement_audit_delivery_providers"] = new JsonArray(
            [.. (await query.ProvidersAsync(Deliveries(AuditSource), cancellationToken)).Select(p => (JsonNode)p)]);
        // For the latest plan of each schedule, every provider that must acknowledge and has not (reference G2).
        var outstanding = await Acknowledgements.OutstandingAsync(query, NotificationPlanner.Kind, Acknowledgements.Notification, cancellationToken);
        dashboard["outstanding_acknowledgement_count"] = outstanding.Count;
        dashboard["outstanding_acknowledgements"] = new JsonArray([.. outstanding.Take(20)]);

        // Levels say what is open now (StreamStatus, the rule every dashboard shares); the counters above stay all-time.
        var reasons = new List<StreamCondition>();
        if (outstanding.Count > 0)
        {
            reasons.Add(new StreamCondition(
                "outstanding_acknowledgement", "critical",
                $"{StreamStatus.Plural(outstanding.Count, "notified route")} still waiting for an acknowledgement", outstanding.Count,
                new JsonObject
                {
                    ["schedule_ids"] = Distinct(outstanding, "schedule_id"),
                    ["providers"] = Distinct(outstanding, "provider"),
                    ["plan_ids"] = Distinct(outstanding, "plan_id"),
                },
                Acknowledge, "notification"));
        }

        Add(reasons, StreamStatus.FailureCondition(
            "notification", Notifications, await status.OpenFailuresAsync(Notifications, cancellationToken),
            "notification_delivery_failure", "notification", Redeliver));
        foreach (var stream in DeliveryStreams.All)
        {
            var (_, level) = await status.ReadAsync(stream, null, cancellationToken);
            level.WriteTo(dashboard, $"{stream.DashboardPrefix}_health", $"{stream.DashboardPrefix}_health_reasons", $"{stream.DashboardPrefix}_health_next_action");
            reasons.AddRange(level.Reasons);
            if (stream.AlertDeliveries is { } alerts)
            {
                Add(reasons, StreamStatus.FailureCondition(
                    stream.Name, alerts, await status.OpenFailuresAsync(alerts, cancellationToken), "alert_delivery_failure",
                    "health alert", stream.NextActions.GetValueOrDefault("alert_delivery_failure")));
            }
        }

        StreamLevel.Of(reasons).WriteTo(dashboard, "alert_level", "reasons", "next_action");
        var latest = await query.PageAsync(new RecordFilter { Scope = NotificationHistory.Scope }, 10, 0, cancellationToken);
        dashboard["latest"] = new JsonArray([.. latest.Items.Select(i => (JsonNode)i.Record.DeepClone())]);
        return dashboard;
    }

    private static void Add(List<StreamCondition> reasons, StreamCondition? condition)
    {
        if (condition is not null)
        {
            reasons.Add(condition);
        }
    }

    private static JsonArray Distinct(IEnumerable<JsonNode> items, string field) =>
        new([.. items.Select(i => (string?)i[field] ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Select(v => (JsonNode)v)]);

    private async Task<long> LatestCountAsync(RecordFilter filter, RecordCount column, CancellationToken cancellationToken)
    {
        var latest = await query.LatestAsync(filter, cancellationToken);
        var field = column switch
        {
            RecordCount.DecisionCount => "decision_count",
            RecordCount.BlockedCount => "blocked_count",
            _ => "approval_required_count",
        };
        return (long?)latest?.Record[field] ?? 0;
    }
}
