namespace Cavra.Core.PublicSafe;

/// <summary>
/// The cheap pre-check. Every detectable secret contains at least one trigger string (case-insensitive); each
/// trigger names the families worth trying. One scalar pass over the value looks every 3-character window up in a
/// 32 Kbit table of trigger prefixes and verifies the (rare) candidates, so a clean value costs about a nanosecond
/// or two per character, with no allocation, and a value with triggers only runs the regexes of its families.
/// </summary>
public static partial class SecretScanner
{
    [Flags]
    private enum Family : uint
    {
        None = 0,
        PrivateKey = 1u << 0,
        AwsAccessKeyId = 1u << 1,
        GitHub = 1u << 2,
        GitLab = 1u << 3,
        SlackToken = 1u << 4,
        Stripe = 1u << 5,
        Npm = 1u << 6,
        SendGrid = 1u << 7,
        Google = 1u << 8,
        Jwt = 1u << 9,
        SlackWebhook = 1u << 10,
        TeamsWebhook = 1u << 11,
        AzureStorageKey = 1u << 12,
        AzureSas = 1u << 13,
        UrlCredentials = 1u << 14,
        ConnectionString = 1u << 15,
        Splunk = 1u << 16,
        Datadog = 1u << 17,
        AwsSecret = 1u << 18,
        Bearer = 1u << 19,
        Basic = 1u << 20,
        Generic = 1u << 21,
        Ai = 1u << 22,
        SecretManager = 1u << 23,
        PackageRegistry = 1u << 24,
        Payment = 1u << 25,
        OAuthClient = 1u << 26,
        Hosting = 1u << 27,
        Saas = 1u << 28,
        ChatBot = 1u << 29,
        ChatWebhook = 1u << 30,
    }

    private static readonly TriggerSet _triggers = new(
    [
        ("private key", (uint)Family.PrivateKey), ("age-secret-key-1", (uint)Family.PrivateKey), ("private-lines:", (uint)Family.PrivateKey),
        ("akia", (uint)Family.AwsAccessKeyId), ("asia", (uint)Family.AwsAccessKeyId), ("abia", (uint)Family.AwsAccessKeyId),
        ("acca", (uint)Family.AwsAccessKeyId), ("a3t", (uint)Family.AwsAccessKeyId),
        ("ghp_", (uint)Family.GitHub), ("gho_", (uint)Family.GitHub), ("ghu_", (uint)Family.GitHub), ("ghs_", (uint)Family.GitHub),
        ("ghr_", (uint)Family.GitHub), ("github_pat_", (uint)Family.GitHub),
        ("glpat-", (uint)Family.GitLab), ("gldt-", (uint)Family.GitLab), ("glrt-", (uint)Family.GitLab), ("glptt-", (uint)Family.GitLab),
        ("glsoat-", (uint)Family.GitLab), ("glft-", (uint)Family.GitLab), ("glcbt-", (uint)Family.GitLab), ("gloas-", (uint)Family.GitLab),
        ("glimt-", (uint)Family.GitLab), ("glagent-", (uint)Family.GitLab), ("glffct-", (uint)Family.GitLab), ("gr1348941", (uint)Family.GitLab),
        ("xox", (uint)Family.SlackToken), ("xapp-", (uint)Family.SlackToken),
        ("sk_live_", (uint)Family.Stripe), ("rk_live_", (uint)Family.Stripe), ("sk_test_", (uint)Family.Stripe), ("rk_test_", (uint)Family.Stripe),
        ("sk_prod_", (uint)Family.Stripe), ("rk_prod_", (uint)Family.Stripe), ("whsec_", (uint)Family.Stripe),
        ("npm_", (uint)Family.Npm),
        ("sg.", (uint)Family.SendGrid),
        ("aiza", (uint)Family.Google),
        ("sk-", (uint)Family.Ai), ("hf_", (uint)Family.Ai), ("api_org_", (uint)Family.Ai), ("gsk_", (uint)Family.Ai), ("pplx-", (uint)Family.Ai),
        ("xai-", (uint)Family.Ai), ("r8_", (uint)Family.Ai), ("cohere", (uint)Family.Ai), ("co_api_key", (uint)Family.Ai),
        ("hvs.", (uint)Family.SecretManager), ("hvb.", (uint)Family.SecretManager), ("hvr.", (uint)Family.SecretManager),
        ("dp.pt.", (uint)Family.SecretManager), ("dp.st.", (uint)Family.SecretManager), ("dp.sa.", (uint)Family.SecretManager),
        ("dp.ct.", (uint)Family.SecretManager), ("dp.scim.", (uint)Family.SecretManager), ("dp.audit.", (uint)Family.SecretManager),
        ("ops_eyj", (uint)Family.SecretManager), ("a3-", (uint)Family.SecretManager),
        ("pypi-", (uint)Family.PackageRegistry), ("oy2", (uint)Family.PackageRegistry), ("rubygems_", (uint)Family.PackageRegistry),
        ("dckr_", (uint)Family.PackageRegistry), ("akcp", (uint)Family.PackageRegistry), ("cmvmd", (uint)Family.PackageRegistry),
        ("clojars_", (uint)Family.PackageRegistry),
        ("eaaa", (uint)Family.Payment), ("sq0atp-", (uint)Family.Payment), ("sq0csp-", (uint)Family.Payment),
        ("$production$", (uint)Family.Payment), ("rzp_live_", (uint)Family.Payment), ("flwseck", (uint)Family.Payment),
        ("gocspx-", (uint)Family.OAuthClient),
        ("0q~", (uint)Family.OAuthClient), ("1q~", (uint)Family.OAuthClient), ("2q~", (uint)Family.OAuthClient), ("3q~", (uint)Family.OAuthClient),
        ("4q~", (uint)Family.OAuthClient), ("5q~", (uint)Family.OAuthClient), ("6q~", (uint)Family.OAuthClient), ("7q~", (uint)Family.OAuthClient),
        ("8q~", (uint)Family.OAuthClient), ("9q~", (uint)Family.OAuthClient),
        ("hrku-aa", (uint)Family.Hosting), ("dop_v1_", (uint)Family.Hosting), ("doo_v1_", (uint)Family.Hosting), ("dor_v1_", (uint)Family.Hosting),
        ("fo1_", (uint)Family.Hosting), ("fm1", (uint)Family.Hosting), ("fm2", (uint)Family.Hosting), ("rnd_", (uint)Family.Hosting),
        ("sbp_", (uint)Family.Hosting), ("sb_secret_", (uint)Family.Hosting), ("nfp_", (uint)Family.Hosting), ("pul-", (uint)Family.Hosting),
        ("dapi", (uint)Family.Hosting), ("atlasv1", (uint)Family.Hosting), ("v1.0-", (uint)Family.Hosting), ("heroku", (uint)Family.Hosting),
        ("vercel", (uint)Family.Hosting), ("netlify", (uint)Family.Hosting), ("cloudflare", (uint)Family.Hosting),
        ("shpat_", (uint)Family.Saas), ("shpca_", (uint)Family.Saas), ("shppa_", (uint)Family.Saas), ("shpss_", (uint)Family.Saas),
        ("key-", (uint)Family.Saas), ("-us", (uint)Family.Saas), ("xkeysib-", (uint)Family.Saas), ("lin_api_", (uint)Family.Saas),
        ("lin_oauth_", (uint)Family.Saas), ("atatt3", (uint)Family.Saas), ("ntn_", (uint)Family.Saas), ("pmak-", (uint)Family.Saas),
        ("glc_", (uint)Family.Saas), ("glsa_", (uint)Family.Saas), ("eyjrijoi", (uint)Family.Saas), ("nrak-", (uint)Family.Saas),
        ("nrii-", (uint)Family.Saas), ("nrjs-", (uint)Family.Saas), ("nral", (uint)Family.Saas), ("sntrys_", (uint)Family.Saas),
        ("sntryu_", (uint)Family.Saas), ("dt0c01.", (uint)Family.Saas),
        ("sk0", (uint)Family.Saas), ("sk1", (uint)Family.Saas), ("sk2", (uint)Family.Saas), ("sk3", (uint)Family.Saas), ("sk4", (uint)Family.Saas),
        ("sk5", (uint)Family.Saas), ("sk6", (uint)Family.Saas), ("sk7", (uint)Family.Saas), ("sk8", (uint)Family.Saas), ("sk9", (uint)Family.Saas),
        ("ska", (uint)Family.Saas), ("skb", (uint)Family.Saas), ("skc", (uint)Family.Saas), ("skd", (uint)Family.Saas), ("ske", (uint)Family.Saas),
        ("skf", (uint)Family.Saas),
        (":aa", (uint)Family.ChatBot), ("discord", (uint)(Family.ChatBot | Family.ChatWebhook)),
        ("chat.googleapis.com", (uint)Family.ChatWebhook),
        ("eyj", (uint)Family.Jwt),
        ("hooks.slack.com", (uint)Family.SlackWebhook),
        ("webhook.office.com", (uint)Family.TeamsWebhook), ("outlook.office", (uint)Family.TeamsWebhook),
        ("logic.azure.com", (uint)Family.TeamsWebhook), ("powerplatform.com", (uint)Family.TeamsWebhook),
        ("accountkey", (uint)(Family.AzureStorageKey | Family.Generic)),
        ("sig=", (uint)Family.AzureSas),
        ("://", (uint)Family.UrlCredentials),
        ("pwd", (uint)(Family.ConnectionString | Family.Generic)),
        ("passw", (uint)(Family.ConnectionString | Family.Generic)),
        ("passphrase", (uint)Family.Generic),
        ("secret", (uint)(Family.Generic | Family.AwsSecret)),
        ("token", (uint)Family.Generic),
        ("credential", (uint)Family.Generic),
        ("api_key", (uint)Family.Generic), ("api-key", (uint)Family.Generic), ("apikey", (uint)Family.Generic),
        ("access_key", (uint)Family.Generic), ("access-key", (uint)Family.Generic), ("accesskey", (uint)Family.Generic),
        ("private_key", (uint)Family.Generic), ("private-key", (uint)Family.Generic), ("privatekey", (uint)Family.Generic),
        ("auth_key", (uint)Family.Generic), ("auth-key", (uint)Family.Generic), ("authkey", (uint)Family.Generic),
        ("app_key", (uint)Family.Generic), ("app-key", (uint)Family.Generic), ("appkey", (uint)Family.Generic),
        ("splunk", (uint)Family.Splunk), ("hec_", (uint)Family.Splunk), ("hec-", (uint)Family.Splunk), ("hec ", (uint)Family.Splunk),
        ("hect", (uint)Family.Splunk),
        ("datadog", (uint)Family.Datadog), ("dd_a", (uint)Family.Datadog), ("dd-a", (uint)Family.Datadog), ("dd a", (uint)Family.Datadog),
        ("ddapi", (uint)Family.Datadog), ("ddapp", (uint)Family.Datadog),
        ("aws", (uint)Family.AwsSecret),
        ("bearer", (uint)Family.Bearer),
        ("basic", (uint)Family.Basic),
    ]);

    /// <summary>The families whose triggers occur in <paramref name="value"/> (None for almost every clean value).</summary>
    private static Family CandidateFamilies(ReadOnlySpan<char> value) => (Family)_triggers.Match(value);

    /// <summary>
    /// A set of case-insensitive trigger strings (3+ characters), each with flags. <see cref="Match"/> returns the
    /// union of the flags of every trigger that occurs in a value.
    /// </summary>
    private sealed class TriggerSet
    {
        private const int TableBits = 15;

        private readonly string[] _texts;
        private readonly uint[] _flags;
        private readonly int[] _keys;
        private readonly ulong[] _table = new ulong[(1 << TableBits) / 64];

        public TriggerSet((string Text, uint Flags)[] triggers)
        {
            _texts = new string[triggers.Length];
            _flags = new uint[triggers.Length];
            _keys = new int[triggers.Length];
            for (var t = 0; t < triggers.Length; t++)
            {
                var text = triggers[t].Text;
                _texts[t] = text;
                _flags[t] = triggers[t].Flags;
                _keys[t] = Key(Fold(text[0]), Fold(text[1]), Fold(text[2]));
                _table[_keys[t] >> 6] |= 1UL << _keys[t];
            }
        }

        public uint Match(ReadOnlySpan<char> value)
        {
            var found = 0u;
            if (value.Length < 3)
            {
                return found;
            }

            var table = _table;
            int a = Fold(value[0]), b = Fold(value[1]);
            for (var i = 2; i < value.Length; i++)
            {
                var c = Fold(value[i]);
                var key = Key(a, b, c);
                if ((table[key >> 6] & (1UL << key)) != 0)
                {
                    found |= VerifyAt(value[(i - 2)..], key);
                }

                a = b;
                b = c;
            }

            return found;
        }

        private uint VerifyAt(ReadOnlySpan<char> rest, int key)
        {
            var found = 0u;
            var keys = _keys;
            for (var t = 0; t < keys.Length; t++)
            {
                if (keys[t] == key && rest.StartsWith(_texts[t], StringComparison.OrdinalIgnoreCase))
                {
                    found |= _flags[t];
                }
            }

            return found;
        }

        /// <summary>ASCII lower-casing folded to 7 bits; anything else only has to hash consistently.</summary>
        private static int Fold(char c) => (c is >= 'A' and <= 'Z' ? c | 0x20 : c) & 0x7F;

        private static int Key(int a, int b, int c) => ((a * 1089) + (b * 33) + c) & ((1 << TableBits) - 1);
    }
}
