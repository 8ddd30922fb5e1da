using System.Text.Json.Nodes;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Tests.PublicSafe;

public class SecretScannerTests
{
    public static TheoryData<string, string> SecretCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (kind, value) in SecretSamples.Secrets)
        {
            data.Add(kind, value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SecretCases))]
    public void Each_family_is_detected_with_its_kind(string kind, string value) =>
        Assert.Equal(kind, SecretScanner.FindKind(value));

    [Fact]
    public void Covers_at_least_fifteen_families_each_with_samples()
    {
        var sampled = SecretSamples.Secrets.Select(s => s.Kind).ToHashSet();
        Assert.True(sampled.Count >= 15, $"only {sampled.Count} families sampled");
        Assert.All(SecretScanner.Kinds, kind => Assert.Contains(kind, sampled));
    }

    [Fact]
    public void Corpus_no_secret_passes_and_fewer_than_two_percent_of_benign_values_are_flagged()
    {
        Assert.True(SecretSamples.Secrets.Length >= 50);
        Assert.True(SecretSamples.Benign.Length >= 50);
        var missed = SecretSamples.Secrets.Where(s => SecretScanner.FindKind(s.Value) is null).Select(s => s.Kind).ToList();
        Assert.True(missed.Count == 0, "secrets that passed: " + string.Join(", ", missed));

        var flagged = SecretSamples.Benign.Where(b => SecretScanner.FindKind(b) is not null).ToList();
        Assert.True(flagged.Count * 50 < SecretSamples.Benign.Length, "benign values flagged: " + string.Join(" | ", flagged));
    }

    [Fact]
    public void Field_names_give_context()
    {
        Assert.Equal("generic_secret", SecretScanner.FindInField("password", "hunter2hunter2")?.Kind);
        Assert.Equal("generic_secret", SecretScanner.FindInField("connector.api_key", "Zk2Lp9Qr7Xw3Vn5Bm8Ty")?.Kind);
        Assert.Null(SecretScanner.FindInField("notes", "rotate the password next week"));
        Assert.Null(SecretScanner.FindInField("token_env", "CAVRA_SLACK_TOKEN"));
        Assert.Null(SecretScanner.FindInField("content_hash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        Assert.Null(SecretScanner.FindInField("authorization", "REDACTED"));
    }

    [Fact]
    public void Json_walk_reports_path_and_kind_and_the_exception_never_holds_the_value()
    {
        var token = "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
        var record = new JsonObject
        {
            ["audit_id"] = "gordackaudit-9e8d7c6b5a493827",
            ["routes"] = new JsonArray(
                new JsonObject { ["notes"] = "fine" },
                new JsonObject { ["notes"] = "fine too", ["verification_refs"] = new JsonArray("CHG-1", $"see {token}") }),
        };

        var finding = SecretScanner.FindInJson(record);
        Assert.Equal(new SecretFinding("github_token", "routes[1].verification_refs[1]"), finding);
        var error = Assert.Throws<SecretDetectedException>(() => SecretScanner.EnsureNone(record));
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.Contains("routes[1].verification_refs[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("github_token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_delivery_results_pass()
    {
        var delivery = JsonNode.Parse("""
            {"schema_version":"cavra.connector.delivery.v1","deliveries":[{"provider":"slack","status_code":200,
             "request":{"method":"POST","url":"https://hooks.slack.com/services/REDACTED",
             "headers":{"authorization":"REDACTED","x-api-key":"REDACTED","content-type":"application/json"}}}]}
            """);
        Assert.Null(SecretScanner.FindInJson(delivery));
    }
}
