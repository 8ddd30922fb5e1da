using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;

namespace Cavra.Core.Streams;

/// <summary>
/// One open condition of a stream: what is wrong now, how many items, the ids behind them, and what settles it.
/// </summary>
public sealed record StreamCondition(
    string Category, string Severity, string Message, int Count, JsonObject Ids, NextAction? NextAction, string Stream)
{
    public JsonObject ToJson() => new()
    {
        ["stream"] = Stream,
        ["category"] = Category,
        ["severity"] = Severity,
        ["message"] = Message,
        ["count"] = Count,
        ["ids"] = Ids.DeepClone(),
        ["next_action"] = StreamLevel.ActionJson(NextAction),
    };
}

/// <summary>A level and the open conditions that make it: <c>critical</c> if any is critical, <c>warning</c> if any is open, else <c>healthy</c>.</summary>
public sealed record StreamLevel(IReadOnlyList<StreamCondition> Reasons)
{
    public const string Healthy = "healthy";

    public string Level => Reasons.Any(r => r.Severity == "critical") ? "critical" : Reasons.Count > 0 ? "warning" : Healthy;

    /// <summary>What settles the most severe open condition; null when nothing is open.</summary>
    public NextAction? NextAction => Reasons.Select(r => r.NextAction).FirstOrDefault(a => a is not null);

    public int Count(string category) => Reasons.FirstOrDefault(r => r.Category == category)?.Count ?? 0;

    /// <summary>Several levels read as one (a dashboard over streams): every reason, most severe first.</summary>
    public static StreamLevel Of(IEnumerable<StreamCondition> reasons) =>
        new([.. reasons.OrderBy(r => r.Severity == "critical" ? 0 : 1)]);

    public JsonArray ReasonsJson() => new([.. Reasons.Select(r => (JsonNode)r.ToJson())]);

    public static JsonObject? ActionJson(NextAction? action) => action is null ? null : new JsonObject
    {
        ["action"] = action.Action, ["route"] = action.Route, ["hint"] = action.Hint,
    };

    /// <summary>Writes <c>{prefix}alert_level</c>-style fields: the level, its reasons and the next action.</summary>
    public void WriteTo(JsonObject target, string levelField, string reasonsField, string nextActionField)
    {
        target[levelField] = Level;
        target[reasonsField] = ReasonsJson();
        target[nextActionField] = ActionJson(NextAction);
    }
}

/// <summary>A failed live retry not yet settled: the execution, its run, and the key and provider it tried.</summary>
public sealed record OpenExecution(JsonObject Key, string Provider, string ExecutionId, string RunId, DateTimeOffset At);

/// <summary>
/// A stream's state, read once: all-time counters, the newest runs, plan and failed deliveries, and what is still open
/// (failed deliveries and failed live retries nothing has settled).
/// </summary>
public sealed record StreamState(
    long RunCount,
    long DryRunCount,
    long ExecutedCount,
    long FailedRunCount,
    long SelectedRetryCount,
    IReadOnlyList<StoredEvidence> LatestRuns,
    long RetryPlanCount,
    JsonObject? LatestRetryPlan,
    long FailedDeliveryCount,
    IReadOnlyList<StoredEvidence> LatestFailedDeliveries,
    IReadOnlyList<RetryCandidate> OpenFailures,
    IReadOnlyList<OpenExecution> OpenExecutions)
{
    public static readonly StreamState Empty = new(0, 0, 0, 0, 0, [], 0, null, 0, [], [], []);

    /// <summary>All execution records of the stream, and those that delivered.</summary>
    public long ExecutionCount { get; init; }

    public long DeliveredExecutionCount { get; init; }

    /// <summary>The latest live run, whose follow-up actions say which retries the gate held back.</summary>
    public JsonObject? LatestLiveRun { get; init; }
}

/// <summary>
/// The one rule that decides a stream's health: worker health, the worker dashboard and the main dashboard all read
/// it, so they cannot disagree. Levels describe what is open now; all-time numbers stay counters. A failed delivery is
/// open until a later delivery of the same key to the same provider succeeds or a recovery closure for the provider
/// closes it; a failed live retry is open until a later execution of the same key delivers or a closure closes it.
/// Schedule conditions (missed run, stale plan, disabled schedule) are judged only when thresholds are given.
/// </summary>
public sealed class StreamStatus(EvidenceQuery query, TimeProvider clock)
{
    private const int LatestRead = 10;
    private const int IdsShown = 50;

    /// <summary>Reads the stream's state and judges it at the current time.</summary>
    public async Task<(StreamState State, StreamLevel Level)> ReadAsync(
        DeliveryStream stream, HealthThresholds? thresholds, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(stream, cancellationToken);
        return (state, Evaluate(stream, state, thresholds, clock.GetUtcNow()));
    }

    public async Task<StreamState> ReadStateAsync(DeliveryStream stream, CancellationToken cancellationToken)
    {
        var runs = RecordFilter.OfKind(stream.WorkerRun.Kind);
        var plans = RecordFilter.OfKind(stream.RetryPlan.Kind);
        var failures = new RecordFilter { DeliverySources = [stream.Source], DeliverySuccess = false };
        var latestRuns = await query.PageAsync(runs, LatestRead, 0, cancellationToken);
        var latestPlan = await query.LatestAsync(plans, cancellationToken);
        var latestFailures = await query.PageAsync(failures, LatestRead, 0, cancellationToken);
        var closures = await ClosuresAsync(stream.Closure, cancellationToken);
        var executions = RecordFilter.OfKind(stream.ExecutionRecord.Kind);
        var latestLive = await query.LatestAsync(runs with { DryRun = false }, cancellationToken);
        return new StreamState(
            latestRuns.Total,
            await query.CountAsync(runs with { DryRun = true }, cancellationToken),
            await query.CountAsync(runs with { DryRun = false }, cancellationToken),
            await query.CountAsync(runs with { State = "failed" }, cancellationToken),
            await query.SumAsync(runs, RecordCount.ApprovalRequiredCount, cancellationToken),
            latestRuns.Items,
            await query.CountAsync(plans, cancellationToken),
            latestPlan?.Record[stream.RetryPlan.PayloadKey]!.AsObject(),
            latestFailures.Total,
            latestFailures.Items,
            [.. (await OpenFailures.ReadAsync(query, stream.Deliveries, cancellationToken)).Candidates
                .Where(f => !Closed(closures, f.Provider, f.LatestFailureAt))],
            await OpenExecutionsAsync(stream, closures, cancellationToken))
        {
            ExecutionCount = await query.CountAsync(executions, cancellationToken),
            DeliveredExecutionCount = await query.CountAsync(executions with { State = "delivered" }, cancellationToken),
            LatestLiveRun = latestLive?.Record[stream.WorkerRun.PayloadKey]?.AsObject(),
        };
    }

    /// <summary>The failures of a ledger that nothing has settled (no later success, no closure).</summary>
    public async Task<IReadOnlyList<RetryCandidate>> OpenFailuresAsync(DeliveryLedger ledger, CancellationToken cancellationToken)
    {
        var closures = await ClosuresAsync(ledger.Closure, cancellationToken);
        return [.. (await OpenFailures.ReadAsync(query, ledger, cancellationToken)).Candidates
            .Where(f => !Closed(closures, f.Provider, f.LatestFailureAt))];
    }

    /// <summary>The level of a stream's state at <paramref name="now"/> (pure).</summary>
    public static StreamLevel Evaluate(DeliveryStream stream, StreamState state, HealthThresholds? thresholds, DateTimeOffset now)
    {
        var reasons = new List<StreamCondition>();
        var latestRun = state.LatestRuns.Count > 0 ? state.LatestRuns[0].Record[stream.WorkerRun.PayloadKey]!.AsObject() : null;
        var actions = stream.NextActions;
        NextAction? Action(string category) => actions.TryGetValue(category, out var action) ? action : null;
        void Add(string category, string severity, string message, int count, JsonObject ids) =>
            reasons.Add(new StreamCondition(category, severity, message, count, ids, Action(category), stream.Name));

        if (thresholds is { } limits)
        {
            var age = AgeMinutes(latestRun?["generated_at"], now);
            if (latestRun is null || age is null || age > limits.MissedAfterMinutes)
            {
                Add("missed_worker_run", "critical", latestRun is null
                    ? "no worker run has been recorded"
                    : $"no worker run within {limits.MissedAfterMinutes} minutes (twice the expected interval)",
                    1, Ids(("run_ids", latestRun is null ? [] : [(string)latestRun["run_id"]!])));
            }
        }

        if (state.OpenExecutions.Count > 0)
        {
            var runIds = state.OpenExecutions.Select(e => e.RunId).Distinct(StringComparer.Ordinal).ToList();
            var ids = Ids(("run_ids", runIds), ("execution_ids", [.. state.OpenExecutions.Select(e => e.ExecutionId)]));
            AddKeys(ids, stream.KeyFields, state.OpenExecutions.Select(e => (e.Key, e.Provider)));
            Add("failed_worker_run", "critical",
                $"{Plural(runIds.Count, "worker run")} with a failed live retry not yet delivered by a later retry or closed by a recovery closure",
                runIds.Count, ids);
        }

        if (state.OpenFailures.Count > 0)
        {
            var ids = new JsonObject();
            AddKeys(ids, stream.KeyFields, state.OpenFailures.Select(f => (f.Key, f.Provider)));
            ids["record_ids"] = Strings(state.OpenFailures.Select(f => f.LatestDeliveryId));
            Add("connector_failure", "critical",
                $"{Plural(state.OpenFailures.Count, "failed delivery", "failed deliveries")} still open: not delivered by a retry nor closed by a recovery closure",
                state.OpenFailures.Count, ids);
        }

        // What the latest plan would retry, among the failures still open (a plan made before a retry delivered is stale).
        var open = state.OpenFailures.Select(f => OpenFailures.Id(f.Key, f.Provider)).ToHashSet(StringComparer.Ordinal);
        var retryable = (state.LatestRetryPlan?["retry_decisions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(d => (string?)d["action"] == "retry")
            .Select(d => (Key: new JsonObject([.. stream.KeyFields.Select(f => KeyValuePair.Create(f, d[f]?.DeepClone()))]), Provider: (string)d["provider"]!))
            .Where(d => open.Contains(OpenFailures.Id(d.Key, d.Provider)))
            .ToList();
        if (retryable.Count > 0)
        {
            var ids = Ids(("retry_plan_ids", [(string)state.LatestRetryPlan!["retry_plan_id"]!]));
            AddKeys(ids, stream.KeyFields, retryable);
            Add("retryable_deliveries", "warning", $"{Plural(retryable.Count, "failed delivery", "failed deliveries")} ready for retry", retryable.Count, ids);
        }

        // Retries the latest live run held back at the gate that are still open: the gate waits for its grant.
        if (stream.Gate is { } gate)
        {
            var held = (state.LatestLiveRun?["follow_up_actions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(f => (string?)f[gate.StateField] == gate.PendingState)
                .Select(f => (Key: OpenFailures.Key(stream.KeyFields, f), Provider: (string)f["provider"]!))
                .Where(f => open.Contains(OpenFailures.Id(f.Key, f.Provider)))
                .ToList();
            if (held.Count > 0)
            {
                var ids = Ids(("run_ids", [(string)state.LatestLiveRun!["run_id"]!]));
                AddKeys(ids, stream.KeyFields, held);
                Add("gate_pending", "warning", $"{Plural(held.Count, "retry", "retries")} held back by the latest live run until {gate.GrantedState.Replace('_', ' ')}",
                    held.Count, ids);
            }
        }

        if (thresholds is { } t)
        {
            var planAge = AgeMinutes(state.LatestRetryPlan?["generated_at"], now);
            if (state.LatestRetryPlan is null || planAge is null || planAge > t.StaleMetadataMinutes)
            {
                Add("stale_retry_plan", "warning", state.LatestRetryPlan is null
                    ? "no retry plan has been recorded"
                    : $"no retry plan within {t.StaleMetadataMinutes} minutes",
                    1, Ids(("retry_plan_ids", state.LatestRetryPlan is null ? [] : [(string)state.LatestRetryPlan["retry_plan_id"]!])));
            }

            if (latestRun?["schedule"]?["enabled"] is JsonValue enabled && !(bool)enabled)
            {
                Add("disabled_schedule", "warning", "the latest worker run's schedule is disabled", 1, Ids(("run_ids", [(string)latestRun["run_id"]!])));
            }
        }

        return StreamLevel.Of(reasons);
    }

    /// <summary>The open failures of a ledger as one condition (for ledgers outside a stream's own deliveries).</summary>
    public static StreamCondition? FailureCondition(
        string stream, DeliveryLedger ledger, IReadOnlyList<RetryCandidate> failures, string category, string what, NextAction? nextAction)
    {
        if (failures.Count == 0)
        {
            return null;
        }

        var ids = new JsonObject();
        AddKeys(ids, ledger.KeyFields, failures.Select(f => (f.Key, f.Provider)));
        ids["record_ids"] = Strings(failures.Select(f => f.LatestDeliveryId));
        return new StreamCondition(category, "critical",
            $"{Plural(failures.Count, $"failed {what} delivery", $"failed {what} deliveries")} still open: not delivered again{(ledger.Closure is null ? "" : " nor closed by a recovery closure")}",
            failures.Count, ids, nextAction, stream);
    }

    /// <summary>A fingerprint of the condition (its categories and counts), not of the run or time that observed it.</summary>
    public static JsonArray Fingerprint(StreamLevel level) =>
        new([.. level.Reasons.Select(r => (JsonNode)new JsonObject { ["category"] = r.Category, ["count"] = r.Count })]);

    public static string Plural(long count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";

    /// <summary>Whole minutes since <paramref name="at"/>; null when missing, unparsable or in the future.</summary>
    public static long? AgeMinutes(JsonNode? at, DateTimeOffset now)
    {
        var time = EvidenceTime.Parse((string?)at);
        return time is null || time > now ? null : (long)Math.Floor((now - time.Value).TotalMinutes);
    }

    private async Task<IReadOnlyList<OpenExecution>> OpenExecutionsAsync(
        DeliveryStream stream, IReadOnlyDictionary<string, (string State, DateTimeOffset At)> closures, CancellationToken cancellationToken)
    {
        var open = new Dictionary<string, OpenExecution>(StringComparer.Ordinal);
        await foreach (var record in query.StreamAsync(RecordFilter.OfKind(stream.ExecutionRecord.Kind), cancellationToken))
        {
            var key = OpenFailures.Key(stream.KeyFields, record.Record);
            var provider = (string)record.Record["provider"]!;
            var id = OpenFailures.Id(key, provider);
            if ((string?)record.Record["execution_status"] == "delivered")
            {
                open.Remove(id);
            }
            else
            {
                var at = EvidenceTime.Parse(record.CreatedAt) ?? DateTimeOffset.UnixEpoch;
                open[id] = new OpenExecution(key, provider, record.SessionId, (string?)record.Record[stream.WorkerRunField] ?? "", at);
            }
        }

        return [.. open.Values.Where(e => !Closed(closures, e.Provider, e.At))];
    }

    /// <summary>The latest closure per provider (one grouped indexed query).</summary>
    private async Task<IReadOnlyDictionary<string, (string State, DateTimeOffset At)>> ClosuresAsync(
        RecoveryClosureKind? closure, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal);
        if (closure is null)
        {
            return latest;
        }

        foreach (var record in await query.LatestPerKeyAsync(RecordFilter.OfKind(closure.Kind), RecordKey.Provider, cancellationToken))
        {
            var state = (string?)record.Record["closure_state"] ?? (string?)record.Record["state"] ?? "";
            if (closure.ClosedStates.Contains(state))
            {
                latest[(string)record.Record["provider"]!] = (state, EvidenceTime.Parse(record.CreatedAt) ?? DateTimeOffset.UnixEpoch);
            }
        }

        return latest;
    }

    private static bool Closed(IReadOnlyDictionary<string, (string State, DateTimeOffset At)> closures, string provider, DateTimeOffset failedAt) =>
        closures.TryGetValue(provider, out var closure) && closure.At >= failedAt;

    /// <summary>Ids per key field (<c>delivery_ids</c>, <c>audit_ids</c>, …) and the providers, distinct, in order.</summary>
    private static void AddKeys(JsonObject ids, IReadOnlyList<string> keyFields, IEnumerable<(JsonObject Key, string Provider)> items)
    {
        var list = items.ToList();
        foreach (var field in keyFields)
        {
            ids[field + "s"] = Strings(list.Select(i => (string?)i.Key[field] ?? "").Where(v => v.Length > 0));
        }

        ids["providers"] = Strings(list.Select(i => i.Provider));
    }

    private static JsonObject Ids(params (string Name, IReadOnlyList<string> Values)[] lists) =>
        new([.. lists.Select(l => KeyValuePair.Create(l.Name, (JsonNode?)Strings(l.Values)))]);

    private static JsonArray Strings(IEnumerable<string> values) =>
        new([.. values.Distinct(StringComparer.Ordinal).Take(IdsShown).Select(v => (JsonNode)v)]);
}
