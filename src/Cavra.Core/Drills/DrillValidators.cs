using Cavra.Core.PublicSafe;
using FluentValidation;

namespace Cavra.Core.Drills;

/// <summary>What a schedule must hold (reference A1 step 1); used for stored schedules and schedule files alike.</summary>
public sealed class DrillScheduleValidator : AbstractValidator<DrillSchedule>
{
    public DrillScheduleValidator()
    {
        RuleFor(s => s.SchemaVersion).Equal(DrillSchedule.Schema).WithMessage($"'schema_version' must be {DrillSchedule.Schema}");
        RuleFor(s => s.ScheduleId).NotEmpty().MaximumLength(200).Matches("^[A-Za-z0-9._:-]+$")
            .WithMessage("'schedule_id' may hold letters, digits and . _ : - only");
        RuleFor(s => s.Status).Must(DrillSchedule.Statuses.Contains)
            .WithMessage($"'status' must be {string.Join(", ", DrillSchedule.Statuses)}");
        RuleFor(s => s.IntervalDays).GreaterThan(0).LessThanOrEqualTo(3660);
        RuleFor(s => s.Owners).NotEmpty().Must(o => o.Count <= 50).WithMessage("'owners' may list at most 50 owners");
        RuleForEach(s => s.Owners).NotEmpty().MaximumLength(200).Must(NoSecret).WithMessage(SecretMessage);
        RuleFor(s => s.NotificationProviders).NotEmpty().Must(p => p.Count <= 20).WithMessage("'notification_providers' may list at most 20 providers");
        RuleForEach(s => s.NotificationProviders).NotEmpty().MaximumLength(50).Matches("^[A-Za-z0-9 _-]+$")
            .WithMessage("'notification_providers' entries must be provider names");
        RuleFor(s => s.RunbookRef).NotEmpty().MaximumLength(500).Must(NoSecret).WithMessage(SecretMessage);
        RuleFor(s => s.Environment).MaximumLength(100).Must(NoSecret).WithMessage(SecretMessage);
        RuleFor(s => s.UpdatedBy).MaximumLength(200).Must(NoSecret).WithMessage(SecretMessage);
        RuleFor(s => s.NextDueAt).Must(t => t is null || Evidence.EvidenceTime.Parse(t) is not null)
            .WithMessage("'next_due_at' must be an ISO-8601 timestamp");
        RuleFor(s => s).Custom((schedule, context) =>
        {
            foreach (var (field, message) in ScheduleRouting.Problems(schedule))
            {
                context.AddFailure(field, message);
            }

            foreach (var (field, node) in new (string, System.Text.Json.Nodes.JsonNode?)[]
            {
                ("owner_routes", schedule.OwnerRoutes), ("routing_rules", schedule.RoutingRules),
                ("maintenance_windows", schedule.MaintenanceWindows), ("owner_calendars", schedule.OwnerCalendars),
            })
            {
                if (SecretScanner.FindInJson(node, field) is { } secret)
                {
                    context.AddFailure(field, $"{secret.Path} contains a secret ({secret.Kind}); secrets must never be sent to Cavra");
                }
            }
        });
    }

    internal static bool NoSecret(string? value) => SecretScanner.FindKind(value) is null;

    internal static string SecretMessage<T>(T _, string? value) =>
        $"contains a secret ({SecretScanner.FindKind(value)}); secrets must never be sent to Cavra";
}

public sealed class DrillExecutionValidator : AbstractValidator<DrillExecution>
{
    public DrillExecutionValidator()
    {
        RuleFor(d => d.DrillId).NotEmpty().MaximumLength(200).Matches("^[A-Za-z0-9._:-]+$")
            .WithMessage("'drill_id' may hold letters, digits and . _ : - only");
        RuleFor(d => d.ExecutedAt).NotEmpty().Must(t => Evidence.EvidenceTime.Parse(t) is not null)
            .WithMessage("'executed_at' must be an ISO-8601 timestamp");
        RuleFor(d => d.Status).Must(DrillExecution.Statuses.Contains).WithMessage($"'status' must be {string.Join(" or ", DrillExecution.Statuses)}");
        RuleFor(d => d.SourceMode).Must(DrillSettings.Modes.Contains).WithMessage("'source_mode' must be disabled, shadow, enforce or promoted");
        RuleFor(d => d.TargetMode).Must(DrillSettings.Modes.Contains).WithMessage("'target_mode' must be disabled, shadow, enforce or promoted");
        RuleFor(d => d.RecoveryMinutes).GreaterThanOrEqualTo(0).LessThanOrEqualTo(100_000);
        RuleFor(d => d.MaxRecoveryMinutes).GreaterThanOrEqualTo(0).LessThanOrEqualTo(100_000);
        RuleFor(d => d.Actor).MaximumLength(200).Must(DrillScheduleValidator.NoSecret).WithMessage(DrillScheduleValidator.SecretMessage);
        RuleFor(d => d.Environment).MaximumLength(100).Must(DrillScheduleValidator.NoSecret).WithMessage(DrillScheduleValidator.SecretMessage);
        RuleFor(d => d.RunbookRef).MaximumLength(500).Must(DrillScheduleValidator.NoSecret).WithMessage(DrillScheduleValidator.SecretMessage);
        RuleFor(d => d.EvidenceRefs).Must(r => r.Count <= 50).WithMessage("'evidence_refs' may list at most 50 references");
        RuleForEach(d => d.EvidenceRefs).NotEmpty().MaximumLength(500).Must(DrillScheduleValidator.NoSecret).WithMessage(DrillScheduleValidator.SecretMessage);
    }
}
