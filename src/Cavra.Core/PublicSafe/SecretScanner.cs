using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cavra.Core.PublicSafe;

/// <summary>A secret found in a value: its family and the field path where it sits. Never the value itself.</summary>
public sealed record SecretFinding(string Kind, string Path);

/// <summary>Thrown when a value that would reach a record, a log or a response carries a secret.</summary>
public sealed class SecretDetectedException(SecretFinding finding)
    : Exception($"{finding.Path} contains a secret ({finding.Kind}); secrets must not be sent to or stored by Cavra")
{
    public SecretFinding Finding { get; } = finding;
}

/// <summary>
/// The public-safe guard: recognises credentials by their published formats (cloud keys, chat and CI tokens,
/// webhook URLs, private keys, JWTs…) and by context (a high-entropy value assigned to a name like
/// <c>password</c> or <c>api_key</c>). Used on every free-text input and on every record before it is stored.
/// </summary>
public static partial class SecretScanner
{
    private const int ShortestSecret = 8;

    /// <summary>One family: literals (any, case-insensitive) that must occur before its pattern is worth trying.</summary>
    private sealed record Family(string Kind, string[] Hints, Regex Pattern);

    private static readonly Family[] Families =
    [
        new("private_key", ["private key"], PrivateKey()),
        new("aws_access_key_id", ["akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "a3t"], AwsAccessKeyId()),
        new("aws_secret_access_key", ["aws"], AwsSecretAccessKey()),
        new("github_token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], GitHubToken()),
        new("gitlab_token", ["glpat-"], GitLabToken()),
        new("slack_webhook_url", ["hooks.slack.com"], SlackWebhook()),
        new("slack_token", ["xox", "xapp-"], SlackToken()),
        new("teams_webhook_url", ["webhook.office.com", "office.com/webhook", "office365.com/webhook"], TeamsWebhook()),
        new("teams_webhook_url", ["sig="], PowerAutomateWorkflow()),
        new("azure_storage_key", ["accountkey="], AzureStorageKey()),
        new("azure_sas_token", ["sig="], AzureSas()),
        new("google_api_key", ["aiza"], GoogleApiKey()),
        new("stripe_key", ["_live_"], StripeKey()),
        new("npm_token", ["npm_"], NpmToken()),
        new("sendgrid_key", ["sg."], SendGridKey()),
        new("jwt", ["eyj"], Jwt()),
        new("splunk_hec_token", ["splunk"], SplunkAuthorization()),
        new("splunk_hec_token", ["hec"], SplunkHecContext()),
        new("datadog_api_key", ["dd", "datadog"], DatadogKey()),
        new("bearer_token", ["bearer"], BearerToken()),
        new("url_credentials", ["://"], UrlCredentials()),
        new("connection_string_password", ["password", "pwd"], ConnectionStringPassword()),
    ];

    /// <summary>Words an assignment's name must contain for the generic rule to look at it.</summary>
    private static readonly string[] SecretWords = ["secret", "token", "key", "pass", "pwd", "credential", "auth"];

    // One vectorised pass decides whether a value needs any pattern at all; almost every value in a record
    // (ids, hashes, timestamps, states) contains none of these and costs next to nothing.
    private static readonly System.Buffers.SearchValues<string> AnyHint = System.Buffers.SearchValues.Create(
        [.. Families.SelectMany(f => f.Hints).Concat(SecretWords).Distinct()], StringComparison.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<string> AnySecretWord =
        System.Buffers.SearchValues.Create(SecretWords, StringComparison.OrdinalIgnoreCase);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Strictness?> NameCache = new(StringComparer.Ordinal);

    /// <summary>Every family name the scanner reports.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        [.. Families.Select(f => f.Kind).Append(GenericKind).Distinct()];

    private const string GenericKind = "generic_secret";

    /// <summary>The family of the first secret in a free-text value, or null.</summary>
    public static string? FindKind(string? value)
    {
        if (value is null || value.Length < ShortestSecret || !value.AsSpan().ContainsAny(AnyHint))
        {
            return null;
        }

        foreach (var family in Families)
        {
            if (HasAny(value, family.Hints) && family.Pattern.IsMatch(value))
            {
                return family.Kind;
            }
        }

        return value.AsSpan().ContainsAny(AnySecretWord) && AssignedSecret(value) ? GenericKind : null;
    }

    /// <summary>Scans a value together with its field name: under a name like "password" any real value is a secret.</summary>
    public static SecretFinding? FindInField(string path, string? value) =>
        Kind(value, NameStrictness(LastSegment(path))) is { } kind ? new SecretFinding(kind, path) : null;

    /// <summary>Walks objects and arrays; every string is scanned with its property name as context.</summary>
    public static SecretFinding? FindInJson(JsonNode? node, string rootPath = "") =>
        Walk(node, rootPath.Length == 0 ? null : new PathSegment(null, rootPath, -1), NameStrictness(LastSegment(rootPath)));

    public static void EnsureNone(string path, string? value)
    {
        if (FindInField(path, value) is { } finding)
        {
            throw new SecretDetectedException(finding);
        }
    }

    public static void EnsureNone(JsonNode? node, string rootPath = "")
    {
        if (FindInJson(node, rootPath) is { } finding)
        {
            throw new SecretDetectedException(finding);
        }
    }

    private static string? Kind(string? value, Strictness? context) =>
        string.IsNullOrEmpty(value)
            ? null
            : FindKind(value) ?? (context is { } strictness && LooksSecret(value, strictness) ? GenericKind : null);

    private static bool HasAny(string value, string[] hints)
    {
        foreach (var hint in hints)
        {
            if (value.Contains(hint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path built only when a secret is found, so walking a clean record allocates no strings.</summary>
    private sealed class PathSegment(PathSegment? parent, string? name, int index)
    {
        public override string ToString()
        {
            var here = name ?? $"[{index}]";
            return parent is null ? here : name is null ? parent + here : $"{parent}.{here}";
        }
    }

    private static SecretFinding? Walk(JsonNode? node, PathSegment? path, Strictness? context)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (child is null)
                    {
                        continue;
                    }

                    if (Walk(child, new PathSegment(path, key, -1), NameStrictness(key)) is { } finding)
                    {
                        return finding;
                    }
                }

                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    // Items of a list inherit their field's name as context ("api_keys": [...]).
                    if (Walk(array[i], new PathSegment(path, null, i), context) is { } finding)
                    {
                        return finding;
                    }
                }

                return null;
            case JsonValue value when value.TryGetValue(out string? text):
                return Kind(text, context) is { } kind ? new SecretFinding(kind, path?.ToString() ?? "") : null;
            default:
                return null;
        }
    }

    private static Strictness? NameStrictness(string name)
    {
        if (name.Length == 0 || !name.AsSpan().ContainsAny(AnySecretWord))
        {
            return null;
        }

        if (NameCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var strictness = SecretNamed(name);
        if (NameCache.Count < 4096)
        {
            NameCache.TryAdd(name, strictness);
        }

        return strictness;
    }

    private static string LastSegment(string path)
    {
        var end = path.EndsWith(']') ? path.LastIndexOf('[') : path.Length;
        var segment = end > 0 ? path[..end] : path;
        var dot = segment.LastIndexOf('.');
        return dot >= 0 ? segment[(dot + 1)..] : segment;
    }

    private enum Strictness
    {
        /// <summary>Password-like names: any real value of six or more characters is a secret.</summary>
        AnyValue,

        /// <summary>Token-like names: only values that look random.</summary>
        HighEntropy,
    }

    private static Strictness? SecretNamed(string name)
    {
        var lower = name.ToLowerInvariant().Replace('-', '_');
        if (lower.EndsWith("_env", StringComparison.Ordinal) || lower.EndsWith("_ref", StringComparison.Ordinal) ||
            lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith("_hash", StringComparison.Ordinal))
        {
            return null;
        }

        if (lower is "password" or "passwd" or "pwd" or "passphrase" || lower.EndsWith("_password", StringComparison.Ordinal))
        {
            return Strictness.AnyValue;
        }

        return SecretName().IsMatch(lower) ? Strictness.HighEntropy : null;
    }

    /// <summary>"password=…", "api_key: …" and similar assignments inside free text.</summary>
    private static bool AssignedSecret(string value)
    {
        foreach (Match match in Assignment().Matches(value))
        {
            if (SecretNamed(match.Groups["name"].Value) is { } strictness && LooksSecret(match.Groups["value"].Value, strictness))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksSecret(string value, Strictness strictness)
    {
        var text = value.Trim().Trim('"', '\'');
        if (IsPlaceholder(text))
        {
            return false;
        }

        return strictness == Strictness.AnyValue
            ? text.Length >= 6
            : text.Length >= 12 && !text.Contains(' ', StringComparison.Ordinal) && Classes(text) >= 2 && Entropy(text) >= 3.0;
    }

    private static bool IsPlaceholder(string text) =>
        text.Length == 0 ||
        text.Equals("REDACTED", StringComparison.OrdinalIgnoreCase) ||
        text.Equals("true", StringComparison.OrdinalIgnoreCase) ||
        text.Equals("false", StringComparison.OrdinalIgnoreCase) ||
        text.Equals("null", StringComparison.OrdinalIgnoreCase) ||
        text.All(c => c is '*' or 'x' or 'X' or '.' or '-') ||
        (text.StartsWith('<') && text.EndsWith('>')) ||
        (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}')) ||
        (text.StartsWith('$') && EnvironmentName().IsMatch(text[1..])) ||
        EnvironmentName().IsMatch(text);

    private static int Classes(string text) =>
        (text.Any(char.IsUpper) ? 1 : 0) + (text.Any(char.IsLower) ? 1 : 0) + (text.Any(char.IsDigit) ? 1 : 0) +
        (text.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);

    private static double Entropy(string text)
    {
        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in text)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / text.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        if (other > 0)
        {
            var p = (double)other / text.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}\b")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?i)aws.{0,20}?(?:secret|private)?.{0,10}?(?:key|token).{0,5}?[=:]\s*[""']?(?-i:[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])")]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}")]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"(?i)hooks\.slack\.com/(?:services|workflows|triggers)/(?!REDACTED\b)[A-Za-z0-9_/\-]{8,}")]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9\-]{10,}|\bxapp-\d-[A-Za-z0-9\-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?i)https://[a-z0-9.\-]+\.webhook\.office\.com/webhookb2/(?!REDACTED\b)\S{8,}|(?i)outlook\.office(?:365)?\.com/webhook/(?!REDACTED\b)\S{8,}")]
    private static partial Regex TeamsWebhook();

    [GeneratedRegex(@"(?i)https://[a-z0-9.\-]+\.(?:logic\.azure\.com|powerautomate\.com|environment\.api\.powerplatform\.com)\S*[?&]sig=[A-Za-z0-9%_\-]{16,}")]
    private static partial Regex PowerAutomateWorkflow();

    [GeneratedRegex(@"AccountKey=[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex AzureStorageKey();

    [GeneratedRegex(@"(?i)[?&]sv=\d{4}-\d{2}-\d{2}\S*?[?&]sig=[A-Za-z0-9%+/=]{16,}|(?i)[?&]sig=[A-Za-z0-9%+/=]{16,}\S*?[?&]sv=\d{4}")]
    private static partial Regex AzureSas();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\b(?:sk|rk)_live_[0-9A-Za-z]{20,}")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{36}\b")]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"\bSG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64}")]
    private static partial Regex SendGridKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)\bsplunk\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")]
    private static partial Regex SplunkAuthorization();

    [GeneratedRegex(@"(?i)hec.{0,20}?token.{0,5}?[=:]\s*[""']?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")]
    private static partial Regex SplunkHecContext();

    [GeneratedRegex(@"(?i)(?:dd|datadog)[_\-\s]?(?:api|app(?:lication)?)?[_\-\s]?key.{0,5}?[=:]\s*[""']?[0-9a-f]{32,40}\b")]
    private static partial Regex DatadogKey();

    [GeneratedRegex(@"(?i)\bbearer\s+(?!REDACTED\b)[A-Za-z0-9._~+/=\-]{16,}")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.\-]{1,20}://[^/\s:@""']+:(?!REDACTED@)[^/\s@""']+@[^\s/""']+")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?i)(?:^|[;\s""'])(?:password|pwd)\s*=\s*(?!REDACTED\b)[^;""'\s]{3,}")]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"(?i)(?<name>[a-z][a-z0-9_\-]{1,40})[""']?\s*[=:]\s*[""']?(?<value>[^\s""',;&]{6,})")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?:^|_)(?:secret|token|api_?key|apikey|access_?key|private_?key|client_?secret|credential|credentials|auth_?token|signing_?secret|webhook_?secret)$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{2,}$")]
    private static partial Regex EnvironmentName();
}
