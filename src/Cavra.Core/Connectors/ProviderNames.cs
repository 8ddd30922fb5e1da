namespace Cavra.Core.Connectors;

/// <summary>Provider names, normalised the same way everywhere: trimmed, lower case, '-' → '_'.</summary>
public static class ProviderNames
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Splunk = "splunk";
    public const string Sentinel = "sentinel";
    public const string Datadog = "datadog";
    public const string Jira = "jira";
    public const string ServiceNow = "servicenow";

    public static IReadOnlyList<string> Known { get; } = [Webhook, Slack, Teams, Splunk, Sentinel, Datadog, Jira, ServiceNow];

    /// <summary>Providers that refuse to deliver without credentials.</summary>
    public static IReadOnlySet<string> RequireAuthentication { get; } = new HashSet<string>([Splunk, Sentinel, Datadog, Jira, ServiceNow]);

    public static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');

    /// <summary>A comma-separated list as distinct normalised names, in order; empty entries are dropped.</summary>
    public static IReadOnlyList<string> ParseList(string? csv) =>
        string.IsNullOrWhiteSpace(csv)
            ? []
            : [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Normalize).Distinct(StringComparer.Ordinal)];
}
