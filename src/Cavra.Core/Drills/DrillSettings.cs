using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Drills;

/// <summary>The original's drill settings, read from configuration (environment variables included) per request.</summary>
public sealed record DrillSettings(string Mode, string SchedulePath, string HistoryPath, double DueSoonDays, double MaxAgeDays)
{
    public static readonly IReadOnlyList<string> Modes = ["disabled", "shadow", "enforce", "promoted"];

    public bool Promoted => Mode == "promoted";

    public static DrillSettings From(IConfiguration configuration)
    {
        var mode = (configuration["CAVRA_GO_BACKEND_MODE"] ?? "disabled").Trim().ToLowerInvariant();
        return new DrillSettings(
            Modes.Contains(mode) ? mode : "disabled",
            configuration["CAVRA_GO_ROLLBACK_DRILL_SCHEDULE"] ?? "",
            configuration["CAVRA_GO_ROLLBACK_DRILL_HISTORY"] ?? "",
            Positive(configuration["CAVRA_GO_ROLLBACK_DRILL_DUE_SOON_DAYS"], 14.0),
            Positive(configuration["CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS"], 90.0));
    }

    private static double Positive(string? text, double fallback) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
