using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Notifications;

/// <summary>A provider that already received a plan: when, and the delivery record that proves it.</summary>
/// <param name="Provider">The provider that already received the plan.</param>
/// <param name="DeliveredAt">When it was delivered (ISO-8601, UTC).</param>
/// <param name="SessionId">The connector delivery record that proves it.</param>
public sealed record EarlierDelivery(string Provider, string DeliveredAt, string SessionId);

/// <summary>The outcome of one notification delivery (reference A1 response).</summary>
public sealed record NotificationOutcome(
    DrillScheduleReport Schedule,
    JsonObject Plan,
    ConnectorDeliveryResult? Delivery,
    StoredEvidence PlanRecord,
    StoredEvidence? DeliveryRecord,
    string EventId,
    IReadOnlyList<EarlierDelivery> AlreadyDelivered)
{
    /// <summary>True when every provider sent to answered 2xx, or when nothing had to be sent.</summary>
    public bool Success => Delivery?.Success ?? true;
}

/// <summary>
/// Plans and delivers rollback-drill notifications (reference A1): schedule report → plan → event → delivery to the
/// selected providers → plan and delivery records, stored together. A provider that already received the same plan
/// (a successful delivery record names it) is not sent it again unless the request forces it, so a double click
/// notifies owners once; a failed earlier delivery blocks nothing.
/// </summary>
public sealed class NotificationDelivery(
    DrillRecords drills, ConnectorCatalog catalog, ConnectorSender sender, EvidenceStore store, EvidenceQuery query, TimeProvider clock)
    : IDisposable
{
    public const string Source = "go_backend_rollback_drill_notification";
    public const string EventType = "cavra.go_backend.rollback_drill.notification";

    // One delivery at a time in this process: a second click waits for the first and then sees what it delivered.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<NotificationOutcome> DeliverAsync(NotificationRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        catalog.RequireConfigured();
        catalog.RequireEnabled(request.RequestedProviders);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await PlanAndSendAsync(request, options, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<NotificationOutcome> PlanAndSendAsync(NotificationRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = drills.Settings;
        var report = DrillReports.Schedule(await drills.ScheduleAsync(cancellationToken), await drills.DrillsAsync(cancellationToken), settings, now);
        var plan = NotificationPlanner.Plan(report, request, catalog.EnabledNames, now);
        var selected = plan["selected_providers"]!.AsArray().Select(p => (string)p!).ToList();
        // The schedule may name providers no connector serves: refuse before anything is sent or stored.
        RequireServed(selected, report);

        var notification = Event(plan, report, settings, now);
        // Nothing secret may leave for a connector either: check the event before it is sent, not only the records after.
        SecretScanner.EnsureNone(notification);
        var earlier = request.Force ? [] : await DeliveredAsync((string)plan["plan_id"]!, selected, cancellationToken);
        var toSend = selected.Where(p => earlier.All(e => e.Provider != p)).ToList();
        var delivery = toSend.Count > 0 ? await sender.DeliverAsync(notification, toSend, options, cancellationToken) : null;
        var drafts = new List<EvidenceDraft> { NotificationPlanner.Record(plan, now) };
        drafts.AddRange(NotificationRoutes.Rows(plan, now));
        if (delivery is not null)
        {
            drafts.Add(ConnectorDeliveryRecord.Build(delivery, Source, new JsonObject
            {
                ["plan_id"] = plan["plan_id"]!.DeepClone(),
                ["schedule_id"] = plan["schedule_id"]!.DeepClone(),
            }));
        }

        // A repeated plan has the same plan and route ids, so storing it again returns the stored records.
        var stored = await store.AppendAllAsync(drafts, cancellationToken);
        return new NotificationOutcome(
            report, plan, delivery, stored[0], delivery is null ? null : stored[^1], (string)notification["session_id"]!, earlier);
    }

    /// <summary>A 400 naming where the unserved providers came from: the schedule's field, else the request's routing policy.</summary>
    private void RequireServed(IReadOnlyList<string> selected, DrillScheduleReport report)
    {
        var unserved = catalog.Unserved(selected);
        if (unserved.Count == 0)
        {
            return;
        }

        var configured = catalog.EnabledNames.Count == 0 ? "none" : string.Join(", ", catalog.EnabledNames);
        var named = report.Schedule is null ? [] : NotificationPlanner.NamedProviders(report.Schedule).ToList();
        var field = named.FirstOrDefault(n => unserved.Contains(n.Provider)).Field;
        throw new InvalidFieldException(
            field ?? "routing_policy",
            field is null
                ? $"routing_policy routes to {string.Join(", ", unserved)}, which no connector serves (configured: {configured})"
                : $"the {report.Source} schedule '{report.Schedule!.ScheduleId}' names {string.Join(", ", unserved)} in {field}, which no " +
                  $"connector serves (configured: {configured}); configure the connector or store the schedule without it");
    }

    /// <summary>The latest successful delivery of the plan to each of <paramref name="providers"/>, from the delivery records.</summary>
    private async Task<IReadOnlyList<EarlierDelivery>> DeliveredAsync(
        string planId, IReadOnlyList<string> providers, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, EarlierDelivery>(StringComparer.Ordinal);
        var filter = new RecordFilter { Kinds = [ConnectorDeliveryRecord.Kind], DeliverySources = [Source], PlanId = planId };
        await foreach (var record in query.StreamAsync(filter, cancellationToken))
        {
            foreach (var sent in record.Record["delivery"]!["deliveries"]!.AsArray().OfType<JsonObject>().Where(d => (bool?)d["success"] == true))
            {
                var provider = ProviderNames.Normalize((string)sent["provider"]!);
                if (providers.Contains(provider))
                {
                    latest[provider] = new EarlierDelivery(provider, (string?)sent["completed_at"] ?? record.CreatedAt, record.SessionId);
                }
            }
        }

        return [.. latest.Values.OrderBy(e => e.Provider, StringComparer.Ordinal)];
    }

    /// <summary>The notification event (reference A1 step 3): public-safe schedule metadata and the deliver routes.</summary>
    public static JsonObject Event(JsonObject plan, DrillScheduleReport report, DrillSettings settings, DateTimeOffset now)
    {
        var level = (string)plan["alert_level"]!;
        var latest = report.History.LatestDrill;
        return new JsonObject
        {
            ["schema_version"] = "cavra.go-backend-pilot.rollback-drill-notification.v1",
            ["event_type"] = EventType,
            ["session_id"] = plan["schedule_id"]!.DeepClone(),
            ["schedule_id"] = plan["schedule_id"]!.DeepClone(),
            ["plan_id"] = plan["plan_id"]!.DeepClone(),
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = plan["generated_by"]!.DeepClone(),
            ["alert_level"] = level,
            ["blocked_count"] = level == "critical" ? 1 : 0,
            ["status"] = report.Status,
            ["mode"] = settings.Mode,
            ["title"] = $"CAVRA Go rollback drill schedule {level}",
            ["summary"] = new JsonObject
            {
                ["environment"] = report.Schedule?.Environment ?? latest?.Environment,
                ["latest_drill_id"] = latest?.DrillId,
                ["latest_executed_at"] = latest?.ExecutedAt,
                ["next_due_at"] = report.Due.NextDueAt,
                ["days_until_due"] = report.Due.DaysUntilDue,
                ["stale"] = report.Due.Stale,
                ["due_soon"] = report.Due.DueSoon,
                ["interval_days"] = report.Schedule?.IntervalDays,
            },
            ["owners"] = plan["owners"]!.DeepClone(),
            ["notification_providers"] = plan["selected_providers"]!.DeepClone(),
            ["owner_routes"] = new JsonArray([.. plan["route_decisions"]!.AsArray()
                .Where(d => (string?)d!["action"] == "deliver").Select(d => d!.DeepClone())]),
            ["runbook_ref"] = report.Schedule?.RunbookRef,
            ["evidence_refs"] = new JsonArray($"go-rollback-drill-notification://plan/{plan["plan_id"]}"),
            ["controls"] = plan["controls"]!.DeepClone(),
        };
    }
}
