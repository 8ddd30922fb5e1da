using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Tests.Evidence;

internal static class Drafts
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static EvidenceDraft Make(string id, string kind = "test-kind", JsonObject? body = null, int minutes = 0) =>
        new(id, kind, T0.AddMinutes(minutes), "tester", 1, 0, 0, body ?? new JsonObject { ["payload"] = new JsonObject { ["id"] = id } });

    public static EvidenceDraft Delivery(string id, string source, bool success, params string[] providers) =>
        new(id, "release-connector-delivery", T0, source, 0, success ? 0 : 1, 0, new JsonObject
        {
            ["connector_delivery_source"] = source,
            ["delivery_success"] = success,
            ["providers"] = new JsonArray([.. providers.Select(p => (JsonNode)p)]),
            ["failed_providers"] = success ? new JsonArray() : new JsonArray([.. providers.Select(p => (JsonNode)p)]),
            ["event_id"] = "evt-" + id,
        });
}
