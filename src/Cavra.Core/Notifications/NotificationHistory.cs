using Cavra.Core.Evidence;

namespace Cavra.Core.Notifications;

/// <summary>The records that make up the rollback-drill notification history (reference G1 base set).</summary>
public static class NotificationHistory
{
    public const string Schema = "cavra.go-backend-pilot.rollback-drill-notification-history.v1";
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";

    /// <summary>
    /// The acknowledgement audit chain: filtering the history by the audit delivery source also keeps the chain's
    /// own records (package, delivery plans, retry plans, runs, approvals, executions, recoveries), as the original did.
    /// </summary>
    public static readonly RecordScope AuditChain = new(
        [
            "go-backend-rollback-drill-acknowledgement-audit-package",
            $"{K}-plan", $"{K}-retry-plan", $"{K}-worker-run", $"{K}-retry-ack", $"{K}-retry-execution-approval-plan",
            $"{K}-retry-execution-approval-decision", $"{K}-retry-execution-record", $"{K}-connector-recovery-playbook",
            $"{K}-connector-recovery-closure", $"{K}-retry-recovery-report",
        ],
        ["go_backend_rollback_drill_acknowledgement_audit"]);

    /// <summary>Every kind of the chain (reference §4) and every delivery source of the family.</summary>
    public static readonly RecordScope Scope = new(
        [
            NotificationPlanner.Kind, Acknowledgements.Notification.Kind, EscalationPlanner.Kind,
            "go-backend-rollback-drill-routing-suppression-trend", "go-backend-rollback-drill-acknowledgement-audit-package",
            $"{K}-plan", $"{K}-retry-plan", $"{K}-worker-run", $"{K}-worker-health-alert-plan", $"{K}-worker-health-alert-ack",
            $"{K}-retry-ack", $"{K}-retry-execution-approval-plan", $"{K}-retry-execution-approval-decision",
            $"{K}-retry-execution-record", $"{K}-connector-recovery-playbook", $"{K}-connector-recovery-closure",
            $"{K}-retry-recovery-report", Recovery.RecoveryRecords.EscalationPlan.Kind, Recovery.RecoveryRecords.EscalationAcknowledgement.Kind,
        ],
        [
            NotificationDelivery.Source,
            "go_backend_rollback_drill_acknowledgement_audit",
            "go_backend_rollback_drill_acknowledgement_audit_worker_health_alert",
            "go_backend_rollback_drill_acknowledgement_audit_recovery_escalation",
            "go_backend_rollback_drill_acknowledgement_audit_recovery_escalation_retry_health_alert",
            "go_backend_rollback_drill_acknowledgement_audit_recovery_executive_report",
            "go_backend_rollback_drill_acknowledgement_audit_recovery_executive_report_delivery_retry_health_alert",
        ]);
}
