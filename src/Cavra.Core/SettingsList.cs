using Microsoft.Extensions.Configuration;

namespace Cavra.Core;

/// <summary>A setting that lists several values: as a list (<c>Key:0</c>, <c>Key:1</c> …) or as one comma-separated string.</summary>
public static class SettingsList
{
    /// <summary>The entries of the setting, trimmed, blanks dropped; empty when it is not set.</summary>
    public static IReadOnlyList<string> Of(IConfigurationSection section) =>
        [.. section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
