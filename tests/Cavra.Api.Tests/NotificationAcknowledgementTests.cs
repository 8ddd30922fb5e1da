using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests;

/// <summary>Acknowledging delivered drill notifications, one route or many (reference A2/A3).</summary>
public class NotificationAcknowledgementTests
{
    private const string P = "/runtime/go-pilot/rollback-drill-notifications";
    private const string ScheduleId = DrillSetup.ScheduleId;
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(CavraApiFactory Factory, HttpClient Client, string PlanId, LoopbackReceiver Receiver)> DeliveredAsync()
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var factory = new CavraApiFactory(
            new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url(), ["Cavra:Connectors:slack:url"] = receiver.Url() },
            clock: new FakeClock(Now));
        var client = factory.CreateClient();
        await DrillSetup.PutScheduleAsync(client, DrillSetup.StaleSchedule(["release-manager"], "webhook", "slack"));
        var (_, delivered) = await client.PostJsonAsync($"{P}/deliver", "{}");
        return (factory, client, (string)delivered["plan"]!["plan_id"]!, receiver);
    }

    private static async Task<long> CountAsync(HttpClient client) => (long)(await client.GetJsonAsync("/health/ready")).Body["record_count"]!;

    [Fact]
    public async Task Acknowledging_a_delivered_route_records_it_with_normalised_provider_and_state()
    {
        var (factory, client, planId, receiver) = await DeliveredAsync();
        await using var _ = factory;
        await using var __ = receiver;
        var (response, body) = await client.PostJsonAsync(
            $"{P}/{ScheduleId}/acknowledgements",
            new JsonObject { ["provider"] = " WebHook ", ["acknowledged_by"] = "release-manager", ["acknowledgement_state"] = "Resolved", ["external_ref"] = "CHG-123", ["plan_id"] = planId }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acknowledgement = body["acknowledgement"]!;
        Assert.Matches("^gordack-[0-9a-f]{16}$", (string?)acknowledgement["acknowledgement_id"]);
        Assert.Equal("webhook", (string?)acknowledgement["provider"]);
        Assert.Equal("resolved", (string?)acknowledgement["acknowledgement_state"]);
        Assert.Equal(planId, (string?)acknowledgement["plan_id"]);
        Assert.Equal("go-backend-rollback-drill-notification-ack", (string?)body["metadata"]!["metadata_kind"]);
        Assert.Equal("release-manager", (string?)body["metadata"]!["signer"]);
    }

    [Fact]
    public async Task Unknown_schedule_or_foreign_plan_is_404_and_bad_fields_are_400()
    {
        var (factory, client, _, receiver) = await DeliveredAsync();
        await using var _ = factory;
        await using var __ = receiver;
        var before = await CountAsync(client);
        var valid = new JsonObject { ["provider"] = "webhook", ["acknowledged_by"] = "release-manager" };

        var (unknown, _) = await client.PostJsonAsync($"{P}/no_such_schedule/acknowledgements", valid.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var foreignPlan = valid.DeepClone().AsObject();
        foreignPlan["plan_id"] = "gordn-0000000000000000";
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", foreignPlan.ToJsonString())).Response.StatusCode);

        foreach (var (field, value) in new (string, JsonNode?)[]
        {
            ("acknowledgement_state", "maybe"), ("provider", "pagerduty"), ("acknowledged_by", ""), ("acknowledged_by", JsonValue.Create(7)),
            ("notes", "token ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        })
        {
            var body = valid.DeepClone().AsObject();
            body[field] = value;
            var (response, problem) = await client.PostJsonAsync($"{P}/{ScheduleId}/acknowledgements", body.ToJsonString());
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{field}: {problem.ToJsonString()}");
        }

        Assert.Equal(before, await CountAsync(client));
    }

    [Fact]
    public async Task Bulk_acknowledgement_is_all_or_none()
    {
        var (factory, client, planId, receiver) = await DeliveredAsync();
        await using var _ = factory;
        await using var __ = receiver;
        var before = await CountAsync(client);

        var bad = new JsonObject
        {
            ["acknowledged_by"] = "release-manager",
            ["acknowledgement_state"] = "escalated",
            ["routes"] = new JsonArray(
                new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "webhook" },
                new JsonObject { ["schedule_id"] = "no_such_schedule", ["provider"] = "slack" }),
        };
        var (missing, problem) = await client.PostJsonAsync($"{P}/acknowledgements/bulk", bad.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("routes[1]", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(client));

        var good = new JsonObject
        {
            ["acknowledged_by"] = "release-manager",
            ["acknowledgement_state"] = "escalated",
            ["plan_id"] = planId,
            ["routes"] = new JsonArray(
                new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "webhook" },
                new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "slack", ["notes"] = "paged the owner" }),
        };
        var (ok, body) = await client.PostJsonAsync($"{P}/acknowledgements/bulk", good.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, (int)body["acknowledgement_count"]!);
        Assert.StartsWith("gordbulkack-2-gordack-", (string?)body["bulk_id"], StringComparison.Ordinal);
        Assert.All(body["acknowledgements"]!.AsArray(), a => Assert.Equal("escalated", (string?)a!["acknowledgement_state"]));
        Assert.Equal(before + 2, await CountAsync(client));

        var tooMany = good.DeepClone().AsObject();
        tooMany["routes"] = new JsonArray([.. Enumerable.Range(0, 101).Select(_ => (JsonNode)new JsonObject { ["schedule_id"] = ScheduleId, ["provider"] = "webhook" })]);
        var (limit, limitProblem) = await client.PostJsonAsync($"{P}/acknowledgements/bulk", tooMany.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limited to 100", (string?)limitProblem["errors"]!["routes"]![0], StringComparison.Ordinal);

        var (empty, emptyProblem) = await client.PostJsonAsync($"{P}/acknowledgements/bulk", """{"acknowledged_by":"me","routes":[]}""");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True(emptyProblem["errors"]!.AsObject().ContainsKey("routes"));
        Assert.Equal(before + 2, await CountAsync(client));
    }
}
