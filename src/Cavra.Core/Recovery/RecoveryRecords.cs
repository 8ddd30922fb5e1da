using Cavra.Core.Notifications;
using Cavra.Core.Retries;

namespace Cavra.Core.Recovery;

/// <summary>
/// The records of retry recovery reporting, the recovery escalation chain and the executive report chain (reference H1,
/// I1–I3, J1–J3): the report, the escalation plan, the escalation acknowledgements that gate a live escalation retry,
/// the executive report and its schedule runs.
/// </summary>
public static class RecoveryRecords
{
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    private const string S = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery";

    /// <summary>Retry Recovery SLO (H1).</summary>
    public static readonly RecordType Report = new(
        $"{K}-retry-recovery-report", "gordackretryreport", $"{S}-retry-recovery-report.v1", "retry_recovery_report");

    /// <summary>Plan Recovery Escalation (I1).</summary>
    public static readonly RecordType EscalationPlan = new(
        $"{K}-recovery-escalation-plan", "gordackrecoveryesc", $"{S}-recovery-escalation-plan.v1", "recovery_escalation_plan");

    /// <summary>Ack Recovery Escalation (I3): acknowledges one escalation plan for one escalation channel.</summary>
    public static readonly AcknowledgementKind EscalationAcknowledgement = new(
        $"{K}-recovery-escalation-ack", "gordackrecoveryescack", $"{S}-recovery-escalation-ack.v1", "plan_id",
        ["acknowledged", "accepted", "deferred", "escalated", "resolved", "dismissed"], "acknowledged",
        "recovery_escalation_acknowledgement");

    /// <summary>Escalation acknowledgement states that let a live escalation retry go out (reference §1.10).</summary>
    public static readonly IReadOnlyList<string> LiveRetryStates = ["acknowledged", "accepted", "resolved"];

    /// <summary>The delivery source of recovery escalations (I2) and of their retries (I5).</summary>
    public const string EscalationSource = "go_backend_rollback_drill_acknowledgement_audit_recovery_escalation";

    /// <summary>The event type of a recovery escalation delivery (I2).</summary>
    public const string EscalationEventType = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery.recovery_escalation";

    /// <summary>Executive Recovery Report (J1): the retry recovery report and the escalation plan for executives.</summary>
    public static readonly RecordType ExecutiveReport = new(
        $"{K}-recovery-executive-report", "gordackexecreport", $"{S}-recovery-executive-report.v1", "recovery_executive_report");

    /// <summary>Schedule Executive Report (J2): one run per schedule window, with the executive report it embeds.</summary>
    public static readonly RecordType ExecutiveScheduleRun = new(
        $"{K}-recovery-executive-report-schedule-run", "gordackexecsched", $"{S}-recovery-executive-report-schedule-run.v1",
        "recovery_executive_report_schedule_run");

    /// <summary>The delivery source of executive report deliveries (J3) and of their retries (J5).</summary>
    public const string ExecutiveSource = "go_backend_rollback_drill_acknowledgement_audit_recovery_executive_report";

    /// <summary>The event type of an executive report delivery (J3).</summary>
    public const string ExecutiveEventType = "cavra.go_backend.rollback_drill.acknowledgement_audit_delivery.recovery_executive_report";

    /// <summary>The schema of an executive report delivery event (J3).</summary>
    public const string ExecutiveEventSchema = $"{S}-recovery-executive-report-delivery-event.v1";
}
