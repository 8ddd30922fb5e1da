using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>A test delivery through HTTP to real loopback receivers, stored as chained evidence.</summary>
public class ConnectorTestDeliveryTests
{
    private const string Evidence = "/runtime/go-pilot/rollback-drill-notifications/evidence";

    [Fact]
    public async Task Delivered_event_is_stored_as_a_connector_delivery_record_and_the_chain_verifies()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:webhook:url"] = receiver.Url("/cavra"),
            ["Cavra:Connectors:webhook:signing_secret"] = "whsec-api-test-0123456789",
        });
        var client = factory.CreateClient();
        var (response, body) = await client.PostJsonAsync("/connectors/webhook/test-deliveries", """{"requested_by":"release-manager","notes":"drill week 47"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)body["success"]!);
        Assert.Equal("cavra.connector.delivery.v1", (string?)body["delivery"]!["schema_version"]);
        Assert.Equal(200, (int?)body["delivery"]!["deliveries"]![0]!["status_code"]);
        var metadata = body["metadata"]!;
        Assert.Equal("release-connector-delivery", (string?)metadata["metadata_kind"]);
        Assert.Equal("cavra_connector_test", (string?)metadata["connector_delivery_source"]);
        Assert.Equal("release-manager", (string?)metadata["requested_by"]);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("drill week 47", (string?)JsonNode.Parse(request.Body)!["payload"]!["notes"]);
        Assert.DoesNotContain("whsec-api-test", body.ToJsonString(), StringComparison.Ordinal);

        var sessionId = (string)metadata["session_id"]!;
        var (stored, record) = await client.GetJsonAsync($"{Evidence}/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.True((bool)record["record"]!["delivery_success"]!);
        var (_, verify) = await client.GetJsonAsync($"{Evidence}/verify");
        Assert.True((bool)verify["verified"]!);
        Assert.Equal(1, (long)verify["record_count"]!);
    }

    [Fact]
    public async Task Failing_receiver_gives_a_failed_record_with_every_attempt()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Status = 500;
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Connectors:slack:url"] = receiver.Url("/services/T0/B0/XXXXXXXXXXXX") });
        var (response, body) = await factory.CreateClient().PostJsonAsync("/connectors/slack/test-deliveries", """{"retries":1,"timeout_seconds":2}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)body["success"]!);
        Assert.Equal(2, (int)body["metadata"]!["attempt_count"]!);
        Assert.Equal(["slack"], body["metadata"]!["failed_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(1, (int)body["metadata"]!["blocked_count"]!);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Private_addresses_are_refused_unless_allowed_and_the_refusal_is_evidence()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:AllowPrivateNetworks"] = "false",
            ["Cavra:Connectors:webhook:url"] = receiver.Url(),
        });
        var (response, body) = await factory.CreateClient().PostJsonAsync("/connectors/webhook/test-deliveries", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)body["success"]!);
        Assert.Equal("connector address refused: private or reserved network", (string?)body["delivery"]!["deliveries"]![0]!["error"]);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Missing_environment_variable_is_a_400_naming_it_and_nothing_is_stored()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Connectors:splunk:url_env"] = "CAVRA_API_TEST_UNSET_SPLUNK_URL" });
        var client = factory.CreateClient();
        var (response, problem) = await client.PostJsonAsync("/connectors/splunk/test-deliveries", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CAVRA_API_TEST_UNSET_SPLUNK_URL", (string?)problem["detail"], StringComparison.Ordinal);
        var (_, ready) = await client.GetJsonAsync("/health/ready");
        Assert.Equal(0, (long)ready["record_count"]!);
    }
}
