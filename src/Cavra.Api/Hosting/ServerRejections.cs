using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Cavra.Api.Hosting;

/// <summary>
/// Kestrel answers some malformed requests itself, before the application sees them: a request line over its limit
/// (414), a NUL or a bad percent-encoding in the path (400), headers too large (431), a client too slow to send its
/// headers (408). Those answers have an empty body, and no middleware can fill it (the application never runs).
/// This connection adapter recognises them — an HTTP/1 response written while the application is not handling a
/// request on the connection can only be Kestrel's own — and sends the same status as a ProblemDetails instead.
/// </summary>
public static class ServerRejections
{
    private const string StateKey = "cavra.server-rejections";

    /// <summary>Wraps every connection of the listener (registered for all Kestrel endpoints).</summary>
    public static void UseProblemBodies(this ListenOptions listen) => listen.Use(next => connection =>
    {
        var state = new ConnectionState();
        connection.Items[StateKey] = state;
        connection.Transport = new Transport(connection.Transport, state);
        return next(connection);
    });

    /// <summary>Marks the connection busy while the application handles a request (the first middleware calls this).</summary>
    public static void MarkApplicationRequest(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(StateKey, out var item) == true && item is ConnectionState state)
        {
            Interlocked.Increment(ref state.Requests);
            context.Response.OnCompleted(() =>
            {
                Interlocked.Decrement(ref state.Requests);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The problem document for a status Kestrel raised; the reason names the usual cause.</summary>
    internal static byte[] ProblemResponse(string statusLine, int status)
    {
        var (title, detail) = status switch
        {
            StatusCodes.Status414RequestUriTooLong => ("URL too long",
                "The request line is longer than the server accepts (Kestrel's MaxRequestLineSize, 8 KB by default). Shorten the URL."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ("Request headers too large",
                "The request headers are larger than the server accepts. Send fewer or shorter headers."),
            StatusCodes.Status408RequestTimeout => ("Request timeout", "The request headers were not received in time."),
            StatusCodes.Status411LengthRequired => ("Length required", "Send a Content-Length header or a chunked body."),
            StatusCodes.Status505HttpVersionNotsupported => ("HTTP version not supported", "Send HTTP/1.1 requests."),
            _ => ("Bad request",
                "The request line or headers could not be read: the path must not hold a NUL character (%00), an invalid " +
                "percent-encoding or characters that are not allowed in a URL."),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{StatusSection(status)}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        });
        var head = $"{statusLine}\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n" +
            $"Connection: close\r\nDate: {DateTimeOffset.UtcNow:R}\r\nServer: Kestrel\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static int StatusSection(int status) => status switch
    {
        400 => 1,
        408 => 9,
        411 => 12,
        414 => 15,
        505 => 6,
        _ => 1,
    };

    private sealed class ConnectionState
    {
        public int Requests;
    }

    private sealed class Transport(IDuplexPipe inner, ConnectionState state) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new Writer(inner.Output, state);
    }

    /// <summary>Passes the application's writes straight through; holds what is written outside a request until it is flushed.</summary>
    private sealed class Writer(PipeWriter inner, ConnectionState state) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _held = new();
        private bool _holding;

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            _holding = Volatile.Read(ref state.Requests) == 0;
            return _holding ? _held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);
        }

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (_holding)
            {
                _held.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (_held.WrittenCount > 0)
            {
                inner.Write(Rewrite(_held.WrittenSpan));
                _held.ResetWrittenCount();
            }

            return await inner.FlushAsync(cancellationToken);
        }

        public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            this.Write(source.Span);
            return await FlushAsync(cancellationToken);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            if (_held.WrittenCount > 0)
            {
                inner.Write(Rewrite(_held.WrittenSpan));
                _held.ResetWrittenCount();
            }

            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Complete(exception);
            return ValueTask.CompletedTask;
        }

        /// <summary>An HTTP/1 error response with an empty body becomes a ProblemDetails; anything else passes unchanged.</summary>
        private static ReadOnlySpan<byte> Rewrite(ReadOnlySpan<byte> written)
        {
            var text = Encoding.ASCII.GetString(written);
            var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || lineEnd < 0 ||
                !text.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase) ||
                !text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                return written;
            }

            var statusLine = text[..lineEnd];
            var parts = statusLine.Split(' ', 3);
            return parts.Length >= 2 && int.TryParse(parts[1], out var status) && status >= 400
                ? ProblemResponse(statusLine, status)
                : written;
        }
    }
}
