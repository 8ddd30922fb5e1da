using Cavra.Core.Retries;

namespace Cavra.Api.Hosting;

/// <summary>
/// Runs the configured stream workers on their cadence inside the service: at start-up and then at the start of
/// each schedule window. The run id comes from the window, so several instances (or a restart) in one window store
/// one run, not several. Waits use the injected clock, so tests move time instead of sleeping.
/// </summary>
public sealed partial class WorkerScheduler(
    IReadOnlyList<ScheduledWorker> workers,
    IEnumerable<IRetryTarget> targets,
    RetryWorker worker,
    TimeProvider clock,
    ILogger<WorkerScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (workers.Count == 0)
        {
            return;
        }

        await Task.Yield();
        var byStream = targets.ToDictionary(t => t.Stream.Name, StringComparer.OrdinalIgnoreCase);
        var due = workers.ToDictionary(w => w, _ => DateTimeOffset.MinValue);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            foreach (var scheduled in workers.Where(w => due[w] <= now))
            {
                await RunAsync(scheduled, byStream[scheduled.Stream], stoppingToken);
                due[scheduled] = scheduled.Schedule.Window(now).End;
            }

            var wait = due.Values.Min() - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
    }

    private async Task RunAsync(ScheduledWorker scheduled, IRetryTarget target, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await worker.RunAsync(target, scheduled.Request(target.Stream), stoppingToken);
            LogRun(scheduled.Stream, (string)outcome.Run["run_id"]!, (bool)outcome.Run["dry_run"]!,
                (int)outcome.Run["summary"]!["selected_retry_count"]!, outcome.Created);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // One failed run must not stop the schedule; the next window tries again, and health shows the gap.
            LogFailed(error, scheduled.Stream);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Stream} worker run {RunId}: dry run {DryRun}, {Selected} retries selected, new {Created}")]
    private partial void LogRun(string stream, string runId, bool dryRun, int selected, bool created);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled {Stream} worker run failed")]
    private partial void LogFailed(Exception error, string stream);
}
