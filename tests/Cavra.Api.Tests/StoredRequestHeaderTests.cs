using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>The stored (redacted) request of a signed delivery holds the headers that were sent, the timestamp included.</summary>
public class StoredRequestHeaderTests
{
    [Fact]
    public async Task The_webhook_timestamp_sent_is_the_one_stored_and_the_signature_stays_redacted()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new CavraApiFactory(
            new Dictionary<string, string?>
            {
                ["Cavra:Connectors:webhook:url"] = receiver.Url("/cavra"),
                ["Cavra:Connectors:webhook:signing_secret"] = "whsec-stored-headers-0123456789",
            },
            clock: new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook"));

        var (_, body) = await client.PostJsonAsync("/runtime/go-pilot/rollback-drill-notifications/deliver", """{"generated_by":"release-manager"}""");

        var sent = Assert.Single(receiver.Requests).Headers;
        Assert.Equal("1795435200", sent["webhook-timestamp"]);
        var (_, record) = await client.GetJsonAsync($"/runtime/go-pilot/rollback-drill-notifications/evidence/{(string)body["metadata"]!["session_id"]!}");
        var stored = record["record"]!["delivery"]!["deliveries"]![0]!["request"]!["headers"]!;
        Assert.Equal(sent["webhook-timestamp"], (string?)stored["webhook-timestamp"]);
        Assert.Equal(sent["webhook-id"], (string?)stored["webhook-id"]);
        Assert.Equal("REDACTED", (string?)stored["webhook-signature"]);
        Assert.DoesNotContain("whsec-stored-headers", record.ToJsonString(), StringComparison.Ordinal);
    }
}
