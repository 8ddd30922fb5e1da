using Cavra.Api.AuditRetries;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Connectors;
using Cavra.Api.Drills;
using Cavra.Api.Evidence;
using Cavra.Api.Health;
using Cavra.Api.History;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Core.Evidence;

var builder = WebApplication.CreateBuilder(args);
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
app.MapRetryWorkerApi();
app.MapWorkerHealthApi();
app.MapRetryGovernanceApi();
app.MapConnectorRecoveryApi();
app.MapHistoryApi();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
