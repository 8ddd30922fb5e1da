using Cavra.Core.Retries;

namespace Cavra.Api.Streams;

/// <summary>
/// The routes of each stream of the catalogue. The audit stream keeps its original segments, operation ids and console
/// keys; the recovery escalation and executive report streams use the reference's (§I4–I12, §J4–J12).
/// </summary>
public static class StreamRouteCatalogue
{
    public const string AuditPrefix = Notifications.NotificationsApi.Prefix + "/acknowledgements/audit-delivery";
    public const string EscalationPrefix = AuditPrefix + "/recovery-escalations";
    public const string ExecutivePrefix = AuditPrefix + "/recovery-executive-report";
    private const string Key = "go_rollback_drill_notification_acknowledgement_audit";
    private const string EscalationKey = Key + "_recovery_escalation";
    private const string ExecutiveKey = Key + "_recovery_executive_report";

    public static readonly StreamRouteSet Audit = new(AuditPrefix, "Audit retry worker", "Audit worker health")
    {
        RetryPlan = new("/retry-plan", "PlanAuditRetry", $"{Key}_retry_plan",
            "Plan Audit Retry: retry, wait or suppress each failed acknowledgement audit delivery per provider, with exponential backoff; the plan is stored."),
        WorkerRun = new("/worker-run", "RunAuditWorker", $"{Key}_worker_run",
            "Run Audit Worker: a dry run (default) lists what would be retried and sends nothing; execute=true sends only retries with an unused approved decision and stores one execution record each. Everything a run produces is stored together."),
        WorkerRuns = new("/worker-runs", "GetWorkerRuns", $"{Key}_worker_runs",
            "Worker run history, newest first, optionally only dry or live runs, with the exact total."),
        WorkerDashboard = new("/worker-dashboard", "GetWorkerDashboard", $"{Key}_worker_dashboard",
            "Worker dashboard: the worker health's level, reasons and next action (same rule, same thresholds), run counts (dry, live, failed), open failures, retryable and selected retries, latest runs."),
        Health = new("/worker-health", "GetWorkerHealth", $"{Key}_worker_health",
            "Worker health: missed runs, failed runs, retryable and open failed deliveries, stale retry plans, disabled schedules, alerts and recommendations. Not stored; health_id fingerprints the state."),
        AlertDeliver = new("/worker-health-alerts/deliver", "SendWorkerAlert", $"{Key}_worker_health_alert_deliver",
            "Send Worker Alert: deliver the current worker health to the selected connectors; a repeat of the same health state within the suppression window is suppressed unless force is true."),
        AlertAcknowledge = new("/worker-health-alerts/{health_id}/acknowledgements", "AcknowledgeWorkerAlert", $"{Key}_worker_health_alert_acknowledge",
            "Ack Worker Alert: acknowledge, escalate, resolve or dismiss a delivered worker health alert for one provider."),
        AlertHistory = new("/worker-health-alerts", "GetWorkerAlertHistory", $"{Key}_worker_health_alerts",
            "Worker health alert history: alert plans, acknowledgements and alert deliveries, newest first, with exact totals."),
        AlertDashboard = new("/worker-health-alert-dashboard", "GetWorkerAlertDashboard", $"{Key}_worker_health_alert_dashboard",
            "Worker health alert dashboard: counts and the providers that still owe an acknowledgement for each health state's latest alert."),
    };

    public static readonly StreamRouteSet RecoveryEscalation = new(EscalationPrefix, "Recovery escalation retries", "Recovery escalation retry health")
    {
        RetryPlan = new("/retry-plan", "PlanEscalationRetry", $"{EscalationKey}_retry_plan",
            "Plan Escalation Retry: retry, wait or suppress each failed recovery escalation delivery per plan and provider, with exponential backoff; the plan is stored."),
        WorkerRun = new("/retry-worker-run", "RunEscalationRetry", $"{EscalationKey}_retry_worker",
            "Run Escalation Retry: a dry run (default) sends nothing; execute=true re-delivers only plans whose latest escalation acknowledgement for the provider is accepted, acknowledged or resolved (each acknowledgement authorises one live retry), and stores one execution record per selected decision."),
        Health = new("/retry-health", "GetEscalationRetryHealth", $"{EscalationKey}_retry_health",
            "Retry Health: the escalation retry worker's health (missed runs, stale plans, acknowledgement gaps, failed executions, failed escalation deliveries). Stored by default (persist=false previews); health_id fingerprints the state."),
        AlertDeliver = new("/retry-health-alerts/deliver", "SendEscalationRetryHealthAlert", $"{EscalationKey}_retry_health_alert_deliver",
            "Send Retry Health Alert: deliver the escalation retry health (stored with the alert, so a failed alert can be re-delivered) to the selected connectors; a repeat of the same state within the suppression window is suppressed unless force is true."),
        AlertAcknowledge = new("/retry-health-alerts/{health_id}/acknowledgements", "AcknowledgeEscalationRetryHealthAlert", $"{EscalationKey}_retry_health_alert_acknowledge",
            "Ack Retry Health Alert: acknowledge, escalate, resolve or dismiss a delivered escalation retry health alert for one provider."),
        AlertHistory = new("/retry-health-alerts", "GetEscalationRetryHealthAlertHistory", $"{EscalationKey}_retry_health_alerts",
            "Escalation retry health alert history: alert plans, acknowledgements and alert deliveries, newest first, with exact totals."),
        AlertDashboard = new("/retry-health-alert-dashboard", "GetEscalationRetryHealthAlertDashboard", $"{EscalationKey}_retry_health_alert_dashboard",
            "Escalation retry health alert dashboard: counts and the providers that still owe an acknowledgement for each health state's latest alert."),
    };

    public static readonly StreamRouteSet RecoveryEscalationAlertRetries = new(EscalationPrefix + "/retry-health-alerts", "Recovery escalation retry health", "Recovery escalation retry health")
    {
        RetryPlan = new("/retry-plan", "PlanEscalationHealthAlertRetry", $"{EscalationKey}_retry_health_alert_retry_plan",
            "Plan Health Alert Retry: retry, wait or suppress each failed escalation retry health alert delivery per health state and provider; the plan is stored."),
        WorkerRun = new("/retry-worker-run", "RunEscalationHealthAlertRetry", $"{EscalationKey}_retry_health_alert_retry_worker",
            "Run Health Alert Retry: a dry run (default) sends nothing; execute=true re-delivers the stored health of each failed alert (no gate) and stores one execution record per selected decision. 400 when live without connectors."),
    };

    public static readonly StreamRouteSet ExecutiveReport = new(ExecutivePrefix, "Recovery executive report delivery retries", "Recovery executive report delivery retry health")
    {
        RetryPlan = new("/delivery-retry-plan", "PlanExecutiveRetry", $"{ExecutiveKey}_delivery_retry_plan",
            "Plan Executive Retry: retry, wait or suppress each failed executive report delivery per schedule run and provider, with exponential backoff (default delay 30 minutes); the plan is stored."),
        WorkerRun = new("/delivery-retry-worker-run", "RunExecutiveRetry", $"{ExecutiveKey}_delivery_retry_worker",
            "Run Executive Retry: a dry run (default) sends nothing; execute=true re-sends the stored schedule run's executive report to each selected provider (no gate) and stores one execution record per selected decision. 400 when live without connectors."),
        Health = new("/delivery-retry-health", "GetExecutiveRetryHealth", $"{ExecutiveKey}_delivery_retry_health",
            "Exec Retry Health: the executive delivery retry worker's health (missed runs, stale plans, failed executive deliveries, failed executions, disabled schedules; defaults 60/180 minutes). Stored by default (persist=false previews); health_id fingerprints the state."),
        AlertDeliver = new("/delivery-retry-health-alerts/deliver", "SendExecutiveRetryHealthAlert", $"{ExecutiveKey}_delivery_retry_health_alert_deliver",
            "Send Exec Health Alert: deliver the executive delivery retry health (stored with the alert, so a failed alert can be re-delivered) to the selected connectors; a repeat of the same state within the suppression window is suppressed unless force is true."),
        AlertAcknowledge = new("/delivery-retry-health-alerts/{health_id}/acknowledgements", "AcknowledgeExecutiveRetryHealthAlert", $"{ExecutiveKey}_delivery_retry_health_alert_acknowledge",
            "Ack Exec Health Alert: acknowledge, escalate, resolve or dismiss a delivered executive retry health alert for one provider."),
        AlertHistory = new("/delivery-retry-health-alerts", "GetExecutiveRetryHealthAlertHistory", $"{ExecutiveKey}_delivery_retry_health_alerts",
            "Executive retry health alert history: alert plans, acknowledgements and alert deliveries, newest first, with exact totals."),
        AlertDashboard = new("/delivery-retry-health-alert-dashboard", "GetExecutiveRetryHealthAlertDashboard", $"{ExecutiveKey}_delivery_retry_health_alert_dashboard",
            "Executive retry health alert dashboard: counts and the providers that still owe an acknowledgement for each health state's latest alert."),
    };

    public static readonly StreamRouteSet ExecutiveAlertRetries = new(ExecutivePrefix + "/delivery-retry-health-alerts", "Recovery executive report delivery retry health", "Recovery executive report delivery retry health")
    {
        RetryPlan = new("/retry-plan", "PlanExecutiveHealthAlertRetry", $"{ExecutiveKey}_delivery_retry_health_alert_retry_plan",
            "Plan Exec Alert Retry: retry, wait or suppress each failed executive retry health alert delivery per health state and provider; the plan is stored."),
        WorkerRun = new("/retry-worker-run", "RunExecutiveHealthAlertRetry", $"{ExecutiveKey}_delivery_retry_health_alert_retry_worker",
            "Run Exec Alert Retry: a dry run (default) sends nothing; execute=true re-delivers the stored health of each failed alert (no gate) and stores one execution record per selected decision. 400 when live without connectors."),
    };

    /// <summary>Every stream of <see cref="DeliveryStreams.All"/> with its routes; a test checks none is missing.</summary>
    public static readonly IReadOnlyList<(DeliveryStream Stream, StreamRouteSet Routes)> All =
    [
        (DeliveryStreams.Audit, Audit),
        (DeliveryStreams.RecoveryEscalation, RecoveryEscalation),
        (DeliveryStreams.RecoveryEscalationAlertRetries, RecoveryEscalationAlertRetries),
        (DeliveryStreams.ExecutiveReport, ExecutiveReport),
        (DeliveryStreams.ExecutiveAlertRetries, ExecutiveAlertRetries),
    ];
}
