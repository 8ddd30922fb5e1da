using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.PublicSafe;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;

namespace Cavra.Core.Closure;

/// <summary>The newest records behind a stage (up to 20 ids) and how many there are in all.</summary>
public sealed record StageEvidence(long Count, IReadOnlyList<string> Ids)
{
    public static readonly StageEvidence None = new(0, []);
}

/// <summary>Everything a readiness summary is built from: the closure inputs, the chain verification and each check's evidence.</summary>
public sealed record ReadinessInputs(ClosureInputs Closure, ChainVerification Chain, IReadOnlyDictionary<string, StageEvidence> Evidence);

/// <summary>
/// Release Readiness (reference L1): one check per stage of the reporting loop, each passed, failed or not applicable,
/// with its count, the evidence ids behind it and the action that settles it; <c>ready</c> only when none failed. The
/// checks read the closure dashboard's open items (one rule) and the chain verification. The summary id fingerprints
/// the checks (not the time or actor), so an unchanged state is one stored summary.
/// </summary>
public sealed class ReleaseReadiness(FinalClosure closure, ChainVerifier verifier, EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    public const string Ready = "ready";
    public const string Blocked = "blocked";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string NotApplicable = "not_applicable";

    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    /// <summary>
    /// A readiness check: which open items block it, which records are its evidence once it passes, and what it says.
    /// <paramref name="NeedsEvidence"/> fails the check while it has no evidence at all (nothing was delivered yet).
    /// </summary>
    private sealed record Check(string Name, Func<OpenItem, bool> Blocks, RecordFilter? Evidence, string PassedMessage, bool NeedsEvidence = false);

    private static IReadOnlyList<DeliveryStream> ScheduledStreams => [.. DeliveryStreams.All.Where(s => s.ScheduledRuns is not null)];

    private static readonly IReadOnlyList<string> AlertNames = [.. DeliveryStreams.AlertStreams.Select(a => a.ClosureName)];

    private static readonly IReadOnlyList<Check> Checks =
    [
        new("drill_notifications_acknowledged", i => i.Stage == ClosureStages.DrillNotification,
            RecordFilter.OfKind(Acknowledgements.Notification.Kind),
            "every provider of each schedule's latest drill notification plan has acknowledged it"),
        new("audit_delivered", i => i.Item == $"{DeliveryStreams.Audit.Name}_delivery_failed",
            new RecordFilter { DeliverySources = [DeliveryStreams.Audit.Source], DeliverySuccess = true },
            "the acknowledgement audit package was delivered and no audit delivery is still failing", NeedsEvidence: true),
        new("failed_deliveries_retried_or_closed", i => i.Stage is ClosureStages.Delivery or ClosureStages.Retry,
            RecordFilter.OfKind([.. DeliveryStreams.All.Select(s => s.ExecutionRecord.Kind), ConnectorRecovery.Closure.Kind]),
            "every failed delivery was retried until delivered or closed by a recovery closure, and no retry is failing or waiting"),
        new("recoveries_closed_within_slo", i => i.Stage == ClosureStages.Recovery,
            RecordFilter.OfKind(ConnectorRecovery.Playbook.Kind, ConnectorRecovery.Closure.Kind),
            "every connector recovery is closed (resolved or mitigated) and none breached its SLO"),
        new("escalations_acknowledged", i => i.Stage == ClosureStages.Escalation,
            RecordFilter.OfKind(RecoveryRecords.EscalationAcknowledgement.Kind),
            "every delivered recovery escalation was acknowledged, accepted or resolved by each channel it went to"),
        new("executive_report_window_delivered", i => i.Stage == ClosureStages.ExecutiveReport,
            ScheduledStreams.Count == 0 ? null : new RecordFilter { DeliverySources = [.. ScheduledStreams.Select(s => s.Source)], DeliverySuccess = true },
            "the latest executive report window was delivered (or none has been scheduled yet)"),
        new("alerts_settled", i => i.Stage == ClosureStages.Alert || AlertNames.Any(n => i.Item.StartsWith(n + "_", StringComparison.Ordinal)),
            RecordFilter.OfKind([.. DeliveryStreams.AlertStreams.Select(a => a.Acknowledgement.Kind)]),
            "no health alert delivery is failing and every delivered alert is acknowledged"),
        new("closure_dashboard_closed", _ => true, null, "the final closure dashboard is closed: nothing is open"),
    ];

    /// <summary>The check names, in order (the chain check last).</summary>
    public static IReadOnlyList<string> CheckNames => [.. Checks.Select(c => c.Name), "evidence_chain_verified"];

    public static readonly IReadOnlyList<string> Controls =
    [
        "The readiness summary is derived from the final closure dashboard, the stored evidence and the chain verification.",
        "Checks carry names, states, counts, evidence ids, providers and routes only; no connector secret or ticket content.",
        "summary_id fingerprints the checks, not the time or the actor: an unchanged state is the same stored summary.",
    ];

    /// <summary>Reads the inputs: the closure inputs, each check's newest evidence, and the chain verification.</summary>
    public async Task<ReadinessInputs> ReadAsync(int recoverySloMinutes, CancellationToken cancellationToken)
    {
        var inputs = await closure.ReadAsync(recoverySloMinutes, cancellationToken);
        var evidence = new Dictionary<string, StageEvidence>(StringComparer.Ordinal);
        foreach (var check in Checks.Where(c => c.Evidence is not null))
        {
            var page = await query.PageAsync(check.Evidence!, OpenItem.IdsShown, 0, cancellationToken);
            evidence[check.Name] = new StageEvidence(page.Total, [.. page.Items.Select(r => r.SessionId)]);
        }

        return new ReadinessInputs(inputs, await verifier.VerifyAsync(cancellationToken), evidence);
    }

    /// <summary>The summary now, stored as evidence unless <paramref name="persist"/> is false (then the record is null).</summary>
    public async Task<(JsonObject Summary, StoredEvidence? Record)> SummarizeAsync(
        int recoverySloMinutes, string generatedBy, bool persist, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var summary = Build(await ReadAsync(recoverySloMinutes, cancellationToken), generatedBy, now);
        SecretScanner.EnsureNone(summary);
        return (summary, persist ? await store.AppendAsync(Record(summary, now), cancellationToken) : null);
    }

    /// <summary>The readiness summary from already-read inputs at <paramref name="now"/> (pure).</summary>
    public static JsonObject Build(ReadinessInputs inputs, string generatedBy, DateTimeOffset now)
    {
        var items = FinalClosure.Items(inputs.Closure);
        var checks = Checks.Select(c => Evaluate(c, items, inputs.Evidence.GetValueOrDefault(c.Name) ?? StageEvidence.None)).ToList();
        checks.Add(ChainCheck(inputs.Chain));
        var failed = checks.Where(c => (string)c["state"]! == Failed).Select(c => (string)c["check"]!).ToList();
        var state = failed.Count == 0 ? Ready : Blocked;
        var checkArray = new JsonArray([.. checks.Select(c => (JsonNode)c)]);
        return new JsonObject
        {
            ["schema_version"] = ClosureRecords.ReadinessSummary.Schema,
            ["product"] = EvidenceStore.Product,
            ["summary_id"] = EvidenceIds.Derive(ClosureRecords.ReadinessSummary.IdPrefix, new JsonObject
            {
                ["readiness_state"] = state,
                ["checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject
                {
                    ["check"] = c["check"]!.DeepClone(), ["state"] = c["state"]!.DeepClone(), ["count"] = c["count"]!.DeepClone(),
                    ["evidence_ids"] = c["evidence_ids"]!.DeepClone(),
                })]),
            }),
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = generatedBy,
            ["readiness_state"] = state,
            ["check_count"] = checks.Count,
            ["passed_count"] = checks.Count(c => (string)c["state"]! == Passed),
            ["failed_count"] = failed.Count,
            ["not_applicable_count"] = checks.Count(c => (string)c["state"]! == NotApplicable),
            ["failed_checks"] = OpenItem.Strings(failed),
            ["checks"] = checkArray,
            ["closure_state"] = items.Count == 0 ? FinalClosure.Closed : FinalClosure.Open,
            ["open_item_count"] = items.Count,
            ["open_items"] = new JsonArray([.. items.Select(i => (JsonNode)i.ToJson())]),
            ["evidence_chain"] = new JsonObject
            {
                ["verified"] = inputs.Chain.Verified,
                ["record_count"] = inputs.Chain.RecordCount,
                ["head_sequence"] = inputs.Chain.HeadSequence,
                ["first_invalid_sequence"] = inputs.Chain.FirstInvalidSequence,
                ["reason"] = inputs.Chain.Reason,
            },
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    /// <summary>The stored form: decisions are the checks, blocked the failed ones; the readiness state is indexed as the record's state.</summary>
    public static EvidenceDraft Record(JsonObject summary, DateTimeOffset now)
    {
        var body = RecordBody.Of(ClosureRecords.ReadinessSummary.PayloadKey, summary, ["summary_id", "readiness_state", "generated_at"]);
        body["state"] = summary["readiness_state"]!.DeepClone();
        return new EvidenceDraft(
            (string)summary["summary_id"]!, ClosureRecords.ReadinessSummary.Kind, now, (string)summary["generated_by"]!,
            (int)summary["check_count"]!, (int)summary["failed_count"]!, 0, body);
    }

    private static JsonObject Evaluate(Check check, IReadOnlyList<OpenItem> items, StageEvidence evidence)
    {
        var blocking = items.Where(check.Blocks).ToList();
        if (check.Name == "executive_report_window_delivered" && !ExecutiveReportStreamExists)
        {
            return CheckJson(check.Name, NotApplicable, 0, [],
                "the executive report stream is not in the delivery stream catalogue yet: no executive report window to deliver", null, null);
        }

        if (blocking.Count > 0)
        {
            return CheckJson(check.Name, Failed, blocking.Sum(i => i.Count),
                [.. blocking.SelectMany(i => i.Ids).Distinct(StringComparer.Ordinal).Take(OpenItem.IdsShown)],
                string.Join("; ", blocking.Select(i => $"{i.Item}: {i.Message}")), blocking[0].Action, blocking[0].Route);
        }

        if (check.NeedsEvidence && evidence.Count == 0)
        {
            return CheckJson(check.Name, Failed, 0, [], "no acknowledgement audit delivery has succeeded yet",
                "Deliver Audit", $"POST {P}/acknowledgements/audit-delivery");
        }

        return CheckJson(check.Name, Passed, evidence.Count, evidence.Ids, check.PassedMessage, null, null);
    }

    private static JsonObject ChainCheck(ChainVerification chain) => chain.Verified
        ? CheckJson("evidence_chain_verified", Passed, 0, [], $"the evidence chain of {chain.RecordCount} records verifies end to end", null, null)
        : CheckJson("evidence_chain_verified", Failed, 1, [],
            $"the evidence chain breaks at sequence {chain.FirstInvalidSequence}: {chain.Reason}", "Verify Evidence", $"GET {P}/evidence/verify");

    /// <summary>Whether the catalogue holds a stream with scheduled runs (the executive report stream).</summary>
    public static bool ExecutiveReportStreamExists => ScheduledStreams.Count > 0;

    private static JsonObject CheckJson(string check, string state, long count, IReadOnlyList<string> ids, string message, string? action, string? route) => new()
    {
        ["check"] = check,
        ["state"] = state,
        ["count"] = count,
        ["evidence_ids"] = OpenItem.Strings(ids),
        ["message"] = message,
        ["action"] = action,
        ["route"] = route,
    };
}
