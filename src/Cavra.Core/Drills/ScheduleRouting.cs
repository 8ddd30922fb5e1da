using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;

namespace Cavra.Core.Drills;

/// <summary>
/// The free-form routing parts of a schedule (owner rules, maintenance windows, owner calendars) checked against the
/// shapes the notification planner reads, so a window with a typo or a string where a rule belongs is refused with
/// the path that is wrong instead of being stored and silently ignored when routes are planned.
/// </summary>
public static class ScheduleRouting
{
    private static readonly string[] WindowFields = ["window_id", "id", "start_at", "starts_at", "end_at", "ends_at", "reason", "schedule_ids", "providers", "owners"];
    private static readonly string[] CalendarFields = ["available", "reason", "unavailable_windows", "blackout_windows"];

    public static IReadOnlyList<(string Field, string Message)> Problems(DrillSchedule schedule)
    {
        // Owner rules have the escalation policy's shape: one check serves both.
        var rules = new JsonObject();
        if (schedule.OwnerRoutes is not null)
        {
            rules["owner_routes"] = schedule.OwnerRoutes.DeepClone();
        }

        if (schedule.RoutingRules is not null)
        {
            rules["routing_rules"] = schedule.RoutingRules.DeepClone();
        }

        var problems = EscalationPolicy.Problems(rules, path: "").ToList();
        Windows(schedule.MaintenanceWindows, "maintenance_windows", problems);
        Calendars(schedule.OwnerCalendars, "owner_calendars", problems);
        return problems;
    }

    /// <summary>
    /// A delivery's <c>routing_policy</c>: the schedule's routing parts (and their aliases) plus the acknowledgement SLO,
    /// each checked as the schedule's are.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> PolicyProblems(JsonObject? policy, string path)
    {
        var problems = new List<(string Field, string Message)>();
        var rules = new JsonObject();
        foreach (var (key, value) in policy ?? [])
        {
            var field = $"{path}.{key}";
            switch (key)
            {
                case "acknowledgement_minutes" or "default_slo" or "owner_routes" or "routing_rules":
                    rules[key] = value?.DeepClone();
                    break;
                case "maintenance_windows" or "suppression_windows":
                    Windows(value as JsonArray, field, problems, value is not (null or JsonArray));
                    break;
                case "owner_calendars" or "calendars":
                    Calendars(value as JsonObject, field, problems, value is not (null or JsonObject));
                    break;
                default:
                    problems.Add((field, $"is not a routing policy field (known: {string.Join(", ", PolicyFields)})"));
                    break;
            }
        }

        problems.InsertRange(0, EscalationPolicy.Problems(rules, path));
        return problems;
    }

    private static readonly string[] PolicyFields =
        ["acknowledgement_minutes", "default_slo", "owner_routes", "routing_rules", "maintenance_windows", "suppression_windows", "owner_calendars", "calendars"];

    private static void Windows(JsonArray? windows, string path, List<(string, string)> problems, bool wrongType = false)
    {
        if (wrongType)
        {
            problems.Add((path, "must be a list of windows with start_at and end_at"));
        }

        for (var i = 0; i < (windows?.Count ?? 0); i++)
        {
            Window(windows![i], $"{path}[{i}]", WindowFields, problems);
        }
    }

    private static void Calendars(JsonObject? calendars, string path, List<(string, string)> problems, bool wrongType = false)
    {
        if (wrongType)
        {
            problems.Add((path, "must be an object keyed by owner"));
        }

        foreach (var (owner, calendar) in calendars ?? [])
        {
            Calendar(calendar, $"{path}.{owner}", problems);
        }
    }

    private static void Calendar(JsonNode? calendar, string path, List<(string, string)> problems)
    {
        if (calendar is not JsonObject fields)
        {
            problems.Add((path, $"must be a calendar object ({string.Join(", ", CalendarFields)})"));
            return;
        }

        foreach (var (key, value) in fields)
        {
            var field = $"{path}.{key}";
            switch (key)
            {
                case "available" when value is not JsonValue flag || flag.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False):
                    problems.Add((field, "must be true or false"));
                    break;
                case "reason" when !IsText(value):
                    problems.Add((field, "must be a non-empty string"));
                    break;
                case "unavailable_windows" or "blackout_windows" when value is JsonArray windows:
                    for (var i = 0; i < windows.Count; i++)
                    {
                        Window(windows[i], $"{field}[{i}]", ["start_at", "starts_at", "end_at", "ends_at", "reason"], problems);
                    }

                    break;
                case "unavailable_windows" or "blackout_windows":
                    problems.Add((field, "must be a list of windows with start_at and end_at"));
                    break;
                case "available" or "reason":
                    break;
                default:
                    problems.Add((field, $"is not a calendar field (known: {string.Join(", ", CalendarFields)})"));
                    break;
            }
        }
    }

    private static void Window(JsonNode? window, string path, string[] known, List<(string, string)> problems)
    {
        if (window is not JsonObject fields)
        {
            problems.Add((path, "must be a window object with start_at and end_at"));
            return;
        }

        foreach (var (key, value) in fields)
        {
            var field = $"{path}.{key}";
            if (!known.Contains(key))
            {
                problems.Add((field, $"is not a window field (known: {string.Join(", ", known)})"));
            }
            else if (key is "start_at" or "starts_at" or "end_at" or "ends_at" && EvidenceTime.Parse(Text(value)) is null)
            {
                problems.Add((field, "must be an ISO-8601 timestamp"));
            }
            else if (key is "schedule_ids" or "providers" or "owners" && !(value is JsonArray list ? list.All(IsText) : IsText(value)))
            {
                problems.Add((field, "must be a name or a list of names"));
            }
            else if (key is "window_id" or "id" or "reason" && !IsText(value))
            {
                problems.Add((field, "must be a non-empty string"));
            }
        }

        if (!fields.ContainsKey("start_at") && !fields.ContainsKey("starts_at") || !fields.ContainsKey("end_at") && !fields.ContainsKey("ends_at"))
        {
            problems.Add((path, "needs start_at and end_at (a window without both is never active)"));
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static bool IsText(JsonNode? node) => Text(node) is { Length: > 0 and <= 500 } text && !string.IsNullOrWhiteSpace(text);
}
