using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>What the planner is asked (reference A1 body).</summary>
public sealed record NotificationRequest(
    IReadOnlyList<string> RequestedProviders,
    string GeneratedBy,
    bool Force,
    JsonObject? RoutingPolicy);

/// <summary>
/// Builds the rollback-drill notification plan (reference A1 step 2): for every owner and provider a route with its
/// acknowledgement SLO, escalation owner, maintenance window and owner availability, and a deliver / suppress
/// decision. Pure: the schedule report, the request, the configured connectors and the clock are its only inputs.
/// </summary>
public static class NotificationPlanner
{
    public const string Kind = "go-backend-rollback-drill-notification-plan";
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-notification-plan.v1";
    public const int DefaultAcknowledgementMinutes = 60;

    public static JsonObject Plan(
        DrillScheduleReport report, NotificationRequest request, IReadOnlyList<string> configuredConnectors, DateTimeOffset now)
    {
        var schedule = report.Schedule;
        var scheduleId = schedule?.ScheduleId ?? "go-backend-rollback-drill-schedule";
        var policy = EffectivePolicy(request.RoutingPolicy, schedule);
        var requested = request.RequestedProviders.Select(ProviderNames.Normalize).ToHashSet(StringComparer.Ordinal);
        var eligible = (schedule is { NotificationProviders.Count: > 0 } ? schedule.NotificationProviders
                : configuredConnectors.Count > 0 ? configuredConnectors : ["webhook"])
            .Select(ProviderNames.Normalize)
            .Where(p => requested.Count == 0 || requested.Contains(p))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var notify = request.Force || report.Status is "needs_attention" or "due_soon";
        var owners = schedule is { Owners.Count: > 0 } ? schedule.Owners : ["release-governance"];
        var defaultMinutes = DefaultMinutes(policy);

        var routes = new JsonArray();
        var decisions = new JsonArray();
        foreach (var owner in owners)
        {
            var rule = OwnerRule(policy, owner);
            var ruleProviders = RuleProviders(rule);
            var providers = (ruleProviders.Count > 0 ? ruleProviders : eligible)
                .Where(p => requested.Count == 0 || requested.Contains(p))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var provider in providers)
            {
                var minutes = RuleMinutes(rule, provider) ?? defaultMinutes;
                var window = MaintenanceWindow(policy, scheduleId, provider, owner, now);
                var availability = Availability(policy, owner, now);
                var route = new JsonObject
                {
                    ["route_key"] = EvidenceIds.Derive("gordroute", scheduleId, provider, owner),
                    ["schedule_id"] = scheduleId,
                    ["owner"] = owner,
                    ["provider"] = provider,
                    ["acknowledgement_minutes"] = minutes,
                    ["escalation_owner"] = RuleEscalationOwner(rule) ?? owner,
                    ["maintenance_window"] = window,
                    ["owner_availability"] = availability,
                };
                routes.Add(route);
                var (action, category, reason) =
                    !notify ? ("suppress", "healthy_schedule", "rollback drill schedule is healthy; notification suppressed")
                    : window is not null ? ("suppress", "maintenance_window", "matching maintenance window is active")
                    : availability["available"]!.GetValue<bool>() is false
                        ? ("suppress", "owner_calendar", Text(availability["reason"]) ?? "owner is unavailable")
                    : ("deliver", "deliver", "rollback drill is stale or due soon");
                var decision = route.DeepClone().AsObject();
                decision["action"] = action;
                decision["category"] = category;
                decision["reason"] = reason;
                decisions.Add(decision);
            }
        }

        var delivering = decisions.Where(d => (string?)d!["action"] == "deliver").ToList();
        var suppressing = decisions.Where(d => (string?)d!["action"] == "suppress").ToList();
        var selected = delivering.Select(d => (string)d!["provider"]!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var suppressed = suppressing.Select(d => (string)d!["provider"]!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (suppressed.Count == 0)
        {
            suppressed = [.. eligible.Except(selected)];
        }

        var planId = EvidenceIds.Derive("gordn", new JsonObject
        {
            ["schedule_id"] = scheduleId,
            ["status"] = report.Status,
            ["route_decisions"] = decisions.DeepClone(),
            ["generated_by"] = request.GeneratedBy,
        });
        return new JsonObject
        {
            ["schema_version"] = Schema,
            ["product"] = EvidenceStore.Product,
            ["plan_id"] = planId,
            ["schedule_id"] = scheduleId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = request.GeneratedBy,
            ["status"] = report.Status,
            ["alert_level"] = AlertLevel(report.Status),
            ["eligible_providers"] = Array(eligible),
            ["selected_providers"] = Array(selected),
            ["acknowledgement_required_providers"] = Array(selected),
            ["suppressed_providers"] = Array(suppressed),
            ["owners"] = Array(owners),
            ["owner_routes"] = routes,
            ["route_decisions"] = decisions,
            ["deliverable_route_count"] = delivering.Count,
            ["suppressed_route_count"] = suppressing.Count,
            ["maintenance_suppressed_count"] = suppressing.Count(d => (string?)d!["category"] == "maintenance_window"),
            ["calendar_suppressed_count"] = suppressing.Count(d => (string?)d!["category"] == "owner_calendar"),
            ["next_due_at"] = report.Due.NextDueAt,
            ["reason"] = notify ? "rollback drill is stale or due soon" : "rollback drill schedule is healthy",
            ["controls"] = Array([
                "Notifications carry public-safe schedule metadata only; connector credentials stay in configuration.",
                "Routes in an active maintenance window or for an unavailable owner are suppressed and recorded.",
            ]),
        };
    }

    private static readonly string[] Index =
    [
        "plan_id", "schedule_id", "alert_level", "selected_providers", "acknowledgement_required_providers",
        "deliverable_route_count", "suppressed_route_count", "maintenance_suppressed_count", "calendar_suppressed_count",
    ];

    /// <summary>The plan as its evidence record (reference A1: decision = eligible, blocked = critical, approval = warning).</summary>
    public static EvidenceDraft Record(JsonObject plan, DateTimeOffset now)
    {
        var level = (string)plan["alert_level"]!;
        var body = RecordBody.Of("plan", plan, Index);

        return new EvidenceDraft(
            (string)plan["plan_id"]!, Kind, now, (string)plan["generated_by"]!, plan["eligible_providers"]!.AsArray().Count,
            level == "critical" ? 1 : 0, level == "warning" ? 1 : 0, body);
    }

    public static string AlertLevel(string status) => status switch
    {
        "needs_attention" => "critical",
        "due_soon" => "warning",
        _ => "healthy",
    };

    /// <summary>The request's routing policy, with anything it leaves out taken from the schedule.</summary>
    private static JsonObject EffectivePolicy(JsonObject? requested, DrillSchedule? schedule)
    {
        var policy = requested?.DeepClone().AsObject() ?? [];
        void Fill(string key, JsonNode? value)
        {
            if (policy[key] is null && value is not null)
            {
                policy[key] = value.DeepClone();
            }
        }

        Fill("owner_routes", schedule?.OwnerRoutes);
        Fill("routing_rules", schedule?.RoutingRules);
        Fill("maintenance_windows", schedule?.MaintenanceWindows);
        Fill("owner_calendars", schedule?.OwnerCalendars);
        return policy;
    }

    /// <summary>An owner's rule: the entry keyed by owner, or every list rule naming the owner (or no owner), merged.</summary>
    internal static JsonObject OwnerRule(JsonObject policy, string owner)
    {
        var rules = policy["owner_routes"] ?? policy["routing_rules"];
        if (rules is JsonObject byOwner)
        {
            return byOwner.FirstOrDefault(p => string.Equals(p.Key, owner, StringComparison.OrdinalIgnoreCase)).Value as JsonObject ?? [];
        }

        var merged = new JsonObject();
        foreach (var rule in (rules as JsonArray ?? []).OfType<JsonObject>())
        {
            var owners = Strings(rule["owners"]);
            if (owners.Count == 0 || owners.Contains(owner, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var (key, value) in rule)
                {
                    merged[key] = value?.DeepClone();
                }
            }
        }

        return merged;
    }

    private static JsonObject? MaintenanceWindow(JsonObject policy, string scheduleId, string provider, string owner, DateTimeOffset now)
    {
        foreach (var window in (policy["maintenance_windows"] ?? policy["suppression_windows"]) as JsonArray ?? [])
        {
            if (window is not JsonObject w || !Active(w, now) ||
                !Matches(w["schedule_ids"], scheduleId) || !Matches(w["providers"], provider) || !Matches(w["owners"], owner))
            {
                continue;
            }

            return new JsonObject
            {
                ["window_id"] = Text(w["window_id"]) ?? Text(w["id"]) ?? "maintenance-window",
                ["start_at"] = Text(w["start_at"]) ?? Text(w["starts_at"]),
                ["end_at"] = Text(w["end_at"]) ?? Text(w["ends_at"]),
                ["reason"] = Text(w["reason"]) ?? "maintenance window",
            };
        }

        return null;
    }

    private static JsonObject Availability(JsonObject policy, string owner, DateTimeOffset now)
    {
        var calendars = (policy["owner_calendars"] ?? policy["calendars"]) as JsonObject;
        if (calendars?.FirstOrDefault(p => string.Equals(p.Key, owner, StringComparison.OrdinalIgnoreCase)).Value is not JsonObject calendar)
        {
            return new JsonObject { ["available"] = true, ["reason"] = "no owner calendar configured" };
        }

        foreach (var window in ((calendar["unavailable_windows"] ?? calendar["blackout_windows"]) as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Active(window, now))
            {
                return new JsonObject
                {
                    ["available"] = false,
                    ["reason"] = Text(window["reason"]) ?? "owner is unavailable",
                    ["start_at"] = Text(window["start_at"]) ?? Text(window["starts_at"]),
                    ["end_at"] = Text(window["end_at"]) ?? Text(window["ends_at"]),
                };
            }
        }

        return calendar["available"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.False
            ? new JsonObject { ["available"] = false, ["reason"] = Text(calendar["reason"]) ?? "owner is unavailable" }
            : new JsonObject { ["available"] = true, ["reason"] = "owner calendar available" };
    }

    private static bool Active(JsonObject window, DateTimeOffset now)
    {
        var start = EvidenceTime.Parse(Text(window["start_at"]) ?? Text(window["starts_at"]));
        var end = EvidenceTime.Parse(Text(window["end_at"]) ?? Text(window["ends_at"]));
        return start is not null && end is not null && start <= now && now <= end;
    }

    private static bool Matches(JsonNode? list, string value)
    {
        var values = Strings(list);
        return values.Count == 0 || values.Contains(value, StringComparer.OrdinalIgnoreCase);
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(Text).OfType<string>()],
        JsonValue => Text(node) is { } single ? [single] : [],
        _ => [],
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>The policy's acknowledgement SLO: <c>acknowledgement_minutes</c>, else <c>default_slo.acknowledgement_minutes</c>, else 60.</summary>
    internal static int DefaultMinutes(JsonObject? policy) => PolicyMinutes(policy) ?? DefaultAcknowledgementMinutes;

    /// <summary>The SLO the policy itself sets (<c>acknowledgement_minutes</c>, else <c>default_slo.acknowledgement_minutes</c>), if any.</summary>
    internal static int? PolicyMinutes(JsonObject? policy) =>
        PositiveInt(policy?["acknowledgement_minutes"]) ?? PositiveInt(policy?["default_slo"]?["acknowledgement_minutes"]);

    /// <summary>
    /// Where a schedule names providers: <c>notification_providers</c> and the owner rules of <c>owner_routes</c> and
    /// <c>routing_rules</c>. Lets the schedule's store warn and a delivery error name the field the provider came from.
    /// </summary>
    public static IEnumerable<(string Field, string Provider)> NamedProviders(DrillSchedule schedule)
    {
        foreach (var provider in schedule.NotificationProviders)
        {
            yield return ("notification_providers", ProviderNames.Normalize(provider));
        }

        foreach (var (field, rules) in new[] { ("owner_routes", schedule.OwnerRoutes), ("routing_rules", schedule.RoutingRules) })
        {
            var list = rules switch
            {
                JsonObject byOwner => byOwner.Select(r => r.Value),
                JsonArray array => array,
                _ => [],
            };
            foreach (var provider in list.OfType<JsonObject>().SelectMany(RuleProviders))
            {
                yield return (field, provider);
            }
        }
    }

    /// <summary>The providers an owner rule routes to (<c>providers</c> or <c>notification_providers</c>), normalised.</summary>
    internal static List<string> RuleProviders(JsonObject rule) =>
        [.. Strings(rule["providers"] ?? rule["notification_providers"]).Select(ProviderNames.Normalize)];

    /// <summary>An owner rule's SLO for one provider: only when the rule lists no providers or lists this one.</summary>
    internal static int? RuleMinutes(JsonObject rule, string provider)
    {
        var providers = RuleProviders(rule);
        return providers.Count == 0 || providers.Contains(provider) ? PositiveInt(rule["acknowledgement_minutes"] ?? rule["ack_minutes"]) : null;
    }

    internal static string? RuleEscalationOwner(JsonObject rule) => Text(rule["escalation_owner"]) ?? Text(rule["manager"]);

    internal static int? PositiveInt(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number &&
        double.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) &&
        number >= 1 && number <= int.MaxValue
            ? (int)number
            : null;

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
