using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>Drill schedule and drill history through HTTP, with a fake clock.</summary>
public class DrillsApiTests
{
    private const string Schedule = "/runtime/go-pilot/rollback-drill-schedule";
    private const string Drills = "/runtime/go-pilot/rollback-drills";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject ValidSchedule() => new()
    {
        ["schema_version"] = "cavra.go-backend-rollback-drill-schedule.v1",
        ["schedule_id"] = "go_backend_python_fallback_monthly",
        ["status"] = "active",
        ["interval_days"] = 30,
        ["owners"] = new JsonArray("release-manager", "platform-owner"),
        ["notification_providers"] = new JsonArray("webhook", "slack"),
        ["runbook_ref"] = "docs/go-backend-rollback-drill-schedule.md",
        ["maintenance_windows"] = new JsonArray(new JsonObject { ["window_id"] = "freeze", ["start_at"] = "2026-12-20T00:00:00Z", ["end_at"] = "2027-01-02T00:00:00Z" }),
        ["updated_by"] = "release-manager",
    };

    private static JsonObject Drill(string id, DateTimeOffset executedAt) => new()
    {
        ["drill_id"] = id,
        ["executed_at"] = executedAt.ToString("O"),
        ["actor"] = "release-agent",
        ["source_mode"] = "promoted",
        ["target_mode"] = "disabled",
        ["status"] = "pass",
        ["fallback_verified"] = true,
        ["recovery_minutes"] = 7,
        ["max_recovery_minutes"] = 15,
        ["runbook_ref"] = "docs/go-backend-rollback-drill-history.md",
        ["evidence_refs"] = new JsonArray("go-rollback-drill://ci/python-fallback-restored"),
    };

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        return await client.PutAsync(new Uri(Schedule, UriKind.Relative), content);
    }

    private static async Task<long> RecordCountAsync(HttpClient client) =>
        (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Fact]
    public async Task Nothing_configured_means_not_requested()
    {
        await using var factory = new CavraApiFactory(clock: new FakeClock(Now));
        var client = factory.CreateClient();
        Assert.Equal("not_requested", (string?)(await client.GetJsonAsync(Schedule)).Body["status"]);
        var (_, history) = await client.GetJsonAsync(Drills);
        Assert.Equal("cavra.go-backend-pilot.rollback-drill-history.v1", (string?)history["schema_version"]);
        Assert.Equal("not_requested", (string?)history["status"]);
    }

    [Fact]
    public async Task Stored_schedule_and_recorded_drills_drive_due_soon_stale_and_freshness()
    {
        var clock = new FakeClock(Now);
        await using var factory = new CavraApiFactory(clock: clock);
        var client = factory.CreateClient();

        var put = await PutAsync(client, ValidSchedule());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await put.ReadObjectAsync();
        Assert.Equal("go-backend-rollback-drill-schedule", (string?)stored["metadata"]!["metadata_kind"]);
        Assert.Equal("release-manager", (string?)stored["metadata"]!["signer"]);
        // No drill yet and no next_due_at: there is no due date, so the schedule needs attention.
        Assert.Equal("needs_attention", (string?)stored["report"]!["status"]);
        Assert.Equal("stored", (string?)stored["report"]!["source"]);

        var (recorded, drill) = await client.PostJsonAsync(Drills, Drill("drill_2026_11_03", Now.AddDays(-20)).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.True((bool)drill["created"]!);
        Assert.Equal("go-backend-rollback-drill-execution", (string?)drill["metadata"]!["metadata_kind"]);

        // Latest drill 20 days ago, interval 30: due in 10 days, within the 14-day due-soon window.
        var (_, report) = await client.GetJsonAsync(Schedule);
        Assert.Equal("due_soon", (string?)report["status"]);
        Assert.Equal(10.0, (double)report["due"]!["days_until_due"]!);
        Assert.Equal("drill_2026_11_03", (string?)report["history"]!["latest_drill"]!["drill_id"]);
        Assert.Equal("ready", (string?)(await client.GetJsonAsync(Drills)).Body["status"]);

        clock.Advance(TimeSpan.FromDays(40));
        var (_, stale) = await client.GetJsonAsync(Schedule);
        Assert.Equal("needs_attention", (string?)stale["status"]);
        Assert.True((bool)stale["due"]!["stale"]!);

        clock.Advance(TimeSpan.FromDays(40));
        var (_, old) = await client.GetJsonAsync(Drills);
        Assert.Equal("needs_attention", (string?)old["status"]);
        Assert.Contains(old["checks"]!.AsArray(), c => (string?)c!["id"] == "go_rollback_drill_fresh" && (string?)c["status"] == "warn");

        // A fresh drill brings both back; the same drill id again is not recorded twice.
        await client.PostJsonAsync(Drills, Drill("drill_2027_02_10", clock.GetUtcNow().AddDays(-1)).ToJsonString());
        var (_, again) = await client.PostJsonAsync(Drills, Drill("drill_2027_02_10", clock.GetUtcNow()).ToJsonString());
        Assert.False((bool)again["created"]!);
        var (_, fresh) = await client.GetJsonAsync(Schedule);
        Assert.Equal("ready", (string?)fresh["status"]);
        Assert.Equal(2, (int)fresh["history"]!["drill_count"]!);
    }

    [Fact]
    public async Task Storing_an_earlier_schedule_again_makes_it_current()
    {
        var clock = new FakeClock(Now);
        await using var factory = new CavraApiFactory(clock: clock);
        var client = factory.CreateClient();
        var first = ValidSchedule();
        var second = ValidSchedule();
        second["interval_days"] = 90;
        foreach (var schedule in new[] { first, second, first })
        {
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, schedule)).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var (_, report) = await client.GetJsonAsync(Schedule);
        Assert.Equal(30, (int)report["schedule"]!["interval_days"]!);
        Assert.Equal(3, await RecordCountAsync(client));
    }

    [Theory]
    [InlineData("interval_days", -5, "interval_days")]
    [InlineData("status", "maybe", "status")]
    [InlineData("schema_version", "v2", "schema_version")]
    [InlineData("schedule_id", "", "schedule_id")]
    [InlineData("runbook_ref", "see https://admin:hunter2secret@wiki.example.com/runbook", "runbook_ref")]
    public async Task Invalid_schedules_are_400_naming_the_field_and_store_nothing(string field, object value, string expected)
    {
        await using var factory = new CavraApiFactory(clock: new FakeClock(Now));
        var client = factory.CreateClient();
        var schedule = ValidSchedule();
        schedule[field] = JsonValue.Create(value);
        var response = await PutAsync(client, schedule);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.True(problem["errors"]!.AsObject().ContainsKey(expected), problem.ToJsonString());
        Assert.DoesNotContain("hunter2secret", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Wrong_types_and_empty_lists_are_400s()
    {
        await using var factory = new CavraApiFactory(clock: new FakeClock(Now));
        var client = factory.CreateClient();
        var schedule = ValidSchedule();
        schedule["interval_days"] = "monthly";
        var typed = await (await PutAsync(client, schedule)).ReadObjectAsync();
        Assert.Equal("must be a number", (string?)typed["errors"]!["interval_days"]![0]);

        schedule = ValidSchedule();
        schedule["owners"] = new JsonArray();
        schedule["maintenance_windows"] = new JsonArray(new JsonObject { ["reason"] = "token=" + "a8F3kL9qZx2Pm7Rt4Vn6" });
        var listed = await (await PutAsync(client, schedule)).ReadObjectAsync();
        Assert.True(listed["errors"]!.AsObject().ContainsKey("owners"));
        Assert.True(listed["errors"]!.AsObject().ContainsKey("maintenance_windows"));

        var (badDrill, problem) = await client.PostJsonAsync(Drills, """{"drill_id":"d1","executed_at":"yesterday","status":"ok"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badDrill.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("executed_at"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("status"));
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Files_are_read_as_the_original_and_a_stored_schedule_takes_precedence()
    {
        var directory = Directory.CreateTempSubdirectory("cavra-drills-");
        try
        {
            var scheduleFile = Path.Combine(directory.FullName, "schedule.json");
            var fileSchedule = ValidSchedule();
            fileSchedule["schedule_id"] = "from_file";
            fileSchedule["next_due_at"] = Now.AddDays(60).ToString("O");
            await File.WriteAllTextAsync(scheduleFile, fileSchedule.ToJsonString());
            var historyFile = Path.Combine(directory.FullName, "drills.json");
            await File.WriteAllTextAsync(historyFile, new JsonObject
            {
                ["schema_version"] = "cavra.go-backend-rollback-drill-history.v1",
                ["environment"] = "production-pilot",
                ["drills"] = new JsonArray(Drill("drill_file", Now.AddDays(-3))),
            }.ToJsonString());

            await using var factory = new CavraApiFactory(
                new Dictionary<string, string?>
                {
                    ["CAVRA_GO_ROLLBACK_DRILL_SCHEDULE"] = scheduleFile,
                    ["CAVRA_GO_ROLLBACK_DRILL_HISTORY"] = historyFile,
                    ["CAVRA_GO_BACKEND_MODE"] = "promoted",
                },
                clock: new FakeClock(Now));
            var client = factory.CreateClient();
            var (_, fromFile) = await client.GetJsonAsync(Schedule);
            Assert.Equal("file", (string?)fromFile["source"]);
            Assert.Equal("from_file", (string?)fromFile["schedule"]!["schedule_id"]);
            Assert.Equal("ready", (string?)fromFile["status"]);
            Assert.Equal("file", (string?)fromFile["history"]!["source"]);
            Assert.Equal("promoted", (string?)fromFile["mode"]);

            await PutAsync(client, ValidSchedule());
            var (_, fromStore) = await client.GetJsonAsync(Schedule);
            Assert.Equal("stored", (string?)fromStore["source"]);
            Assert.Equal("go_backend_python_fallback_monthly", (string?)fromStore["schedule"]!["schedule_id"]);

            await File.WriteAllTextAsync(historyFile, "{ broken");
            var (_, broken) = await client.GetJsonAsync(Drills);
            Assert.Equal("needs_attention", (string?)broken["status"]);
            Assert.Contains("drills.json", (string?)broken["checks"]![1]!["message"], StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
