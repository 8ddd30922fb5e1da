using System.Net;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>A filter value a history does not hold is refused, instead of answering an empty page as if none matched.</summary>
public sealed class UnknownFilterValueTests
{
    [Theory]
    [InlineData("/runtime/go-pilot/rollback-drill-notifications?metadata_kind=go-backend-rollback-drill-notificaton-plan", "go-backend-rollback-drill-notification-plan")]
    [InlineData("/runtime/go-pilot/rollback-drill-notifications/acknowledgements/audit-delivery/worker-health-alerts?metadata_kind=nonsense", null)]
    public async Task An_unknown_metadata_kind_is_a_400_naming_the_kinds_the_history_holds(string url, string? suggested)
    {
        await using var factory = new CavraApiFactory();
        var (response, problem) = await factory.CreateClient().GetJsonAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)problem["errors"]!["metadata_kind"]![0]!;
        Assert.Contains("must be one of the kinds this history holds", message, StringComparison.Ordinal);
        if (suggested is not null)
        {
            Assert.Contains($"did you mean '{suggested}'", message, StringComparison.Ordinal);
        }
    }
}
