using System.Globalization;
using Cavra.Core.Connectors;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Retries;

/// <summary>
/// A stream's worker that the service runs on its own, once per schedule window (opt-in, configured under
/// <c>Cavra:Scheduler:Workers:{stream}</c>). Dry runs unless <see cref="Execute"/>; a live scheduled run still sends
/// only what the stream's gate grants.
/// </summary>
public sealed record ScheduledWorker(string Stream, WorkerSchedule Schedule, bool Execute, int MaxRetryDeliveries)
{
    public const string Section = "Cavra:Scheduler:Workers";
    public const string GeneratedBy = "scheduler";

    public WorkerRunRequest Request(DeliveryStream stream) => new(
        !Execute,
        RetryPolicy.Resolve(null, null, null, null, stream.DefaultRetryDelayMinutes),
        Schedule,
        MaxRetryDeliveries,
        new DeliveryOptions(),
        GeneratedBy);

    /// <summary>
    /// The enabled scheduled workers. A section naming an unknown stream or holding a bad value stops start-up with a
    /// message naming the setting, instead of a scheduler that silently never runs.
    /// </summary>
    public static IReadOnlyList<ScheduledWorker> Load(IConfiguration configuration, IEnumerable<DeliveryStream> streams)
    {
        var known = streams.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var workers = new List<ScheduledWorker>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var where = $"{Section}:{section.Key}";
            if (!known.TryGetValue(section.Key, out var stream))
            {
                throw new SettingsException($"{where}: no delivery stream is named '{section.Key}' (known: {string.Join(", ", known.Keys)})");
            }

            if (!ScheduleSettings.Flag(section, "Enabled", where, false))
            {
                continue;
            }

            workers.Add(new ScheduledWorker(
                stream.Name,
                ScheduleSettings.Read(section, where, stream.DefaultIntervalMinutes),
                ScheduleSettings.Flag(section, "Execute", where, false),
                ScheduleSettings.Number(section, "MaxRetryDeliveries", where, 5, 1, WorkerRunRequest.MaxDeliveries)));
        }

        return workers;
    }
}

/// <summary>
/// How a scheduled job's settings are read: an interval (<c>IntervalMinutes</c>) or a cron expression (<c>Cron</c>, 5
/// fields) in a time zone (<c>TimeZone</c>, an IANA or Windows id; UTC by default), and a cadence label. A bad value
/// stops start-up with a message naming the setting.
/// </summary>
public static class ScheduleSettings
{
    public static WorkerSchedule Read(IConfigurationSection section, string where, int defaultInterval)
    {
        var interval = Number(section, "IntervalMinutes", where, defaultInterval, 1, 10_080);
        var cronText = section["Cron"];
        if (string.IsNullOrWhiteSpace(cronText))
        {
            if (section["TimeZone"] is { Length: > 0 })
            {
                throw new SettingsException($"{where}:TimeZone applies to a Cron schedule only; set {where}:Cron or remove the time zone");
            }

            return new WorkerSchedule(interval, true, section["Cadence"] is { Length: > 0 } cadence ? cadence : $"scheduled_every_{interval}_minutes");
        }

        if (section["IntervalMinutes"] is { Length: > 0 })
        {
            throw new SettingsException($"{where}: give IntervalMinutes or Cron, not both");
        }

        Cronos.CronExpression cron;
        try
        {
            cron = Cronos.CronExpression.Parse(cronText.Trim());
        }
        catch (Cronos.CronFormatException error)
        {
            throw new SettingsException($"{where}:Cron '{cronText}' is not a 5-field cron expression ({error.Message})");
        }

        var zone = TimeZoneInfo.Utc;
        if (section["TimeZone"] is { Length: > 0 } zoneId)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out var found))
            {
                throw new SettingsException($"{where}:TimeZone '{zoneId}' is not a known time zone (an IANA id such as Europe/Berlin, or UTC)");
            }

            zone = found;
        }

        return new WorkerSchedule(interval, true, section["Cadence"] is { Length: > 0 } label ? label : "scheduled_cron")
        {
            Cron = cron,
            TimeZone = zone,
        };
    }

    public static bool Flag(IConfigurationSection section, string key, string where, bool fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new SettingsException($"{where}:{key} must be true or false");

    public static int Number(IConfigurationSection section, string key, string where, int fallback, int min, int max) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new SettingsException($"{where}:{key} must be a whole number from {min} to {max}");
}
