using System.Text.Json.Nodes;
using Cavra.Core.PublicSafe;
using static Cavra.Core.Tests.PublicSafe.Fake;

namespace Cavra.Core.Tests.PublicSafe;

public class SecretScannerJsonTests
{
    private static JsonObject CleanRecord() => new()
    {
        ["id"] = "gordackretryexec-3f9a1c2b4d5e6f70",
        ["kind"] = "go_rollback_drill_notification_delivery_ack",
        ["schema_version"] = "cavra.go-backend-pilot.rollback-drill-notification-plan.v1",
        ["provider"] = "slack",
        ["created_at"] = "2026-05-01T10:15:30Z",
        ["content_hash"] = Of(Hex, 64, 1),
        ["previous_hash"] = Of(Hex, 64, 2),
        ["external_ref"] = "CHG-123",
        ["notes"] = "connector secrets are never stored in evidence",
        ["verification_refs"] = new JsonArray("https://status.example.com/incidents/42", "INC0012345", "go-rollback-drill-retry-worker://run/2026-05-01T10:00:00Z/3"),
        ["delivery"] = new JsonObject
        {
            ["channel"] = new JsonObject { ["url_env"] = "CAVRA_WEBHOOK_URL", ["token_env"] = "CAVRA_SLACK_TOKEN" },
            ["request"] = new JsonObject
            {
                ["url"] = "https://hooks.slack.com/services/REDACTED",
                ["headers"] = new JsonObject { ["Authorization"] = "REDACTED", ["Content-Type"] = "application/json" },
                ["attempt"] = 2,
                ["dry_run"] = false,
            },
            ["attempts"] = new JsonArray(
                new JsonObject { ["status"] = 200, ["body"] = "ok" },
                new JsonObject { ["status"] = 500, ["body"] = "upstream timeout" }),
        },
        ["correlation_id"] = Guid(3),
        ["cadence"] = "every_15_minutes",
        ["owner"] = "oncall-platform@example.com",
        ["checkpoint"] = new JsonObject { ["sequence"] = 42, ["signature"] = Of(Hex, 64, 4) },
    };

    [Fact]
    public void A_clean_record_has_no_findings()
    {
        Assert.Null(SecretScanner.FindInJson(CleanRecord()));
        Assert.Null(SecretScanner.FindInJson(JsonNode.Parse(CleanRecord().ToJsonString())));
        SecretScanner.EnsureNone(CleanRecord(), "record");
        Assert.Null(SecretScanner.FindInJson(null));
    }

    [Fact]
    public void A_secret_deep_inside_is_reported_with_its_path_and_kind()
    {
        var record = CleanRecord();
        var secret = $"xoxb-{Of(Digits, 12, 5)}-{Of(Digits, 13, 6)}-{Of(Alnum, 24, 7)}";
        record["delivery"]!["attempts"]![1]!["body"] = "invalid_auth for " + secret;

        Assert.Equal(new SecretFinding(SecretKinds.SlackToken, "delivery.attempts[1].body"), SecretScanner.FindInJson(record));
        Assert.Equal(new SecretFinding(SecretKinds.SlackToken, "record.delivery.attempts[1].body"), SecretScanner.FindInJson(record, "record"));

        var parsed = JsonNode.Parse(record.ToJsonString());
        Assert.Equal(new SecretFinding(SecretKinds.SlackToken, "delivery.attempts[1].body"), SecretScanner.FindInJson(parsed));
    }

    [Fact]
    public void Array_elements_get_an_index_path()
    {
        var record = CleanRecord();
        record["verification_refs"]!.AsArray().Add($"postgres://cavra:{Of(Alnum, 16, 8)}@db.internal/cavra");

        Assert.Equal(new SecretFinding(SecretKinds.UrlCredentials, "verification_refs[3]"), SecretScanner.FindInJson(record));
    }

    [Fact]
    public void Property_names_give_context_to_their_values_and_array_elements()
    {
        var record = CleanRecord();
        record["delivery"]!["request"]!["headers"]!["X-Api-Key"] = Of(Alnum, 32, 9);
        Assert.Equal(new SecretFinding(SecretKinds.GenericSecret, "delivery.request.headers.X-Api-Key"), SecretScanner.FindInJson(record));

        var smtp = new JsonObject { ["smtp"] = new JsonObject { ["host"] = "mail.example.com", ["password"] = "hunter2hunter2" } };
        Assert.Equal(new SecretFinding(SecretKinds.GenericSecret, "smtp.password"), SecretScanner.FindInJson(smtp));

        var tokens = new JsonObject { ["tokens"] = new JsonArray("REDACTED", Of(Alnum, 24, 10)) };
        Assert.Equal(new SecretFinding(SecretKinds.GenericSecret, "tokens[1]"), SecretScanner.FindInJson(tokens));

        var hec = new JsonObject { ["splunk"] = new JsonObject { ["hec_token"] = Guid(11) } };
        Assert.Equal(new SecretFinding(SecretKinds.SplunkHecToken, "splunk.hec_token"), SecretScanner.FindInJson(hec));
    }

    [Fact]
    public void A_secret_used_as_a_property_name_is_reported_without_the_name()
    {
        var secret = "ghp_" + Of(Alnum, 36, 12);
        var node = new JsonObject { ["delivery"] = new JsonObject { ["headers"] = new JsonObject { [secret] = "x" } } };

        var finding = SecretScanner.FindInJson(node);
        Assert.Equal(new SecretFinding(SecretKinds.GitHubToken, "delivery.headers"), finding);

        var ex = Assert.Throws<SecretDetectedException>(() => SecretScanner.EnsureNone(node));
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureNone_on_json_throws_with_path_and_kind_and_never_the_value()
    {
        var record = CleanRecord();
        var secret = "-----BEGIN " + "PRIVATE" + " KEY-----\nMIIE" + Of(Base64, 64, 13);
        record["notes"] = secret;

        var ex = Assert.Throws<SecretDetectedException>(() => SecretScanner.EnsureNone(record, "record"));
        Assert.Equal("record.notes contains a secret (private_key); secrets must not be sent to or stored by Cavra", ex.Message);
        Assert.DoesNotContain(Of(Base64, 64, 13), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_root_uses_the_root_path()
    {
        JsonNode node = "Authorization: Bearer " + Of(Alnum, 40, 14);
        Assert.Equal(new SecretFinding(SecretKinds.BearerToken, "body"), SecretScanner.FindInJson(node, "body"));

        var array = new JsonArray("ok", "AKIA" + Of(UpperDigits, 16, 15));
        Assert.Equal(new SecretFinding(SecretKinds.AwsAccessKeyId, "refs[1]"), SecretScanner.FindInJson(array, "refs"));
        Assert.Equal(new SecretFinding(SecretKinds.AwsAccessKeyId, "[1]"), SecretScanner.FindInJson(array));
    }

    [Fact]
    public void Non_string_values_are_skipped()
    {
        var node = new JsonObject
        {
            ["count"] = 12345678901,
            ["ok"] = true,
            ["nothing"] = null,
            ["id"] = JsonValue.Create(System.Guid.Parse(Guid(16))),
            ["at"] = JsonValue.Create(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero)),
        };

        Assert.Null(SecretScanner.FindInJson(node));
    }

    [Fact]
    public void A_subtree_reports_paths_relative_to_itself()
    {
        var record = CleanRecord();
        record["delivery"]!["request"]!["url"] = $"https://hooks.slack.com/services/T{Of(UpperDigits, 8, 17)}/B{Of(UpperDigits, 10, 18)}/{Of(Alnum, 24, 19)}";

        Assert.Equal(
            new SecretFinding(SecretKinds.SlackWebhookUrl, "delivery.request.url"),
            SecretScanner.FindInJson(record["delivery"], "delivery"));
    }
}
