using System.Net;
using System.Text.Json.Nodes;

namespace Cavra.Api.Tests.Infrastructure;

/// <summary>A stored drill schedule that is overdue (due 2026-11-01), the starting point of the notification flows.</summary>
internal static class DrillSetup
{
    public const string ScheduleId = "go_backend_python_fallback_monthly";

    public static JsonObject StaleSchedule(string[] owners, params string[] providers) => new()
    {
        ["schema_version"] = "cavra.go-backend-rollback-drill-schedule.v1",
        ["schedule_id"] = ScheduleId,
        ["interval_days"] = 30,
        ["owners"] = new JsonArray([.. owners.Select(o => (JsonNode)o)]),
        ["notification_providers"] = new JsonArray([.. providers.Select(p => (JsonNode)p)]),
        ["runbook_ref"] = "docs/go-backend-rollback-drill-schedule.md",
        ["next_due_at"] = "2026-11-01T00:00:00Z",
    };

    public static async Task PutScheduleAsync(HttpClient client, JsonObject schedule)
    {
        using var content = new StringContent(schedule.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync(new Uri("/runtime/go-pilot/rollback-drill-schedule", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
