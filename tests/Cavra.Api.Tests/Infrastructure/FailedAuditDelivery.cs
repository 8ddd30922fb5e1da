using System.Net;
using System.Text.Json.Nodes;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests.Infrastructure;

/// <summary>
/// The starting point of the retry governance flows: a service whose webhook connector answers 200 and whose Splunk
/// connector answers 500, a delivered drill notification, and one failed acknowledgement audit delivery to Splunk.
/// </summary>
internal sealed class FailedAuditDelivery : IAsyncDisposable
{
    public const string P = "/runtime/go-pilot/rollback-drill-notifications";
    public const string A = P + "/acknowledgements/audit-delivery";
    public const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    public const string Immediate = """{"max_retry_attempts":3,"retry_delay_minutes":0,"allow_immediate_retry":true,"backoff_multiplier":2}""";

    /// <summary>Execute Retry: a live worker run with the immediate policy.</summary>
    public const string ExecuteRetry = $$$"""{"execute":true,"retry_policy":{{{Immediate}}},"schedule":{"interval_minutes":30,"cadence":"manual_retry"},"retries":0,"timeout_seconds":2}""";

    private FailedAuditDelivery(LoopbackReceiver webhook, LoopbackReceiver splunk, FakeClock clock, CavraApiFactory factory)
    {
        Webhook = webhook;
        Splunk = splunk;
        Clock = clock;
        Factory = factory;
        Client = factory.CreateClient();
    }

    public LoopbackReceiver Webhook { get; }

    public LoopbackReceiver Splunk { get; }

    public FakeClock Clock { get; }

    public CavraApiFactory Factory { get; }

    public HttpClient Client { get; }

    public string AuditId { get; private set; } = "";

    public string DeliveryId { get; private set; } = "";

    public static async Task<FailedAuditDelivery> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var webhook = await LoopbackReceiver.StartAsync();
        var splunk = await LoopbackReceiver.StartAsync();
        splunk.Status = 500;
        var clock = new FakeClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>
        {
            ["Cavra:Connectors:webhook:url"] = webhook.Url(),
            ["Cavra:Connectors:splunk:url"] = splunk.Url("/services/collector"),
            ["Cavra:Connectors:splunk:token"] = "11111111-2222-3333-4444-555555555555",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new CavraApiFactory(all, clock: clock);
        var flow = new FailedAuditDelivery(webhook, splunk, clock, factory);
        await DrillSetup.PutScheduleAsync(flow.Client, DrillSetup.StaleSchedule(["release-manager"], "webhook"));
        var (delivered, _) = await flow.Client.PostJsonAsync($"{P}/deliver", "{}");
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var (response, audit) = await flow.Client.PostJsonAsync(A, """{"delivery_provider":"splunk","retries":0,"timeout_seconds":2}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)audit["success"]!);
        flow.AuditId = (string)audit["audit_package"]!["audit_id"]!;
        flow.DeliveryId = (string)audit["delivery_plan"]!["delivery_id"]!;
        return flow;
    }

    public async Task<JsonObject> PostOkAsync(string url, string json)
    {
        var (response, body) = await Client.PostJsonAsync(url, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public async Task<JsonObject> GetOkAsync(string url)
    {
        var (response, body) = await Client.GetJsonAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Plan Retry Approval, then approve its one requested splunk decision; returns the decision id.</summary>
    public async Task<string> ApproveRetryAsync()
    {
        var plan = (await PostOkAsync($"{A}/retry-execution-approval-plan", """{"approval_policy":{"require_retry_ack":true}}"""))["plan"]!;
        var entry = plan["approval_decisions"]![0]!;
        Assert.Equal("request_approval", (string?)entry["action"]);
        var body = await PostOkAsync($"{A}/retry-execution-approval-plans/{(string)plan["approval_plan_id"]!}/decisions", new JsonObject
        {
            ["provider"] = "splunk", ["decided_by"] = "release-manager", ["retry_plan_id"] = entry["retry_plan_id"]!.DeepClone(),
            ["delivery_id"] = entry["delivery_id"]!.DeepClone(), ["audit_id"] = entry["audit_id"]!.DeepClone(), ["external_ref"] = "CHG-9",
        }.ToJsonString());
        Assert.Equal("approved", (string?)body["decision"]!["approval_state"]);
        return (string)body["decision"]!["decision_id"]!;
    }

    /// <summary>
    /// Every request is refused with its status and a problem naming its field, no problem repeats a secret the
    /// requests carried, and nothing is stored.
    /// </summary>
    public async Task AssertRefusedAsync(
        IEnumerable<(string Url, string Body, HttpStatusCode Status, string Field)> posts, IEnumerable<(string Url, string Field)> gets)
    {
        string[] secrets = ["AKIAQ7W2E4R6T8Y1U3I5", "hunter2hunter2"];
        var before = await RecordCountAsync();
        foreach (var (url, body, status, field) in posts)
        {
            var (response, problem) = await Client.PostJsonAsync(url, body);
            Assert.True(response.StatusCode == status, $"{url} {body} → {(int)response.StatusCode}: {problem.ToJsonString()}");
            Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, problem.ToJsonString(), StringComparison.Ordinal));
        }

        foreach (var (url, field) in gets)
        {
            var (response, problem) = await Client.GetJsonAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}: {problem.ToJsonString()}");
            Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, problem.ToJsonString(), StringComparison.Ordinal));
        }

        Assert.Equal(before, await RecordCountAsync());
    }

    /// <summary>The exact history total for a query string.</summary>
    public async Task<long> HistoryTotalAsync(string query) => (long)(await GetOkAsync($"{P}?{query}"))["total"]!;

    public async Task<long> RecordCountAsync() => (long)(await GetOkAsync("/health/ready"))["record_count"]!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Splunk.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}
