using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>
/// Missed-acknowledgement escalation (reference A4): for the latest notification plan of every schedule, each
/// delivered route is checked against its latest acknowledgement and its acknowledgement SLO.
/// </summary>
public sealed class EscalationPlanner(EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    public const string Kind = "go-backend-rollback-drill-notification-escalation-plan";
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-notification-escalation-plan.v1";

    public async Task<(JsonObject Plan, StoredEvidence Record)> PlanAsync(
        JsonObject? policy, string generatedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plans = await query.LatestPerKeyAsync(RecordFilter.OfKind(NotificationPlanner.Kind), RecordKey.ScheduleId, cancellationToken);
        var acknowledgements = new Dictionary<(string Schedule, string Provider), string>();
        foreach (var plan in plans)
        {
            var scheduleId = (string)plan.Record["schedule_id"]!;
            foreach (var (provider, state) in await Acknowledgements.LatestStatesAsync(query, scheduleId, cancellationToken))
            {
                acknowledgements[(scheduleId, provider)] = state;
            }
        }

        var escalation = Build(plans.Select(p => (p.Record, p.CreatedAt)).ToList(), acknowledgements, policy, generatedBy, now);
        var record = await store.AppendAsync(Record(escalation, now), cancellationToken);
        return (escalation, record);
    }

    /// <summary>
    /// Pure: the escalation plan from the latest plans, the latest acknowledgement states and the clock. The policy
    /// (checked by <see cref="EscalationPolicy.Problems"/>) decides each route's SLO before the plan's own.
    /// </summary>
    public static JsonObject Build(
        IReadOnlyList<(JsonObject Record, string CreatedAt)> latestPlans,
        IReadOnlyDictionary<(string Schedule, string Provider), string> acknowledgements,
        JsonObject? policy,
        string generatedBy,
        DateTimeOffset now)
    {
        var defaultMinutes = NotificationPlanner.DefaultMinutes(policy);
        var routes = new JsonArray();
        foreach (var (record, createdAt) in latestPlans.OrderBy(p => (string?)p.Record["schedule_id"], StringComparer.Ordinal))
        {
            var plan = record["plan"]!.AsObject();
            var scheduleId = (string)plan["schedule_id"]!;
            var age = Math.Round((now - (EvidenceTime.Parse(createdAt) ?? now)).TotalMinutes, 2);
            var delivered = plan["route_decisions"]!.AsArray().OfType<JsonObject>().Where(d => (string?)d["action"] == "deliver").ToList();
            foreach (var route in delivered)
            {
                var provider = (string)route["provider"]!;
                var state = acknowledgements.TryGetValue((scheduleId, provider), out var latest) ? latest : "outstanding";
                var acknowledged = Acknowledgements.Settled.Contains(state);
                var minutes = EscalationPolicy.RouteMinutes(policy, route);
                var breached = !acknowledged && age >= minutes;
                routes.Add(new JsonObject
                {
                    ["schedule_id"] = scheduleId,
                    ["plan_id"] = plan["plan_id"]!.DeepClone(),
                    ["provider"] = provider,
                    ["owner"] = route["owner"]!.DeepClone(),
                    ["escalation_owner"] = EscalationPolicy.RouteEscalationOwner(policy, route),
                    ["acknowledgement_state"] = state,
                    ["acknowledged"] = acknowledged,
                    ["age_minutes"] = age,
                    ["acknowledgement_minutes"] = minutes,
                    ["breached"] = breached,
                    ["recommended_action"] = breached ? "escalate_missed_drill_notification" : acknowledged ? "no_action" : "wait_for_acknowledgement",
                });
            }
        }

        var outstanding = routes.Count(r => !(bool)r!["acknowledged"]!);
        var breachedCount = routes.Count(r => (bool)r!["breached"]!);
        var level = breachedCount > 0 ? "critical" : outstanding > 0 ? "warning" : "healthy";
        var id = EvidenceIds.Derive("gordesc", new JsonObject
        {
            ["generated_by"] = generatedBy,
            ["alert_level"] = level,
            ["routes"] = routes.DeepClone(),
            ["acknowledgement_minutes"] = defaultMinutes,
        });
        return new JsonObject
        {
            ["schema_version"] = Schema,
            ["product"] = EvidenceStore.Product,
            ["plan_id"] = id,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["alert_level"] = level,
            ["acknowledgement_minutes"] = defaultMinutes,
            ["route_count"] = routes.Count,
            ["outstanding_count"] = outstanding,
            ["breached_count"] = breachedCount,
            ["routes"] = routes,
        };
    }

    public static EvidenceDraft Record(JsonObject plan, DateTimeOffset now) => new(
        (string)plan["plan_id"]!, Kind, now, (string)plan["generated_by"]!,
        (int)plan["route_count"]!, (int)plan["breached_count"]!, (int)plan["outstanding_count"]!,
        new JsonObject
        {
            ["plan_id"] = plan["plan_id"]!.DeepClone(),
            ["alert_level"] = plan["alert_level"]!.DeepClone(),
            ["escalation_plan"] = plan.DeepClone(),
        });
}
