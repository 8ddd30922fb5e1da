using System.Text.Json;
using System.Text.Json.Serialization;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Api.OpenApi;
using Serilog;

namespace Cavra.Api.Hosting;

/// <summary>A setting the service cannot start with; Program prints its one-line message and exits with code 1.</summary>
public sealed class StartupSettingsException(string message, Exception inner) : InvalidOperationException(message, inner);

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

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseProblemBodies()));
        builder.Logging.ClearProviders();
        // Events also reach other logging providers (the tests capture log lines through one).
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
                .Enrich.FromLogContext()
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
            preserveStaticLogger: true,
            writeToProviders: true);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["trace_id"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Detail ??= ProblemResponses.DefaultDetail(context.ProblemDetails.Status);
            ProblemResponses.WithholdSecrets(context.ProblemDetails);
        });
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
        // Every stream whose health alerts have a re-delivery stream of their own gets its target.
        foreach (var owner in Cavra.Core.Retries.DeliveryStreams.All.Where(s => s.HealthAlerts?.Retries is not null))
        {
            services.AddSingleton<Cavra.Core.Retries.IRetryTarget>(provider =>
                ActivatorUtilities.CreateInstance<Cavra.Core.Retries.HealthAlertRetryTarget>(provider, owner));
        }

        services.AddSingleton<Cavra.Core.Retries.RetryTargets>();
        services.AddSingleton<Cavra.Core.Recovery.RecoveryEscalationRetryTarget>();
        services.AddSingleton<Cavra.Core.Retries.IRetryTarget>(provider => provider.GetRequiredService<Cavra.Core.Recovery.RecoveryEscalationRetryTarget>());
        services.AddSingleton<Cavra.Core.Recovery.ExecutiveReportRetryTarget>();
        services.AddSingleton<Cavra.Core.Retries.IRetryTarget>(provider => provider.GetRequiredService<Cavra.Core.Recovery.ExecutiveReportRetryTarget>());
        services.AddSingleton<IReadOnlyList<Cavra.Core.Retries.ScheduledWorker>>(provider => Cavra.Core.Retries.ScheduledWorker.Load(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetServices<Cavra.Core.Retries.IRetryTarget>().Select(t => t.Stream)));
        services.AddSingleton<IReadOnlyList<Cavra.Core.Retries.IScheduledJob>>(provider =>
        {
            var targets = provider.GetRequiredService<Cavra.Core.Retries.RetryTargets>();
            var worker = provider.GetRequiredService<Cavra.Core.Retries.RetryWorker>();
            var executive = Cavra.Core.Recovery.ExecutiveReportSchedule.Load(
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<Cavra.Core.Recovery.ExecutiveChannels>().Configured);
            return [
                .. provider.GetRequiredService<IReadOnlyList<Cavra.Core.Retries.ScheduledWorker>>().Select(scheduled =>
                    (Cavra.Core.Retries.IScheduledJob)new Cavra.Core.Retries.ScheduledWorkerJob(scheduled, targets.For(scheduled.Stream), worker)),
                .. executive is null ? [] : new[] { new Cavra.Core.Recovery.ExecutiveReportJob(executive, provider.GetRequiredService<Cavra.Core.Recovery.ExecutiveReports>()) },
            ];
        });
        services.AddSingleton<Cavra.Core.Retries.SchedulerState>();
        services.AddHostedService<WorkerScheduler>();
        services.AddSingleton<Cavra.Core.Streams.StreamStatus>();
        services.AddSingleton<Cavra.Core.Retries.WorkerHealth>();
        services.AddSingleton<Cavra.Core.Retries.HealthAlerts>();
        services.AddSingleton<Cavra.Core.Retries.RetryApprovals>();
        services.AddSingleton<Cavra.Core.Retries.ConnectorRecovery>();
        services.AddSingleton<Cavra.Core.Recovery.EscalationChannels>();
        services.AddSingleton<Cavra.Core.Recovery.RetryRecoveryReports>();
        services.AddSingleton<Cavra.Core.Recovery.RecoveryEscalations>();
        services.AddSingleton<Cavra.Core.Recovery.ExecutiveChannels>();
        services.AddSingleton<Cavra.Core.Recovery.ExecutiveReports>();
        services.AddSingleton<Cavra.Core.Closure.FinalClosure>();
        services.AddSingleton<Cavra.Core.Closure.ReleaseReadiness>();
        services.AddSingleton<Cavra.Core.Closure.OperatorRunbook>();

        services.AddAllowedHosts();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IConfiguration>((options, configuration) => options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(CorsOrigins(configuration))
                .WithMethods("GET", "POST", "PUT", "OPTIONS")
                .WithHeaders("Content-Type", "Authorization")));

        services.AddCavraOpenApi();
        return builder;
    }

    /// <summary>
    /// Fails start-up with one clear line when a setting is wrong, instead of failing the first request later.
    /// Environment variables named by <c>*_env</c> are still read at send time.
    /// </summary>
    public static void CheckConfiguration(this WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<ConnectorCatalog>();
            _ = app.Services.GetRequiredService<Cavra.Core.Recovery.EscalationChannels>();
            _ = app.Services.GetRequiredService<Cavra.Core.Recovery.ExecutiveChannels>();
            _ = app.Services.GetRequiredService<IReadOnlyList<Cavra.Core.Retries.ScheduledWorker>>();
            _ = app.Services.GetRequiredService<IReadOnlyList<Cavra.Core.Retries.IScheduledJob>>();
            app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EvidenceDbContext>>().CreateDbContext().Dispose();
            LimitOptions limits;
            try
            {
                limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitOptions>>().Value;
            }
            catch (InvalidOperationException)
            {
                throw new Cavra.Core.SettingsException("Cavra:Limits:MaxRequestBodyBytes must be a whole number of bytes");
            }

            if (limits.MaxRequestBodyBytes <= 0)
            {
                throw new Cavra.Core.SettingsException(
                    $"Cavra:Limits:MaxRequestBodyBytes is {limits.MaxRequestBodyBytes}; it must be a positive number of bytes");
            }
        }
        catch (Exception error) when (error is ConnectorConfigurationException or Cavra.Core.SettingsException)
        {
            throw new StartupSettingsException($"Cavra cannot start: {error.Message}", error);
        }
    }

    public static WebApplication UseCavra(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            ServerRejections.MarkApplicationRequest(context);
            return next(context);
        });
        // Outermost, so the logged status is the one the client receives, error responses included.
        // The host's own logger, not Serilog's static one (several hosts can share a process, as in the tests).
        var requestLogger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(options => RequestLogging.Configure(options, requestLogger));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AllowedHosts>();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<RequestGuard>();
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
        // The schemas say additionalProperties: false; a misspelt field must be an error, not a silent default.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>Origins from <c>Cavra:Cors:Origins</c> (list or comma-separated) and <c>CAVRA_CORS_ORIGINS</c>.</summary>
    public static string[] CorsOrigins(IConfiguration configuration)
    {
        return [.. Cavra.Core.SettingsList.Of(configuration.GetSection("Cavra:Cors:Origins"))
            .Concat(Cavra.Core.SettingsList.Of(configuration.GetSection("CAVRA_CORS_ORIGINS")))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
