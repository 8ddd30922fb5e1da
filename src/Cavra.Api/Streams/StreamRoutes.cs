using Cavra.Api.ConsoleConfig;
using Cavra.Api.Hosting;
using Cavra.Core.Retries;

namespace Cavra.Api.Streams;

/// <summary>One generic operation as a stream exposes it: its path segment, operation id, console key and summary.</summary>
public sealed record StreamRoute(string Path, string Name, string ConsoleKey, string Summary);

/// <summary>
/// The routes a stream exposes (reference §1.9: each stream names its segments differently, so they are given, not
/// derived). A null route is an operation the stream does not offer.
/// </summary>
public sealed record StreamRouteSet(string Prefix, string Tag, string HealthTag)
{
    public StreamRoute? RetryPlan { get; init; }
    public StreamRoute? WorkerRun { get; init; }
    public StreamRoute? WorkerRuns { get; init; }
    public StreamRoute? WorkerDashboard { get; init; }
    public StreamRoute? Health { get; init; }
    public StreamRoute? AlertDeliver { get; init; }
    public StreamRoute? AlertAcknowledge { get; init; }
    public StreamRoute? AlertHistory { get; init; }
    public StreamRoute? AlertDashboard { get; init; }
}

/// <summary>
/// Maps the generic operations of a delivery stream (retry plan, worker run, health, health alerts) once, for any
/// stream of the catalogue: the handlers are the same named static methods for every stream, which they read from
/// the endpoint's metadata.
/// </summary>
public static class StreamRoutes
{
    /// <summary>The stream an endpoint was mapped for.</summary>
    public static DeliveryStream Stream(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<DeliveryStream>() ?? throw new InvalidOperationException("the endpoint was not mapped for a stream");

    public static IEndpointRouteBuilder MapDeliveryStreams(this IEndpointRouteBuilder routes)
    {
        foreach (var (stream, set) in StreamRouteCatalogue.All)
        {
            routes.MapDeliveryStream(stream, set);
        }

        return routes;
    }

    public static IEndpointRouteBuilder MapDeliveryStream(this IEndpointRouteBuilder routes, DeliveryStream stream, StreamRouteSet set)
    {
        var retries = routes.MapGroup(set.Prefix).WithTags(set.Tag).WithMetadata(stream);
        Map(set.RetryPlan, r => retries.MapPost(r.Path, StreamRetryApi.PlanRetry).Validate<RetryPlanRequest>());
        Map(set.WorkerRun, r => retries.MapPost(r.Path, StreamRetryApi.RunWorker).Validate<WorkerRunBody>());
        Map(set.WorkerRuns, r => retries.MapGet(r.Path, StreamRetryApi.GetWorkerRuns).Validate<WorkerRunsQuery>());
        Map(set.WorkerDashboard, r => retries.MapGet(r.Path, StreamRetryApi.GetWorkerDashboard).Validate<WorkerHealthQuery>());

        var health = routes.MapGroup(set.Prefix).WithTags(set.HealthTag).WithMetadata(stream);
        var stored = stream.Health?.Shape == HealthShape.RetryHealth;
        Map(set.Health, r => stored
            ? health.MapGet(r.Path, StreamHealthApi.GetRetryHealth).Validate<RetryHealthQuery>()
            : health.MapGet(r.Path, StreamHealthApi.GetWorkerHealth).Validate<WorkerHealthQuery>());
        Map(set.AlertDeliver, r => stored
            ? health.MapPost(r.Path, StreamHealthApi.SendAlert<RetryHealthResponse>).Validate<WorkerAlertBody>()
            : health.MapPost(r.Path, StreamHealthApi.SendAlert<WorkerHealthResponse>).Validate<WorkerAlertBody>());
        Map(set.AlertAcknowledge, r => health.MapPost(r.Path, StreamHealthApi.AcknowledgeAlert)
            .Validate<WorkerAlertAcknowledgeRequest>().ProducesProblem(StatusCodes.Status404NotFound));
        Map(set.AlertHistory, r => health.MapGet(r.Path, StreamHealthApi.GetAlertHistory).Validate<WorkerAlertHistoryQuery>());
        Map(set.AlertDashboard, r => health.MapGet(r.Path, StreamHealthApi.GetAlertDashboard));
        return routes;
    }

    private static void Map(StreamRoute? route, Func<StreamRoute, RouteHandlerBuilder> map)
    {
        if (route is not null)
        {
            map(route).WithName(route.Name).WithSummary(route.Summary).ForConsole(route.ConsoleKey);
        }
    }
}
