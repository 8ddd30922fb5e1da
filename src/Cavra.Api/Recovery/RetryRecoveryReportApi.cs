using System.Text.Json;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Recovery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Recovery;

/// <summary>Retry recovery reporting (reference H1).</summary>
public static class RetryRecoveryReportApi
{
    public static IEndpointRouteBuilder MapRetryRecoveryReportApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Streams.StreamRouteCatalogue.AuditPrefix).WithTags("Retry recovery reporting");
        group.MapGet("/retry-recovery-report", GetRetryRecoveryReport).WithName(nameof(GetRetryRecoveryReport))
            .WithSummary("Retry Recovery SLO: retry executions by provider, each playbook provider's recovery with its age and SLO state (an open recovery older than recovery_slo_minutes breaches; a closed one never does), daily closure trends and the 20 newest executions. Stored as evidence unless persist=false.")
            .Validate<RetryRecoveryReportQuery>()
            .ForConsole("go_rollback_drill_notification_acknowledgement_audit_retry_recovery_report");
        return routes;
    }

    public static async Task<Ok<RetryRecoveryReportResponse>> GetRetryRecoveryReport(
        [AsParameters] RetryRecoveryReportQuery query, RetryRecoveryReports reports, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (report, record) = await reports.ReportAsync(
            query.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(query.GeneratedBy), query.Persist ?? true,
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RetryRecoveryReportResponse(
            JsonSerializer.Deserialize<RetryRecoveryReport>(report, options)!,
            EvidenceEnvelope.OfStored(record, options), null));
    }
}
