// What the console knows about evidence records: the metadata kinds it offers as filters (with the key their payload
// sits under) and the delivery sources, both served by /console/config from the server's stream catalogue (so a new
// stream needs no edit here), and how a row's provider, status and colour are derived.

const N = "go-backend-rollback-drill-notification";
const K = "go-backend-rollback-drill-acknowledgement-audit-delivery";

/** Labels the console gives by hand; any other kind or source is labelled from its name. */
const LABELS = {
  [`${N}-plan`]: "Notification plan",
  [`${N}-ack`]: "Acknowledgement",
  [`${N}-escalation-plan`]: "Escalation plan",
  "go-backend-rollback-drill-routing-suppression-trend": "Suppression trend",
  "go-backend-rollback-drill-acknowledgement-audit-package": "Ack audit package",
  [`${K}-plan`]: "Ack audit delivery",
  [`${K}-retry-plan`]: "Ack audit retry plan",
  [`${K}-worker-run`]: "Ack audit worker run",
  [`${K}-worker-health-alert-plan`]: "Worker health alert",
  [`${K}-worker-health-alert-ack`]: "Worker health ack",
  [`${K}-retry-ack`]: "Ack audit retry ack",
  [`${K}-retry-execution-approval-plan`]: "Retry approval plan",
  [`${K}-retry-execution-approval-decision`]: "Retry approval decision",
  [`${K}-retry-execution-record`]: "Retry execution record",
  [`${K}-connector-recovery-playbook`]: "Connector recovery playbook",
  [`${K}-connector-recovery-closure`]: "Recovery closure",
  "release-connector-delivery": "Connector delivery",
  go_backend_rollback_drill_notification: "Drill notification",
  go_backend_rollback_drill_acknowledgement_audit: "Ack audit (whole audit chain)",
  go_backend_rollback_drill_acknowledgement_audit_worker_health_alert: "Worker health alert",
};

/** A label made from a kind or source name: its family prefix dropped, words spaced, first letter upper case. */
function labelOf(name) {
  const words = String(name || "")
    .replace(/^go[-_]backend[-_]rollback[-_]drill[-_]acknowledgement[-_]audit[-_](delivery[-_])?/, "")
    .replace(/^go[-_]backend[-_]rollback[-_]drill[-_]/, "")
    .replace(/[-_]+/g, " ");
  return words ? words[0].toUpperCase() + words.slice(1) : "n/a";
}

/** Metadata kinds, in the order of the operator flow ({kind, label, payload}); filled by useCatalogue. */
export const KINDS = [];

/** Connector delivery sources of the family (`connector_delivery_source`, {source, label}); filled by useCatalogue. */
export const DELIVERY_SOURCES = [];

const byKind = new Map();

/** Takes the record kinds and delivery sources /console/config serves. */
export function useCatalogue(config) {
  const kinds = (config && config.record_kinds) || [];
  const sources = (config && config.delivery_sources) || [];
  KINDS.splice(0, KINDS.length, ...kinds.map((k) => ({ kind: k.kind, label: LABELS[k.kind] || labelOf(k.kind), payload: k.payload_key })));
  DELIVERY_SOURCES.splice(0, DELIVERY_SOURCES.length, ...sources.map((source) => ({ source, label: LABELS[source] || labelOf(source) })));
  byKind.clear();
  KINDS.forEach((k) => byKind.set(k.kind, k));
}

/** Short names of the kinds the operator actions look up. */
export const KIND = {
  escalationPlan: `${N}-escalation-plan`,
  retryPlan: `${K}-retry-plan`,
  workerHealthAlertPlan: `${K}-worker-health-alert-plan`,
  approvalPlan: `${K}-retry-execution-approval-plan`,
  executionRecord: `${K}-retry-execution-record`,
  recoveryPlaybook: `${K}-connector-recovery-playbook`,
};

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

export function kindLabel(kind) {
  const known = byKind.get(kind);
  if (known) {
    return known.label;
  }
  return LABELS[kind] || String(kind || "").replace(/^go-backend-rollback-drill-/, "") || "n/a";
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
