// The operator actions, in the order of the seed flows. Each is `{id, label, section, run: async (ctx) => result}`;
// `result` is `{message, tone, detail}`: the status line's text and colour, and what the detail panel shows.
// Actions that act on "the latest" plan, playbook or alert look it up in the history and name it in their message.
// A later stage adds its actions by appending entries (and, when needed, a section).

import { A, P } from "./api.js";
import { KIND, payloadOf } from "./records.js";

export const SECTIONS = [
  { id: "notify", title: "Notify and acknowledge" },
  { id: "audit", title: "Audit" },
  { id: "worker", title: "Retry worker" },
  { id: "approval", title: "Retry approval" },
  { id: "recovery", title: "Connector recovery" },
];

/** Delay-respecting policy of Plan Audit Retry, and the immediate policy of the worker runs. */
const DELAYED_RETRY = { max_retry_attempts: 3, retry_delay_minutes: 15, backoff_multiplier: 2 };
export const IMMEDIATE_RETRY = { max_retry_attempts: 3, retry_delay_minutes: 0, allow_immediate_retry: true, backoff_multiplier: 2 };

/** "1 route", "2 routes": a count with its noun in the right number. */
export function count(n, noun, plural = `${noun}s`) {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Providers that already had this plan and were not sent it again (Force sends anyway). */
function describeEarlier(earlier) {
  return (earlier || []).map((e) => `${e.provider} already notified at ${e.delivered_at} (${e.session_id})`).join(", ");
}

export function describeDelivery(delivery) {
  const results = delivery && Array.isArray(delivery.deliveries) ? delivery.deliveries : [];
  if (results.length === 0) {
    return "nothing sent";
  }
  return results.map((d) => (d.success
    ? `${d.provider} delivered`
    : `${d.provider} failed (${d.status_code ? `HTTP ${d.status_code}` : d.error || "no answer"} after ${d.attempt_count} attempt${d.attempt_count === 1 ? "" : "s"})`))
    .join(", ");
}

/** A run id comes from its schedule window: a second click in the same window gets the stored run back. */
export function windowNote(result) {
  return result.created === false ? " (already run in this schedule window: the stored run is shown, nothing new was done)" : "";
}

function escalationSummary(plan) {
  return `Escalation plan ${plan.plan_id}: ${count(plan.route_count, "route")}, ${plan.outstanding_count} outstanding, ${plan.breached_count} breached.`;
}

/** Prefers the item for the operator's selected provider; else the first. */
export function forProvider(items, provider) {
  return items.find((item) => item.provider === provider) || items[0];
}

const stateWords = { acknowledged: "Acknowledged", escalated: "Escalated", resolved: "Resolved", dismissed: "Dismissed" };

/** Row Ack / Escalate / Resolve: acknowledges one route, then re-plans escalation so the table shows the new state. */
export async function acknowledgeRoute(ctx, route, state) {
  const actor = ctx.actor();
  const result = await ctx.api(`${P}/${encodeURIComponent(route.schedule_id)}/acknowledgements`, {
    method: "POST",
    body: {
      provider: route.provider,
      plan_id: route.plan_id,
      acknowledged_by: actor,
      acknowledgement_state: state,
      external_ref: ctx.externalRef(),
      notes: ctx.notes(),
    },
  });
  const ack = result.acknowledgement;
  const plan = await ctx.planEscalation();
  return {
    tone: state === "escalated" ? "warning" : "ok",
    message: `${stateWords[state]} the ${route.provider} route of ${route.schedule_id} as ${ack.acknowledged_by}: `
      + `${ack.acknowledgement_id}. ${escalationSummary(plan)}`,
    detail: { label: ack.acknowledgement_id, type: "acknowledgement", value: result },
  };
}

async function bulkAcknowledge(ctx, state, pick, none) {
  const actor = ctx.actor();
  const seen = new Set();
  const routes = ctx.escalationRoutes().filter(pick).filter((route) => {
    const key = `${route.schedule_id}|${route.provider}`;
    return route.schedule_id && route.provider && !seen.has(key) && seen.add(key);
  });
  if (routes.length === 0) {
    return { tone: "info", message: none };
  }
  const sent = routes.slice(0, 100);
  const result = await ctx.api(`${P}/acknowledgements/bulk`, {
    method: "POST",
    body: {
      acknowledged_by: actor,
      acknowledgement_state: state,
      external_ref: ctx.externalRef(),
      notes: ctx.notes(),
      routes: sent.map((r) => ({ schedule_id: r.schedule_id, provider: r.provider, plan_id: r.plan_id })),
    },
  });
  const plan = await ctx.planEscalation();
  const more = routes.length > sent.length ? ` (the first 100 of ${routes.length} displayed)` : "";
  return {
    tone: state === "escalated" ? "warning" : "ok",
    message: `${stateWords[state]} ${result.acknowledgement_count} route${result.acknowledgement_count === 1 ? "" : "s"}${more} `
      + `(${sent.map((r) => r.provider).join(", ")}) as ${actor}: ${result.bulk_id}. ${escalationSummary(plan)}`,
    detail: { label: result.bulk_id, type: "bulk acknowledgement", value: result },
  };
}

export const ACTIONS = [
  {
    id: "deliver-notifications",
    label: "Deliver Notifications",
    section: "notify",
    help: "Plan notifications from the stored drill schedule and send them to its owners' connectors.",
    async run(ctx) {
      const actor = ctx.actor();
      const result = await ctx.api(`${P}/deliver`, { method: "POST", body: { generated_by: actor, force: ctx.force() } });
      const plan = result.plan;
      const escalation = await ctx.planEscalation();
      const earlier = describeEarlier(result.already_delivered);
      let sent;
      if (result.delivery) {
        sent = describeDelivery(result.delivery) + (earlier ? `; not sent again: ${earlier}` : "");
      } else if (earlier) {
        sent = `nothing sent again: ${earlier} (tick Force to send it again)`;
      } else {
        sent = `nothing sent: the schedule is ${plan.status}${ctx.force() ? "" : " (tick Force to notify anyway)"}`;
      }
      return {
        tone: !result.delivery && !earlier ? "warning" : !result.delivery || result.success ? "ok" : "warning",
        message: `Notification plan ${plan.plan_id} for ${plan.schedule_id} (schedule ${plan.status}): ${sent}. ${escalationSummary(escalation)}`,
        detail: { label: plan.plan_id, type: "notification plan", value: result },
      };
    },
  },
  {
    id: "plan-escalation",
    label: "Plan Escalation",
    section: "notify",
    help: "Recompute every delivered route's acknowledgement state, age and SLO breach (stored as an escalation plan).",
    async run(ctx) {
      ctx.actor();
      const plan = await ctx.planEscalation();
      return {
        tone: plan.breached_count > 0 ? "critical" : plan.outstanding_count > 0 ? "warning" : "ok",
        message: escalationSummary(plan),
        detail: { label: plan.plan_id, type: "escalation plan", value: plan },
      };
    },
  },
  {
    id: "bulk-ack-outstanding",
    label: "Bulk Ack Outstanding",
    section: "notify",
    help: "Acknowledge every displayed escalation route that is not acknowledged yet.",
    run: (ctx) => bulkAcknowledge(ctx, "acknowledged", (r) => !r.acknowledged,
      "No outstanding escalation route is displayed: nothing to acknowledge."),
  },
  {
    id: "bulk-escalate-breached",
    label: "Bulk Escalate Breached",
    section: "notify",
    help: "Mark every displayed route that missed its acknowledgement SLO as escalated.",
    run: (ctx) => bulkAcknowledge(ctx, "escalated", (r) => r.breached,
      "No breached escalation route is displayed: nothing to escalate."),
  },
  {
    id: "export-ack-audit",
    label: "Export Ack Audit",
    section: "audit",
    help: "Build the acknowledgement audit package (owner and provider filters apply) and download it as JSON.",
    async run(ctx) {
      const actor = ctx.actor();
      const f = ctx.filters;
      const result = await ctx.api(`${P}/acknowledgements/audit-package`, {
        method: "POST",
        body: { owner: f.owner, provider: f.provider, generated_by: actor },
      });
      const pack = result.audit_package;
      const file = ctx.download(pack.audit_id, pack);
      return {
        tone: pack.outstanding_count > 0 ? "warning" : "ok",
        message: `Audit package ${pack.audit_id}: ${count(pack.route_count, "route")}, ${count(pack.acknowledgement_count, "acknowledgement")}, `
          + `${pack.outstanding_count} outstanding. Downloaded ${file}.`,
        detail: { label: pack.audit_id, type: "audit package", value: result },
      };
    },
  },
  {
    id: "deliver-audit",
    label: "Deliver Audit",
    section: "audit",
    help: "Deliver the acknowledgement audit package to the selected delivery provider.",
    async run(ctx) {
      const actor = ctx.actor();
      const f = ctx.filters;
      const provider = ctx.provider();
      const result = await ctx.api(`${P}/acknowledgements/audit-delivery`, {
        method: "POST",
        body: {
          owner: f.owner, provider: f.provider, delivery_provider: provider, generated_by: actor,
          cadence: "on_demand", schedule_ref: "evidence-console",
        },
      });
      const pack = result.audit_package;
      const plan = result.delivery_plan;
      return {
        tone: result.success ? "ok" : "warning",
        message: `Audit package ${pack.audit_id} (${count(pack.route_count, "route")}, ${pack.outstanding_count} outstanding), delivery plan `
          + `${plan.delivery_id}: ${describeDelivery(result.delivery)}.${result.success ? "" : " Use Plan Audit Retry."}`,
        detail: { label: plan.delivery_id, type: "audit delivery", value: result },
      };
    },
  },
  {
    id: "plan-audit-retry",
    label: "Plan Audit Retry",
    section: "worker",
    help: "Plan retries of failed audit deliveries: retry, wait (15 minute delay, doubling) or suppress.",
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(`${A}/retry-plan`, {
        method: "POST",
        body: { retry_policy: DELAYED_RETRY, generated_by: actor },
      });
      return {
        tone: plan.decision_count === 0 ? "info" : "warning",
        message: `Retry plan ${plan.retry_plan_id}: ${count(plan.decision_count, "decision")} — ${plan.retryable_count} to retry, `
          + `${plan.waiting_count} waiting, ${plan.suppressed_count} suppressed.`,
        detail: { label: plan.retry_plan_id, type: "retry plan", value: plan },
      };
    },
  },
  {
    id: "run-audit-worker",
    label: "Run Audit Worker (dry run)",
    section: "worker",
    help: "Dry-run the retry worker: shows what it would retry; nothing is sent.",
    async run(ctx) {
      const actor = ctx.actor();
      const result = await ctx.api(`${A}/worker-run`, {
        method: "POST",
        body: {
          dry_run: true,
          max_retry_deliveries: 5,
          retry_policy: IMMEDIATE_RETRY,
          schedule: { interval_minutes: 30, cadence: "every_30_minutes", enabled: true },
          generated_by: actor,
        },
      });
      const { run } = result;
      return {
        tone: "ok",
        message: `Dry run ${run.run_id}${windowNote(result)}: ${run.summary.retryable_count} retryable, `
          + `${run.summary.selected_retry_count} selected, ${run.summary.follow_up_action_count} follow-up actions. Nothing was sent.`,
        detail: { label: run.run_id, type: "worker run", value: result },
      };
    },
  },
  {
    id: "worker-health",
    label: "Worker Health",
    section: "worker",
    help: "Missed worker runs, stale retry plans, retryable deliveries and connector failures (not stored).",
    async run(ctx) {
      const health = await ctx.api(`${A}/worker-health`, {
        query: { expected_interval_minutes: 30, stale_metadata_minutes: 120 },
      });
      const alerts = (health.alerts || []).map((a) => a.category).join(", ") || "none";
      return {
        tone: health.alert_level === "healthy" ? "ok" : health.alert_level,
        message: `Worker health ${health.health_id}: ${health.alert_level} — ${count(health.run_count, "run")}, ${health.retryable_count} retryable, `
          + `${count(health.missed_run_count, "missed run")}, ${count(health.failed_job_count, "failed job")}, `
          + `${count(health.connector_delivery_failure_count, "connector failure")}. Alerts: ${alerts}.`,
        detail: { label: health.health_id, type: "worker health", value: health },
      };
    },
  },
  {
    id: "send-worker-alert",
    label: "Send Worker Alert",
    section: "worker",
    help: "Send the worker health as an alert to the selected delivery provider (a repeat of the same state is suppressed unless Force is ticked).",
    async run(ctx) {
      const actor = ctx.actor();
      const provider = ctx.provider();
      const result = await ctx.api(`${A}/worker-health-alerts/deliver`, {
        method: "POST",
        body: {
          provider, force: ctx.force(), expected_interval_minutes: 30, stale_metadata_minutes: 120,
          retries: 0, timeout_seconds: 10, generated_by: actor,
        },
      });
      const { health, plan } = result;
      const suppressed = plan.suppressed_providers || [];
      let sent = result.delivery ? describeDelivery(result.delivery) : "nothing sent";
      if (result.not_sent_reason === "healthy") {
        sent += " (the worker is healthy)";
      }
      if (suppressed.length > 0) {
        const earlier = suppressed.map((s) => `${s.provider} at ${s.last_delivery_at}${s.last_plan_id ? ` by ${s.last_plan_id}` : ""}`);
        sent += `; suppressed: the same health state was already alerted (${earlier.join(", ")}) within the suppression window; tick Force to send anyway`;
      }
      return {
        tone: result.suppressed ? "info" : result.delivery && !result.success ? "warning" : "ok",
        message: `Worker alert plan ${plan.plan_id} for health ${health.health_id} (${health.alert_level}): ${sent}.`,
        detail: { label: plan.plan_id, type: "worker health alert", value: result },
      };
    },
  },
  {
    id: "ack-worker-alert",
    label: "Ack Worker Alert",
    section: "worker",
    help: "Acknowledge the latest worker health alert that asked for acknowledgement.",
    async run(ctx) {
      const actor = ctx.actor();
      // A suppressed repeat asks nobody: the alert to acknowledge is the newest one that was sent.
      const plans = (await ctx.newest(KIND.workerHealthAlertPlan, 20)).map(payloadOf);
      const plan = plans.find((p) => (p.acknowledgement_required_providers || []).length > 0);
      if (!plan) {
        return {
          tone: "info",
          message: plans.length === 0
            ? "No worker health alert has been sent yet: use Send Worker Alert first."
            : "No recent worker health alert asks for acknowledgement (the latest were suppressed or healthy).",
        };
      }
      const required = plan.acknowledgement_required_providers;
      const selected = ctx.provider();
      const provider = required.includes(selected) ? selected : required[0];
      const result = await ctx.api(`${A}/worker-health-alerts/${encodeURIComponent(plan.health_id)}/acknowledgements`, {
        method: "POST",
        body: {
          provider, acknowledged_by: actor, acknowledgement_state: "acknowledged",
          external_ref: ctx.externalRef(), notes: ctx.notes(), plan_id: plan.plan_id,
        },
      });
      const ack = result.acknowledgement;
      return {
        tone: "ok",
        message: `Acknowledged the ${provider} worker alert of health ${plan.health_id} (latest alert plan that asked for `
          + `acknowledgement: ${plan.plan_id}): ${ack.acknowledgement_id}.`,
        detail: { label: ack.acknowledgement_id, type: "worker health ack", value: result },
      };
    },
  },
  {
    id: "ack-retry",
    label: "Ack Retry",
    section: "approval",
    help: "Accept a retry decision of the latest retry plan (review only: nothing is sent).",
    async run(ctx) {
      const actor = ctx.actor();
      const record = await ctx.latest(KIND.retryPlan);
      if (!record) {
        return { tone: "info", message: "No retry plan is stored yet: use Plan Audit Retry first." };
      }
      const plan = payloadOf(record);
      const decisions = plan.retry_decisions || [];
      const open = decisions.filter((d) => d.action === "retry" || d.action === "wait");
      const decision = forProvider(open.length > 0 ? open : decisions, ctx.provider());
      if (!decision) {
        return { tone: "info", message: `The latest retry plan ${plan.retry_plan_id} has no retry decision: nothing to acknowledge.` };
      }
      const result = await ctx.api(`${A}/retry-plans/${encodeURIComponent(plan.retry_plan_id)}/acknowledgements`, {
        method: "POST",
        body: {
          provider: decision.provider, acknowledged_by: actor, acknowledgement_state: "accepted",
          delivery_id: decision.delivery_id, audit_id: decision.audit_id,
          external_ref: ctx.externalRef(), notes: ctx.notes(),
        },
      });
      const ack = result.acknowledgement;
      return {
        tone: "ok",
        message: `Accepted the ${decision.provider} retry of ${decision.delivery_id} (${decision.action}) in the latest retry plan `
          + `${plan.retry_plan_id}: ${ack.acknowledgement_id}.`,
        detail: { label: ack.acknowledgement_id, type: "retry ack", value: result },
      };
    },
  },
  {
    id: "plan-retry-approval",
    label: "Plan Retry Approval",
    section: "approval",
    help: "List the retries that need an approval before a live run (a retry ack is required first).",
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(`${A}/retry-execution-approval-plan`, {
        method: "POST",
        body: { approval_policy: { require_retry_ack: true }, generated_by: actor },
      });
      return {
        tone: plan.approval_required_count > 0 || plan.waiting_count > 0 ? "warning" : "ok",
        message: `Approval plan ${plan.approval_plan_id}: ${plan.approval_required_count} awaiting approval, `
          + `${plan.approved_count} approved, ${plan.waiting_count} waiting for a retry ack.`,
        detail: { label: plan.approval_plan_id, type: "approval plan", value: plan },
      };
    },
  },
  {
    id: "approve-retry",
    label: "Approve Retry",
    section: "approval",
    help: "Approve a retry that the latest approval plan requests approval for.",
    async run(ctx) {
      const actor = ctx.actor();
      const record = await ctx.latest(KIND.approvalPlan);
      if (!record) {
        return { tone: "info", message: "No approval plan is stored yet: use Plan Retry Approval first." };
      }
      const plan = payloadOf(record);
      const requested = (plan.approval_decisions || []).filter((d) => d.action === "request_approval");
      const decision = forProvider(requested, ctx.provider());
      if (!decision) {
        return {
          tone: "warning",
          message: `The latest approval plan ${plan.approval_plan_id} requests no approval (${plan.waiting_count || 0} waiting for a `
            + "retry ack): use Ack Retry, then Plan Retry Approval.",
        };
      }
      const result = await ctx.api(`${A}/retry-execution-approval-plans/${encodeURIComponent(plan.approval_plan_id)}/decisions`, {
        method: "POST",
        body: {
          provider: decision.provider, decided_by: actor, approval_state: "approved",
          retry_plan_id: decision.retry_plan_id, delivery_id: decision.delivery_id, audit_id: decision.audit_id,
          external_ref: ctx.externalRef(), notes: ctx.notes(),
        },
      });
      const made = result.decision;
      return {
        tone: "ok",
        message: `Approved the ${decision.provider} retry of ${decision.delivery_id} from the latest approval plan `
          + `${plan.approval_plan_id}: decision ${made.decision_id}.`,
        detail: { label: made.decision_id, type: "approval decision", value: result },
      };
    },
  },
  {
    id: "execute-retry",
    label: "Execute Retry",
    section: "approval",
    help: "Run the worker live: approved retries are sent to their connectors now.",
    async run(ctx) {
      const actor = ctx.actor();
      const confirmed = await ctx.confirm(
        "Execute approved retries?",
        "This runs the retry worker live: every approved retry is sent to its connector now, and each attempt is recorded as "
          + "execution evidence. Retries without an approval are not sent.",
        "Send live retries",
      );
      if (!confirmed) {
        return { tone: "info", message: "Execute Retry cancelled: nothing was sent." };
      }
      const result = await ctx.api(`${A}/worker-run`, {
        method: "POST",
        body: {
          execute: true,
          dry_run: false,
          max_retry_deliveries: 5,
          retry_policy: IMMEDIATE_RETRY,
          schedule: { interval_minutes: 30, cadence: "manual_retry", enabled: true },
          retries: 0,
          timeout_seconds: 10,
          generated_by: actor,
        },
      });
      const { run } = result;
      const executions = (result.retry_results || []).filter((r) => r.execution_record)
        .map((r) => `${r.execution_record.execution_id} ${r.execution_record.execution_status}`);
      const pending = run.summary.approval_pending_count || 0;
      const held = (run.follow_up_actions || []).map((a) => a.gate_reason).filter(Boolean);
      const failed = executions.some((e) => !e.endsWith(" delivered"));
      return {
        tone: executions.length === 0 || failed ? "warning" : "ok",
        message: `Live run ${run.run_id}${run.status ? ` (${run.status})` : ""}${windowNote(result)}: `
          + `${run.summary.selected_retry_count} selected, ${pending} awaiting approval. `
          + `Executions: ${executions.length > 0 ? executions.join(", ") : "none"}.`
          + `${executions.length === 0 && held.length > 0 ? ` Not sent: ${held[0]}.` : ""}`,
        detail: { label: run.run_id, type: "worker run", value: result },
      };
    },
  },
  {
    id: "recovery-playbook",
    label: "Recovery Playbook",
    section: "recovery",
    help: "Recovery guidance for every connector that failed in the last 24 hours.",
    async run(ctx) {
      const actor = ctx.actor();
      const { playbook } = await ctx.api(`${A}/connector-recovery-playbook`, {
        method: "POST",
        body: { min_failure_count: 1, lookback_hours: 24, generated_by: actor },
      });
      const providers = (playbook.provider_playbooks || [])
        .map((p) => `${p.provider} (${p.category}, ${count(p.failure_count, "failure")}, status ${(p.status_codes || []).join("/") || "n/a"})`);
      return {
        tone: playbook.provider_count > 0 ? "warning" : "ok",
        message: `Recovery playbook ${playbook.playbook_id}: ${count(playbook.provider_count, "provider")}, ${count(playbook.failure_count, "failure")}`
          + `${providers.length > 0 ? ` — ${providers.join("; ")}` : ""}.`,
        detail: { label: playbook.playbook_id, type: "recovery playbook", value: playbook },
      };
    },
  },
  {
    id: "close-recovery",
    label: "Close Recovery",
    section: "recovery",
    help: "Close the latest playbook's recovery as resolved, with the newest delivered retry executions as verification "
      + "(without one, a confirmed override records the notes as the reason).",
    async run(ctx) {
      const actor = ctx.actor();
      const record = await ctx.latest(KIND.recoveryPlaybook);
      if (!record) {
        return { tone: "info", message: "No recovery playbook is stored yet: use Recovery Playbook first." };
      }
      const playbook = payloadOf(record);
      const target = forProvider(playbook.provider_playbooks || [], ctx.provider());
      if (!target) {
        return { tone: "info", message: `The latest playbook ${playbook.playbook_id} lists no failing provider: nothing to close.` };
      }
      // Delivered executions to this provider first: they are what proves the recovery.
      const executions = (await ctx.newest(KIND.executionRecord, 20)).map(payloadOf);
      const delivered = (e) => e.provider === target.provider && e.execution_status === "delivered";
      const refs = [...executions.filter(delivered), ...executions.filter((e) => e.provider === target.provider), ...executions]
        .map((e) => e.execution_id).filter((id, i, all) => id && all.indexOf(id) === i).slice(0, 3);
      const path = `${A}/connector-recovery-playbooks/${encodeURIComponent(playbook.playbook_id)}/closures`;
      const body = {
        provider: target.provider, closed_by: actor, closure_state: "resolved",
        external_ref: ctx.externalRef(), notes: ctx.notes(), verification_refs: refs,
      };
      let result;
      try {
        result = await ctx.api(path, { method: "POST", body });
      } catch (error) {
        // The service decides what proves a delivery; when nothing does, the operator may override, knowingly.
        if (!(error.status === 400 && error.fields && error.fields.verification_refs)) {
          throw error;
        }
        const reason = ctx.notes();
        if (!reason) {
          return {
            tone: "warning",
            message: `Not closed: ${error.fields.verification_refs[0]} To resolve anyway, write the reason in Notes and click Close Recovery again.`,
          };
        }
        const confirmed = await ctx.confirm(
          "Resolve without proof of delivery?",
          `No verification reference proves a successful delivery to ${target.provider}. The closure will record an override `
            + `with your notes as the reason: "${reason}".`,
          "Resolve with override",
        );
        if (!confirmed) {
          return { tone: "info", message: "Close Recovery cancelled: nothing was stored." };
        }
        result = await ctx.api(path, { method: "POST", body: { ...body, override: { reason } } });
      }
      const { closure } = result;
      const proof = closure.verified_delivery ? "a delivery is proven" : "override: no reference proves a delivery";
      return {
        tone: closure.verified_delivery ? "ok" : "warning",
        message: `Closed the ${target.provider} recovery of the latest playbook ${playbook.playbook_id} as resolved: `
          + `${closure.closure_id} (verification: ${refs.length > 0 ? refs.join(", ") : "none"}; ${proof}).`,
        detail: { label: closure.closure_id, type: "recovery closure", value: result },
      };
    },
  },
];
