using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;

namespace Cavra.Core.Retries;

/// <summary>
/// When a job runs: every <paramref name="IntervalMinutes"/>, or at each occurrence of a cron expression in a time
/// zone; whether the schedule is enabled; and the cadence label.
/// </summary>
public sealed record WorkerSchedule(int IntervalMinutes, bool Enabled, string Cadence)
{
    /// <summary>A cron expression (5 fields) whose occurrences start the windows instead of the interval.</summary>
    public Cronos.CronExpression? Cron { get; init; }

    /// <summary>The time zone the cron expression is read in; UTC by default.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The schedule window holding <paramref name="now"/> (reference §1.6): intervals under an hour align to multiples
    /// of the interval within the hour, longer ones to the top of the hour; a cron schedule's window runs from the
    /// latest occurrence to the next.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(DateTimeOffset now)
    {
        if (Cron is { } cron)
        {
            var previous = cron.GetPreviousOccurrence(now, TimeZone, inclusive: true) ?? now;
            var next = cron.GetNextOccurrence(now, TimeZone, inclusive: false) ?? previous.AddMinutes(IntervalMinutes);
            return (previous.ToUniversalTime(), next.ToUniversalTime());
        }

        var minute = IntervalMinutes < 60 ? now.Minute / IntervalMinutes * IntervalMinutes : 0;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, minute, 0, TimeSpan.Zero);
        return (start, start.AddMinutes(IntervalMinutes));
    }

    /// <summary>The schedule as runs record it.</summary>
    public JsonObject ToJson(DateTimeOffset now)
    {
        var (start, end) = Window(now);
        var json = new JsonObject
        {
            ["interval_minutes"] = IntervalMinutes,
            ["window_start"] = EvidenceTime.ToText(start),
            ["window_end"] = EvidenceTime.ToText(end),
            ["enabled"] = Enabled,
            ["cadence"] = Cadence,
        };
        if (Cron is not null)
        {
            json["cron"] = Cron.ToString();
            json["time_zone"] = TimeZone.Id;
        }

        return json;
    }
}

public sealed record WorkerRunRequest(
    bool DryRun, RetryPolicy Policy, WorkerSchedule Schedule, int MaxRetryDeliveries, DeliveryOptions Options, string GeneratedBy)
{
    public const int MaxDeliveries = 25;
}

/// <summary>What authorises one live retry (for audit deliveries: an approved decision).</summary>
public sealed record RetryGrant(string DecisionId, string PlanId, string EvidenceRef);

/// <summary>The context a retry is re-delivered in.</summary>
public sealed record RedeliveryContext(string RunId, string RetryPlanId, DeliveryOptions Options, string GeneratedBy, DateTimeOffset Now);

/// <summary>
/// The outcome of re-delivering one decision: a skip reason, or the records it produced (a delivery plan, the
/// delivery) and the evidence references that point at them.
/// </summary>
public sealed record Redelivery(
    string Skipped,
    JsonObject? DeliveryPlan,
    ConnectorDeliveryResult? Delivery,
    EvidenceDraft? DeliveryPlanDraft,
    EvidenceDraft? DeliveryDraft,
    IReadOnlyList<string> EvidenceRefs)
{
    public static Redelivery Skip(string reason) => new(reason, null, null, null, null, []);

    /// <summary>
    /// Re-sends the event of a stored record (of the source's type, whose id the decision holds in the source's key
    /// field) to the decision's provider: the source's not-found skip when the record is not stored, a skip when the
    /// provider cannot be delivered to, else the delivery and its record.
    /// </summary>
    public static async Task<Redelivery> OfStoredAsync(
        StoredSource source, JsonObject decision, RedeliveryContext context,
        Func<JsonObject, JsonObject> buildEvent, Func<ConnectorDeliveryResult, JsonObject, EvidenceDraft> deliveryRecord,
        CancellationToken cancellationToken)
    {
        var id = (string?)decision[source.KeyField] ?? "";
        var stored = id.Length == 0 ? null : await source.Query.FindAsync(id, cancellationToken);
        if (stored is null || stored.MetadataKind != source.Type.Kind)
        {
            return Skip(source.NotFound);
        }

        var provider = ProviderNames.Normalize((string)decision["provider"]!);
        if (Undeliverable(source.Catalog, provider) is { } skip)
        {
            return skip;
        }

        var payload = stored.Record[source.Type.PayloadKey]!.AsObject();
        var redelivered = buildEvent(payload);
        PublicSafe.SecretScanner.EnsureNone(redelivered);
        var delivery = await source.Sender.DeliverAsync(redelivered, [provider], context.Options, cancellationToken);
        var draft = deliveryRecord(delivery, payload);
        return new Redelivery("", null, delivery, null, draft, [$"{source.RefScheme}://{id}", $"connector-delivery://{draft.SessionId}"]);
    }

    /// <summary>Why a retry to <paramref name="provider"/> (normalised) cannot be sent: no connector configured, or the provider not enabled; null when it can.</summary>
    public static Redelivery? Undeliverable(ConnectorCatalog catalog, string provider) =>
        !catalog.IsConfigured ? Skip("connector_config_not_configured")
        : !catalog.EnabledNames.Contains(provider) ? Skip("connector_not_enabled")
        : null;
}

/// <summary>Where a retry target finds the record it re-sends, and what it sends with.</summary>
/// <param name="Query">The evidence query.</param>
/// <param name="Catalog">The configured connectors.</param>
/// <param name="Sender">The connector sender.</param>
/// <param name="KeyField">The decision field holding the record's id.</param>
/// <param name="Type">The record's type.</param>
/// <param name="NotFound">The skip reason when it is not stored.</param>
/// <param name="RefScheme">The evidence-reference scheme of the record.</param>
public sealed record StoredSource(
    EvidenceQuery Query, ConnectorCatalog Catalog, ConnectorSender Sender, string KeyField, RecordType Type, string NotFound, string RefScheme);

/// <summary>
/// What a stream's worker needs beyond the stream description: how its gate grants a live retry (streams without a
/// <see cref="DeliveryStream.Gate"/> are never asked) and how to re-deliver.
/// </summary>
public interface IRetryTarget
{
    DeliveryStream Stream { get; }

    /// <summary>The stream's gate: what currently authorises a live retry of this decision, if anything.</summary>
    Task<RetryGrant?> GrantAsync(JsonObject decision, CancellationToken cancellationToken);

    /// <summary>A human sentence saying why a decision without a grant is not sent.</summary>
    string GateRefusal { get; }

    Task<Redelivery> RedeliverAsync(JsonObject decision, RedeliveryContext context, CancellationToken cancellationToken);
}

/// <summary>One selected retry of a run and what happened to it.</summary>
public sealed record RetryResult(
    JsonObject Decision,
    string Skipped,
    JsonObject? DeliveryPlan,
    StoredEvidence? DeliveryPlanRecord,
    ConnectorDeliveryResult? Delivery,
    StoredEvidence? DeliveryRecord,
    JsonObject? ExecutionRecord,
    StoredEvidence? ExecutionRecordStored);

public sealed record WorkerRunOutcome(
    JsonObject Run, StoredEvidence RunRecord, StoredEvidence? RetryPlanRecord, IReadOnlyList<RetryResult> Results, bool Created);

/// <summary>
/// The retry worker of any stream (reference G2/G3). A dry run selects every retryable decision and sends nothing; a
/// live run selects only decisions the stream's gate grants, each grant used once: the execution record's id is
/// derived from the grant, so the store itself refuses a second execution under the same approval. Everything a
/// run produces is stored in one transaction after the deliveries; a failure before that stores nothing.
/// </summary>
public sealed class RetryWorker(RetryPlanner planner, EvidenceStore store, EvidenceQuery query, ConnectorCatalog catalog, TimeProvider clock) : IDisposable
{
    public const string DryRunSkip = "dry_run";

    public static readonly IReadOnlyList<string> Controls =
    [
        "Worker runs are dry runs unless execute is true or dry_run is false.",
        "A live retry is sent only under an unused grant of the stream's gate; each grant authorises one execution.",
        "Execution records hold ids, states and redacted delivery evidence only; no connector secret is stored.",
    ];

    // Live runs of this process run one at a time, so two clicks cannot both use one approval.
    private readonly SemaphoreSlim _live = new(1, 1);

    public void Dispose() => _live.Dispose();

    public async Task<WorkerRunOutcome> RunAsync(IRetryTarget target, WorkerRunRequest request, CancellationToken cancellationToken)
    {
        if (!request.DryRun && target.Stream.LiveRunNeedsConnectors)
        {
            catalog.RequireConfigured();
        }

        if (request.DryRun)
        {
            return await RunCoreAsync(target, request, cancellationToken);
        }

        await _live.WaitAsync(cancellationToken);
        try
        {
            return await RunCoreAsync(target, request, cancellationToken);
        }
        finally
        {
            _live.Release();
        }
    }

    /// <summary>
    /// The execution id: one execution per grant, provider and key, so a grant is used once; without a gate, one per
    /// run, provider and key.
    /// </summary>
    public static string ExecutionId(DeliveryStream stream, RetryGrant? grant, string runId, JsonObject decision) =>
        EvidenceIds.Derive(stream.ExecutionRecord.IdPrefix, grant is null
            ? new JsonObject { ["run_id"] = runId, ["provider"] = decision["provider"]!.DeepClone(), ["key"] = KeyOf(stream, decision) }
            : new JsonObject { ["grant"] = grant.DecisionId, ["provider"] = decision["provider"]!.DeepClone(), ["key"] = KeyOf(stream, decision) });

    /// <summary>The execution that already used <paramref name="grant"/> for this decision, if any: a grant authorises one execution.</summary>
    public static Task<StoredEvidence?> UsedByAsync(
        EvidenceQuery query, DeliveryStream stream, RetryGrant grant, JsonObject decision, CancellationToken cancellationToken) =>
        query.FindAsync(ExecutionId(stream, grant, "", decision), cancellationToken);

    private async Task<WorkerRunOutcome> RunCoreAsync(IRetryTarget target, WorkerRunRequest request, CancellationToken cancellationToken)
    {
        var stream = target.Stream;
        var now = clock.GetUtcNow();
        var plan = await planner.BuildAsync(stream, request.Policy, request.GeneratedBy, now, cancellationToken);
        var retryPlanId = (string)plan["retry_plan_id"]!;
        var decisions = plan["retry_decisions"]!.AsArray().OfType<JsonObject>().ToList();

        var retryable = decisions.Where(d => (string)d["action"]! == "retry").ToList();
        var grants = new Dictionary<JsonObject, RetryGrant>(ReferenceEqualityComparer.Instance);
        var refusals = new Dictionary<JsonObject, string>(ReferenceEqualityComparer.Instance);
        foreach (var decision in request.DryRun || stream.Gate is null ? [] : retryable)
        {
            var grant = await target.GrantAsync(decision, cancellationToken);
            if (grant is null)
            {
                refusals[decision] = target.GateRefusal;
            }
            else if (await UsedByAsync(query, stream, grant, decision, cancellationToken) is { } used)
            {
                refusals[decision] = $"{target.GateRefusal} ({grant.DecisionId} was used by execution {used.SessionId})";
            }
            else
            {
                grants[decision] = grant;
            }
        }

        var selected = retryable.Where(d => request.DryRun || stream.Gate is null || grants.ContainsKey(d)).Take(request.MaxRetryDeliveries).ToList();
        var windowStart = request.Schedule.Window(now).Start;
        var runId = EvidenceIds.Derive(stream.WorkerRun.IdPrefix, new JsonObject
        {
            ["stream"] = stream.Name,
            ["window_start"] = EvidenceTime.ToText(windowStart),
            ["generated_by"] = request.GeneratedBy,
            ["dry_run"] = request.DryRun,
            // What the run decides on: the same decisions and selection in one window give one run.
            ["decisions"] = new JsonArray([.. decisions.Select(d => (JsonNode)new JsonObject
            {
                ["key"] = KeyOf(stream, d),
                ["provider"] = d["provider"]!.DeepClone(),
                ["action"] = d["action"]!.DeepClone(),
                ["retry_count"] = d["retry_count"]!.DeepClone(),
            })]),
            ["selected"] = new JsonArray([.. selected.Select(d => (JsonNode)new JsonObject
            {
                ["key"] = KeyOf(stream, d),
                ["provider"] = d["provider"]!.DeepClone(),
                ["grant"] = grants.TryGetValue(d, out var g) ? g.DecisionId : null,
            })]),
        });

        // The same selection in the same schedule window is the same run: a double click or a second instance
        // gets the stored run back and nothing is sent twice.
        if (await query.FindAsync(runId, cancellationToken) is { } existing)
        {
            var existingPlanId = (string?)existing.Record["retry_plan_id"];
            var existingPlan = existingPlanId is null ? null : await query.FindAsync(existingPlanId, cancellationToken);
            return new WorkerRunOutcome(existing.Record[stream.WorkerRun.PayloadKey]!.AsObject(), existing, existingPlan, [], false);
        }

        var drafts = new List<EvidenceDraft> { RetryPlanner.Record(stream, plan, now) };
        var pending = new List<(JsonObject Decision, Redelivery Redelivery, JsonObject? Execution, int PlanAt, int DeliveryAt, int ExecutionAt)>();
        foreach (var decision in selected)
        {
            if (request.DryRun)
            {
                pending.Add((decision, Redelivery.Skip(DryRunSkip), null, -1, -1, -1));
                continue;
            }

            var redelivery = await target.RedeliverAsync(
                decision, new RedeliveryContext(runId, retryPlanId, request.Options, request.GeneratedBy, now), cancellationToken);
            var planAt = Add(drafts, redelivery.DeliveryPlanDraft);
            var deliveryAt = Add(drafts, redelivery.DeliveryDraft);
            var execution = Execution(stream, runId, retryPlanId, decision, grants.GetValueOrDefault(decision), redelivery, request.GeneratedBy, now);
            var executionAt = Add(drafts, ExecutionRecord(stream, execution, now));
            pending.Add((decision, redelivery, execution, planAt, deliveryAt, executionAt));
        }

        var executions = pending.Where(p => p.Execution is not null).Select(p => (string)p.Execution!["execution_status"]!).ToList();
        var run = new JsonObject
        {
            ["schema_version"] = stream.WorkerRun.Schema,
            ["product"] = EvidenceStore.Product,
            ["run_id"] = runId,
            ["generated_at"] = EvidenceTime.ToText(now),
            ["generated_by"] = request.GeneratedBy,
            ["dry_run"] = request.DryRun,
            // A run whose live retry failed is a failed job for worker health.
            ["status"] = executions.Any(s => s != "delivered") ? "failed" : "completed",
            ["schedule"] = request.Schedule.ToJson(now),
            ["summary"] = new JsonObject
            {
                ["retry_plan_count"] = 1,
                ["retryable_count"] = retryable.Count,
                ["waiting_retry_count"] = plan["waiting_count"]!.DeepClone(),
                ["suppressed_retry_count"] = plan["suppressed_count"]!.DeepClone(),
                ["selected_retry_count"] = selected.Count,
                ["execution_count"] = executions.Count,
                ["delivered_count"] = executions.Count(s => s == "delivered"),
                ["failed_count"] = executions.Count(s => s == "failed"),
                ["skipped_count"] = executions.Count(s => s == "skipped"),
                ["follow_up_action_count"] = decisions.Count,
            },
            ["retry_plan"] = plan.DeepClone(),
            ["selected_retries"] = new JsonArray([.. selected.Select(d => (JsonNode)d.DeepClone())]),
            ["follow_up_actions"] = new JsonArray([.. decisions.Select(d => (JsonNode)FollowUp(stream, d, request.DryRun, grants, refusals))]),
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
        if (stream.Gate is { } gate)
        {
            run["summary"]![gate.PendingCountField] = request.DryRun ? 0 : retryable.Count(d => !grants.ContainsKey(d));
        }

        drafts.Add(RunRecord(stream, run, now));

        var stored = await store.AppendAllAsync(drafts, cancellationToken);
        var results = pending.Select(p => new RetryResult(
            p.Decision, p.Redelivery.Skipped,
            p.Redelivery.DeliveryPlan, At(stored, p.PlanAt),
            p.Redelivery.Delivery, At(stored, p.DeliveryAt),
            p.Execution, At(stored, p.ExecutionAt))).ToList();
        // A concurrent run of the same window may have stored first: the store then returns that run, not created.
        var runRecord = stored[^1];
        return runRecord.Created
            ? new WorkerRunOutcome(run, runRecord, stored[0], results, true)
            : new WorkerRunOutcome(runRecord.Record[stream.WorkerRun.PayloadKey]!.AsObject(), runRecord, stored[0], results, false);
    }

    private static int Add(List<EvidenceDraft> drafts, EvidenceDraft? draft)
    {
        if (draft is null)
        {
            return -1;
        }

        drafts.Add(draft);
        return drafts.Count - 1;
    }

    private static StoredEvidence? At(IReadOnlyList<StoredEvidence> stored, int index) => index < 0 ? null : stored[index];

    private static JsonObject KeyOf(DeliveryStream stream, JsonObject decision) =>
        new([.. stream.KeyFields.Select(f => KeyValuePair.Create(f, decision[f]?.DeepClone()))]);

    private static JsonObject FollowUp(
        DeliveryStream stream, JsonObject decision, bool dryRun, Dictionary<JsonObject, RetryGrant> grants, Dictionary<JsonObject, string> refusals)
    {
        var action = (string)decision["action"]!;
        var followUp = new JsonObject { ["action"] = action, ["provider"] = decision["provider"]!.DeepClone() };
        foreach (var field in stream.KeyFields)
        {
            followUp[field] = decision[field]?.DeepClone();
        }

        followUp["reason"] = decision["reason"]!.DeepClone();
        if (stream.Gate is { } gate)
        {
            followUp[gate.StateField] = action != "retry" ? "not_retryable"
                : dryRun ? "dry_run_not_required"
                : grants.ContainsKey(decision) ? gate.GrantedState : gate.PendingState;
        }
        else
        {
            followUp["execution_state"] = action != "retry" ? "not_retryable" : dryRun ? DryRunSkip : stream.SelectedState;
        }

        if (refusals.TryGetValue(decision, out var refusal))
        {
            followUp["gate_reason"] = refusal;
        }

        return followUp;
    }

    /// <summary>The execution record of one live retry (reference G3).</summary>
    private static JsonObject Execution(
        DeliveryStream stream, string runId, string retryPlanId, JsonObject decision, RetryGrant? grant, Redelivery redelivery,
        string executedBy, DateTimeOffset now)
    {
        var provider = ProviderNames.Normalize((string)decision["provider"]!);
        var success = redelivery.Delivery?.Success ?? false;
        var status = redelivery.Skipped.Length > 0 ? "skipped" : success ? "delivered" : "failed";
        var deliveryMetadataId = redelivery.DeliveryDraft?.SessionId ?? "";
        var executedAt = EvidenceTime.ToText(now);
        var material = KeyOf(stream, decision);
        material[stream.WorkerRunField] = runId;
        material["retry_plan_id"] = retryPlanId;
        material["provider"] = provider;
        material["grant"] = grant?.DecisionId;
        material["delivery_metadata_id"] = deliveryMetadataId;
        material["execution_status"] = status;
        material["executed_at"] = executedAt;
        var execution = new JsonObject
        {
            ["schema_version"] = stream.ExecutionRecord.Schema,
            ["product"] = EvidenceStore.Product,
            ["execution_id"] = ExecutionId(stream, grant, runId, decision),
            ["execution_hash"] = CanonicalJson.Hash(material),
            ["execution_status"] = status,
            ["executed_at"] = executedAt,
            ["executed_by"] = executedBy,
            [stream.WorkerRunField] = runId,
            ["retry_plan_id"] = retryPlanId,
        };
        if (stream.Gate is { } gate)
        {
            execution[gate.GrantIdField] = grant!.DecisionId;
            if (gate.GrantPlanField is { } planField)
            {
                execution[planField] = grant.PlanId;
            }
        }

        foreach (var field in stream.KeyFields.Concat(stream.CarriedFields))
        {
            execution[field] = decision[field]?.DeepClone();
        }

        execution["latest_delivery_id"] = decision["latest_delivery_id"]?.DeepClone();

        execution["delivery_plan_id"] = (string?)redelivery.DeliveryPlan?["delivery_id"] ?? "";
        execution["provider"] = provider;
        execution["skipped"] = redelivery.Skipped;
        execution["delivery_metadata_id"] = deliveryMetadataId;
        execution["delivery_success"] = success;
        // The delivery plan's providers where the stream plans its deliveries, else the providers it was sent to.
        execution["selected_providers"] = redelivery.DeliveryPlan?["selected_providers"]?.DeepClone()
            ?? new JsonArray([.. (redelivery.Delivery?.Deliveries ?? []).Select(d => (JsonNode)d.Provider)]);
        execution["public_evidence_refs"] = new JsonArray([.. new[] { $"{stream.RunRefScheme}://{runId}", grant?.EvidenceRef ?? "" }
            .Concat(redelivery.EvidenceRefs)
            .Where(r => r.Length > 0 && !r.EndsWith("://", StringComparison.Ordinal))
            .Select(r => (JsonNode)r)]);
        execution["controls"] = new JsonArray(stream.Gate is null
            ? "The execution is bound to its worker run and records the connector outcome without secrets."
            : "The execution is bound to one grant of the stream's gate and records the connector outcome without secrets.");
        return execution;
    }

    private static readonly string[] ExecutionIndexFields = ["execution_id", "execution_hash", "execution_status", "run_id", "retry_plan_id", "provider"];

    private static EvidenceDraft ExecutionRecord(DeliveryStream stream, JsonObject execution, DateTimeOffset now)
    {
        var gateFields = stream.Gate is { } gate ? new[] { gate.GrantIdField } : [];
        var body = RecordBody.Of(
            stream.ExecutionRecord.PayloadKey, execution, ExecutionIndexFields.Concat(gateFields).Concat(stream.KeyFields).Concat(stream.CarriedFields).Distinct());

        var delivered = (string)execution["execution_status"]! == "delivered";
        return new EvidenceDraft(
            (string)execution["execution_id"]!, stream.ExecutionRecord.Kind, now, (string)execution["executed_by"]!, 1, delivered ? 0 : 1, 0, body);
    }

    private static EvidenceDraft RunRecord(DeliveryStream stream, JsonObject run, DateTimeOffset now)
    {
        var summary = run["summary"]!;
        var body = new JsonObject
        {
            [stream.WorkerRun.PayloadKey] = run.DeepClone(),
            ["run_id"] = run["run_id"]!.DeepClone(),
            ["dry_run"] = run["dry_run"]!.DeepClone(),
            ["status"] = run["status"]!.DeepClone(),
            // The generic state column indexes the run status (failed runs for health and dashboards).
            ["state"] = run["status"]!.DeepClone(),
            ["retry_plan_id"] = run["retry_plan"]!["retry_plan_id"]!.DeepClone(),
            ["retryable_count"] = summary["retryable_count"]!.DeepClone(),
            ["selected_retry_count"] = summary["selected_retry_count"]!.DeepClone(),
            ["cadence"] = run["schedule"]!["cadence"]!.DeepClone(),
            ["providers"] = new JsonArray([.. run["selected_retries"]!.AsArray()
                .Select(d => (string)d!["provider"]!).Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]),
        };
        return new EvidenceDraft(
            (string)run["run_id"]!, stream.WorkerRun.Kind, now, (string)run["generated_by"]!,
            (int)summary["follow_up_action_count"]!, (int)summary["suppressed_retry_count"]!, (int)summary["selected_retry_count"]!, body);
    }
}
