namespace Cavra.Api.Tests.Infrastructure;

/// <summary>A clock tests move by hand instead of sleeping.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
