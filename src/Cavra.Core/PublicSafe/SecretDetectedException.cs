namespace Cavra.Core.PublicSafe;

/// <summary>
/// Thrown when a value that would be sent to or stored by Cavra contains a secret.
/// The message names the field and the kind of secret, never the value.
/// </summary>
public sealed class SecretDetectedException(SecretFinding finding) : Exception(FormatMessage(finding))
{
    public SecretFinding Finding { get; } = finding;

    public string Kind => Finding.Kind;

    public string Path => Finding.Path;

    private static string FormatMessage(SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var path = finding.Path.Length == 0 ? "value" : finding.Path;
        return $"{path} contains a secret ({finding.Kind}); secrets must not be sent to or stored by Cavra";
    }
}
