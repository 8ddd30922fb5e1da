using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Recovery;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Recovery;

/// <summary>Query of <c>GET A/retry-recovery-report</c>.</summary>
public sealed record RetryRecoveryReportQuery
{
    /// <summary>Minutes an open recovery may stay open before it breaches its SLO: 1–525600, default 240.</summary>
    [FromQuery(Name = "recovery_slo_minutes")]
    public int? RecoverySloMinutes { get; init; }

    /// <summary>Who asks, recorded in the report; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</summary>
    [FromQuery(Name = "generated_by")]
    public string? GeneratedBy { get; init; }

    /// <summary>Store the report as evidence (default true); false returns the same report and stores nothing.</summary>
    [FromQuery(Name = "persist")]
    public bool? Persist { get; init; }
}

public sealed class RetryRecoveryReportQueryValidator : AbstractValidator<RetryRecoveryReportQuery>
{
    public RetryRecoveryReportQueryValidator()
    {
        RuleFor(q => q.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(q => q.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>The retry recovery report (Retry Recovery SLO).</summary>
/// <param name="Report">The report: report_id (gordackretryreport-…), alert_level, recovery_slo_minutes, execution counts and success rate, execution_status_counts, recovery_playbook_provider_count, recovery_closed_count, recovery_open_count (not closed, breached included), recovery_slo_breached_count, closure_state_counts, provider_summary (per provider), recovery_rows (per playbook provider: age_minutes, closure_state, closure_minutes, slo_status breached, closed or open), closure_trends (per day, newest first) and latest_executions (the 20 newest).</param>
/// <param name="Metadata">Its stored evidence record, or null with persist=false.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RetryRecoveryReportResponse(JsonObject Report, EvidenceEnvelope? Metadata, JsonObject? Actor);

/// <summary>Rules the escalation requests share.</summary>
internal static class EscalationRules
{
    public static IRuleBuilderOptions<T, string?> ProviderList<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(500).Must(p => ProviderNames.ParseList(p).All(ProviderNames.Known.Contains))
            .WithMessage($"'provider' must be a comma-separated list of connector names ({string.Join(", ", ProviderNames.Known)})");
}

/// <summary>Body of <c>POST A/recovery-escalation-plan</c>.</summary>
/// <param name="RecoverySloMinutes">The SLO of the retry recovery report the plan is built from: 1–525600, default 240.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
/// <param name="Provider">The escalation channels (comma-separated connector names); default: Cavra:Escalation:Providers. Never the failing connectors, which the plan lists as escalated_providers.</param>
public sealed record RecoveryEscalationPlanRequest(int? RecoverySloMinutes, string? GeneratedBy, string? Provider) : IExample<RecoveryEscalationPlanRequest>
{
    public static RecoveryEscalationPlanRequest Example => new(RetryRecoveryReports.DefaultSloMinutes, ExampleValues.GeneratedBy, ExampleValues.Provider);
}

public sealed class RecoveryEscalationPlanRequestValidator : AbstractValidator<RecoveryEscalationPlanRequest>
{
    public RecoveryEscalationPlanRequestValidator()
    {
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Provider).ProviderList();
    }
}

/// <summary>A stored recovery escalation plan.</summary>
/// <param name="Plan">The plan: plan_id (gordackrecoveryesc-…), recovery_report_id, alert_level, escalation_count, critical_escalation_count, slo_breached_count, failed_execution_count, open_recovery_count, selected_providers (the escalation channels), escalated_providers (the failing connectors), escalation_routes (provider, category, severity, reason, recommended_action, playbook_id, closure_state, age_minutes, slo_status) and executive_summary.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryEscalationPlanResponse(JsonObject Plan, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>Body of <c>POST A/recovery-escalations/{plan_id}/deliver</c>.</summary>
/// <param name="Provider">The escalation channels (comma-separated connector names); default: the plan's selected_providers, else Cavra:Escalation:Providers.</param>
/// <param name="MaxRoutes">At most this many routes go into the event: 1–100, default 20.</param>
/// <param name="RecoverySloMinutes">The SLO of a fresh plan when plan_id is latest: 1–525600, default 240.</param>
/// <param name="Retries">Extra delivery attempts per connector after a failed one: 0–10, default 2.</param>
/// <param name="TimeoutSeconds">Timeout of one delivery attempt in seconds: 0.1–120, default 10.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record RecoveryEscalationDeliverRequest(
    string? Provider, int? MaxRoutes, int? RecoverySloMinutes, int? Retries, double? TimeoutSeconds, string? GeneratedBy)
    : IExample<RecoveryEscalationDeliverRequest>
{
    public static RecoveryEscalationDeliverRequest Example => new(
        ExampleValues.Provider, RecoveryEscalations.DefaultMaxRoutes, RetryRecoveryReports.DefaultSloMinutes, 2, 10, ExampleValues.GeneratedBy);
}

public sealed class RecoveryEscalationDeliverRequestValidator : AbstractValidator<RecoveryEscalationDeliverRequest>
{
    public RecoveryEscalationDeliverRequestValidator()
    {
        RuleFor(r => r.Provider).ProviderList();
        RuleFor(r => r.MaxRoutes).InclusiveBetween(1, 100);
        RuleFor(r => r.RecoverySloMinutes).InclusiveBetween(1, RetryRecoveryReports.MaxSloMinutes);
        RuleFor(r => r.Retries).InclusiveBetween(0, DeliveryOptions.MaxRetries);
        RuleFor(r => r.TimeoutSeconds).InclusiveBetween(DeliveryOptions.MinTimeoutSeconds, DeliveryOptions.MaxTimeoutSeconds);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>A delivered recovery escalation.</summary>
/// <param name="Plan">The escalation plan delivered (a fresh, now stored one for plan_id latest).</param>
/// <param name="Delivery">The connector delivery to the escalation channels.</param>
/// <param name="PlanMetadata">The plan's stored evidence record.</param>
/// <param name="Metadata">The delivery's stored evidence record (source go_backend_rollback_drill_acknowledgement_audit_recovery_escalation, with plan_id and the selected_providers it went to).</param>
/// <param name="Success">True when every escalation channel accepted the event.</param>
/// <param name="EventId">The event's id: the plan_id.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryEscalationDeliveryResponse(
    JsonObject Plan, ConnectorDeliveryResult Delivery, EvidenceEnvelope PlanMetadata, EvidenceEnvelope Metadata, bool Success, string EventId, JsonObject? Actor);

/// <summary>Body of <c>POST A/recovery-escalations/{plan_id}/acknowledgements</c>; accepted, acknowledged and resolved let a live escalation retry go out.</summary>
/// <param name="Provider">Required. The escalation channel acknowledged.</param>
/// <param name="AcknowledgedBy">Required. Who acknowledges; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>acknowledged</c>.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters, no secrets.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="EscalationReason">Why the escalation was (or was not) taken up; at most 500 characters, no secrets.</param>
public sealed record RecoveryEscalationAcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(RecoveryEscalationAcknowledgeRequest), nameof(RecoveryEscalationAcknowledgeRequest.States))] string? AcknowledgementState,
    string? ExternalRef,
    string? Notes,
    string? EscalationReason) : IExample<RecoveryEscalationAcknowledgeRequest>
{
    internal static IReadOnlyList<string> States => RecoveryRecords.EscalationAcknowledgement.States;

    public static RecoveryEscalationAcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "accepted", "INC-1234", "Release owner paged; recovery is being worked.", "recovery SLO breached");
}

public sealed class RecoveryEscalationAcknowledgeRequestValidator : AbstractValidator<RecoveryEscalationAcknowledgeRequest>
{
    public RecoveryEscalationAcknowledgeRequestValidator()
    {
        var kind = RecoveryRecords.EscalationAcknowledgement;
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s))
            .WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.EscalationReason).MaximumLength(500).PublicSafe();
    }
}
