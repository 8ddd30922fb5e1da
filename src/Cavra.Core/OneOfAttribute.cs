using System.Reflection;

namespace Cavra.Core;

/// <summary>
/// Names the list a text member's value must come from, so the list is written once: the validator checks the same
/// list, and the API document shows it as the member's enum.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type source, string member) : Attribute
{
    /// <summary>The type that declares the list.</summary>
    public Type Source { get; } = source;

    /// <summary>A static field or property of <see cref="Source"/> holding the allowed values.</summary>
    public string Member { get; } = member;

    public IReadOnlyList<string> Values => Source.GetMember(Member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) switch
    {
        [PropertyInfo property] => [.. (IEnumerable<string>)property.GetValue(null)!],
        [FieldInfo list] => [.. (IEnumerable<string>)list.GetValue(null)!],
        _ => throw new InvalidOperationException($"{Source.Name}.{Member} is not a static list of values"),
    };
}
