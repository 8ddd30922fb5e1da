using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>Backoff through HTTP with a fake clock: retry_delay_minutes × multiplier^(n−1), suppression at the attempt limit.</summary>
public class RetryBackoffTests
{
    private const string Policy = """{"retry_policy":{"max_retry_attempts":3,"retry_delay_minutes":15,"backoff_multiplier":2}}""";

    [Fact]
    public async Task Waits_become_retries_exactly_when_the_backoff_has_passed()
    {
        await using var flow = await StartAsync();
        async Task<string> ActionAsync()
        {
            var plan = (await flow.PostOkAsync($"{A}/retry-plan", Policy))["plan"]!;
            return (string)plan["retry_decisions"]![0]!["action"]!;
        }

        // First failure at 12:00: 15 minutes.
        Assert.Equal("wait", await ActionAsync());
        flow.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal("wait", await ActionAsync());
        flow.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("retry", await ActionAsync());

        // A second failure of the same delivery (Deliver Audit repeated: same timestamp-free delivery id): 30 minutes.
        await flow.PostOkAsync(A, """{"delivery_provider":"splunk","retries":0,"timeout_seconds":2}""");
        var second = (await flow.PostOkAsync($"{A}/retry-plan", Policy))["plan"]!["retry_decisions"]![0]!;
        Assert.Equal(2, (int)second["retry_count"]!);
        Assert.Equal(30, (int)second["retry_delay_minutes"]!);
        Assert.Equal("2026-11-23T12:45:00.000000+00:00", (string?)second["next_retry_at"]);
        flow.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.Equal("wait", await ActionAsync());
        flow.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("retry", await ActionAsync());

        // The third failure reaches max_retry_attempts: suppressed, whatever the time.
        await flow.PostOkAsync(A, """{"delivery_provider":"splunk","retries":0,"timeout_seconds":2}""");
        var third = (await flow.PostOkAsync($"{A}/retry-plan", Policy))["plan"]!;
        Assert.Equal("suppress", (string?)third["retry_decisions"]![0]!["action"]);
        Assert.Equal("maximum retry attempts 3 reached", (string?)third["retry_decisions"]![0]!["reason"]);
        Assert.Equal(1, (int)third["suppressed_count"]!);
        Assert.Equal("healthy", (string?)third["alert_level"]);
        flow.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("suppress", await ActionAsync());
    }
}
