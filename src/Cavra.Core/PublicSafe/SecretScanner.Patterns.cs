using System.Text.RegularExpressions;

namespace Cavra.Core.PublicSafe;

/// <summary>
/// Source-generated patterns, one or two per family. Each stays linear in the length of the value: repetitions
/// are bounded or delimited, and nothing lazily scans "anything up to" a later literal.
/// </summary>
public static partial class SecretScanner
{
    private const RegexOptions Cs = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions Ci = Cs | RegexOptions.IgnoreCase;

    private const string Guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])";

    // The assignment between a context name and its value: `name=value`, `name: value`, `"name": "value"`.
    private const string Assign = """["']?[ \t]*[:=][ \t]*["']?""";

    [GeneratedRegex("-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----", Cs)]
    private static partial Regex PrivateKeyRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])", Cs)]
    private static partial Regex AwsAccessKeyIdRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])", Cs)]
    private static partial Regex GitHubTokenRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:gl(?:pat|dt|rt|ptt|soat|ft|cbt|oas|imt|agent|ffct)-|GR1348941)[A-Za-z0-9_-]{20,}", Cs)]
    private static partial Regex GitLabTokenRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:xox[abposre]-[0-9]+-[A-Za-z0-9-]{10,}|xapp-[0-9]+-[A-Za-z0-9-]{20,})", Cs)]
    private static partial Regex SlackTokenRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:[sr]k_(?:live|test|prod)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/]{32,})", Cs)]
    private static partial Regex StripeKeyRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", Cs)]
    private static partial Regex NpmTokenRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}(?![A-Za-z0-9_-])", Cs)]
    private static partial Regex SendGridKeyRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", Cs)]
    private static partial Regex GoogleApiKeyRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", Cs)]
    private static partial Regex JwtRegex();

    [GeneratedRegex(@"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/(?:[A-Za-z0-9_-]+/){1,5}[A-Za-z0-9_-]{16,}", Ci)]
    private static partial Regex SlackWebhookRegex();

    [GeneratedRegex(@"https://[A-Za-z0-9.-]*(?:webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/[A-Za-z0-9@%._-]{20,}", Ci)]
    private static partial Regex TeamsWebhookRegex();

    // A whole Power Automate / Logic Apps workflow URL; its query is checked for a real sig= separately, which
    // keeps the scan linear (a lazy "anything up to sig=" would rescan the rest of the value from every URL).
    [GeneratedRegex(@"https://[A-Za-z0-9.-]+\.(?:logic\.azure\.com|powerplatform\.com)(?::[0-9]{1,5})?/[^\s""'<>]*", Ci)]
    private static partial Regex WorkflowUrlRegex();

    [GeneratedRegex(@"AccountKey[ \t]*=[ \t]*[A-Za-z0-9+/]{86,88}={0,2}", Ci)]
    private static partial Regex AzureStorageKeyRegex();

    [GeneratedRegex("(?<![A-Za-z0-9_])sig=([A-Za-z0-9%+/_-]{16,}={0,2})", Ci)]
    private static partial Regex SasSignatureRegex();

    [GeneratedRegex("(?<![A-Za-z0-9_])sv=[0-9]", Ci)]
    private static partial Regex SasVersionRegex();

    [GeneratedRegex("""(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{0,30}://[^\s:/?#@"'<>]{0,128}:([^\s/?#@"'<>]{1,256})@[A-Za-z0-9\[]""", Ci)]
    private static partial Regex UrlCredentialsRegex();

    [GeneratedRegex("""(?<![A-Za-z0-9_])(?:password|pwd)[ \t]*=[ \t]*("[^"]*"|'[^']*'|[^;"'\s]+)""", Ci)]
    private static partial Regex ConnectionPasswordRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:server|host|hostname|data[ ]?source|database|initial[ ]?catalog|user[ ]?id|uid|user[ ]?name|user|port|address|addr|endpoint|account[ ]?name|dsn|provider)[ \t]*=", Ci)]
    private static partial Regex ConnectionContextRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])Splunk[ \t]+" + Guid, Ci)]
    private static partial Regex SplunkAuthorizationRegex();

    [GeneratedRegex("(?:splunk|(?<![A-Za-z])hec)[A-Za-z0-9_ .-]{0,30}?(?:token|key|auth[A-Za-z]*)" + Assign + "(?:Splunk[ \t]+)?" + Guid, Ci)]
    private static partial Regex SplunkContextRegex();

    [GeneratedRegex("(?:datadog|(?<![A-Za-z0-9])dd)[A-Za-z0-9_ .-]{0,20}?(?:api|app(?:lication)?)[_ .-]?key" + Assign + "(?:[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-z])", Ci)]
    private static partial Regex DatadogKeyRegex();

    [GeneratedRegex("(?:aws[A-Za-z0-9_ .-]{0,20}?secret|secret[_ .-]?access[_ .-]?key)[A-Za-z0-9_ .-]{0,20}?" + Assign + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", Ci)]
    private static partial Regex AwsSecretKeyRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])Bearer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)", Ci)]
    private static partial Regex BearerRegex();

    [GeneratedRegex("(?<![A-Za-z0-9])Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])", Ci)]
    private static partial Regex BasicAuthRegex();

    // A secret-like name followed by an assignment and a value. The name may continue after the keyword and may
    // have a prefix, which the code reads backwards from the match so the regex never scans a name twice.
    [GeneratedRegex(
        "(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|app[_-]?key|credential)" +
        "[A-Za-z0-9_.-]{0,40}" + Assign + """[^\s"',;&]+""",
        Ci)]
    private static partial Regex AssignmentRegex();
}
