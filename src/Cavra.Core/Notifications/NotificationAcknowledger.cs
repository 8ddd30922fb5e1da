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
        for (var i = 0; i < routes.Count; i++)
        {
            var where = routes.Count == 1 ? "" : $"routes[{i}]: ";
            var (scheduleId, input) = routes[i];
            if (await query.CountAsync(new RecordFilter { Kinds = [NotificationPlanner.Kind], ScheduleId = scheduleId }, cancellationToken) == 0)
            {
                throw new RecordNotFoundException($"{where}no notification plan exists for schedule_id '{scheduleId}'");
            }

            if (!string.IsNullOrEmpty(input.PlanId) &&
                await query.CountAsync(new RecordFilter { Kinds = [NotificationPlanner.Kind], ScheduleId = scheduleId, PlanId = input.PlanId }, cancellationToken) == 0)
            {
                throw new RecordNotFoundException($"{where}plan_id '{input.PlanId}' is not a notification plan of schedule '{scheduleId}'");
            }
        }

        var now = clock.GetUtcNow();
        var built = routes.Select(r => Acknowledgements.Build(Acknowledgements.Notification, r.ScheduleId, r.Input, now)).ToList();
        var stored = await store.AppendAllAsync([.. built.Select(b => b.Draft)], cancellationToken);
        return [.. built.Select((b, i) => (b.Acknowledgement, stored[i]))];
    }
}
