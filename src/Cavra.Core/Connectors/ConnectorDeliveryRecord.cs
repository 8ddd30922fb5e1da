using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Connectors;

/// <summary>Turns a delivery result into the <c>release-connector-delivery</c> evidence record (reference §1.4).</summary>
public static class ConnectorDeliveryRecord
{
    public const string Kind = "release-connector-delivery";

    /// <param name="result">The delivery result.</param>
    /// <param name="source">The delivery source (which stream sent it); also the record's signer.</param>
    /// <param name="correlation">Fields the caller adds at the top level (audit_id, delivery_id, plan_id, …).</param>
    public static EvidenceDraft Build(ConnectorDeliveryResult result, string source, JsonObject? correlation = null)
    {
        var providers = result.Deliveries.Select(d => d.Provider).ToList();
        var failed = result.Deliveries.Where(d => !d.Success).Select(d => d.Provider).ToList();
        var body = new JsonObject
        {
            ["connector_delivery_source"] = source,
            ["event_id"] = result.EventId,
            ["event_type"] = result.EventType,
            ["delivery_success"] = result.Success,
            ["providers"] = Strings(providers),
            ["failed_providers"] = Strings(failed),
            ["attempt_count"] = result.Deliveries.Sum(d => d.AttemptCount),
            ["max_attempt_count"] = result.Deliveries.Count == 0 ? 0 : result.Deliveries.Max(d => d.AttemptCount),
            ["status_codes"] = new JsonArray([.. result.Deliveries.Where(d => d.StatusCode is not null).Select(d => (JsonNode)d.StatusCode!.Value)]),
            ["delivery"] = result.ToJson(),
        };
        foreach (var (key, value) in correlation ?? [])
        {
            body[key] = value?.DeepClone();
        }

        var material = $"{result.EventId}|{result.GeneratedAt}|{string.Join(",", providers)}";
        var sessionId = $"rcd-{Slug(result.EventId)}-{CanonicalJson.Sha256Hex(material)[..12]}";
        return new EvidenceDraft(
            sessionId, Kind, EvidenceTime.Parse(result.GeneratedAt) ?? DateTimeOffset.UnixEpoch, source, 0, failed.Count, 0, body);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static string Slug(string value)
    {
        var slug = new string([.. value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        slug = slug.Length > 48 ? slug[..48].TrimEnd('-') : slug;
        return slug.Length == 0 ? "event" : slug;
    }
}
