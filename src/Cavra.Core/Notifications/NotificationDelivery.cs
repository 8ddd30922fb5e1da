using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Notifications;

/// <summary>The outcome of one notification delivery (reference A1 response).</summary>
public sealed record NotificationOutcome(
    DrillScheduleReport Schedule,
    JsonObject Plan,
    ConnectorDeliveryResult? Delivery,
    StoredEvidence PlanRecord,
    StoredEvidence? DeliveryRecord,
    string EventId)
{
    /// <summary>True when every selected provider answered 2xx, or when nothing had to be sent.</summary>
    public bool Success => Delivery?.Success ?? true;
}

/// <summary>
/// Plans and delivers rollback-drill notifications (reference A1): schedule report → plan → event → delivery to the
/// selected providers → plan and delivery records, stored together.
/// </summary>
public sealed class NotificationDelivery(
    DrillRecords drills, ConnectorCatalog catalog, ConnectorSender sender, EvidenceStore store, TimeProvider clock)
{
    public const string Source = "go_backend_rollback_drill_notification";
    public const string EventType = "cavra.go_backend.rollback_drill.notification";

    public async Task<NotificationOutcome> DeliverAsync(NotificationRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        catalog.RequireConfigured();
        catalog.RequireEnabled(request.RequestedProviders);

        var now = clock.GetUtcNow();
        var settings = drills.Settings;
        var report = DrillReports.Schedule(await drills.ScheduleAsync(cancellationToken), await drills.DrillsAsync(cancellationToken), settings, now);
        var plan = NotificationPlanner.Plan(report, request, catalog.EnabledNames, now);
        var selected = plan["selected_providers"]!.AsArray().Select(p => (string)p!).ToList();
        // The schedule may name providers no connector serves: refuse before anything is sent or stored.
        catalog.RequireEnabled(selected);

        var notification = Event(plan, report, settings, now);
        // Nothing secret may leave for a connector either: check the event before it is sent, not only the records after.
        SecretScanner.EnsureNone(notification);
        var delivery = selected.Count > 0 ? await sender.DeliverAsync(notification, selected, options, cancellationToken) : null;
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

        var stored = await store.AppendAllAsync(drafts, cancellationToken);
        return new NotificationOutcome(
            report, plan, delivery, stored[0], delivery is null ? null : stored[^1], (string)notification["session_id"]!);
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
