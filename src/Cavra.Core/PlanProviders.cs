using Cavra.Core.Connectors;

namespace Cavra.Core;

/// <summary>
/// The one rule for a request about a provider of a stored plan (a route acknowledgement, a retry acknowledgement or
/// approval, a recovery closure): the provider must be one the plan lists, or the request is a 400 naming the field
/// and what the plan does list. Nothing is stored for a provider the plan never involved.
/// </summary>
public static class PlanProviders
{
    /// <returns>The provider, normalised.</returns>
    public static string Require(
        string provider, IEnumerable<string> listed, string plan, string entry, string field = "provider", string hint = "")
    {
        var normalized = ProviderNames.Normalize(provider);
        var names = listed.Select(ProviderNames.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!names.Contains(normalized))
        {
            var lists = names.Count == 0 ? "it lists no provider" : $"it lists {string.Join(", ", names)}";
            throw new InvalidFieldException(field, $"{plan} has no {entry} for provider '{normalized}' ({lists}){hint}");
        }

        return normalized;
    }
}
