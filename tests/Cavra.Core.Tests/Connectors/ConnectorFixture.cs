using Cavra.Core.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cavra.Core.Tests.Connectors;

internal static class Connectors
{
    public static ConnectorCatalog Catalog(IDictionary<string, string?> settings) =>
        ConnectorCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    public static ConnectorSender Sender(ConnectorCatalog catalog, IDictionary<string, string>? environment = null) =>
        new(catalog, TimeProvider.System, NullLogger<ConnectorSender>.Instance,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    public static System.Text.Json.Nodes.JsonObject Event(int blocked = 0) => new()
    {
        ["event_type"] = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery",
        ["session_id"] = "gordackdelivery-0123456789abcdef",
        ["generated_at"] = "2026-11-23T08:00:00.000000+00:00",
        ["title"] = "CAVRA acknowledgement audit",
        ["alert_level"] = blocked > 0 ? "critical" : "healthy",
        ["blocked_count"] = blocked,
    };

    public static readonly DeliveryOptions Quick = new(Retries: 2, TimeoutSeconds: 2);
}
