using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;

namespace Cavra.Core.Retries;

/// <summary>A recovery closure as asked (reference F2).</summary>
public sealed record RecoveryClosureInput(
    string Provider, string ClosedBy, string? State, string? ExternalRef, string? Notes, IReadOnlyList<string> VerificationRefs);

/// <summary>
/// Connector recovery (reference F1/F2): a playbook per repeatedly failing provider, and closures that record how
/// each provider's recovery ended. Guidance only: nothing is rotated or repaired by the service.
/// </summary>
public sealed class ConnectorRecovery(EvidenceQuery query, EvidenceStore store, TimeProvider clock)
{
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    private const string S = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery";

    public static readonly RecordType Playbook = new(
        $"{K}-connector-recovery-playbook", "gordackrecovery", $"{S}-connector-recovery-playbook.v1", "connector_recovery_playbook");

    public static readonly RecordType Closure = new(
        $"{K}-connector-recovery-closure", "gordackrecoveryclosure", $"{S}-connector-recovery-closure.v1", "connector_recovery_closure");

    private static readonly string[] PlaybookIndex = ["playbook_id", "alert_level", "provider_count", "failure_count"];

    private static readonly string[] ClosureIndex = ["closure_id", "closure_hash", "playbook_id", "provider", "closure_state", "external_ref"];

    public static readonly IReadOnlyList<string> ClosureStates = ["resolved", "mitigated", "deferred", "escalated", "reopened"];

    /// <summary>Closure states that close a recovery (reference §1.10).</summary>
    public static readonly IReadOnlyList<string> ClosedStates = ["resolved", "mitigated"];

    public static readonly IReadOnlyList<string> RecoverySteps =
    [
        "Confirm the destination's owner and whether it is in a maintenance window.",
        "Verify the network path and allowlists from the Cavra host to the connector endpoint.",
        "If authentication failed, rotate the credential in the private secret manager (never in evidence or tickets).",
        "Dry-run the retry worker to see which deliveries would be retried.",
        "Request retry approval before any live retry.",
        "Record the external incident or change reference when closing the recovery.",
    ];

    public const string PrivateConnectorBoundary =
        "Connector credentials, private URLs and customer incident data stay in private systems; this playbook holds public-safe guidance only.";

    /// <summary>Streams whose failed deliveries the playbook looks at: audit deliveries and worker health alerts.</summary>
    /// <remarks>A property, not a field: the catalogue names this type's closures, so reading it here at type initialisation would be circular.</remarks>
    private static IReadOnlyList<string> Sources => [DeliveryStreams.Audit.Source, DeliveryStreams.AuditWorkerHealth.Source];

    public static string Category(string provider) => provider switch
    {
        "splunk" or "sentinel" or "datadog" => "siem",
        "jira" or "servicenow" => "itsm",
        "slack" or "teams" or "pagerduty" or "email" => "chatops",
        _ => "webhook",
    };

    /// <summary>Recovery Playbook (F1). An empty playbook (no provider failing often enough) is stored too.</summary>
    public async Task<(JsonObject Playbook, StoredEvidence Record)> PlaybookAsync(
        int minFailureCount, int lookbackHours, string generatedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failures = new SortedDictionary<string, (int Count, string Latest, SortedSet<int> Codes)>(StringComparer.Ordinal);
        var filter = new RecordFilter { DeliverySources = Sources, DeliverySuccess = false, CreatedFrom = now.AddHours(-lookbackHours) };
        await foreach (var record in query.StreamAsync(filter, cancellationToken))
        {
            foreach (var delivery in record.Record["delivery"]!["deliveries"]!.AsArray().OfType<JsonObject>().Where(d => !(bool)d["success"]!))
            {
                var provider = ProviderNames.Normalize((string)delivery["provider"]!);
                var entry = failures.TryGetValue(provider, out var found) ? found : (Count: 0, Latest: "", Codes: new SortedSet<int>());
                if ((int?)delivery["status_code"] is { } code)
                {
                    entry.Codes.Add(code);
                }

                failures[provider] = (entry.Count + 1, record.CreatedAt, entry.Codes);
            }
        }

        var playbooks = new JsonArray([.. failures.Where(f => f.Value.Count >= minFailureCount).Select(f => (JsonNode)new JsonObject
        {
            ["provider"] = f.Key,
            ["category"] = Category(f.Key),
            ["failure_count"] = f.Value.Count,
            ["latest_failure_at"] = f.Value.Latest,
            ["status_codes"] = new JsonArray([.. f.Value.Codes.Select(c => (JsonNode)c.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            ["recovery_steps"] = new JsonArray([.. RecoverySteps.Select(s => (JsonNode)s)]),
            ["private_connector_boundary"] = PrivateConnectorBoundary,
        })]);
        var generatedAt = EvidenceTime.ToText(now);
        var failureCount = playbooks.Sum(p => (int)p!["failure_count"]!);
        var playbook = new JsonObject
        {
            ["schema_version"] = Playbook.Schema,
            ["product"] = EvidenceStore.Product,
            ["playbook_id"] = EvidenceIds.Derive(Playbook.IdPrefix, new JsonObject { ["generated_at"] = generatedAt, ["provider_playbooks"] = playbooks.DeepClone() }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["alert_level"] = playbooks.Count > 0 ? "critical" : "healthy",
            ["lookback_hours"] = lookbackHours,
            ["min_failure_count"] = minFailureCount,
            ["provider_count"] = playbooks.Count,
            ["failure_count"] = failureCount,
            ["provider_playbooks"] = playbooks,
            ["controls"] = new JsonArray("The playbook is guidance only: nothing is rotated, repaired or sent."),
        };
        var body = RecordBody.Of(Playbook.PayloadKey, playbook, PlaybookIndex);
        body["providers"] = new JsonArray([.. playbooks.Select(p => p!["provider"]!.DeepClone())]);
        var draft = new EvidenceDraft((string)playbook["playbook_id"]!, Playbook.Kind, now, generatedBy, playbooks.Count, failureCount, playbooks.Count, body);
        return (playbook, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>Close Recovery (F2): the playbook must exist (404) and list the provider (400).</summary>
    public async Task<(JsonObject Closure, StoredEvidence Record)> CloseAsync(
        string playbookId, RecoveryClosureInput input, CancellationToken cancellationToken)
    {
        var state = string.IsNullOrWhiteSpace(input.State) ? "resolved" : ProviderNames.Normalize(input.State);
        if (!ClosureStates.Contains(state))
        {
            throw new InvalidFieldException("closure_state", $"closure_state must be {string.Join(", ", ClosureStates)}");
        }

        var stored = await query.RequireAsync(playbookId, Playbook.Kind, "connector recovery playbook", cancellationToken);
        var provider = ProviderNames.Normalize(input.Provider);
        var listed = stored.Record[Playbook.PayloadKey]!["provider_playbooks"]!.AsArray().Select(p => (string)p!["provider"]!).ToList();
        if (!listed.Contains(provider))
        {
            throw new InvalidFieldException("provider", listed.Count == 0
                ? $"playbook {playbookId} lists no failing provider"
                : $"playbook {playbookId} has no provider '{provider}' (it lists {string.Join(", ", listed)})");
        }

        var now = clock.GetUtcNow();
        var closedAt = EvidenceTime.ToText(now);
        var refs = new JsonArray([.. input.VerificationRefs.Where(r => r.Length > 0).Select(r => (JsonNode)r)]);
        var hash = CanonicalJson.Hash(new JsonObject
        {
            ["playbook_id"] = playbookId, ["provider"] = provider, ["closure_state"] = state, ["closed_by"] = input.ClosedBy,
            ["closed_at"] = closedAt, ["external_ref"] = input.ExternalRef ?? "", ["verification_refs"] = refs.DeepClone(),
        });
        var closure = new JsonObject
        {
            ["schema_version"] = Closure.Schema,
            ["product"] = EvidenceStore.Product,
            ["closure_id"] = EvidenceIds.FromHash(Closure.IdPrefix, hash),
            ["closure_hash"] = hash,
            ["playbook_id"] = playbookId,
            ["provider"] = provider,
            ["closure_state"] = state,
            ["closed_by"] = input.ClosedBy,
            ["closed_at"] = closedAt,
            ["external_ref"] = input.ExternalRef ?? "",
            ["notes"] = input.Notes ?? "",
            ["verification_refs"] = refs,
            ["controls"] = new JsonArray("Closures record public-safe operator outcomes only; no ticket or credential is changed."),
        };
        var body = RecordBody.Of(Closure.PayloadKey, closure, ClosureIndex);
        body["plan_id"] = playbookId;
        var draft = new EvidenceDraft(
            (string)closure["closure_id"]!, Closure.Kind, now, input.ClosedBy, 1, ClosedStates.Contains(state) ? 0 : 1, 0, body);
        return (closure, await store.AppendAsync(draft, cancellationToken));
    }
}
