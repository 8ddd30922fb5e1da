using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Tests.Receivers;

namespace Cavra.Core.Tests.Connectors;

public class DeliveryBehaviourTests
{
    private static Dictionary<string, string?> Webhook(string url, bool allowPrivate = true) => new()
    {
        ["Cavra:Connectors:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
        ["Cavra:Connectors:webhook:url"] = url,
    };

    [Fact]
    public async Task Failing_receiver_uses_every_attempt_and_reports_failure()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Status = 500;
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook(receiver.Url())));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 2, TimeoutSeconds: 2));

        Assert.False(result.Success);
        var delivery = Assert.Single(result.Deliveries);
        Assert.Equal(3, delivery.AttemptCount);
        Assert.Equal(500, delivery.StatusCode);
        Assert.Equal(ConnectorSender.HttpFailed, delivery.Error);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.DoesNotContain("never stored", result.ToJson().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_receiver_times_out()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(5);
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook(receiver.Url())));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 0, TimeoutSeconds: 0.5));
        Assert.Equal(ConnectorSender.TimedOut, result.Deliveries[0].Error);
        Assert.Null(result.Deliveries[0].StatusCode);
    }

    [Fact]
    public async Task Closed_port_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook($"http://127.0.0.1:{port}/hook")));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 1, TimeoutSeconds: 2));
        Assert.Equal(ConnectorSender.Unreachable, result.Deliveries[0].Error);
        Assert.Equal(2, result.Deliveries[0].AttemptCount);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var target = await LoopbackReceiver.StartAsync();
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.RedirectTo = target.Url();
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook(receiver.Url())));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 0, TimeoutSeconds: 2));
        Assert.False(result.Success);
        Assert.Equal(302, result.Deliveries[0].StatusCode);
        Assert.Empty(target.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("0x7f000001")]
    public async Task Loopback_hosts_are_refused_and_nothing_arrives(string host)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook($"http://{host}:{receiver.Port}/hook", allowPrivate: false)));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 2, TimeoutSeconds: 2));
        Assert.Equal(ConnectorSender.Refused, result.Deliveries[0].Error);
        Assert.Equal(1, result.Deliveries[0].AttemptCount);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    public async Task Metadata_and_private_addresses_are_refused(string host)
    {
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook($"http://{host}/latest/meta-data", allowPrivate: false)));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], new DeliveryOptions(Retries: 0, TimeoutSeconds: 2));
        Assert.Equal(ConnectorSender.Refused, result.Deliveries[0].Error);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2606:4700::1", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("2002:808:808::", true)]
    public void Address_policy(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Stored_request_spec_holds_no_secret()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var settings = Webhook(receiver.Url("/hooks/AbCdEf0123456789XyZw9876?token=query-secret-value"));
        settings["Cavra:Connectors:webhook:token"] = "bearer-secret-value-0123";
        settings["Cavra:Connectors:webhook:signing_secret"] = "signing-secret-value-0123";
        settings["Cavra:Connectors:webhook:headers:X-Custom-Token"] = "custom-secret-value";
        settings["Cavra:Connectors:webhook:headers:X-Team"] = "release";
        using var sender = Connectors.Sender(Connectors.Catalog(settings));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook"], Connectors.Quick);

        Assert.True(result.Success);
        var stored = result.ToJson().ToJsonString();
        foreach (var secret in new[] { "query-secret-value", "bearer-secret-value", "signing-secret-value", "custom-secret-value", "AbCdEf0123456789XyZw9876" })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        Assert.Contains("release", stored, StringComparison.Ordinal);
        Assert.Equal($"http://127.0.0.1:{receiver.Port}/REDACTED?REDACTED", result.Deliveries[0].Request.Url);
        Assert.Equal("https://hooks.slack.com/REDACTED", ConnectorSender.RedactUrl(new Uri("https://hooks.slack.com/services/T0/B0/XXXX")));
        Assert.Equal("https://user@siem.example.com/api/events".Replace("user@", "", StringComparison.Ordinal), ConnectorSender.RedactUrl(new Uri("https://user:pw@siem.example.com/api/events")));
    }

    [Fact]
    public async Task Unknown_provider_is_refused_before_anything_is_sent()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var sender = Connectors.Sender(Connectors.Catalog(Webhook(receiver.Url())));
        var error = await Assert.ThrowsAsync<UnknownConnectorException>(() => sender.DeliverAsync(Connectors.Event(), ["webhook", "jira"], Connectors.Quick));
        Assert.Contains("jira", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Missing_env_variable_is_a_configuration_error_naming_it_and_nothing_is_sent()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var settings = Webhook(receiver.Url());
        settings["Cavra:Connectors:slack:url_env"] = "CAVRA_TEST_SLACK_URL_NOT_SET";
        using var sender = Connectors.Sender(Connectors.Catalog(settings));
        var error = await Assert.ThrowsAsync<ConnectorConfigurationException>(
            () => sender.DeliverAsync(Connectors.Event(), ["webhook", "slack"], Connectors.Quick));
        Assert.Contains("CAVRA_TEST_SLACK_URL_NOT_SET", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Env_variables_are_resolved_at_send_time()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var catalog = Connectors.Catalog(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:AllowPrivateNetworks"] = "true",
            ["Cavra:Connectors:splunk:url_env"] = "SPLUNK_URL",
            ["Cavra:Connectors:splunk:token_env"] = "SPLUNK_TOKEN",
        });
        using var sender = Connectors.Sender(catalog, new Dictionary<string, string> { ["SPLUNK_URL"] = receiver.Url("/services/collector"), ["SPLUNK_TOKEN"] = "abc-token" });
        var result = await sender.DeliverAsync(Connectors.Event(), ["splunk"], Connectors.Quick);
        Assert.True(result.Success);
        Assert.Equal("Splunk abc-token", Assert.Single(receiver.Requests).Headers["authorization"]);
    }

    [Fact]
    public async Task Splunk_without_credentials_is_refused()
    {
        using var sender = Connectors.Sender(Connectors.Catalog(new Dictionary<string, string?> { ["Cavra:Connectors:splunk:url"] = "https://splunk.example.com:8088/services/collector" }));
        var error = await Assert.ThrowsAsync<ConnectorConfigurationException>(() => sender.DeliverAsync(Connectors.Event(), ["splunk"], Connectors.Quick));
        Assert.Contains("requires authorization, token or api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivery_record_carries_source_counts_and_correlation()
    {
        await using var ok = await LoopbackReceiver.StartAsync();
        await using var failing = await LoopbackReceiver.StartAsync();
        failing.Status = 503;
        var settings = Webhook(ok.Url());
        settings["Cavra:Connectors:slack:url"] = failing.Url();
        using var sender = Connectors.Sender(Connectors.Catalog(settings));
        var result = await sender.DeliverAsync(Connectors.Event(), ["webhook", "slack"], new DeliveryOptions(Retries: 1, TimeoutSeconds: 2));

        var draft = ConnectorDeliveryRecord.Build(result, "go_backend_rollback_drill_acknowledgement_audit", new JsonObject { ["audit_id"] = "gordackaudit-1", ["delivery_id"] = "gordackdelivery-1" });
        Assert.Equal("release-connector-delivery", draft.MetadataKind);
        Assert.Matches("^rcd-[a-z0-9-]+-[0-9a-f]{12}$", draft.SessionId);
        Assert.Equal(1, draft.BlockedCount);
        Assert.Equal("go_backend_rollback_drill_acknowledgement_audit", draft.Signer);
        Assert.False((bool)draft.Body["delivery_success"]!);
        Assert.Equal(["slack", "webhook"], draft.Body["providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["slack"], draft.Body["failed_providers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(3, (int)draft.Body["attempt_count"]!);
        Assert.Equal(2, (int)draft.Body["max_attempt_count"]!);
        Assert.Equal("gordackaudit-1", (string?)draft.Body["audit_id"]);
        Assert.Equal("gordackdelivery-0123456789abcdef", (string?)draft.Body["event_id"]);
    }
}
