using Cavra.Core.Evidence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cavra.Api.Health;

/// <summary>Liveness.</summary>
/// <param name="Status">Always ok.</param>
/// <param name="Product">Always cavra.</param>
public sealed record HealthResponse(string Status, string Product);

/// <summary>Readiness.</summary>
/// <param name="Status">ready.</param>
/// <param name="Product">Always cavra.</param>
/// <param name="Database">ok when the evidence database answered.</param>
/// <param name="RecordCount">Records in the evidence store.</param>
public sealed record ReadinessResponse(string Status, string Product, string Database, long RecordCount);

/// <summary>Liveness and readiness probes.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapGet("", GetHealth).WithName(nameof(GetHealth)).WithSummary("Liveness: the process answers.");
        group.MapGet("/ready", GetReadiness).WithName(nameof(GetReadiness))
            .WithSummary("Readiness: the evidence database answers a query.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static Ok<HealthResponse> GetHealth() => TypedResults.Ok(new HealthResponse("ok", EvidenceStore.Product));

    public static async Task<Results<Ok<ReadinessResponse>, ProblemHttpResult>> GetReadiness(
        IDbContextFactory<EvidenceDbContext> contexts, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var count = await context.Records.LongCountAsync(cancellationToken);
            return TypedResults.Ok(new ReadinessResponse("ready", EvidenceStore.Product, "ok", count));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(HealthApi)).LogWarning(error, "Readiness check failed: database unavailable");
            return TypedResults.Problem(
                title: "Not ready", detail: "The evidence database is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
