using System.Text.Json.Nodes;

namespace Cavra.Core.Evidence;

/// <summary>How builders shape a record body: the payload under its kind's key, and the fields queries filter on copied to the top level.</summary>
public static class RecordBody
{
    /// <summary>
    /// The body of a record: <paramref name="payload"/> under <paramref name="payloadKey"/>, plus a copy of each
    /// <paramref name="indexed"/> field at the top level, where the generated columns (see <see cref="EvidenceColumns"/>) read them.
    /// </summary>
    public static JsonObject Of(string payloadKey, JsonObject payload, IEnumerable<string> indexed)
    {
        var body = new JsonObject();
        foreach (var field in indexed)
        {
            body[field] = payload[field]?.DeepClone();
        }

        body[payloadKey] = payload.DeepClone();
        return body;
    }
}
