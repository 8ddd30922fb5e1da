// Stage: executive reporting on a schedule, the executive retry health and its alerts, and the final closure (seed 000,
// second half, and seed 001). Its sections, actions and tables are declared like the other stages'; stages/index.js
// appends them. Executive reports go to the executive channels (Cavra:Executive:Providers), never by default to the
// connector that is failing: the operator's delivery provider is sent only when it is one of those channels.
// The Final Closure and Release Readiness tables link each open item and failed check to the action that closes it.

import { A, api } from "../api.js";
import { count, describeDelivery } from "../actions.js";
import { downloadText, el, formatNumber, svg } from "../dom.js";
import { shortTime } from "../records.js";
import {
  FAST, ackHealthAlertAction, alertRetryPlanAction, alertRetryRunAction, retryHealthAction, retryPlanAction, sendHealthAlertAction,
  workerRunAction,
} from "./streams.js";
import { ACTIONS as ALL_ACTIONS } from "./index.js";

const X = `${A}/recovery-executive-report`;
const SLO_MINUTES = 240;
/** The executive report's default schedule: one run a day; a second trigger in the day's window finds the stored run. */
const DAILY = { interval_minutes: 1440, enabled: true, cadence: "daily" };

const K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
const SCHEDULE_RUN = { kind: `${K}-recovery-executive-report-schedule-run`, payload: "recovery_executive_report_schedule_run" };

/** The executive report delivery stream (see streams.js): no acknowledgement gate; its health counts open failures. */
const DELIVERIES = {
  route: `${X}/delivery-retry`,
  alerts: `${X}/delivery-retry-health-alerts`,
  sections: { retry: "executive-report", health: "executive-retry-health" },
  health: { expected_interval_minutes: 60, stale_metadata_minutes: 180 },
  target: "run_id",
  subject: "executive report",
  gate: null,
  labels: {
    retry: "Executive Retry", health: "Exec Retry Health", alert: "Exec Health Alert", alertRetry: "Exec Alert Retry", ackAlert: "Ack Exec Alert",
  },
  words: { retry: "Executive retry", alert: "Executive health alert", alertRetry: "Executive alert retry" },
  cadences: { retry: "manual_executive_delivery_retry", alertRetry: "manual_executive_health_alert_retry" },
  maxRetries: { retry: 2, alertRetry: 2 },
  alertPlan: {
    kind: `${K}-recovery-executive-report-delivery-retry-health-alert-plan`,
    payload: "recovery_executive_report_delivery_retry_health_alert_plan",
  },
  healthCounts: (h) => [
    `${h.failed_executive_report_delivery_count ?? 0} failed executive deliveries open`, `${h.retryable_count ?? 0} retryable`,
  ],
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
  retryPlanAction(DELIVERIES),
  workerRunAction(DELIVERIES, {
    live: false,
    help: "Dry-run the executive delivery retry worker: shows what it would re-send; nothing is sent.",
  }),
  workerRunAction(DELIVERIES, {
    live: true,
    help: "Run the executive delivery retry worker live: failed executive deliveries are re-sent to their channels now.",
    confirm: {
      title: "Re-send executive reports?",
      text: "This runs the executive delivery retry worker live: every failed executive report delivery is sent again now to its "
        + "executive channel (at most 2), from the stored schedule run, and each attempt is recorded as execution evidence.",
    },
  }),
  retryHealthAction(DELIVERIES, {
    help: "Executive delivery retry health (60 minute runs, 180 minute stale plans): missed runs, open failed deliveries (stored).",
  }),
  sendHealthAlertAction(DELIVERIES),
  ackHealthAlertAction(DELIVERIES),
  alertRetryPlanAction(DELIVERIES),
  alertRetryRunAction(DELIVERIES),
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
