// The generic stream actions, written once: a retry plan, the retry worker (dry or live), the retry health, and the
// health alert's delivery, acknowledgement, retry plan and retry run. Each stream the API serves the same way (the
// recovery escalations, the executive report deliveries, ...) is a small description; a stage file declares its
// actions with the factories below and keeps only what is its own.
//
// A stream description:
//   route       the retry routes' prefix: `${route}-plan`, `${route}-worker-run`, `${route}-health`
//   alerts      the health alert routes' prefix (default `${route}-health-alerts`): /deliver, /retry-plan, ...
//   sections    { retry, health }: the section ids of the retry actions and of the health actions
//   health      the default health thresholds (expected_interval_minutes, stale_metadata_minutes)
//   target      the retry decision's field naming what is re-sent (plan_id, run_id, ...)
//   subject     what the stream delivers, in words ("recovery escalation")
//   gate        null, or the acknowledgement a live retry waits for: { pending (the summary's count field), word
//               (how that count reads), state (the follow-up action's state field), ack (the label of the action
//               that grants it) }
//   labels      { retry, health, alert, alertRetry, ackAlert }: the words of the buttons ("Plan <retry>", "<health>",
//               "Send <alert>", "Plan <alertRetry>", "<ackAlert>")
//   words       { retry, alert, alertRetry }: the same in the status line ("<retry> plan", "<alert> plan", ...)
//   cadences    { retry, alertRetry }: the live runs' cadence names
//   maxRetries  { retry, alertRetry }: at most this many re-deliveries per run
//   alertPlan   { kind, payload }: the console's kind name of the stored health alert plan (for its acknowledgement)
//   healthCounts  optional (health) => ["2 retryable", ...]: the counts the health message names (default: the gate's)

import { IMMEDIATE_RETRY, count, describeDelivery, windowNote } from "../actions.js";

/** A delivery that fails fast: the retry worker, not the click, is where a failing channel is retried. */
export const FAST = { retries: 0, timeout_seconds: 2 };

/** "Plan Escalation Retry" → "plan-escalation-retry": an action's id is its label's words. */
function idOf(label) {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function lower(words) {
  return words.charAt(0).toLowerCase() + words.slice(1);
}

function alertsOf(stream) {
  return stream.alerts || `${stream.route}-health-alerts`;
}

function payload(record, type) {
  const value = record && record[type.payload];
  return value && typeof value === "object" ? value : null;
}

/** "2 decisions — 1 to retry, 0 waiting, 1 suppressed" plus each decision's provider, action and reason. */
export function describeRetryPlan(plan, target) {
  const decisions = (plan.retry_decisions || []).map((d) => `${d.provider} ${d.action} ${d[target] || "n/a"} (${d.reason})`);
  return `${count(plan.decision_count ?? decisions.length, "decision")} — ${plan.retryable_count} to retry, ${plan.waiting_count ?? 0} waiting, `
    + `${plan.suppressed_count ?? 0} suppressed${decisions.length > 0 ? `: ${decisions.join("; ")}` : ""}`;
}

/**
 * What a worker run did: executions with their status, else why nothing went out. With a gate, how many wait for
 * it ("1 awaiting acknowledgement") and, for each held retry, the gate's state code and, in words, why.
 */
export function describeRun(result, gate = null) {
  const { run } = result;
  const executions = (result.retry_results || []).filter((r) => r.execution_record)
    .map((r) => `${r.execution_record.execution_id} ${r.execution_record.execution_status}`);
  const skipped = [...new Set((result.retry_results || []).map((r) => r.skipped).filter(Boolean))];
  const held = [...new Set((run.follow_up_actions || []).filter((a) => a.gate_reason)
    .map((a) => `${(gate && a[gate.state]) || a.execution_state || "held"} (${a.gate_reason})`))];
  const waiting = gate ? `, ${run.summary[gate.pending] ?? 0} ${gate.word}` : "";
  let text = `${run.summary.selected_retry_count} selected${waiting}. `
    + `Executions: ${executions.length > 0 ? executions.join(", ") : "none"}.`;
  if (executions.length === 0 && skipped.length > 0) {
    text += ` Skipped: ${skipped.join(", ")}.`;
  }
  if (executions.length === 0 && held.length > 0) {
    text += ` Not sent: ${held.join(", ")}.`;
  }
  return { text, executions, failed: executions.some((e) => !e.endsWith(" delivered")) };
}

/** The worker run's body: a dry run, or a live one that executes with fast-failing deliveries. */
export function retryRunBody(ctx, { live, maxRetries, cadence }) {
  return {
    ...(live ? { execute: true, dry_run: false, ...FAST } : { dry_run: true }),
    max_retry_deliveries: maxRetries,
    retry_policy: IMMEDIATE_RETRY,
    schedule: { interval_minutes: 30, cadence, enabled: true },
    generated_by: ctx.actor(),
  };
}

/** The result of a live run: warning when nothing went out or a re-delivery failed. */
function runTone(described) {
  return described.executions.length === 0 || described.failed ? "warning" : "ok";
}

/** Asks before a live run; the cancelled result, or null when confirmed. */
async function confirmLive(ctx, label, { title, text }) {
  ctx.actor();
  const confirmed = await ctx.confirm(title, text, "Send live retries");
  return confirmed ? null : { tone: "info", message: `${label} cancelled: nothing was sent.` };
}

/** A retry plan action: POSTs the immediate retry policy to `path` and names each decision's `target`. */
function planAction({ label, title, section, help, path, target }) {
  return {
    id: idOf(label),
    label,
    section,
    help,
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(path, {
        method: "POST",
        body: { retry_policy: IMMEDIATE_RETRY, generated_by: actor },
      });
      return {
        tone: plan.retryable_count > 0 ? "warning" : "info",
        message: `${title} ${plan.retry_plan_id}: ${describeRetryPlan(plan, target)}.`,
        detail: { label: plan.retry_plan_id, type: lower(title), value: plan },
      };
    },
  };
}

/** Plan <retry>: plans retries of the stream's failed deliveries (immediate retry policy). */
export function retryPlanAction(stream, { help } = {}) {
  return planAction({
    label: `Plan ${stream.labels.retry}`,
    title: `${stream.words.retry} plan`,
    section: stream.sections.retry,
    help: help || `Plan retries of failed ${stream.subject} deliveries (immediate retry policy).`,
    path: `${stream.route}-plan`,
    target: stream.target,
  });
}

/** Run <retry> (dry run) / (live): the stream's retry worker; the live one asks first (confirm: {title, text}). */
export function workerRunAction(stream, { live, help, confirm } = {}) {
  const label = `Run ${stream.labels.retry} (${live ? "live" : "dry run"})`;
  const type = `${lower(stream.words.retry)} run`;
  const { gate } = stream;
  return {
    id: `${idOf(`Run ${stream.labels.retry}`)}${live ? "-live" : ""}`,
    label,
    section: stream.sections.retry,
    help,
    async run(ctx) {
      if (live) {
        const cancelled = await confirmLive(ctx, label, confirm);
        if (cancelled) {
          return cancelled;
        }
      }
      const result = await ctx.api(`${stream.route}-worker-run`, {
        method: "POST",
        body: retryRunBody(ctx, {
          live, maxRetries: stream.maxRetries.retry, cadence: live ? stream.cadences.retry : "half_hourly",
        }),
      });
      const { run } = result;
      const described = describeRun(result, gate);
      if (!live) {
        return {
          tone: "ok",
          message: `Dry run ${run.run_id}${windowNote(result)}: ${described.text} Nothing was sent.`,
          detail: { label: run.run_id, type, value: result },
        };
      }
      const held = gate && (run.summary[gate.pending] ?? 0) > 0 && described.executions.length === 0;
      return {
        tone: runTone(described),
        message: `Live run ${run.run_id}${windowNote(result)}: ${described.text}${held ? ` Use ${gate.ack}.` : ""}`,
        detail: { label: run.run_id, type, value: result },
      };
    },
  };
}

/** <health>: the stream's retry health (stored), with the stream's counts and its alerts. */
export function retryHealthAction(stream, { help } = {}) {
  const title = `${stream.words.retry} health`;
  const { gate } = stream;
  const counts = stream.healthCounts || ((h) => (gate ? [`${h[gate.pending] ?? 0} ${gate.word}`] : []));
  return {
    id: idOf(stream.labels.health),
    label: stream.labels.health,
    section: stream.sections.health,
    help,
    async run(ctx) {
      const actor = ctx.actor();
      const { health } = await ctx.api(`${stream.route}-health`, { query: { ...stream.health, generated_by: actor } });
      const alerts = (health.alerts || []).map((a) => `${a.category} (${a.severity})`).join(", ") || "none";
      const delivered = health.delivered_execution_count ?? 0;
      return {
        tone: health.alert_level === "healthy" ? "ok" : health.alert_level,
        message: `${title} ${health.health_id}: ${health.alert_level} — `
          + `${[...counts(health), `${delivered} delivered ${health.delivered_execution_count === 1 ? "retry" : "retries"}`].join(", ")}. `
          + `Alerts: ${alerts}.`,
        detail: { label: health.health_id, type: lower(title), value: health },
      };
    },
  };
}

/** Send <alert>: the stream's retry health as an alert to the selected provider (forced: sent even when a repeat). */
export function sendHealthAlertAction(stream, { help } = {}) {
  const label = `Send ${stream.labels.alert}`;
  return {
    id: idOf(label),
    label,
    section: stream.sections.health,
    help: help || `Send the ${lower(stream.words.retry)} health as an alert to the selected delivery provider (forced: sent even when a repeat).`,
    async run(ctx) {
      const actor = ctx.actor();
      const provider = ctx.provider();
      const result = await ctx.api(`${alertsOf(stream)}/deliver`, {
        method: "POST",
        body: { provider, force: true, ...stream.health, ...FAST, generated_by: actor },
      });
      const { health, plan } = result;
      let sent = result.delivery ? describeDelivery(result.delivery) : "nothing sent";
      if (!result.delivery && result.not_sent_reason) {
        sent += ` (${result.not_sent_reason})`;
      }
      if (result.suppressed) {
        sent += "; suppressed: the same health state was already alerted";
      }
      return {
        tone: result.suppressed || !result.delivery ? "info" : result.success ? "ok" : "warning",
        message: `${stream.words.alert} plan ${plan.plan_id} for health ${health.health_id} (${health.alert_level}): ${sent}.`
          + `${result.delivery && !result.success ? ` Use Plan ${stream.labels.alertRetry}.` : ""}`,
        detail: { label: plan.plan_id, type: lower(stream.words.alert), value: result },
      };
    },
  };
}

/** <ackAlert>: acknowledges the newest stored health alert plan that asked for acknowledgement. */
export function ackHealthAlertAction(stream, { help } = {}) {
  const noun = lower(stream.words.alert);
  const type = stream.alertPlan;
  return {
    id: idOf(stream.labels.ackAlert),
    label: stream.labels.ackAlert,
    section: stream.sections.health,
    help: help || `Acknowledge the latest ${noun} that asked for acknowledgement.`,
    async run(ctx) {
      const actor = ctx.actor();
      // A suppressed repeat asks nobody: the alert to acknowledge is the newest one that was sent.
      const plans = (await ctx.newest(type.kind, 20)).map((r) => payload(r, type)).filter(Boolean);
      const plan = plans.find((p) => (p.acknowledgement_required_providers || []).length > 0);
      if (!plan) {
        return {
          tone: "info",
          message: plans.length === 0
            ? `No ${noun} has been sent yet: use Send ${stream.labels.alert} first.`
            : `No recent ${noun} asks for acknowledgement (the latest were suppressed or healthy).`,
        };
      }
      const required = plan.acknowledgement_required_providers;
      const selected = ctx.selectedProvider();
      const provider = required.includes(selected) ? selected : required[0];
      const result = await ctx.api(`${alertsOf(stream)}/${encodeURIComponent(plan.health_id)}/acknowledgements`, {
        method: "POST",
        body: {
          provider, plan_id: plan.plan_id, acknowledged_by: actor, acknowledgement_state: "acknowledged",
          external_ref: ctx.externalRef(), notes: ctx.notes(),
        },
      });
      const ack = result.acknowledgement;
      return {
        tone: "ok",
        message: `Acknowledged the ${provider} ${noun} of health ${plan.health_id} (plan ${plan.plan_id}): ${ack.acknowledgement_id}.`,
        detail: { label: ack.acknowledgement_id, type: `${noun} ack`, value: result },
      };
    },
  };
}

/** Plan <alertRetry>: plans re-deliveries of the stream's failed health alerts (the stored health is re-sent). */
export function alertRetryPlanAction(stream, { help } = {}) {
  return planAction({
    label: `Plan ${stream.labels.alertRetry}`,
    title: `${stream.words.alertRetry} plan`,
    section: stream.sections.health,
    help: help || `Plan re-deliveries of failed ${lower(stream.words.alert)}s (the stored health is what is re-sent).`,
    path: `${alertsOf(stream)}/retry-plan`,
    target: "health_id",
  });
}

/** Run <alertRetry>: re-delivers the stream's failed health alerts now (live, after a confirmation). */
export function alertRetryRunAction(stream, { help } = {}) {
  const label = `Run ${stream.labels.alertRetry}`;
  const title = `${stream.words.alertRetry} run`;
  const noun = `${lower(stream.words.alert)}s`;
  const maxRetries = stream.maxRetries.alertRetry;
  return {
    id: idOf(label),
    label,
    section: stream.sections.health,
    help: help || `Re-deliver failed ${noun} now (live), from the stored health.`,
    async run(ctx) {
      const cancelled = await confirmLive(ctx, label, {
        title: `Re-send ${noun}?`,
        text: `This runs the ${lower(stream.words.alertRetry)} worker live: every failed ${lower(stream.words.alert)} is sent again now `
          + `(at most ${maxRetries}), from the stored health, and each attempt is recorded as execution evidence.`,
      });
      if (cancelled) {
        return cancelled;
      }
      const result = await ctx.api(`${alertsOf(stream)}/retry-worker-run`, {
        method: "POST",
        body: retryRunBody(ctx, { live: true, maxRetries, cadence: stream.cadences.alertRetry }),
      });
      const { run } = result;
      const described = describeRun(result);
      return {
        tone: runTone(described),
        message: `${title} ${run.run_id}${windowNote(result)}: ${run.summary.selected_retry_count} selected. `
          + `Executions: ${described.executions.length > 0 ? described.executions.join(", ") : "none"}.`,
        detail: { label: run.run_id, type: lower(title), value: result },
      };
    },
  };
}
