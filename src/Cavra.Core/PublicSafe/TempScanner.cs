namespace Cavra.Core.PublicSafe;

// Temporary until the scanner branch merges.
public static class SecretScanner
{
    public static void EnsureNone(System.Text.Json.Nodes.JsonNode? node, string rootPath = "") { _ = node; _ = rootPath; }

    public static void EnsureNone(string path, string? value) { _ = path; _ = value; }

    public static string? FindKind(string? value) { _ = value; return null; }
}
