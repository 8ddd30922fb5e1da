using System.Text.RegularExpressions;

namespace Cavra.Core.PublicSafe;

/// <summary>
/// Token formats of the services a release team uses (the coverage of gitleaks' default rules for them), written
/// in the same linear style as <c>SecretScanner.Patterns.cs</c>: every alternative starts behind a look-behind that
/// excludes the token's own characters, so a run of token characters is tried from its start only, and every
/// repetition is bounded or ends the match.
/// </summary>
public static partial class SecretScanner
{
    // Name characters between a vendor's name and the assignment (HEROKU_API_KEY, cloudflare.api-token…).
    private const string VendorName = "[A-Za-z0-9_.-]{0,20}?(?:key|token|secret)[A-Za-z0-9_.-]{0,12}";

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])(?:" +
        "sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{80,}" +     // Anthropic
        "|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}" +              // OpenAI project, service-account and admin keys
        "|sk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])" +                       // OpenAI legacy keys (…T3BlbkFJ… in the middle)
        "|(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9])" +               // Hugging Face user and organisation tokens
        "|gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])" +                        // Groq
        "|pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])" +                       // Perplexity
        "|xai-[A-Za-z0-9]{70,90}(?![A-Za-z0-9])" +                     // xAI
        "|r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])" +                         // Replicate
        ")",
        Cs)]
    private static partial Regex AiApiKeyRegex();

    [GeneratedRegex("(?:cohere|co_api_key)[A-Za-z0-9_.-]{0,20}" + Assign + "([A-Za-z0-9]{40})(?![A-Za-z0-9])", Ci)]
    private static partial Regex CohereKeyRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_.-])(?:" +
        "hv[sbr]\\.[A-Za-z0-9_-]{90,}" +                                                  // Vault service, batch and recovery tokens
        "|dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9])" + // Doppler
        "|ops_eyJ[A-Za-z0-9+/]{250,}" +                                                   // 1Password service account token
        "|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9])" + // 1Password secret key
        ")",
        Cs)]
    private static partial Regex SecretManagerTokenRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])(?:" +
        "pypi-AgE[A-Za-z0-9_-]{60,}" +                                 // PyPI and TestPyPI macaroons
        "|oy2[a-z0-9]{43}(?![A-Za-z0-9])" +                            // NuGet API key
        "|rubygems_[a-f0-9]{48}(?![A-Za-z0-9])" +
        "|dckr_(?:pat|oat)_[A-Za-z0-9_-]{24,}" +                       // Docker Hub personal and organisation tokens
        "|AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9])" +                        // JFrog Artifactory API key
        "|cmVmd[A-Za-z0-9]{59}(?![A-Za-z0-9])" +                       // JFrog Artifactory reference token
        "|CLOJARS_[a-z0-9]{60}(?![A-Za-z0-9])" +
        ")",
        Cs)]
    private static partial Regex PackageRegistryTokenRegex();

    [GeneratedRegex(
        @"(?:https?://)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}" +
        @"|chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_-]{6,40}/messages\?[^\s""'<>]{0,400}?(?<![A-Za-z0-9_])token=[A-Za-z0-9_%-]{20,}",
        Ci)]
    private static partial Regex ChatWebhookRegex();

    [GeneratedRegex(
        "(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])" +                                    // Telegram bot
        "|(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])", // Discord bot
        Cs)]
    private static partial Regex ChatBotTokenRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])(?:" +
        "EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}" +   // Square access token and application secret
        "|access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}" +                 // Braintree / PayPal
        "|rzp_live_[A-Za-z0-9]{14}" +                                                // Razorpay
        "|FLWSECK(?:_TEST)?-[A-Za-z0-9]{32}-X" +                                     // Flutterwave
        ")(?![A-Za-z0-9_-])",
        Cs)]
    private static partial Regex PaymentKeyRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])" +                            // Google OAuth client secret
        "|(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])", // Azure AD / Entra ID
        Cs)]
    private static partial Regex OAuthClientSecretRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])(?:" +
        "HRKU-AA[A-Za-z0-9_-]{58}" +                                   // Heroku
        "|do[opr]_v1_[a-f0-9]{64}" +                                   // DigitalOcean personal, OAuth and refresh tokens
        "|fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}" + // Fly.io
        "|rnd_[A-Za-z0-9]{32}" +                                       // Render
        "|sbp_(?:oauth_)?[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,}" +  // Supabase
        "|nfp_[A-Za-z0-9]{36}" +                                       // Netlify
        "|pul-[a-f0-9]{40}" +                                          // Pulumi
        "|dapi[a-f0-9]{32}(?:-[0-9])?" +                               // Databricks
        "|[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}" +          // Terraform Cloud / HCP Terraform
        "|v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}" +                          // Cloudflare Origin CA key
        ")(?![A-Za-z0-9_-])",
        Cs)]
    private static partial Regex HostingPlatformTokenRegex();

    // Unprefixed Heroku, Vercel, Netlify and Cloudflare tokens are recognised by the name they are assigned to.
    [GeneratedRegex("(?:heroku|vercel|netlify|cloudflare)" + VendorName + Assign + "(" + Guid + "|[A-Za-z0-9_-]{24,64}(?![A-Za-z0-9_-]))", Ci)]
    private static partial Regex HostingPlatformContextRegex();

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])(?:" +
        "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" +                          // Shopify
        "|SK[0-9a-fA-F]{32}" +                                         // Twilio API key
        "|key-[0-9a-f]{32}" +                                          // Mailgun
        "|[a-f0-9]{32}-us[0-9]{1,2}" +                                 // Mailchimp
        "|xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}" +                      // Brevo (Sendinblue)
        "|lin_(?:api|oauth)_[A-Za-z0-9]{40}" +                         // Linear
        "|ATATT3[A-Za-z0-9_=-]{150,}" +                                // Atlassian API token
        "|ntn_[0-9]{11}[A-Za-z0-9]{35}" +                              // Notion
        "|PMAK-[a-f0-9]{24}-[a-f0-9]{34}" +                            // Postman
        "|glc_[A-Za-z0-9+/]{32,}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9]{70,}={0,3}" + // Grafana
        "|NRAK-[A-Za-z0-9]{27}|NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL" + // New Relic
        "|sntrys_eyJ[A-Za-z0-9+/=]{40,}_[A-Za-z0-9+/]{43}|sntryu_[a-f0-9]{64}" + // Sentry organisation and user tokens
        "|dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}" +                 // Dynatrace
        ")(?![A-Za-z0-9_-])",
        Cs)]
    private static partial Regex SaasApiTokenRegex();

    // age secret keys (bech32) and the private half of a PuTTY key file.
    [GeneratedRegex("AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}|(?<![A-Za-z])Private-Lines:[ \t]*[0-9]{1,3}\r?\n[A-Za-z0-9+/=]{16,}", Ci)]
    private static partial Regex OtherPrivateKeyRegex();
}
