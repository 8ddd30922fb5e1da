using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;
using Microsoft.Extensions.DependencyInjection;

namespace Cavra.Api.Tests;

/// <summary>
/// The main history, the dashboard and the console's kinds follow the stream catalogue: every stream's records are in
/// the history and the console, and have counters; the recovery escalation counters count exactly what is stored.
/// </summary>
public sealed class StreamCatalogueDashboardTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Streams => [.. DeliveryStreams.All.Select(s => s.Name)];

    private static DeliveryStream Stream(string name) => DeliveryStreams.All.Single(s => s.Name == name);

    /// <summary>Every kind a stream writes, with its health alerts' plans and acknowledgements.</summary>
    private static IEnumerable<string> KindsOf(DeliveryStream stream) =>
        NotificationHistory.StreamRecords(stream).Select(k => k.Kind)
            .Concat(stream.HealthAlerts is { } alerts ? [alerts.AlertPlan.Kind, alerts.Acknowledgement.Kind] : []);

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Every_stream_is_in_the_history_scope_the_console_config_and_the_dashboard(string name)
    {
        var stream = Stream(name);
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var (_, config) = await client.GetJsonAsync("/console/config");
        var consoleKinds = config["record_kinds"]!.AsArray().Select(k => (string)k!["kind"]!).ToList();
        var consoleSources = config["delivery_sources"]!.AsArray().Select(s => (string)s!).ToList();
        var (_, dashboard) = await client.GetJsonAsync($"{P}/dashboard");
        var countedKinds = NotificationDashboard.Counters.SelectMany(c => c.Filter.Kinds ?? []).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(stream.Source, NotificationHistory.Scope.DeliverySources);
        Assert.Contains(stream.Source, consoleSources);
        if (stream.HealthAlerts is { } alerts)
        {
            Assert.Contains(alerts.Source, NotificationHistory.Scope.DeliverySources);
            Assert.Contains(alerts.Source, consoleSources);
        }

        foreach (var kind in KindsOf(stream))
        {
            Assert.Contains(kind, NotificationHistory.Scope.Kinds);
            Assert.Contains(kind, consoleKinds);
            Assert.True(countedKinds.Contains(kind), $"no dashboard counter counts {kind}");
            // The history accepts the kind as a filter.
            var (response, _) = await client.GetJsonAsync($"{P}?metadata_kind={kind}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Every counter of the stream is on the dashboard, and its names are unique across the dashboard.
        var fields = NotificationDashboard.StreamCounters(stream).Select(c => c.Field).ToList();
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.True(dashboard.ContainsKey(f), $"dashboard lacks {f}"));
        Assert.Equal(NotificationDashboard.Counters.Count, NotificationDashboard.Counters.Select(c => c.Field).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_audit_stream_keeps_its_historic_counter_names()
    {
        string[] historic =
        [
            "acknowledgement_audit_delivery_count", "failed_acknowledgement_audit_delivery_count", "acknowledgement_audit_delivery_success_count",
            "acknowledgement_audit_delivery_retry_plan_count", "acknowledgement_audit_delivery_retryable_count",
            "acknowledgement_audit_delivery_retry_execution_record_count", "acknowledgement_audit_delivery_retry_execution_success_count",
            "acknowledgement_audit_delivery_retry_execution_failed_count", "acknowledgement_audit_delivery_worker_run_count",
            "acknowledgement_audit_delivery_worker_dry_run_count", "acknowledgement_audit_delivery_worker_executed_count",
            "acknowledgement_audit_delivery_worker_health_alert_count", "acknowledgement_audit_delivery_worker_health_alert_ack_count",
            "acknowledgement_audit_delivery_worker_health_alert_delivery_count",
        ];
        Assert.Equal(historic.Order(), NotificationDashboard.StreamCounters(DeliveryStreams.Audit).Select(c => c.Field).Order());
    }

    [Fact]
    public async Task Recovery_escalation_counters_are_exact_and_the_history_filters_by_the_new_kinds_and_source()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var store = factory.Services.GetRequiredService<EvidenceStore>();
        var escalation = DeliveryStreams.RecoveryEscalation;
        var alertRetries = DeliveryStreams.RecoveryEscalationAlertRetries;
        var alerts = escalation.HealthAlerts!;
        var at = 0;
        async Task AddAsync(string id, string kind, int decisions, int blocked, int approvals, JsonObject body) =>
            await store.AppendAsync(new EvidenceDraft(id, kind, T0.AddMinutes(++at), "release-manager", decisions, blocked, approvals, body));
        JsonObject Execution(string status) => new() { ["execution_status"] = status, ["provider"] = "webhook", ["run_id"] = "run", ["plan_id"] = "p", ["health_id"] = "h" };
        JsonObject Plan(DeliveryStream stream, string id) => new()
        {
            ["retry_plan_id"] = id,
            [stream.RetryPlan.PayloadKey] = new JsonObject { ["retry_plan_id"] = id, ["generated_at"] = "2026-11-23T09:00:00.000000+00:00", ["retry_decisions"] = new JsonArray() },
        };
        JsonObject Run(DeliveryStream stream, string id, bool dryRun) => new()
        {
            ["run_id"] = id, ["dry_run"] = dryRun,
            [stream.WorkerRun.PayloadKey] = new JsonObject
            {
                ["run_id"] = id, ["generated_at"] = "2026-11-23T09:00:00.000000+00:00", ["dry_run"] = dryRun,
                ["schedule"] = new JsonObject { ["enabled"] = true }, ["follow_up_actions"] = new JsonArray(),
            },
        };

        await AddAsync("gordackretryreport-0000000000000001", RecoveryRecords.Report.Kind, 1, 0, 0, new() { ["alert_level"] = "warning" });
        // Two escalation plans with 3 and 2 routes.
        await AddAsync("gordackrecoveryesc-0000000000000001", RecoveryRecords.EscalationPlan.Kind, 3, 1, 1, new() { ["plan_id"] = "gordackrecoveryesc-0000000000000001" });
        await AddAsync("gordackrecoveryesc-0000000000000002", RecoveryRecords.EscalationPlan.Kind, 2, 0, 1, new() { ["plan_id"] = "gordackrecoveryesc-0000000000000002" });
        await AddAsync("gordackrecoveryescack-0000000000000001", RecoveryRecords.EscalationAcknowledgement.Kind, 1, 0, 0,
            new() { ["plan_id"] = "gordackrecoveryesc-0000000000000001", ["provider"] = "webhook", ["acknowledgement_state"] = "accepted" });
        // Escalation retry plans: the newest holds 1 retryable (the older held 4).
        await AddAsync("gordackrecoveryescretry-0000000000000001", escalation.RetryPlan.Kind, 4, 0, 4, Plan(escalation, "gordackrecoveryescretry-0000000000000001"));
        await AddAsync("gordackrecoveryescretry-0000000000000002", escalation.RetryPlan.Kind, 1, 0, 1, Plan(escalation, "gordackrecoveryescretry-0000000000000002"));
        await AddAsync("gordackrecoveryescworker-0000000000000001", escalation.WorkerRun.Kind, 1, 0, 0, Run(escalation, "gordackrecoveryescworker-0000000000000001", false));
        await AddAsync("gordackrecoveryescexec-0000000000000001", escalation.ExecutionRecord.Kind, 1, 0, 0, Execution("delivered"));
        await AddAsync("gordackrecoveryescexec-0000000000000002", escalation.ExecutionRecord.Kind, 1, 0, 0, Execution("failed"));
        await AddAsync("gordackrecoveryescexec-0000000000000003", escalation.ExecutionRecord.Kind, 1, 0, 0, Execution("skipped"));
        // Stored health reports raising 2 and 3 alerts.
        await AddAsync("gordackrecoveryeschealth-0000000000000001", escalation.Health!.Record.Kind, 1, 1, 0,
            new() { ["health_id"] = "gordackrecoveryeschealth-0000000000000001", ["alert_level"] = "critical", ["alert_count"] = 2 });
        await AddAsync("gordackrecoveryeschealth-0000000000000002", escalation.Health!.Record.Kind, 1, 1, 0,
            new() { ["health_id"] = "gordackrecoveryeschealth-0000000000000002", ["alert_level"] = "critical", ["alert_count"] = 3 });
        await AddAsync("gordackrecoveryhealthalert-0000000000000001", alerts.AlertPlan.Kind, 1, 0, 1,
            new() { ["health_id"] = "gordackrecoveryeschealth-0000000000000002" });
        await AddAsync("gordackrecoveryhealthack-0000000000000001", alerts.Acknowledgement.Kind, 1, 0, 0,
            new() { ["health_id"] = "gordackrecoveryeschealth-0000000000000002", ["provider"] = "webhook", ["acknowledgement_state"] = "acknowledged" });
        // The alert re-delivery stream: one plan holding 2 retryable, two runs, one delivered and one skipped execution.
        await AddAsync("gordackrecoveryhealthalertretry-0000000000000001", alertRetries.RetryPlan.Kind, 2, 0, 2, Plan(alertRetries, "gordackrecoveryhealthalertretry-0000000000000001"));
        await AddAsync("gordackrecoveryhealthalertworker-0000000000000001", alertRetries.WorkerRun.Kind, 1, 0, 0, Run(alertRetries, "gordackrecoveryhealthalertworker-0000000000000001", true));
        await AddAsync("gordackrecoveryhealthalertworker-0000000000000002", alertRetries.WorkerRun.Kind, 1, 0, 0, Run(alertRetries, "gordackrecoveryhealthalertworker-0000000000000002", false));
        await AddAsync("gordackrecoveryhealthalertexec-0000000000000001", alertRetries.ExecutionRecord.Kind, 1, 0, 0, Execution("delivered"));
        await AddAsync("gordackrecoveryhealthalertexec-0000000000000002", alertRetries.ExecutionRecord.Kind, 1, 0, 0, Execution("skipped"));
        // A recovery escalation delivery.
        await AddAsync("rcd-webhook-000000000001", RecordScope.DeliveryKind, 1, 0, 0, new()
        {
            ["connector_delivery_source"] = escalation.Source, ["delivery_success"] = false, ["provider"] = "webhook",
            ["plan_id"] = "gordackrecoveryesc-0000000000000001",
        });

        var (response, dashboard) = await client.GetJsonAsync($"{P}/dashboard");
        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", factory.LogLines));
        const string E = "acknowledgement_audit_delivery_recovery_escalation";
        const string R = E + "_retry_health_alert_delivery";
        var expected = new Dictionary<string, long>
        {
            ["acknowledgement_audit_delivery_retry_recovery_report_count"] = 1,
            [$"{E}_plan_count"] = 2,
            [$"{E}_route_count"] = 5,
            [$"{E}_ack_count"] = 1,
            [$"{E}_retry_plan_count"] = 2,
            [$"{E}_retryable_count"] = 1,
            [$"{E}_retry_worker_run_count"] = 1,
            [$"{E}_retry_execution_record_count"] = 3,
            [$"{E}_retry_execution_success_count"] = 1,
            [$"{E}_retry_execution_failed_count"] = 2,
            [$"{E}_retry_health_count"] = 2,
            [$"{E}_retry_health_alert_count"] = 5,
            [$"{E}_retry_health_alert_plan_count"] = 1,
            [$"{E}_retry_health_alert_ack_count"] = 1,
            [$"{R}_retry_plan_count"] = 1,
            [$"{R}_retryable_count"] = 2,
            [$"{R}_retry_worker_run_count"] = 2,
            [$"{R}_retry_execution_record_count"] = 2,
            [$"{R}_retry_execution_success_count"] = 1,
            [$"{R}_retry_execution_failed_count"] = 1,
            ["delivery_count"] = 1,
            ["failed_delivery_count"] = 1,
            ["acknowledgement_audit_delivery_count"] = 0,
            ["acknowledgement_audit_delivery_worker_run_count"] = 0,
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(k => k, k => (long?)dashboard[k] ?? -1));

        // The history holds the new kinds and filters by them.
        var (_, executions) = await client.GetJsonAsync($"{P}?metadata_kind={escalation.ExecutionRecord.Kind}");
        Assert.Equal(3, (long)executions["total"]!);
        Assert.All(executions["items"]!.AsArray(), i => Assert.Equal(escalation.ExecutionRecord.Kind, (string?)i!["metadata_kind"]));
        var (_, health) = await client.GetJsonAsync($"{P}?metadata_kind={escalation.Health.Record.Kind}");
        Assert.Equal(2, (long)health["total"]!);
        var (_, redeliveries) = await client.GetJsonAsync($"{P}?metadata_kind={alertRetries.WorkerRun.Kind}");
        Assert.Equal(2, (long)redeliveries["total"]!);

        // The recovery escalation source keeps its chain: plans, acknowledgements, retry plans, runs, executions, health and deliveries.
        var (_, chain) = await client.GetJsonAsync($"{P}?connector_delivery_source={escalation.Source}&limit=500");
        Assert.Equal(2 + 1 + 2 + 1 + 3 + 2 + 1, (long)chain["total"]!);
        // The re-delivery stream's source keeps its own retry records.
        var (_, alertChain) = await client.GetJsonAsync($"{P}?connector_delivery_source={alertRetries.Source}&limit=500");
        Assert.Equal(1 + 2 + 2, (long)alertChain["total"]!);

        // A typo of a new kind is a 400 naming it.
        var (typo, problem) = await client.GetJsonAsync($"{P}?metadata_kind={escalation.ExecutionRecord.Kind.Replace("execution", "execution-", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains($"did you mean '{escalation.ExecutionRecord.Kind}'", (string)problem["errors"]!["metadata_kind"]![0]!, StringComparison.Ordinal);
    }
}
