using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Tests.Receivers;

namespace Cavra.Core.Tests.Connectors;

/// <summary>Every provider's body and authentication, checked at a real HTTP receiver.</summary>
public class ProviderBodyTests
{
    private static async Task<(ReceivedRequest Request, ConnectorDeliveryResult Result)> DeliverAsync(
        string provider, Dictionary<string, string?> extra, JsonObject? connectorEvent = null)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Cavra:Connectors:AllowPrivateNetworks"] = "true",
            [$"Cavra:Connectors:{provider}:url"] = receiver.Url($"/{provider}"),
        };
        foreach (var (key, value) in extra)
        {
            settings[$"Cavra:Connectors:{provider}:{key}"] = value;
        }

        using var sender = Connectors.Sender(Connectors.Catalog(settings));
        var result = await sender.DeliverAsync(connectorEvent ?? Connectors.Event(blocked: 2), [provider], Connectors.Quick);
        Assert.True(result.Success, result.Deliveries[0].Error);
        return (Assert.Single(receiver.Requests), result);
    }

    [Fact]
    public async Task Webhook_gets_the_evidence_envelope_and_a_verifiable_signature()
    {
        var (request, _) = await DeliverAsync("webhook", new() { ["signing_secret"] = "whsec-test-0123456789abcdef" });
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("cavra.webhook.evidence.v1", (string?)body["schema_version"]);
        Assert.Equal("CAVRA", (string?)body["product"]);
        Assert.Equal("gordackdelivery-0123456789abcdef", (string?)body["payload"]!["session_id"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["content-type"]);
        Assert.True(WebhookSignature.Verify(
            "whsec-test-0123456789abcdef", request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"]));
        Assert.False(WebhookSignature.Verify(
            "another-secret", request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"]));
        Assert.False(WebhookSignature.Verify(
            "whsec-test-0123456789abcdef", request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body + " ", request.Headers["webhook-signature"]));
    }

    [Fact]
    public async Task Slack_gets_header_and_field_blocks()
    {
        var (request, _) = await DeliverAsync("slack", []);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("CAVRA acknowledgement audit", (string?)body["text"]);
        Assert.Equal("header", (string?)body["blocks"]![0]!["type"]);
        Assert.Contains(body["blocks"]![1]!["fields"]!.AsArray(), f => ((string)f!["text"]!).Contains("gordackdelivery-0123456789abcdef", StringComparison.Ordinal));
        Assert.False(request.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task Teams_gets_a_red_message_card_when_blocked()
    {
        var (request, _) = await DeliverAsync("teams", []);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("MessageCard", (string?)body["@type"]);
        Assert.Equal("D13438", (string?)body["themeColor"]);
        Assert.NotEmpty(body["sections"]![0]!["facts"]!.AsArray());
    }

    [Fact]
    public async Task Splunk_gets_a_hec_event_with_splunk_token_auth()
    {
        var (request, result) = await DeliverAsync("splunk", new() { ["token"] = "11111111-2222-3333-4444-555555555555", ["index"] = "release" });
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("release", (string?)body["index"]);
        Assert.Equal("cavra:evidence", (string?)body["sourcetype"]);
        Assert.Equal("gordackdelivery-0123456789abcdef", (string?)body["event"]!["session_id"]);
        Assert.Equal("Splunk 11111111-2222-3333-4444-555555555555", request.Headers["authorization"]);
        Assert.Equal("REDACTED", result.Deliveries[0].Request.Headers["authorization"]);
    }

    [Fact]
    public async Task Sentinel_gets_records_with_bearer_auth()
    {
        var (request, _) = await DeliverAsync("sentinel", new() { ["token"] = "sentinel-token-value" });
        var record = JsonNode.Parse(request.Body)!["records"]![0]!;
        Assert.Equal("CAVRA", (string?)record["Product"]);
        Assert.Equal("gordackdelivery-0123456789abcdef", (string?)record["EventId"]);
        Assert.Equal(2, (int?)record["BlockedCount"]);
        Assert.Equal("Bearer sentinel-token-value", request.Headers["authorization"]);
    }

    [Fact]
    public async Task Datadog_gets_an_error_event_with_the_dd_api_key_header()
    {
        var (request, result) = await DeliverAsync("datadog", new() { ["api_key"] = "0123456789abcdef0123456789abcdef", ["service"] = "release" });
        var datadogEvent = JsonNode.Parse(request.Body)!["events"]![0]!;
        Assert.Equal("error", (string?)datadogEvent["alert_type"]);
        Assert.Equal("release", (string?)datadogEvent["service"]);
        Assert.Contains("source:cavra", datadogEvent["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("0123456789abcdef0123456789abcdef", request.Headers["dd-api-key"]);
        Assert.Equal("REDACTED", result.Deliveries[0].Request.Headers["dd-api-key"]);
    }

    [Fact]
    public async Task Jira_gets_issue_fields_with_authorization_header()
    {
        var (request, _) = await DeliverAsync("jira", new() { ["authorization"] = "Basic dXNlcjp0b2tlbg==", ["project_key"] = "REL", ["issue_type"] = "Task" });
        var fields = JsonNode.Parse(request.Body)!["fields"]!;
        Assert.Equal("CAVRA acknowledgement audit", (string?)fields["summary"]);
        Assert.Equal("REL", (string?)fields["project"]!["key"]);
        Assert.Equal("Task", (string?)fields["issuetype"]!["name"]);
        Assert.Contains("cavra", fields["labels"]!.AsArray().Select(l => (string?)l));
        Assert.Equal("Basic dXNlcjp0b2tlbg==", request.Headers["authorization"]);
    }

    [Fact]
    public async Task ServiceNow_gets_an_incident_with_api_key()
    {
        var (request, _) = await DeliverAsync("servicenow", new() { ["api_key"] = "snow-key-value", ["api_key_header"] = "x-sn-apikey" });
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("software", (string?)body["category"]);
        Assert.Equal("gordackdelivery-0123456789abcdef", (string?)body["correlation_id"]);
        Assert.Equal("snow-key-value", request.Headers["x-sn-apikey"]);
    }

    [Fact]
    public async Task Provider_payload_in_the_event_is_sent_verbatim()
    {
        var connectorEvent = Connectors.Event();
        connectorEvent["provider_payloads"] = new JsonObject { ["slack"] = new JsonObject { ["text"] = "custom body", ["channel"] = "#release" } };
        var (request, _) = await DeliverAsync("slack", [], connectorEvent);
        Assert.Equal("""{"channel":"#release","text":"custom body"}""", request.Body);
    }
}
