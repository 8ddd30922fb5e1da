using Cavra.Core.Retries;

namespace Cavra.Api.Hosting;

/// <summary>
/// Runs the configured jobs (stream workers, the executive report) inside the service: at start-up and then at the
/// start of each schedule window. A job's run id comes from the window, so several instances (or a restart) in one
/// window store one run, not several. Waits use the injected clock, so tests move time instead of sleeping.
/// </summary>
public sealed partial class WorkerScheduler(
    IReadOnlyList<IScheduledJob> jobs,
    SchedulerState state,
    TimeProvider clock,
    ILogger<WorkerScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        await Task.Yield();
        var due = jobs.ToDictionary(j => j, _ => DateTimeOffset.MinValue);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            foreach (var job in jobs.Where(j => due[j] <= now))
            {
                await RunAsync(job, now, stoppingToken);
                due[job] = job.Schedule.Window(now).End;
                state.Planned(job, due[job]);
            }

            var wait = due.Values.Min() - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
    }

    private async Task RunAsync(IScheduledJob job, DateTimeOffset now, CancellationToken stoppingToken)
    {
        try
        {
            var run = await job.RunAsync(stoppingToken);
            state.Ran(job, now, run);
            LogRun(job.Name, run.RunId, run.Summary, run.Created);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // One failed run must not stop the schedule; the next window tries again, and health shows the gap.
            state.Failed(job, now, error.Message);
            LogFailed(error, job.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Job} run {RunId}: {Summary}, new {Created}")]
    private partial void LogRun(string job, string runId, string summary, bool created);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled {Job} run failed")]
    private partial void LogFailed(Exception error, string job);
}
