namespace Cavra.Core;

/// <summary>
/// A request field is well-formed but does not fit the stored evidence (a provider that is not in the referenced
/// plan, say): a 400 naming the field, raised before anything is stored.
/// </summary>
public sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
