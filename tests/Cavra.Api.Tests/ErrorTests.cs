using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>Bad input gets a ProblemDetails naming the field (400/404/413/415), never a 500, and stores nothing.</summary>
public class ErrorTests
{
    private const string CheckpointVerify = "/runtime/go-pilot/rollback-drill-notifications/evidence/checkpoint/verify";
    private const string TestDelivery = "/connectors/webhook/test-deliveries";

    private static CavraApiFactory Factory(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = "http://127.0.0.1:9/never-called" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new CavraApiFactory(settings);
    }

    private static async Task<long> RecordCountAsync(HttpClient client) =>
        (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Theory]
    [InlineData("{\"retries\": 2,", "body", "not valid JSON")]
    [InlineData("{\"retries\": \"two\"}", "retries", "must be an integer")]
    [InlineData("{\"timeout_seconds\": true}", "timeout_seconds", "must be a number")]
    [InlineData("{\"notes\": 42}", "notes", "must be a string")]
    [InlineData("[1, 2]", "body", "must be a JSON object")]
    public async Task Malformed_or_mistyped_json_names_the_field(string body, string field, string message)
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var (response, problem) = await client.PostJsonAsync(TestDelivery, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem["errors"]![field]!.AsArray();
        Assert.Contains(message, (string?)errors[0], StringComparison.Ordinal);
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Validator_errors_are_listed_per_field()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var (response, problem) = await client.PostJsonAsync(TestDelivery, """{"retries": 11, "timeout_seconds": 0}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("retries", errors.Select(e => e.Key));
        Assert.Contains("timeout_seconds", errors.Select(e => e.Key));
        Assert.Contains("'retries'", (string?)errors["retries"]![0], StringComparison.Ordinal);
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Secret_in_free_text_is_refused_naming_field_and_kind_never_the_value()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var token = "xoxb-" + "123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx";
        var (response, problem) = await client.PostJsonAsync(TestDelivery, new JsonObject { ["notes"] = $"use {token} to post" }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string?)problem["errors"]!["notes"]![0];
        Assert.Contains("slack_token", message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.LogLines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Missing_body_and_wrong_content_type_are_explained()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var empty = await client.PostAsync(new Uri(TestDelivery, UriKind.Relative), new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await empty.ReadObjectAsync())["errors"]!["body"]);

        var text = await client.PostAsync(new Uri(TestDelivery, UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Type: application/json", (string?)(await text.ReadObjectAsync())["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_with_and_without_content_length()
    {
        await using var factory = Factory(new Dictionary<string, string?> { ["Cavra:Limits:MaxRequestBodyBytes"] = "2048" });
        var client = factory.CreateClient();
        var big = new JsonObject { ["notes"] = new string('a', 4096) }.ToJsonString();

        var (sized, problem) = await client.PostJsonAsync(TestDelivery, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Contains("2048", (string?)problem["detail"], StringComparison.Ordinal);

        using var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, TestDelivery) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(0, await RecordCountAsync(client));
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var (record, problem) = await client.GetJsonAsync("/runtime/go-pilot/rollback-drill-notifications/evidence/gordn-doesnotexist0000");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal(404, (int?)problem["status"]);

        var (connector, _) = await client.PostJsonAsync("/connectors/jira/test-deliveries", "{}");
        Assert.Equal(HttpStatusCode.NotFound, connector.StatusCode);
    }

    [Fact]
    public async Task Bad_checkpoint_is_a_400_naming_fields()
    {
        await using var factory = Factory();
        var (response, problem) = await factory.CreateClient().PostJsonAsync(
            CheckpointVerify,
            """{"schema_version":"cavra.evidence.checkpoint.v1","head_sequence":-1,"head_hash":"xyz","record_count":0,"generated_at":"2026-11-23T00:00:00Z","signed":false}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("head_sequence"));
        Assert.True(errors.ContainsKey("head_hash"));
    }
}
