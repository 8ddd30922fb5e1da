using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.AuditRetries;

/// <summary>Audit retry plan and worker (reference C1–C4).</summary>
public static class RetryWorkerApi
{
    public const string Prefix = Notifications.NotificationsApi.Prefix + "/acknowledgements/audit-delivery";

    public static IEndpointRouteBuilder MapRetryWorkerApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Audit retry worker");
        group.MapPost("/retry-plan", PlanAuditRetry).WithName(nameof(PlanAuditRetry))
            .WithSummary("Plan Audit Retry: retry, wait or suppress each failed acknowledgement audit delivery per provider, with exponential backoff; the plan is stored.")
            .Validate<RetryPlanRequest>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_retry_plan");
        group.MapPost("/worker-run", RunAuditWorker).WithName(nameof(RunAuditWorker))
            .WithSummary("Run Audit Worker: a dry run (default) lists what would be retried and sends nothing; execute=true sends only retries with an unused approved decision and stores one execution record each. Everything a run produces is stored together.")
            .Validate<WorkerRunBody>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_run");
        group.MapGet("/worker-runs", GetWorkerRuns).WithName(nameof(GetWorkerRuns))
            .WithSummary("Worker run history, newest first, optionally only dry or live runs, with the exact total.")
            .Validate<WorkerRunsQuery>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_runs");
        group.MapGet("/worker-dashboard", GetWorkerDashboard).WithName(nameof(GetWorkerDashboard))
            .WithSummary("Worker dashboard: the worker health's level, reasons and next action (same rule, same thresholds), run counts (dry, live, failed), open failures, retryable and selected retries, latest runs.")
            .Validate<WorkerHealthQuery>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_dashboard");
        return routes;
    }

    public static async Task<Ok<RetryPlanResponse>> PlanAuditRetry(
        RetryPlanRequest request, RetryPlanner planner, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = DeliveryStreams.Audit;
        var (plan, record) = await planner.PlanAsync(
            stream, RetryPolicyBody.Resolve(request.RetryPolicy, stream.DefaultRetryDelayMinutes), Actors.OrUnspecified(request.GeneratedBy),
            cancellationToken);
        return TypedResults.Ok(new RetryPlanResponse(plan, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<WorkerRunResponse>> RunAuditWorker(
        WorkerRunBody request, RetryWorker worker, AuditRetryTarget target, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = target.Stream;
        var interval = request.Schedule?.IntervalMinutes ?? request.Schedule?.ScheduleIntervalMinutes ?? stream.DefaultIntervalMinutes;
        var outcome = await worker.RunAsync(
            target,
            new WorkerRunRequest(
                request.IsDryRun,
                RetryPolicyBody.Resolve(request.RetryPolicy, stream.DefaultRetryDelayMinutes),
                new WorkerSchedule(interval, request.Schedule?.Enabled ?? true, Inputs.Trimmed(request.Schedule?.Cadence) ?? $"every_{interval}_minutes"),
                request.MaxRetryDeliveries ?? 5,
                new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
                Actors.OrUnspecified(request.GeneratedBy)),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        EvidenceEnvelope? Envelope(StoredEvidence? record) => record is null ? null : EvidenceEnvelope.From(record.Record, options);
        return TypedResults.Ok(new WorkerRunResponse(
            outcome.Run,
            EvidenceEnvelope.From(outcome.RunRecord.Record, options),
            Envelope(outcome.RetryPlanRecord),
            [.. outcome.Results.Select(r => new RetryResultResponse(
                r.Decision, r.DeliveryPlan, Envelope(r.DeliveryPlanRecord), r.Delivery, Envelope(r.DeliveryRecord),
                r.ExecutionRecord, Envelope(r.ExecutionRecordStored), r.Skipped))],
            outcome.Created,
            null));
    }

    public static async Task<Ok<RecordPageResponse>> GetWorkerRuns(
        [AsParameters] WorkerRunsQuery query, EvidenceQuery evidence, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var page = await evidence.PageAsync(
            RecordFilter.OfKind(DeliveryStreams.Audit.WorkerRun.Kind) with { DryRun = query.DryRun }, limit, offset, cancellationToken);
        return TypedResults.Ok(RecordPageResponse.From(
            "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery-worker-history.v1", page, limit, offset, json.Value.SerializerOptions));
    }

    public static async Task<Ok<WorkerDashboardResponse>> GetWorkerDashboard(
        [AsParameters] WorkerHealthQuery query, WorkerHealth health, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(System.Text.Json.JsonSerializer.Deserialize<WorkerDashboardResponse>(
            await health.DashboardAsync(DeliveryStreams.Audit, query.Thresholds, cancellationToken), json.Value.SerializerOptions)!);
}
