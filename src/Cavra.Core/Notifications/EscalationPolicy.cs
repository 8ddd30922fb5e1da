using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Core.Connectors;

namespace Cavra.Core.Notifications;

/// <summary>
/// The <c>policy</c> of a missed-acknowledgement escalation (reference A4): a default acknowledgement SLO
/// (<c>acknowledgement_minutes</c> or <c>default_slo.acknowledgement_minutes</c>) and owner rules (<c>owner_routes</c>
/// or <c>routing_rules</c>, as in a schedule). Every field is checked before anything is stored, so a policy that is
/// accepted is a policy that is applied.
/// </summary>
public static class EscalationPolicy
{
    /// <summary>The longest acknowledgement SLO a policy may set: 30 days.</summary>
    public const int MaxMinutes = 43_200;

    public static readonly IReadOnlyList<string> Fields = ["acknowledgement_minutes", "default_slo", "owner_routes", "routing_rules"];

    public static readonly IReadOnlyList<string> RuleFields =
        ["owners", "providers", "notification_providers", "acknowledgement_minutes", "ack_minutes", "escalation_owner", "manager"];

    private const int MaxText = 200;

    /// <summary>Every problem of <paramref name="policy"/>, each with the field it names (<c>policy.acknowledgement_minutes</c>, …).</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(JsonObject? policy, string path = "policy")
    {
        var problems = new List<(string Field, string Message)>();
        foreach (var (key, value) in policy ?? [])
        {
            var field = path.Length == 0 ? key : $"{path}.{key}";
            switch (key)
            {
                case "acknowledgement_minutes":
                    Minutes(value, field, problems);
                    break;
                case "default_slo" when value is JsonObject slo:
                    foreach (var (sloKey, sloValue) in slo)
                    {
                        if (sloKey == "acknowledgement_minutes")
                        {
                            Minutes(sloValue, $"{field}.{sloKey}", problems);
                        }
                        else
                        {
                            problems.Add(($"{field}.{sloKey}", "is not a default_slo field (known: acknowledgement_minutes)"));
                        }
                    }

                    break;
                case "default_slo":
                    problems.Add((field, "must be a JSON object with acknowledgement_minutes"));
                    break;
                case "owner_routes" or "routing_rules" when value is JsonObject byOwner:
                    foreach (var (owner, rule) in byOwner)
                    {
                        Rule(rule, $"{field}.{owner}", problems);
                    }

                    break;
                case "owner_routes" or "routing_rules" when value is JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        Rule(list[i], $"{field}[{i}]", problems);
                    }

                    break;
                case "owner_routes" or "routing_rules":
                    problems.Add((field, "must be an object keyed by owner or a list of rules"));
                    break;
                default:
                    problems.Add((field, $"is not an escalation policy field (known: {string.Join(", ", Fields)})"));
                    break;
            }
        }

        return problems;
    }

    /// <summary>
    /// The SLO of one delivered route: the policy's owner rule for it, else the policy's default, else the SLO the
    /// notification plan gave the route, else 60 minutes.
    /// </summary>
    public static int RouteMinutes(JsonObject? policy, JsonObject route)
    {
        var rule = policy is null ? [] : NotificationPlanner.OwnerRule(policy, (string?)route["owner"] ?? "");
        return NotificationPlanner.RuleMinutes(rule, (string?)route["provider"] ?? "")
            ?? NotificationPlanner.PolicyMinutes(policy)
            ?? NotificationPlanner.PositiveInt(route["acknowledgement_minutes"])
            ?? NotificationPlanner.DefaultAcknowledgementMinutes;
    }

    /// <summary>Who a breached route escalates to: the policy's owner rule, else the plan's escalation owner.</summary>
    public static JsonNode? RouteEscalationOwner(JsonObject? policy, JsonObject route)
    {
        var rule = policy is null ? [] : NotificationPlanner.OwnerRule(policy, (string?)route["owner"] ?? "");
        return NotificationPlanner.RuleEscalationOwner(rule) is { } owner ? owner : route["escalation_owner"]?.DeepClone();
    }

    private static void Minutes(JsonNode? value, string field, List<(string Field, string Message)> problems)
    {
        var whole = value is JsonValue number && number.GetValueKind() == JsonValueKind.Number &&
            number.TryGetValue(out double minutes) && minutes == Math.Floor(minutes) && minutes is >= 1 and <= MaxMinutes;
        if (!whole)
        {
            problems.Add((field, $"must be a whole number of minutes from 1 to {MaxMinutes}"));
        }
    }

    private static void Rule(JsonNode? rule, string path, List<(string Field, string Message)> problems)
    {
        if (rule is not JsonObject fields)
        {
            problems.Add((path, $"must be a rule object ({string.Join(", ", RuleFields)})"));
            return;
        }

        foreach (var (key, value) in fields)
        {
            var field = $"{path}.{key}";
            switch (key)
            {
                case "acknowledgement_minutes" or "ack_minutes":
                    Minutes(value, field, problems);
                    break;
                case "escalation_owner" or "manager":
                    if (!IsText(value))
                    {
                        problems.Add((field, $"must be a non-empty string of at most {MaxText} characters"));
                    }

                    break;
                case "owners":
                    TextOrList(value, field, IsText, "must be an owner name or a list of owner names", problems);
                    break;
                case "providers" or "notification_providers":
                    TextOrList(
                        value, field, v => IsText(v) && ProviderNames.Known.Contains(ProviderNames.Normalize((string)v!)),
                        $"must be a provider or a list of providers ({string.Join(", ", ProviderNames.Known)})", problems);
                    break;
                default:
                    problems.Add((field, $"is not an owner rule field (known: {string.Join(", ", RuleFields)})"));
                    break;
            }
        }
    }

    private static bool IsText(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) && text.Length <= MaxText;

    /// <summary>A single value or a list of them; a bad list entry is named by its index.</summary>
    private static void TextOrList(JsonNode? node, string field, Func<JsonNode?, bool> item, string message, List<(string Field, string Message)> problems)
    {
        if (node is not JsonArray list)
        {
            if (!item(node))
            {
                problems.Add((field, message));
            }

            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!item(list[i]))
            {
                problems.Add(($"{field}[{i}]", message));
            }
        }
    }
}
