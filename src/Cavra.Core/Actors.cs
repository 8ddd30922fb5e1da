namespace Cavra.Core;

/// <summary>
/// Who a record says made it. Every handler reads its actor field (<c>generated_by</c>, <c>requested_by</c>,
/// <c>updated_by</c>, <c>acknowledged_by</c>, …) through here, so a record never claims an actor the request did not
/// name; this is also where a verified identity will be stamped once authentication is on.
/// </summary>
public static class Actors
{
    /// <summary>The signer of a record whose request named no actor (never "console": the console sends its operator).</summary>
    public const string Unspecified = "unspecified";

    /// <summary>The named actor, trimmed, or <see cref="Unspecified"/> when the request left it out or blank.</summary>
    public static string OrUnspecified(string? named) => string.IsNullOrWhiteSpace(named) ? Unspecified : named.Trim();

    /// <summary>
    /// The actor of a human decision (acknowledgement, approval, closure). Validators refuse a missing one with a 400
    /// naming the field; this guards callers that skip them.
    /// </summary>
    public static string Required(string? named, string field) =>
        string.IsNullOrWhiteSpace(named) ? throw new InvalidFieldException(field, $"'{field}' is required") : named.Trim();
}
