using System.Globalization;

namespace Cavra.Core.Evidence;

/// <summary>
/// Timestamps as the original writes them (ISO-8601 UTC with "+00:00"), always with microseconds so the
/// stored text sorts in time order.
/// </summary>
public static class EvidenceTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'";

    public static string ToText(DateTimeOffset value) =>
        Truncate(value).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Drops sub-microsecond ticks, the precision records keep.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>Parses ISO-8601 text; naive values are UTC; unparsable text gives null.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(
            text.Trim(),
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var parsed)
            ? parsed
            : null;
    }
}
