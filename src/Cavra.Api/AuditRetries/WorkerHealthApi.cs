using System.Text.Json;
using Cavra.Api.ConsoleConfig;
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

namespace Cavra.Api.AuditRetries;

/// <summary>Audit worker health and worker-health alerts (reference D1–D5).</summary>
public static class WorkerHealthApi
{
    private static DeliveryStream Stream => DeliveryStreams.Audit;

    public static IEndpointRouteBuilder MapWorkerHealthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RetryWorkerApi.Prefix).WithTags("Audit worker health");
        group.MapGet("/worker-health", GetWorkerHealth).WithName(nameof(GetWorkerHealth))
            .WithSummary("Worker health: missed runs, failed runs, retryable and open failed deliveries, stale retry plans, disabled schedules, alerts and recommendations. Not stored; health_id fingerprints the state.")
            .Validate<WorkerHealthQuery>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_health");
        group.MapPost("/worker-health-alerts/deliver", SendWorkerAlert).WithName(nameof(SendWorkerAlert))
            .WithSummary("Send Worker Alert: deliver the current worker health to the selected connectors; a repeat of the same health state within the suppression window is suppressed unless force is true.")
            .Validate<WorkerAlertBody>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_health_alert_deliver");
        group.MapPost("/worker-health-alerts/{health_id}/acknowledgements", AcknowledgeWorkerAlert).WithName(nameof(AcknowledgeWorkerAlert))
            .WithSummary("Ack Worker Alert: acknowledge, escalate, resolve or dismiss a delivered worker health alert for one provider.")
            .Validate<WorkerAlertAcknowledgeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_health_alert_acknowledge");
        group.MapGet("/worker-health-alerts", GetWorkerAlertHistory).WithName(nameof(GetWorkerAlertHistory))
            .WithSummary("Worker health alert history: alert plans, acknowledgements and alert deliveries, newest first, with exact totals.")
            .Validate<WorkerAlertHistoryQuery>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_health_alerts");
        group.MapGet("/worker-health-alert-dashboard", GetWorkerAlertDashboard).WithName(nameof(GetWorkerAlertDashboard))
            .WithSummary("Worker health alert dashboard: counts and the providers that still owe an acknowledgement for each health state's latest alert.")
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_worker_health_alert_dashboard");
        return routes;
    }

    public static async Task<Ok<WorkerHealthResponse>> GetWorkerHealth(
        [AsParameters] WorkerHealthQuery query, WorkerHealth health, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(JsonSerializer.Deserialize<WorkerHealthResponse>(
            await health.BuildAsync(Stream, query.Thresholds, Actors.Unspecified, cancellationToken), json.Value.SerializerOptions)!);

    public static async Task<Ok<WorkerAlertResponse>> SendWorkerAlert(
        WorkerAlertBody request, HealthAlerts alerts, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var provider = Inputs.Trimmed(request.Provider);
        var outcome = await alerts.DeliverAsync(
            Stream,
            new HealthAlertRequest(
                provider is null || provider.Equals("all", StringComparison.OrdinalIgnoreCase) ? [] : ProviderNames.ParseList(provider),
                request.Force ?? false,
                request.SuppressionWindowMinutes ?? 60,
                request.MaxAlerts ?? 20,
                new HealthThresholds(request.ExpectedIntervalMinutes ?? 30, request.StaleMetadataMinutes ?? 120),
                Actors.OrUnspecified(request.GeneratedBy)),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new WorkerAlertResponse(
            JsonSerializer.Deserialize<WorkerHealthResponse>(outcome.Health, options)!, outcome.Plan, outcome.Delivery, EvidenceEnvelope.From(outcome.PlanRecord.Record, options),
            outcome.DeliveryRecord is null ? null : EvidenceEnvelope.From(outcome.DeliveryRecord.Record, options),
            outcome.Success, outcome.Suppressed, outcome.NotSentReason, outcome.Suppression, (string)outcome.Health["health_id"]!, null));
    }

    public static async Task<Ok<Notifications.AcknowledgeResponse>> AcknowledgeWorkerAlert(
        [FromRoute(Name = "health_id")] string healthId,
        WorkerAlertAcknowledgeRequest request,
        HealthAlerts alerts,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (acknowledgement, record) = await alerts.AcknowledgeAsync(
            Stream, healthId,
            new AcknowledgementInput(request.Provider!, Actors.Required(request.AcknowledgedBy, "acknowledged_by"), request.AcknowledgementState, request.ExternalRef, request.Notes, Inputs.Trimmed(request.PlanId)),
            cancellationToken);
        return TypedResults.Ok(new Notifications.AcknowledgeResponse(acknowledgement, EvidenceEnvelope.From(record.Record, json.Value.SerializerOptions), null));
    }

    public static async Task<Ok<RecordPageResponse>> GetWorkerAlertHistory(
        [AsParameters] WorkerAlertHistoryQuery query, EvidenceQuery evidence, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var alerts = HealthAlerts.Alerts(Stream);
        var limit = query.Limit ?? 50;
        var offset = query.Offset ?? 0;
        var kind = Inputs.Trimmed(query.MetadataKind);
        var filter = new RecordFilter
        {
            Scope = HealthAlerts.Scope(alerts),
            Reference = Inputs.Trimmed(query.HealthId),
            Provider = Inputs.Trimmed(query.Provider) is { } provider ? ProviderNames.Normalize(provider) : null,
            // "suppressed" is a property of alert plans: it keeps plans that did (or did not) suppress a provider.
            Kinds = query.Suppressed is null ? (kind is null ? null : [kind]) : [alerts.AlertPlan.Kind],
            Blocked = query.Suppressed,
            State = Inputs.Trimmed(query.AcknowledgementState) is { } state ? ProviderNames.Normalize(state) : null,
        };
        var page = await evidence.PageAsync(filter, limit, offset, cancellationToken);
        return TypedResults.Ok(RecordPageResponse.From(alerts.HistorySchema, page, limit, offset, json.Value.SerializerOptions));
    }

    public static async Task<Ok<WorkerAlertDashboardResponse>> GetWorkerAlertDashboard(
        HealthAlerts alerts, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var built = await alerts.DashboardAsync(Stream, cancellationToken);
        return TypedResults.Ok(JsonSerializer.Deserialize<WorkerAlertDashboardResponse>(built, json.Value.SerializerOptions)!);
    }
}
