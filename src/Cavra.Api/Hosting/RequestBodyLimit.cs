using Microsoft.AspNetCore.Http.Features;

namespace Cavra.Api.Hosting;

/// <summary>Settings of <c>Cavra:Limits</c>.</summary>
public sealed class LimitOptions
{
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// Refuses bodies above <c>Cavra:Limits:MaxRequestBodyBytes</c> with a 413 ProblemDetails before any endpoint
/// reads them. Bodies are buffered (they are small by contract), which also works where the server's own limit
/// does not apply, such as chunked uploads or the in-memory test server.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, Microsoft.Extensions.Options.IOptions<LimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            // Our own check below answers; the server only has to let limit + 1 bytes through.
            serverLimit.MaxRequestBodySize = limit + 1;
        }

        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, problems, limit);
            return;
        }

        if (context.Request.ContentLength is null or > 0 && HttpMethods.IsGet(context.Request.Method) is false)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await TooLargeAsync(context, problems, limit);
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            context.Request.Body = buffer;
            context.Response.RegisterForDispose(buffer);
        }

        await next(context);
    }

    private static Task TooLargeAsync(HttpContext context, IProblemDetailsService problems, long limit) =>
        ProblemResponses.WriteAsync(context, problems, new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Request body too large",
            Detail = $"The request body exceeds the limit of {limit} bytes (Cavra:Limits:MaxRequestBodyBytes).",
        });
}
