using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Recovery;

/// <summary>What Deliver Recovery Escalation is asked (reference I2).</summary>
/// <param name="Provider">Escalation channels named by the request (comma-separated), or null for the plan's or the configured ones.</param>
/// <param name="MaxRoutes">At most this many routes go into the event.</param>
/// <param name="SloMinutes">The SLO of a fresh plan (plan id <c>latest</c>).</param>
/// <param name="GeneratedBy">Who asks.</param>
public sealed record EscalationDeliveryRequest(string? Provider, int MaxRoutes, int SloMinutes, string GeneratedBy);

/// <summary>A delivered escalation: the plan (stored now when it was built for <c>latest</c>) and the delivery.</summary>
public sealed record EscalationDeliveryOutcome(
    JsonObject Plan, StoredEvidence PlanRecord, ConnectorDeliveryResult Delivery, StoredEvidence DeliveryRecord);

/// <summary>
/// The recovery escalation chain's first steps (reference I1–I3): plan escalations from the retry recovery report,
/// deliver them to the escalation channels, and record the channel owners' acknowledgements (which gate live
/// escalation retries, see <see cref="RecoveryEscalationRetryTarget"/>).
/// </summary>
public sealed class RecoveryEscalations(
    RetryRecoveryReports reports, EscalationChannels channels, ConnectorCatalog catalog, ConnectorSender sender,
    EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    /// <summary>The plan id that asks Deliver for a fresh plan.</summary>
    public const string Latest = "latest";

    public const int DefaultMaxRoutes = 20;

    public const string EventSchema = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-recovery-escalation.v1";

    private static readonly string[] PlanIndex =
        ["plan_id", "recovery_report_id", "alert_level", "escalation_count", "slo_breached_count", "failed_execution_count", "selected_providers"];

    public static readonly IReadOnlyList<string> Controls =
    [
        "Escalations go to the escalation channels (the request's provider or Cavra:Escalation:Providers), not to the failing connectors.",
        "Escalation routes carry provider names, states, counts and ages only; no connector secret or ticket content.",
        "A live escalation retry needs an accepted, acknowledged or resolved escalation acknowledgement for the plan and channel.",
    ];

    /// <summary>Plan Recovery Escalation (I1): built from the retry recovery report (not stored), stored itself.</summary>
    public async Task<(JsonObject Plan, StoredEvidence Record)> PlanAsync(
        int sloMinutes, string generatedBy, string? provider, CancellationToken cancellationToken)
    {
        var (plan, draft) = await BuildPlanAsync(sloMinutes, generatedBy, provider, cancellationToken);
        return (plan, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>
    /// Deliver Recovery Escalation (I2): the stored plan (404 when unknown), or a fresh one for <c>latest</c>, sent to the
    /// escalation channels. A fresh plan and the delivery are stored together; a refused request stores nothing.
    /// </summary>
    public async Task<EscalationDeliveryOutcome> DeliverAsync(
        string planId, EscalationDeliveryRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        catalog.RequireConfigured();
        JsonObject plan;
        EvidenceDraft? planDraft = null;
        StoredEvidence? planRecord = null;
        if (planId == Latest)
        {
            (plan, planDraft) = await BuildPlanAsync(request.SloMinutes, request.GeneratedBy, request.Provider, cancellationToken);
        }
        else
        {
            planRecord = await RequirePlanAsync(planId, cancellationToken);
            plan = planRecord.Record[RecoveryRecords.EscalationPlan.PayloadKey]!.AsObject();
        }

        var providers = channels.Require(request.Provider, Strings(plan["selected_providers"]));
        var escalation = Event(plan, request.MaxRoutes, request.GeneratedBy);
        SecretScanner.EnsureNone(escalation);
        var delivery = await sender.DeliverAsync(escalation, providers, options, cancellationToken);
        var deliveryDraft = DeliveryRecord(delivery, (string)plan["plan_id"]!);
        if (planDraft is null)
        {
            return new EscalationDeliveryOutcome(plan, planRecord!, delivery, await store.AppendAsync(deliveryDraft, cancellationToken));
        }

        var stored = await store.AppendAllAsync([planDraft, deliveryDraft], cancellationToken);
        return new EscalationDeliveryOutcome(plan, stored[0], delivery, stored[1]);
    }

    /// <summary>Ack Recovery Escalation (I3): the plan must exist (404); <c>escalation_reason</c> is kept with the acknowledgement.</summary>
    public async Task<(JsonObject Acknowledgement, StoredEvidence Record)> AcknowledgeAsync(
        string planId, AcknowledgementInput input, string? escalationReason, CancellationToken cancellationToken)
    {
        await RequirePlanAsync(planId, cancellationToken);
        var (acknowledgement, draft) = Acknowledgements.Build(
            RecoveryRecords.EscalationAcknowledgement, planId,
            input with { Extra = new JsonObject { ["escalation_reason"] = escalationReason ?? "" } },
            clock.GetUtcNow());
        return (acknowledgement, await store.AppendAsync(draft, cancellationToken));
    }

    public Task<StoredEvidence> RequirePlanAsync(string planId, CancellationToken cancellationToken) =>
        query.RequireAsync(planId, RecoveryRecords.EscalationPlan.Kind, "recovery escalation plan", cancellationToken);

    private async Task<(JsonObject Plan, EvidenceDraft Draft)> BuildPlanAsync(
        int sloMinutes, string generatedBy, string? provider, CancellationToken cancellationToken)
    {
        var selected = channels.Select(provider);
        if (ProviderNames.ParseList(provider).Count > 0)
        {
            // Channels the request names must be connectors that can receive the escalation.
            catalog.RequireEnabled(selected);
        }

        var now = clock.GetUtcNow();
        var report = await reports.BuildAsync(sloMinutes, generatedBy, cancellationToken);
        var plan = Plan(report, selected, generatedBy, now);
        return (plan, PlanRecord(plan, now));
    }

    /// <summary>
    /// The escalation plan from a retry recovery report (reference I1): a route per breached or open recovery and per
    /// provider with failed or skipped retry executions, most severe first. <paramref name="channels"/> are where the
    /// escalation goes (<c>selected_providers</c>); the failing connectors are <c>escalated_providers</c>.
    /// </summary>
    public static JsonObject Plan(JsonObject report, IReadOnlyList<string> channels, string generatedBy, DateTimeOffset now)
    {
        var sloMinutes = (int)report["recovery_slo_minutes"]!;
        var routes = new List<JsonObject>();
        foreach (var row in report["recovery_rows"]!.AsArray().OfType<JsonObject>())
        {
            var status = (string)row["slo_status"]!;
            if (status is not ("breached" or "open"))
            {
                continue;
            }

            var breached = status == "breached";
            routes.Add(new JsonObject
            {
                ["provider"] = row["provider"]!.DeepClone(),
                ["category"] = row["category"]!.DeepClone(),
                ["severity"] = breached ? "critical" : "warning",
                ["reason"] = breached ? "recovery SLO breached" : "connector recovery remains open",
                ["recommended_action"] = breached ? "page release owner and require executive visibility" : "notify release owner for recovery follow-up",
                ["playbook_id"] = row["playbook_id"]!.DeepClone(),
                ["closure_state"] = row["closure_state"]!.DeepClone(),
                ["age_minutes"] = row["age_minutes"]?.DeepClone(),
                ["recovery_slo_minutes"] = sloMinutes,
                ["failure_count"] = row["failure_count"]!.DeepClone(),
                ["slo_status"] = status,
                ["slo_breached"] = breached,
            });
        }

        foreach (var summary in report["provider_summary"]!.AsArray().OfType<JsonObject>())
        {
            var failed = (int)summary["execution_failed_count"]! + (int)summary["execution_skipped_count"]!;
            if (failed > 0)
            {
                routes.Add(new JsonObject
                {
                    ["provider"] = summary["provider"]!.DeepClone(),
                    ["category"] = "retry-execution",
                    ["severity"] = "critical",
                    ["reason"] = "failed or skipped retry execution",
                    ["recommended_action"] = "review the failed retry executions, fix the connector and approve a new retry",
                    ["playbook_id"] = "",
                    ["closure_state"] = "review_required",
                    ["age_minutes"] = null,
                    ["recovery_slo_minutes"] = sloMinutes,
                    ["failure_count"] = failed,
                    ["slo_status"] = "review_required",
                    ["slo_breached"] = false,
                });
            }
        }

        var sorted = routes
            .OrderByDescending(r => (string)r["severity"]! == "critical")
            .ThenByDescending(r => (int)r["failure_count"]!)
            .ThenByDescending(r => (long?)r["age_minutes"] ?? -1)
            .ToList();
        var escalationRoutes = new JsonArray([.. sorted.Select(r => (JsonNode)r)]);
        var critical = sorted.Count(r => (string)r["severity"]! == "critical");
        var escalated = sorted.Select(r => (string)r["provider"]!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rowCount = report["recovery_rows"]!.AsArray().Count;
        var level = critical > 0 ? "critical" : sorted.Count > 0 ? "warning" : "healthy";
        var generatedAt = EvidenceTime.ToText(now);
        var reportId = (string)report["report_id"]!;
        return new JsonObject
        {
            ["schema_version"] = RecoveryRecords.EscalationPlan.Schema,
            ["product"] = EvidenceStore.Product,
            ["plan_id"] = EvidenceIds.Derive(RecoveryRecords.EscalationPlan.IdPrefix, new JsonObject
            {
                ["generated_at"] = generatedAt, ["recovery_report_id"] = reportId, ["routes"] = escalationRoutes.DeepClone(),
                ["selected_providers"] = Names(channels),
            }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["alert_level"] = level,
            ["recovery_slo_minutes"] = sloMinutes,
            ["recovery_report_id"] = reportId,
            ["escalation_count"] = sorted.Count,
            ["critical_escalation_count"] = critical,
            ["slo_breached_count"] = report["recovery_slo_breached_count"]!.DeepClone(),
            ["failed_execution_count"] = report["execution_failed_count"]!.DeepClone(),
            ["open_recovery_count"] = report["recovery_open_count"]!.DeepClone(),
            ["provider_count"] = escalated.Count,
            ["selected_providers"] = Names(channels),
            ["escalated_providers"] = Names(escalated),
            ["escalation_routes"] = escalationRoutes,
            ["executive_summary"] = new JsonObject
            {
                ["status"] = level,
                ["tracked_provider_count"] = report["provider_summary"]!.AsArray().Count,
                ["execution_count"] = report["execution_count"]!.DeepClone(),
                ["failed_execution_count"] = report["execution_failed_count"]!.DeepClone(),
                ["open_recovery_count"] = report["recovery_open_count"]!.DeepClone(),
                ["slo_breached_count"] = report["recovery_slo_breached_count"]!.DeepClone(),
                ["closure_rate"] = rowCount == 0 ? null : Math.Round((double)(int)report["recovery_closed_count"]! / rowCount, 4),
            },
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    /// <summary>The stored plan: decisions are the routes, blocked the critical ones, approval required the open recoveries.</summary>
    public static EvidenceDraft PlanRecord(JsonObject plan, DateTimeOffset now) => new(
        (string)plan["plan_id"]!, RecoveryRecords.EscalationPlan.Kind, now, (string)plan["generated_by"]!,
        (int)plan["escalation_count"]!, (int)plan["critical_escalation_count"]!, (int)plan["open_recovery_count"]!,
        RecordBody.Of(RecoveryRecords.EscalationPlan.PayloadKey, plan, PlanIndex));

    /// <summary>
    /// The escalation event of a plan (reference I2): what Deliver sends and what the escalation retry worker sends
    /// again. Its event_id is the plan id, so every delivery of the plan is keyed to it.
    /// </summary>
    public static JsonObject Event(JsonObject plan, int maxRoutes, string generatedBy)
    {
        var all = plan["escalation_routes"]!.AsArray();
        var level = (string)plan["alert_level"]!;
        return new JsonObject
        {
            ["schema_version"] = EventSchema,
            ["event_type"] = RecoveryRecords.EscalationEventType,
            ["product"] = EvidenceStore.Product,
            ["event_id"] = plan["plan_id"]!.DeepClone(),
            ["plan_id"] = plan["plan_id"]!.DeepClone(),
            ["generated_at"] = plan["generated_at"]!.DeepClone(),
            ["generated_by"] = generatedBy,
            ["title"] = $"CAVRA rollback drill recovery escalation {level}",
            ["alert_level"] = level,
            ["blocked_count"] = plan["critical_escalation_count"]!.DeepClone(),
            ["summary"] = plan["executive_summary"]!.DeepClone(),
            ["escalation_count"] = plan["escalation_count"]!.DeepClone(),
            ["slo_breached_count"] = plan["slo_breached_count"]!.DeepClone(),
            ["failed_execution_count"] = plan["failed_execution_count"]!.DeepClone(),
            ["open_recovery_count"] = plan["open_recovery_count"]!.DeepClone(),
            ["escalated_providers"] = plan["escalated_providers"]?.DeepClone() ?? new JsonArray(),
            ["routes"] = new JsonArray([.. all.Take(maxRoutes).Select(r => r!.DeepClone())]),
            ["omitted_route_count"] = Math.Max(0, all.Count - maxRoutes),
            ["controls"] = plan["controls"]!.DeepClone(),
        };
    }

    /// <summary>The delivery record of an escalation (or its retry): keyed to the plan, listing the channels it went to.</summary>
    public static EvidenceDraft DeliveryRecord(ConnectorDeliveryResult delivery, string planId, JsonObject? extra = null)
    {
        var correlation = new JsonObject
        {
            ["plan_id"] = planId,
            ["selected_providers"] = Names([.. delivery.Deliveries.Select(d => d.Provider)]),
        };
        foreach (var (key, value) in extra ?? [])
        {
            correlation[key] = value?.DeepClone();
        }

        return ConnectorDeliveryRecord.Build(delivery, RecoveryRecords.EscalationSource, correlation);
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(p => (string)p!) ?? [];

    private static JsonArray Names(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
