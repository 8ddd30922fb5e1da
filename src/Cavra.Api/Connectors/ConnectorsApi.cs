using System.Text.Json.Nodes;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Api.OpenApi;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Connectors;

/// <summary>Body of <c>POST /connectors/{provider}/test-deliveries</c>.</summary>
/// <param name="Retries">Extra attempts after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one attempt in seconds: 0.1–120, default 10.</param>
/// <param name="RequestedBy">Who asks; recorded in the test event; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
/// <param name="Notes">Free text sent with the test event; at most 2000 characters, no secrets.</param>
public sealed record ConnectorTestRequest(int? Retries, double? TimeoutSeconds, string? RequestedBy, string? Notes) : IExample<ConnectorTestRequest>
{
    public static ConnectorTestRequest Example => new(0, 5, ExampleValues.Operator, "Checking the receiver after a certificate renewal.");
}

/// <summary>The result of a test delivery.</summary>
/// <param name="Success">Whether the connector accepted the test event.</param>
/// <param name="Delivery">The delivery result: per attempt status code and error, with the redacted request.</param>
/// <param name="Metadata">The stored release-connector-delivery evidence record.</param>
public sealed record ConnectorTestResponse(bool Success, ConnectorDeliveryResult Delivery, EvidenceEnvelope Metadata);

public sealed class ConnectorTestRequestValidator : AbstractValidator<ConnectorTestRequest>
{
    public ConnectorTestRequestValidator()
    {
        RuleFor(r => r.Retries).InclusiveBetween(0, 10);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(0.1, 120);
        RuleFor(r => r.RequestedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
    }
}

/// <summary>Connector checks: send a test event to one configured connector and keep the delivery as evidence.</summary>
public static class ConnectorsApi
{
    public const string TestSource = "cavra_connector_test";

    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/connectors").WithTags("Connectors")
            .MapPost("/{provider}/test-deliveries", SendTestDelivery).WithName(nameof(SendTestDelivery))
            .WithSummary("Send a test event to a configured connector; the delivery result is stored as a release-connector-delivery record.")
            .Validate<ConnectorTestRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ForConsole("connector_test_delivery");
        return routes;
    }

    public static async Task<Results<Ok<ConnectorTestResponse>, ProblemHttpResult>> SendTestDelivery(
        string provider,
        ConnectorTestRequest request,
        ConnectorCatalog catalog,
        ConnectorSender sender,
        EvidenceStore store,
        TimeProvider clock,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var name = ProviderNames.Normalize(provider);
        if (catalog.Find(name) is not { Enabled: true })
        {
            return TypedResults.Problem(
                title: "Connector not found",
                detail: $"No enabled connector is configured under that name. Configured: {string.Join(", ", catalog.EnabledNames)}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var now = clock.GetUtcNow();
        var generatedAt = EvidenceTime.ToText(now);
        var requestedBy = Actors.OrUnspecified(request.RequestedBy);
        var connectorEvent = new JsonObject
        {
            ["event_type"] = "cavra.connector.test",
            ["session_id"] = EvidenceIds.Derive("cavratest", name, requestedBy, generatedAt),
            ["generated_at"] = generatedAt,
            ["title"] = "Cavra connector test",
            ["requested_by"] = requestedBy,
            ["notes"] = request.Notes ?? "",
            ["blocked_count"] = 0,
        };
        var result = await sender.DeliverAsync(
            connectorEvent, [name], new DeliveryOptions(request.Retries ?? 2, request.TimeoutSeconds ?? 10), cancellationToken);
        var stored = await store.AppendAsync(
            ConnectorDeliveryRecord.Build(result, TestSource, new JsonObject { ["requested_by"] = requestedBy }), cancellationToken);
        return TypedResults.Ok(new ConnectorTestResponse(
            result.Success, result, EvidenceEnvelope.From(stored.Record, json.Value.SerializerOptions)));
    }
}
