using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Retries;

/// <summary>What "Send Worker Alert" is asked (reference D2/G5).</summary>
public sealed record HealthAlertRequest(
    IReadOnlyList<string> Providers, bool Force, int SuppressionWindowMinutes, int MaxAlerts, HealthThresholds Thresholds, string GeneratedBy);

public sealed record HealthAlertOutcome(
    JsonObject Health, JsonObject Plan, StoredEvidence PlanRecord, ConnectorDeliveryResult? Delivery, StoredEvidence? DeliveryRecord)
{
    /// <summary>The stored health the alert reports, for a stream that stores its health.</summary>
    public StoredEvidence? HealthRecord { get; init; }

    /// <summary>True only when an alert was sent and delivered: nothing sent is not a success.</summary>
    public bool Success => Delivery?.Success ?? false;

    /// <summary>Nothing was sent because every eligible provider received the same health state within the suppression window.</summary>
    public bool Suppressed => Delivery is null && Plan["suppressed_providers"]!.AsArray().Count > 0;

    /// <summary>Why nothing was sent (<c>suppressed</c>, <c>healthy</c>, <c>no_eligible_provider</c>), or null when an alert was sent.</summary>
    public string? NotSentReason => Delivery is not null ? null
        : Suppressed ? "suppressed"
        : (string)Health["alert_level"]! == "healthy" ? "healthy"
        : "no_eligible_provider";

    /// <summary>For a suppressed alert: why, and the earlier alert each provider already received (plan, delivery record, time).</summary>
    public JsonObject? Suppression => !Suppressed ? null : new JsonObject
    {
        ["reason"] = $"the same health state ({Plan["health_id"]}) was alerted within the last {Plan["suppression_window_minutes"]} minutes; send with force to repeat it",
        ["suppression_window_minutes"] = Plan["suppression_window_minutes"]!.DeepClone(),
        ["earlier_alerts"] = Plan["suppressed_providers"]!.DeepClone(),
    };
}

/// <summary>
/// Health alerts of any stream (reference G5–G7): plan who gets the alert, suppress a repeat of the same health state
/// inside the suppression window, deliver, acknowledge, and report history and outstanding acknowledgements.
/// </summary>
public sealed class HealthAlerts(
    WorkerHealth health, ConnectorCatalog catalog, ConnectorSender sender, EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    /// <summary>Findings an alert sends when the request names no limit; a re-delivery sends as many.</summary>
    public const int DefaultMaxAlerts = 20;

    private static readonly string[] PlanIndex =
        ["plan_id", "health_id", "alert_level", "selected_providers", "acknowledgement_required_providers", "suppression_window_minutes"];

    public static HealthAlertStream Alerts(DeliveryStream stream) =>
        stream.HealthAlerts ?? throw new InvalidOperationException($"stream {stream.Name} has no health alerts");

    /// <summary>The alert family: plans, acknowledgements and deliveries of the alert source.</summary>
    public static RecordScope Scope(HealthAlertStream alerts) => new([alerts.AlertPlan.Kind, alerts.Acknowledgement.Kind], [alerts.Source]);

    public async Task<HealthAlertOutcome> DeliverAsync(
        DeliveryStream stream, HealthAlertRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        var alerts = Alerts(stream);
        catalog.RequireConfigured();
        var requested = request.Providers.Select(ProviderNames.Normalize).ToList();
        catalog.RequireEnabled(requested);

        var now = clock.GetUtcNow();
        var report = await health.BuildAsync(stream, request.Thresholds, request.GeneratedBy, cancellationToken);
        var healthId = (string)report["health_id"]!;
        var eligible = catalog.EnabledNames.Where(p => requested.Count == 0 || requested.Contains(p)).ToList();
        var suppressed = request.Force
            ? []
            : await RecentlyAlertedAsync(alerts, healthId, now.AddMinutes(-request.SuppressionWindowMinutes), cancellationToken);
        var selected = (string)report["alert_level"]! == "healthy"
            ? []
            : eligible.Where(p => !suppressed.ContainsKey(p)).ToList();
        var plan = Plan(stream, report, eligible, selected, suppressed, request, now);
        var alertEvent = Event(stream, report, plan, request.MaxAlerts, now);
        SecretScanner.EnsureNone(alertEvent);

        var drafts = new List<EvidenceDraft> { PlanRecord(alerts, plan, now) };
        // The health an alert reports is kept (when the stream stores its health), so a re-delivery sends that state.
        var healthAt = WorkerHealth.Profile(stream).Stored ? Add(drafts, WorkerHealth.Record(stream, report, now)) : -1;
        ConnectorDeliveryResult? delivery = null;
        if (selected.Count > 0)
        {
            delivery = await sender.DeliverAsync(alertEvent, selected, options, cancellationToken);
            drafts.Add(ConnectorDeliveryRecord.Build(delivery, alerts.Source, new JsonObject
            {
                ["health_id"] = healthId,
                ["plan_id"] = plan["plan_id"]!.DeepClone(),
            }));
        }

        var stored = await store.AppendAllAsync(drafts, cancellationToken);
        return new HealthAlertOutcome(report, plan, stored[0], delivery, delivery is null ? null : stored[^1])
        {
            HealthRecord = healthAt < 0 ? null : stored[healthAt],
        };
    }

    private static int Add(List<EvidenceDraft> drafts, EvidenceDraft draft)
    {
        drafts.Add(draft);
        return drafts.Count - 1;
    }

    /// <summary>Ack Worker Alert (D3): the health id must have an alert plan (404 otherwise), and so must the plan id when given.</summary>
    public async Task<(JsonObject Acknowledgement, StoredEvidence Record)> AcknowledgeAsync(
        DeliveryStream stream, string healthId, AcknowledgementInput input, CancellationToken cancellationToken)
    {
        var alerts = Alerts(stream);
        var plans = new RecordFilter { Kinds = [alerts.AlertPlan.Kind], HealthId = healthId };
        if (!await query.AnyAsync(plans, cancellationToken))
        {
            throw new RecordNotFoundException($"no health alert was planned for health_id '{healthId}'");
        }

        if (input.PlanId is { Length: > 0 } planId && !await query.AnyAsync(plans with { PlanId = planId }, cancellationToken))
        {
            throw new RecordNotFoundException($"plan_id '{planId}' is not an alert plan of health_id '{healthId}'");
        }

        var (acknowledgement, draft) = Acknowledgements.Build(alerts.Acknowledgement, healthId, input, clock.GetUtcNow());
        return (acknowledgement, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>
    /// The alert history filter (reference G7): every filter keeps every record kind it applies to; <c>suppressed</c>
    /// keeps alert plans that did (or did not) suppress a provider. A kind outside this family is a 400 naming it.
    /// </summary>
    public static RecordFilter HistoryFilter(
        DeliveryStream stream, string? healthId, string? provider, string? metadataKind, string? acknowledgementState, bool? suppressed)
    {
        var alerts = Alerts(stream);
        var scope = Scope(alerts);
        if (metadataKind is not null && metadataKind != RecordScope.DeliveryKind && !scope.Kinds.Contains(metadataKind))
        {
            throw new InvalidFieldException("metadata_kind",
                $"'metadata_kind' must be one of {string.Join(", ", scope.Kinds.Append(RecordScope.DeliveryKind))} on this route");
        }

        if (suppressed is not null && metadataKind is not null && metadataKind != alerts.AlertPlan.Kind)
        {
            throw new InvalidFieldException("suppressed", $"'suppressed' applies to alert plans only ({alerts.AlertPlan.Kind})");
        }

        return new RecordFilter
        {
            Scope = scope,
            Reference = healthId,
            Provider = provider is null ? null : ProviderNames.Normalize(provider),
            Kinds = suppressed is null ? (metadataKind is null ? null : [metadataKind]) : [alerts.AlertPlan.Kind],
            Blocked = suppressed,
            State = acknowledgementState is null ? null : ProviderNames.Normalize(acknowledgementState),
        };
    }

    /// <summary>The alert dashboard (D5): counts over all records and outstanding acknowledgements of each health state's latest plan.</summary>
    public async Task<JsonObject> DashboardAsync(DeliveryStream stream, CancellationToken cancellationToken)
    {
        var alerts = Alerts(stream);
        var plans = RecordFilter.OfKind(alerts.AlertPlan.Kind);
        var deliveries = new RecordFilter { DeliverySources = [alerts.Source] };
        var outstanding = await Acknowledgements.OutstandingAsync(query, alerts.AlertPlan.Kind, alerts.Acknowledgement, cancellationToken);

        var failed = await query.CountAsync(deliveries with { DeliverySuccess = false }, cancellationToken);
        var latestDelivery = await query.LatestAsync(deliveries, cancellationToken);
        var latestPlan = await query.LatestAsync(plans, cancellationToken);
        var latest = await query.PageAsync(new RecordFilter { Scope = Scope(alerts) }, 10, 0, cancellationToken);
        var latestFailed = latestDelivery is not null && !((bool?)latestDelivery.Record["delivery_success"] ?? false);
        return new JsonObject
        {
            ["schema_version"] = alerts.DashboardSchema,
            ["product"] = EvidenceStore.Product,
            ["generated_at"] = EvidenceTime.ToText(clock.GetUtcNow()),
            // Current state: outstanding acknowledgements or a failing latest delivery are critical; a suppressed repeat is a warning.
            ["alert_level"] = outstanding.Count > 0 || latestFailed ? "critical" : ((int?)latestPlan?.Record["blocked_count"] ?? 0) > 0 ? "warning" : "healthy",
            ["plan_count"] = await query.CountAsync(plans, cancellationToken),
            ["delivery_count"] = await query.CountAsync(deliveries, cancellationToken),
            ["failed_delivery_count"] = failed,
            ["acknowledgement_count"] = await query.CountAsync(RecordFilter.OfKind(alerts.Acknowledgement.Kind), cancellationToken),
            ["outstanding_acknowledgement_count"] = outstanding.Count,
            ["suppressed_provider_count"] = await query.SumAsync(plans, RecordCount.BlockedCount, cancellationToken),
            ["outstanding_acknowledgements"] = new JsonArray([.. outstanding.Take(20)]),
            ["latest"] = new JsonArray([.. latest.Items.Select(i => (JsonNode)i.Record.DeepClone())]),
        };
    }

    /// <summary>The earlier alert a provider received: when, under which plan, in which delivery record.</summary>
    private sealed record EarlierAlert(string At, string PlanId, string DeliveryRecordId);

    /// <summary>Providers that already received this health state successfully since <paramref name="since"/>, with the latest such alert.</summary>
    private async Task<Dictionary<string, EarlierAlert>> RecentlyAlertedAsync(
        HealthAlertStream alerts, string healthId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var recent = new Dictionary<string, EarlierAlert>(StringComparer.Ordinal);
        var filter = new RecordFilter { DeliverySources = [alerts.Source], EventId = healthId, CreatedFrom = since };
        await foreach (var record in query.StreamAsync(filter, cancellationToken))
        {
            foreach (var delivery in record.Record["delivery"]!["deliveries"]!.AsArray().OfType<JsonObject>().Where(d => (bool)d["success"]!))
            {
                recent[(string)delivery["provider"]!] = new EarlierAlert(
                    (string)delivery["completed_at"]!, (string?)record.Record["plan_id"] ?? "", record.SessionId);
            }
        }

        return recent;
    }

    private static JsonObject Plan(
        DeliveryStream stream, JsonObject report, IReadOnlyList<string> eligible, IReadOnlyList<string> selected,
        IReadOnlyDictionary<string, EarlierAlert> suppressed, HealthAlertRequest request, DateTimeOffset now)
    {
        var alerts = Alerts(stream);
        var generatedAt = EvidenceTime.ToText(now);
        var healthId = (string)report["health_id"]!;
        var summary = WorkerHealth.AlertSummary(stream, report);
        foreach (var count in new[] { "decision_count", "blocked_count", "approval_required_count" })
        {
            summary.Remove(count);
        }

        return new JsonObject
        {
            ["schema_version"] = alerts.AlertPlan.Schema,
            ["product"] = EvidenceStore.Product,
            ["plan_id"] = EvidenceIds.Derive(alerts.AlertPlan.IdPrefix, new JsonObject
            {
                ["health_id"] = healthId, ["generated_at"] = generatedAt, ["eligible"] = Strings(eligible), ["selected"] = Strings(selected),
            }),
            ["health_id"] = healthId,
            ["generated_at"] = generatedAt,
            ["generated_by"] = request.GeneratedBy,
            ["source_health_generated_at"] = report["generated_at"]!.DeepClone(),
            ["alert_level"] = report["alert_level"]!.DeepClone(),
            ["summary"] = summary,
            ["requested_provider"] = request.Providers.Count == 0 ? "all" : string.Join(",", request.Providers),
            ["eligible_providers"] = Strings(eligible),
            ["selected_providers"] = Strings(selected),
            ["suppressed_providers"] = new JsonArray([.. suppressed.Where(s => eligible.Contains(s.Key)).Select(s => (JsonNode)new JsonObject
            {
                ["provider"] = s.Key, ["last_delivery_at"] = s.Value.At, ["last_plan_id"] = s.Value.PlanId, ["last_delivery_record_id"] = s.Value.DeliveryRecordId,
            })]),
            ["suppression_window_minutes"] = request.SuppressionWindowMinutes,
            ["force"] = request.Force,
            ["acknowledgement_required_providers"] = Strings(selected),
            ["controls"] = new JsonArray(
                "A repeat of the same health state inside the suppression window is suppressed unless force is true.",
                "Alerts carry counts, ids, states and fixed recommendations; no connector secret."),
        };
    }

    private static EvidenceDraft PlanRecord(HealthAlertStream alerts, JsonObject plan, DateTimeOffset now)
    {
        var body = RecordBody.Of(alerts.AlertPlan.PayloadKey, plan, PlanIndex);

        var suppressed = plan["suppressed_providers"]!.AsArray();
        body["suppressed_providers"] = new JsonArray([.. suppressed.Select(s => s!["provider"]!.DeepClone())]);
        // Every provider the plan decided about (sent or suppressed), so a provider filter keeps the plans that suppressed it.
        body["providers"] = new JsonArray([.. plan["selected_providers"]!.AsArray().Select(p => (string)p!)
            .Concat(suppressed.Select(s => (string)s!["provider"]!)).Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]);
        body["suppressed_provider_count"] = suppressed.Count;
        return new EvidenceDraft(
            (string)plan["plan_id"]!, alerts.AlertPlan.Kind, now, (string)plan["generated_by"]!, plan["eligible_providers"]!.AsArray().Count,
            suppressed.Count, plan["acknowledgement_required_providers"]!.AsArray().Count, body);
    }

    /// <summary>
    /// The alert event about a health report under its alert plan: what Send Alert delivers, and what the alert
    /// re-delivery worker rebuilds from the stored health and plan.
    /// </summary>
    public static JsonObject Event(DeliveryStream stream, JsonObject report, JsonObject plan, int maxAlerts, DateTimeOffset now)
    {
        var alerts = Alerts(stream);
        var counts = WorkerHealth.AlertSummary(stream, report);
        var all = report["alerts"]!.AsArray();
        var sent = new JsonArray([.. all.Take(maxAlerts).Select(a => a!.DeepClone())]);
        var omitted = all.Count - sent.Count;
        var level = (string)report["alert_level"]!;
        var healthId = (string)report["health_id"]!;
        var summary = plan["summary"]!.DeepClone().AsObject();
        summary["omitted_alert_count"] = omitted;
        var title = $"CAVRA {alerts.Subject} {level}";
        return new JsonObject
        {
            ["schema_version"] = alerts.EventSchema,
            ["event_type"] = alerts.EventType,
            ["session_id"] = healthId,
            ["health_id"] = healthId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = plan["generated_by"]!.DeepClone(),
            ["source_health_generated_at"] = report["generated_at"]!.DeepClone(),
            ["title"] = title,
            ["alert_level"] = level,
            ["max_severity"] = level == "critical" ? "high" : level == "warning" ? "medium" : "low",
            ["blocked_count"] = counts["blocked_count"]!.DeepClone(),
            ["approval_required_count"] = sent.Count,
            ["decision_count"] = counts["decision_count"]!.DeepClone(),
            ["summary"] = summary,
            ["alerts"] = sent,
            ["omitted_alert_count"] = omitted,
            ["recommendations"] = (report["recommendations"] ?? report["recommended_actions"])!.DeepClone(),
            ["controls"] = plan["controls"]!.DeepClone(),
            [alerts.AlertPlan.PayloadKey] = plan.DeepClone(),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
