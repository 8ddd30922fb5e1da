using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;

namespace Cavra.Core.Retries;

/// <summary>An approval decision as asked (reference E3). Key fields left empty are taken from the approval plan.</summary>
public sealed record ApprovalDecisionInput(
    string Provider, string DecidedBy, string? State, string? RetryPlanId, string? DeliveryId, string? AuditId, string? ExternalRef, string? Notes);

/// <summary>A retry acknowledgement as asked (reference E1). Key fields left empty are taken from the retry plan.</summary>
public sealed record RetryAcknowledgementInput(
    string Provider, string AcknowledgedBy, string? State, string? DeliveryId, string? AuditId, string? ExternalRef, string? Notes);

/// <summary>
/// Retry governance of the audit stream (reference E1–E3): operators acknowledge retry decisions, an approval plan
/// says which retries need approval, and approval decisions grant live retries (used once, see <see cref="RetryWorker"/>).
/// Every reference is checked: unknown plans are 404, a key that is not in the referenced plan is 400.
/// </summary>
public sealed class RetryApprovals(EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    public const string Approved = "approved";
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    private const string S = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery";

    public static readonly AcknowledgementKind RetryAcknowledgement = new(
        $"{K}-retry-ack", "gordackretryack", $"{S}-retry-ack.v1", "retry_plan_id",
        ["accepted", "deferred", "escalated", "resolved", "dismissed"], "accepted");

    /// <summary>Retry acknowledgement states that let an approval be requested (reference §1.10).</summary>
    public static readonly IReadOnlyList<string> AcceptedStates = ["accepted", "resolved"];

    public static readonly IReadOnlyList<string> DecisionStates = [Approved, "denied", "deferred", "expired"];

    public static readonly RecordType ApprovalPlan = new(
        $"{K}-retry-execution-approval-plan", "gordackretryapproval", $"{S}-retry-execution-approval-plan.v1", "retry_execution_approval_plan");

    public static readonly RecordType Decision = new(
        $"{K}-retry-execution-approval-decision", "gordackretryapprovaldecision", $"{S}-retry-execution-approval-decision.v1",
        "retry_execution_approval_decision");

    private static readonly string[] ApprovalPlanIndex = ["approval_plan_id", "retry_plan_id", "alert_level", "approved_count", "waiting_count"];

    private static readonly string[] DecisionIndex =
        ["decision_id", "approval_plan_id", "retry_plan_id", "delivery_id", "audit_id", "provider", "approval_state", "external_ref"];

    private static DeliveryStream Stream => DeliveryStreams.Audit;

    /// <summary>
    /// The latest approval decision for the key when it is <c>approved</c>: the latest decision is the one that counts, so
    /// a later denial or expiry revokes an approval.
    /// </summary>
    public static async Task<StoredEvidence?> ApprovedAsync(
        EvidenceQuery query, string provider, string? deliveryId, string? auditId, CancellationToken cancellationToken)
    {
        var latest = await query.LatestAsync(new RecordFilter
        {
            Kinds = [Decision.Kind], Provider = ProviderNames.Normalize(provider), DeliveryId = deliveryId ?? "", AuditId = auditId ?? "",
        }, cancellationToken);
        return latest is not null && (string?)latest.Record["state"] == Approved ? latest : null;
    }

    /// <summary>Ack Retry (E1): records review of one decision of an existing retry plan; executes nothing.</summary>
    public async Task<(JsonObject Acknowledgement, StoredEvidence Record)> AcknowledgeAsync(
        string retryPlanId, RetryAcknowledgementInput input, CancellationToken cancellationToken)
    {
        var plan = await RequireAsync(retryPlanId, Stream.RetryPlan, "retry plan", cancellationToken);
        var decision = Match(plan["retry_decisions"]!.AsArray(), input.Provider, input.DeliveryId, input.AuditId, $"retry plan {retryPlanId}");
        var (acknowledgement, draft) = Acknowledgements.Build(
            RetryAcknowledgement, retryPlanId,
            new AcknowledgementInput(input.Provider, input.AcknowledgedBy, input.State, input.ExternalRef, input.Notes, null, new JsonObject
            {
                ["delivery_id"] = decision["delivery_id"]!.DeepClone(),
                ["audit_id"] = decision["audit_id"]!.DeepClone(),
            }),
            clock.GetUtcNow());
        return (acknowledgement, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>
    /// Plan Retry Approval (E2): every retry or wait decision of the latest retry plan, with what it needs before a live
    /// retry — nothing (already approved and unused), a retry acknowledgement, or an approval.
    /// </summary>
    public async Task<(JsonObject Plan, StoredEvidence Record)> PlanAsync(bool requireRetryAck, string generatedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var latestRetryPlan = await query.LatestAsync(RecordFilter.OfKind(Stream.RetryPlan.Kind), cancellationToken);
        var decisions = new JsonArray();
        int approvalRequired = 0, approved = 0, waiting = 0;
        var retryDecisions = latestRetryPlan?.Record[Stream.RetryPlan.PayloadKey]!["retry_decisions"]!.AsArray().OfType<JsonObject>() ?? [];
        foreach (var retry in retryDecisions.Where(d => (string)d["action"]! is "retry" or "wait"))
        {
            var provider = (string)retry["provider"]!;
            var deliveryId = (string?)retry["delivery_id"];
            var auditId = (string?)retry["audit_id"];
            string action, reason;
            if (await UnusedApprovalAsync(provider, deliveryId, auditId, retry, cancellationToken) is { } approval)
            {
                (action, reason) = ("already_approved", $"approval {approval} is waiting for a live retry");
                approved++;
            }
            else if (requireRetryAck && !await AcceptedAsync(provider, deliveryId, auditId, cancellationToken))
            {
                (action, reason) = ("wait_for_retry_ack", "record an accepted or resolved retry acknowledgement (Ack Retry) first");
                waiting++;
            }
            else
            {
                (action, reason) = ("request_approval", "live retry needs an approved decision");
                approvalRequired++;
            }

            decisions.Add(new JsonObject
            {
                ["retry_plan_id"] = latestRetryPlan!.SessionId,
                ["provider"] = provider,
                ["delivery_id"] = deliveryId,
                ["audit_id"] = auditId,
                ["action"] = action,
                ["reason"] = reason,
                ["approval_required"] = action == "request_approval",
                ["retry_count"] = retry["retry_count"]!.DeepClone(),
                ["next_retry_at"] = retry["next_retry_at"]!.DeepClone(),
                ["failed_status_codes"] = retry["failed_status_codes"]!.DeepClone(),
                ["retry_action"] = retry["action"]!.DeepClone(),
            });
        }

        var generatedAt = EvidenceTime.ToText(now);
        var plan = new JsonObject
        {
            ["schema_version"] = ApprovalPlan.Schema,
            ["product"] = EvidenceStore.Product,
            ["approval_plan_id"] = EvidenceIds.Derive(ApprovalPlan.IdPrefix, new JsonObject
            {
                ["generated_at"] = generatedAt, ["approval_decisions"] = decisions.DeepClone(),
            }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["retry_plan_id"] = latestRetryPlan?.SessionId ?? "",
            ["alert_level"] = approvalRequired > 0 ? "critical" : waiting > 0 ? "warning" : "healthy",
            ["decision_count"] = decisions.Count,
            ["approval_required_count"] = approvalRequired,
            ["approved_count"] = approved,
            ["waiting_count"] = waiting,
            ["require_retry_ack"] = requireRetryAck,
            ["approval_decisions"] = decisions,
            ["controls"] = new JsonArray(
                "Approval plans only record which retries need approval; nothing is sent.",
                "A live retry needs an approved decision for the same provider, delivery_id and audit_id; each approval is used once."),
        };
        var body = RecordBody.Of(ApprovalPlan.PayloadKey, plan, ApprovalPlanIndex);

        body["providers"] = new JsonArray([.. decisions.Select(d => (string)d!["provider"]!).Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]);
        var draft = new EvidenceDraft(
            (string)plan["approval_plan_id"]!, ApprovalPlan.Kind, now, generatedBy, decisions.Count, waiting, approvalRequired, body);
        return (plan, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>Approve Retry (E3): a decision on one key of an existing approval plan.</summary>
    public async Task<(JsonObject Decision, StoredEvidence Record)> DecideAsync(
        string approvalPlanId, ApprovalDecisionInput input, CancellationToken cancellationToken)
    {
        var state = string.IsNullOrWhiteSpace(input.State) ? Approved : ProviderNames.Normalize(input.State);
        if (!DecisionStates.Contains(state))
        {
            throw new InvalidFieldException("approval_state", $"approval_state must be {string.Join(", ", DecisionStates)}");
        }

        var plan = await RequireAsync(approvalPlanId, ApprovalPlan, "retry execution approval plan", cancellationToken);
        var entry = Match(plan["approval_decisions"]!.AsArray(), input.Provider, input.DeliveryId, input.AuditId, $"approval plan {approvalPlanId}");
        if (input.RetryPlanId is { Length: > 0 } retryPlanId && retryPlanId != (string)entry["retry_plan_id"]!)
        {
            throw new InvalidFieldException("retry_plan_id", $"approval plan {approvalPlanId} lists this delivery under retry plan {(string)entry["retry_plan_id"]!}, not {retryPlanId}");
        }

        var provider = (string)entry["provider"]!;
        var deliveryId = (string?)entry["delivery_id"];
        var auditId = (string?)entry["audit_id"];
        if (state == Approved && (bool)plan["require_retry_ack"]! && !await AcceptedAsync(provider, deliveryId, auditId, cancellationToken))
        {
            // The acknowledgement is checked now, not as the plan saw it: an Ack Retry after the plan counts.
            throw new InvalidFieldException("approval_state", "a retry acknowledgement in state accepted or resolved is required before approval (Ack Retry)");
        }

        var now = clock.GetUtcNow();
        var decidedAt = EvidenceTime.ToText(now);
        var decisionId = EvidenceIds.Derive(Decision.IdPrefix, approvalPlanId, (string)entry["retry_plan_id"]!, provider, deliveryId ?? "", state, input.DecidedBy, decidedAt);
        var decision = new JsonObject
        {
            ["schema_version"] = Decision.Schema,
            ["product"] = EvidenceStore.Product,
            ["decision_id"] = decisionId,
            ["approval_plan_id"] = approvalPlanId,
            ["retry_plan_id"] = entry["retry_plan_id"]!.DeepClone(),
            ["delivery_id"] = deliveryId,
            ["audit_id"] = auditId,
            ["provider"] = provider,
            ["approval_state"] = state,
            ["decided_by"] = input.DecidedBy,
            ["decided_at"] = decidedAt,
            ["external_ref"] = input.ExternalRef ?? "",
            ["notes"] = input.Notes ?? "",
            ["controls"] = new JsonArray("An approved decision authorises one live retry of this provider, delivery_id and audit_id."),
        };
        var body = RecordBody.Of(Decision.PayloadKey, decision, DecisionIndex);
        // The approval plan id doubles as plan_id, and the generic state column indexes approval states too.
        body["plan_id"] = approvalPlanId;
        body["state"] = state;
        var draft = new EvidenceDraft(decisionId, Decision.Kind, now, input.DecidedBy, 1, state == Approved ? 0 : 1, 0, body);
        return (decision, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>The payload of a stored record of <paramref name="type"/>, or 404.</summary>
    private async Task<JsonObject> RequireAsync(string id, RecordType type, string what, CancellationToken cancellationToken) =>
        (await query.RequireAsync(id, type.Kind, what, cancellationToken)).Record[type.PayloadKey]!.AsObject();

    /// <summary>
    /// The plan entry for a provider (and delivery/audit when given). Left-out keys are filled from the plan when only
    /// one entry of that provider fits; otherwise the field to give is named.
    /// </summary>
    private static JsonObject Match(JsonArray entries, string provider, string? deliveryId, string? auditId, string plan)
    {
        var normalized = PlanProviders.Require(provider, entries.OfType<JsonObject>().Select(e => (string)e["provider"]!), plan, "retry decision");
        var ofProvider = entries.OfType<JsonObject>().Where(e => (string?)e["provider"] == normalized).ToList();

        var matching = ofProvider
            .Where(e => deliveryId is not { Length: > 0 } || (string?)e["delivery_id"] == deliveryId)
            .Where(e => auditId is not { Length: > 0 } || (string?)e["audit_id"] == auditId)
            .ToList();
        return matching.Count switch
        {
            1 => matching[0],
            0 => throw new InvalidFieldException(
                deliveryId is { Length: > 0 } && ofProvider.All(e => (string?)e["delivery_id"] != deliveryId) ? "delivery_id" : "audit_id",
                $"{plan} has no retry decision for provider '{normalized}' with that delivery_id and audit_id"),
            _ => throw new InvalidFieldException("delivery_id", $"{plan} has {matching.Count} retry decisions for provider '{normalized}': give delivery_id and audit_id"),
        };
    }

    /// <summary>Whether the latest retry acknowledgement of the key is accepted or resolved.</summary>
    private async Task<bool> AcceptedAsync(string provider, string? deliveryId, string? auditId, CancellationToken cancellationToken)
    {
        var latest = await query.LatestAsync(new RecordFilter
        {
            Kinds = [RetryAcknowledgement.Kind], Provider = provider, DeliveryId = deliveryId ?? "", AuditId = auditId ?? "",
        }, cancellationToken);
        return latest is not null && AcceptedStates.Contains((string)latest.Record["acknowledgement_state"]!);
    }

    /// <summary>The latest approval of the key when it is approved and no execution has used it yet.</summary>
    private async Task<string?> UnusedApprovalAsync(string provider, string? deliveryId, string? auditId, JsonObject retry, CancellationToken cancellationToken)
    {
        var approved = await ApprovedAsync(query, provider, deliveryId, auditId, cancellationToken);
        return approved is not null &&
            await RetryWorker.UsedByAsync(query, Stream, new RetryGrant(approved.SessionId, "", ""), retry, cancellationToken) is null
            ? approved.SessionId
            : null;
    }
}
