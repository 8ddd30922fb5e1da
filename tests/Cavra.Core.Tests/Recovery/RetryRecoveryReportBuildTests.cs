using System.Text.Json.Nodes;
using Cavra.Core.Recovery;

namespace Cavra.Core.Tests.Recovery;

/// <summary>The report builder is pure: the same inputs at a later "now" give a later report, with no store or clock.</summary>
public class RetryRecoveryReportBuildTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static RecoveryInputs Inputs(int executions = 0)
    {
        var inputs = new RecoveryInputs();
        for (var i = 0; i < executions; i++)
        {
            inputs.AddExecution(new JsonObject
            {
                ["execution_id"] = $"gordackretryexec-{i:x16}", ["provider"] = i % 2 == 0 ? "Splunk" : "webhook",
                ["execution_status"] = i % 2 == 0 ? "failed" : "delivered", ["executed_at"] = Start.AddMinutes(i).ToString("O"),
                ["delivery_success"] = i % 2 != 0,
            });
        }

        inputs.AddPlaybook(new JsonObject
        {
            ["playbook_id"] = "gordackrecovery-0000000000000001", ["generated_at"] = "2026-11-23T12:00:00.000000+00:00",
            ["provider_playbooks"] = new JsonArray(
                new JsonObject { ["provider"] = "splunk", ["category"] = "siem", ["failure_count"] = 3 },
                new JsonObject { ["provider"] = "webhook", ["category"] = "webhook", ["failure_count"] = 1 }),
        });
        return inputs;
    }

    private static JsonObject Closure(string provider, string state, DateTimeOffset at) => new()
    {
        ["closure_id"] = $"gordackrecoveryclosure-{state}", ["playbook_id"] = "gordackrecovery-0000000000000001", ["provider"] = provider,
        ["closure_state"] = state, ["closed_at"] = at.ToString("O"),
    };

    private static JsonObject Row(JsonObject report, string provider) =>
        report["recovery_rows"]!.AsArray().Single(r => (string?)r!["provider"] == provider)!.AsObject();

    [Fact]
    public void Only_an_open_recovery_older_than_the_slo_breaches()
    {
        var inputs = Inputs();
        inputs.AddClosure(Closure("webhook", "resolved", Start.AddMinutes(500)));

        var early = RetryRecoveryReports.Build(inputs, 240, "auditor", Start.AddMinutes(240));
        Assert.Equal("open", (string?)Row(early, "splunk")["slo_status"]);
        Assert.Equal("warning", (string?)early["alert_level"]);

        var late = RetryRecoveryReports.Build(inputs, 240, "auditor", Start.AddMinutes(241));
        Assert.Equal(("breached", true, 241), ((string)Row(late, "splunk")["slo_status"]!, (bool)Row(late, "splunk")["slo_breached"]!, (int)Row(late, "splunk")["age_minutes"]!));
        // Closed after 500 minutes, far past the SLO: still never a breach.
        Assert.Equal(("closed", false, 500), ((string)Row(late, "webhook")["slo_status"]!, (bool)Row(late, "webhook")["slo_breached"]!, (int)Row(late, "webhook")["closure_minutes"]!));
        Assert.Equal("splunk", (string?)late["recovery_rows"]![0]!["provider"]);
        Assert.Equal("critical", (string?)late["alert_level"]);
        Assert.NotEqual((string?)early["report_id"], (string?)late["report_id"]);
    }

    [Fact]
    public void The_latest_closure_by_time_decides_and_trends_count_every_closure_newest_day_first()
    {
        var inputs = Inputs();
        inputs.AddClosure(Closure("webhook", "resolved", Start.AddDays(1)));
        inputs.AddClosure(Closure("webhook", "reopened", Start.AddDays(2)));
        var report = RetryRecoveryReports.Build(inputs, 240, "auditor", Start.AddDays(3));
        Assert.Equal(("reopened", "breached"), ((string)Row(report, "webhook")["closure_state"]!, (string)Row(report, "webhook")["slo_status"]!));
        Assert.Equal(["2026-11-25", "2026-11-24"], report["closure_trends"]!.AsArray().Select(t => (string)t!["date"]!));
        Assert.Equal(1, (int)report["closure_trends"]![0]!["reopened_count"]!);
        Assert.Equal("""{"reopened":1,"resolved":1}""", report["closure_state_counts"]!.ToJsonString());
        Assert.Equal(2, (int)report["provider_summary"]![1]!["recovery_closure_count"]!);
    }

    [Fact]
    public void Latest_executions_are_the_20_newest_and_counts_cover_all()
    {
        var report = RetryRecoveryReports.Build(Inputs(executions: 25), 240, "auditor", Start.AddHours(1));
        var latest = report["latest_executions"]!.AsArray();
        Assert.Equal(20, latest.Count);
        Assert.Equal("gordackretryexec-0000000000000018", (string?)latest[0]!["execution_id"]);
        Assert.Equal(25, (int)report["execution_count"]!);
        Assert.Equal(12, (int)report["execution_success_count"]!);
        Assert.Equal(0.48, (double)report["execution_success_rate"]!);
        Assert.Equal("splunk", (string?)report["provider_summary"]![0]!["provider"]);
        Assert.Equal(13, (int)report["provider_summary"]![0]!["execution_failed_count"]!);
    }
}
