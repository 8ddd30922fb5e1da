using System.Text.Json.Nodes;
using Cavra.Core.Connectors;
using Cavra.Core.Evidence;

namespace Cavra.Core.Retries;

/// <summary>
/// A recovery closure as asked (reference F2). <paramref name="OverrideReason"/> lets an operator resolve a recovery
/// that no verification reference proves, saying why; it is recorded in the closure.
/// </summary>
public sealed record RecoveryClosureInput(
    string Provider, string ClosedBy, string? State, string? ExternalRef, string? Notes, IReadOnlyList<string> VerificationRefs,
    string? OverrideReason = null);

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
            ["status_codes"] = new JsonArray([.. f.Value.Codes.Select(c => (JsonNode)c)]),
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

    /// <summary>The closure state that claims the connector works again, and so needs a proven delivery (or an override).</summary>
    public const string Resolved = "resolved";

    /// <summary>
    /// Close Recovery (F2): the playbook must exist (404) and list the provider (400). Each verification reference is
    /// looked up and the closure says which record it is and whether it proves a successful delivery to the provider;
    /// <c>resolved</c> with no such proof is a 400 unless an override reason is given.
    /// </summary>
    public async Task<(JsonObject Closure, StoredEvidence Record)> CloseAsync(
        string playbookId, RecoveryClosureInput input, CancellationToken cancellationToken)
    {
        var state = string.IsNullOrWhiteSpace(input.State) ? "resolved" : ProviderNames.Normalize(input.State);
        if (!ClosureStates.Contains(state))
        {
            throw new InvalidFieldException("closure_state", $"closure_state must be {string.Join(", ", ClosureStates)}");
        }

        var stored = await query.RequireAsync(playbookId, Playbook.Kind, "connector recovery playbook", cancellationToken);
        var provider = PlanProviders.Require(
            input.Provider, stored.Record[Playbook.PayloadKey]!["provider_playbooks"]!.AsArray().Select(p => (string)p!["provider"]!),
            $"playbook {playbookId}", "recovery playbook");

        var now = clock.GetUtcNow();
        var closedAt = EvidenceTime.ToText(now);
        var given = input.VerificationRefs.Where(r => r.Length > 0).ToList();
        var refs = new JsonArray([.. given.Select(r => (JsonNode)r)]);
        var verification = new JsonArray();
        foreach (var reference in given)
        {
            verification.Add(await VerifyAsync(reference, provider, cancellationToken));
        }

        var proven = verification.Any(v => (bool)v!["proves_delivery"]!);
        var overrideReason = string.IsNullOrWhiteSpace(input.OverrideReason) ? null : input.OverrideReason.Trim();
        if (state == Resolved && !proven && overrideReason is null)
        {
            throw new InvalidFieldException("verification_refs", given.Count == 0
                ? $"closure_state resolved needs a verification reference that proves a successful delivery to {provider} (a delivered retry execution id or a connector delivery record id); give one, close as mitigated, deferred or escalated, or send override.reason"
                : $"none of the verification references proves a successful delivery to {provider} ({string.Join("; ", verification.Select(v => $"{v!["ref"]}: {v["reason"]}"))}); give a delivered one, close as mitigated, deferred or escalated, or send override.reason");
        }

        var material = new JsonObject
        {
            ["playbook_id"] = playbookId, ["provider"] = provider, ["closure_state"] = state, ["closed_by"] = input.ClosedBy,
            ["closed_at"] = closedAt, ["external_ref"] = input.ExternalRef ?? "", ["verification_refs"] = refs.DeepClone(),
        };
        if (overrideReason is not null)
        {
            material["override_reason"] = overrideReason;
        }

        var hash = CanonicalJson.Hash(material);
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
            ["verification"] = verification,
            ["verified_delivery"] = proven,
            ["override"] = overrideReason is null ? null : new JsonObject { ["reason"] = overrideReason, ["by"] = input.ClosedBy },
            ["controls"] = new JsonArray("Closures record public-safe operator outcomes only; no ticket or credential is changed."),
        };
        var body = RecordBody.Of(Closure.PayloadKey, closure, ClosureIndex);
        body["plan_id"] = playbookId;
        var draft = new EvidenceDraft(
            (string)closure["closure_id"]!, Closure.Kind, now, input.ClosedBy, 1, ClosedStates.Contains(state) ? 0 : 1, 0, body);
        return (closure, await store.AppendAsync(draft, cancellationToken));
    }

    /// <summary>
    /// What one verification reference is: a retry execution record (proves a delivery when it delivered to the
    /// provider), a connector delivery record (when the provider's delivery in it succeeded), another record, or no
    /// record at all (a ticket or other external reference, which proves nothing here).
    /// </summary>
    private async Task<JsonObject> VerifyAsync(string reference, string provider, CancellationToken cancellationToken)
    {
        var record = await query.FindAsync(reference, cancellationToken);
        var (proves, reason) = record?.MetadataKind switch
        {
            null => (false, "not an evidence record (kept as an external reference)"),
            var kind when kind == DeliveryStreams.Audit.ExecutionRecord.Kind => ExecutionProof(record.Record, provider),
            ConnectorDeliveryRecord.Kind => DeliveryProof(record.Record, provider),
            var kind => (false, $"a {kind} record, not a delivery"),
        };
        return new JsonObject
        {
            ["ref"] = reference,
            ["metadata_kind"] = record?.MetadataKind,
            ["created_at"] = record?.CreatedAt,
            ["proves_delivery"] = proves,
            ["reason"] = reason,
        };
    }

    private static (bool, string) ExecutionProof(JsonObject record, string provider)
    {
        var status = (string?)record["execution_status"] ?? "unknown";
        var to = ProviderNames.Normalize((string?)record["provider"] ?? "");
        return to != provider ? (false, $"a retry execution to {to}, not {provider}")
            : status == "delivered" ? (true, $"a retry execution that delivered to {provider}")
            : (false, $"a retry execution that {(status == "failed" ? "failed" : $"was {status}")}");
    }

    private static (bool, string) DeliveryProof(JsonObject record, string provider)
    {
        var sent = record["delivery"]?["deliveries"]?.AsArray().OfType<JsonObject>()
            .Where(d => ProviderNames.Normalize((string?)d["provider"] ?? "") == provider).ToList() ?? [];
        return sent.Count == 0 ? (false, $"a connector delivery that did not go to {provider}")
            : sent.Any(d => (bool?)d["success"] == true) ? (true, $"a connector delivery that reached {provider}")
            : (false, $"a connector delivery to {provider} that failed");
    }
}
