using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;

namespace Cavra.Core.Retries;

/// <summary>How failed deliveries are retried (reference G1): attempts, base delay and backoff.</summary>
public sealed record RetryPolicy(int MaxRetryAttempts, bool AllowImmediateRetry, int RetryDelayMinutes, double BackoffMultiplier)
{
    public const int DefaultMaxRetryAttempts = 3;
    public const double DefaultBackoffMultiplier = 2.0;

    /// <summary>Applies the reference defaults: 0 or missing attempts → 3; delay floor 1 minute unless immediate retry is allowed.</summary>
    public static RetryPolicy Resolve(int? maxRetryAttempts, bool? allowImmediateRetry, int? retryDelayMinutes, double? backoffMultiplier, int defaultDelayMinutes)
    {
        var immediate = allowImmediateRetry ?? false;
        var delay = retryDelayMinutes ?? (immediate ? 0 : defaultDelayMinutes);
        return new RetryPolicy(
            maxRetryAttempts is null or <= 0 ? DefaultMaxRetryAttempts : maxRetryAttempts.Value,
            immediate,
            immediate ? Math.Max(0, delay) : Math.Max(1, delay),
            backoffMultiplier is null or 0 ? DefaultBackoffMultiplier : Math.Max(1.0, backoffMultiplier.Value));
    }

    /// <summary>The wait before attempt <paramref name="retryCount"/> + 1: base × multiplier^(retryCount − 1).</summary>
    public TimeSpan DelayAfter(int retryCount) => TimeSpan.FromMinutes(RetryDelayMinutes * Math.Pow(BackoffMultiplier, Math.Max(0, retryCount - 1)));
}

/// <summary>The failures of one delivered thing to one provider, since its last successful delivery.</summary>
/// <remarks><paramref name="Carried"/> holds the stream's carried fields of the latest failure (an alert's plan_id).</remarks>
public sealed record RetryCandidate(
    JsonObject Key, string Provider, int RetryCount, DateTimeOffset LatestFailureAt, string LatestDeliveryId, IReadOnlyList<int> StatusCodes,
    JsonObject? Carried = null);

/// <summary>
/// Retry plans over a stream's failed deliveries (reference G1). <see cref="Collect"/> and <see cref="Build"/> are
/// pure: they take the delivery records, the time and the policy, so tests run them with any clock.
/// </summary>
public sealed class RetryPlanner(EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    private static readonly string[] Index = ["retry_plan_id", "alert_level", "retryable_count", "waiting_count", "suppressed_count"];

    public static readonly IReadOnlyList<string> Controls =
    [
        "Retry decisions are derived from redacted connector delivery evidence only.",
        "Retries wait for their backoff delay and stop at the maximum number of attempts.",
        "A live retry needs the stream's gate (an unused approval for audit deliveries); a dry run sends nothing.",
    ];

    /// <summary>
    /// Groups failed deliveries by the stream's key and provider. A later successful delivery of the same key to the
    /// same provider settles the group, so a delivered retry is not planned again.
    /// </summary>
    public static IReadOnlyList<RetryCandidate> Collect(DeliveryStream stream, IEnumerable<JsonObject> deliveries)
    {
        var open = new OpenFailures(stream.KeyFields, stream.CarriedFields);
        foreach (var record in deliveries)
        {
            open.Add(record);
        }

        return open.Candidates;
    }

    /// <summary>The retry decision for each candidate and the plan around them.</summary>
    public static JsonObject Build(
        DeliveryStream stream, IReadOnlyList<RetryCandidate> candidates, RetryPolicy policy, DateTimeOffset now, string generatedBy)
    {
        var decisions = new JsonArray();
        int retryable = 0, waiting = 0, suppressed = 0;
        foreach (var candidate in candidates)
        {
            var delay = policy.DelayAfter(candidate.RetryCount);
            var nextRetryAt = candidate.LatestFailureAt + delay;
            string action, reason;
            if (candidate.RetryCount >= policy.MaxRetryAttempts)
            {
                (action, reason) = ("suppress", $"maximum retry attempts {policy.MaxRetryAttempts} reached");
                suppressed++;
            }
            else if (now < nextRetryAt)
            {
                (action, reason) = ("wait", $"retry delay {(int)delay.TotalMinutes} minutes has not elapsed");
                waiting++;
            }
            else
            {
                (action, reason) = ("retry", stream.RetryReason);
                retryable++;
            }

            var decision = candidate.Key.DeepClone().AsObject();
            foreach (var (field, value) in candidate.Carried ?? [])
            {
                decision[field] = value?.DeepClone();
            }

            decision["provider"] = candidate.Provider;
            decision["action"] = action;
            decision["reason"] = reason;
            decision["retry_count"] = candidate.RetryCount;
            decision["max_retry_attempts"] = policy.MaxRetryAttempts;
            decision["retry_delay_minutes"] = (int)delay.TotalMinutes;
            decision["latest_delivery_id"] = candidate.LatestDeliveryId;
            decision["latest_delivery_at"] = EvidenceTime.ToText(candidate.LatestFailureAt);
            decision["next_retry_at"] = EvidenceTime.ToText(nextRetryAt);
            decision["failed_status_codes"] = new JsonArray([.. candidate.StatusCodes.Select(c => (JsonNode)c)]);
            decisions.Add(decision);
        }

        var generatedAt = EvidenceTime.ToText(now);
        return new JsonObject
        {
            ["schema_version"] = stream.RetryPlan.Schema,
            ["product"] = EvidenceStore.Product,
            ["retry_plan_id"] = EvidenceIds.Derive(stream.RetryPlan.IdPrefix, new JsonObject
            {
                ["generated_at"] = generatedAt,
                ["retry_decisions"] = decisions.DeepClone(),
            }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["alert_level"] = retryable > 0 ? "critical" : waiting > 0 ? "warning" : "healthy",
            ["decision_count"] = decisions.Count,
            ["retryable_count"] = retryable,
            ["waiting_count"] = waiting,
            ["suppressed_count"] = suppressed,
            ["max_retry_attempts"] = policy.MaxRetryAttempts,
            ["base_retry_delay_minutes"] = policy.RetryDelayMinutes,
            ["allow_immediate_retry"] = policy.AllowImmediateRetry,
            ["backoff_multiplier"] = policy.BackoffMultiplier,
            ["retry_decisions"] = decisions,
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    public static EvidenceDraft Record(DeliveryStream stream, JsonObject plan, DateTimeOffset now)
    {
        var body = RecordBody.Of(stream.RetryPlan.PayloadKey, plan, Index);

        body["providers"] = new JsonArray([.. plan["retry_decisions"]!.AsArray()
            .Select(d => (string)d!["provider"]!).Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]);
        return new EvidenceDraft(
            (string)plan["retry_plan_id"]!, stream.RetryPlan.Kind, now, (string)plan["generated_by"]!,
            (int)plan["decision_count"]!, (int)plan["suppressed_count"]!, (int)plan["retryable_count"]!, body);
    }

    /// <summary>A fresh plan over every delivery of the stream, not stored. The deliveries are streamed: memory holds only the open failures.</summary>
    public async Task<JsonObject> BuildAsync(
        DeliveryStream stream, RetryPolicy policy, string generatedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await OpenFailures.ReadAsync(query, stream.Deliveries, cancellationToken);
        return Build(stream, open.Candidates, policy, now, generatedBy);
    }

    /// <summary>Plan Audit Retry (reference C1): build and store a plan.</summary>
    public async Task<(JsonObject Plan, StoredEvidence Record)> PlanAsync(
        DeliveryStream stream, RetryPolicy policy, string generatedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plan = await BuildAsync(stream, policy, generatedBy, now, cancellationToken);
        return (plan, await store.AppendAsync(Record(stream, plan, now), cancellationToken));
    }
}

/// <summary>
/// The failures of one delivery source still open per retry key and provider, folded from its delivery records oldest
/// first: a later success of the same key to the same provider settles the group. Memory holds only the open groups.
/// </summary>
public sealed class OpenFailures(IReadOnlyList<string> keyFields, IReadOnlyList<string>? carriedFields = null)
{
    private readonly Dictionary<string, RetryCandidate> _open = new(StringComparer.Ordinal);

    public IReadOnlyList<RetryCandidate> Candidates => [.. _open.Values];

    /// <summary>Streams the ledger's failed deliveries and what may settle them (one indexed query, oldest first) into the open failures.</summary>
    public static async Task<OpenFailures> ReadAsync(EvidenceQuery query, DeliveryLedger ledger, CancellationToken cancellationToken)
    {
        var open = new OpenFailures(ledger.KeyFields, ledger.CarriedFields);
        // Successes that share no key with a failure change nothing here, so only failures and their possible
        // settlements are read.
        await foreach (var record in query.StreamFailuresAndSettlementsAsync(ledger.Source, ledger.KeyFields[0], cancellationToken))
        {
            open.Add(record.Record);
        }

        return open;
    }

    /// <summary>The identity of a retry key and provider, shared by everything that matches failures to what settled them.</summary>
    public static string Id(JsonObject key, string provider) => $"{key.ToJsonString()}|{provider}";

    /// <summary>
    /// The retry key of a record: the key fields, the first falling back to the event id and then the record id, as the
    /// original grouped deliveries that carry no explicit id.
    /// </summary>
    public static JsonObject Key(IReadOnlyList<string> keyFields, JsonObject record)
    {
        var key = new JsonObject();
        for (var i = 0; i < keyFields.Count; i++)
        {
            var field = keyFields[i];
            var value = Text(record, field);
            if (i == 0)
            {
                value ??= Text(record, "event_id") ?? Text(record, "session_id");
            }

            key[field] = value ?? "";
        }

        return key;
    }

    public void Add(JsonObject record)
    {
        var key = Key(keyFields, record);
        var at = EvidenceTime.Parse((string?)record["created_at"]) ?? DateTimeOffset.UnixEpoch;
        foreach (var (provider, success, status) in ProviderOutcomes(record))
        {
            var id = Id(key, provider);
            if (success)
            {
                _open.Remove(id);
                continue;
            }

            _open.TryGetValue(id, out var previous);
            var codes = previous?.StatusCodes.ToList() ?? [];
            if (status is { } code && !codes.Contains(code))
            {
                codes.Add(code);
                codes.Sort();
            }

            var carried = carriedFields is { Count: > 0 } ? new JsonObject([.. carriedFields.Select(f => KeyValuePair.Create(f, (JsonNode?)(Text(record, f) ?? "")))]) : null;
            _open[id] = new RetryCandidate(key, provider, (previous?.RetryCount ?? 0) + 1, at, (string)record["session_id"]!, codes, carried);
        }
    }

    private static string? Text(JsonObject record, string field) =>
        record[field] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;

    /// <summary>Per provider of one delivery record: whether it succeeded and the last status code.</summary>
    private static IEnumerable<(string Provider, bool Success, int? Status)> ProviderOutcomes(JsonObject record)
    {
        if (record["delivery"]?["deliveries"] is JsonArray deliveries && deliveries.Count > 0)
        {
            foreach (var delivery in deliveries.OfType<JsonObject>())
            {
                yield return (ProviderNames.Normalize((string)delivery["provider"]!), (bool?)delivery["success"] ?? false, (int?)delivery["status_code"]);
            }

            yield break;
        }

        // A delivery with no provider result (nothing was selected) is a failure of every provider it names.
        var success = (bool?)record["delivery_success"] ?? false;
        foreach (var provider in (record[success ? "providers" : "failed_providers"] as JsonArray ?? []).Select(p => (string)p!))
        {
            yield return (ProviderNames.Normalize(provider), success, null);
        }
    }
}
