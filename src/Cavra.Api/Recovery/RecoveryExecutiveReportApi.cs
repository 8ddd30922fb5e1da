using System.Text.Json;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Streams;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromRouteAttribute = Microsoft.AspNetCore.Mvc.FromRouteAttribute;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Recovery;

/// <summary>The recovery executive report: report, schedule run, delivery to the executive channels (reference J1–J3).</summary>
public static class RecoveryExecutiveReportApi
{
    private const string Key = "go_rollback_drill_notification_acknowledgement_audit_recovery_executive_report";

    public static IEndpointRouteBuilder MapRecoveryExecutiveReportApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(StreamRouteCatalogue.ExecutivePrefix).WithTags("Recovery executive report");
        group.MapGet("", GetRecoveryExecutiveReport).WithName(nameof(GetRecoveryExecutiveReport))
            .WithSummary("Executive Recovery Report: the retry recovery report and the escalation plan (both built in memory) summarised for executives, with key risks and three recommendations. Stored as evidence unless persist=false.")
            .Validate<RetryRecoveryReportQuery>()
            .ForConsole(Key);
        group.MapPost("/schedule-run", ScheduleExecutiveReport).WithName(nameof(ScheduleExecutiveReport))
            .WithSummary("Schedule Executive Report: the schedule run of the current window (default daily) with its executive report, both stored. The run id is derived from the window and the schedule, so a second call in the window returns the stored run with created false.")
            .Validate<ExecutiveScheduleRunRequest>()
            .ForConsole($"{Key}_schedule_run");
        group.MapPost("/schedule-runs/{run_id}/deliver", DeliverExecutiveReport).WithName(nameof(DeliverExecutiveReport))
            .WithSummary("Deliver Executive Report: send a stored schedule run (or the current window's run with run_id latest) to the executive channels (provider, else Cavra:Executive:Providers); the event's id is the run_id.")
            .Validate<ExecutiveDeliverRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole($"{Key}_deliver");
        return routes;
    }

    public static async Task<Ok<RecoveryExecutiveReportResponse>> GetRecoveryExecutiveReport(
        [AsParameters] RetryRecoveryReportQuery query, ExecutiveReports reports, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (report, record) = await reports.ReportAsync(
            query.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(query.GeneratedBy), query.Persist ?? true,
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RecoveryExecutiveReportResponse(
            JsonSerializer.Deserialize<RecoveryExecutiveReport>(report, options)!,
            EvidenceEnvelope.OfStored(record, options), null));
    }

    public static async Task<Ok<ExecutiveScheduleRunResponse>> ScheduleExecutiveReport(
        ExecutiveScheduleRunRequest request, ExecutiveReports reports, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var outcome = await reports.ScheduleRunAsync(
            Schedule(request.Schedule), request.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(request.GeneratedBy),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new ExecutiveScheduleRunResponse(
            JsonSerializer.Deserialize<RecoveryExecutiveScheduleRun>(outcome.Run, options)!, EvidenceEnvelope.From(outcome.RunRecord.Record, options),
            EvidenceEnvelope.OfStored(outcome.ReportRecord, options), outcome.Created, null));
    }

    public static async Task<Ok<ExecutiveDeliveryResponse>> DeliverExecutiveReport(
        [FromRoute(Name = "run_id")] string runId,
        ExecutiveDeliverRequest request,
        ExecutiveReports reports,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var outcome = await reports.DeliverAsync(
            runId,
            new ExecutiveDeliveryRequest(
                Inputs.Trimmed(request.Provider), request.MaxRisks ?? ExecutiveReports.DefaultMaxRisks, Schedule(request.Schedule),
                request.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(request.GeneratedBy)),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new ExecutiveDeliveryResponse(
            JsonSerializer.Deserialize<RecoveryExecutiveScheduleRun>(outcome.Run, options)!, outcome.Delivery,
            EvidenceEnvelope.From(outcome.DeliveryRecord.Record, options), EvidenceEnvelope.From(outcome.RunRecord.Record, options), outcome.RunCreated,
            outcome.Delivery.Success, (string)outcome.Run["run_id"]!, null));
    }

    private static WorkerSchedule Schedule(WorkerScheduleBody? schedule) =>
        ExecutiveReports.Schedule(schedule?.IntervalMinutes ?? schedule?.ScheduleIntervalMinutes, schedule?.Enabled, schedule?.Cadence);
}
