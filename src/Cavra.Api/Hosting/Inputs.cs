namespace Cavra.Api.Hosting;

/// <summary>Optional text from requests: blank means absent, anything else is trimmed.</summary>
public static class Inputs
{
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
