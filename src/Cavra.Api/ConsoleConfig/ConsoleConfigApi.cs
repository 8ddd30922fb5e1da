using Cavra.Api.OpenApi;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cavra.Api.ConsoleConfig;

/// <summary>Marks an endpoint for the console's endpoint map under the original's key.</summary>
public sealed record ConsoleEndpointKey(string Key);

/// <summary>A configured connector, without its URL or secrets.</summary>
/// <param name="Name">The connector's name: what provider fields and {provider} paths take.</param>
/// <param name="Provider">The kind of destination (webhook, slack, splunk, …).</param>
/// <param name="Enabled">Whether deliveries are sent to it.</param>
public sealed record ConsoleConnector(string Name, string Provider, bool Enabled);

/// <summary>A kind of record the console offers as a history filter.</summary>
/// <param name="Kind">The metadata kind (a <c>metadata_kind</c> filter value).</param>
/// <param name="PayloadKey">The key the record's artefact sits under.</param>
public sealed record ConsoleRecordKind(string Kind, string PayloadKey);

/// <summary>What the Evidence Console needs to start.</summary>
/// <param name="Product">Always cavra.</param>
/// <param name="ApiBaseUrl">The API's base URL as the console should call it.</param>
/// <param name="MetadataMode">Where evidence is stored: sqlite.</param>
/// <param name="ConnectorDelivery">configured when at least one connector is configured, else disabled.</param>
/// <param name="Connectors">The configured connectors.</param>
/// <param name="Endpoints">The endpoint map: console key to route path.</param>
/// <param name="RecordKinds">Every kind of the notification history (from the stream catalogue), in the order of the operator flow.</param>
/// <param name="DeliverySources">Every connector delivery source of the history (<c>connector_delivery_source</c> filter values).</param>
/// <param name="EscalationChannels">The configured recovery escalation channels (Cavra:Escalation:Providers); empty when none.</param>
/// <param name="ExecutiveChannels">The configured executive report channels (Cavra:Executive:Providers); empty when none.</param>
public sealed record ConsoleConfigResponse(
    string Product,
    string ApiBaseUrl,
    string MetadataMode,
    string ConnectorDelivery,
    IReadOnlyList<ConsoleConnector> Connectors,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyList<ConsoleRecordKind> RecordKinds,
    IReadOnlyList<string> DeliverySources,
    IReadOnlyList<string> EscalationChannels,
    IReadOnlyList<string> ExecutiveChannels);

/// <summary>
/// What the Evidence Console needs to start: where the API is, whether connectors are configured (names and
/// providers only: never URLs or secrets), the endpoint map, built from the endpoints that declare a key, and the
/// history's record kinds and delivery sources, so the console's filters follow the stream catalogue, and the
/// configured escalation and executive channels (connector names), so the console sends a provider only when it is one.
/// </summary>
public static class ConsoleConfigApi
{
    public static RouteHandlerBuilder ForConsole(this RouteHandlerBuilder builder, string key) =>
        builder.WithMetadata(new ConsoleEndpointKey(key));

    public static IEndpointRouteBuilder MapConsoleConfigApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/console/config", GetConsoleConfig).WithName(nameof(GetConsoleConfig)).WithTags("Console")
            .WithSummary("Console settings: API base URL, connector names and providers, the endpoint map, and the history's record kinds and delivery sources.");
        return routes;
    }

    public static Ok<ConsoleConfigResponse> GetConsoleConfig(
        HttpRequest request, ConnectorCatalog catalog, EndpointDataSource endpoints, IConfiguration configuration,
        Cavra.Core.Recovery.EscalationChannels escalationChannels, Cavra.Core.Recovery.ExecutiveChannels executiveChannels)
    {
        var baseUrl = configuration["CAVRA_PUBLIC_API_BASE_URL"] is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : configuration["Cavra:Console:ApiBaseUrl"] is { Length: > 0 } configured
                ? configured
                : $"{request.Scheme}://{request.Host}";
        var map = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Key: e.Metadata.GetMetadata<ConsoleEndpointKey>()?.Key, Path: "/" + e.RoutePattern.RawText?.TrimStart('/')))
            .Where(e => e.Key is not null)
            .GroupBy(e => e.Key!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Path, StringComparer.Ordinal);
        return TypedResults.Ok(new ConsoleConfigResponse(
            EvidenceStore.Product,
            baseUrl.TrimEnd('/'),
            "sqlite",
            catalog.IsConfigured ? "configured" : "disabled",
            [.. catalog.Connectors.Select(c => new ConsoleConnector(c.Name, c.Provider, c.Enabled))],
            map,
            [.. ContractValues.HistoryPayloads.Select(k => new ConsoleRecordKind(k.Kind, k.PayloadKey))],
            ContractValues.HistoryDeliverySources,
            escalationChannels.Configured,
            executiveChannels.Configured));
    }
}
