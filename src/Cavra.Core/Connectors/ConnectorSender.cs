using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Microsoft.Extensions.Logging;

namespace Cavra.Core.Connectors;

/// <summary>
/// Delivers events to connectors over real HTTP: one request per provider with <c>retries + 1</c> attempts at most,
/// a timeout per attempt, no redirects, and the address policy checked on every resolved address at connect time.
/// Every credential is resolved before anything is sent, so a configuration error sends nothing.
/// </summary>
public sealed partial class ConnectorSender : IDisposable
{
    public const string Refused = "connector address refused: private or reserved network";
    public const string TimedOut = "connector delivery timed out";
    public const string Unreachable = "connector endpoint unreachable";
    public const string HttpFailed = "HTTP request failed";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "x-api-key", "api-key", "dd-api-key", "dd-application-key", WebhookSignature.SignatureHeader,
    };

    private static readonly string[] SecretHeaderWords = ["token", "secret", "key", "auth", "signature", "password", "cookie"];

    private readonly ConnectorCatalog _catalog;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConnectorSender> _logger;
    private readonly Func<string, string?> _environment;
    private readonly HttpClient _http;

    public ConnectorSender(ConnectorCatalog catalog, TimeProvider clock, ILogger<ConnectorSender> logger, Func<string, string?> environment)
    {
        _catalog = catalog;
        _clock = clock;
        _logger = logger;
        _environment = environment;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<ConnectorDeliveryResult> DeliverAsync(
        JsonObject connectorEvent, IReadOnlyList<string> providers, DeliveryOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var names = providers.Select(ProviderNames.Normalize).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        _catalog.RequireEnabled(names.Count == 0 ? ["(none)"] : names);

        var now = _clock.GetUtcNow();
        var requests = names.Select(n => Prepare(_catalog.Find(n)!, connectorEvent, now)).ToList();
        var deliveries = new List<ProviderDelivery>(requests.Count);
        foreach (var request in requests)
        {
            deliveries.Add(await SendAsync(request, options, cancellationToken));
        }

        var eventId = ConnectorPayloads.EventId(connectorEvent);
        var sessionId = connectorEvent["session_id"] is JsonValue value && value.TryGetValue(out string? session) ? session : eventId;
        return new ConnectorDeliveryResult(
            ConnectorPayloads.EventType(connectorEvent), eventId, sessionId, EvidenceTime.ToText(now), deliveries);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A request ready to send, with its credentials resolved, and the redacted form that may be stored.</summary>
    private sealed record PreparedRequest(
        ConnectorDefinition Connector, Uri Url, Dictionary<string, string> Headers, string Body, string? SigningSecret, string MessageId,
        string Timestamp, RedactedRequest Redacted);

    private PreparedRequest Prepare(ConnectorDefinition connector, JsonObject connectorEvent, DateTimeOffset now)
    {
        var url = Resolve(connector, connector.Url, connector.UrlEnv, "url")!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConnectorConfigurationException($"connector '{connector.Name}': url must be an absolute http or https URL");
        }

        var headers = new Dictionary<string, string>(connector.Headers, StringComparer.OrdinalIgnoreCase);
        var authorization = Resolve(connector, connector.Authorization, connector.AuthorizationEnv, "authorization");
        var token = Resolve(connector, connector.Token, connector.TokenEnv, "token");
        var apiKey = Resolve(connector, connector.ApiKey, connector.ApiKeyEnv, "api_key");
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }
        else if (token is not null)
        {
            var scheme = connector.AuthorizationScheme ?? (connector.Provider == ProviderNames.Splunk ? "Splunk" : "Bearer");
            headers["Authorization"] = $"{scheme} {token}";
        }

        if (apiKey is not null)
        {
            headers[connector.ApiKeyHeader ?? (connector.Provider == ProviderNames.Datadog ? "DD-API-KEY" : "x-api-key")] = apiKey;
        }

        if (ProviderNames.RequireAuthentication.Contains(connector.Provider) && authorization is null && token is null && apiKey is null)
        {
            throw new ConnectorConfigurationException(
                $"connector '{connector.Name}': provider {connector.Provider} requires authorization, token or api_key (or their *_env variables)");
        }

        var body = CanonicalJson.Serialize(ConnectorPayloads.Body(connector, connectorEvent, now));
        var signingSecret = Resolve(connector, connector.SigningSecret, connector.SigningSecretEnv, "signing_secret");
        var messageId = "msg_" + CanonicalJson.Sha256Hex($"{ConnectorPayloads.EventId(connectorEvent)}|{connector.Name}|{EvidenceTime.ToText(now)}")[..24];
        // One timestamp for every attempt, so the stored headers are the ones sent and the signature matches them.
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var redactedHeaders = headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => IsSecretHeader(h.Key) ? "REDACTED" : h.Value, StringComparer.Ordinal);
        redactedHeaders["content-type"] = "application/json";
        if (signingSecret is not null)
        {
            redactedHeaders[WebhookSignature.IdHeader] = messageId;
            redactedHeaders[WebhookSignature.TimestampHeader] = timestamp;
            redactedHeaders[WebhookSignature.SignatureHeader] = "REDACTED";
        }

        return new PreparedRequest(
            connector, uri, headers, body, signingSecret, messageId, timestamp, new RedactedRequest(connector.Method, RedactUrl(uri), redactedHeaders));
    }

    private string? Resolve(ConnectorDefinition connector, string? value, string? environmentName, string field)
    {
        if (value is not null)
        {
            return value;
        }

        if (environmentName is null)
        {
            return null;
        }

        return _environment(environmentName) is { Length: > 0 } resolved
            ? resolved
            : throw new ConnectorConfigurationException(
                $"connector '{connector.Name}': environment variable {environmentName} named by {field}_env is not set");
    }

    private async Task<ProviderDelivery> SendAsync(PreparedRequest request, DeliveryOptions options, CancellationToken cancellationToken)
    {
        var started = EvidenceTime.ToText(_clock.GetUtcNow());
        var maxAttempts = options.Retries + 1;
        int? status = null;
        var error = "";
        var attempts = 0;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            attempts = attempt;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            var retry = true;
            try
            {
                using var message = Message(request);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                error = status is >= 200 and < 300 ? "" : HttpFailed;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                (status, error) = (null, TimedOut);
            }
            catch (HttpRequestException failure) when (IsRefusal(failure))
            {
                // The address will not change between attempts: refusing again would only add noise.
                (status, error, retry) = (null, Refused, false);
            }
            catch (HttpRequestException)
            {
                (status, error) = (null, Unreachable);
            }

            LogAttempt(request.Connector.Name, attempt, maxAttempts, status, error.Length == 0 ? "delivered" : error);
            if (error.Length == 0 || !retry)
            {
                break;
            }

            if (attempt < maxAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(0.25 * attempt, 1.0)), cancellationToken);
            }
        }

        return new ProviderDelivery(
            request.Connector.Name, error.Length == 0, status, attempts, started, EvidenceTime.ToText(_clock.GetUtcNow()), error, request.Redacted);
    }

    private static HttpRequestMessage Message(PreparedRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Connector.Method), request.Url)
        {
            Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("User-Agent", "Cavra");
        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.SigningSecret is not null)
        {
            message.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, request.MessageId);
            message.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, request.Timestamp);
            message.Headers.TryAddWithoutValidation(
                WebhookSignature.SignatureHeader, WebhookSignature.Sign(request.SigningSecret, request.MessageId, request.Timestamp, request.Body));
        }

        return message;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!_catalog.AllowPrivateNetworks && (addresses.Length == 0 || addresses.Any(a => !NetworkPolicy.IsPublic(a))))
        {
            throw new ConnectorAddressRefusedException(host);
        }

        // Connect to the addresses just checked, never to a second lookup that could answer differently.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsRefusal(Exception failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is ConnectorAddressRefusedException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSecretHeader(string name) =>
        SecretHeaders.Contains(name) || SecretHeaderWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The URL as it may be stored: no credentials, no query string, and no path where the path itself is the secret
    /// (Slack, Teams and workflow webhooks, or any path with a long random-looking segment).
    /// </summary>
    public static string RedactUrl(Uri uri)
    {
        var origin = uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        var host = uri.Host.ToLowerInvariant();
        var secretPath = host == "hooks.slack.com" || host.EndsWith(".webhook.office.com", StringComparison.Ordinal) ||
            host.EndsWith(".logic.azure.com", StringComparison.Ordinal) ||
            uri.AbsolutePath.Split('/').Any(segment => segment.Length >= 20 && segment.Any(char.IsDigit) && segment.Any(char.IsLetter));
        var path = secretPath ? "/REDACTED" : uri.AbsolutePath;
        return origin + path + (uri.Query.Length > 1 ? "?REDACTED" : "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} attempt {Attempt}/{MaxAttempts}: {Outcome} (status {StatusCode})")]
    private partial void LogAttempt(string connector, int attempt, int maxAttempts, int? statusCode, string outcome);
}
