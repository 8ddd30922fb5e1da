using Cavra.Core.Connectors;
using Cavra.Core.Retries;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Recovery;

/// <summary>
/// The executive report delivery the service runs on its own (<c>Cavra:Scheduler:ExecutiveReport</c>): once per
/// schedule window, a schedule run (J2) and its delivery (J3) to the configured providers or the executive channels.
/// </summary>
public sealed record ExecutiveReportSchedule(WorkerSchedule Schedule, string? Providers, int SloMinutes)
{
    public const string Section = "Cavra:Scheduler:ExecutiveReport";

    /// <summary>The schedule when enabled, else null; a bad value stops start-up with a message naming the setting.</summary>
    public static ExecutiveReportSchedule? Load(IConfiguration configuration, IReadOnlyList<string> executiveChannels)
    {
        var section = configuration.GetSection(Section);
        if (!ScheduleSettings.Flag(section, "Enabled", Section, false))
        {
            return null;
        }

        var providers = string.Join(",", SettingsList.Of(section.GetSection("Providers")));
        if (providers is { Length: > 0 } && ProviderNames.ParseList(providers).FirstOrDefault(p => !ProviderNames.Known.Contains(p)) is { } unknown)
        {
            throw new SettingsException($"{Section}:Providers names '{unknown}', not a provider (known: {string.Join(", ", ProviderNames.Known)})");
        }

        if (string.IsNullOrWhiteSpace(providers) && executiveChannels.Count == 0)
        {
            throw new SettingsException($"{Section} is enabled but names no providers: set {Section}:Providers or {ExecutiveChannels.Section}");
        }

        return new ExecutiveReportSchedule(
            ScheduleSettings.Read(section, Section, ExecutiveReports.DefaultIntervalMinutes),
            string.IsNullOrWhiteSpace(providers) ? null : providers,
            ScheduleSettings.Number(section, "RecoverySloMinutes", Section, RetryRecoveryReports.DefaultSloMinutes, 1, RetryRecoveryReports.MaxSloMinutes));
    }
}

/// <summary>
/// The scheduled executive report. The window's schedule run is claimed by storing it (its id comes from the window,
/// so only one instance or restart creates it) and only the creator delivers it: two instances never send a window
/// twice. A failed delivery is left to the executive delivery retry worker; a run found already stored is not sent again.
/// </summary>
public sealed class ExecutiveReportJob(ExecutiveReportSchedule settings, ExecutiveReports reports) : IScheduledJob
{
    public string Name => "executive_report";

    public WorkerSchedule Schedule => settings.Schedule;

    public async Task<ScheduledRun> RunAsync(CancellationToken cancellationToken)
    {
        var run = await reports.ScheduleRunAsync(settings.Schedule, settings.SloMinutes, ScheduledWorker.GeneratedBy, cancellationToken);
        var runId = (string)run.Run["run_id"]!;
        if (!run.Created)
        {
            return new ScheduledRun(runId, false, "this window's run was already stored; it is not sent again");
        }

        var delivered = await reports.DeliverAsync(
            runId,
            new ExecutiveDeliveryRequest(settings.Providers, ExecutiveReports.DefaultMaxRisks, settings.Schedule, settings.SloMinutes, ScheduledWorker.GeneratedBy),
            new DeliveryOptions(),
            cancellationToken);
        var outcomes = string.Join(", ", delivered.Delivery.Deliveries.Select(d => $"{d.Provider} {(d.Success ? "delivered" : "failed")}"));
        return new ScheduledRun(runId, true, delivered.Delivery.Success
            ? $"delivered ({outcomes})"
            : $"delivery failed ({outcomes}); the executive delivery retry worker retries it");
    }
}
