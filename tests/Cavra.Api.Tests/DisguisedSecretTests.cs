using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>A secret disguised in a free-text field is refused like a plain one: 400 naming field and kind, nothing stored.</summary>
public class DisguisedSecretTests
{
    private const string TestDelivery = "/connectors/webhook/test-deliveries";

    // Built at run time so the source holds no token-shaped literal.
    private static readonly string _token = "ghp_" + string.Concat(Enumerable.Range(0, 36).Select(i => (char)('a' + (i * 7 % 26))));

    public static TheoryData<string, string> Disguised() => new()
    {
        { "percent-encoded", string.Concat(_token.Select(c => $"%{(int)c:X2}")) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("token " + _token)) },
        { "zero-width", string.Join('\u200B', _token.Chunk(4).Select(chunk => new string(chunk))) },
        { "full-width", string.Concat(_token.Select(c => (char)(c + 0xFEE0))) },
        { "html entities", string.Concat(_token.Select(c => $"&#{(int)c};")) },
    };

    [Theory, MemberData(nameof(Disguised))]
    public async Task A_disguised_secret_in_notes_is_refused_and_nothing_is_stored(string disguise, string notes)
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = "http://127.0.0.1:9/never-called" });
        var client = factory.CreateClient();

        var (response, problem) = await client.PostJsonAsync(TestDelivery, new JsonObject { ["notes"] = $"drill note: {notes}" }.ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{disguise}: {response.StatusCode}");
        Assert.Contains("github_token", (string?)problem["errors"]!["notes"]![0], StringComparison.Ordinal);
        Assert.DoesNotContain(notes, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(notes, StringComparison.Ordinal) || line.Contains(_token, StringComparison.Ordinal));
        Assert.Equal(0, (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!);
    }
}
