using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Recovery;
using Cavra.Tests.Receivers;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 000, second half, by the scheduler alone: the service makes one executive report run per window and delivers
/// it; a failed delivery is picked up by the executive delivery retry worker on its own schedule once the receiver
/// recovers; a manual trigger in a window the scheduler already ran stores no second run.
/// </summary>
public class ExecutiveReportSchedulerTests
{
    private const string X = A + "/recovery-executive-report";
    private const string RunKind = "go-backend-rollback-drill-acknowledgement-audit-delivery-recovery-executive-report-schedule-run";

    [Fact]
    public async Task The_scheduler_delivers_each_window_and_the_retry_worker_redelivers_a_failed_one()
    {
        await using var teams = await LoopbackReceiver.StartAsync();
        await using var flow = await StartAsync(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:teams:url"] = teams.Url("/executive"),
            [$"{ExecutiveReportSchedule.Section}:Enabled"] = "true",
            [$"{ExecutiveReportSchedule.Section}:IntervalMinutes"] = "60",
            [$"{ExecutiveReportSchedule.Section}:Providers"] = "teams",
            ["Cavra:Scheduler:Workers:recovery_executive_report_delivery:Enabled"] = "true",
            ["Cavra:Scheduler:Workers:recovery_executive_report_delivery:IntervalMinutes"] = "30",
            ["Cavra:Scheduler:Workers:recovery_executive_report_delivery:Execute"] = "true",
        });

        // At start-up (12:00) the window 12:00–13:00 gets its run, delivered to teams.
        await WaitAsync(() => teams.Requests.Count == 1, "the first window's delivery");
        Assert.Equal(1, await flow.HistoryTotalAsync($"metadata_kind={RunKind}"));
        var firstRun = await LatestRunIdAsync(flow);
        Assert.Contains(firstRun, teams.Requests.Last().Body, StringComparison.Ordinal);

        // A manual trigger in the same window finds the scheduler's run.
        var manual = await flow.PostOkAsync($"{X}/schedule-run", """{"schedule":{"interval_minutes":60}}""");
        Assert.False((bool)manual["created"]!);
        Assert.Equal(firstRun, (string?)manual["run"]!["run_id"]);
        Assert.Equal(1, await flow.HistoryTotalAsync($"metadata_kind={RunKind}"));

        // The receiver fails at the next window: the run is stored and its delivery fails.
        teams.Status = 500;
        await AdvanceUntilAsync(flow, new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero));
        await WaitAsync(() => teams.Requests.Count >= 2, "the second window's delivery");
        await WaitAsync(async () => await flow.HistoryTotalAsync($"metadata_kind={RunKind}") == 2, "the second window's run");
        var secondRun = await LatestRunIdAsync(flow);
        Assert.NotEqual(firstRun, secondRun);
        // The scheduler state names the window's run once the job has finished with it.
        JsonNode job = new JsonObject();
        await WaitAsync(async () =>
        {
            job = (await flow.GetOkAsync("/scheduler"))["jobs"]!.AsArray().Single(j => (string?)j!["name"] == "executive_report")!;
            return (string?)job["last_run_id"] == secondRun;
        }, "the scheduler state of the second window");
        Assert.Contains("delivery failed", (string)job["last_outcome"]!, StringComparison.Ordinal);

        // The receiver recovers; the retry worker's next window re-delivers the stored run once.
        teams.Status = 200;
        var before = teams.Requests.Count;
        await AdvanceUntilAsync(flow, new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.Zero));
        await WaitAsync(async () => await flow.HistoryTotalAsync(
            "metadata_kind=go-backend-rollback-drill-acknowledgement-audit-delivery-recovery-executive-report-delivery-retry-execution-record") == 1,
            "the retry worker's execution record");
        Assert.Equal(before + 1, teams.Requests.Count);
        Assert.Contains(secondRun, teams.Requests.Last().Body, StringComparison.Ordinal);
        var execution = (await flow.GetOkAsync(
            $"{P}?metadata_kind=go-backend-rollback-drill-acknowledgement-audit-delivery-recovery-executive-report-delivery-retry-execution-record&limit=1"))["items"]![0]!;
        Assert.Equal("delivered", (string?)execution["execution_status"]);
        Assert.Equal(secondRun, (string?)execution["run_id"]);
    }

    private static async Task<string> LatestRunIdAsync(FailedAuditDelivery flow) =>
        (string)(await flow.GetOkAsync($"{P}?metadata_kind={RunKind}&limit=1"))["items"]![0]!["run_id"]!;

    /// <summary>Moves the fake clock to <paramref name="until"/> while the scheduler waits, one timer at a time.</summary>
    private static async Task AdvanceUntilAsync(FailedAuditDelivery flow, DateTimeOffset until)
    {
        for (var attempt = 0; attempt < 200 && flow.Clock.PendingTimers == 0; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(flow.Clock.PendingTimers > 0, "the scheduler is not waiting for a window");
        flow.Clock.Advance(until - flow.Clock.GetUtcNow());
    }

    private static Task WaitAsync(Func<bool> done, string what) => WaitAsync(() => Task.FromResult(done()), what);

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"the scheduler did not produce {what}");
    }
}
