using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cavra.Core.PublicSafe;

/// <summary>
/// The public-safe guard: finds secrets (tokens, keys, private keys, JWTs, URLs with credentials, webhook URLs,
/// passwords in connection strings, values stored under secret-like names…) in free text and JSON records.
/// Findings name the family and the field path, never the value.
/// </summary>
/// <remarks>
/// Designed to run on every record before it is stored: a value shorter than 8 characters (unless its field name
/// is secret-like), or one that contains none of the trigger strings, is passed after one scalar pass and no
/// allocation; only the families whose triggers occur are tried with their (source-generated) regexes. Families
/// are tried in a fixed priority order (specific before generic, the order of <see cref="Kinds"/>), so
/// <see cref="FindKind(string?)"/> reports the most specific family present in the value. A value that is not plain
/// ASCII or holds a long base64 run is then unfolded and decoded and scanned again (<c>SecretScanner.Disguises.cs</c>);
/// for plain text with id-like runs that costs a decode into a stack buffer and still no allocation.
/// </remarks>
public static partial class SecretScanner
{
    private const int MinScanLength = 8;
    private const int MaxStackChars = 512;

    /// <summary>
    /// The families that have a shape of their own, in the order they are tried: specific before generic, and a
    /// family whose values contain another's (a Google Chat URL holds a Google API key) before that family.
    /// </summary>
    private static readonly Detector[] _detectors =
    [
        new(Family.PrivateKey, SecretKinds.PrivateKey, v => PrivateKeyRegex().IsMatch(v) || OtherPrivateKeyRegex().IsMatch(v)),
        new(Family.AwsAccessKeyId, SecretKinds.AwsAccessKeyId, v => AwsAccessKeyIdRegex().IsMatch(v)),
        new(Family.GitHub, SecretKinds.GitHubToken, v => GitHubTokenRegex().IsMatch(v)),
        new(Family.GitLab, SecretKinds.GitLabToken, v => GitLabTokenRegex().IsMatch(v)),
        new(Family.SlackToken, SecretKinds.SlackToken, v => SlackTokenRegex().IsMatch(v)),
        new(Family.Stripe, SecretKinds.StripeKey, v => StripeKeyRegex().IsMatch(v)),
        new(Family.Npm, SecretKinds.NpmToken, v => NpmTokenRegex().IsMatch(v)),
        new(Family.SendGrid, SecretKinds.SendGridKey, v => SendGridKeyRegex().IsMatch(v)),
        new(Family.Ai, SecretKinds.AiApiKey, v => AiApiKeyRegex().IsMatch(v) || HasAssignedToken(CohereKeyRegex(), v)),
        new(Family.SecretManager, SecretKinds.SecretManagerToken, v => SecretManagerTokenRegex().IsMatch(v)),
        new(Family.PackageRegistry, SecretKinds.PackageRegistryToken, v => PackageRegistryTokenRegex().IsMatch(v)),
        new(Family.Payment, SecretKinds.PaymentKey, v => PaymentKeyRegex().IsMatch(v)),
        new(Family.OAuthClient, SecretKinds.OAuthClientSecret, v => OAuthClientSecretRegex().IsMatch(v)),
        new(Family.Hosting, SecretKinds.HostingPlatformToken, v => HostingPlatformTokenRegex().IsMatch(v) || HasAssignedToken(HostingPlatformContextRegex(), v)),
        new(Family.Saas, SecretKinds.SaasApiToken, v => SaasApiTokenRegex().IsMatch(v)),
        new(Family.ChatBot, SecretKinds.ChatBotToken, v => ChatBotTokenRegex().IsMatch(v)),
        new(Family.ChatWebhook, SecretKinds.ChatWebhookUrl, v => ChatWebhookRegex().IsMatch(v)),
        new(Family.Google, SecretKinds.GoogleApiKey, v => GoogleApiKeyRegex().IsMatch(v)),
        new(Family.Jwt, SecretKinds.Jwt, v => JwtRegex().IsMatch(v)),
        new(Family.SlackWebhook, SecretKinds.SlackWebhookUrl, v => SlackWebhookRegex().IsMatch(v)),
        new(Family.TeamsWebhook, SecretKinds.TeamsWebhookUrl, HasTeamsWebhook),
        new(Family.AzureStorageKey, SecretKinds.AzureStorageKey, v => AzureStorageKeyRegex().IsMatch(v)),
        new(Family.AzureSas, SecretKinds.AzureSasToken, HasSasToken),
        new(Family.UrlCredentials, SecretKinds.UrlCredentials, HasUrlCredentials),
        new(Family.ConnectionString, SecretKinds.ConnectionStringPassword, HasConnectionStringPassword),
        new(Family.Splunk, SecretKinds.SplunkHecToken, HasSplunkToken),
        new(Family.Datadog, SecretKinds.DatadogApiKey, v => DatadogKeyRegex().IsMatch(v)),
        new(Family.AwsSecret, SecretKinds.AwsSecretAccessKey, HasAwsSecretKey),
        new(Family.Bearer, SecretKinds.BearerToken, HasBearerToken),
        new(Family.Basic, SecretKinds.BasicAuth, HasBasicAuth),
    ];

    /// <summary>Every family name, in the order the scanner tries them (the generic family last).</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. _detectors.Select(d => d.Kind), SecretKinds.GenericSecret];

    private static readonly SearchValues<char> _nameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly JsonSerializerOptions _relaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The kind of the (most specific) secret in a free-text value, or null when it holds none.</summary>
    public static string? FindKind(string? value) => value is null ? null : FindKind(value, value);

    /// <summary>
    /// <paramref name="original"/> is <paramref name="value"/> as a string when the caller has one; otherwise a
    /// string is made only when the pre-check finds a trigger.
    /// </summary>
    private static string? FindKind(ReadOnlySpan<char> value, string? original)
    {
        if (value.Length < MinScanLength)
        {
            return null;
        }

        return FindPlainKind(value, original) ?? (MayBeDisguised(value) ? FindDisguisedKind(original ?? value.ToString()) : null);
    }

    /// <summary>The kind of secret in <paramref name="value"/> as it stands, without unfolding or decoding it.</summary>
    private static string? FindPlainKind(ReadOnlySpan<char> value, string? original)
    {
        var families = CandidateFamilies(value);
        if (families != Family.None && value.IndexOfAny(':', '=') < 0)
        {
            // These families all need "name: value", "name=value" or "https://": without ':' or '=' they cannot match.
            families &= ~(Family.Generic | Family.AwsSecret | Family.Datadog | Family.AzureStorageKey |
                Family.AzureSas | Family.UrlCredentials | Family.ConnectionString | Family.TeamsWebhook);
        }

        return families == Family.None ? null : FindKindSlow(original ?? value.ToString(), families);
    }

    /// <summary>
    /// Scans a single field: the value as free text, then the value in the context of the field's own name
    /// (the last segment of <paramref name="path"/>), so <c>password</c>, <c>api_key</c>, <c>client_secret</c>…
    /// holding a real-looking value is found even when the value has no recognisable shape.
    /// </summary>
    public static SecretFinding? FindInField(string path, string? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = FindKindInField(LeafName(path), value);
        return kind is null ? null : new SecretFinding(kind, path);
    }

    /// <summary>
    /// Walks objects and arrays; every string value is scanned with its property name as context (array elements
    /// take the array's property name), and property names are scanned too. Returns the first finding in document
    /// order with a path like <c>a.b[3].c</c> under <paramref name="rootPath"/>.
    /// </summary>
    public static SecretFinding? FindInJson(JsonNode? node, string rootPath = "")
    {
        ArgumentNullException.ThrowIfNull(rootPath);
        return node is null ? null : Walk(node, LeafName(rootPath), node, rootPath);
    }

    /// <summary>Throws <see cref="SecretDetectedException"/> when the field holds a secret.</summary>
    public static void EnsureNone(string path, string? value)
    {
        var finding = FindInField(path, value);
        if (finding is not null)
        {
            throw new SecretDetectedException(finding);
        }
    }

    /// <summary>Throws <see cref="SecretDetectedException"/> when anything in the JSON holds a secret.</summary>
    public static void EnsureNone(JsonNode? node, string rootPath = "")
    {
        var finding = FindInJson(node, rootPath);
        if (finding is not null)
        {
            throw new SecretDetectedException(finding);
        }
    }

    private static string? FindKindInField(ReadOnlySpan<char> name, string? value) =>
        value is null ? null : FindKindInField(name, value, value);

    private static string? FindKindInField(ReadOnlySpan<char> name, ReadOnlySpan<char> value, string? original)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        var context = ClassifyName(name);
        if (context == NameContext.None && value.Length < MinScanLength)
        {
            return null;
        }

        return FindKind(value, original) ?? (context == NameContext.None ? null : ClassifyAssignedValue(context, value));
    }

    private static SecretFinding? Walk(JsonNode node, ReadOnlySpan<char> contextName, JsonNode root, string rootPath)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (name, child) = obj.GetAt(i);
                    if (FindKind(name) is { } nameKind)
                    {
                        // The name itself is the secret: report the object holding it, never the name.
                        return new SecretFinding(nameKind, PathOf(obj, root, rootPath));
                    }

                    if (child is not null && Walk(child, name, root, rootPath) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child && Walk(child, contextName, root, rootPath) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var kind = ScanStringValue(value, contextName);
                return kind is null ? null : new SecretFinding(kind, PathOf(value, root, rootPath));

            default:
                return null;
        }
    }

    /// <summary>
    /// Scans a JSON string value. A short unescaped value parsed from JSON is decoded from its raw UTF-8 into a stack
    /// buffer, so a clean value costs no allocation; other values are read as strings.
    /// </summary>
    private static string? ScanStringValue(JsonValue value, ReadOnlySpan<char> contextName)
    {
        if (!value.TryGetValue<JsonElement>(out var element))
        {
            return FindKindInField(
                contextName,
                value.TryGetValue<string>(out var text) ? text : value.ToJsonString(_relaxedJson).Trim('"'));
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        raw = raw.Length >= 2 ? raw[1..^1] : raw;
        if (raw.Length > MaxStackChars || raw.Contains((byte)'\\'))
        {
            return FindKindInField(contextName, element.GetString());
        }

        // UTF-8 never has fewer bytes than the UTF-16 code units it decodes to.
        Span<char> buffer = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(raw, buffer);
        return FindKindInField(contextName, buffer[..length], original: null);
    }

    /// <summary>Builds the path of <paramref name="node"/> below <paramref name="root"/> (only when something is found).</summary>
    private static string PathOf(JsonNode node, JsonNode root, string rootPath)
    {
        var segments = new List<string>();
        for (var current = node; !ReferenceEquals(current, root) && current.Parent is { } parent; current = parent)
        {
            segments.Add(parent is JsonArray ? $"[{current.GetElementIndex()}]" : current.GetPropertyName());
        }

        var builder = new StringBuilder(rootPath);
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (builder.Length > 0 && segment[0] != '[')
            {
                builder.Append('.');
            }

            builder.Append(segment);
        }

        return builder.ToString();
    }

    /// <summary>The field name a path ends with: <c>a.b[3]</c> → <c>b</c>, <c>verification_refs[2]</c> → <c>verification_refs</c>.</summary>
    private static ReadOnlySpan<char> LeafName(string path)
    {
        var span = path.AsSpan();
        while (span.Length > 0 && span[^1] == ']')
        {
            var open = span.LastIndexOf('[');
            if (open < 0)
            {
                break;
            }

            span = span[..open];
        }

        var dot = span.LastIndexOf('.');
        return dot >= 0 ? span[(dot + 1)..] : span;
    }

    private static string? FindKindSlow(string value, Family families)
    {
        foreach (var detector in _detectors)
        {
            if ((families & detector.Family) != 0 && detector.Matches(value))
            {
                return detector.Kind;
            }
        }

        return (families & Family.Generic) != 0 ? FindAssignedSecret(value) : null;
    }

    private static bool HasSplunkToken(string value) =>
        SplunkAuthorizationRegex().IsMatch(value) || (value.AsSpan().IndexOfAny(':', '=') >= 0 && SplunkContextRegex().IsMatch(value));

    /// <summary>
    /// A vendor-named assignment (<paramref name="regex"/> ends with the assigned value) whose value is a GUID or
    /// looks like a token rather than a word, a placeholder or an id.
    /// </summary>
    private static bool HasAssignedToken(Regex regex, string value)
    {
        foreach (var m in regex.EnumerateMatches(value))
        {
            var match = value.AsSpan(m.Index, m.Length);
            var assigned = match[(match.LastIndexOfAny(':', '=') + 1)..].TrimStart(" \t\"'");
            if (System.Guid.TryParseExact(assigned, "D", out _) || (!IsPlaceholder(assigned) && LooksLikeToken(assigned)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTeamsWebhook(string value)
    {
        if (TeamsWebhookRegex().IsMatch(value))
        {
            return true;
        }

        foreach (var m in WorkflowUrlRegex().EnumerateMatches(value))
        {
            if (HasRealSignature(value.AsSpan(m.Index, m.Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>sig=</c> query parameter with 16+ characters that is not a redaction marker.</summary>
    private static bool HasRealSignature(ReadOnlySpan<char> url)
    {
        foreach (var m in SasSignatureRegex().EnumerateMatches(url))
        {
            if (!IsPlaceholder(url.Slice(m.Index + 4, m.Length - 4)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSasToken(string value)
    {
        if (!value.Contains("sig=", StringComparison.OrdinalIgnoreCase) || !SasVersionRegex().IsMatch(value))
        {
            return false;
        }

        return HasRealSignature(value);
    }

    private static bool HasUrlCredentials(string value)
    {
        if (!value.Contains("://", StringComparison.Ordinal) || !value.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var m in UrlCredentialsRegex().EnumerateMatches(value))
        {
            // scheme://user:password@h — the user part holds no ':' and neither part an '@'.
            var match = value.AsSpan(m.Index, m.Length);
            var authority = match[(match.IndexOf("://", StringComparison.Ordinal) + 3)..];
            var password = authority[(authority.IndexOf(':') + 1)..authority.IndexOf('@')];
            if (!IsPlaceholder(password))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasConnectionStringPassword(string value)
    {
        if (!value.Contains(';', StringComparison.Ordinal) || !ConnectionContextRegex().IsMatch(value))
        {
            return false;
        }

        foreach (var m in ConnectionPasswordRegex().EnumerateMatches(value))
        {
            var match = value.AsSpan(m.Index, m.Length);
            var secret = match[(match.IndexOf('=') + 1)..].Trim(" \t\"'");
            if (!IsPlaceholder(secret))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAwsSecretKey(string value)
    {
        foreach (var m in AwsSecretKeyRegex().EnumerateMatches(value))
        {
            // The match ends with the 40-character key.
            if (CharClasses(value.AsSpan(m.Index + m.Length - 40, 40)) >= 2)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasBearerToken(string value)
    {
        foreach (var m in BearerRegex().EnumerateMatches(value))
        {
            var token = value.AsSpan(m.Index + "Bearer".Length, m.Length - "Bearer".Length).TrimStart(" \t");
            if (!IsPlaceholder(token) && (token.ContainsAnyInRange('0', '9') ||
                (token.ContainsAnyInRange('a', 'z') && token.ContainsAnyInRange('A', 'Z'))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Basic xxx" counts only when xxx is valid base64 of "user:password".</summary>
    private static bool HasBasicAuth(string value)
    {
        Span<byte> decoded = stackalloc byte[768];
        foreach (var m in BasicAuthRegex().EnumerateMatches(value))
        {
            var encoded = value.AsSpan(m.Index + "Basic".Length, m.Length - "Basic".Length).TrimStart(" \t");
            if (encoded.Length % 4 != 0 || encoded.Length > 1024)
            {
                continue;
            }

            if (Convert.TryFromBase64Chars(encoded, decoded, out var written))
            {
                var colon = decoded[..written].IndexOf((byte)':');
                if (colon >= 0 && colon < written - 1)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Free-text <c>name=value</c> / <c>name: value</c> where the name is secret-like.</summary>
    private static string? FindAssignedSecret(string value)
    {
        foreach (var m in AssignmentRegex().EnumerateMatches(value))
        {
            // The match is keyword+tail (name characters only), then quotes, blanks and one ':' or '=', then the value.
            var start = m.Index;
            while (start > 0 && IsNameChar(value[start - 1]))
            {
                start--;
            }

            var match = value.AsSpan(m.Index, m.Length);
            var nameEnd = match.IndexOfAnyExcept(_nameChars);
            var name = value.AsSpan(start, m.Index - start + nameEnd);
            var context = ClassifyName(name);
            if (context == NameContext.None)
            {
                continue;
            }

            var rest = match[nameEnd..];
            var assigned = TrimSentencePunctuation(rest[(rest.IndexOfAny(':', '=') + 1)..].TrimStart(" \t\"'"));
            if (ClassifyAssignedValue(context, assigned) is { } kind)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Drops a full stop and closing brackets that belong to the sentence, not to the value.</summary>
    private static ReadOnlySpan<char> TrimSentencePunctuation(ReadOnlySpan<char> value)
    {
        while (value.Length > 1)
        {
            var last = value[^1];
            var open = last switch { ')' => '(', ']' => '[', '}' => '{', _ => '\0' };
            if (last == '.' || (open != '\0' && !value.Contains(open)))
            {
                value = value[..^1];
                continue;
            }

            break;
        }

        return value;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>A family with a shape of its own: the pre-check flag that selects it, its kind, and its test.</summary>
    private sealed record Detector(Family Family, string Kind, Func<string, bool> Matches);
}
