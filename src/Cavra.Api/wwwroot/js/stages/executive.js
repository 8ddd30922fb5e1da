// Stage: executive reporting on a schedule, the executive retry health and its alerts, and the final closure (seed 000,
// second half, and seed 001). Its sections, actions and tables are declared like the other stages'; stages/index.js
// appends them. Executive reports go to the executive channels (Cavra:Executive:Providers), never by default to the
// connector that is failing: the operator's delivery provider is sent only when it is one of those channels.
// The Final Closure and Release Readiness tables link each open item and failed check to the action that closes it.

import { A, api } from "../api.js";
import { IMMEDIATE_RETRY, count, describeDelivery, windowNote } from "../actions.js";
import { downloadText, el, formatNumber, svg } from "../dom.js";
import { shortTime } from "../records.js";
import { FAST, describeRetryPlan, describeRun, retryRunBody } from "./recovery.js";
import { ACTIONS as ALL_ACTIONS } from "./index.js";

const X = `${A}/recovery-executive-report`;
const SLO_MINUTES = 240;
const HEALTH_QUERY = { expected_interval_minutes: 60, stale_metadata_minutes: 180 };
/** The executive report's default schedule: one run a day; a second trigger in the day's window finds the stored run. */
const DAILY = { interval_minutes: 1440, enabled: true, cadence: "daily" };

const K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
const SCHEDULE_RUN = { kind: `${K}-recovery-executive-report-schedule-run`, payload: "recovery_executive_report_schedule_run" };
const ALERT_PLAN = {
  kind: `${K}-recovery-executive-report-delivery-retry-health-alert-plan`,
  payload: "recovery_executive_report_delivery_retry_health_alert_plan",
};

export const SECTIONS = [
  { id: "executive-report", title: "Executive report" },
  { id: "executive-retry-health", title: "Executive retry health" },
  { id: "final-closure", title: "Final closure" },
];

function payload(record, type) {
  const value = record && record[type.payload];
  return value && typeof value === "object" ? value : null;
}

/** The operator's provider when it is an executive channel; else nothing, so the service uses its executive channels. */
function executiveProvider(ctx) {
  const selected = ctx.selectedProvider();
  return selected && ctx.executiveChannels().includes(selected) ? selected : undefined;
}

function channelsNote(ctx) {
  const channels = ctx.executiveChannels();
  return channels.length > 0 ? channels.join(", ") : "none (configure Cavra:Executive:Providers)";
}

function riskSummary(risks) {
  return risks.length === 0 ? "none" : risks.map((r) => `${r.risk} (${r.severity}, ${r.count}, owner ${r.owner})`).join("; ");
}

export const ACTIONS = [
  {
    id: "executive-recovery-report",
    label: "Executive Recovery Report",
    section: "executive-report",
    help: "Store an executive recovery report (240 minute SLO): status, business impact, key risks and recommended actions.",
    async run(ctx) {
      const actor = ctx.actor();
      const { report } = await ctx.api(X, { query: { recovery_slo_minutes: SLO_MINUTES, generated_by: actor } });
      const summary = report.executive_summary || {};
      const risks = report.key_risks || [];
      return {
        tone: report.alert_level === "healthy" ? "ok" : report.alert_level,
        message: `Executive report ${report.executive_report_id} (${report.alert_level}): ${summary.business_impact} `
          + `${summary.failed_execution_count ?? 0} failed executions, ${summary.open_recovery_count ?? 0} open recoveries, `
          + `${summary.slo_breached_count ?? 0} SLO breached, ${count(summary.escalation_count ?? 0, "escalation")}. `
          + `Key risks: ${riskSummary(risks)}. ${count((report.recommended_actions || []).length, "recommended action")}.`,
        detail: { label: report.executive_report_id, type: "executive report", value: report },
      };
    },
  },
  {
    id: "schedule-executive-report",
    label: "Schedule Executive Report",
    section: "executive-report",
    help: "Make this window's executive schedule run (daily): one run per window, so a second click finds the stored run.",
    async run(ctx) {
      const actor = ctx.actor();
      const result = await ctx.api(`${X}/schedule-run`, {
        method: "POST",
        body: { schedule: DAILY, recovery_slo_minutes: SLO_MINUTES, generated_by: actor },
      });
      const { run } = result;
      const window = `${shortTime(run.schedule.window_start)} to ${shortTime(run.schedule.window_end)} UTC`;
      const report = run.executive_report || {};
      return {
        tone: result.created ? "ok" : "info",
        message: `Executive schedule run ${run.run_id} for the window ${window} (${run.schedule.cadence}): report `
          + `${report.executive_report_id || "n/a"} (${run.alert_level}). `
          + `${result.created
            ? "Stored now; Deliver Executive Report sends it."
            : "Already stored: this window's run was made earlier (by the scheduler or an earlier click); nothing new was stored."}`,
        detail: { label: run.run_id, type: "executive schedule run", value: result },
      };
    },
  },
  {
    id: "deliver-executive-report",
    label: "Deliver Executive Report",
    section: "executive-report",
    help: "Send the latest stored executive schedule run to the executive channels (this window's run when none is stored).",
    async run(ctx) {
      const actor = ctx.actor();
      const stored = payload(await ctx.latest(SCHEDULE_RUN.kind), SCHEDULE_RUN);
      const runId = stored ? stored.run_id : "latest";
      const provider = executiveProvider(ctx);
      const result = await ctx.api(`${X}/schedule-runs/${encodeURIComponent(runId)}/deliver`, {
        method: "POST",
        body: { provider, ...FAST, generated_by: actor },
      });
      const { run } = result;
      const which = stored ? "latest stored run" : result.run_created ? "no run was stored: this window's run, stored now" : "this window's stored run";
      return {
        tone: result.success ? "ok" : "warning",
        message: `Executive report run ${run.run_id} (${which}): ${describeDelivery(result.delivery)}.`
          + `${result.success ? "" : " Use Plan Executive Retry."}`,
        detail: { label: run.run_id, type: "executive report delivery", value: result },
      };
    },
  },
  {
    id: "plan-executive-retry",
    label: "Plan Executive Retry",
    section: "executive-report",
    help: "Plan retries of failed executive report deliveries (immediate retry policy).",
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(`${X}/delivery-retry-plan`, {
        method: "POST",
        body: { retry_policy: IMMEDIATE_RETRY, generated_by: actor },
      });
      return {
        tone: plan.retryable_count > 0 ? "warning" : "info",
        message: `Executive retry plan ${plan.retry_plan_id}: ${describeRetryPlan(plan, "run_id")}.`,
        detail: { label: plan.retry_plan_id, type: "executive retry plan", value: plan },
      };
    },
  },
  {
    id: "run-executive-retry",
    label: "Run Executive Retry (dry run)",
    section: "executive-report",
    help: "Dry-run the executive delivery retry worker: shows what it would re-send; nothing is sent.",
    async run(ctx) {
      const result = await ctx.api(`${X}/delivery-retry-worker-run`, {
        method: "POST",
        body: retryRunBody(ctx, { live: false, maxRetries: 2, cadence: "half_hourly" }),
      });
      const { run } = result;
      return {
        tone: "ok",
        message: `Dry run ${run.run_id}${windowNote(result)}: ${run.summary.selected_retry_count} selected. `
          + `Executions: none. Skipped: dry_run. Nothing was sent.`,
        detail: { label: run.run_id, type: "executive retry run", value: result },
      };
    },
  },
  {
    id: "run-executive-retry-live",
    label: "Run Executive Retry (live)",
    section: "executive-report",
    help: "Run the executive delivery retry worker live: failed executive deliveries are re-sent to their channels now.",
    async run(ctx) {
      ctx.actor();
      const confirmed = await ctx.confirm(
        "Re-send executive reports?",
        "This runs the executive delivery retry worker live: every failed executive report delivery is sent again now to its "
          + "executive channel (at most 2), from the stored schedule run, and each attempt is recorded as execution evidence.",
        "Send live retries",
      );
      if (!confirmed) {
        return { tone: "info", message: "Run Executive Retry (live) cancelled: nothing was sent." };
      }
      const result = await ctx.api(`${X}/delivery-retry-worker-run`, {
        method: "POST",
        body: retryRunBody(ctx, { live: true, maxRetries: 2, cadence: "manual_executive_delivery_retry" }),
      });
      const { run } = result;
      const described = describeRun(result);
      return {
        tone: described.executions.length === 0 || described.failed ? "warning" : "ok",
        message: `Live run ${run.run_id}${windowNote(result)}: ${run.summary.selected_retry_count} selected. `
          + `Executions: ${described.executions.length > 0 ? described.executions.join(", ") : "none"}.`,
        detail: { label: run.run_id, type: "executive retry run", value: result },
      };
    },
  },
  {
    id: "exec-retry-health",
    label: "Exec Retry Health",
    section: "executive-retry-health",
    help: "Executive delivery retry health (60 minute runs, 180 minute stale plans): missed runs, open failed deliveries (stored).",
    async run(ctx) {
      const actor = ctx.actor();
      const { health } = await ctx.api(`${X}/delivery-retry-health`, { query: { ...HEALTH_QUERY, generated_by: actor } });
      const alerts = (health.alerts || []).map((a) => `${a.category} (${a.severity})`).join(", ") || "none";
      return {
        tone: health.alert_level === "healthy" ? "ok" : health.alert_level,
        message: `Executive retry health ${health.health_id}: ${health.alert_level} — `
          + `${health.failed_executive_report_delivery_count ?? 0} failed executive deliveries open, ${health.retryable_count ?? 0} retryable, `
          + `${health.delivered_execution_count ?? 0} delivered ${health.delivered_execution_count === 1 ? "retry" : "retries"}. Alerts: ${alerts}.`,
        detail: { label: health.health_id, type: "executive retry health", value: health },
      };
    },
  },
  {
    id: "send-exec-health-alert",
    label: "Send Exec Health Alert",
    section: "executive-retry-health",
    help: "Send the executive retry health as an alert to the selected delivery provider (forced: sent even when a repeat).",
    async run(ctx) {
      const actor = ctx.actor();
      const provider = ctx.provider();
      const result = await ctx.api(`${X}/delivery-retry-health-alerts/deliver`, {
        method: "POST",
        body: { provider, force: true, ...HEALTH_QUERY, ...FAST, generated_by: actor },
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
        message: `Executive health alert plan ${plan.plan_id} for health ${health.health_id} (${health.alert_level}): ${sent}.`
          + `${result.delivery && !result.success ? " Use Plan Exec Alert Retry." : ""}`,
        detail: { label: plan.plan_id, type: "executive health alert", value: result },
      };
    },
  },
  {
    id: "ack-exec-alert",
    label: "Ack Exec Alert",
    section: "executive-retry-health",
    help: "Acknowledge the latest executive health alert that asked for acknowledgement.",
    async run(ctx) {
      const actor = ctx.actor();
      const plans = (await ctx.newest(ALERT_PLAN.kind, 20)).map((r) => payload(r, ALERT_PLAN)).filter(Boolean);
      const plan = plans.find((p) => (p.acknowledgement_required_providers || []).length > 0);
      if (!plan) {
        return {
          tone: "info",
          message: plans.length === 0
            ? "No executive health alert has been sent yet: use Send Exec Health Alert first."
            : "No recent executive health alert asks for acknowledgement (the latest were suppressed or healthy).",
        };
      }
      const required = plan.acknowledgement_required_providers;
      const selected = ctx.selectedProvider();
      const provider = required.includes(selected) ? selected : required[0];
      const result = await ctx.api(`${X}/delivery-retry-health-alerts/${encodeURIComponent(plan.health_id)}/acknowledgements`, {
        method: "POST",
        body: {
          provider, plan_id: plan.plan_id, acknowledged_by: actor, acknowledgement_state: "acknowledged",
          external_ref: ctx.externalRef(), notes: ctx.notes(),
        },
      });
      const ack = result.acknowledgement;
      return {
        tone: "ok",
        message: `Acknowledged the ${provider} executive health alert of health ${plan.health_id} (plan ${plan.plan_id}): ${ack.acknowledgement_id}.`,
        detail: { label: ack.acknowledgement_id, type: "executive health alert ack", value: result },
      };
    },
  },
  {
    id: "plan-exec-alert-retry",
    label: "Plan Exec Alert Retry",
    section: "executive-retry-health",
    help: "Plan re-deliveries of failed executive health alerts (the stored health is what is re-sent).",
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(`${X}/delivery-retry-health-alerts/retry-plan`, {
        method: "POST",
        body: { retry_policy: IMMEDIATE_RETRY, generated_by: actor },
      });
      return {
        tone: plan.retryable_count > 0 ? "warning" : "info",
        message: `Executive alert retry plan ${plan.retry_plan_id}: ${describeRetryPlan(plan, "health_id")}.`,
        detail: { label: plan.retry_plan_id, type: "executive alert retry plan", value: plan },
      };
    },
  },
  {
    id: "run-exec-alert-retry",
    label: "Run Exec Alert Retry",
    section: "executive-retry-health",
    help: "Re-deliver failed executive health alerts now (live), from the stored health.",
    async run(ctx) {
      ctx.actor();
      const confirmed = await ctx.confirm(
        "Re-send executive health alerts?",
        "This runs the executive alert retry worker live: every failed executive health alert is sent again now (at most 2), "
          + "from the stored health, and each attempt is recorded as execution evidence.",
        "Send live retries",
      );
      if (!confirmed) {
        return { tone: "info", message: "Run Exec Alert Retry cancelled: nothing was sent." };
      }
      const result = await ctx.api(`${X}/delivery-retry-health-alerts/retry-worker-run`, {
        method: "POST",
        body: retryRunBody(ctx, { live: true, maxRetries: 2, cadence: "manual_executive_health_alert_retry" }),
      });
      const { run } = result;
      const described = describeRun(result);
      return {
        tone: described.executions.length === 0 || described.failed ? "warning" : "ok",
        message: `Executive alert retry run ${run.run_id}${windowNote(result)}: ${run.summary.selected_retry_count} selected. `
          + `Executions: ${described.executions.length > 0 ? described.executions.join(", ") : "none"}.`,
        detail: { label: run.run_id, type: "executive alert retry run", value: result },
      };
    },
  },
  {
    id: "final-closure",
    label: "Final Closure",
    section: "final-closure",
    help: "Whether the whole reporting loop is closed, and every open item with the action that closes it (not stored).",
    async run(ctx) {
      const closure = await ctx.api(`${A}/final-reporting-closure-dashboard`);
      const items = closure.open_items || [];
      return {
        tone: closure.closure_state === "closed" ? "ok" : closure.alert_level === "critical" ? "critical" : "warning",
        message: `Final closure is ${closure.closure_state} (${closure.alert_level}) with ${count(closure.open_item_count ?? items.length, "open item")}`
          + `${items.length > 0 ? `: ${items.map((i) => `${i.item} (${i.count})`).join(", ")}. The Final Closure table links each to its action` : ""}.`,
        detail: { label: `final-closure-${shortTime(closure.generated_at).replace(/\D/g, "")}`, type: "final closure", value: closure },
      };
    },
  },
  {
    id: "release-readiness",
    label: "Release Readiness",
    section: "final-closure",
    help: "Store a release readiness summary: one check per stage of the loop, each with its counts and evidence ids.",
    async run(ctx) {
      const actor = ctx.actor();
      const { readiness } = await ctx.api(`${A}/final-reporting-release-readiness`, { query: { generated_by: actor, persist: true } });
      const failed = readiness.failed_checks || [];
      return {
        tone: readiness.readiness_state === "ready" ? "ok" : "warning",
        message: `Release readiness ${readiness.summary_id}: ${readiness.readiness_state} — ${readiness.passed_count} passed, `
          + `${readiness.failed_count} failed, ${readiness.not_applicable_count} not applicable of ${count(readiness.check_count, "check")}`
          + `${failed.length > 0 ? `; failed: ${failed.join(", ")}` : ""}. Final closure ${readiness.closure_state}.`,
        detail: { label: readiness.summary_id, type: "release readiness", value: readiness },
      };
    },
  },
  {
    id: "export-runbook",
    label: "Export Runbook",
    section: "final-closure",
    help: "Export the operator runbook (what was done, what remains, what to attach) and download it as Markdown.",
    async run(ctx) {
      const actor = ctx.actor();
      const result = await ctx.api(`${A}/final-reporting-operator-runbook-export`, { method: "POST", body: { generated_by: actor } });
      const { runbook } = result;
      const file = downloadText(runbook.runbook_id, runbook.markdown, { extension: "md", type: "text/markdown" });
      return {
        tone: runbook.readiness_state === "ready" ? "ok" : "warning",
        message: `Runbook ${runbook.runbook_id} from readiness summary ${runbook.readiness_summary_id} (${runbook.readiness_state}, `
          + `final closure ${runbook.closure_state}): ${count((runbook.done || []).length, "step")} done, `
          + `${count((runbook.remaining || []).length, "item")} remaining. Downloaded ${file}.`,
        detail: { label: runbook.runbook_id, type: "operator runbook", value: result },
      };
    },
  },
];

// ---- the actions that close open items ----------------------------------------------------------------------------

/**
 * The console actions an item's or check's `action` names ("Execute Retry or Close Recovery" names two). A name
 * matches an action's label, or its label with a "(dry run)" / "(live)" suffix; the live one is preferred, since a
 * dry run never closes anything.
 */
export function closingActions(name) {
  if (typeof name !== "string" || !name) {
    return [];
  }
  return name.split(" or ").map((part) => {
    const matches = ALL_ACTIONS.filter((a) => a.label === part || a.label.startsWith(`${part} (`));
    return matches.find((a) => a.label.endsWith("(live)")) || matches[0];
  }).filter(Boolean);
}

/** A column saying what closes the row: the console action, else the route (there is no button for it). */
function closedBy(row) {
  if (!row.action && !row.route) {
    return "n/a";
  }
  if (closingActions(row.action).length > 0) {
    return row.action;
  }
  return `${row.action ? `${row.action}: ` : ""}${row.route || "no route"} (no console action: call the route)`;
}

/** Up to two buttons per row, each named by the action it runs. */
const CLOSING_ROW_ACTIONS = [0, 1].map((i) => ({
  label: "Close",
  text: (row) => closingActions(row.action)[i].label,
  visible: (row) => Boolean(closingActions(row.action)[i]),
  run: (ctx, row) => closingActions(row.action)[i].run(ctx),
}));

function ids(list) {
  const shown = (list || []).slice(0, 3);
  return shown.length === 0 ? "none" : `${shown.join(", ")}${list.length > shown.length ? ` (+${list.length - shown.length})` : ""}`;
}

// ---- readiness figure ---------------------------------------------------------------------------------------------

const CHECK_STATES = {
  passed: { word: "passed", fill: "#1b6e36", mark: "✓" },
  failed: { word: "failed", fill: "#b3261e", mark: "✗" },
  not_applicable: { word: "not applicable", fill: "#d8dee8", mark: "–" },
};

/** The checks in the order of the loop, as a strip of labelled boxes (each says its state in a word and a mark). */
export function readinessFigure(readiness) {
  const checks = (readiness && readiness.checks) || [];
  if (checks.length === 0) {
    return el("p", { className: "state neutral", id: "readiness-figure-empty" }, "Readiness: no checks yet.");
  }
  const width = 150;
  const sentence = `Release readiness ${readiness.readiness_state}: `
    + `${checks.map((c) => `${c.check} ${(CHECK_STATES[c.state] || { word: c.state }).word}`).join(", ")}.`;
  const boxes = checks.map((c, i) => {
    const state = CHECK_STATES[c.state] || CHECK_STATES.not_applicable;
    const x = i * (width + 6);
    const dark = c.state !== "not_applicable";
    return svg("g", { class: `readiness-check ${c.state}` },
      svg("rect", { x, y: 0, width, height: 46, rx: 4, fill: state.fill, stroke: "#1d2430" },
        svg("title", {}, `${c.check}: ${state.word}`)),
      svg("text", { x: x + 6, y: 18, "font-size": 11, fill: dark ? "#fff" : "#1d2430" }, c.check.replace(/_/g, " ").slice(0, 24)),
      svg("text", { x: x + 6, y: 36, "font-size": 12, "font-weight": 600, fill: dark ? "#fff" : "#1d2430" }, `${state.mark} ${state.word}`));
  });
  return el("figure", { className: "trend", "aria-labelledby": "readiness-figure-caption" },
    el("figcaption", { id: "readiness-figure-caption" }, "Readiness checks, in the order of the loop"),
    svg("svg", {
      viewBox: `0 0 ${checks.length * (width + 6)} 48`, width: "100%", role: "img", class: "readiness-chart",
      "aria-labelledby": "readiness-figure-title readiness-figure-desc", preserveAspectRatio: "xMinYMin meet",
    },
    svg("title", { id: "readiness-figure-title" }, "Release readiness checks"),
    svg("desc", { id: "readiness-figure-desc" }, sentence),
    ...boxes),
    el("p", { className: "hint", id: "readiness-figure-summary" }, sentence));
}

// ---- tables -------------------------------------------------------------------------------------------------------

function scheduleOf(job) {
  return job.cron ? `cron ${job.cron} (${job.time_zone})` : `every ${formatNumber(job.interval_minutes)} minutes`;
}

function lastRunOf(job) {
  if (!job.last_run_at) {
    return "not run yet";
  }
  const stored = job.last_created === false ? " (already stored for its window)" : "";
  return `${shortTime(job.last_run_at)}${job.last_run_id ? ` — ${job.last_run_id}` : ""}${stored}`;
}

export const TABLES = [
  {
    id: "final-closure",
    title: "Final Closure",
    detailType: "final-closure-item",
    empty: "Nothing is open: the reporting loop is closed.",
    columns: [
      { label: "Open Item", cell: (r) => r.item },
      { label: "Stage", cell: (r) => r.stage },
      { label: "Count", cell: (r) => ({ text: formatNumber(r.count ?? 0), tone: "warning" }) },
      { label: "Ids", cell: (r) => ids(r.ids) },
      { label: "What Is Open", cell: (r) => r.message },
      { label: "Closed By", cell: closedBy },
    ],
    label: (r) => r.item,
    rowActions: CLOSING_ROW_ACTIONS,
    async load() {
      const closure = await api(`${A}/final-reporting-closure-dashboard`);
      const items = closure.open_items || [];
      return {
        rows: items,
        closure,
        note: `Closure state: ${closure.closure_state} (alert level ${closure.alert_level}), `
          + `${count(closure.open_item_count ?? items.length, "open item")}. Computed on each load (not stored). `
          + "Each item's button runs the action that closes it.",
      };
    },
  },
  {
    id: "readiness",
    title: "Release Readiness",
    detailType: "readiness-check",
    empty: "No readiness check yet.",
    columns: [
      { label: "Check", cell: (r) => r.check },
      {
        label: "State",
        cell: (r) => ({
          text: (CHECK_STATES[r.state] || { word: r.state }).word,
          tone: r.state === "passed" ? "healthy" : r.state === "failed" ? "critical" : "warning",
        }),
      },
      { label: "Count", cell: (r) => formatNumber(r.count ?? 0) },
      { label: "Evidence Ids", cell: (r) => ids(r.evidence_ids) },
      { label: "Message", cell: (r) => r.message },
      { label: "Settled By", cell: (r) => (r.state === "failed" ? closedBy(r) : "n/a") },
    ],
    label: (r) => r.check,
    rowActions: CLOSING_ROW_ACTIONS.map((action) => ({ ...action, visible: (r) => r.state === "failed" && action.visible(r) })),
    figure: (result) => readinessFigure(result.readiness),
    async load() {
      const { readiness } = await api(`${A}/final-reporting-release-readiness`, { query: { persist: false } });
      const failed = readiness.failed_checks || [];
      return {
        rows: readiness.checks || [],
        readiness,
        note: `Readiness: ${readiness.readiness_state} — ${readiness.passed_count} passed, ${readiness.failed_count} failed, `
          + `${readiness.not_applicable_count} not applicable${failed.length > 0 ? ` (failed: ${failed.join(", ")})` : ""}. `
          + "Computed on each load (not stored; Release Readiness stores a summary).",
      };
    },
  },
  {
    id: "scheduler",
    title: "Scheduler",
    detailType: "scheduled-job",
    empty: "Nothing is scheduled: this instance runs no job on its own (every job is opt-in under Cavra:Scheduler).",
    columns: [
      { label: "Job", cell: (r) => r.name },
      { label: "Schedule", cell: scheduleOf },
      { label: "Cadence", cell: (r) => r.cadence },
      { label: "Next Window", cell: (r) => (r.next_run_at ? shortTime(r.next_run_at) : "before its first run"), nowrap: true },
      { label: "Last Run", cell: lastRunOf },
      {
        label: "Outcome",
        cell: (r) => (r.last_error
          ? { text: `failed: ${r.last_error}`, tone: "critical" }
          : r.last_outcome || "n/a"),
      },
    ],
    label: (r) => r.name.replace(/[^A-Za-z0-9_.-]/g, "-"),
    async load() {
      const scheduler = await api("/scheduler");
      const jobs = scheduler.jobs || [];
      return {
        rows: jobs,
        note: `${count(jobs.length, "scheduled job")} as of ${shortTime(scheduler.generated_at)} UTC. Times are UTC; `
          + "a job runs once per window, so a restart or a second instance in the same window runs nothing twice.",
      };
    },
  },
];
