namespace Cavra.Core.Connectors;

/// <summary>
/// One configured connector, as written in configuration. Secrets may be given directly or as the name of an
/// environment variable (<c>*_env</c>), which is read at send time.
/// </summary>
public sealed record ConnectorDefinition
{
    public required string Name { get; init; }

    public required string Provider { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Url { get; init; }

    public string? UrlEnv { get; init; }

    public string Method { get; init; } = "POST";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? Authorization { get; init; }

    public string? AuthorizationEnv { get; init; }

    public string? Token { get; init; }

    public string? TokenEnv { get; init; }

    public string? AuthorizationScheme { get; init; }

    public string? ApiKey { get; init; }

    public string? ApiKeyEnv { get; init; }

    public string? ApiKeyHeader { get; init; }

    public string? SigningSecret { get; init; }

    public string? SigningSecretEnv { get; init; }

    public string? Title { get; init; }

    /// <summary>Splunk index (default "cavra").</summary>
    public string? Index { get; init; }

    /// <summary>Datadog service (default "cavra").</summary>
    public string? Service { get; init; }

    /// <summary>Splunk/Sentinel source and source type.</summary>
    public string? Source { get; init; }

    public string? SourceType { get; init; }

    /// <summary>Jira project key and issue type.</summary>
    public string? ProjectKey { get; init; }

    public string? IssueType { get; init; }
}
