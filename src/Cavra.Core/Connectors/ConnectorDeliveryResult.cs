using System.Text.Json.Nodes;

namespace Cavra.Core.Connectors;

/// <summary>What was sent, as it may be stored: method, URL and headers with every secret part redacted.</summary>
public sealed record RedactedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers);

/// <summary>One provider's outcome. Response bodies are never kept, only the status code.</summary>
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
public sealed record ConnectorDeliveryResult(
    string EventType,
    string EventId,
    string SessionId,
    string GeneratedAt,
    IReadOnlyList<ProviderDelivery> Deliveries)
{
    public const string Schema = "cavra.connector.delivery.v1";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Serialised with the result.")]
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public string SchemaVersion => Schema;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Serialised with the result.")]
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Product => Evidence.EvidenceStore.Product;

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
