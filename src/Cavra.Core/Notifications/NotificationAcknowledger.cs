using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>
/// Records acknowledgements of delivered drill notifications (reference A2/A3). Every schedule (and plan, when given)
/// must exist, and a bulk request is stored in one transaction: one bad route stores nothing.
/// </summary>
public sealed class NotificationAcknowledger(EvidenceStore store, EvidenceQuery query, TimeProvider clock)
{
    public async Task<IReadOnlyList<(JsonObject Acknowledgement, StoredEvidence Record)>> AcknowledgeAsync(
        IReadOnlyList<(string ScheduleId, AcknowledgementInput Input)> routes, CancellationToken cancellationToken)
    {
        // Each distinct schedule and plan is looked up once, however many routes name it.
        var checkedRefs = new HashSet<(string Schedule, string? Plan)>();
        for (var i = 0; i < routes.Count; i++)
        {
            var (scheduleId, input) = routes[i];
            var planId = string.IsNullOrEmpty(input.PlanId) ? null : input.PlanId;
            if (!checkedRefs.Add((scheduleId, planId)))
            {
                continue;
            }

            var where = routes.Count == 1 ? "" : $"routes[{i}]: ";
            if (!await query.AnyAsync(new RecordFilter { Kinds = [NotificationPlanner.Kind], ScheduleId = scheduleId }, cancellationToken))
            {
                throw new RecordNotFoundException($"{where}no notification plan exists for schedule_id '{scheduleId}'");
            }

            if (planId is not null &&
                !await query.AnyAsync(new RecordFilter { Kinds = [NotificationPlanner.Kind], ScheduleId = scheduleId, PlanId = planId }, cancellationToken))
            {
                throw new RecordNotFoundException($"{where}plan_id '{planId}' is not a notification plan of schedule '{scheduleId}'");
            }
        }

        var now = clock.GetUtcNow();
        var built = routes.Select(r => Acknowledgements.Build(Acknowledgements.Notification, r.ScheduleId, r.Input, now)).ToList();
        var stored = await store.AppendAllAsync([.. built.Select(b => b.Draft)], cancellationToken);
        return [.. built.Select((b, i) => (b.Acknowledgement, stored[i]))];
    }
}
