using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cavra.Api.Tests;

/// <summary>What the service refuses before any endpoint runs: malformed requests, foreign Host names, secrets in paths.</summary>
public sealed class HostingGuardTests
{
    private const string SlackToken = "xoxb-" + "123456789012-123456789012-" + "abcdefghijklmnopqrstuvwx";

    [Theory]
    [InlineData("/runtime/go-pilot/rollback-drill-notifications/a%00b", 400)]
    [InlineData("LONG", 414)]
    public async Task Requests_the_server_refuses_before_routing_get_a_problem_body(string target, int status)
    {
        await using var factory = new CavraApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var path = target == "LONG" ? "/runtime/go-pilot/rollback-drill-notifications?schedule_id=" + new string('a', 20_000) : target;

        // On one kept-alive connection: a normal request first, so the connection has served the application before.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await SendAsync(stream, "/health");
        var healthy = await ReadResponseAsync(stream);
        Assert.StartsWith("HTTP/1.1 200", healthy.Head, StringComparison.Ordinal);

        await SendAsync(stream, path);
        var refused = await ReadResponseAsync(stream);
        Assert.StartsWith($"HTTP/1.1 {status}", refused.Head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", refused.Head, StringComparison.OrdinalIgnoreCase);
        var problem = JsonNode.Parse(refused.Body)!;
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));

        // A fresh connection still works normally.
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_raw_nul_byte_in_the_request_line_gets_a_problem_body()
    {
        await using var factory = new CavraApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /a\0b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        var refused = await ReadResponseAsync(stream);
        Assert.StartsWith("HTTP/1.1 400", refused.Head, StringComparison.Ordinal);
        Assert.Equal(400, (int)JsonNode.Parse(refused.Body)!["status"]!);
    }

    [Fact]
    public async Task Only_bound_and_configured_host_names_are_answered()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "cavra.example.test" });
        var client = factory.CreateClient();
        foreach (var (host, allowed) in new[] { ("localhost", true), ("127.0.0.1:8000", true), ("cavra.example.test", true), ("attacker.example", false), ("cavra.example.test.attacker.example", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            Assert.True(allowed == (response.StatusCode == HttpStatusCode.OK), $"{host}: {response.StatusCode}");
            if (!allowed)
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("AllowedHosts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // A wildcard turns the check off, as documented.
        await using var open = new CavraApiFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        using var any = new HttpRequestMessage(HttpMethod.Get, "/health");
        any.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.OK, (await open.CreateClient().SendAsync(any)).StatusCode);
    }

    [Fact]
    public async Task A_secret_in_any_path_parameter_of_any_route_is_refused_and_never_echoed_or_logged()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        Assert.True(routes.Count >= 6, $"only {routes.Count} routes with path parameters");

        foreach (var (method, endpoint) in routes)
        {
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.Name == parameter.Name => SlackToken,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart _ => "webhook",
                    _ => "",
                }))));
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {endpoint.RoutePattern.RawText} ({parameter.Name}): {response.StatusCode} {body}");
                Assert.Contains($"\"{parameter.Name}\"", body, StringComparison.Ordinal);
                Assert.DoesNotContain(SlackToken, body, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(factory.LogLines, l => l.Contains(SlackToken, StringComparison.Ordinal) || l.Contains("xoxb-", StringComparison.Ordinal));
        Assert.Contains(factory.LogLines, l => l.Contains("[withheld: looks like a secret]", StringComparison.Ordinal));
        var (_, ready) = await client.GetJsonAsync("/health/ready");
        Assert.Equal(0, (long)ready["record_count"]!);
    }

    [Fact]
    public async Task A_not_found_message_never_repeats_an_id_that_looks_like_a_secret()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        // In a body field (not a path), the id reaches the lookup; the 404 must not echo it.
        var (response, problem) = await client.PostJsonAsync(
            "/runtime/go-pilot/rollback-drill-notifications/schedule-1/acknowledgements",
            $"{{\"provider\": \"webhook\", \"acknowledged_by\": \"alice\", \"acknowledgement_state\": \"acknowledged\", \"plan_id\": \"{SlackToken}\"}}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain(SlackToken, problem.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task SendAsync(NetworkStream stream, string path) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

    /// <summary>Reads one HTTP/1.1 response with a Content-Length or chunked body.</summary>
    private static async Task<(string Head, string Body)> ReadResponseAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "connection closed before the response head");
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]);
        var rest = buffer.Skip(headEnd + 4).ToList();
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).FirstOrDefault(p => p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        if (length is not null)
        {
            var expected = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            while (rest.Count < expected)
            {
                var read = await stream.ReadAsync(chunk, timeout.Token);
                Assert.True(read > 0, "connection closed before the response body");
                rest.AddRange(chunk.AsSpan(0, read).ToArray());
            }

            return (head, Encoding.UTF8.GetString([.. rest.Take(expected)]));
        }

        // Chunked: read until the terminating chunk, then decode.
        while (IndexOf(rest, "0\r\n\r\n"u8.ToArray()) < 0)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "connection closed before the chunked body ended");
            rest.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var text = Encoding.UTF8.GetString([.. rest]);
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(text[position..lineEnd], 16);
            if (size == 0)
            {
                return (head, body.ToString());
            }

            body.Append(text, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (needle.Select((b, j) => haystack[i + j] == b).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }
}
