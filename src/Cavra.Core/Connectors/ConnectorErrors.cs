namespace Cavra.Core.Connectors;

/// <summary>
/// A connector is configured wrongly (unknown provider, missing URL, an <c>*_env</c> variable that is not set…).
/// Messages name the setting or variable, never a secret value.
/// </summary>
public sealed class ConnectorConfigurationException(string message) : Exception(message);

/// <summary>A request named connectors that are not configured (or are disabled).</summary>
public sealed class UnknownConnectorException(IReadOnlyList<string> unknown, IReadOnlyList<string> configured)
    : Exception($"connector provider is not configured: {string.Join(", ", unknown)} " +
        $"(configured: {(configured.Count == 0 ? "none" : string.Join(", ", configured))})")
{
    public IReadOnlyList<string> Unknown { get; } = unknown;
}
