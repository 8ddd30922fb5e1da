// Metric cards: one entry per card. `field` reads the dashboard (GET …/dashboard); `value` computes from what the
// page loaded. A card whose number the server does not report is not shown (nothing is guessed).
// `tone`: "level" colours by the value (critical/warning/healthy); "critical" or "warning" is the colour when the
// number is above zero (green at zero); none leaves the card neutral.
// `reasons` / `nextAction` name the dashboard fields that explain a level: its open conditions (each with a count and
// the ids behind it) and what settles the most severe one. They are shown as text under the level, so the meaning
// never rests on colour alone.

const AD = "acknowledgement_audit_delivery";
const ESC = `${AD}_recovery_escalation`;
const EXEC = `${AD}_recovery_executive_report`;

export const CARDS = [
  { id: "alert_level", label: "Status", field: "alert_level", tone: "level", reasons: "reasons", nextAction: "next_action" },
  { id: "plan_count", label: "Plans", field: "plan_count" },
  { id: "delivery_count", label: "Deliveries", field: "delivery_count" },
  { id: "failed_delivery_count", label: "Failed Delivery", field: "failed_delivery_count", tone: "critical" },
  { id: "acknowledgement_count", label: "Acknowledgements", field: "acknowledgement_count" },
  { id: "outstanding_acknowledgement_count", label: "Outstanding", field: "outstanding_acknowledgement_count", tone: "critical" },
  { id: "escalation_plan_count", label: "Escalation Plans", field: "escalation_plan_count" },
  { id: "acknowledgement_audit_package_count", label: "Audit Packages", field: "acknowledgement_audit_package_count" },
  { id: `${AD}_health`, label: "Audit Delivery Health", field: `${AD}_health`, tone: "level",
    reasons: `${AD}_health_reasons`, nextAction: `${AD}_health_next_action` },
  { id: `${AD}_plan_count`, label: "Audit Plans", field: `${AD}_plan_count` },
  { id: `${AD}_count`, label: "Audit Sends", field: `${AD}_count` },
  { id: `failed_${AD}_count`, label: "Audit Failed", field: `failed_${AD}_count`, tone: "critical" },
  { id: `${AD}_success_rate`, label: "Audit Success", field: `${AD}_success_rate`, format: "percent" },
  { id: `${AD}_retry_plan_count`, label: "Audit Retry Plans", field: `${AD}_retry_plan_count` },
  { id: `${AD}_retryable_count`, label: "Audit Retryable", field: `${AD}_retryable_count`, tone: "warning" },
  { id: `${AD}_worker_run_count`, label: "Audit Workers", field: `${AD}_worker_run_count` },
  { id: `${AD}_worker_dry_run_count`, label: "Worker Dry Runs", field: `${AD}_worker_dry_run_count` },
  { id: `${AD}_worker_executed_count`, label: "Live Worker Runs", field: `${AD}_worker_executed_count` },
  { id: `${AD}_worker_health_alert_count`, label: "Worker Alerts", field: `${AD}_worker_health_alert_count`, tone: "warning" },
  { id: `${AD}_worker_health_alert_delivery_count`, label: "Worker Alert Sends", field: `${AD}_worker_health_alert_delivery_count` },
  { id: `${AD}_worker_health_alert_ack_count`, label: "Worker Alert Acks", field: `${AD}_worker_health_alert_ack_count` },
  { id: `${AD}_retry_ack_count`, label: "Retry Acks", field: `${AD}_retry_ack_count` },
  { id: `${AD}_retry_execution_approval_plan_count`, label: "Approval Plans", field: `${AD}_retry_execution_approval_plan_count` },
  { id: `${AD}_retry_execution_approval_decision_count`, label: "Retry Approvals", field: `${AD}_retry_execution_approval_decision_count` },
  { id: `${AD}_retry_execution_approved_count`, label: "Approved Retries", field: `${AD}_retry_execution_approved_count` },
  { id: `${AD}_retry_execution_record_count`, label: "Retry Executions", field: `${AD}_retry_execution_record_count` },
  { id: `${AD}_retry_execution_success_count`, label: "Executions Delivered", field: `${AD}_retry_execution_success_count` },
  { id: `${AD}_retry_execution_failed_count`, label: "Execution Failed", field: `${AD}_retry_execution_failed_count`, tone: "critical" },
  { id: `${AD}_connector_recovery_playbook_count`, label: "Recovery Playbooks", field: `${AD}_connector_recovery_playbook_count` },
  { id: `${AD}_connector_recovery_closure_count`, label: "Recovery Closures", field: `${AD}_connector_recovery_closure_count` },
  { id: `${AD}_connector_recovery_closed_count`, label: "Recovery Closed", field: `${AD}_connector_recovery_closed_count` },
  { id: `${AD}_retry_recovery_report_count`, label: "Recovery Reports", field: `${AD}_retry_recovery_report_count` },
  { id: `${ESC}_health`, label: "Escalation Retry Health", field: `${ESC}_health`, tone: "level",
    reasons: `${ESC}_health_reasons`, nextAction: `${ESC}_health_next_action` },
  { id: `${ESC}_plan_count`, label: "Recovery Escalations", field: `${ESC}_plan_count` },
  { id: `${ESC}_route_count`, label: "Escalated Routes", field: `${ESC}_route_count` },
  { id: `${ESC}_ack_count`, label: "Escalation Acks", field: `${ESC}_ack_count` },
  { id: `${ESC}_retry_execution_record_count`, label: "Escalation Retries", field: `${ESC}_retry_execution_record_count` },
  { id: `${ESC}_retry_execution_failed_count`, label: "Escalation Retry Failed", field: `${ESC}_retry_execution_failed_count`, tone: "critical" },
  { id: `${EXEC}_delivery_health`, label: "Executive Delivery Health", field: `${EXEC}_delivery_health`, tone: "level",
    reasons: `${EXEC}_delivery_health_reasons`, nextAction: `${EXEC}_delivery_health_next_action` },
  { id: `${EXEC}_count`, label: "Executive Reports", field: `${EXEC}_count` },
  { id: `${EXEC}_schedule_run_count`, label: "Executive Windows", field: `${EXEC}_schedule_run_count` },
  { id: `failed_${EXEC}_delivery_count`, label: "Executive Failed", field: `failed_${EXEC}_delivery_count`, tone: "critical" },
  { id: `${AD}_final_reporting_release_readiness_summary_count`, label: "Readiness Checks", field: `${AD}_final_reporting_release_readiness_summary_count` },
  { id: `${AD}_final_reporting_release_ready_count`, label: "Ready Summaries", field: `${AD}_final_reporting_release_ready_count` },
  { id: `${AD}_final_reporting_operator_runbook_export_count`, label: "Runbooks", field: `${AD}_final_reporting_operator_runbook_export_count` },
  { id: "escalation_routes", label: "Escalation Routes", value: (data) => data.escalation?.rows.length },
  { id: "breached_routes", label: "Breached", value: (data) => data.escalation?.rows.filter((r) => r.breached).length, tone: "critical" },
  { id: "route_rows", label: "Route Rows", value: (data) => data.routing?.total },
  { id: "suppressed_routes", label: "Suppressed", value: (data) => data.suppression?.trend.suppression_event_count, tone: "warning" },
  { id: "maintenance_suppressed", label: "Maintenance", value: (data) => data.suppression?.trend.maintenance_suppressed_count },
  { id: "calendar_suppressed", label: "Calendar", value: (data) => data.suppression?.trend.calendar_suppressed_count },
];

/** The value and colour of one card, or null when there is nothing real to show. */
export function cardValue(card, data) {
  const raw = card.field ? data.dashboard?.[card.field] : card.value(data);
  if (raw === undefined) {
    return null;
  }
  let text;
  if (card.format === "percent") {
    text = typeof raw === "number" ? `${(raw * 100).toFixed(1)} %` : "n/a";
  } else {
    text = typeof raw === "number" ? raw.toLocaleString("en-US") : String(raw ?? "n/a");
  }
  let tone = "neutral";
  if (card.tone === "level") {
    tone = ["critical", "warning", "healthy"].includes(raw) ? raw : "neutral";
  } else if (card.tone) {
    tone = typeof raw === "number" && raw > 0 ? card.tone : "healthy";
  }
  return { text, tone };
}

/** "delivery_ids: a, b; providers: splunk" for the non-empty id lists of a reason. */
function describeIds(ids) {
  return Object.entries(ids || {})
    .filter(([, values]) => Array.isArray(values) && values.length > 0)
    .map(([name, values]) => `${name}: ${values.join(", ")}`)
    .join("; ");
}

/**
 * The explanation of a level card: one line per open condition (severity in words, message, the ids behind it) and the
 * next action, or null when the card has none or the server does not report them.
 */
export function cardReasons(card, data) {
  const reasons = card.reasons ? data.dashboard?.[card.reasons] : undefined;
  if (!Array.isArray(reasons)) {
    return null;
  }
  const lines = reasons.map((r) => {
    const ids = describeIds(r.ids);
    return `${r.severity}: ${r.message}${ids ? ` (${ids})` : ""}`;
  });
  const next = data.dashboard?.[card.nextAction];
  return {
    lines: lines.length > 0 ? lines : ["Nothing is open."],
    next: next ? `Next action: ${next.action} — ${next.route}. ${next.hint}` : null,
  };
}
