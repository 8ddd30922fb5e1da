using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Connectors;

/// <summary>
/// The body each provider receives. An event may carry its own body per provider under
/// <c>provider_payloads.{provider}</c>; otherwise the provider's default body is built from the event.
/// </summary>
public static class ConnectorPayloads
{
    private static readonly string[] EventIdFields =
        ["session_id", "execution_id", "rollback_id", "publication_id", "export_id", "approval_id", "request_id", "event_id"];

    /// <summary>The event's id: the first id field present, else its event type (reference §1.4).</summary>
    public static string EventId(JsonObject connectorEvent) =>
        EventIdFields.Select(f => Text(connectorEvent, f)).FirstOrDefault(v => v is not null) ?? EventType(connectorEvent);

    public static string EventType(JsonObject connectorEvent) => Text(connectorEvent, "event_type") ?? "cavra.event";

    public static JsonObject Body(ConnectorDefinition connector, JsonObject connectorEvent, DateTimeOffset now)
    {
        if (connectorEvent["provider_payloads"] is JsonObject payloads && payloads[connector.Provider] is JsonObject own)
        {
            return own.DeepClone().AsObject();
        }

        return connector.Provider switch
        {
            ProviderNames.Slack => Slack(connector, connectorEvent),
            ProviderNames.Teams => Teams(connector, connectorEvent),
            ProviderNames.Splunk => Splunk(connector, connectorEvent, now),
            ProviderNames.Sentinel => Sentinel(connectorEvent, now),
            ProviderNames.Datadog => Datadog(connector, connectorEvent),
            ProviderNames.Jira => Jira(connector, connectorEvent),
            ProviderNames.ServiceNow => ServiceNow(connector, connectorEvent),
            _ => Webhook(connectorEvent, now),
        };
    }

    private static JsonObject Webhook(JsonObject e, DateTimeOffset now) => new()
    {
        ["schema_version"] = "cavra.webhook.evidence.v1",
        ["product"] = EvidenceStore.Product,
        ["event_type"] = EventType(e),
        ["timestamp"] = Text(e, "generated_at") ?? EvidenceTime.ToText(now),
        ["payload"] = WithoutProviderPayloads(e),
    };

    private static JsonObject Slack(ConnectorDefinition c, JsonObject e) => new()
    {
        ["text"] = Title(c, e),
        ["blocks"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Title(c, e) },
            },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. Facts(e).Select(f => (JsonNode)new JsonObject
                {
                    ["type"] = "mrkdwn",
                    ["text"] = $"*{f.Name}*\n{f.Value}",
                })]),
            }),
    };

    private static JsonObject Teams(ConnectorDefinition c, JsonObject e) => new()
    {
        ["@type"] = "MessageCard",
        ["@context"] = "https://schema.org/extensions",
        ["themeColor"] = Blocked(e) > 0 ? "D13438" : "2EB886",
        ["summary"] = Title(c, e),
        ["title"] = Title(c, e),
        ["sections"] = new JsonArray(new JsonObject
        {
            ["facts"] = new JsonArray([.. Facts(e).Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value })]),
        }),
    };

    private static JsonObject Splunk(ConnectorDefinition c, JsonObject e, DateTimeOffset now) => new()
    {
        ["time"] = Math.Round((EvidenceTime.Parse(Text(e, "generated_at")) ?? now).ToUnixTimeMilliseconds() / 1000.0, 3),
        ["host"] = "cavra",
        ["source"] = c.Source ?? "cavra",
        ["sourcetype"] = c.SourceType ?? "cavra:evidence",
        ["index"] = c.Index ?? "cavra",
        ["event"] = WithoutProviderPayloads(e),
    };

    private static JsonObject Sentinel(JsonObject e, DateTimeOffset now) => new()
    {
        ["records"] = new JsonArray(new JsonObject
        {
            ["TimeGenerated"] = Text(e, "generated_at") ?? EvidenceTime.ToText(now),
            ["Product"] = EvidenceStore.Product,
            ["EventType"] = EventType(e),
            ["EventId"] = EventId(e),
            ["AlertLevel"] = Text(e, "alert_level") ?? "",
            ["BlockedCount"] = Blocked(e),
            ["Title"] = Title(null, e),
            ["Payload"] = CanonicalJson.Serialize(WithoutProviderPayloads(e)),
        }),
    };

    private static JsonObject Datadog(ConnectorDefinition c, JsonObject e) => new()
    {
        ["events"] = new JsonArray(new JsonObject
        {
            ["title"] = Title(c, e),
            ["text"] = string.Join("\n", Facts(e).Select(f => $"{f.Name}: {f.Value}")),
            ["tags"] = new JsonArray(
                "source:cavra", $"service:{c.Service ?? "cavra"}", $"event_type:{EventType(e)}",
                $"alert_level:{Text(e, "alert_level") ?? "none"}"),
            ["alert_type"] = Blocked(e) > 0 ? "error" : "info",
            ["aggregation_key"] = EventId(e),
            ["source_type_name"] = "cavra",
            ["service"] = c.Service ?? "cavra",
        }),
    };

    private static JsonObject Jira(ConnectorDefinition c, JsonObject e)
    {
        var fields = new JsonObject
        {
            ["summary"] = Title(c, e),
            ["description"] = string.Join("\n", Facts(e).Select(f => $"{f.Name}: {f.Value}")),
            ["labels"] = new JsonArray("cavra", Label(EventType(e))),
        };
        if (c.ProjectKey is not null)
        {
            fields["project"] = new JsonObject { ["key"] = c.ProjectKey };
        }

        if (c.IssueType is not null)
        {
            fields["issuetype"] = new JsonObject { ["name"] = c.IssueType };
        }

        return new JsonObject { ["fields"] = fields };
    }

    private static JsonObject ServiceNow(ConnectorDefinition c, JsonObject e) => new()
    {
        ["short_description"] = Title(c, e),
        ["description"] = string.Join("\n", Facts(e).Select(f => $"{f.Name}: {f.Value}")),
        ["category"] = "software",
        ["correlation_id"] = EventId(e),
    };

    private static string Title(ConnectorDefinition? c, JsonObject e) =>
        Text(e, "title") ?? c?.Title ?? $"CAVRA {EventType(e)}";

    private static IEnumerable<(string Name, string Value)> Facts(JsonObject e)
    {
        yield return ("Event", EventType(e));
        yield return ("Id", EventId(e));
        if (Text(e, "alert_level") is { } level)
        {
            yield return ("Alert level", level);
        }

        yield return ("Blocked", Blocked(e).ToString(CultureInfo.InvariantCulture));
        if (Text(e, "generated_at") is { } at)
        {
            yield return ("Generated at", at);
        }
    }

    private static int Blocked(JsonObject e) =>
        e["blocked_count"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int count) ? count : 0;

    private static string Label(string eventType) =>
        new([.. eventType.Select(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_')]);

    private static JsonObject WithoutProviderPayloads(JsonObject e)
    {
        var copy = e.DeepClone().AsObject();
        copy.Remove("provider_payloads");
        return copy;
    }

    private static string? Text(JsonObject e, string field) =>
        e[field] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;
}
