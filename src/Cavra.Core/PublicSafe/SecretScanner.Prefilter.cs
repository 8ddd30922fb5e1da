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
    }

    private static readonly TriggerSet _triggers = new(
    [
        ("private key", (uint)Family.PrivateKey),
        ("akia", (uint)Family.AwsAccessKeyId), ("asia", (uint)Family.AwsAccessKeyId), ("abia", (uint)Family.AwsAccessKeyId),
        ("acca", (uint)Family.AwsAccessKeyId), ("a3t", (uint)Family.AwsAccessKeyId),
        ("ghp_", (uint)Family.GitHub), ("gho_", (uint)Family.GitHub), ("ghu_", (uint)Family.GitHub), ("ghs_", (uint)Family.GitHub),
        ("ghr_", (uint)Family.GitHub), ("github_pat_", (uint)Family.GitHub),
        ("glpat-", (uint)Family.GitLab), ("gldt-", (uint)Family.GitLab), ("glrt-", (uint)Family.GitLab), ("glptt-", (uint)Family.GitLab),
        ("glsoat-", (uint)Family.GitLab), ("glft-", (uint)Family.GitLab),
        ("xox", (uint)Family.SlackToken), ("xapp-", (uint)Family.SlackToken),
        ("sk_live_", (uint)Family.Stripe), ("rk_live_", (uint)Family.Stripe), ("sk_test_", (uint)Family.Stripe), ("rk_test_", (uint)Family.Stripe),
        ("npm_", (uint)Family.Npm),
        ("sg.", (uint)Family.SendGrid),
        ("aiza", (uint)Family.Google),
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
