using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cavra.Core.Connectors;

public static class ConnectorServices
{
    /// <summary>The connector catalogue (read from configuration when first needed) and one long-lived sender.</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => ConnectorCatalog.Load(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider => new ConnectorSender(
            provider.GetRequiredService<ConnectorCatalog>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ConnectorSender>>(),
            Environment.GetEnvironmentVariable));
        return services;
    }
}
