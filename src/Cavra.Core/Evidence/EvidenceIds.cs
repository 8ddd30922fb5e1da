using System.Text.Json.Nodes;

namespace Cavra.Core.Evidence;

/// <summary>Ids are "{prefix}-{first 16 hex of a SHA-256}" as in the original (reference §1.6).</summary>
public static class EvidenceIds
{
    public static string FromHash(string prefix, string hash) => $"{prefix}-{hash[..16]}";

    public static string Derive(string prefix, JsonNode material) => FromHash(prefix, CanonicalJson.Hash(material));

    public static string Derive(string prefix, params string[] parts) =>
        FromHash(prefix, CanonicalJson.Sha256Hex(string.Join('|', parts)));
}
