using System.Text.Json.Nodes;
using Cavra.Api.Evidence;
using Cavra.Api.Hosting;
using Cavra.Api.Notifications;
using Cavra.Api.OpenApi;
using Cavra.Core;
using Cavra.Core.Connectors;
using Cavra.Core.Retries;
using FluentValidation;

namespace Cavra.Api.AuditRetries;

/// <summary>Body of <c>POST A/retry-plans/{retry_plan_id}/acknowledgements</c>: review of one retry decision; nothing is sent.</summary>
/// <param name="Provider">Required. The provider of the retry decision.</param>
/// <param name="AcknowledgedBy">Required. Who reviews; at most 200 characters, no secrets.</param>
/// <param name="AcknowledgementState">Default <c>accepted</c>; accepted and resolved let Plan Retry Approval request approval.</param>
/// <param name="DeliveryId">The decision's delivery_id (gordackdelivery-…); needed when the plan has several decisions for the provider.</param>
/// <param name="AuditId">The decision's audit_id (gordackaudit-…); needed with delivery_id.</param>
/// <param name="ExternalRef">An incident, change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
public sealed record RetryAcknowledgeRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? AcknowledgedBy,
    [property: OneOf(typeof(ContractValues), nameof(ContractValues.RetryAcknowledgementStates))] string? AcknowledgementState,
    string? DeliveryId,
    string? AuditId,
    string? ExternalRef,
    string? Notes) : IExample<RetryAcknowledgeRequest>
{
    public static RetryAcknowledgeRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "accepted", ExampleValues.DeliveryId, ExampleValues.AuditId, "CHG-2042", "Receiver fixed; retry is safe.");
}

public sealed class RetryAcknowledgeRequestValidator : AbstractValidator<RetryAcknowledgeRequest>
{
    public RetryAcknowledgeRequestValidator()
    {
        var kind = RetryApprovals.RetryAcknowledgement;
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.AcknowledgedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.AcknowledgementState).Must(s => AcknowledgementRules.KnownState(kind, s)).WithMessage(AcknowledgementRules.StatesMessage("acknowledgement_state", kind.States));
        RuleFor(r => r.DeliveryId).MaximumLength(200);
        RuleFor(r => r.AuditId).MaximumLength(200);
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
    }
}

/// <summary>Body of <c>POST A/retry-execution-approval-plan</c>.</summary>
/// <param name="ApprovalPolicy">The approval policy; default: a retry acknowledgement is required.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record ApprovalPlanRequest(ApprovalPolicyBody? ApprovalPolicy, string? GeneratedBy) : IExample<ApprovalPlanRequest>
{
    public static ApprovalPlanRequest Example => new(ApprovalPolicyBody.Example, ExampleValues.GeneratedBy);
}

/// <summary>When a retry may be approved.</summary>
/// <param name="RequireRetryAck">Approval waits for a retry acknowledgement in accepted or resolved; default true.</param>
public sealed record ApprovalPolicyBody(bool? RequireRetryAck) : IExample<ApprovalPolicyBody>
{
    public static ApprovalPolicyBody Example => new(true);
}

public sealed class ApprovalPlanRequestValidator : AbstractValidator<ApprovalPlanRequest>
{
    public ApprovalPlanRequestValidator() => RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
}

/// <summary>Body of <c>POST A/retry-execution-approval-plans/{approval_plan_id}/decisions</c>; an approval authorises one live execution.</summary>
/// <param name="Provider">Required. The provider of the retry decided.</param>
/// <param name="DecidedBy">Required unless approved_by is given: who decides; at most 200 characters, no secrets. Wins over approved_by.</param>
/// <param name="ApprovedBy">Alias of decided_by, used only when decided_by is empty.</param>
/// <param name="ApprovalState">Default <c>approved</c>.</param>
/// <param name="RetryPlanId">The retry plan the decision belongs to (gordackretry-…); default: the one the approval plan lists.</param>
/// <param name="DeliveryId">The retry's delivery_id (gordackdelivery-…); needed when the plan lists several for the provider.</param>
/// <param name="AuditId">The retry's audit_id (gordackaudit-…); needed with delivery_id.</param>
/// <param name="ExternalRef">A change or ticket reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
public sealed record ApprovalDecisionRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? DecidedBy,
    string? ApprovedBy,
    [property: OneOf(typeof(RetryApprovals), nameof(RetryApprovals.DecisionStates))] string? ApprovalState,
    string? RetryPlanId,
    string? DeliveryId,
    string? AuditId,
    string? ExternalRef,
    string? Notes) : IExample<ApprovalDecisionRequest>
{
    public static ApprovalDecisionRequest Example => new(
        ExampleValues.Provider, ExampleValues.GeneratedBy, ExampleValues.GeneratedBy, RetryApprovals.Approved, ExampleValues.RetryPlanId,
        ExampleValues.DeliveryId, ExampleValues.AuditId, "CHG-2042", "Approved for one live retry.");
}

public sealed class ApprovalDecisionRequestValidator : AbstractValidator<ApprovalDecisionRequest>
{
    public ApprovalDecisionRequestValidator()
    {
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.DecidedBy).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.ApprovedBy)).WithMessage("'decided_by' is required");
        RuleFor(r => r.DecidedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.ApprovedBy).MaximumLength(200).PublicSafe();
        RuleFor(r => r.ApprovalState)
            .Must(s => string.IsNullOrWhiteSpace(s) || RetryApprovals.DecisionStates.Contains(ProviderNames.Normalize(s)))
            .WithMessage(AcknowledgementRules.StatesMessage("approval_state", RetryApprovals.DecisionStates));
        RuleFor(r => r.RetryPlanId).MaximumLength(200);
        RuleFor(r => r.DeliveryId).MaximumLength(200);
        RuleFor(r => r.AuditId).MaximumLength(200);
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
    }
}

/// <summary>A stored approval decision.</summary>
/// <param name="Decision">The decision: decision_id, approval_plan_id, retry_plan_id, delivery_id, audit_id, provider, approval_state, decided_by, decided_at, external_ref, notes.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record ApprovalDecisionResponse(JsonObject Decision, EvidenceEnvelope Metadata, JsonObject? Actor);
