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
