using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Drills;

/// <summary>
/// Drill schedules and executed drills as evidence records. Stored versions take precedence over the original's
/// files (<c>CAVRA_GO_ROLLBACK_DRILL_SCHEDULE</c>, <c>CAVRA_GO_ROLLBACK_DRILL_HISTORY</c>), so operators need no
/// file access on the server. A file that cannot be read or is invalid is reported, not thrown.
/// </summary>
public sealed class DrillRecords(EvidenceStore store, EvidenceQuery query, IConfiguration configuration, TimeProvider clock)
{
    public const string ScheduleKind = "go-backend-rollback-drill-schedule";
    public const string DrillKind = "go-backend-rollback-drill-execution";
    private const int NewestDrills = 1000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private static readonly DrillScheduleValidator ScheduleRules = new();
    private static readonly DrillExecutionValidator DrillRules = new();

    public DrillSettings Settings => DrillSettings.From(configuration);

    public async Task<DrillSource<DrillSchedule>> ScheduleAsync(CancellationToken cancellationToken = default)
    {
        var settings = Settings;
        if (await query.LatestAsync(RecordFilter.OfKind(ScheduleKind), cancellationToken) is { } stored)
        {
            return new DrillSource<DrillSchedule>(stored.Record["schedule"].Deserialize<DrillSchedule>(Json), "stored", settings.SchedulePath, null);
        }

        if (settings.SchedulePath.Length == 0)
        {
            return new DrillSource<DrillSchedule>(null, "none", "", null);
        }

        var (schedule, problem) = ReadFile<DrillSchedule>(settings.SchedulePath, root => root);
        var invalid = schedule is null ? null : ScheduleRules.Validate(schedule);
        return new DrillSource<DrillSchedule>(
            schedule, "file", settings.SchedulePath,
            problem ?? (invalid is { IsValid: false } ? $"{Path.GetFileName(settings.SchedulePath)}: {invalid.Errors[0].ErrorMessage}" : null));
    }

    public async Task<DrillSource<IReadOnlyList<DrillExecution>>> DrillsAsync(CancellationToken cancellationToken = default)
    {
        var settings = Settings;
        var page = await query.PageAsync(RecordFilter.OfKind(DrillKind), NewestDrills, 0, cancellationToken);
        if (page.Total > 0)
        {
            IReadOnlyList<DrillExecution> drills = [.. page.Items.Select(i => i.Record["drill"].Deserialize<DrillExecution>(Json)!)];
            return new DrillSource<IReadOnlyList<DrillExecution>>(drills, "stored", settings.HistoryPath, null, page.Total);
        }

        if (settings.HistoryPath.Length == 0)
        {
            return new DrillSource<IReadOnlyList<DrillExecution>>([], "none", "", null);
        }

        var (history, problem) = ReadFile<List<DrillExecution>>(settings.HistoryPath, root => root["drills"]);
        var invalid = history?.Select(d => DrillRules.Validate(d)).FirstOrDefault(r => !r.IsValid);
        return new DrillSource<IReadOnlyList<DrillExecution>>(
            history ?? [], "file", settings.HistoryPath, problem ?? (invalid is null ? null : $"drill history file: {invalid.Errors[0].ErrorMessage}"));
    }

    public async Task<StoredEvidence> SaveScheduleAsync(DrillSchedule schedule, string storedBy, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToNode(schedule, Json)!.AsObject();
        var now = clock.GetUtcNow();
        // Each store is a new version (storing an earlier schedule again makes it current again).
        var draft = new EvidenceDraft(
            EvidenceIds.Derive("gordsched", new JsonObject
            {
                ["schedule"] = payload.DeepClone(), ["stored_by"] = storedBy, ["stored_at"] = EvidenceTime.ToText(now),
            }),
            ScheduleKind, now, storedBy, schedule.Owners.Count, 0, 0,
            new JsonObject { ["schedule_id"] = schedule.ScheduleId, ["schedule"] = payload });
        return await store.AppendAsync(draft, cancellationToken);
    }

    /// <summary>Records a drill once per <c>drill_id</c>; recording the same id again returns the first record.</summary>
    public async Task<StoredEvidence> RecordDrillAsync(DrillExecution drill, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToNode(drill, Json)!.AsObject();
        var draft = new EvidenceDraft(
            EvidenceIds.Derive("gorddrill", drill.DrillId), DrillKind, clock.GetUtcNow(), Actors.OrUnspecified(drill.Actor),
            1, drill.Status == "pass" ? 0 : 1, 0,
            new JsonObject { ["state"] = drill.Status, ["drill"] = payload });
        return await store.AppendAsync(draft, cancellationToken);
    }

    private static (T? Value, string? Problem) ReadFile<T>(string path, Func<JsonObject, JsonNode?> select)
        where T : class
    {
        var name = Path.GetFileName(path);
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root)
            {
                return (null, $"{name} must hold a JSON object");
            }

            var value = select(root).Deserialize<T>(Json);
            return value is null ? (null, $"{name} holds no data") : (value, null);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return (null, $"{name} cannot be read");
        }
        catch (JsonException error)
        {
            return (null, $"{name} is not valid ({error.Path ?? "JSON"})");
        }
    }
}
