using System.Text.Json;
using Cavra.Api.ConsoleConfig;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Closure;
using Cavra.Core.Recovery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Closure;

/// <summary>Final reporting: the closure dashboard, release readiness and the operator runbook export (reference K, L1, L2).</summary>
public static class FinalReportingApi
{
    private const string Key = "go_rollback_drill_notification_acknowledgement_audit_final_reporting";

    public static IEndpointRouteBuilder MapFinalReportingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Streams.StreamRouteCatalogue.AuditPrefix).WithTags("Final reporting");
        group.MapGet("/final-reporting-closure-dashboard", GetFinalClosureDashboard).WithName(nameof(GetFinalClosureDashboard))
            .WithSummary("Final Closure: closed only when nothing in the reporting loop is open; every open item (unacknowledged drill notifications, failed deliveries and retries, retries held at the gate, approved but unexecuted retries, open or breached recoveries, unacknowledged escalations and alerts) with its evidence ids and the action that closes it. Not stored.")
            .Validate<FinalClosureQuery>()
            .ForConsole($"{Key}_closure_dashboard");
        group.MapGet("/final-reporting-release-readiness", GetReleaseReadiness).WithName(nameof(GetReleaseReadiness))
            .WithSummary("Release Readiness: one check per stage (passed, failed or not_applicable) with its count, evidence ids and the action that settles it; ready only when no check failed. Stored by default (persist=false previews); an unchanged state is the same summary id.")
            .Validate<ReleaseReadinessQuery>()
            .ForConsole($"{Key}_release_readiness");
        group.MapPost("/final-reporting-operator-runbook-export", ExportOperatorRunbook).WithName(nameof(ExportOperatorRunbook))
            .WithSummary("Export Runbook: a public-safe runbook of the loop as it stands (done with evidence ids, remaining with the route or console action, evidence to attach) as JSON and Markdown, stored with the readiness summary it was made from.")
            .Validate<RunbookExportRequest>()
            .ForConsole($"{Key}_operator_runbook_export");
        return routes;
    }

    public static async Task<Ok<FinalClosureDashboard>> GetFinalClosureDashboard(
        [AsParameters] FinalClosureQuery query, FinalClosure closure, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.Ok(JsonSerializer.Deserialize<FinalClosureDashboard>(
            await closure.BuildAsync(query.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, cancellationToken), json.Value.SerializerOptions)!);

    public static async Task<Ok<ReleaseReadinessResponse>> GetReleaseReadiness(
        [AsParameters] ReleaseReadinessQuery query, ReleaseReadiness readiness, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (summary, record) = await readiness.SummarizeAsync(
            query.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(query.GeneratedBy), query.Persist ?? true,
            cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new ReleaseReadinessResponse(
            JsonSerializer.Deserialize<ReleaseReadinessSummary>(summary, options)!,
            EvidenceEnvelope.OfStored(record, options), null));
    }

    public static async Task<Ok<RunbookExportResponse>> ExportOperatorRunbook(
        RunbookExportRequest request, OperatorRunbook runbooks, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var outcome = await runbooks.ExportAsync(
            request.RecoverySloMinutes ?? RetryRecoveryReports.DefaultSloMinutes, Actors.OrUnspecified(request.GeneratedBy),
            Inputs.Trimmed(request.Format)?.ToLowerInvariant() ?? OperatorRunbook.Markdown, cancellationToken);
        var options = json.Value.SerializerOptions;
        return TypedResults.Ok(new RunbookExportResponse(
            JsonSerializer.Deserialize<OperatorRunbookExport>(outcome.Runbook, options)!,
            JsonSerializer.Deserialize<ReleaseReadinessSummary>(outcome.Readiness, options)!,
            EvidenceEnvelope.From(outcome.Record.Record, options), EvidenceEnvelope.From(outcome.ReadinessRecord.Record, options), null));
    }
}
