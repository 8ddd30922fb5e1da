using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cavra.Api.Hosting;

/// <summary>
/// Finds every JSON <c>null</c> a request put where its contract does not allow one: a non-nullable property, or an
/// element of a list whose element type is non-nullable. The serializer fills such places with null without a word
/// (nullable annotations are not enforced on elements), and the code behind them would fail with a 500.
/// Free-form JSON payloads (<see cref="JsonNode"/>) are left to their own validators.
/// </summary>
public static class NullGuard
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Member>> Members = new();
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The JSON paths (snake_case, <c>routes[2].provider</c>) of the nulls that are not allowed.</summary>
    public static IReadOnlyList<string> FindNulls(object request)
    {
        var found = new List<string>();
        Walk(request, "", found, depth: 0);
        return found;
    }

    private static void Walk(object value, string path, List<string> found, int depth)
    {
        // Contracts are shallow; the bound only protects against a cycle in a type that should never have one.
        if (depth > 16 || !IsContract(value.GetType()))
        {
            return;
        }

        foreach (var member in MembersOf(value.GetType()))
        {
            var field = path.Length == 0 ? member.JsonName : $"{path}.{member.JsonName}";
            var child = member.Property.GetValue(value);
            if (child is null)
            {
                if (!member.Nullable)
                {
                    found.Add(field);
                }

                continue;
            }

            if (child is IEnumerable items and not string and not JsonNode)
            {
                var index = 0;
                foreach (var item in items)
                {
                    var element = $"{field}[{index++}]";
                    if (item is null)
                    {
                        if (!member.ElementsNullable)
                        {
                            found.Add(element);
                        }
                    }
                    else
                    {
                        Walk(item, element, found, depth + 1);
                    }
                }
            }
            else
            {
                Walk(child, field, found, depth + 1);
            }
        }
    }

    // Only our own request types are walked: framework types and JSON trees have no contract to check here.
    private static bool IsContract(Type type) =>
        type.Assembly == typeof(NullGuard).Assembly || type.Assembly == typeof(Cavra.Core.InvalidFieldException).Assembly;

    private static IReadOnlyList<Member> MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    [
        .. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .Select(p =>
            {
                NullabilityInfo info;
                lock (Nullability)
                {
                    info = Nullability.Create(p);
                }

                var element = info.ElementType ?? info.GenericTypeArguments.LastOrDefault();
                return new Member(
                    p,
                    JsonName(p),
                    info.WriteState != NullabilityState.NotNull,
                    element is null || element.ReadState != NullabilityState.NotNull);
            }),
    ]);

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    private sealed record Member(PropertyInfo Property, string JsonName, bool Nullable, bool ElementsNullable);
}
