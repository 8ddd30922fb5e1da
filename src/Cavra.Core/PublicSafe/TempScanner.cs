namespace Cavra.Core.PublicSafe;

// Temporary until the scanner branch merges.
public static class SecretScanner
{
    public static void EnsureNone(System.Text.Json.Nodes.JsonNode? node, string rootPath = "") { _ = node; _ = rootPath; }
}
