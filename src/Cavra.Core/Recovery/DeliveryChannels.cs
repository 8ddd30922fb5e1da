using Cavra.Core.Connectors;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Recovery;

/// <summary>
/// Where deliveries of one purpose go: the connectors a request names, else the channels configured for that purpose
/// under <see cref="Section"/>, never the failing connectors a delivery is about. Each purpose (recovery escalations,
/// executive reports) is one subclass naming its configuration section, so the plan, its delivery and the retry worker
/// of that purpose all resolve their channels the same way.
/// </summary>
public abstract class DeliveryChannels
{
    private readonly ConnectorCatalog _catalog;

    /// <param name="configuration">The service configuration.</param>
    /// <param name="catalog">The configured connectors.</param>
    /// <param name="section">The configuration key listing the channels (e.g. <c>Cavra:Escalation:Providers</c>).</param>
    /// <param name="purpose">What the channels receive, in words (escalation, executive report).</param>
    protected DeliveryChannels(IConfiguration configuration, ConnectorCatalog catalog, string section, string purpose)
    {
        _catalog = catalog;
        Section = section;
        HowToConfigure =
            $"no {purpose} channel: configure {section} (a list or a comma-separated string of connector names) or name the connectors in 'provider'";
        Configured = ProviderNames.ParseList(string.Join(",", SettingsList.Of(configuration.GetSection(section))));
        // A channel that names no connector could never be delivered to: refuse it at start-up, not at the first delivery.
        if (Configured.Where(n => catalog.Find(n) is null).ToList() is { Count: > 0 } unknown)
        {
            var connectors = catalog.Connectors.Count == 0 ? "none" : string.Join(", ", catalog.Connectors.Select(c => c.Name));
            throw new SettingsException(
                $"{section} names {string.Join(", ", unknown)}, which is not a connector under {ConnectorCatalog.Section} (connectors: {connectors})");
        }
    }

    /// <summary>The configuration key listing the channels.</summary>
    public string Section { get; }

    /// <summary>The 400 message when there is no channel: how to configure one.</summary>
    public string HowToConfigure { get; }

    /// <summary>The configured channels, normalised; empty when none are configured.</summary>
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

/// <summary>Where recovery escalations go (<c>Cavra:Escalation:Providers</c>, reference I1/I2).</summary>
public sealed class EscalationChannels(IConfiguration configuration, ConnectorCatalog catalog)
    : DeliveryChannels(configuration, catalog, Section, "escalation")
{
    public new const string Section = "Cavra:Escalation:Providers";
}

/// <summary>Where recovery executive reports go (<c>Cavra:Executive:Providers</c>, reference J3).</summary>
public sealed class ExecutiveChannels(IConfiguration configuration, ConnectorCatalog catalog)
    : DeliveryChannels(configuration, catalog, Section, "executive report")
{
    public new const string Section = "Cavra:Executive:Providers";
}
