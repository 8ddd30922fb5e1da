using System.Net;
using System.Text.Json.Nodes;

namespace Cavra.Console.Tests.Infrastructure;

/// <summary>Test setup the console has no button for: storing the drill schedule, and reading the API to compare.</summary>
internal static class Drill
{
    public const string ScheduleId = "go_backend_python_fallback_monthly";
    public const string P = "/runtime/go-pilot/rollback-drill-notifications";
    public const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";

    /// <summary>
    /// Stores an overdue schedule (due 2026-11-01) that notifies release-manager through webhook and slack; with
    /// <paramref name="frozenProvider"/>, a maintenance window around the test clock suppresses that provider.
    /// </summary>
    public static async Task StoreOverdueScheduleAsync(ConsoleServer server, string? frozenProvider = null)
    {
        var schedule = new JsonObject
        {
            ["schema_version"] = "cavra.go-backend-rollback-drill-schedule.v1",
            ["schedule_id"] = ScheduleId,
            ["interval_days"] = 30,
            ["owners"] = new JsonArray("release-manager"),
            ["notification_providers"] = new JsonArray("webhook", "slack"),
            ["runbook_ref"] = "docs/go-backend-rollback-drill-schedule.md",
            ["next_due_at"] = "2026-11-01T00:00:00Z",
        };
        if (frozenProvider is not null)
        {
            schedule["maintenance_windows"] = new JsonArray(new JsonObject
            {
                ["window_id"] = "november-freeze", ["start_at"] = "2026-11-20T00:00:00Z", ["end_at"] = "2026-11-30T00:00:00Z",
                ["providers"] = new JsonArray(frozenProvider),
            });
        }

        using var content = new StringContent(schedule.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await server.Api.PutAsync(new Uri("runtime/go-pilot/rollback-drill-schedule", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<JsonObject> PostAsync(ConsoleServer server, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await server.Api.PostAsync(new Uri(path.TrimStart('/'), UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(ConsoleServer server, string path)
    {
        var response = await server.Api.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The exact history total the API reports for a query string.</summary>
    public static async Task<long> HistoryTotalAsync(ConsoleServer server, string query = "") =>
        (long)(await GetAsync(server, $"{P}?{query}"))["total"]!;

    public static async Task<long> RecordCountAsync(ConsoleServer server) =>
        (long)(await GetAsync(server, "/health/ready"))["record_count"]!;
}
