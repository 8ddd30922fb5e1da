using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>
/// Records acknowledgements of delivered drill notifications (reference A2/A3). Every schedule (and plan, when given)
/// must exist, the provider must be one the plan notified (the latest plan of the schedule when no plan_id is given),
/// and a bulk request is stored in one transaction: one bad route stores nothing.
/// </summary>
public sealed class NotificationAcknowledger(EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    /// <param name="routes">The routes to acknowledge.</param>
    /// <param name="bulk">Whether errors name the route (<c>routes[i].provider</c>) or the single request's field.</param>
    /// <param name="cancellationToken">Cancels the lookups and the write.</param>
    public async Task<IReadOnlyList<(JsonObject Acknowledgement, StoredEvidence Record)>> AcknowledgeAsync(
        IReadOnlyList<(string ScheduleId, AcknowledgementInput Input)> routes, bool bulk, CancellationToken cancellationToken)
    {
        // Each distinct schedule and plan is looked up once, however many routes name it.
        var plans = new Dictionary<(string Schedule, string? Plan), StoredEvidence>();
        for (var i = 0; i < routes.Count; i++)
        {
            var (scheduleId, input) = routes[i];
            var planId = string.IsNullOrEmpty(input.PlanId) ? null : input.PlanId;
            var where = bulk ? $"routes[{i}]: " : "";
            if (!plans.TryGetValue((scheduleId, planId), out var plan))
            {
                plan = await query.LatestAsync(new RecordFilter { Kinds = [NotificationPlanner.Kind], ScheduleId = scheduleId, PlanId = planId }, cancellationToken)
                    ?? throw new RecordNotFoundException(planId is null
                        ? $"{where}no notification plan exists for schedule_id '{scheduleId}'"
                        : $"{where}plan_id '{planId}' is not a notification plan of schedule '{scheduleId}'");
                plans[(scheduleId, planId)] = plan;
            }

            PlanProviders.Require(
                input.Provider,
                plan.Record["acknowledgement_required_providers"]!.AsArray().Select(p => (string)p!),
                $"{where}{(planId is null ? "the latest notification plan" : "notification plan")} {plan.SessionId} of schedule '{scheduleId}'",
                "notified route",
                bulk ? $"routes[{i}].provider" : "provider",
                planId is null ? "; give plan_id to acknowledge an earlier plan" : "");
        }

        var now = clock.GetUtcNow();
        var built = routes.Select(r => Acknowledgements.Build(Acknowledgements.Notification, r.ScheduleId, r.Input, now)).ToList();
        var stored = await store.AppendAllAsync([.. built.Select(b => b.Draft)], cancellationToken);
        return [.. built.Select((b, i) => (b.Acknowledgement, stored[i]))];
    }
}
