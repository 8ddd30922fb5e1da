using System.Text.Json.Nodes;
using Cavra.Core.Closure;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Cavra.Core.Streams;

namespace Cavra.Core.Tests.Closure;

/// <summary>The closure, readiness and runbook builders are pure: inputs and a time in, JSON out.</summary>
public class ReleaseReadinessBuildTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ClosureInputs Inputs(bool open)
    {
        var audit = DeliveryStreams.Audit;
        var reasons = open
            ? new[]
            {
                new StreamCondition("connector_failure", "critical", "1 failed delivery still open", 1,
                    new JsonObject { ["delivery_ids"] = new JsonArray("gordackdelivery-1"), ["providers"] = new JsonArray("splunk"), ["record_ids"] = new JsonArray("rcd-splunk-1") },
                    audit.NextActions["connector_failure"], audit.Name),
            }
            : [];
        var rows = open
            ? new JsonArray(new JsonObject { ["playbook_id"] = "gordackrecovery-1", ["provider"] = "splunk", ["slo_status"] = "breached" })
            : new JsonArray();
        return new ClosureInputs(
            new JsonObject(), StreamLevel.Of(reasons), [], [],
            new JsonObject { ["recovery_rows"] = rows, ["recovery_slo_minutes"] = 240 }, []);
    }

    private static ReadinessInputs Readiness(bool open) => new(
        Inputs(open), new ChainVerification(true, 12, 12, "hash", null, null),
        new Dictionary<string, StageEvidence> { ["audit_delivered"] = new(1, ["rcd-splunk-2"]) });

    [Fact]
    public void An_open_loop_lists_its_items_and_blocks_readiness_naming_the_checks()
    {
        var closure = FinalClosure.Build(Inputs(open: true), Now);
        Assert.Equal("open", (string?)closure["closure_state"]);
        Assert.Equal("critical", (string?)closure["alert_level"]);
        Assert.Equal(["audit_delivery_failed", "connector_recovery_slo_breached"],
            closure["open_items"]!.AsArray().Select(i => (string)i!["item"]!));
        Assert.Equal(["gordackdelivery-1", "rcd-splunk-1"], closure["open_items"]![0]!["ids"]!.AsArray().Select(i => (string)i!));

        var summary = ReleaseReadiness.Build(Readiness(open: true), "release-manager", Now);
        Assert.Equal("blocked", (string?)summary["readiness_state"]);
        Assert.Equal(["audit_delivered", "failed_deliveries_retried_or_closed", "recoveries_closed_within_slo", "closure_dashboard_closed"],
            summary["failed_checks"]!.AsArray().Select(c => (string)c!));

        var runbook = OperatorRunbook.Build(summary, "release-manager", OperatorRunbook.Markdown, Now);
        var markdown = (string)runbook["markdown"]!;
        Assert.Contains("connector_recovery_slo_breached", markdown, StringComparison.Ordinal);
        Assert.Contains("gordackrecovery-1", markdown, StringComparison.Ordinal);
        Assert.Contains("Close Recovery", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_loop_is_ready_and_its_summary_id_does_not_depend_on_time_or_actor()
    {
        var closure = FinalClosure.Build(Inputs(open: false), Now);
        Assert.Equal("closed", (string?)closure["closure_state"]);
        Assert.Equal("healthy", (string?)closure["alert_level"]);

        var summary = ReleaseReadiness.Build(Readiness(open: false), "release-manager", Now);
        var later = ReleaseReadiness.Build(Readiness(open: false), "auditor", Now.AddHours(3));
        Assert.Equal("ready", (string?)summary["readiness_state"]);
        Assert.Equal((string?)summary["summary_id"], (string?)later["summary_id"]);
        Assert.NotEqual((string?)summary["summary_id"], (string?)ReleaseReadiness.Build(Readiness(open: true), "release-manager", Now)["summary_id"]);

        var runbook = OperatorRunbook.Build(summary, "release-manager", OperatorRunbook.Json, Now);
        Assert.Empty(runbook["remaining"]!.AsArray());
        Assert.Contains("rcd-splunk-2", (string)runbook["markdown"]!, StringComparison.Ordinal);
        Assert.Equal(EvidenceIds.Derive(ClosureRecords.RunbookExport.IdPrefix, new JsonObject { ["summary_id"] = summary["summary_id"]!.DeepClone(), ["format"] = "json" }),
            (string?)runbook["runbook_id"]);
    }
}
