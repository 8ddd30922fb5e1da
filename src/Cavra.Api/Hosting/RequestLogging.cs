using Cavra.Core.PublicSafe;
using Microsoft.AspNetCore.Diagnostics;
using Serilog.AspNetCore;
using Serilog.Events;

namespace Cavra.Api.Hosting;

/// <summary>
/// One structured line per request (Serilog's request logging): method, route template, the matched path values,
/// status and duration. The raw path, query string and headers are never logged, and a path value appears only when
/// the secret scanner passes it, so a token pasted into a URL cannot reach the log.
/// </summary>
public static class RequestLogging
{
    public const string Template = "HTTP {RequestMethod:l} {RequestRoute:l}{RouteValues:l} responded {StatusCode} in {Elapsed:0.0} ms";

    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        options.Logger = logger;
        options.MessageTemplate = Template;
        options.IncludeQueryInRequestPath = false;
        options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestRoute", new ScalarValue(Route(context))),
            new LogEventProperty("RouteValues", new ScalarValue(RouteValues(context))),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
    }

    /// <summary>The matched route template; for static files and unmatched requests the path, when it is safe to show.</summary>
    private static string Route(HttpContext context)
    {
        // The exception handler clears the endpoint before it writes the error; its feature still knows the route.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } template })
        {
            var route = template.StartsWith('/') ? template : "/" + template;
            return route.Length > 1 ? route.TrimEnd('/') : route;
        }

        var path = context.Request.Path.Value ?? "/";
        return path.Length <= 200 && SecretScanner.FindKind(path) is null ? path : "[path withheld]";
    }

    private static string RouteValues(HttpContext context)
    {
        var routeValues = context.Request.RouteValues.Count > 0
            ? context.Request.RouteValues
            : context.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? context.Request.RouteValues;
        var values = routeValues
            .Where(v => v.Value is string)
            .Select(v => $"{v.Key}={Safe((string)v.Value!)}")
            .ToList();
        return values.Count == 0 ? "" : " (" + string.Join(", ", values) + ")";
    }

    private static string Safe(string value) =>
        value.Length <= 200 && SecretScanner.FindKind(value) is null ? value : "[withheld: looks like a secret]";
}
