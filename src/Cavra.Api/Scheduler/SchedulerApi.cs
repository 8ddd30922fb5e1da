using Cavra.Api.ConsoleConfig;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cavra.Api.Scheduler;

/// <summary>One scheduled job of this instance.</summary>
/// <param name="Name">The job: <c>worker:{stream}</c> for a stream's retry worker, <c>executive_report</c> for the executive report delivery.</param>
/// <param name="IntervalMinutes">The window length of an interval schedule (a cron schedule's fallback).</param>
/// <param name="Cron">The cron expression whose occurrences start the windows, or null for an interval schedule.</param>
/// <param name="TimeZone">The time zone the cron expression is read in (UTC for interval schedules).</param>
/// <param name="Cadence">The cadence label stored with each run.</param>
/// <param name="NextRunAt">When the next window starts (ISO-8601, UTC), or null before the first run.</param>
/// <param name="LastRunAt">When this instance last ran the job, or null.</param>
/// <param name="LastRunId">The id of the last run (stored or found), or null.</param>
/// <param name="LastCreated">false when the last run of its window was already stored (by a restart or another instance).</param>
/// <param name="LastOutcome">What the last run did, in words, or null.</param>
/// <param name="LastError">Why the last run failed, or null; the next window tries again.</param>
public sealed record ScheduledJobResponse(
    string Name, int IntervalMinutes, string? Cron, string TimeZone, string Cadence, string? NextRunAt, string? LastRunAt, string? LastRunId,
    bool? LastCreated, string? LastOutcome, string? LastError);

/// <summary>The scheduler of this instance.</summary>
/// <param name="GeneratedAt">When the state was read (ISO-8601, UTC).</param>
/// <param name="Jobs">The configured jobs; empty when nothing is scheduled (everything is opt-in).</param>
public sealed record SchedulerResponse(string GeneratedAt, IReadOnlyList<ScheduledJobResponse> Jobs);

/// <summary>The scheduler's state: what runs on its own, when it runs next and what it did last.</summary>
public static class SchedulerApi
{
    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/scheduler", GetScheduler).WithName(nameof(GetScheduler)).WithTags("Scheduler")
            .WithSummary("Scheduler: the jobs this instance runs on its own (stream workers, the executive report), each with its schedule, next window and last run.")
            .ForConsole("scheduler");
        return routes;
    }

    public static Ok<SchedulerResponse> GetScheduler(IReadOnlyList<IScheduledJob> jobs, SchedulerState state, TimeProvider clock)
    {
        var known = state.Jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        string? Text(DateTimeOffset? at) => at is { } value ? EvidenceTime.ToText(value) : null;
        return TypedResults.Ok(new SchedulerResponse(
            EvidenceTime.ToText(clock.GetUtcNow()),
            [.. jobs.Select(job =>
            {
                var seen = known.GetValueOrDefault(job.Name);
                return new ScheduledJobResponse(
                    job.Name, job.Schedule.IntervalMinutes, job.Schedule.Cron?.ToString(), job.Schedule.TimeZone.Id, job.Schedule.Cadence,
                    Text(seen?.NextRunAt), Text(seen?.LastRunAt), seen?.LastRunId, seen?.LastCreated, seen?.LastOutcome, seen?.LastError);
            })]));
    }
}
