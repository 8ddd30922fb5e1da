using Cavra.Api.ConsoleConfig;
using Cavra.Api.Hosting;
using Cavra.Core.Evidence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cavra.Api.Evidence;

/// <summary>The evidence chain: verify it, take a checkpoint, compare with an earlier one, read one record.</summary>
public static class EvidenceApi
{
    public const string Prefix = "/runtime/go-pilot/rollback-drill-notifications/evidence";

    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Evidence");
        group.MapGet("/verify", VerifyChain).WithName(nameof(VerifyChain))
            .WithSummary("Recompute the whole hash chain and name the first record that does not fit.")
            .ForConsole("evidence_verify");
        group.MapGet("/checkpoint", GetCheckpoint).WithName(nameof(GetCheckpoint))
            .WithSummary("The chain head (sequence and hash), HMAC-signed when Cavra:Evidence:CheckpointKey is set.")
            .ForConsole("evidence_checkpoint");
        group.MapPost("/checkpoint/verify", CompareCheckpoint).WithName(nameof(CompareCheckpoint))
            .WithSummary("Compare an exported checkpoint with the chain now: reveals a cut-off tail or a rewritten chain.")
            .Validate<EvidenceCheckpoint>()
            .ForConsole("evidence_checkpoint_verify");
        group.MapGet("/{session_id}", GetRecord).WithName(nameof(GetRecord))
            .WithSummary("One stored record by its session id.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForConsole("evidence_record");
        return routes;
    }

    public static async Task<Ok<ChainVerification>> VerifyChain(ChainVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(cancellationToken));

    public static async Task<Ok<EvidenceCheckpoint>> GetCheckpoint(EvidenceCheckpoints checkpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok(await checkpoints.CreateAsync(cancellationToken));

    public static async Task<Ok<CheckpointComparison>> CompareCheckpoint(
        EvidenceCheckpoint checkpoint, EvidenceCheckpoints checkpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok(await checkpoints.CompareAsync(checkpoint, cancellationToken));

    public static async Task<Results<Ok<EvidenceRecordResponse>, ProblemHttpResult>> GetRecord(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "session_id")] string sessionId,
        EvidenceQuery query,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var stored = await query.FindAsync(sessionId, cancellationToken);
        return stored is null
            ? TypedResults.Problem(
                title: "Record not found", detail: "No evidence record has that session_id.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(new EvidenceRecordResponse(
                EvidenceEnvelope.From(stored.Record, json.Value.SerializerOptions),
                new ChainPosition(stored.Sequence, stored.RecordHash)));
    }
}
