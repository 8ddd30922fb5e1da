using System.Text.Json;
using System.Text.Json.Serialization;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Microsoft.OpenApi;
using Serilog;

namespace Cavra.Api.Hosting;

/// <summary>Service registration and the middleware pipeline, kept out of Program.cs so it reads top to bottom.</summary>
public static class CavraHost
{
    public const string DefaultUrl = "http://127.0.0.1:8000";
    public const string CorsPolicy = "cavra-console";

    public static WebApplicationBuilder AddCavra(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["trace_id"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemResponses>();
        services.AddOptions<LimitOptions>().BindConfiguration("Cavra:Limits");
        services.AddRequestValidators();
        services.AddEvidenceStore(builder.Configuration);
        services.AddConnectors(builder.Configuration);
        services.AddSingleton<Cavra.Core.Drills.DrillRecords>();
        services.AddSingleton<Cavra.Core.Notifications.NotificationDelivery>();
        services.AddSingleton<Cavra.Core.Notifications.NotificationAcknowledger>();
        services.AddSingleton<Cavra.Core.Notifications.EscalationPlanner>();
        services.AddSingleton<Cavra.Core.Notifications.NotificationDashboard>();
        services.AddSingleton<Cavra.Core.Notifications.NotificationRoutes>();
        services.AddSingleton<Cavra.Core.Notifications.AuditPackages>();
        services.AddSingleton<Cavra.Core.Notifications.AuditDelivery>();
        services.AddSingleton<Cavra.Core.Retries.RetryPlanner>();
        services.AddSingleton<Cavra.Core.Retries.RetryWorker>();
        services.AddSingleton<Cavra.Core.Retries.AuditRetryTarget>();
        services.AddSingleton<Cavra.Core.Retries.IRetryTarget>(provider => provider.GetRequiredService<Cavra.Core.Retries.AuditRetryTarget>());
        services.AddSingleton<IReadOnlyList<Cavra.Core.Retries.ScheduledWorker>>(provider => Cavra.Core.Retries.ScheduledWorker.Load(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetServices<Cavra.Core.Retries.IRetryTarget>().Select(t => t.Stream)));
        services.AddHostedService<WorkerScheduler>();
        services.AddSingleton<Cavra.Core.Streams.StreamStatus>();
        services.AddSingleton<Cavra.Core.Retries.WorkerHealth>();
        services.AddSingleton<Cavra.Core.Retries.HealthAlerts>();
        services.AddSingleton<Cavra.Core.Retries.RetryApprovals>();
        services.AddSingleton<Cavra.Core.Retries.ConnectorRecovery>();

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IConfiguration>((options, configuration) => options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(CorsOrigins(configuration))
                .WithMethods("GET", "POST", "PUT", "OPTIONS")
                .WithHeaders("Content-Type", "Authorization")));

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Cavra",
                Version = "v1",
                Description = "Provable communication around release rollback drills: notifications, acknowledgements, " +
                    "audit delivery and an append-only, hash-chained evidence store.",
            });
            options.SupportNonNullableReferenceTypes();
        });
        return builder;
    }

    /// <summary>
    /// Fails start-up with a clear message when the connector configuration is wrong, instead of failing the first
    /// delivery later. Environment variables named by <c>*_env</c> are still read at send time.
    /// </summary>
    public static void CheckConfiguration(this WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<ConnectorCatalog>();
            _ = app.Services.GetRequiredService<IReadOnlyList<Cavra.Core.Retries.ScheduledWorker>>();
        }
        catch (Exception error) when (error is ConnectorConfigurationException or Cavra.Core.SettingsException)
        {
            throw new InvalidOperationException($"Cavra cannot start: {error.Message}", error);
        }
    }

    public static WebApplication UseCavra(this WebApplication app)
    {
        // Outermost, so the logged status is the one the client receives, error responses included.
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<RequestBodyLimit>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "Cavra API");
        return app;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>Origins from <c>Cavra:Cors:Origins</c> (list or comma-separated) and <c>CAVRA_CORS_ORIGINS</c>.</summary>
    public static string[] CorsOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Cavra:Cors:Origins");
        var listed = section.GetChildren().Select(c => c.Value).Append(section.Value).Append(configuration["CAVRA_CORS_ORIGINS"]);
        return [.. listed
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
