using System.Collections.Concurrent;
using System.Reflection;
using Cavra.Core.PublicSafe;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Hosting;

/// <summary>
/// Checks what routing matched before any endpoint runs: a path value that looks like a secret is refused (never
/// echoed, logged or looked up), and a query parameter the endpoint does not know is refused with the closest
/// known name, instead of being ignored as if the filter had been applied.
/// </summary>
public sealed class RequestGuard(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Endpoint, IReadOnlySet<string>?> QueryNames = new();

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            await next(context);
            return;
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && SecretScanner.FindKind(text) is { } kind)
            {
                await ProblemResponses.WriteAsync(context, problems, ProblemResponses.FieldProblem(name, ProblemResponses.SecretMessage(kind), "Secret refused"));
                return;
            }
        }

        if (QueryNames.GetOrAdd(endpoint, KnownQueryNames) is { } known)
        {
            foreach (var key in context.Request.Query.Keys.Where(k => !known.Contains(k)))
            {
                var closest = Suggestions.Closest(key, known);
                var message = closest is null
                    ? $"is not a query parameter of this route (known: {(known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal)))})"
                    : $"is not a query parameter of this route; did you mean '{closest}'?";
                // The name itself may be the pasted secret: it is named only when the scanner passes it.
                var field = SecretScanner.FindKind(key) is null && key.Length <= 100 ? key : "query";
                await ProblemResponses.WriteAsync(context, problems, ProblemResponses.FieldProblem(field, message, "Unknown query parameter"));
                return;
            }
        }

        await next(context);
    }

    /// <summary>The query names a route handler binds (<c>[FromQuery]</c> parameters and <c>[AsParameters]</c> properties); null for non-API endpoints.</summary>
    private static IReadOnlySet<string>? KnownQueryNames(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } query)
            {
                names.Add(query.Name ?? parameter.Name!);
            }
            else if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (property.GetCustomAttribute<FromQueryAttribute>() is { } bound)
                    {
                        names.Add(bound.Name ?? property.Name);
                    }
                }
            }
        }

        return names;
    }
}
