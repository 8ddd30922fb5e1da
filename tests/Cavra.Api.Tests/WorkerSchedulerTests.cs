using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>Opt-in scheduled worker runs: the service runs the audit worker itself, once per schedule window.</summary>
public class WorkerSchedulerTests
{
    private static readonly Dictionary<string, string?> Scheduled = new()
    {
        ["Cavra:Scheduler:Workers:audit:Enabled"] = "true",
        ["Cavra:Scheduler:Workers:audit:IntervalMinutes"] = "30",
    };

    [Fact]
    public async Task The_audit_worker_runs_at_start_up_and_at_each_window_as_a_dry_run()
    {
        await using var flow = await StartAsync(Scheduled);

        // At start-up (12:00) nothing had failed yet: one run, nothing selected.
        var first = await WaitForRunsAsync(flow, 1);
        Assert.Equal("scheduler", (string?)first["signer"]);
        Assert.Equal("scheduled_every_30_minutes", (string?)first["cadence"]);
        Assert.True((bool)first["dry_run"]!);

        // At 12:30 the failed audit delivery of 12:00 has waited its 15 minutes: the scheduled dry run selects it and
        // sends nothing.
        var requests = flow.Splunk.Requests.Count;
        await AdvanceWhenAsleepAsync(flow, TimeSpan.FromMinutes(30));
        var second = await WaitForRunsAsync(flow, 2);
        Assert.Equal(1, (int)second["selected_retry_count"]!);
        Assert.True((bool)second["dry_run"]!);
        Assert.Equal(requests, flow.Splunk.Requests.Count);

        // Time inside the same window does not run again.
        await AdvanceWhenAsleepAsync(flow, TimeSpan.FromMinutes(10));
        await AdvanceWhenAsleepAsync(flow, TimeSpan.Zero);
        Assert.Equal(2, (long)(await flow.GetOkAsync($"{A}/worker-runs"))["total"]!);
        var health = await flow.GetOkAsync($"{A}/worker-health");
        Assert.Equal(0, (int)health["missed_run_count"]!);
    }

    [Fact]
    public async Task A_cron_schedule_runs_at_its_occurrences_and_the_scheduler_state_shows_the_next_window_and_the_last_run()
    {
        await using var flow = await StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Scheduler:Workers:audit:Enabled"] = "true",
            ["Cavra:Scheduler:Workers:audit:Cron"] = "*/20 * * * *",
            ["Cavra:Scheduler:Workers:audit:TimeZone"] = "UTC",
        });

        var first = await WaitForRunsAsync(flow, 1);
        await AdvanceWhenAsleepAsync(flow, TimeSpan.Zero);
        var job = Assert.Single((await flow.GetOkAsync("/scheduler"))["jobs"]!.AsArray())!;
        Assert.Equal("worker:audit", (string?)job["name"]);
        Assert.Equal("0,20,40 * * * *", (string?)job["cron"]); // as Cronos normalises it
        Assert.Equal("2026-11-23T12:20:00.000000+00:00", (string?)job["next_run_at"]);
        Assert.Equal((string?)first["session_id"], (string?)job["last_run_id"]);
        Assert.True((bool)job["last_created"]!);
        Assert.Null(job["last_error"]);

        // The next occurrence starts the next window: one more run, and the state moves on.
        await AdvanceWhenAsleepAsync(flow, TimeSpan.FromMinutes(20));
        await WaitForRunsAsync(flow, 2);
        await AdvanceWhenAsleepAsync(flow, TimeSpan.Zero);
        job = (await flow.GetOkAsync("/scheduler"))["jobs"]![0]!;
        Assert.Equal("2026-11-23T12:40:00.000000+00:00", (string?)job["next_run_at"]);
    }

    /// <summary>The newest worker run once there are <paramref name="count"/>: the scheduler runs in the background.</summary>
    private static async Task<JsonObject> WaitForRunsAsync(FailedAuditDelivery flow, int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var runs = await flow.GetOkAsync($"{A}/worker-runs?limit=1");
            if ((long)runs["total"]! >= count)
            {
                Assert.Equal(count, (long)runs["total"]!);
                return runs["items"]![0]!.AsObject();
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"the scheduler did not store run {count}");
    }

    /// <summary>Moves the clock once the scheduler waits for its next window, so the move wakes it.</summary>
    private static async Task AdvanceWhenAsleepAsync(FailedAuditDelivery flow, TimeSpan by)
    {
        for (var attempt = 0; attempt < 200 && flow.Clock.PendingTimers == 0; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(flow.Clock.PendingTimers > 0, "the scheduler is not waiting for a window");
        flow.Clock.Advance(by);
    }
}
