using System.Diagnostics;

namespace Cavra.Api.Hosting;

/// <summary>
/// One structured line per request: method, path, status, duration. Query strings and headers are left out
/// on purpose, so an Authorization header or a token in a URL can never reach the log.
/// </summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRequest(context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, elapsed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogRequest(string method, string? path, int statusCode, double elapsedMs);
}
