using System.Collections.Concurrent;

namespace Cavra.Core.Retries;

/// <summary>What one scheduled run did: its run id, whether this instance created it, and a line for the log.</summary>
public sealed record ScheduledRun(string RunId, bool Created, string Summary);

/// <summary>
/// A job the service runs on its own at the start of each schedule window. Its run id comes from the window, so a
/// restart, a double trigger or a second instance in the same window find the stored run instead of making another.
/// </summary>
public interface IScheduledJob
{
    /// <summary>The job's name, as its settings section and the scheduler state name it.</summary>
    string Name { get; }

    WorkerSchedule Schedule { get; }

    Task<ScheduledRun> RunAsync(CancellationToken cancellationToken);
}

/// <summary>A stream's retry worker as a scheduled job (<c>Cavra:Scheduler:Workers:{stream}</c>).</summary>
public sealed class ScheduledWorkerJob(ScheduledWorker scheduled, IRetryTarget target, RetryWorker worker) : IScheduledJob
{
    public string Name => $"worker:{scheduled.Stream}";

    public WorkerSchedule Schedule => scheduled.Schedule;

    public async Task<ScheduledRun> RunAsync(CancellationToken cancellationToken)
    {
        var outcome = await worker.RunAsync(target, scheduled.Request(target.Stream), cancellationToken);
        var run = outcome.Run;
        return new ScheduledRun(
            (string)run["run_id"]!, outcome.Created,
            $"{((bool)run["dry_run"]! ? "dry run" : "live run")}, {(int)run["summary"]!["selected_retry_count"]!} retries selected");
    }
}

/// <summary>
/// What the scheduler of this instance is doing, for operators: each job's schedule, next window and last run.
/// In memory: another instance keeps its own, and the stored runs are the shared truth.
/// </summary>
public sealed class SchedulerState
{
    /// <summary>One job's state.</summary>
    public sealed record JobState(
        string Name, WorkerSchedule Schedule, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, string? LastRunId, bool? LastCreated,
        string? LastOutcome, string? LastError);

    private readonly ConcurrentDictionary<string, JobState> _jobs = new(StringComparer.Ordinal);

    public void Planned(IScheduledJob job, DateTimeOffset nextRunAt) =>
        _jobs.AddOrUpdate(job.Name, _ => new JobState(job.Name, job.Schedule, nextRunAt, null, null, null, null, null), (_, s) => s with { NextRunAt = nextRunAt });

    public void Ran(IScheduledJob job, DateTimeOffset at, ScheduledRun run) =>
        _jobs.AddOrUpdate(job.Name, _ => new JobState(job.Name, job.Schedule, null, at, run.RunId, run.Created, run.Summary, null),
            (_, s) => s with { LastRunAt = at, LastRunId = run.RunId, LastCreated = run.Created, LastOutcome = run.Summary, LastError = null });

    public void Failed(IScheduledJob job, DateTimeOffset at, string error) =>
        _jobs.AddOrUpdate(job.Name, _ => new JobState(job.Name, job.Schedule, null, at, null, null, null, error),
            (_, s) => s with { LastRunAt = at, LastError = error });

    public IReadOnlyList<JobState> Jobs => [.. _jobs.Values.OrderBy(j => j.Name, StringComparer.Ordinal)];
}
