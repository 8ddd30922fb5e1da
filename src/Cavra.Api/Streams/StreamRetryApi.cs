using System.Text.Json;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Streams;

/// <summary>Retry plan and worker of any stream (reference C1–C4, G1–G3), mapped by <see cref="StreamRoutes"/>.</summary>
public static class StreamRetryApi
{
    public static async Task<Ok<RetryPlanResponse>> PlanRetry(
        HttpContext context, RetryPlanRequest request, RetryPlanner planner, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = StreamRoutes.Stream(context);
        var (plan, record) = await planner.PlanAsync(
            stream, RetryPolicyBody.Resolve(request.RetryPolicy, stream.DefaultRetryDelayMinutes), Actors.OrUnspecified(request.GeneratedBy),
            cancellationToken);
        return TypedResults.Ok(new RetryPlanResponse(plan, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<WorkerRunResponse>> RunWorker(
        HttpContext context, WorkerRunBody request, RetryWorker worker, RetryTargets targets, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = StreamRoutes.Stream(context);
        var interval = request.Schedule?.IntervalMinutes ?? request.Schedule?.ScheduleIntervalMinutes ?? stream.DefaultIntervalMinutes;
        var outcome = await worker.RunAsync(
            targets.For(stream),
            new WorkerRunRequest(
                request.IsDryRun,
                RetryPolicyBody.Resolve(request.RetryPolicy, stream.DefaultRetryDelayMinutes),
                new WorkerSchedule(interval, request.Schedule?.Enabled ?? true, Inputs.Trimmed(request.Schedule?.Cadence) ?? $"every_{interval}_minutes"),
                request.MaxRetryDeliveries ?? 5,
                new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
                Actors.OrUnspecified(request.GeneratedBy)),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new WorkerRunResponse(
            outcome.Run,
            EvidenceEnvelope.From(outcome.RunRecord.Record, options),
            EvidenceEnvelope.OfStored(outcome.RetryPlanRecord, options),
            [.. outcome.Results.Select(r => new RetryResultResponse(
                r.Decision, r.DeliveryPlan, EvidenceEnvelope.OfStored(r.DeliveryPlanRecord, options), r.Delivery, EvidenceEnvelope.OfStored(r.DeliveryRecord, options),
                r.ExecutionRecord, EvidenceEnvelope.OfStored(r.ExecutionRecordStored, options), r.Skipped))],
            outcome.Created,
            null));
    }

    public static async Task<Ok<RecordPageResponse>> GetWorkerRuns(
        HttpContext context, [AsParameters] WorkerRunsQuery query, EvidenceQuery evidence, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = StreamRoutes.Stream(context);
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var page = await evidence.PageAsync(RecordFilter.OfKind(stream.WorkerRun.Kind) with { DryRun = query.DryRun }, limit, offset, cancellationToken);
        return TypedResults.Ok(RecordPageResponse.From(stream.WorkerHistorySchema, page, limit, offset, json.Value.SerializerOptions));
    }

    public static async Task<Ok<WorkerDashboardResponse>> GetWorkerDashboard(
        HttpContext context, [AsParameters] WorkerHealthQuery query, WorkerHealth health, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(JsonSerializer.Deserialize<WorkerDashboardResponse>(
            await health.DashboardAsync(StreamRoutes.Stream(context), query.Thresholds(StreamRoutes.Stream(context)), cancellationToken), json.Value.SerializerOptions)!);
}
