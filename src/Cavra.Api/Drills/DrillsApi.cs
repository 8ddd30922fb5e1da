using System.Text.Json;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Drills;

/// <summary>Something stored that will not work as it stands: the field, the values concerned and what to do.</summary>
/// <param name="Field">The schedule field the values come from (notification_providers, owner_routes, routing_rules).</param>
/// <param name="Providers">The providers no configured connector serves.</param>
/// <param name="Message">What happens and what to do about it.</param>
public sealed record ScheduleWarning(string Field, IReadOnlyList<string> Providers, string Message);

/// <summary>A stored drill schedule; <c>warnings</c> names providers no configured connector serves (stored anyway).</summary>
/// <param name="Schedule">The schedule as stored.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Report">The schedule report now that it is stored.</param>
/// <param name="Warnings">What will not work as stored, such as providers without a connector; empty when nothing.</param>
public sealed record StoredScheduleResponse(
    DrillSchedule Schedule, EvidenceEnvelope Metadata, DrillScheduleReport Report, IReadOnlyList<ScheduleWarning> Warnings);

/// <summary>A recorded drill.</summary>
/// <param name="Drill">The drill as stored (the first recording of its drill_id).</param>
/// <param name="Created">false when this drill_id was already recorded (nothing changed).</param>
/// <param name="Metadata">Its stored evidence record.</param>
public sealed record RecordedDrillResponse(DrillExecution Drill, bool Created, EvidenceEnvelope Metadata);

/// <summary>
/// The drill schedule and the drill history: their reports (as the original, from files or stored records) and,
/// beyond the original, storing a schedule and recording a drill so operators need no file access on the server.
/// </summary>
public static class DrillsApi
{
    public static IEndpointRouteBuilder MapDrillsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/runtime/go-pilot").WithTags("Drills");
        group.MapGet("/rollback-drill-schedule", GetDrillSchedule).WithName(nameof(GetDrillSchedule))
            .WithSummary("The drill schedule report: the stored schedule (or CAVRA_GO_ROLLBACK_DRILL_SCHEDULE), when the next drill is due, and its status.")
            .ForConsole("go_rollback_drill_schedule");
        group.MapPut("/rollback-drill-schedule", PutDrillSchedule).WithName(nameof(PutDrillSchedule))
            .WithSummary("Store a drill schedule as evidence; it takes precedence over the schedule file.")
            .Validate<DrillSchedule>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("go_rollback_drill_schedule_store");
        group.MapGet("/rollback-drills", GetDrillHistory).WithName(nameof(GetDrillHistory))
            .WithSummary("The drill history report: recorded drills (or CAVRA_GO_ROLLBACK_DRILL_HISTORY) and whether the latest drill is current and passed.")
            .ForConsole("go_rollback_drills");
        group.MapPost("/rollback-drills", RecordDrill).WithName(nameof(RecordDrill))
            .WithSummary("Record an executed rollback drill as evidence (once per drill_id).")
            .Validate<DrillExecution>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("go_rollback_drill_record");
        return routes;
    }

    public static async Task<Ok<DrillScheduleReport>> GetDrillSchedule(DrillRecords drills, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ScheduleReportAsync(drills, clock, cancellationToken));

    public static async Task<Ok<StoredScheduleResponse>> PutDrillSchedule(
        DrillSchedule schedule, DrillRecords drills, ConnectorCatalog catalog, TimeProvider clock, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var stored = await drills.SaveScheduleAsync(schedule, Actors.OrUnspecified(schedule.UpdatedBy), cancellationToken);
        return TypedResults.Ok(new StoredScheduleResponse(
            schedule, EvidenceEnvelope.From(stored.Record, json.Value.SerializerOptions), await ScheduleReportAsync(drills, clock, cancellationToken),
            Warnings(schedule, catalog)));
    }

    /// <summary>Per field of the schedule, the providers it names that no enabled connector serves: delivery to them would fail.</summary>
    private static List<ScheduleWarning> Warnings(DrillSchedule schedule, ConnectorCatalog catalog)
    {
        var configured = catalog.EnabledNames.Count == 0 ? "none" : string.Join(", ", catalog.EnabledNames);
        return [.. NotificationPlanner.NamedProviders(schedule)
            .GroupBy(n => n.Field, n => n.Provider)
            .Select(g => (Field: g.Key, Unserved: catalog.Unserved(g)))
            .Where(g => g.Unserved.Count > 0)
            .Select(g => new ScheduleWarning(g.Field, g.Unserved,
                $"{g.Field} names {string.Join(", ", g.Unserved)}, which no connector serves (configured: {configured}); the schedule is stored, " +
                "but Deliver Notifications will refuse it until the connector is configured or the schedule no longer names it"))];
    }

    public static async Task<Ok<DrillHistoryReport>> GetDrillHistory(DrillRecords drills, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(DrillReports.History(await drills.DrillsAsync(cancellationToken), drills.Settings, clock.GetUtcNow()));

    public static async Task<Ok<RecordedDrillResponse>> RecordDrill(
        DrillExecution drill, DrillRecords drills, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stored = await drills.RecordDrillAsync(drill, cancellationToken);
        var recorded = stored.Record["drill"].Deserialize<DrillExecution>(json.Value.SerializerOptions)!;
        return TypedResults.Ok(new RecordedDrillResponse(recorded, stored.Created, EvidenceEnvelope.From(stored.Record, json.Value.SerializerOptions)));
    }

    private static async Task<DrillScheduleReport> ScheduleReportAsync(DrillRecords drills, TimeProvider clock, CancellationToken cancellationToken) =>
        DrillReports.Schedule(
            await drills.ScheduleAsync(cancellationToken), await drills.DrillsAsync(cancellationToken), drills.Settings, clock.GetUtcNow());
}
