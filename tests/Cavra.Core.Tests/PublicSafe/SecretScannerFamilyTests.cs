using Cavra.Core.PublicSafe;

namespace Cavra.Core.Tests.PublicSafe;

/// <summary>One theory per family: every sample is found and reported with the family's kind.</summary>
public class SecretScannerFamilyTests
{
    public static TheoryData<string, string> PrivateKey => Data(SecretKinds.PrivateKey);
    public static TheoryData<string, string> AwsAccessKeyId => Data(SecretKinds.AwsAccessKeyId);
    public static TheoryData<string, string> AwsSecretAccessKey => Data(SecretKinds.AwsSecretAccessKey);
    public static TheoryData<string, string> GitHubToken => Data(SecretKinds.GitHubToken);
    public static TheoryData<string, string> GitLabToken => Data(SecretKinds.GitLabToken);
    public static TheoryData<string, string> SlackToken => Data(SecretKinds.SlackToken);
    public static TheoryData<string, string> SlackWebhookUrl => Data(SecretKinds.SlackWebhookUrl);
    public static TheoryData<string, string> TeamsWebhookUrl => Data(SecretKinds.TeamsWebhookUrl);
    public static TheoryData<string, string> SplunkHecToken => Data(SecretKinds.SplunkHecToken);
    public static TheoryData<string, string> DatadogApiKey => Data(SecretKinds.DatadogApiKey);
    public static TheoryData<string, string> AzureStorageKey => Data(SecretKinds.AzureStorageKey);
    public static TheoryData<string, string> AzureSasToken => Data(SecretKinds.AzureSasToken);
    public static TheoryData<string, string> GoogleApiKey => Data(SecretKinds.GoogleApiKey);
    public static TheoryData<string, string> Jwt => Data(SecretKinds.Jwt);
    public static TheoryData<string, string> BearerToken => Data(SecretKinds.BearerToken);
    public static TheoryData<string, string> BasicAuth => Data(SecretKinds.BasicAuth);
    public static TheoryData<string, string> UrlCredentials => Data(SecretKinds.UrlCredentials);
    public static TheoryData<string, string> ConnectionStringPassword => Data(SecretKinds.ConnectionStringPassword);
    public static TheoryData<string, string> StripeKey => Data(SecretKinds.StripeKey);
    public static TheoryData<string, string> NpmToken => Data(SecretKinds.NpmToken);
    public static TheoryData<string, string> SendGridKey => Data(SecretKinds.SendGridKey);
    public static TheoryData<string, string> GenericSecret => Data(SecretKinds.GenericSecret);
    public static TheoryData<string, string> AiApiKey => Data(SecretKinds.AiApiKey);
    public static TheoryData<string, string> SecretManagerToken => Data(SecretKinds.SecretManagerToken);
    public static TheoryData<string, string> PackageRegistryToken => Data(SecretKinds.PackageRegistryToken);
    public static TheoryData<string, string> ChatWebhookUrl => Data(SecretKinds.ChatWebhookUrl);
    public static TheoryData<string, string> ChatBotToken => Data(SecretKinds.ChatBotToken);
    public static TheoryData<string, string> PaymentKey => Data(SecretKinds.PaymentKey);
    public static TheoryData<string, string> OAuthClientSecret => Data(SecretKinds.OAuthClientSecret);
    public static TheoryData<string, string> HostingPlatformToken => Data(SecretKinds.HostingPlatformToken);
    public static TheoryData<string, string> SaasApiToken => Data(SecretKinds.SaasApiToken);

    [Theory, MemberData(nameof(PrivateKey))]
    public void Private_key(string path, string value) => AssertFound(SecretKinds.PrivateKey, path, value);

    [Theory, MemberData(nameof(AwsAccessKeyId))]
    public void Aws_access_key_id(string path, string value) => AssertFound(SecretKinds.AwsAccessKeyId, path, value);

    [Theory, MemberData(nameof(AwsSecretAccessKey))]
    public void Aws_secret_access_key(string path, string value) => AssertFound(SecretKinds.AwsSecretAccessKey, path, value);

    [Theory, MemberData(nameof(GitHubToken))]
    public void Github_token(string path, string value) => AssertFound(SecretKinds.GitHubToken, path, value);

    [Theory, MemberData(nameof(GitLabToken))]
    public void Gitlab_token(string path, string value) => AssertFound(SecretKinds.GitLabToken, path, value);

    [Theory, MemberData(nameof(SlackToken))]
    public void Slack_token(string path, string value) => AssertFound(SecretKinds.SlackToken, path, value);

    [Theory, MemberData(nameof(SlackWebhookUrl))]
    public void Slack_webhook_url(string path, string value) => AssertFound(SecretKinds.SlackWebhookUrl, path, value);

    [Theory, MemberData(nameof(TeamsWebhookUrl))]
    public void Teams_webhook_url(string path, string value) => AssertFound(SecretKinds.TeamsWebhookUrl, path, value);

    [Theory, MemberData(nameof(SplunkHecToken))]
    public void Splunk_hec_token(string path, string value) => AssertFound(SecretKinds.SplunkHecToken, path, value);

    [Theory, MemberData(nameof(DatadogApiKey))]
    public void Datadog_api_key(string path, string value) => AssertFound(SecretKinds.DatadogApiKey, path, value);

    [Theory, MemberData(nameof(AzureStorageKey))]
    public void Azure_storage_key(string path, string value) => AssertFound(SecretKinds.AzureStorageKey, path, value);

    [Theory, MemberData(nameof(AzureSasToken))]
    public void Azure_sas_token(string path, string value) => AssertFound(SecretKinds.AzureSasToken, path, value);

    [Theory, MemberData(nameof(GoogleApiKey))]
    public void Google_api_key(string path, string value) => AssertFound(SecretKinds.GoogleApiKey, path, value);

    [Theory, MemberData(nameof(Jwt))]
    public void Json_web_token(string path, string value) => AssertFound(SecretKinds.Jwt, path, value);

    [Theory, MemberData(nameof(BearerToken))]
    public void Bearer_token(string path, string value) => AssertFound(SecretKinds.BearerToken, path, value);

    [Theory, MemberData(nameof(BasicAuth))]
    public void Basic_auth(string path, string value) => AssertFound(SecretKinds.BasicAuth, path, value);

    [Theory, MemberData(nameof(UrlCredentials))]
    public void Url_credentials(string path, string value) => AssertFound(SecretKinds.UrlCredentials, path, value);

    [Theory, MemberData(nameof(ConnectionStringPassword))]
    public void Connection_string_password(string path, string value) => AssertFound(SecretKinds.ConnectionStringPassword, path, value);

    [Theory, MemberData(nameof(StripeKey))]
    public void Stripe_key(string path, string value) => AssertFound(SecretKinds.StripeKey, path, value);

    [Theory, MemberData(nameof(NpmToken))]
    public void Npm_token(string path, string value) => AssertFound(SecretKinds.NpmToken, path, value);

    [Theory, MemberData(nameof(SendGridKey))]
    public void Sendgrid_key(string path, string value) => AssertFound(SecretKinds.SendGridKey, path, value);

    [Theory, MemberData(nameof(AiApiKey))]
    public void Ai_api_key(string path, string value) => AssertFound(SecretKinds.AiApiKey, path, value);

    [Theory, MemberData(nameof(SecretManagerToken))]
    public void Secret_manager_token(string path, string value) => AssertFound(SecretKinds.SecretManagerToken, path, value);

    [Theory, MemberData(nameof(PackageRegistryToken))]
    public void Package_registry_token(string path, string value) => AssertFound(SecretKinds.PackageRegistryToken, path, value);

    [Theory, MemberData(nameof(ChatWebhookUrl))]
    public void Chat_webhook_url(string path, string value) => AssertFound(SecretKinds.ChatWebhookUrl, path, value);

    [Theory, MemberData(nameof(ChatBotToken))]
    public void Chat_bot_token(string path, string value) => AssertFound(SecretKinds.ChatBotToken, path, value);

    [Theory, MemberData(nameof(PaymentKey))]
    public void Payment_key(string path, string value) => AssertFound(SecretKinds.PaymentKey, path, value);

    [Theory, MemberData(nameof(OAuthClientSecret))]
    public void Oauth_client_secret(string path, string value) => AssertFound(SecretKinds.OAuthClientSecret, path, value);

    [Theory, MemberData(nameof(HostingPlatformToken))]
    public void Hosting_platform_token(string path, string value) => AssertFound(SecretKinds.HostingPlatformToken, path, value);

    [Theory, MemberData(nameof(SaasApiToken))]
    public void Saas_api_token(string path, string value) => AssertFound(SecretKinds.SaasApiToken, path, value);

    [Theory, MemberData(nameof(GenericSecret))]
    public void Generic_secret(string path, string value) => AssertFound(SecretKinds.GenericSecret, path, value);

    [Fact]
    public void Every_kind_has_samples_and_a_test_and_kinds_are_distinct_snake_case()
    {
        Assert.True(SecretScanner.Kinds.Count >= 15);
        Assert.Equal(SecretScanner.Kinds.Count, SecretScanner.Kinds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(SecretScanner.Kinds, kind => Assert.Matches("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", kind));
        Assert.Equal(SecretScanner.Kinds.Order(StringComparer.Ordinal), SecretSamples.ByKind.Keys.Order(StringComparer.Ordinal));

        var theories = typeof(SecretScannerFamilyTests).GetMethods()
            .Count(m => m.GetCustomAttributes(typeof(TheoryAttribute), inherit: false).Length > 0);
        Assert.Equal(SecretScanner.Kinds.Count, theories);
    }

    [Fact]
    public void A_free_text_sample_is_found_by_FindKind_too()
    {
        foreach (var (kind, samples) in SecretSamples.ByKind)
        {
            foreach (var sample in samples.Where(s => s.Path == "notes"))
            {
                Assert.True(kind == SecretScanner.FindKind(sample.Value), $"{kind}: FindKind gave {SecretScanner.FindKind(sample.Value) ?? "null"}");
            }
        }
    }

    private static void AssertFound(string kind, string path, string value)
    {
        Assert.Contains(kind, SecretScanner.Kinds);
        var finding = SecretScanner.FindInField(path, value);
        Assert.NotNull(finding);
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(path, finding.Path);
    }

    private static TheoryData<string, string> Data(string kind)
    {
        var data = new TheoryData<string, string>();
        foreach (var sample in SecretSamples.ByKind[kind])
        {
            data.Add(sample.Path, sample.Value);
        }

        return data;
    }
}
