var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => new { status = "ok", product = "CAVRA" });
app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory.</summary>
public partial class Program;
