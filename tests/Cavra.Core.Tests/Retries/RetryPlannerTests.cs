using System.Text.Json.Nodes;
using Cavra.Core.Retries;

namespace Cavra.Core.Tests.Retries;

public class RetryPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryStream Audit = DeliveryStreams.Audit;

    private static JsonObject Delivery(string deliveryId, DateTimeOffset at, params (string Provider, bool Success, int? Status)[] outcomes) => new()
    {
        ["session_id"] = $"rcd-{deliveryId}-{at.Ticks}",
        ["created_at"] = Cavra.Core.Evidence.EvidenceTime.ToText(at),
        ["delivery_id"] = deliveryId,
        ["audit_id"] = "gordackaudit-1",
        ["delivery_success"] = outcomes.All(o => o.Success),
        ["delivery"] = new JsonObject
        {
            ["deliveries"] = new JsonArray([.. outcomes.Select(o => (JsonNode)new JsonObject
            {
                ["provider"] = o.Provider, ["success"] = o.Success, ["status_code"] = o.Status,
            })]),
        },
    };

    [Fact]
    public void Failures_group_by_key_and_provider_and_a_later_success_settles_them()
    {
        var candidates = RetryPlanner.Collect(Audit,
        [
            Delivery("d1", T0, ("splunk", false, 503), ("slack", false, 500)),
            Delivery("d1", T0.AddMinutes(5), ("splunk", false, 500)),
            Delivery("d1", T0.AddMinutes(6), ("slack", true, 200)),
            Delivery("d2", T0.AddMinutes(7), ("splunk", false, null)),
        ]);

        Assert.Equal(2, candidates.Count);
        var d1 = Assert.Single(candidates, c => (string?)c.Key["delivery_id"] == "d1");
        Assert.Equal("splunk", d1.Provider);
        Assert.Equal(2, d1.RetryCount);
        Assert.Equal(T0.AddMinutes(5), d1.LatestFailureAt);
        Assert.Equal([500, 503], d1.StatusCodes);
        Assert.Equal("gordackaudit-1", (string?)d1.Key["audit_id"]);

        // A failure after a success starts counting again.
        var again = RetryPlanner.Collect(Audit, [Delivery("d1", T0, ("splunk", false, 500)), Delivery("d1", T0.AddMinutes(1), ("splunk", true, 200)), Delivery("d1", T0.AddMinutes(2), ("splunk", false, 500))]);
        Assert.Equal(1, Assert.Single(again).RetryCount);
    }

    [Fact]
    public void A_delivery_without_an_explicit_id_is_keyed_by_its_event_id()
    {
        var record = Delivery("x", T0, ("webhook", false, 500));
        record.Remove("delivery_id");
        record["event_id"] = "gordackdelivery-event";
        Assert.Equal("gordackdelivery-event", (string?)Assert.Single(RetryPlanner.Collect(Audit, [record])).Key["delivery_id"]);
    }

    [Theory]
    [InlineData(1, 14, "wait")]
    [InlineData(1, 15, "retry")]
    [InlineData(2, 29, "wait")]
    [InlineData(2, 30, "retry")]
    [InlineData(3, 0, "suppress")]
    public void Backoff_is_the_base_delay_times_the_multiplier_to_the_attempts_before(int retryCount, int minutesLater, string action)
    {
        var policy = RetryPolicy.Resolve(3, null, 15, 2, 15);
        var candidate = new RetryCandidate(new JsonObject { ["delivery_id"] = "d", ["audit_id"] = "a" }, "splunk", retryCount, T0, "rcd-1", []);
        var plan = RetryPlanner.Build(Audit, [candidate], policy, T0.AddMinutes(minutesLater), "test");
        Assert.Equal(action, (string?)plan["retry_decisions"]![0]!["action"]);
        Assert.Equal(action == "retry" ? "critical" : action == "wait" ? "warning" : "healthy", (string?)plan["alert_level"]);
    }

    [Fact]
    public void Policy_defaults_follow_the_reference()
    {
        Assert.Equal(new RetryPolicy(3, false, 15, 2.0), RetryPolicy.Resolve(null, null, null, null, 15));
        Assert.Equal(new RetryPolicy(3, true, 0, 2.0), RetryPolicy.Resolve(0, true, null, 0, 15));
        Assert.Equal(new RetryPolicy(5, false, 1, 1.0), RetryPolicy.Resolve(5, false, 0, 0.5, 15));
        Assert.Equal(TimeSpan.FromMinutes(60), new RetryPolicy(3, false, 15, 2).DelayAfter(3));
    }

    [Theory]
    [InlineData(30, "12:47", "12:30", "13:00")]
    [InlineData(15, "12:07", "12:00", "12:15")]
    [InlineData(60, "12:47", "12:00", "13:00")]
    [InlineData(1440, "12:47", "12:00", "12:00+1d")]
    public void Schedule_windows_align_within_the_hour(int interval, string now, string start, string end)
    {
        var at = T0.Date + TimeSpan.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var (windowStart, windowEnd) = new WorkerSchedule(interval, true, "c").Window(new DateTimeOffset(at, TimeSpan.Zero));
        Assert.Equal(start, windowStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(end.Replace("+1d", "", StringComparison.Ordinal), windowEnd.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(end.EndsWith("+1d", StringComparison.Ordinal) ? T0.Date.AddDays(1).Day : T0.Day, windowEnd.Day);
    }
}
