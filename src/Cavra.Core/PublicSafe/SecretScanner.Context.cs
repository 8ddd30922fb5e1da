using System.Buffers;
using System.Globalization;

namespace Cavra.Core.PublicSafe;

/// <summary>Key-name context and the "does this assigned value look like a real secret" heuristics.</summary>
public static partial class SecretScanner
{
    private const int MaxNameLength = 96;
    private const int MinPasswordLength = 6;
    private const int MinTokenLength = 12;
    private const double MinTokenEntropy = 3.0;

    /// <summary>A name containing none of these is not secret-like (one pass, see <see cref="TriggerSet"/>).</summary>
    private static readonly TriggerSet _nameGate = new(
        [("pass", 1u), ("pwd", 1u), ("secret", 1u), ("token", 1u), ("key", 1u), ("credential", 1u), ("authoriz", 1u)]);

    /// <summary>
    /// Names ending like this describe a secret rather than hold one (<c>token_env</c>, <c>password_hint</c>,
    /// <c>secret_ref</c>, <c>api_key_id</c>, <c>client_secret_expires_at</c>…). Compared on the lower-case,
    /// separator-free form of the name.
    /// </summary>
    private static readonly string[] _descriptiveSuffixes =
    [
        "env", "envvar", "variable", "ref", "refs", "reference", "hash", "hashes", "digest", "fingerprint", "id", "ids",
        "name", "names", "kind", "kinds", "type", "types", "count", "policy", "url", "uri", "endpoint", "path", "file",
        "at", "date", "time", "ttl", "expiry", "expires", "expiration", "required", "configured", "present", "enabled",
        "set", "status", "mode", "source", "length", "version", "hint", "label", "description", "provider", "header",
        "location", "scope", "scopes", "format", "rotated", "rotation", "prefix", "suffix", "field", "fields",
    ];

    [Flags]
    private enum NameContext
    {
        None = 0,
        Password = 1,
        Token = 2,
        Splunk = 4,
        Datadog = 8,
        AwsSecret = 16,
        AzureKey = 32,
    }

    private static NameContext ClassifyName(ReadOnlySpan<char> name)
    {
        if (_nameGate.Match(name) == 0)
        {
            return NameContext.None;
        }

        Span<char> buffer = stackalloc char[MaxNameLength];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) && length < MaxNameLength)
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        ReadOnlySpan<char> n = buffer[..length];
        foreach (var suffix in _descriptiveSuffixes)
        {
            if (n.EndsWith(suffix, StringComparison.Ordinal) && n.Length > suffix.Length)
            {
                return NameContext.None;
            }
        }

        var context = NameContext.None;
        if (Has(n, "password") || Has(n, "passwd") || Has(n, "passphrase") || n.EndsWith("pwd", StringComparison.Ordinal))
        {
            context |= NameContext.Password;
        }

        if (Has(n, "secret") || (Has(n, "token") && !Has(n, "tokeniz")) || Has(n, "apikey") || Has(n, "accesskey") || Has(n, "privatekey") ||
            Has(n, "authkey") || Has(n, "appkey") || Has(n, "applicationkey") || Has(n, "signingkey") ||
            Has(n, "encryptionkey") || Has(n, "masterkey") || Has(n, "hmackey") || Has(n, "sharedkey") ||
            Has(n, "accountkey") || Has(n, "storagekey") || Has(n, "credential") || Has(n, "authorization"))
        {
            context |= NameContext.Token;
        }

        if (context == NameContext.None)
        {
            return context;
        }

        if (Has(n, "splunk") || n.StartsWith("hec", StringComparison.Ordinal) || HasSegmentStartingWith(name, "hec"))
        {
            context |= NameContext.Splunk;
        }

        if ((Has(n, "datadog") || n.StartsWith("dd", StringComparison.Ordinal)) &&
            (Has(n, "apikey") || Has(n, "appkey") || Has(n, "applicationkey")))
        {
            context |= NameContext.Datadog;
        }

        if (Has(n, "secretaccesskey") || (Has(n, "aws") && Has(n, "secret")))
        {
            context |= NameContext.AwsSecret;
        }

        if (Has(n, "accountkey") || Has(n, "storagekey") || Has(n, "sharedkey"))
        {
            context |= NameContext.AzureKey;
        }

        return context;

        static bool Has(ReadOnlySpan<char> haystack, string needle) => haystack.Contains(needle, StringComparison.Ordinal);
    }

    /// <summary>True when a segment of a snake/kebab/dotted/camel name starts with <paramref name="prefix"/>.</summary>
    private static bool HasSegmentStartingWith(ReadOnlySpan<char> name, string prefix)
    {
        for (var i = 1; i < name.Length; i++)
        {
            var boundary = !char.IsAsciiLetterOrDigit(name[i - 1]) || (char.IsAsciiLetterUpper(name[i]) && char.IsAsciiLetterLower(name[i - 1]));
            if (boundary && name[i..].StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The kind of secret a value is, given the secret-like name it is stored under or assigned to.</summary>
    private static string? ClassifyAssignedValue(NameContext context, ReadOnlySpan<char> value)
    {
        value = value.Trim().Trim("\"'");
        if (IsPlaceholder(value))
        {
            return null;
        }

        if ((context & NameContext.Splunk) != 0)
        {
            var guid = value.StartsWith("Splunk ", StringComparison.OrdinalIgnoreCase) ? value[7..].TrimStart() : value;
            if (guid.Length == 36 && System.Guid.TryParseExact(guid, "D", out _))
            {
                return SecretKinds.SplunkHecToken;
            }
        }

        if ((context & NameContext.Datadog) != 0 && value.Length is 32 or 40 && IsLowerHex(value))
        {
            return SecretKinds.DatadogApiKey;
        }

        if ((context & NameContext.AwsSecret) != 0 && value.Length == 40 &&
            !value.ContainsAnyExcept(_base64Chars) && CharClasses(value) >= 2)
        {
            return SecretKinds.AwsSecretAccessKey;
        }

        if ((context & NameContext.AzureKey) != 0 && value.Length is >= 86 and <= 90 &&
            !value.TrimEnd('=').ContainsAnyExcept(_base64Chars))
        {
            return SecretKinds.AzureStorageKey;
        }

        if ((context & NameContext.Password) != 0 && value.Length >= MinPasswordLength)
        {
            return SecretKinds.GenericSecret;
        }

        if ((context & NameContext.Token) != 0 && (LooksLikeToken(value) || LooksLikeSchemeAndToken(value)))
        {
            return SecretKinds.GenericSecret;
        }

        return null;
    }

    private static readonly SearchValues<char> _base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private static readonly SearchValues<char> _lowerHexChars = SearchValues.Create("0123456789abcdef");

    private static bool IsLowerHex(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(_lowerHexChars);

    /// <summary>A single high-entropy word of mixed character classes that is not a URL, timestamp or Cavra id.</summary>
    private static bool LooksLikeToken(ReadOnlySpan<char> value)
    {
        if (value.Length < MinTokenLength || value.Length > 4096)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        if (CharClasses(value) < 2 || value.Contains("://", StringComparison.Ordinal) || IsCavraId(value))
        {
            return false;
        }

        if (char.IsAsciiDigit(value[0]) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return false;
        }

        return ShannonEntropy(value) >= MinTokenEntropy;
    }

    /// <summary>An authorization-style value: one short word (the scheme, e.g. "Token") and a token.</summary>
    private static bool LooksLikeSchemeAndToken(ReadOnlySpan<char> value)
    {
        var space = value.IndexOf(' ');
        if (space is <= 0 or > 16)
        {
            return false;
        }

        foreach (var c in value[..space])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        var token = value[(space + 1)..].TrimStart();
        return !IsPlaceholder(token) && LooksLikeToken(token);
    }

    /// <summary>How many of lower case, upper case and digits the value uses.</summary>
    private static int CharClasses(ReadOnlySpan<char> value) =>
        (value.ContainsAnyInRange('a', 'z') ? 1 : 0) +
        (value.ContainsAnyInRange('A', 'Z') ? 1 : 0) +
        (value.ContainsAnyInRange('0', '9') ? 1 : 0);

    private static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var c in value)
        {
            counts[c & 0xFF]++;
        }

        double entropy = 0;
        double total = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Cavra's own ids: lower-case words joined by '-', ending in 12 to 64 hex (<c>gordackretryexec-3f9a…</c>).</summary>
    private static bool IsCavraId(ReadOnlySpan<char> value)
    {
        var dash = value.LastIndexOf('-');
        if (dash <= 0 || value.Length - dash - 1 is < 12 or > 64 || !IsLowerHex(value[(dash + 1)..]))
        {
            return false;
        }

        foreach (var c in value[..dash])
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return char.IsAsciiLetterLower(value[0]);
    }

    /// <summary>
    /// Redaction markers and references to where a secret lives, not secrets: REDACTED, ***, &lt;token&gt;,
    /// ${VAR}, {{var}}, $VAR, %VAR%, env:VAR, an upper-case environment variable name, true/false/null, empty.
    /// </summary>
    private static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            return true;
        }

        if (value.Contains("redacted", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("true", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("false", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("null", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("none", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("undefined", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("n/a", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("masked", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("hidden", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if ((value[0] == '<' && value[^1] == '>') ||
            (value.StartsWith("${", StringComparison.Ordinal) && value[^1] == '}') ||
            (value.StartsWith("{{", StringComparison.Ordinal) && value.EndsWith("}}", StringComparison.Ordinal)) ||
            (value.Length > 2 && value[0] == '%' && value[^1] == '%'))
        {
            return true;
        }

        if (!value.ContainsAnyExcept(_maskChars))
        {
            return true;
        }

        if (value[0] == '$')
        {
            value = value[1..];
        }
        else if (value.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..];
        }

        return IsEnvironmentVariableName(value);
    }

    private static readonly SearchValues<char> _maskChars = SearchValues.Create("*xX•#.-_");

    private static readonly SearchValues<char> _envNameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>CAVRA_SLACK_TOKEN, DB_PASSWORD, TOKEN — but not HUNTER2HUNTER2 (digits and no underscore).</summary>
    private static bool IsEnvironmentVariableName(ReadOnlySpan<char> value) =>
        value.Length > 0 &&
        (char.IsAsciiLetterUpper(value[0]) || value[0] == '_') &&
        !value.ContainsAnyExcept(_envNameChars) &&
        (value.Contains('_') || !value.ContainsAnyInRange('0', '9'));
}
