using System.Text.Json.Nodes;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core.Connectors;
using Cavra.Core.Drills;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Notifications;

/// <summary>Body of <c>POST …/deliver</c> (reference A1).</summary>
public sealed record NotificationDeliverRequest(
    string? Provider,
    string? GeneratedBy,
    bool? Force,
    JsonObject? RoutingPolicy,
    int? Retries,
    double? TimeoutSeconds);

public sealed record NotificationDeliverResponse(
    DrillScheduleReport Schedule,
    JsonObject Plan,
    ConnectorDeliveryResult? Delivery,
    EvidenceEnvelope PlanMetadata,
    EvidenceEnvelope? Metadata,
    bool Success,
    string EventId);

public sealed class NotificationDeliverRequestValidator : AbstractValidator<NotificationDeliverRequest>
{
    public NotificationDeliverRequestValidator()
    {
        RuleFor(r => r.Provider).MaximumLength(500).Matches("^[A-Za-z0-9 _,-]*$")
            .WithMessage("'provider' must be all or a comma-separated list of connector names");
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.RoutingPolicy).Custom((policy, context) =>
        {
            if (SecretScanner.FindInJson(policy, "routing_policy") is { } secret)
            {
                context.AddFailure("routing_policy", $"{secret.Path} {ProblemResponses.SecretMessage(secret.Kind)}");
            }
        });
    }
}

/// <summary>Rollback-drill notifications: plan and deliver (A1).</summary>
public static class NotificationsApi
{
    public const string Prefix = "/runtime/go-pilot/rollback-drill-notifications";

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Notifications");
        group.MapPost("/deliver", DeliverNotifications).WithName(nameof(DeliverNotifications))
            .WithSummary("Plan rollback-drill notifications from the schedule (owner routes, SLOs, maintenance windows, calendars) and deliver them to the selected connectors; plan and delivery are stored as evidence.")
            .Validate<NotificationDeliverRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("go_rollback_drill_notifications");
        return routes;
    }

    public static async Task<Ok<NotificationDeliverResponse>> DeliverNotifications(
        NotificationDeliverRequest request, NotificationDelivery notifications, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var providers = string.IsNullOrWhiteSpace(request.Provider) || request.Provider.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? []
            : ProviderNames.ParseList(request.Provider);
        var outcome = await notifications.DeliverAsync(
            new NotificationRequest(providers, string.IsNullOrWhiteSpace(request.GeneratedBy) ? "console" : request.GeneratedBy.Trim(), request.Force ?? false, request.RoutingPolicy),
            new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10),
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new NotificationDeliverResponse(
            outcome.Schedule,
            outcome.Plan,
            outcome.Delivery,
            EvidenceEnvelope.From(outcome.PlanRecord.Record, options),
            outcome.DeliveryRecord is null ? null : EvidenceEnvelope.From(outcome.DeliveryRecord.Record, options),
            outcome.Success,
            outcome.EventId));
    }
}
