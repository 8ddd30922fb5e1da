using System.Globalization;
using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;
using Cavra.Core.Retries;

namespace Cavra.Core.Recovery;

/// <summary>
/// What the retry recovery report is built from, folded as the records stream past: per-provider execution counts, the
/// newest executions, every playbook provider (a report row each), and the latest closure of each playbook and
/// provider. Memory follows the size of the report, not the number of execution or closure records.
/// </summary>
public sealed class RecoveryInputs
{
    public const int LatestExecutionCount = 20;

    internal sealed class ProviderExecutions
    {
        public int Count;
        public int Delivered;
        public int Failed;
        public int Skipped;
        public string? LatestAt;
    }

    internal sealed record PlaybookProvider(string PlaybookId, string Provider, string Category, int FailureCount, string GeneratedAt);

    internal sealed class ClosureDay
    {
        public int Count;
        public readonly SortedDictionary<string, int> States = new(StringComparer.Ordinal);
        public readonly SortedDictionary<string, int> Providers = new(StringComparer.Ordinal);
    }

    internal readonly SortedDictionary<string, ProviderExecutions> Executions = new(StringComparer.Ordinal);
    internal readonly SortedDictionary<string, int> StatusCounts = new(StringComparer.Ordinal) { ["delivered"] = 0, ["failed"] = 0, ["skipped"] = 0 };
    internal readonly Queue<JsonObject> Newest = new();
    internal readonly List<PlaybookProvider> Playbooks = [];
    internal readonly Dictionary<(string PlaybookId, string Provider), JsonObject> LatestClosures = [];
    internal readonly SortedDictionary<string, int> ClosureStates = new(StringComparer.Ordinal);
    internal readonly SortedDictionary<string, (int Count, string LatestAt)> ProviderClosures = new(StringComparer.Ordinal);
    internal readonly SortedDictionary<string, ClosureDay> Days = new(StringComparer.Ordinal);
    internal int ExecutionCount;

    /// <summary>One audit retry execution record (its payload), in store order.</summary>
    public void AddExecution(JsonObject execution)
    {
        var provider = ProviderNames.Normalize((string?)execution["provider"] ?? "");
        var status = (string?)execution["execution_status"] ?? "unknown";
        var executedAt = (string?)execution["executed_at"] ?? "";
        var entry = Executions.TryGetValue(provider, out var found) ? found : Executions[provider] = new ProviderExecutions();
        entry.Count++;
        entry.Delivered += status == "delivered" ? 1 : 0;
        entry.Failed += status == "failed" ? 1 : 0;
        entry.Skipped += status == "skipped" ? 1 : 0;
        entry.LatestAt = Later(entry.LatestAt, executedAt);
        StatusCounts[status] = StatusCounts.GetValueOrDefault(status) + 1;
        ExecutionCount++;

        Newest.Enqueue(new JsonObject
        {
            ["execution_id"] = execution["execution_id"]?.DeepClone(),
            ["provider"] = provider,
            ["execution_status"] = status,
            ["executed_at"] = executedAt,
            ["delivery_success"] = (bool?)execution["delivery_success"] ?? false,
            ["approval_decision_id"] = execution["approval_decision_id"]?.DeepClone(),
            ["run_id"] = execution["run_id"]?.DeepClone(),
        });
        if (Newest.Count > LatestExecutionCount)
        {
            Newest.Dequeue();
        }
    }

    /// <summary>One connector recovery playbook (its payload): each provider playbook becomes a recovery row.</summary>
    public void AddPlaybook(JsonObject playbook)
    {
        var playbookId = (string?)playbook["playbook_id"] ?? "";
        var generatedAt = (string?)playbook["generated_at"] ?? "";
        foreach (var entry in playbook["provider_playbooks"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var provider = ProviderNames.Normalize((string?)entry["provider"] ?? "");
            Playbooks.Add(new PlaybookProvider(
                playbookId, provider, (string?)entry["category"] ?? ConnectorRecovery.Category(provider), (int?)entry["failure_count"] ?? 0, generatedAt));
        }
    }

    /// <summary>One connector recovery closure (its payload).</summary>
    public void AddClosure(JsonObject closure)
    {
        var provider = ProviderNames.Normalize((string?)closure["provider"] ?? "");
        var state = (string?)closure["closure_state"] ?? "unknown";
        var closedAt = (string?)closure["closed_at"] ?? "";
        var key = ((string?)closure["playbook_id"] ?? "", provider);
        if (!LatestClosures.TryGetValue(key, out var latest) || string.CompareOrdinal(closedAt, (string?)latest["closed_at"] ?? "") >= 0)
        {
            LatestClosures[key] = closure;
        }

        ClosureStates[state] = ClosureStates.GetValueOrDefault(state) + 1;
        var byProvider = ProviderClosures.GetValueOrDefault(provider);
        ProviderClosures[provider] = (byProvider.Count + 1, Later(byProvider.LatestAt, closedAt)!);

        var date = EvidenceTime.Parse(closedAt) is { } parsed ? parsed.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown";
        var day = Days.TryGetValue(date, out var existing) ? existing : Days[date] = new ClosureDay();
        day.Count++;
        day.States[state] = day.States.GetValueOrDefault(state) + 1;
        day.Providers[provider] = day.Providers.GetValueOrDefault(provider) + 1;
    }

    private static string? Later(string? current, string candidate) =>
        current is null || string.CompareOrdinal(candidate, current) > 0 ? candidate : current;
}

/// <summary>
/// Retry Recovery SLO (reference H1): retry executions by provider, each playbook provider's recovery with its age and
/// SLO state, closure trends by day, and the newest executions. A recovery breaches its SLO only while it is not
/// closed and older than the SLO; a closed recovery never breaches, however long it took.
/// </summary>
public sealed class RetryRecoveryReports(EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    public const int DefaultSloMinutes = 240;
    public const int MaxSloMinutes = 525_600;

    private static readonly string[] Index = ["report_id", "alert_level", "execution_count", "execution_failed_count", "recovery_slo_breached_count"];

    /// <summary>Closure states a trend day counts one by one (reference H1).</summary>
    private static IReadOnlyList<string> TrendStates => ConnectorRecovery.ClosureStates;

    public static readonly IReadOnlyList<string> Controls =
    [
        "The report is derived only from public-safe retry execution records, recovery playbooks and closure metadata.",
        "A recovery breaches its SLO only while it is open and older than recovery_slo_minutes; closed recoveries never breach.",
        "No connector secret, private URL, ticket content or incident note is read or reported.",
    ];

    /// <summary>The report now, read over every execution, playbook and closure record; nothing is stored.</summary>
    public Task<JsonObject> BuildAsync(int sloMinutes, string generatedBy, CancellationToken cancellationToken) =>
        BuildAsync(sloMinutes, generatedBy, clock.GetUtcNow(), cancellationToken);

    private async Task<JsonObject> BuildAsync(int sloMinutes, string generatedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inputs = new RecoveryInputs();
        var executionKind = DeliveryStreams.Audit.ExecutionRecord;
        await foreach (var record in query.StreamAsync(RecordFilter.OfKind(executionKind.Kind), cancellationToken))
        {
            inputs.AddExecution(record.Record[executionKind.PayloadKey]!.AsObject());
        }

        await foreach (var record in query.StreamAsync(RecordFilter.OfKind(ConnectorRecovery.Playbook.Kind), cancellationToken))
        {
            inputs.AddPlaybook(record.Record[ConnectorRecovery.Playbook.PayloadKey]!.AsObject());
        }

        await foreach (var record in query.StreamAsync(RecordFilter.OfKind(ConnectorRecovery.Closure.Kind), cancellationToken))
        {
            inputs.AddClosure(record.Record[ConnectorRecovery.Closure.PayloadKey]!.AsObject());
        }

        return Build(inputs, sloMinutes, generatedBy, now);
    }

    /// <summary>The report, stored as evidence unless <paramref name="persist"/> is false (then the record is null).</summary>
    public async Task<(JsonObject Report, StoredEvidence? Record)> ReportAsync(
        int sloMinutes, string generatedBy, bool persist, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var report = await BuildAsync(sloMinutes, generatedBy, now, cancellationToken);
        if (!persist)
        {
            return (report, null);
        }

        return (report, await store.AppendAsync(Record(report, now), cancellationToken));
    }

    /// <summary>The report from already-read inputs at <paramref name="now"/>: pure, so a test can run it on a fake clock.</summary>
    public static JsonObject Build(RecoveryInputs inputs, int sloMinutes, string generatedBy, DateTimeOffset now)
    {
        var rows = inputs.Playbooks.Select(p => Row(p, inputs.LatestClosures.GetValueOrDefault((p.PlaybookId, p.Provider)), sloMinutes, now))
            .OrderByDescending(r => (bool)r["slo_breached"]!)
            .ThenByDescending(r => (string)r["generated_at"]!, StringComparer.Ordinal)
            .ToList();
        var closed = rows.Count(r => (string)r["slo_status"]! == "closed");
        var breached = rows.Count(r => (bool)r["slo_breached"]!);
        var open = rows.Count - closed;
        var delivered = inputs.StatusCounts.GetValueOrDefault("delivered");
        var failed = inputs.ExecutionCount - delivered;

        var providers = new SortedSet<string>(inputs.Executions.Keys, StringComparer.Ordinal);
        providers.UnionWith(inputs.Playbooks.Select(p => p.Provider));
        providers.UnionWith(inputs.ProviderClosures.Keys);
        var summary = new JsonArray([.. providers.Select(provider =>
        {
            var executions = inputs.Executions.GetValueOrDefault(provider);
            var ofProvider = rows.Where(r => (string)r["provider"]! == provider).ToList();
            var closures = inputs.ProviderClosures.GetValueOrDefault(provider);
            return (JsonNode)new JsonObject
            {
                ["provider"] = provider,
                ["execution_count"] = executions?.Count ?? 0,
                ["execution_delivered_count"] = executions?.Delivered ?? 0,
                ["execution_failed_count"] = executions?.Failed ?? 0,
                ["execution_skipped_count"] = executions?.Skipped ?? 0,
                ["recovery_playbook_count"] = ofProvider.Count,
                ["recovery_closure_count"] = closures.Count,
                ["open_recovery_count"] = ofProvider.Count(r => (string)r["slo_status"]! != "closed"),
                ["slo_breached_count"] = ofProvider.Count(r => (bool)r["slo_breached"]!),
                ["latest_execution_at"] = executions?.LatestAt,
                ["latest_closure_at"] = closures.LatestAt,
            };
        })]);

        // Newest day first; closures whose time cannot be read come last.
        var trends = new JsonArray([.. inputs.Days.OrderBy(d => d.Key == "unknown").ThenByDescending(d => d.Key, StringComparer.Ordinal).Select(d =>
        {
            var trend = new JsonObject { ["date"] = d.Key, ["closure_count"] = d.Value.Count };
            foreach (var state in TrendStates)
            {
                trend[$"{state}_count"] = d.Value.States.GetValueOrDefault(state);
            }

            trend["provider_counts"] = new JsonObject([.. d.Value.Providers.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);
            return (JsonNode)trend;
        })]);

        var generatedAt = EvidenceTime.ToText(now);
        var recoveryRows = new JsonArray([.. rows.Select(r => (JsonNode)r)]);
        return new JsonObject
        {
            ["schema_version"] = RecoveryRecords.Report.Schema,
            ["product"] = EvidenceStore.Product,
            ["report_id"] = EvidenceIds.Derive(RecoveryRecords.Report.IdPrefix, new JsonObject
            {
                ["generated_at"] = generatedAt,
                ["execution_count"] = inputs.ExecutionCount,
                ["recovery_rows"] = recoveryRows.DeepClone(),
                ["recovery_slo_minutes"] = sloMinutes,
            }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["alert_level"] = breached > 0 || failed > 0 ? "critical" : open > 0 ? "warning" : "healthy",
            ["recovery_slo_minutes"] = sloMinutes,
            ["execution_count"] = inputs.ExecutionCount,
            ["execution_success_count"] = delivered,
            ["execution_failed_count"] = failed,
            ["execution_success_rate"] = inputs.ExecutionCount == 0 ? null : Math.Round((double)delivered / inputs.ExecutionCount, 4),
            ["execution_status_counts"] = Counts(inputs.StatusCounts),
            ["recovery_playbook_provider_count"] = rows.Count,
            ["recovery_closed_count"] = closed,
            ["recovery_open_count"] = open,
            ["recovery_slo_breached_count"] = breached,
            ["closure_state_counts"] = Counts(inputs.ClosureStates),
            ["provider_summary"] = summary,
            ["recovery_rows"] = recoveryRows,
            ["closure_trends"] = trends,
            ["latest_executions"] = new JsonArray([.. inputs.Newest.Reverse().Select(e => (JsonNode)e.DeepClone())]),
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
    }

    /// <summary>The stored form (reference H1): decisions are the recovery rows, blocked the breaches and failed executions, approval required the open recoveries.</summary>
    public static EvidenceDraft Record(JsonObject report, DateTimeOffset now)
    {
        var body = RecordBody.Of(RecoveryRecords.Report.PayloadKey, report, Index);
        body["providers"] = new JsonArray([.. report["provider_summary"]!.AsArray().Select(p => p!["provider"]!.DeepClone())]);
        return new EvidenceDraft(
            (string)report["report_id"]!, RecoveryRecords.Report.Kind, now, (string)report["generated_by"]!,
            (int)report["recovery_playbook_provider_count"]!,
            (int)report["recovery_slo_breached_count"]! + (int)report["execution_failed_count"]!,
            (int)report["recovery_open_count"]!, body);
    }

    private static JsonObject Row(RecoveryInputs.PlaybookProvider playbook, JsonObject? closure, int sloMinutes, DateTimeOffset now)
    {
        var generated = EvidenceTime.Parse(playbook.GeneratedAt);
        var closedAt = (string?)closure?["closed_at"];
        var state = (string?)closure?["closure_state"] ?? "open";
        var isClosed = ConnectorRecovery.ClosedStates.Contains(state);
        long? age = generated is { } from ? Math.Max(0, (long)Math.Floor((now - from).TotalMinutes)) : null;
        long? closureMinutes = isClosed && generated is { } start && EvidenceTime.Parse(closedAt) is { } end
            ? Math.Max(0, (long)Math.Floor((end - start).TotalMinutes))
            : null;
        var breached = !isClosed && age > sloMinutes;
        return new JsonObject
        {
            ["playbook_id"] = playbook.PlaybookId,
            ["provider"] = playbook.Provider,
            ["category"] = playbook.Category,
            ["failure_count"] = playbook.FailureCount,
            ["generated_at"] = playbook.GeneratedAt,
            ["age_minutes"] = age,
            ["recovery_slo_minutes"] = sloMinutes,
            ["closure_state"] = state,
            ["closure_id"] = (string?)closure?["closure_id"],
            ["closed_at"] = closedAt,
            ["closure_minutes"] = closureMinutes,
            ["slo_status"] = breached ? "breached" : isClosed ? "closed" : "open",
            ["slo_breached"] = breached,
        };
    }

    private static JsonObject Counts(IEnumerable<KeyValuePair<string, int>> counts) =>
        new([.. counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]);
}
