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
    public const string GenericSecret = "generic_secret";
}
