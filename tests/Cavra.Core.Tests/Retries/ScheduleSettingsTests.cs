using Cavra.Core.Retries;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Tests.Retries;

/// <summary>Interval and cron schedules: their windows, and the settings that make them, refused with the setting named.</summary>
public class ScheduleSettingsTests
{
    private static WorkerSchedule Read(Dictionary<string, string?> values) =>
        ScheduleSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Job"), "Job", 60);

    [Fact]
    public void An_interval_window_aligns_within_the_hour()
    {
        var schedule = Read(new() { ["Job:IntervalMinutes"] = "30" });
        var (start, end) = schedule.Window(new DateTimeOffset(2026, 11, 23, 12, 47, 13, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 30, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), end);
        Assert.Equal("scheduled_every_30_minutes", schedule.Cadence);
        Assert.Null(schedule.Cron);
    }

    [Fact]
    public void A_cron_window_runs_from_the_latest_occurrence_to_the_next_in_its_time_zone()
    {
        // Weekdays at 08:00 in Berlin (UTC+1 in November): Monday 23 Nov 07:00 UTC to Tuesday 07:00 UTC.
        var schedule = Read(new() { ["Job:Cron"] = "0 8 * * MON-FRI", ["Job:TimeZone"] = "Europe/Berlin" });
        var (start, end) = schedule.Window(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero), end);

        // Friday's window spans the weekend, and an occurrence itself starts a window.
        (start, end) = schedule.Window(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero), end);
        Assert.Equal("Europe/Berlin", (string?)schedule.ToJson(start)["time_zone"]);
    }

    [Theory]
    [InlineData("Cron", "every morning", "Job:Cron 'every morning' is not a 5-field cron expression")]
    [InlineData("TimeZone", "Mars/Olympus", "Job:TimeZone applies to a Cron schedule only")]
    [InlineData("IntervalMinutes", "0", "Job:IntervalMinutes must be a whole number from 1 to 10080")]
    public void A_bad_setting_names_itself(string key, string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [$"Job:{key}"] = value }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_schedule_refuses_an_unknown_time_zone_and_an_interval_beside_it()
    {
        Assert.Contains("Job:TimeZone 'Mars/Olympus' is not a known time zone",
            Assert.Throws<SettingsException>(() => Read(new() { ["Job:Cron"] = "0 8 * * *", ["Job:TimeZone"] = "Mars/Olympus" })).Message, StringComparison.Ordinal);
        Assert.Contains("give IntervalMinutes or Cron, not both",
            Assert.Throws<SettingsException>(() => Read(new() { ["Job:Cron"] = "0 8 * * *", ["Job:IntervalMinutes"] = "60" })).Message, StringComparison.Ordinal);
    }
}
