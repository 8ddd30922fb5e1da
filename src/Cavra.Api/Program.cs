using Cavra.Api.AuditRetries;
using Cavra.Api.Closure;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Connectors;
using Cavra.Api.Drills;
using Cavra.Api.Evidence;
using Cavra.Api.Health;
using Cavra.Api.History;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Api.Streams;
using Cavra.Api.Recovery;
using Cavra.Api.Scheduler;
using Cavra.Core.Evidence;

try
{
    // The content root is where the service is installed, so a published copy started from any directory still
    // serves its console and reads its own appsettings.json.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddCavra();

    var app = builder.Build();
    app.CheckConfiguration();
    await app.Services.MigrateEvidenceStoreAsync();
    app.UseCavra();

    app.MapHealthApi();
    app.MapConsoleConfigApi();
    app.MapEvidenceApi();
    app.MapConnectorsApi();
    app.MapDrillsApi();
    app.MapNotificationsApi();
    app.MapDeliveryStreams();
    app.MapRetryGovernanceApi();
    app.MapConnectorRecoveryApi();
    app.MapRetryRecoveryReportApi();
    app.MapRecoveryEscalationApi();
    app.MapRecoveryExecutiveReportApi();
    app.MapFinalReportingApi();
    app.MapHistoryApi();
    app.MapSchedulerApi();

    await app.RunAsync();
    return 0;
}
catch (StartupSettingsException error)
{
    // A bad setting is the operator's to fix: one line naming it, not a stack trace.
    Console.Error.WriteLine(error.Message);
    return 1;
}

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
