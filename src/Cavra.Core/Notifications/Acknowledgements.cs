using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>
/// One kind of acknowledgement: what it acknowledges (the subject field, e.g. <c>schedule_id</c>, <c>health_id</c> or
/// <c>plan_id</c>), its record kind, id prefix, schema, allowed states and the payload key the record holds it under.
/// The build is the same for every kind.
/// </summary>
public sealed record AcknowledgementKind(
    string Kind, string IdPrefix, string Schema, string SubjectField, IReadOnlyList<string> States, string DefaultState,
    string PayloadKey = "acknowledgement");

/// <summary>What an operator says about one subject and provider; <paramref name="Extra"/> adds key fields (delivery_id, …).</summary>
public sealed record AcknowledgementInput(
    string Provider, string AcknowledgedBy, string? State, string? ExternalRef, string? Notes, string? PlanId, JsonObject? Extra = null);

public static class Acknowledgements
{
    /// <summary>Drill notification acknowledgements (reference A2/A3).</summary>
    public static readonly AcknowledgementKind Notification = new(
        "go-backend-rollback-drill-notification-ack",
        "gordack",
        "cavra.go-backend-pilot.rollback-drill-notification-ack.v1",
        "schedule_id",
        ["acknowledged", "dismissed", "escalated", "resolved"],
        "acknowledged");

    /// <summary>States that count as acknowledged when looking for outstanding routes.</summary>
    public static readonly IReadOnlyList<string> Settled = ["acknowledged", "resolved"];

    /// <summary>The latest notification acknowledgement per provider for one schedule.</summary>
    public static Task<Dictionary<string, JsonObject>> LatestAsync(
        EvidenceQuery query, string scheduleId, CancellationToken cancellationToken) =>
        LatestAsync(query, new RecordFilter { Kinds = [Notification.Kind], ScheduleId = scheduleId }, cancellationToken);

    /// <summary>The latest acknowledgement per provider among the records of <paramref name="filter"/>.</summary>
    /// <remarks>One newest record per provider from the (kind, subject, provider) index, however many acknowledgements exist.</remarks>
    public static async Task<Dictionary<string, JsonObject>> LatestAsync(
        EvidenceQuery query, RecordFilter filter, CancellationToken cancellationToken) =>
        (await query.LatestPerKeyAsync(filter, RecordKey.Provider, cancellationToken))
            .ToDictionary(a => (string)a.Record["provider"]!, a => a.Record["acknowledgement"]!.AsObject(), StringComparer.Ordinal);

    /// <summary>The latest notification acknowledgement state per provider for one schedule.</summary>
    public static async Task<Dictionary<string, string>> LatestStatesAsync(
        EvidenceQuery query, string scheduleId, CancellationToken cancellationToken) =>
        (await LatestAsync(query, scheduleId, cancellationToken))
            .ToDictionary(a => a.Key, a => (string)a.Value["acknowledgement_state"]!, StringComparer.Ordinal);

    /// <summary>
    /// For the latest plan of each subject (a schedule, a health state…), every provider in the plan's
    /// <c>acknowledgement_required_providers</c> whose latest acknowledgement of <paramref name="kind"/> is neither
    /// acknowledged nor resolved. Each entry names the subject, the provider and the plan.
    /// </summary>
    public static async Task<List<JsonNode>> OutstandingAsync(
        EvidenceQuery query, string planKind, AcknowledgementKind kind, CancellationToken cancellationToken)
    {
        var (key, ofSubject) = kind.SubjectField switch
        {
            "schedule_id" => (RecordKey.ScheduleId, (Func<string, RecordFilter>)(id => new RecordFilter { Kinds = [kind.Kind], ScheduleId = id })),
            "health_id" => (RecordKey.HealthId, id => new RecordFilter { Kinds = [kind.Kind], HealthId = id }),
            _ => throw new NotSupportedException($"outstanding acknowledgements are not kept per {kind.SubjectField}"),
        };
        var outstanding = new List<JsonNode>();
        foreach (var plan in await query.LatestPerKeyAsync(RecordFilter.OfKind(planKind), key, cancellationToken))
        {
            var subjectId = (string)plan.Record[kind.SubjectField]!;
            var latest = await LatestAsync(query, ofSubject(subjectId), cancellationToken);
            foreach (var provider in plan.Record["acknowledgement_required_providers"]!.AsArray().Select(p => Connectors.ProviderNames.Normalize((string)p!)))
            {
                if (!(latest.TryGetValue(provider, out var acknowledgement) && Settled.Contains((string)acknowledgement["acknowledgement_state"]!)))
                {
                    outstanding.Add(new JsonObject
                    {
                        [kind.SubjectField] = subjectId,
                        ["provider"] = provider,
                        ["plan_id"] = plan.Record["plan_id"]!.DeepClone(),
                    });
                }
            }
        }

        return outstanding;
    }

    /// <summary>States are normalised like providers: trimmed, lower case, '-' → '_'.</summary>
    public static string NormalizeState(AcknowledgementKind kind, string? state) =>
        string.IsNullOrWhiteSpace(state) ? kind.DefaultState : state.Trim().ToLowerInvariant().Replace('-', '_');

    public static (JsonObject Acknowledgement, EvidenceDraft Draft) Build(
        AcknowledgementKind kind, string subjectId, AcknowledgementInput input, DateTimeOffset now)
    {
        var state = NormalizeState(kind, input.State);
        if (!kind.States.Contains(state))
        {
            // Request validators refuse unknown states first; this guards callers that skip them.
            throw new ArgumentException($"acknowledgement_state must be {string.Join(", ", kind.States)}", nameof(input));
        }

        var provider = Connectors.ProviderNames.Normalize(input.Provider);
        var acknowledgedAt = EvidenceTime.ToText(now);
        // An acknowledgement of a plan (recovery escalation) has the plan as its subject.
        var planId = kind.SubjectField == "plan_id" ? subjectId : input.PlanId ?? "";
        var material = new JsonObject
        {
            ["provider"] = provider,
            ["acknowledged_by"] = input.AcknowledgedBy,
            ["acknowledgement_state"] = state,
            ["acknowledged_at"] = acknowledgedAt,
            ["plan_id"] = planId,
            [kind.SubjectField] = subjectId,
        };
        foreach (var (field, value) in input.Extra ?? [])
        {
            material[field] = value?.DeepClone();
        }

        var id = EvidenceIds.Derive(kind.IdPrefix, material);
        var acknowledgement = new JsonObject
        {
            ["schema_version"] = kind.Schema,
            ["product"] = EvidenceStore.Product,
            ["acknowledgement_id"] = id,
            ["plan_id"] = planId,
            [kind.SubjectField] = subjectId,
            ["provider"] = provider,
            ["acknowledged_by"] = input.AcknowledgedBy,
            ["acknowledgement_state"] = state,
            ["acknowledged_at"] = acknowledgedAt,
            ["external_ref"] = input.ExternalRef ?? "",
            ["notes"] = input.Notes ?? "",
        };
        var body = new JsonObject
        {
            ["acknowledgement_id"] = id,
            [kind.SubjectField] = subjectId,
            ["provider"] = provider,
            ["acknowledgement_state"] = state,
        };
        foreach (var (field, value) in input.Extra ?? [])
        {
            acknowledgement[field] = value?.DeepClone();
            body[field] = value?.DeepClone();
        }

        body[kind.PayloadKey] = acknowledgement.DeepClone();
        if (planId.Length > 0 && kind.SubjectField != "plan_id")
        {
            body["plan_id"] = planId;
        }

        return (acknowledgement, new EvidenceDraft(id, kind.Kind, now, input.AcknowledgedBy, 1, 0, 0, body));
    }
}
