// What the console knows about evidence records: the metadata kinds it offers as filters (with the key their payload
// sits under), the delivery sources, and how a row's provider, status and colour are derived. A later stage adds its
// kinds and sources to these lists.

const N = "go-backend-rollback-drill-notification";
const K = "go-backend-rollback-drill-acknowledgement-audit-delivery";

/** Metadata kinds, in the order of the operator flow. */
export const KINDS = [
  { kind: `${N}-plan`, label: "Notification plan", payload: "plan" },
  { kind: `${N}-ack`, label: "Acknowledgement", payload: "acknowledgement" },
  { kind: `${N}-escalation-plan`, label: "Escalation plan", payload: "escalation_plan" },
  { kind: "go-backend-rollback-drill-routing-suppression-trend", label: "Suppression trend", payload: "routing_suppression_trend" },
  { kind: "go-backend-rollback-drill-acknowledgement-audit-package", label: "Ack audit package", payload: "acknowledgement_audit_package" },
  { kind: `${K}-plan`, label: "Ack audit delivery", payload: "acknowledgement_audit_delivery_plan" },
  { kind: `${K}-retry-plan`, label: "Ack audit retry plan", payload: "acknowledgement_audit_delivery_retry_plan" },
  { kind: `${K}-worker-run`, label: "Ack audit worker run", payload: "acknowledgement_audit_delivery_worker_run" },
  { kind: `${K}-worker-health-alert-plan`, label: "Worker health alert", payload: "worker_health_alert_plan" },
  { kind: `${K}-worker-health-alert-ack`, label: "Worker health ack", payload: "acknowledgement" },
  { kind: `${K}-retry-ack`, label: "Ack audit retry ack", payload: "acknowledgement" },
  { kind: `${K}-retry-execution-approval-plan`, label: "Retry approval plan", payload: "retry_execution_approval_plan" },
  { kind: `${K}-retry-execution-approval-decision`, label: "Retry approval decision", payload: "retry_execution_approval_decision" },
  { kind: `${K}-retry-execution-record`, label: "Retry execution record", payload: "retry_execution_record" },
  { kind: `${K}-connector-recovery-playbook`, label: "Connector recovery playbook", payload: "connector_recovery_playbook" },
  { kind: `${K}-connector-recovery-closure`, label: "Recovery closure", payload: "connector_recovery_closure" },
  { kind: "release-connector-delivery", label: "Connector delivery", payload: "delivery" },
];

/** Short names of the kinds the operator actions look up. */
export const KIND = {
  escalationPlan: `${N}-escalation-plan`,
  retryPlan: `${K}-retry-plan`,
  workerHealthAlertPlan: `${K}-worker-health-alert-plan`,
  approvalPlan: `${K}-retry-execution-approval-plan`,
  executionRecord: `${K}-retry-execution-record`,
  recoveryPlaybook: `${K}-connector-recovery-playbook`,
};

/** Connector delivery sources of the family (`connector_delivery_source`). */
export const DELIVERY_SOURCES = [
  { source: "go_backend_rollback_drill_notification", label: "Drill notification" },
  { source: "go_backend_rollback_drill_acknowledgement_audit", label: "Ack audit (whole audit chain)" },
  { source: "go_backend_rollback_drill_acknowledgement_audit_worker_health_alert", label: "Worker health alert" },
];

export const PROVIDERS = ["slack", "teams", "webhook", "splunk", "sentinel", "datadog", "jira", "servicenow"];

/**
 * State filter values and the history query each becomes: acknowledgement/approval states go to
 * `acknowledgement_state`, delivery outcomes to `delivery_success`, alert levels to `alert_level`. `outstanding`
 * and `breached` are not stored states: they filter the escalation routes only.
 */
export const STATES = [
  { value: "acknowledged", history: { acknowledgement_state: "acknowledged" } },
  { value: "dismissed", history: { acknowledgement_state: "dismissed" } },
  { value: "escalated", history: { acknowledgement_state: "escalated" } },
  { value: "resolved", history: { acknowledgement_state: "resolved" } },
  { value: "accepted", history: { acknowledgement_state: "accepted" } },
  { value: "approved", history: { acknowledgement_state: "approved" } },
  { value: "outstanding", history: null },
  { value: "breached", history: null },
  { value: "delivered", history: { delivery_success: true } },
  { value: "delivery_failed", history: { delivery_success: false } },
  { value: "critical", history: { alert_level: "critical" } },
  { value: "warning", history: { alert_level: "warning" } },
  { value: "healthy", history: { alert_level: "healthy" } },
];

export const ROUTE_ACTIONS = ["deliver", "suppress"];
export const SUPPRESSION_CATEGORIES = ["maintenance_window", "owner_calendar", "healthy_schedule", "other"];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

export function kindLabel(kind) {
  const known = byKind.get(kind);
  if (known) {
    return known.label;
  }
  return String(kind || "").replace(/^go-backend-rollback-drill-/, "") || "n/a";
}

/** The artefact inside an evidence record (the payload under its kind's key), else the record itself. */
export function payloadOf(record) {
  const key = byKind.get(record.metadata_kind)?.payload;
  const payload = key ? record[key] : null;
  return payload && typeof payload === "object" ? payload : record;
}

const providerLists = ["selected_providers", "acknowledgement_required_providers", "providers", "failed_providers"];

/** Every provider a record names: its own, its lists, its deliveries, its routes. */
export function providersOf(record) {
  const found = new Set();
  const add = (value) => {
    if (typeof value === "string" && value) {
      found.add(value);
    }
  };
  for (const source of [record, payloadOf(record)]) {
    add(source.provider);
    for (const list of providerLists) {
      (Array.isArray(source[list]) ? source[list] : []).forEach(add);
    }
    for (const nested of [source.deliveries, source.routes, source.provider_playbooks]) {
      (Array.isArray(nested) ? nested : []).forEach((item) => add(item && item.provider));
    }
  }
  return [...found].sort();
}

/** The state a history row shows. */
export function statusOf(record) {
  const payload = payloadOf(record);
  const pick = (...names) => {
    for (const name of names) {
      for (const source of [record, payload]) {
        if (typeof source[name] === "string" && source[name]) {
          return source[name];
        }
      }
    }
    return null;
  };
  const state = pick("acknowledgement_state", "approval_state", "closure_state", "execution_status");
  if (state) {
    return state;
  }
  if (typeof record.delivery_success === "boolean") {
    return record.delivery_success ? "delivered" : "delivery_failed";
  }
  if (typeof payload.success === "boolean" && record.metadata_kind === "release-connector-delivery") {
    return payload.success ? "delivered" : "delivery_failed";
  }
  return pick("alert_level", "status") || "indexed";
}

const criticalWords = new Set(["critical", "delivery_failed", "failed", "breached", "denied", "blocked", "error", "reopened"]);
const warningWords = new Set(["warning", "escalated", "outstanding", "deferred", "skipped", "wait", "suppress", "expired", "dismissed",
  "wait_for_acknowledgement", "wait_for_retry_ack", "request_approval"]);

/** Colour of a state: critical (red), warning (amber) or healthy (green). */
export function toneOf(value) {
  const word = String(value || "").toLowerCase();
  if (criticalWords.has(word)) {
    return "critical";
  }
  if (warningWords.has(word)) {
    return "warning";
  }
  return "healthy";
}

export function scheduleOf(record) {
  const payload = payloadOf(record);
  return record.schedule_id || payload.schedule_id || record.event_id || "n/a";
}

/** `2026-11-23T12:00:00.000000+00:00` → `2026-11-23 12:00:00` (UTC, as stored). */
export function shortTime(value) {
  return typeof value === "string" && value.length >= 19 ? value.slice(0, 19).replace("T", " ") : "n/a";
}
