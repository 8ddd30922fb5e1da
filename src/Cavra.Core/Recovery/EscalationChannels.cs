using Cavra.Core.Connectors;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Recovery;

/// <summary>
/// Where recovery escalations go: the connectors a request names, else the configured escalation channels
/// (<c>Cavra:Escalation:Providers</c>), never the failing connectors the escalation is about. The escalation plan, its
/// delivery and the escalation retry worker all resolve their channels here.
/// </summary>
public sealed class EscalationChannels
{
    public const string Section = "Cavra:Escalation:Providers";

    public const string HowToConfigure =
        $"no escalation channel: configure {Section} (a list or a comma-separated string of connector names) or name the connectors in 'provider'";

    private readonly ConnectorCatalog _catalog;

    public EscalationChannels(IConfiguration configuration, ConnectorCatalog catalog)
    {
        _catalog = catalog;
        var section = configuration.GetSection(Section);
        // A list (Providers:0, Providers:1 …) or one comma-separated string.
        var listed = section.GetChildren().Select(c => c.Value).Append(section.Value).Where(v => !string.IsNullOrWhiteSpace(v));
        Configured = ProviderNames.ParseList(string.Join(",", listed));
    }

    /// <summary>The configured escalation channels, normalised; empty when none are configured.</summary>
    public IReadOnlyList<string> Configured { get; }

    /// <summary>The requested channels (a comma-separated list) or, when none is named, the configured ones; may be empty.</summary>
    public IReadOnlyList<string> Select(string? requested) =>
        ProviderNames.ParseList(requested) is { Count: > 0 } named ? named : Configured;

    /// <summary>
    /// The channels a delivery goes to: the requested ones, else those the plan chose, else the configured ones. A 400
    /// when no connector is configured, when there is no channel (saying how to configure one), or when a channel is
    /// not an enabled connector (naming <c>provider</c>).
    /// </summary>
    public IReadOnlyList<string> Require(string? requested, IEnumerable<string> planned)
    {
        _catalog.RequireConfigured();
        var channels = ProviderNames.ParseList(requested) is { Count: > 0 } named
            ? named
            : planned.Select(ProviderNames.Normalize).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } chosen ? chosen : Configured;
        if (channels.Count == 0)
        {
            throw new InvalidFieldException("provider", HowToConfigure);
        }

        _catalog.RequireEnabled(channels);
        return channels;
    }
}
