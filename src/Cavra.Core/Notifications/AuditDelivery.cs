using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Notifications;

/// <summary>What "Deliver Audit" is asked (reference B2).</summary>
public sealed record AuditDeliveryRequest(
    AuditFilter Filter, IReadOnlyList<string> DeliveryProviders, string GeneratedBy, string Cadence, string? ScheduleRef, string? NextDeliveryAt);

public sealed record AuditDeliveryOutcome(
    JsonObject Package, StoredEvidence PackageRecord, JsonObject Plan, StoredEvidence PlanRecord,
    ConnectorDeliveryResult? Delivery, StoredEvidence? DeliveryRecord)
{
    public bool Success => Delivery?.Success ?? false;
}

/// <summary>
/// "Deliver Audit" (reference B2): audit package → delivery plan → event without route notes → delivery →
/// package, plan and delivery records stored together. Failed deliveries are what the retry chain works on later.
/// </summary>
public sealed class AuditDelivery(AuditPackages packages, ConnectorCatalog catalog, ConnectorSender sender, EvidenceStore store, TimeProvider clock)
{
    public const string Source = "go_backend_rollback_drill_acknowledgement_audit";
    public const string PlanKind = "go-backend-rollback-drill-acknowledgement-audit-delivery-plan";
    public const string PlanSchema = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-plan.v1";
    public const string EventType = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery";

    public async Task<AuditDeliveryOutcome> DeliverAsync(AuditDeliveryRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        catalog.RequireConfigured();
        var requested = request.DeliveryProviders.Select(ProviderNames.Normalize).ToList();
        catalog.RequireEnabled(requested);

        var now = clock.GetUtcNow();
        var package = await packages.ComposeAsync(request.Filter, request.GeneratedBy, cancellationToken);
        var selected = catalog.EnabledNames.Where(p => requested.Count == 0 || requested.Contains(p)).ToList();
        var plan = Plan(package, selected, request, now);
        var auditEvent = Event(package, plan, now);
        SecretScanner.EnsureNone(auditEvent);
        var delivery = await sender.DeliverAsync(auditEvent, selected, options, cancellationToken);
        var stored = await store.AppendAllAsync(
            [
                AuditPackages.Record(package, now),
                PlanRecord(plan, now),
                ConnectorDeliveryRecord.Build(delivery, Source, new JsonObject
                {
                    ["audit_id"] = package["audit_id"]!.DeepClone(),
                    ["delivery_id"] = plan["delivery_id"]!.DeepClone(),
                    ["cadence"] = request.Cadence,
                }),
            ],
            cancellationToken);
        return new AuditDeliveryOutcome(package, stored[0], plan, stored[1], delivery, stored[2]);
    }

    public static JsonObject Plan(JsonObject package, IReadOnlyList<string> selected, AuditDeliveryRequest request, DateTimeOffset now)
    {
        var deliveryId = EvidenceIds.Derive("gordackdelivery", new JsonObject
        {
            ["audit_id"] = package["audit_id"]!.DeepClone(),
            ["eligible"] = new JsonArray([.. selected.Select(p => (JsonNode)p)]),
            ["generated_by"] = request.GeneratedBy,
            ["cadence"] = request.Cadence,
            ["schedule_ref"] = request.ScheduleRef ?? "",
            ["next_delivery_at"] = request.NextDeliveryAt ?? "",
        });
        return new JsonObject
        {
            ["schema_version"] = PlanSchema,
            ["product"] = EvidenceStore.Product,
            ["delivery_id"] = deliveryId,
            ["audit_id"] = package["audit_id"]!.DeepClone(),
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = request.GeneratedBy,
            ["cadence"] = request.Cadence,
            ["schedule_ref"] = request.ScheduleRef ?? "",
            ["next_delivery_at"] = request.NextDeliveryAt ?? "",
            ["requested_provider"] = request.DeliveryProviders.Count == 0 ? "all" : string.Join(",", request.DeliveryProviders),
            ["requested_providers"] = new JsonArray([.. request.DeliveryProviders.Select(p => (JsonNode)p)]),
            ["selected_providers"] = new JsonArray([.. selected.Select(p => (JsonNode)p)]),
            ["destination_count"] = selected.Count,
            ["route_count"] = package["route_count"]!.DeepClone(),
            ["outstanding_count"] = package["outstanding_count"]!.DeepClone(),
            ["escalated_count"] = package["escalated_count"]!.DeepClone(),
            ["alert_level"] = package["alert_level"]!.DeepClone(),
            ["filters"] = package["filters"]!.DeepClone(),
            ["controls"] = new JsonArray("Route notes are kept in evidence and left out of delivered audit events."),
        };
    }

    private static readonly string[] PlanIndex =
        ["delivery_id", "audit_id", "alert_level", "selected_providers", "destination_count", "route_count", "outstanding_count", "cadence"];

    public static EvidenceDraft PlanRecord(JsonObject plan, DateTimeOffset now)
    {
        var outstanding = (int)plan["outstanding_count"]!;
        var body = RecordBody.Of("acknowledgement_audit_delivery_plan", plan, PlanIndex);

        return new EvidenceDraft(
            (string)plan["delivery_id"]!, PlanKind, now, (string)plan["generated_by"]!, (int)plan["destination_count"]!,
            outstanding + (int)plan["escalated_count"]!, outstanding, body);
    }

    /// <summary>The delivered event: counts, ids and states; route notes are removed (reference B2).</summary>
    public static JsonObject Event(JsonObject package, JsonObject plan, DateTimeOffset now)
    {
        var level = (string)package["alert_level"]!;
        var routes = new JsonArray();
        foreach (var route in package["routes"]!.AsArray().OfType<JsonObject>())
        {
            var copy = route.DeepClone().AsObject();
            copy.Remove("notes");
            routes.Add(copy);
        }

        return new JsonObject
        {
            ["schema_version"] = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery.v1",
            ["event_type"] = EventType,
            ["session_id"] = plan["delivery_id"]!.DeepClone(),
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = plan["generated_by"]!.DeepClone(),
            ["title"] = $"CAVRA rollback drill acknowledgement audit {level}",
            ["alert_level"] = level,
            ["blocked_count"] = (int)package["outstanding_count"]! + (int)package["escalated_count"]!,
            ["max_severity"] = level == "critical" ? "high" : "low",
            ["audit_package_summary"] = new JsonObject
            {
                ["audit_id"] = package["audit_id"]!.DeepClone(),
                ["delivery_id"] = plan["delivery_id"]!.DeepClone(),
                ["route_count"] = package["route_count"]!.DeepClone(),
                ["acknowledged_count"] = package["acknowledged_count"]!.DeepClone(),
                ["resolved_count"] = package["resolved_count"]!.DeepClone(),
                ["escalated_count"] = package["escalated_count"]!.DeepClone(),
                ["outstanding_count"] = package["outstanding_count"]!.DeepClone(),
                ["alert_level"] = level,
                ["filters"] = package["filters"]!.DeepClone(),
                ["cadence"] = plan["cadence"]!.DeepClone(),
                ["schedule_ref"] = plan["schedule_ref"]!.DeepClone(),
                ["next_delivery_at"] = plan["next_delivery_at"]!.DeepClone(),
            },
            ["delivery_plan"] = plan.DeepClone(),
            ["routes"] = routes,
            ["controls"] = package["controls"]!.DeepClone(),
        };
    }
}
