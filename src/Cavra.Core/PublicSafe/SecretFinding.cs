namespace Cavra.Core.PublicSafe;

/// <summary>
/// Where a secret was found and which family it belongs to. Never carries the secret value itself.
/// </summary>
/// <param name="Kind">Stable snake_case family name, one of <see cref="SecretScanner.Kinds"/>.</param>
/// <param name="Path">Field path such as <c>notes</c>, <c>verification_refs[2]</c> or <c>delivery.request.url</c>.</param>
public sealed record SecretFinding(string Kind, string Path);
