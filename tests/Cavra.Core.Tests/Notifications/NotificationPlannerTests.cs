using System.Text.Json.Nodes;
using Cavra.Core.Drills;
using Cavra.Core.Notifications;

namespace Cavra.Core.Tests.Notifications;

public class NotificationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DrillSettings Settings = new("promoted", "", "", 14, 90);

    private static DrillSchedule Schedule(JsonArray? windows = null, JsonObject? calendars = null, JsonNode? ownerRoutes = null) => new()
    {
        ScheduleId = "go_backend_python_fallback_monthly",
        IntervalDays = 30,
        Owners = ["release-manager", "platform-owner"],
        NotificationProviders = ["webhook", "Slack"],
        RunbookRef = "docs/runbook.md",
        MaintenanceWindows = windows,
        OwnerCalendars = calendars,
        OwnerRoutes = ownerRoutes,
    };

    /// <summary>A schedule report whose latest drill was <paramref name="daysAgo"/> days ago (30-day interval).</summary>
    private static DrillScheduleReport Report(DrillSchedule schedule, int daysAgo)
    {
        var drill = new DrillExecution { DrillId = "d1", ExecutedAt = Cavra.Core.Evidence.EvidenceTime.ToText(Now.AddDays(-daysAgo)) };
        return DrillReports.Schedule(
            new DrillSource<DrillSchedule>(schedule, "stored", "", null),
            new DrillSource<IReadOnlyList<DrillExecution>>([drill], "stored", "", null),
            Settings, Now);
    }

    private static JsonObject Plan(DrillScheduleReport report, bool force = false, string[]? providers = null, JsonObject? policy = null) =>
        NotificationPlanner.Plan(report, new NotificationRequest(providers ?? [], "console", force, policy), ["webhook", "slack", "jira"], Now);

    private static List<JsonObject> Decisions(JsonObject plan) => [.. plan["route_decisions"]!.AsArray().Select(d => d!.AsObject())];

    [Fact]
    public void Due_soon_schedule_delivers_to_every_owner_and_provider()
    {
        var report = Report(Schedule(), daysAgo: 20);
        Assert.Equal("due_soon", report.Status);
        var plan = Plan(report);

        Assert.Equal("warning", (string?)plan["alert_level"]);
        Assert.Matches("^gordn-[0-9a-f]{16}$", (string?)plan["plan_id"]);
        Assert.Equal(["slack", "webhook"], plan["selected_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["slack", "webhook"], plan["acknowledgement_required_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(4, (int)plan["deliverable_route_count"]!);
        Assert.All(Decisions(plan), d =>
        {
            Assert.Equal("deliver", (string?)d["action"]);
            Assert.Matches("^gordroute-[0-9a-f]{16}$", (string?)d["route_key"]);
            Assert.Equal(60, (int)d["acknowledgement_minutes"]!);
        });
        Assert.Equal((string?)plan["plan_id"], (string?)Plan(report)["plan_id"]);
    }

    [Fact]
    public void Active_maintenance_window_suppresses_matching_routes()
    {
        var windows = new JsonArray(
            new JsonObject { ["window_id"] = "slack-freeze", ["start_at"] = "2026-11-23T00:00:00Z", ["end_at"] = "2026-11-24T00:00:00Z", ["providers"] = new JsonArray("slack"), ["reason"] = "chat migration" },
            new JsonObject { ["window_id"] = "past", ["start_at"] = "2026-10-01T00:00:00Z", ["end_at"] = "2026-10-02T00:00:00Z" });
        var plan = Plan(Report(Schedule(windows), daysAgo: 40));

        Assert.Equal("critical", (string?)plan["alert_level"]);
        Assert.Equal(["webhook"], plan["selected_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["slack"], plan["suppressed_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(2, (int)plan["maintenance_suppressed_count"]!);
        var slack = Decisions(plan).Where(d => (string?)d["provider"] == "slack").ToList();
        Assert.All(slack, d =>
        {
            Assert.Equal("maintenance_window", (string?)d["category"]);
            Assert.Equal("slack-freeze", (string?)d["maintenance_window"]!["window_id"]);
        });
    }

    [Fact]
    public void Unavailable_owner_is_suppressed_with_the_calendar_reason()
    {
        var calendars = new JsonObject
        {
            ["platform-owner"] = new JsonObject
            {
                ["unavailable_windows"] = new JsonArray(new JsonObject { ["start_at"] = "2026-11-20T00:00:00Z", ["end_at"] = "2026-11-30T00:00:00Z", ["reason"] = "on leave" }),
            },
        };
        var plan = Plan(Report(Schedule(calendars: calendars), daysAgo: 40));
        Assert.Equal(2, (int)plan["calendar_suppressed_count"]!);
        Assert.All(Decisions(plan).Where(d => (string?)d["owner"] == "platform-owner"), d =>
        {
            Assert.Equal("owner_calendar", (string?)d["category"]);
            Assert.Equal("on leave", (string?)d["reason"]);
        });
        Assert.All(Decisions(plan).Where(d => (string?)d["owner"] == "release-manager"), d => Assert.Equal("deliver", (string?)d["action"]));
    }

    [Fact]
    public void Healthy_schedule_suppresses_everything_unless_forced()
    {
        var report = Report(Schedule(), daysAgo: 2);
        Assert.Equal("ready", report.Status);
        var quiet = Plan(report);
        Assert.Empty(quiet["selected_providers"]!.AsArray());
        Assert.All(Decisions(quiet), d => Assert.Equal("healthy_schedule", (string?)d["category"]));
        Assert.Equal("healthy", (string?)quiet["alert_level"]);

        var forced = Plan(report, force: true);
        Assert.Equal(4, (int)forced["deliverable_route_count"]!);
    }

    [Fact]
    public void Owner_rules_set_providers_slo_and_escalation_owner()
    {
        var rules = new JsonArray(new JsonObject
        {
            ["owners"] = new JsonArray("release-manager"),
            ["providers"] = new JsonArray("slack"),
            ["acknowledgement_minutes"] = 15,
            ["escalation_owner"] = "release-director",
        });
        var policy = new JsonObject { ["acknowledgement_minutes"] = 45 };
        var plan = Plan(Report(Schedule(ownerRoutes: rules), daysAgo: 40), policy: policy);
        var manager = Assert.Single(Decisions(plan), d => (string?)d["owner"] == "release-manager");
        Assert.Equal("slack", (string?)manager["provider"]);
        Assert.Equal(15, (int)manager["acknowledgement_minutes"]!);
        Assert.Equal("release-director", (string?)manager["escalation_owner"]);
        var platform = Decisions(plan).Where(d => (string?)d["owner"] == "platform-owner").ToList();
        Assert.Equal(2, platform.Count);
        Assert.All(platform, d => Assert.Equal(45, (int)d["acknowledgement_minutes"]!));
    }

    [Fact]
    public void Requested_providers_narrow_the_plan_and_the_record_carries_the_counts()
    {
        var plan = Plan(Report(Schedule(), daysAgo: 40), providers: ["WebHook"]);
        Assert.Equal(["webhook"], plan["eligible_providers"]!.AsArray().Select(p => (string)p!));
        Assert.All(Decisions(plan), d => Assert.Equal("webhook", (string?)d["provider"]));

        var draft = NotificationPlanner.Record(plan, Now);
        Assert.Equal("go-backend-rollback-drill-notification-plan", draft.MetadataKind);
        Assert.Equal(1, draft.DecisionCount);
        Assert.Equal(1, draft.BlockedCount);
        Assert.Equal(0, draft.ApprovalRequiredCount);
        Assert.Equal((string?)plan["schedule_id"], (string?)draft.Body["schedule_id"]);
        Assert.NotNull(draft.Body["plan"]);
    }
}
