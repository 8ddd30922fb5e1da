using System.Text.Json.Nodes;
using Cavra.Core.Closure;
using Cavra.Core.Evidence;
using Cavra.Core.Recovery;
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
        new("acknowledgement_audit_package_count", Kind(AuditPackages.Kind)),
        new("acknowledgement_audit_delivery_plan_count", Kind(AuditDelivery.PlanKind)),

        // Audit retry governance (reference §5): the records of the audit chain that are not the stream's own.
        new("acknowledgement_audit_delivery_retry_ack_count", Kind(RetryApprovals.RetryAcknowledgement.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approval_plan_count", Kind(RetryApprovals.ApprovalPlan.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approval_decision_count", Kind(RetryApprovals.Decision.Kind)),
        new("acknowledgement_audit_delivery_retry_execution_approved_count", Kind(RetryApprovals.Decision.Kind) with { State = RetryApprovals.Approved }),
        new("acknowledgement_audit_delivery_connector_recovery_playbook_count", Kind(ConnectorRecovery.Playbook.Kind)),
        new("acknowledgement_audit_delivery_connector_recovery_closure_count", Kind(ConnectorRecovery.Closure.Kind)),
        new("acknowledgement_audit_delivery_connector_recovery_closed_count", Kind(ConnectorRecovery.Closure.Kind) with { States = ConnectorRecovery.ClosedStates }),
        new("acknowledgement_audit_delivery_retry_recovery_report_count", Kind(RecoveryRecords.Report.Kind)),

        // Recovery escalation (reference §5): the plans (their escalation routes are the plan record's decision count)
        // and acknowledgements; the escalation deliveries' retry chain is a stream below.
        new($"{Escalation}_plan_count", Kind(RecoveryRecords.EscalationPlan.Kind)),
        new($"{Escalation}_route_count", Kind(RecoveryRecords.EscalationPlan.Kind), RecordCount.DecisionCount),
        new($"{Escalation}_ack_count", Kind(RecoveryRecords.EscalationAcknowledgement.Kind)),

        // Recovery executive report (reference §5): the reports and their schedule runs; the executive deliveries'
        // retry chain is a stream below.
        new($"{Executive}_count", Kind(RecoveryRecords.ExecutiveReport.Kind)),
        new($"{Executive}_schedule_run_count", Kind(RecoveryRecords.ExecutiveScheduleRun.Kind)),

        // Every stream of the catalogue, under the names it declares: a new stream cannot be left out.
        .. DeliveryStreams.All.SelectMany(StreamCounters),

        // Final reporting (reference §5): release readiness summaries (and those that were ready) and runbook exports.
        new("acknowledgement_audit_delivery_final_reporting_release_readiness_summary_count", Kind(ClosureRecords.ReadinessSummary.Kind)),
        new("acknowledgement_audit_delivery_final_reporting_release_ready_count", Kind(ClosureRecords.ReadinessSummary.Kind) with { State = ReleaseReadiness.Ready }),
        new("acknowledgement_audit_delivery_final_reporting_operator_runbook_export_count", Kind(ClosureRecords.RunbookExport.Kind)),
    ];

    private static string Escalation => DeliveryStreams.RecoveryEscalation.CounterPrefix!;

    private const string Executive = "acknowledgement_audit_delivery_recovery_executive_report";

    /// <summary>
    /// A stream's counters (reference §5): its deliveries, retry plans (and what the newest holds retryable), worker
    /// runs, execution records and their outcomes, stored health reports and the alerts they raised, and its health
    /// alerts' plans, acknowledgements and deliveries — each where the stream declares a name for it.
    /// </summary>
    public static IEnumerable<DashboardCounter> StreamCounters(DeliveryStream stream)
    {
        var names = stream.CounterNames ?? throw new InvalidOperationException($"stream {stream.Name} declares no counter names (CounterPrefix or CounterNames)");
        var counters = new List<DashboardCounter>();
        void Add(string? field, RecordFilter filter, RecordCount? sum = null, bool latestOnly = false)
        {
            if (field is not null)
            {
                counters.Add(new DashboardCounter(field, filter, sum, latestOnly));
            }
        }

        Add(names.Deliveries, Deliveries(stream.Source));
        Add(names.FailedDeliveries, Deliveries(stream.Source, success: false));
        Add(names.SuccessfulDeliveries, Deliveries(stream.Source, success: true));
        Add(names.RetryPlans, Kind(stream.RetryPlan.Kind));
        // Every worker run stores a retry plan, so a sum over plans would count one failure many times: what is
        // retryable now is the latest plan's count.
        Add(names.Retryable, Kind(stream.RetryPlan.Kind), RecordCount.ApprovalRequiredCount, latestOnly: true);
        Add(names.WorkerRuns, Kind(stream.WorkerRun.Kind));
        Add(names.DryRuns, Kind(stream.WorkerRun.Kind) with { DryRun = true });
        Add(names.LiveRuns, Kind(stream.WorkerRun.Kind) with { DryRun = false });
        Add(names.ExecutionRecords, Kind(stream.ExecutionRecord.Kind));
        Add(names.ExecutionsDelivered, Kind(stream.ExecutionRecord.Kind) with { State = "delivered" });
        Add(names.ExecutionsFailed, Kind(stream.ExecutionRecord.Kind) with { States = ["failed", "skipped"] });
        if (stream.Health is { Stored: true } health)
        {
            Add(names.HealthReports, Kind(health.Record.Kind));
            Add(names.HealthAlerts, Kind(health.Record.Kind), RecordCount.AlertCount);
        }

        if (stream.HealthAlerts is { } alerts)
        {
            Add(names.AlertPlans, Kind(alerts.AlertPlan.Kind));
            Add(names.AlertAcknowledgements, Kind(alerts.Acknowledgement.Kind));
            Add(names.AlertDeliveries, Deliveries(alerts.Source));
            Add(names.FailedAlertDeliveries, Deliveries(alerts.Source, success: false));
        }

        return counters;
    }

    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    /// <summary>Drill notification deliveries: a failure is open until a later delivery of the same schedule to the provider succeeds.</summary>
    private static readonly DeliveryLedger Notifications = new(NotificationDelivery.Source, ["schedule_id"], null);

    private static readonly NextAction Redeliver = new("Deliver Notifications", $"POST {P}/deliver",
        "Deliver the drill notification again once the connector works.");

    private static readonly NextAction Acknowledge = new("Ack Notification", $"POST {P}/{{schedule_id}}/acknowledgements",
        "Record each owner's acknowledgement (acknowledged or resolved) of the latest notification plan.");

    public async Task<JsonObject> BuildAsync(CancellationToken cancellationToken = default) => (await ReadAsync(cancellationToken)).Dashboard;

    /// <summary>The dashboard and the open conditions behind its level (the closure dashboard reads both, instead of recounting).</summary>
    public async Task<(JsonObject Dashboard, StreamLevel Level)> ReadAsync(CancellationToken cancellationToken = default)
    {
        var dashboard = new JsonObject
        {
            ["schema_version"] = Schema,
            ["product"] = EvidenceStore.Product,
            ["generated_at"] = EvidenceTime.ToText(clock.GetUtcNow()),
        };
        // Plain counts of one kind are answered together by one grouped query over the kind index; the rest one query each.
        var perKind = await query.CountByKindAsync(RecordFilter.OfKind([.. Counters.Select(KindOnly).OfType<string>().Distinct(StringComparer.Ordinal)]), cancellationToken);
        foreach (var counter in Counters)
        {
            dashboard[counter.Field] = counter switch
            {
                _ when KindOnly(counter) is { } kind => perKind.GetValueOrDefault(kind),
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
            [.. (await query.ProvidersAsync(Deliveries(DeliveryStreams.Audit.Source), cancellationToken)).Select(p => (JsonNode)p)]);
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

        var overall = StreamLevel.Of(reasons);
        overall.WriteTo(dashboard, "alert_level", "reasons", "next_action");
        var latest = await query.PageAsync(new RecordFilter { Scope = NotificationHistory.Scope }, 10, 0, cancellationToken);
        dashboard["latest"] = new JsonArray([.. latest.Items.Select(i => (JsonNode)i.Record.DeepClone())]);
        return (dashboard, overall);
    }

    private static readonly RecordFilter Everything = new();

    /// <summary>The kind of a counter that counts every record of one kind, and nothing else; otherwise null.</summary>
    private static string? KindOnly(DashboardCounter counter) =>
        counter.Sum is null && counter.Filter.Kinds is { Count: 1 } kinds && counter.Filter with { Kinds = null } == Everything ? kinds.First() : null;

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
            RecordCount.AlertCount => "alert_count",
            _ => "approval_required_count",
        };
        return (long?)latest?.Record[field] ?? 0;
    }
}
