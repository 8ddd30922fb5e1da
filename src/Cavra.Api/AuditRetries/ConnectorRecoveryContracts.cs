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

/// <summary>Body of <c>POST A/connector-recovery-playbook</c>.</summary>
/// <param name="MinFailureCount">A provider is listed after at least this many failures: 1–10000, default 2.</param>
/// <param name="LookbackHours">Failures of the last this many hours count: 1–8784, default 24.</param>
/// <param name="GeneratedBy">Who asks; default <c>unspecified</c> (recorded as such, never as the console); at most 200 characters, no secrets.</param>
public sealed record RecoveryPlaybookRequest(int? MinFailureCount, int? LookbackHours, string? GeneratedBy) : IExample<RecoveryPlaybookRequest>
{
    public static RecoveryPlaybookRequest Example => new(2, 24, ExampleValues.GeneratedBy);
}

public sealed class RecoveryPlaybookRequestValidator : AbstractValidator<RecoveryPlaybookRequest>
{
    public RecoveryPlaybookRequestValidator()
    {
        RuleFor(r => r.MinFailureCount).InclusiveBetween(1, 10_000);
        RuleFor(r => r.LookbackHours).InclusiveBetween(1, 24 * 366);
        RuleFor(r => r.GeneratedBy).MaximumLength(200).PublicSafe();
    }
}

/// <summary>A stored recovery playbook.</summary>
/// <param name="Playbook">The playbook: playbook_id, alert_level, lookback_hours, min_failure_count, provider_count, failure_count and provider_playbooks (per provider: category, failure_count, latest_failure_at, status_codes, recovery_steps).</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryPlaybookResponse(JsonObject Playbook, EvidenceEnvelope Metadata, JsonObject? Actor);

/// <summary>
/// Body of <c>POST A/connector-recovery-playbooks/{playbook_id}/closures</c>. <c>override.reason</c> resolves a recovery
/// that no verification reference proves; the reason is recorded in the closure.
/// </summary>
/// <param name="Provider">Required. The provider whose recovery ends.</param>
/// <param name="ClosedBy">Required. Who closes; at most 200 characters, no secrets.</param>
/// <param name="ClosureState">Default <c>resolved</c>; resolved and mitigated close the recovery. resolved needs a verification reference that proves a delivery, or override.</param>
/// <param name="ExternalRef">An incident or change reference; at most 200 characters.</param>
/// <param name="Notes">Free text; at most 2000 characters, no secrets.</param>
/// <param name="VerificationRefs">Up to 20 references that prove the recovery: a delivered retry execution id or a connector delivery record id; each at most 500 characters.</param>
/// <param name="Override">Resolve although no verification reference proves a delivery; its reason is recorded.</param>
public sealed record RecoveryClosureRequest(
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.Known))] string? Provider,
    string? ClosedBy,
    [property: OneOf(typeof(ConnectorRecovery), nameof(ConnectorRecovery.ClosureStates))] string? ClosureState,
    string? ExternalRef,
    string? Notes,
    IReadOnlyList<string>? VerificationRefs,
    RecoveryOverrideBody? Override = null) : IExample<RecoveryClosureRequest>
{
    public static RecoveryClosureRequest Example => new(
        ExampleValues.Provider, ExampleValues.Operator, "mitigated", "INC-1234", "Receiver certificate renewed; watching deliveries.", ["INC-1234-verification"]);
}

/// <summary>Why a recovery is resolved without a verification reference that proves a delivery.</summary>
/// <param name="Reason">Required with override: why the recovery counts as resolved; at most 500 characters, no secrets.</param>
public sealed record RecoveryOverrideBody(string? Reason);

public sealed class RecoveryClosureRequestValidator : AbstractValidator<RecoveryClosureRequest>
{
    public const int MaxVerificationRefs = 20;

    public RecoveryClosureRequestValidator()
    {
        RuleFor(r => r.Provider).NotEmpty().Must(AcknowledgementRules.KnownProvider).WithMessage(AcknowledgementRules.ProviderMessage);
        RuleFor(r => r.ClosedBy).NotEmpty().MaximumLength(200).PublicSafe();
        RuleFor(r => r.ClosureState)
            .Must(s => string.IsNullOrWhiteSpace(s) || ConnectorRecovery.ClosureStates.Contains(ProviderNames.Normalize(s)))
            .WithMessage(AcknowledgementRules.StatesMessage("closure_state", ConnectorRecovery.ClosureStates));
        RuleFor(r => r.ExternalRef).MaximumLength(200).PublicSafe();
        RuleFor(r => r.Notes).MaximumLength(2000).PublicSafe();
        RuleFor(r => r.VerificationRefs).Must(refs => refs is null || refs.Count <= MaxVerificationRefs)
            .WithMessage($"'verification_refs' may hold at most {MaxVerificationRefs} references");
        RuleForEach(r => r.VerificationRefs).MaximumLength(500).PublicSafe();
        RuleFor(r => r.Override!.Reason).NotEmpty().WithMessage("'override.reason' is required: say why the recovery is resolved without proof")
            .OverridePropertyName("override.reason").MaximumLength(2000).PublicSafe().When(r => r.Override is not null);
    }
}

/// <summary>A stored recovery closure.</summary>
/// <param name="Closure">The closure: closure_id, closure_hash, playbook_id, provider, closure_state, closed_by, closed_at, external_ref, notes, verification_refs.</param>
/// <param name="Metadata">Its stored evidence record.</param>
/// <param name="Actor">The authenticated actor; always null.</param>
public sealed record RecoveryClosureResponse(JsonObject Closure, EvidenceEnvelope Metadata, JsonObject? Actor);
