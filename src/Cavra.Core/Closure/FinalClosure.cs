using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;
using Cavra.Core.Streams;

namespace Cavra.Core.Closure;

/// <summary>
/// One thing that keeps the reporting loop open: its name and stage, how many are open, up to 20 evidence ids behind
/// them, the providers involved, and the console action and route that close it.
/// </summary>
public sealed record OpenItem(
    string Item, string Stage, int Count, IReadOnlyList<string> Ids, IReadOnlyList<string> Providers, string Message, string? Action, string? Route)
{
    public const int IdsShown = 20;

    public JsonObject ToJson() => new()
    {
        ["item"] = Item,
        ["stage"] = Stage,
        ["count"] = Count,
        ["ids"] = Strings(Ids),
        ["providers"] = Strings(Providers),
        ["message"] = Message,
        ["action"] = Action,
        ["route"] = Route,
    };

    internal static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}

/// <summary>The stages an open item belongs to (and the readiness checks read).</summary>
public static class ClosureStages
{
    public const string DrillNotification = "drill_notification";
    public const string Delivery = "delivery";
    public const string Retry = "retry";
    public const string Recovery = "recovery";
    public const string Escalation = "escalation";
    public const string Alert = "alert";
    public const string ExecutiveReport = "executive_report";
}

/// <summary>An approved audit retry no live run has used yet, while its delivery is still open.</summary>
public sealed record PendingApproval(string DecisionId, string Provider, string DeliveryId, string AuditId);

/// <summary>A delivered recovery escalation plan an escalation channel has not acknowledged (acknowledged, accepted or resolved).</summary>
public sealed record UnacknowledgedEscalation(string PlanId, string Provider, string DeliveryRecordId);

/// <summary>The latest schedule window's run of a stream with scheduled runs, not delivered successfully yet.</summary>
public sealed record UndeliveredWindow(DeliveryStream Stream, string RunId, string RecordId);

/// <summary>One alert family's dashboard (reference D5/I10/J10) and the stream it alerts about.</summary>
public sealed record AlertDashboard(DeliveryStream Stream, HealthAlertStream Alerts, JsonObject Dashboard);

/// <summary>
/// Everything Final Closure is built from, read once: the main dashboard and its open conditions (every stream's
/// <see cref="StreamStatus"/> level), the alert dashboards, and the earlier stages' open items.
/// </summary>
public sealed record ClosureInputs(
    JsonObject Dashboard,
    StreamLevel Level,
    IReadOnlyList<AlertDashboard> AlertDashboards,
    IReadOnlyList<PendingApproval> PendingApprovals,
    JsonObject RecoveryReport,
    IReadOnlyList<UnacknowledgedEscalation> UnacknowledgedEscalations)
{
    /// <summary>Streams with scheduled runs (the executive report) whose latest window is not delivered.</summary>
    public IReadOnlyList<UndeliveredWindow> UndeliveredWindows { get; init; } = [];
}

/// <summary>
/// Final Closure (reference K, fixed): whether the whole reporting loop is closed. It reuses the main dashboard's open
/// conditions (one rule, <see cref="StreamStatus"/>), the alert dashboards and the retry recovery report instead of
/// recounting, and lists every open item with the ids behind it and the action that closes it. Not stored.
/// </summary>
public sealed class FinalClosure(
    NotificationDashboard dashboard, HealthAlerts alerts, StreamStatus status, RetryRecoveryReports reports, RetryTargets targets,
    EvidenceQuery query, TimeProvider clock)
{
    private const string A = "/runtime/go-pilot/rollback-drill-notifications/acknowledgements/audit-delivery";

    public const string Closed = "closed";
    public const string Open = "open";

    private static readonly NextAction CloseRecovery = new("Close Recovery", $"POST {A}/connector-recovery-playbooks/{{playbook_id}}/closures",
        "Record the recovery's closure (resolved or mitigated) with its verification references.");

    public static readonly IReadOnlyList<string> FixedActions =
    [
        "Acknowledge every delivered drill notification, health alert and recovery escalation for each provider it went to.",
        "Retry failed deliveries live (under an approval or an escalation acknowledgement) once the connector works, or close the connector's recovery.",
        "Close each connector recovery within its SLO with verification references.",
        "Build the release readiness summary and export the operator runbook once the closure dashboard is closed.",
    ];

    public static readonly IReadOnlyList<string> Controls =
    [
        "Final Closure is derived from the stored evidence on every request; it is never stored and changes nothing.",
        "Open items carry names, counts, evidence ids, providers and routes only; no connector secret, URL or ticket content.",
        "closure_state is closed only when no item is open.",
    ];

    /// <summary>Reads the inputs: the main dashboard and its levels, each alert dashboard, pending approvals, recoveries and escalations.</summary>
    public async Task<ClosureInputs> ReadAsync(int recoverySloMinutes, CancellationToken cancellationToken)
    {
        var (main, level) = await dashboard.ReadAsync(cancellationToken);
        var alertDashboards = new List<AlertDashboard>();
        foreach (var stream in DeliveryStreams.All.Where(s => s.HealthAlerts is not null))
        {
            alertDashboards.Add(new AlertDashboard(stream, stream.HealthAlerts!, await alerts.DashboardAsync(stream, cancellationToken)));
        }

        return new ClosureInputs(
            main, level, alertDashboards,
            await PendingApprovalsAsync(cancellationToken),
            await reports.BuildAsync(recoverySloMinutes, Actors.Unspecified, cancellationToken),
            await UnacknowledgedEscalationsAsync(cancellationToken))
        {
            UndeliveredWindows = await UndeliveredWindowsAsync(cancellationToken),
        };
    }

    public async Task<JsonObject> BuildAsync(int recoverySloMinutes, CancellationToken cancellationToken) =>
        Build(await ReadAsync(recoverySloMinutes, cancellationToken), clock.GetUtcNow());

    /// <summary>The closure dashboard from already-read inputs at <paramref name="now"/> (pure).</summary>
    public static JsonObject Build(ClosureInputs inputs, DateTimeOffset now)
    {
        var items = Items(inputs);
        var closure = new JsonObject
        {
            ["schema_version"] = ClosureRecords.DashboardSchema,
            ["product"] = EvidenceStore.Product,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["closure_state"] = items.Count == 0 ? Closed : Open,
            ["alert_level"] = Level(inputs, items),
            ["open_item_count"] = items.Count,
            ["open_items"] = new JsonArray([.. items.Select(i => (JsonNode)i.ToJson())]),
        };
        foreach (var alert in inputs.AlertDashboards)
        {
            closure[alert.Alerts.ClosureName] = alert.Dashboard.DeepClone();
        }

        closure["summary"] = Summary(inputs, items);
        closure["recommended_actions"] = new JsonArray([
            .. items.Where(i => i.Action is not null).Select(i => $"{i.Action}: {i.Route}").Distinct(StringComparer.Ordinal)
                .Concat(FixedActions).Select(a => (JsonNode)a),
        ]);
        closure["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]);
        return closure;
    }

    /// <summary>critical when the main dashboard is critical, an alert waits for its acknowledgement or a recovery breached its SLO; warning with any other open item; else healthy.</summary>
    private static string Level(ClosureInputs inputs, IReadOnlyList<OpenItem> items) =>
        inputs.Level.Level == "critical" || items.Any(i => i.Stage == ClosureStages.Alert || i.Item == "connector_recovery_slo_breached")
            ? "critical"
            : items.Count > 0 || inputs.Level.Level == "warning" ? "warning" : StreamLevel.Healthy;

    /// <summary>The open items, in the order of the operator flow.</summary>
    public static IReadOnlyList<OpenItem> Items(ClosureInputs inputs)
    {
        var items = new List<OpenItem>();
        foreach (var reason in inputs.Level.Reasons)
        {
            if (FromCondition(reason) is { } item)
            {
                items.Add(item);
            }
        }

        foreach (var alert in inputs.AlertDashboards)
        {
            var outstanding = alert.Dashboard["outstanding_acknowledgements"]!.AsArray().OfType<JsonObject>().ToList();
            var count = (int)alert.Dashboard["outstanding_acknowledgement_count"]!;
            if (count > 0)
            {
                var action = alert.Stream.NextActions.GetValueOrDefault("alert_acknowledgement_outstanding");
                items.Add(new OpenItem(
                    $"{alert.Alerts.ClosureName}_acknowledgement_outstanding", ClosureStages.Alert, count,
                    Distinct(outstanding.SelectMany(o => new[] { (string?)o["health_id"], (string?)o["plan_id"] })),
                    Distinct(outstanding.Select(o => (string?)o["provider"])),
                    $"{StreamStatus.Plural(count, "alerted provider")} of {alert.Alerts.Subject} alerts still waiting for an acknowledgement",
                    action?.Action, action?.Route));
            }
        }

        if (inputs.PendingApprovals.Count > 0)
        {
            var action = DeliveryStreams.Audit.NextActions.GetValueOrDefault("approved_retry_pending");
            items.Add(new OpenItem(
                "audit_retry_approved_not_executed", ClosureStages.Retry, inputs.PendingApprovals.Count,
                Distinct(inputs.PendingApprovals.SelectMany(p => new[] { p.DecisionId, p.DeliveryId, p.AuditId })),
                Distinct(inputs.PendingApprovals.Select(p => p.Provider)),
                $"{StreamStatus.Plural(inputs.PendingApprovals.Count, "approved audit retry", "approved audit retries")} not executed yet while the delivery is still open",
                action?.Action, action?.Route));
        }

        var rows = inputs.RecoveryReport["recovery_rows"]!.AsArray().OfType<JsonObject>().ToList();
        foreach (var (status, item, what) in new[]
        {
            ("breached", "connector_recovery_slo_breached", "connector recovery breached its SLO and is still not closed"),
            ("open", "connector_recovery_open", "connector recovery still open (not resolved or mitigated)"),
        })
        {
            var ofStatus = rows.Where(r => (string?)r["slo_status"] == status).ToList();
            if (ofStatus.Count > 0)
            {
                items.Add(new OpenItem(
                    item, ClosureStages.Recovery, ofStatus.Count, Distinct(ofStatus.Select(r => (string?)r["playbook_id"])),
                    Distinct(ofStatus.Select(r => (string?)r["provider"])),
                    $"{ofStatus.Count} {what} ({inputs.RecoveryReport["recovery_slo_minutes"]} minute SLO)",
                    CloseRecovery.Action, CloseRecovery.Route));
            }
        }

        if (inputs.UnacknowledgedEscalations.Count > 0)
        {
            var escalations = inputs.UnacknowledgedEscalations;
            var action = DeliveryStreams.RecoveryEscalation.NextActions.GetValueOrDefault("escalation_acknowledgement_outstanding");
            items.Add(new OpenItem(
                "recovery_escalation_acknowledgement_outstanding", ClosureStages.Escalation, escalations.Count,
                Distinct(escalations.SelectMany(e => new[] { e.PlanId, e.DeliveryRecordId })), Distinct(escalations.Select(e => e.Provider)),
                $"{StreamStatus.Plural(escalations.Count, "delivered recovery escalation")} (plan and channel) not acknowledged as acknowledged, accepted or resolved",
                action?.Action, action?.Route));
        }

        foreach (var window in inputs.UndeliveredWindows)
        {
            var action = window.Stream.NextActions.GetValueOrDefault("window_undelivered");
            items.Add(new OpenItem(
                $"{ItemName(window.Stream)}_window_undelivered", ClosureStages.ExecutiveReport, 1, Distinct([window.RunId, window.RecordId]), [],
                $"the latest schedule window's run {window.RunId} has no successful delivery yet",
                action?.Action, action?.Route));
        }

        return items;
    }

    /// <summary>A stream's name in open items: an alert family's for its own retries, else the stream's without a trailing _delivery.</summary>
    public static string ItemName(DeliveryStream stream) =>
        AlertOwning(stream)?.ClosureName ?? (stream.Name.EndsWith("_delivery", StringComparison.Ordinal) ? stream.Name[..^"_delivery".Length] : stream.Name);

    /// <summary>
    /// A stream condition as an open item, named after the stream (or, for an alert family's own retries, the family):
    /// <c>{name}_delivery_failed</c>, <c>{name}_retry_execution_failed</c>, <c>{name}_retry_held_at_gate</c>. What the
    /// latest retry plan holds retryable is the same failures again, so it is not listed twice.
    /// </summary>
    private static OpenItem? FromCondition(StreamCondition condition)
    {
        var stream = DeliveryStreams.All.FirstOrDefault(s => s.Name == condition.Stream);
        var name = stream is null ? null : ItemName(stream);
        (string Item, string Stage)? named = (condition.Stream, condition.Category) switch
        {
            ("notification", "outstanding_acknowledgement") => ("drill_notification_acknowledgement_outstanding", ClosureStages.DrillNotification),
            ("notification", "notification_delivery_failure") => ("drill_notification_delivery_failed", ClosureStages.Delivery),
            (_, "alert_delivery_failure") when stream?.HealthAlerts is { } alerts => ($"{alerts.ClosureName}_delivery_failed", ClosureStages.Delivery),
            (_, "connector_failure") when name is not null => ($"{name}_delivery_failed", ClosureStages.Delivery),
            (_, "failed_worker_run") when name is not null => ($"{name}_retry_execution_failed", ClosureStages.Retry),
            (_, "gate_pending") when name is not null => ($"{name}_retry_held_at_gate", ClosureStages.Retry),
            (_, "retryable_deliveries") => null,
            _ => ($"{name ?? condition.Stream}_{condition.Category}", ClosureStages.Retry),
        };
        if (named is not { } found)
        {
            return null;
        }

        var ids = condition.Ids.Where(p => p.Key != "providers").SelectMany(p => p.Value?.AsArray().Select(v => (string?)v) ?? []);
        var providers = condition.Ids["providers"]?.AsArray().Select(v => (string?)v) ?? [];
        return new OpenItem(found.Item, found.Stage, condition.Count, Distinct(ids), Distinct(providers), condition.Message,
            condition.NextAction?.Action, condition.NextAction?.Route);
    }

    /// <summary>The alert family whose own retry stream <paramref name="stream"/> is, if any.</summary>
    public static HealthAlertStream? AlertOwning(DeliveryStream stream) => DeliveryStreams.AlertStreams.FirstOrDefault(a => a.Retries == stream);

    /// <summary>Per alert family its plans, acknowledgements and failed deliveries, and per stream its retry counters; open items per stage.</summary>
    private static JsonObject Summary(ClosureInputs inputs, IReadOnlyList<OpenItem> items)
    {
        var summary = new JsonObject();
        foreach (var alert in inputs.AlertDashboards)
        {
            var name = alert.Alerts.ClosureName;
            summary[$"{name}_plan_count"] = alert.Dashboard["plan_count"]!.DeepClone();
            summary[$"{name}_ack_count"] = alert.Dashboard["acknowledgement_count"]!.DeepClone();
            summary[$"{name}_delivery_failed_count"] = alert.Dashboard["failed_delivery_count"]!.DeepClone();
            summary[$"{name}_outstanding_acknowledgement_count"] = alert.Dashboard["outstanding_acknowledgement_count"]!.DeepClone();
        }

        foreach (var stream in DeliveryStreams.All)
        {
            var name = ItemName(stream);
            var counters = stream.CounterNames;
            foreach (var (field, counter) in new[]
            {
                ("retry_plan_count", counters?.RetryPlans), ("retry_worker_run_count", counters?.WorkerRuns),
                ("retry_execution_failed_count", counters?.ExecutionsFailed),
            })
            {
                if (counter is not null && inputs.Dashboard[counter] is { } value)
                {
                    summary[$"{name}_{field}"] = value.DeepClone();
                }
            }
        }

        foreach (var stage in new[]
        {
            ClosureStages.DrillNotification, ClosureStages.Delivery, ClosureStages.Retry, ClosureStages.Recovery, ClosureStages.Escalation,
            ClosureStages.Alert, ClosureStages.ExecutiveReport,
        })
        {
            summary[$"{stage}_open_item_count"] = items.Count(i => i.Stage == stage);
        }

        return summary;
    }

    /// <summary>
    /// Approved audit retries not executed yet, for the audit deliveries still open: the latest decision of the key is
    /// approved and no execution record used it (bounded by the open failures, never by all decisions).
    /// </summary>
    private async Task<IReadOnlyList<PendingApproval>> PendingApprovalsAsync(CancellationToken cancellationToken)
    {
        // The audit stream's own gate decides, as the worker asks it: an approval no execution has used.
        var stream = DeliveryStreams.Audit;
        var target = targets.For(stream);
        var pending = new List<PendingApproval>();
        foreach (var failure in await status.OpenFailuresAsync(stream.Deliveries, cancellationToken))
        {
            var deliveryId = (string?)failure.Key["delivery_id"] ?? "";
            var auditId = (string?)failure.Key["audit_id"] ?? "";
            var decision = new JsonObject { ["provider"] = failure.Provider, ["delivery_id"] = deliveryId, ["audit_id"] = auditId };
            if (await target.GrantAsync(decision, cancellationToken) is { } grant
                && await RetryWorker.UsedByAsync(query, stream, grant, decision, cancellationToken) is null)
            {
                pending.Add(new PendingApproval(grant.DecisionId, failure.Provider, deliveryId, auditId));
            }
        }

        return pending;
    }

    /// <summary>
    /// For the latest delivery of each recovery escalation plan, every channel it went to whose latest escalation
    /// acknowledgement is not acknowledged, accepted or resolved (one grouped query, then one per plan).
    /// </summary>
    private async Task<IReadOnlyList<UnacknowledgedEscalation>> UnacknowledgedEscalationsAsync(CancellationToken cancellationToken)
    {
        var open = new List<UnacknowledgedEscalation>();
        var deliveries = new RecordFilter { DeliverySources = [RecoveryRecords.EscalationSource] };
        foreach (var delivery in await query.LatestPerKeyAsync(deliveries, RecordKey.PlanId, cancellationToken))
        {
            var planId = (string?)delivery.Record["plan_id"];
            if (string.IsNullOrEmpty(planId))
            {
                continue;
            }

            var acknowledgements = await query.LatestPerKeyAsync(
                new RecordFilter { Kinds = [RecoveryRecords.EscalationAcknowledgement.Kind], PlanId = planId }, RecordKey.Provider, cancellationToken);
            var settled = acknowledgements
                .Where(a => RecoveryRecords.LiveRetryStates.Contains((string?)a.Record["acknowledgement_state"] ?? ""))
                .Select(a => (string)a.Record["provider"]!)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var channel in delivery.Record["selected_providers"]?.AsArray().Select(p => (string?)p).OfType<string>() ?? [])
            {
                if (!settled.Contains(channel))
                {
                    open.Add(new UnacknowledgedEscalation(planId, channel, delivery.SessionId));
                }
            }
        }

        return open;
    }

    /// <summary>For each stream with scheduled runs, its latest run when no delivery of it succeeded (two indexed queries per stream).</summary>
    private async Task<IReadOnlyList<UndeliveredWindow>> UndeliveredWindowsAsync(CancellationToken cancellationToken)
    {
        var open = new List<UndeliveredWindow>();
        foreach (var stream in DeliveryStreams.All.Where(s => s.ScheduledRuns is not null))
        {
            if (await query.LatestAsync(RecordFilter.OfKind(stream.ScheduledRuns!.Kind), cancellationToken) is not { } latest)
            {
                continue;
            }

            var runId = (string?)latest.Record["run_id"] ?? latest.SessionId;
            var delivered = new RecordFilter { DeliverySources = [stream.Source], RunId = runId, DeliverySuccess = true };
            if (!await query.AnyAsync(delivered, cancellationToken))
            {
                open.Add(new UndeliveredWindow(stream, runId, latest.SessionId));
            }
        }

        return open;
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        [.. values.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Take(OpenItem.IdsShown)];
}
