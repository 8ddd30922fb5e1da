namespace Cavra.Core.PublicSafe;

/// <summary>The stable family names reported in <see cref="SecretFinding.Kind"/>.</summary>
public static class SecretKinds
{
    public const string PrivateKey = "private_key";
    public const string AwsAccessKeyId = "aws_access_key_id";
    public const string AwsSecretAccessKey = "aws_secret_access_key";
    public const string GitHubToken = "github_token";
    public const string GitLabToken = "gitlab_token";
    public const string SlackToken = "slack_token";
    public const string SlackWebhookUrl = "slack_webhook_url";
    public const string TeamsWebhookUrl = "teams_webhook_url";
    public const string SplunkHecToken = "splunk_hec_token";
    public const string DatadogApiKey = "datadog_api_key";
    public const string AzureStorageKey = "azure_storage_key";
    public const string AzureSasToken = "azure_sas_token";
    public const string GoogleApiKey = "google_api_key";
    public const string Jwt = "jwt";
    public const string BearerToken = "bearer_token";
    public const string BasicAuth = "basic_auth";
    public const string UrlCredentials = "url_credentials";
    public const string ConnectionStringPassword = "connection_string_password";
    public const string StripeKey = "stripe_key";
    public const string NpmToken = "npm_token";
    public const string SendGridKey = "sendgrid_key";

    /// <summary>OpenAI, Anthropic, Hugging Face, Cohere, Groq, Perplexity, xAI and Replicate API keys.</summary>
    public const string AiApiKey = "ai_api_key";

    /// <summary>HashiCorp Vault, Doppler and 1Password tokens and keys.</summary>
    public const string SecretManagerToken = "secret_manager_token";

    /// <summary>PyPI, NuGet, RubyGems, Docker Hub, JFrog Artifactory and Clojars tokens (npm has its own kind).</summary>
    public const string PackageRegistryToken = "package_registry_token";

    /// <summary>Discord and Google Chat webhook URLs (Slack and Teams have their own kinds).</summary>
    public const string ChatWebhookUrl = "chat_webhook_url";

    /// <summary>Telegram and Discord bot tokens.</summary>
    public const string ChatBotToken = "chat_bot_token";

    /// <summary>Square, Braintree, Razorpay and Flutterwave keys (Stripe has its own kind).</summary>
    public const string PaymentKey = "payment_key";

    /// <summary>Google (GOCSPX-) and Azure AD / Entra ID client secrets.</summary>
    public const string OAuthClientSecret = "oauth_client_secret";

    /// <summary>Heroku, Vercel, Netlify, DigitalOcean, Fly.io, Cloudflare, Render, Supabase, Terraform Cloud, Pulumi and Databricks tokens.</summary>
    public const string HostingPlatformToken = "hosting_platform_token";

    /// <summary>Shopify, Twilio, Mailgun, Mailchimp, Brevo, Linear, Atlassian, Notion, Postman, Grafana, New Relic, Sentry and Dynatrace tokens.</summary>
    public const string SaasApiToken = "saas_api_token";
    public const string GenericSecret = "generic_secret";
}
