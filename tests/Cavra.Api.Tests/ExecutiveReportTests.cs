using System.Net;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;
using Cavra.Tests.Receivers;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Seed 000, second half (scheduled executive report delivery) and seed 001 (executive retry health alert retry):
/// one schedule run per window, delivered to the executive channel; a failed executive delivery retried by the worker
/// once the receiver recovers; the stored executive retry health alerted and re-delivered from what was stored.
/// </summary>
public class ExecutiveReportTests
{
    private const string X = A + "/recovery-executive-report";
    private const string Counters = "acknowledgement_audit_delivery_recovery_executive_report";
    private const string Run = $$$"""{"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":60,"cadence":"manual_executive_retry"},"retries":0,"timeout_seconds":2""";
    private const string Quick = """{"retries":0,"timeout_seconds":2}""";

    /// <summary>A failed audit delivery (so the report has something to say) and teams as the executive channel.</summary>
    private sealed class Executive : IAsyncDisposable
    {
        private Executive(FailedAuditDelivery flow, LoopbackReceiver teams)
        {
            Flow = flow;
            Teams = teams;
        }

        public FailedAuditDelivery Flow { get; }

        public LoopbackReceiver Teams { get; }

        public static async Task<Executive> StartAsync(bool channelConfigured = true)
        {
            var teams = await LoopbackReceiver.StartAsync();
            var settings = new Dictionary<string, string?> { ["Cavra:Connectors:teams:url"] = teams.Url("/executive") };
            if (channelConfigured)
            {
                settings[ExecutiveChannels.Section] = "teams";
            }

            return new Executive(await FailedAuditDelivery.StartAsync(settings), teams);
        }

        public async ValueTask DisposeAsync()
        {
            await Flow.DisposeAsync();
            await Teams.DisposeAsync();
        }
    }

    [Fact]
    public async Task Seed_000_scheduled_executive_report_delivery_and_its_retry()
    {
        await using var executive = await Executive.StartAsync();
        var flow = executive.Flow;
        await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}""");

        // Executive Recovery Report: a preview stores nothing; the default stores the report.
        var before = await flow.RecordCountAsync();
        var preview = await flow.GetOkAsync($"{X}?persist=false");
        Assert.Null(preview["metadata"]);
        Assert.Equal(before, await flow.RecordCountAsync());
        var report = await flow.GetOkAsync($"{X}?generated_by=release-manager");
        Assert.Equal(RecoveryRecords.ExecutiveReport.Kind, (string?)report["metadata"]!["metadata_kind"]);
        Assert.StartsWith("gordackexecreport-", (string)report["report"]!["executive_report_id"]!, StringComparison.Ordinal);
        Assert.Contains(report["report"]!["key_risks"]!.AsArray(), r => (string?)r!["severity"] == "warning" && (string?)r["owner"] == "release-governance");
        Assert.Equal(3, report["report"]!["recommended_actions"]!.AsArray().Count);

        // Schedule Executive Report: one run per window; a second trigger in the window returns the stored run.
        var first = await flow.PostOkAsync($"{X}/schedule-run", """{"generated_by":"release-manager"}""");
        Assert.True((bool)first["created"]!);
        var runId = (string)first["run"]!["run_id"]!;
        Assert.StartsWith("gordackexecsched-", runId, StringComparison.Ordinal);
        Assert.StartsWith("2026-11-23T12:00:00", (string)first["run"]!["schedule"]!["window_start"]!, StringComparison.Ordinal);
        Assert.Equal(RecoveryRecords.ExecutiveReport.Kind, (string?)first["report_metadata"]!["metadata_kind"]);
        var stored = await flow.RecordCountAsync();
        flow.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await flow.PostOkAsync($"{X}/schedule-run", """{"generated_by":"someone-else"}""");
        Assert.False((bool)second["created"]!);
        Assert.Equal(runId, (string?)second["run"]!["run_id"]);
        Assert.Equal(stored, await flow.RecordCountAsync());

        // Deliver Executive Report to the executive channel (not to the failing splunk connector).
        var delivered = await flow.PostOkAsync($"{X}/schedule-runs/{runId}/deliver", Quick);
        Assert.True((bool)delivered["success"]!);
        Assert.Equal(runId, (string?)delivered["event_id"]);
        Assert.Equal(RecoveryRecords.ExecutiveSource, (string?)delivered["metadata"]!["connector_delivery_source"]);
        Assert.Equal(runId, (string?)delivered["metadata"]!["run_id"]);
        Assert.Equal(["teams"], delivered["metadata"]!["selected_providers"]!.AsArray().Select(p => (string?)p));
        Assert.Single(executive.Teams.Requests);
        Assert.Contains(runId, executive.Teams.Requests.First().Body, StringComparison.Ordinal);

        // The next window gives a new run, and its delivery fails at the receiver.
        flow.Clock.Advance(TimeSpan.FromMinutes(60));
        var next = await flow.PostOkAsync($"{X}/schedule-run", "{}");
        Assert.True((bool)next["created"]!);
        var nextId = (string)next["run"]!["run_id"]!;
        Assert.NotEqual(runId, nextId);
        executive.Teams.Status = 500;
        var failed = await flow.PostOkAsync($"{X}/schedule-runs/{nextId}/deliver", Quick);
        Assert.False((bool)failed["success"]!);
        Assert.Equal(2, executive.Teams.Requests.Count);

        // Plan Executive Retry: the failed delivery is retryable, keyed by the run and the channel.
        var retryPlan = (await flow.PostOkAsync($"{X}/delivery-retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(1, (int)retryPlan["retryable_count"]!);
        var decision = retryPlan["retry_decisions"]![0]!;
        Assert.Equal(nextId, (string?)decision["run_id"]);
        Assert.Equal((string?)next["run"]!["executive_report"]!["executive_report_id"], (string?)decision["executive_report_id"]);
        Assert.Equal("teams", (string?)decision["provider"]);
        Assert.Equal(30, (int)(await flow.PostOkAsync($"{X}/delivery-retry-plan", "{}"))["plan"]!["base_retry_delay_minutes"]!);

        // A dry run sends nothing.
        var dry = await flow.PostOkAsync($"{X}/delivery-retry-worker-run", Run + "}");
        Assert.True((bool)dry["run"]!["dry_run"]!);
        Assert.Equal("dry_run", (string?)dry["retry_results"]![0]!["skipped"]);
        Assert.Null(dry["retry_results"]![0]!["execution_record"]);
        Assert.Equal(2, executive.Teams.Requests.Count);

        // The receiver recovers: the live run re-sends the stored run and leaves an execution record.
        executive.Teams.Status = 200;
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var live = await flow.PostOkAsync($"{X}/delivery-retry-worker-run", Run + ""","execute":true}""");
        Assert.Equal("selected_for_delivery_retry", (string?)live["run"]!["follow_up_actions"]![0]!["execution_state"]);
        var execution = live["retry_results"]![0]!["execution_record"]!;
        Assert.Equal("delivered", (string?)execution["execution_status"]);
        Assert.Equal(nextId, (string?)execution["run_id"]);
        Assert.Equal((string?)decision["executive_report_id"], (string?)execution["executive_report_id"]);
        Assert.Equal((string?)live["run"]!["run_id"], (string?)execution["worker_run_id"]);
        Assert.Equal(3, executive.Teams.Requests.Count);
        Assert.Contains(nextId, executive.Teams.Requests.Last().Body, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await flow.PostOkAsync($"{X}/delivery-retry-plan", "{}"))["plan"]!["retryable_count"]!);

        // Deliver latest in the same window sends the window's stored run instead of making another.
        flow.Clock.Advance(TimeSpan.FromMinutes(1));
        var latest = await flow.PostOkAsync($"{X}/schedule-runs/latest/deliver", Quick);
        Assert.False((bool)latest["run_created"]!);
        Assert.Equal(nextId, (string?)latest["event_id"]);

        // The main dashboard counts the chain under the reference's names.
        var dashboard = await flow.GetOkAsync($"{P}/dashboard");
        // The report of 12:00 and the first run's report (built at the same time from the same evidence) are one record.
        Assert.Equal(2, (long)dashboard[$"{Counters}_count"]!);
        Assert.Equal(2, (long)dashboard[$"{Counters}_schedule_run_count"]!);
        Assert.Equal(4, (long)dashboard[$"{Counters}_delivery_count"]!);
        Assert.Equal(1, (long)dashboard[$"failed_{Counters}_delivery_count"]!);
        Assert.Equal(1, (long)dashboard[$"{Counters}_delivery_retry_execution_success_count"]!);

        // The history keeps the reports and runs in the executive chain.
        Assert.Equal(2, await flow.HistoryTotalAsync($"metadata_kind={RecoveryRecords.ExecutiveScheduleRun.Kind}"));
    }

    [Fact]
    public async Task Seed_001_executive_retry_health_alert_is_redelivered_from_the_stored_health()
    {
        await using var executive = await Executive.StartAsync();
        var flow = executive.Flow;
        executive.Teams.Status = 500;
        var run = (string)(await flow.PostOkAsync($"{X}/schedule-run", "{}"))["run"]!["run_id"]!;
        Assert.False((bool)(await flow.PostOkAsync($"{X}/schedule-runs/{run}/deliver", Quick))["success"]!);

        // Exec Retry Health: stored, judged by 60/180 minutes, critical for the failed executive delivery.
        var health = await flow.GetOkAsync($"{X}/delivery-retry-health");
        var healthId = (string)health["health"]!["health_id"]!;
        Assert.StartsWith("gordackexecdeliveryhealth-", healthId, StringComparison.Ordinal);
        Assert.Equal(healthId, (string?)health["metadata"]!["session_id"]);
        Assert.Equal(60, (int)health["health"]!["expected_interval_minutes"]!);
        Assert.Equal(180, (int)health["health"]!["stale_metadata_minutes"]!);
        Assert.Equal("critical", (string?)health["health"]!["alert_level"]);
        Assert.Equal(1, (int)health["health"]!["failed_executive_report_delivery_count"]!);
        Assert.Contains(health["health"]!["alerts"]!.AsArray(), a => (string?)a!["category"] == "failed_executive_report_delivery");

        // Send Exec Health Alert to the failing receiver.
        var alert = await flow.PostOkAsync($"{X}/delivery-retry-health-alerts/deliver", """{"provider":"teams","retries":0,"timeout_seconds":2}""");
        Assert.False((bool)alert["success"]!);
        Assert.Equal(healthId, (string?)alert["event_id"]);
        var alertPlanId = (string)alert["plan"]!["plan_id"]!;
        Assert.StartsWith("gordackexechealthalert-", alertPlanId, StringComparison.Ordinal);
        Assert.Equal(1, (int)alert["plan"]!["summary"]!["failed_executive_report_delivery_count"]!);

        // Plan Exec Alert Retry → Run Exec Alert Retry with execute, once the receiver recovers.
        var retry = (await flow.PostOkAsync($"{X}/delivery-retry-health-alerts/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!;
        Assert.Equal(DeliveryStreams.ExecutiveAlertRetries.RetryPlan.Schema, (string?)retry["schema_version"]);
        var decision = Assert.Single(retry["retry_decisions"]!.AsArray(), d => (string?)d!["health_id"] == healthId)!;
        Assert.Equal(alertPlanId, (string?)decision["plan_id"]);
        executive.Teams.Status = 200;
        var requests = executive.Teams.Requests.Count;
        var redelivery = await flow.PostOkAsync($"{X}/delivery-retry-health-alerts/retry-worker-run", Run + ""","execute":true}""");
        Assert.Equal("selected_for_executive_retry_health_alert_redelivery", (string?)redelivery["run"]!["follow_up_actions"]![0]!["execution_state"]);
        var result = redelivery["retry_results"]!.AsArray().Single(r => (string?)r!["decision"]!["health_id"] == healthId)!;
        Assert.Equal("", (string?)result["skipped"]);
        Assert.Equal("delivered", (string?)result["execution_record"]!["execution_status"]);
        Assert.Equal(healthId, (string?)result["execution_record"]!["health_id"]);
        Assert.Equal(DeliveryStreams.ExecutiveAlertRetries.ExecutionRecord.Kind, (string?)result["execution_metadata"]!["metadata_kind"]);
        Assert.Equal(requests + 1, executive.Teams.Requests.Count);
        Assert.Contains(healthId, executive.Teams.Requests.Last().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_on_the_executive_routes_is_refused_and_stores_nothing()
    {
        await using var executive = await Executive.StartAsync();
        var flow = executive.Flow;
        var posts = new (string Url, string Body, HttpStatusCode Status, string Field)[]
        {
            ($"{X}/schedule-run", """{"schedule":{"interval_minutes":"daily"}}""", HttpStatusCode.BadRequest, "interval_minutes"),
            ($"{X}/schedule-run", """{"schedule":{"interval_minutes":0}}""", HttpStatusCode.BadRequest, "interval_minutes"),
            ($"{X}/schedule-run", """{"schedule":{"cadence":"every day!"}}""", HttpStatusCode.BadRequest, "cadence"),
            ($"{X}/schedule-run", """{"recovery_slo_minutes":0}""", HttpStatusCode.BadRequest, "recovery_slo_minutes"),
            ($"{X}/schedule-run", """{"generated_by":"password=hunter2hunter2"}""", HttpStatusCode.BadRequest, "generated_by"),
            ($"{X}/schedule-run", """[1,2]""", HttpStatusCode.BadRequest, ""),
            ($"{X}/schedule-runs/gordackexecsched-0123456789abcdef/deliver", "{}", HttpStatusCode.NotFound, "schedule run"),
            ($"{X}/schedule-runs/latest/deliver", """{"provider":"pagerduty"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{X}/schedule-runs/latest/deliver", """{"provider":"jira"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{X}/schedule-runs/latest/deliver", """{"max_risks":0}""", HttpStatusCode.BadRequest, "max_risks"),
            ($"{X}/schedule-runs/latest/deliver", """{"max_risks":"ten"}""", HttpStatusCode.BadRequest, "max_risks"),
            ($"{X}/schedule-runs/latest/deliver", """{"timeout_seconds":500}""", HttpStatusCode.BadRequest, "timeout_seconds"),
            ($"{X}/schedule-runs/latest/deliver", """{"generated_by":"key AKIAQ7W2E4R6T8Y1U3I5"}""", HttpStatusCode.BadRequest, "generated_by"),
            ($"{X}/delivery-retry-plan", """{"retry_policy":{"max_retry_attempts":"three"}}""", HttpStatusCode.BadRequest, "max_retry_attempts"),
            ($"{X}/delivery-retry-worker-run", """{"dry_run":true,"execute":true}""", HttpStatusCode.BadRequest, "dry_run"),
            ($"{X}/delivery-retry-worker-run", """{"max_retry_deliveries":26}""", HttpStatusCode.BadRequest, "max_retry_deliveries"),
            ($"{X}/delivery-retry-health-alerts/deliver", """{"provider":"jira"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{X}/delivery-retry-health-alerts/deliver", """{"stale_metadata_minutes":"late"}""", HttpStatusCode.BadRequest, "stale_metadata_minutes"),
            ($"{X}/delivery-retry-health-alerts/gordackexecdeliveryhealth-0123456789abcdef/acknowledgements",
                """{"provider":"teams","acknowledged_by":"me"}""", HttpStatusCode.NotFound, ""),
            ($"{X}/delivery-retry-health-alerts/gordackexecdeliveryhealth-0123456789abcdef/acknowledgements",
                """{"provider":"teams","acknowledged_by":"me","notes":"key AKIAQ7W2E4R6T8Y1U3I5 leaked"}""", HttpStatusCode.BadRequest, "notes"),
            ($"{X}/delivery-retry-health-alerts/retry-plan", """{"retry_policy":{"backoff_multiplier":99}}""", HttpStatusCode.BadRequest, "backoff_multiplier"),
            ($"{X}/delivery-retry-health-alerts/retry-worker-run", """{"timeout_seconds":"slow"}""", HttpStatusCode.BadRequest, "timeout_seconds"),
        };
        var gets = new (string Url, string Field)[]
        {
            ($"{X}?recovery_slo_minutes=soon", "recovery_slo_minutes"),
            ($"{X}?recovery_slo_minutes=0", "recovery_slo_minutes"),
            ($"{X}?persist=maybe", "persist"),
            ($"{X}?generated_by=password%3Dhunter2hunter2", "generated_by"),
            ($"{X}/delivery-retry-health?expected_interval_minutes=0", "expected_interval_minutes"),
            ($"{X}/delivery-retry-health?persist=maybe", "persist"),
            ($"{X}/delivery-retry-health-alerts?metadata_kind={K}-recovery-escalation-retry-health-alert-plan", "metadata_kind"),
            ($"{X}/delivery-retry-health-alerts?limit=0", "limit"),
        };
        await flow.AssertRefusedAsync(posts, gets);
    }

    [Fact]
    public async Task Without_an_executive_channel_delivery_is_a_400_saying_how_to_configure_one_and_stores_nothing()
    {
        await using var executive = await Executive.StartAsync(channelConfigured: false);
        var flow = executive.Flow;
        var before = await flow.RecordCountAsync();
        var (response, problem) = await flow.Client.PostJsonAsync($"{X}/schedule-runs/latest/deliver", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ExecutiveChannels.Section, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("provider", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await flow.RecordCountAsync());
        Assert.Empty(executive.Teams.Requests);

        // The request's provider is enough.
        var delivered = await flow.PostOkAsync($"{X}/schedule-runs/latest/deliver", """{"provider":"teams","retries":0,"timeout_seconds":2}""");
        Assert.True((bool)delivered["run_created"]!);
        Assert.Single(executive.Teams.Requests);
    }

    [Fact]
    public async Task A_live_executive_retry_without_connectors_is_a_400_and_stores_nothing()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var before = (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;
        foreach (var url in new[] { $"{X}/delivery-retry-worker-run", $"{X}/delivery-retry-health-alerts/retry-worker-run" })
        {
            var (response, body) = await client.PostJsonAsync(url, """{"execute":true}""");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Cavra:Connectors", (string)body["detail"]!, StringComparison.Ordinal);
        }

        Assert.Equal(before, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
    }
}
