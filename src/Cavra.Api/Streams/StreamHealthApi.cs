using System.Text.Json;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.Retries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromRouteAttribute = Microsoft.AspNetCore.Mvc.FromRouteAttribute;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Streams;

/// <summary>Health and health alerts of any stream (reference D1–D5, G4–G7), mapped by <see cref="StreamRoutes"/>.</summary>
public static class StreamHealthApi
{
    /// <summary>A worker health (reference D1): not stored.</summary>
    public static async Task<Ok<WorkerHealthResponse>> GetWorkerHealth(
        HttpContext context, [AsParameters] WorkerHealthQuery query, WorkerHealth health, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(JsonSerializer.Deserialize<WorkerHealthResponse>(
            await health.BuildAsync(StreamRoutes.Stream(context), query.Thresholds(StreamRoutes.Stream(context)), Actors.Unspecified, cancellationToken), json.Value.SerializerOptions)!);

    /// <summary>A retry health (reference G4): stored unless persist is false.</summary>
    public static async Task<Ok<RetryHealthReportResponse>> GetRetryHealth(
        HttpContext context, [AsParameters] RetryHealthQuery query, WorkerHealth health, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = StreamRoutes.Stream(context);
        var report = await health.ReportAsync(
            stream, query.Thresholds(stream), Actors.OrUnspecified(query.GeneratedBy), query.Persist ?? true, cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RetryHealthReportResponse(
            JsonSerializer.Deserialize<RetryHealthResponse>(report.Health, options)!,
            EvidenceEnvelope.OfStored(report.Record, options),
            null));
    }

    public static async Task<Ok<HealthAlertResponse<THealth>>> SendAlert<THealth>(
        HttpContext context, WorkerAlertBody request, HealthAlerts alerts, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var provider = Inputs.Trimmed(request.Provider);
        var stream = StreamRoutes.Stream(context);
        var outcome = await alerts.DeliverAsync(
            stream,
            new HealthAlertRequest(
                provider is null || provider.Equals("all", StringComparison.OrdinalIgnoreCase) ? [] : ProviderNames.ParseList(provider),
                request.Force ?? false,
                request.SuppressionWindowMinutes ?? 60,
                request.MaxAlerts ?? HealthAlerts.DefaultMaxAlerts,
                HealthThresholds.For(stream, request.ExpectedIntervalMinutes, request.StaleMetadataMinutes),
                Actors.OrUnspecified(request.GeneratedBy)),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new HealthAlertResponse<THealth>(
            JsonSerializer.Deserialize<THealth>(outcome.Health, options)!, outcome.Plan, outcome.Delivery, EvidenceEnvelope.From(outcome.PlanRecord.Record, options),
            EvidenceEnvelope.OfStored(outcome.DeliveryRecord, options), EvidenceEnvelope.OfStored(outcome.HealthRecord, options), outcome.Success, outcome.Suppressed, outcome.NotSentReason, outcome.Suppression,
            (string)outcome.Health["health_id"]!, null));
    }

    public static async Task<Ok<Notifications.AcknowledgeResponse>> AcknowledgeAlert(
        HttpContext context,
        [FromRoute(Name = "health_id")] string healthId,
        WorkerAlertAcknowledgeRequest request,
        HealthAlerts alerts,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (acknowledgement, record) = await alerts.AcknowledgeAsync(
            StreamRoutes.Stream(context), healthId,
            new AcknowledgementInput(request.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState, request.ExternalRef, request.Notes, Inputs.Trimmed(request.PlanId)),
            cancellationToken);
        return TypedResults.Ok(new Notifications.AcknowledgeResponse(acknowledgement, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<RecordPageResponse>> GetAlertHistory(
        HttpContext context, [AsParameters] WorkerAlertHistoryQuery query, EvidenceQuery evidence, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var stream = StreamRoutes.Stream(context);
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var filter = HealthAlerts.HistoryFilter(
            stream, Inputs.Trimmed(query.HealthId), Inputs.Trimmed(query.Provider), Inputs.Trimmed(query.MetadataKind),
            Inputs.Trimmed(query.AcknowledgementState), query.Suppressed);
        var page = await evidence.PageAsync(filter, limit, offset, cancellationToken);
        return TypedResults.Ok(RecordPageResponse.From(HealthAlerts.Alerts(stream).HistorySchema, page, limit, offset, json.Value.SerializerOptions));
    }

    public static async Task<Ok<WorkerAlertDashboardResponse>> GetAlertDashboard(
        HttpContext context, HealthAlerts alerts, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(JsonSerializer.Deserialize<WorkerAlertDashboardResponse>(
            await alerts.DashboardAsync(StreamRoutes.Stream(context), cancellationToken), json.Value.SerializerOptions)!);
}
