using System.Text.Json.Nodes;
using Cavra.Core.PublicSafe;
using static Cavra.Core.Tests.PublicSafe.Fake;

namespace Cavra.Core.Tests.PublicSafe;

public class SecretScannerContextTests
{
    [Fact]
    public void A_password_field_with_any_real_value_is_a_secret()
    {
        var finding = SecretScanner.FindInField("password", "hunter2hunter2");
        Assert.Equal(new SecretFinding(SecretKinds.GenericSecret, "password"), finding);
        Assert.NotNull(SecretScanner.FindInField("smtp.password", "hunter2"));
        Assert.NotNull(SecretScanner.FindInField("db_passwd", "s3cret!"));
    }

    [Fact]
    public void The_word_password_in_notes_is_not_a_secret()
    {
        Assert.Null(SecretScanner.FindInField("notes", "rotate the password next week"));
        Assert.Null(SecretScanner.FindInField("notes", "password rotation is overdue; owner: platform"));
    }

    [Theory]
    [InlineData("password", "REDACTED")]
    [InlineData("password", "***")]
    [InlineData("password", "<password>")]
    [InlineData("password", "${DB_PASSWORD}")]
    [InlineData("password", "$DB_PASSWORD")]
    [InlineData("password", "CAVRA_DB_PASSWORD")]
    [InlineData("password", "")]
    [InlineData("api_key", "false")]
    [InlineData("token", "CAVRA_SLACK_TOKEN")]
    [InlineData("token_env", "CAVRA_SLACK_TOKEN")]
    [InlineData("password_env", "CAVRA_DB_PASSWORD")]
    [InlineData("client_secret", "{{ client_secret }}")]
    [InlineData("token", "env:CAVRA_API_TOKEN")]
    [InlineData("api_key", "short")]
    [InlineData("secret", "not a secret at all, a sentence")]
    [InlineData("token", "aaaaaaaaaaaaaaaaaaaa")]
    public void Placeholders_and_weak_values_under_secret_names_are_not_secrets(string path, string value) =>
        Assert.Null(SecretScanner.FindInField(path, value));

    [Fact]
    public void A_bare_guid_is_not_a_secret_but_a_hec_token_guid_is()
    {
        var guid = Guid(1);
        Assert.Null(SecretScanner.FindInField("correlation_id", guid));
        Assert.Null(SecretScanner.FindKind("run " + guid + " finished"));
        Assert.Equal(SecretKinds.SplunkHecToken, SecretScanner.FindInField("splunk.hec_token", guid)?.Kind);
        Assert.Equal(SecretKinds.SplunkHecToken, SecretScanner.FindInField("connector.hecToken", guid)?.Kind);
    }

    [Fact]
    public void Hashes_are_not_secrets_in_hash_fields()
    {
        foreach (var field in new[] { "content_hash", "execution_hash", "closure_hash", "record_hash", "previous_hash", "signature", "token_hash" })
        {
            Assert.Null(SecretScanner.FindInField(field, Of(Hex, 64, field.Length)));
        }
    }

    [Fact]
    public void Redacted_webhook_urls_are_not_secrets_but_real_ones_are()
    {
        Assert.Null(SecretScanner.FindKind("https://hooks.slack.com/services/REDACTED"));
        Assert.Null(SecretScanner.FindKind("https://hooks.slack.com/services/T0000000/B0000000/REDACTED"));
        Assert.Equal(
            SecretKinds.SlackWebhookUrl,
            SecretScanner.FindKind($"https://hooks.slack.com/services/T{Of(UpperDigits, 8, 3)}/B{Of(UpperDigits, 10, 4)}/{Of(Alnum, 24, 5)}"));
    }

    [Fact]
    public void Exception_message_names_path_and_kind_only()
    {
        var secret = "ghp_" + Of(Alnum, 36, 7);
        var ex = Assert.Throws<SecretDetectedException>(() => SecretScanner.EnsureNone("external_ref", "see " + secret));

        Assert.Equal("external_ref contains a secret (github_token); secrets must not be sent to or stored by Cavra", ex.Message);
        Assert.Equal(new SecretFinding(SecretKinds.GitHubToken, "external_ref"), ex.Finding);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.Finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureNone_passes_clean_values()
    {
        SecretScanner.EnsureNone("notes", "connector secrets are never stored in evidence");
        SecretScanner.EnsureNone("notes", null);
    }

    [Fact]
    public void FindKind_prefers_the_specific_family_over_generic()
    {
        Assert.Equal(SecretKinds.GitHubToken, SecretScanner.FindKind("token=ghp_" + Of(Alnum, 36, 8)));
        Assert.Equal(SecretKinds.Jwt, SecretScanner.FindKind("Authorization: Bearer " + Jwt(9)));
        Assert.Equal(SecretKinds.DatadogApiKey, SecretScanner.FindKind("DD_API_KEY=" + Of(Hex, 32, 10)));
    }

    [Fact]
    public void Json_text_inside_a_string_is_scanned_with_its_names()
    {
        var text = JsonNode.Parse("""{"user":"svc","password":"hunter2x"}""")!.ToJsonString();
        Assert.Equal(SecretKinds.GenericSecret, SecretScanner.FindKind(text));
    }
}
