using System.Text.Json.Nodes;

namespace Cavra.Core.Connectors;

/// <summary>What was sent, as it may be stored: method, URL and headers with every secret part redacted.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The destination URL, secrets redacted.</param>
/// <param name="Headers">The request headers, secrets redacted.</param>
public sealed record RedactedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers);

/// <summary>One provider's outcome. Response bodies are never kept, only the status code.</summary>
/// <param name="Provider">The connector delivered to.</param>
/// <param name="Success">Whether it accepted the event (a 2xx answer).</param>
/// <param name="StatusCode">The last attempt's HTTP status, or null when no answer came.</param>
/// <param name="AttemptCount">Attempts made (1 + retries used).</param>
/// <param name="StartedAt">When the first attempt started (ISO-8601, UTC).</param>
/// <param name="CompletedAt">When the last attempt ended (ISO-8601, UTC).</param>
/// <param name="Error">Why it failed, or empty.</param>
/// <param name="Request">What was sent, secrets redacted.</param>
public sealed record ProviderDelivery(
    string Provider,
    bool Success,
    int? StatusCode,
    int AttemptCount,
    string StartedAt,
    string CompletedAt,
    string Error,
    RedactedRequest Request);

/// <summary>The <c>cavra.connector.delivery.v1</c> result of delivering one event to one or more providers.</summary>
/// <param name="EventType">The event's type (cavra.go_backend.rollback_drill.notification, …).</param>
/// <param name="EventId">The event's id.</param>
/// <param name="SessionId">The event's session id.</param>
/// <param name="GeneratedAt">When the event was built (ISO-8601, UTC).</param>
/// <param name="Deliveries">One outcome per provider.</param>
public sealed record ConnectorDeliveryResult(
    string EventType,
    string EventId,
    string SessionId,
    string GeneratedAt,
    IReadOnlyList<ProviderDelivery> Deliveries)
{
    public const string Schema = "cavra.connector.delivery.v1";

    /// <summary>cavra.connector.delivery.v1</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Serialised with the result.")]
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public string SchemaVersion => Schema;

    /// <summary>Always cavra.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Serialised with the result.")]
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Product => Evidence.EvidenceStore.Product;

    /// <summary>Whether every provider accepted the event.</summary>
    public bool Success => Deliveries.Count > 0 && Deliveries.All(d => d.Success);

    public JsonObject ToJson() => new()
    {
        ["schema_version"] = Schema,
        ["product"] = Evidence.EvidenceStore.Product,
        ["event_type"] = EventType,
        ["event_id"] = EventId,
        ["session_id"] = SessionId,
        ["generated_at"] = GeneratedAt,
        ["success"] = Success,
        ["deliveries"] = new JsonArray([.. Deliveries.Select(d => (JsonNode)new JsonObject
        {
            ["provider"] = d.Provider,
            ["success"] = d.Success,
            ["status_code"] = d.StatusCode,
            ["attempt_count"] = d.AttemptCount,
            ["started_at"] = d.StartedAt,
            ["completed_at"] = d.CompletedAt,
            ["error"] = d.Error,
            ["request"] = new JsonObject
            {
                ["method"] = d.Request.Method,
                ["url"] = d.Request.Url,
                ["headers"] = new JsonObject([.. d.Request.Headers.OrderBy(h => h.Key, StringComparer.Ordinal)
                    .Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
            },
        })]),
    };
}

/// <summary>Per-delivery knobs of the original: <c>retries</c> (extra attempts) and <c>timeout_seconds</c> per attempt.</summary>
public sealed record DeliveryOptions(int Retries = 2, double TimeoutSeconds = 10)
{
    public const int MaxRetries = 10;
    public const double MinTimeoutSeconds = 0.1;
    public const double MaxTimeoutSeconds = 120;

    public void Validate()
    {
        if (Retries is < 0 or > MaxRetries)
        {
            throw new ArgumentOutOfRangeException("retries", Retries, $"retries must be between 0 and {MaxRetries}");
        }

        if (TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds || double.IsNaN(TimeoutSeconds))
        {
            throw new ArgumentOutOfRangeException(
                "timeout_seconds", TimeoutSeconds, $"timeout_seconds must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds}");
        }
    }
}
