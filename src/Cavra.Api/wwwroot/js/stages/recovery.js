// Stage: retry recovery reporting and the recovery escalation chain (seeds 002 and 000, first half). Its sections,
// actions and tables are declared here like the first stage's (actions.js, tables.js); stages/index.js appends them.
// Escalations go to the escalation channels the plan names (Cavra:Escalation:Providers), never by default to the
// connector that is failing; the operator's delivery provider is used only when the plan names no channel.

import { A, api } from "../api.js";
import { count, describeDelivery, forProvider } from "../actions.js";
import { el, formatNumber, svg } from "../dom.js";
import { shortTime } from "../records.js";
import {
  FAST, alertRetryPlanAction, alertRetryRunAction, retryHealthAction, retryPlanAction, sendHealthAlertAction, workerRunAction,
} from "./streams.js";

const E = `${A}/recovery-escalations`;
const SLO_MINUTES = 240;

const ESCALATION_PLAN = { kind: "go-backend-rollback-drill-acknowledgement-audit-delivery-recovery-escalation-plan", payload: "recovery_escalation_plan" };

/** The recovery escalation stream (see streams.js): its retries wait for the channel's acknowledgement. */
const ESCALATIONS = {
  route: `${E}/retry`,
  alerts: `${E}/retry-health-alerts`,
  sections: { retry: "recovery-escalation", health: "escalation-retry-health" },
  health: { expected_interval_minutes: 30, stale_metadata_minutes: 120 },
  target: "plan_id",
  subject: "recovery escalation",
  gate: { pending: "acknowledgement_pending_count", word: "awaiting acknowledgement", state: "acknowledgement_state", ack: "Ack Recovery Escalation" },
  labels: { retry: "Escalation Retry", health: "Retry Health", alert: "Retry Health Alert", alertRetry: "Health Alert Retry" },
  words: { retry: "Escalation retry", alert: "Retry health alert", alertRetry: "Health alert retry" },
  cadences: { retry: "manual_escalation_retry", alertRetry: "manual_recovery_health_alert_retry" },
  maxRetries: { retry: 5, alertRetry: 2 },
};

export const SECTIONS = [
  { id: "recovery-report", title: "Recovery reporting" },
  { id: "recovery-escalation", title: "Recovery escalation" },
  { id: "escalation-retry-health", title: "Escalation retry health" },
];

/** The newest stored recovery escalation plan, or null. */
async function latestEscalationPlan(ctx) {
  const record = await ctx.latest(ESCALATION_PLAN.kind);
  const payload = record && record[ESCALATION_PLAN.payload];
  return payload && typeof payload === "object" ? payload : null;
}

function routeSummary(routes) {
  return routes.map((r) => `${r.provider} ${r.category} ${r.severity} (${r.reason})`).join("; ");
}

function channelsOf(plan) {
  return Array.isArray(plan.selected_providers) ? plan.selected_providers : [];
}

export const ACTIONS = [
  {
    id: "retry-recovery-slo",
    label: "Retry Recovery SLO",
    section: "recovery-report",
    help: "Store a retry recovery report (240 minute SLO): executions per provider, open and breached recoveries, daily closures.",
    async run(ctx) {
      const actor = ctx.actor();
      const { report } = await ctx.api(`${A}/retry-recovery-report`, {
        query: { recovery_slo_minutes: SLO_MINUTES, generated_by: actor },
      });
      const rate = typeof report.execution_success_rate === "number" ? `${Math.round(report.execution_success_rate * 100)}%` : "n/a";
      const closures = (report.closure_trends || []).reduce((sum, d) => sum + (d.closure_count || 0), 0);
      return {
        tone: report.recovery_slo_breached_count > 0 ? "critical" : report.recovery_open_count > 0 || report.execution_failed_count > 0 ? "warning" : "ok",
        message: `Retry recovery report ${report.report_id} (${report.alert_level}, SLO ${report.recovery_slo_minutes} minutes): `
          + `${count(report.execution_count, "execution")} (${report.execution_success_count} delivered, ${report.execution_failed_count} failed or skipped; `
          + `success rate ${rate}), ${count((report.provider_summary || []).length, "provider")}, ${report.recovery_open_count} open `
          + `${report.recovery_open_count === 1 ? "recovery" : "recoveries"}, ${report.recovery_slo_breached_count} SLO breached, `
          + `${count(closures, "closure")}.`,
        detail: { label: report.report_id, type: "retry recovery report", value: report },
      };
    },
  },
  {
    id: "plan-recovery-escalation",
    label: "Plan Recovery Escalation",
    section: "recovery-escalation",
    help: "Plan escalation routes for failed retry executions and open or breached recoveries, to the configured escalation channels.",
    async run(ctx) {
      const actor = ctx.actor();
      const { plan } = await ctx.api(`${A}/recovery-escalation-plan`, {
        method: "POST",
        body: { recovery_slo_minutes: SLO_MINUTES, generated_by: actor },
      });
      const routes = plan.escalation_routes || [];
      const channels = channelsOf(plan);
      return {
        tone: plan.escalation_count === 0 ? "ok" : plan.alert_level === "critical" ? "critical" : "warning",
        message: `Recovery escalation plan ${plan.plan_id} (${plan.alert_level}): ${count(plan.escalation_count, "escalation route")}`
          + `${routes.length > 0 ? ` — ${routeSummary(routes)}` : ""}; escalation channels: `
          + `${channels.length > 0 ? channels.join(", ") : "none (configure Cavra:Escalation:Providers)"}.`,
        detail: { label: plan.plan_id, type: "recovery escalation plan", value: plan },
      };
    },
  },
  {
    id: "deliver-recovery-escalation",
    label: "Deliver Recovery Escalation",
    section: "recovery-escalation",
    help: "Send the latest recovery escalation plan to its escalation channels (a fresh plan when none is stored).",
    async run(ctx) {
      const actor = ctx.actor();
      const stored = await latestEscalationPlan(ctx);
      const planId = stored ? stored.plan_id : "latest";
      // The plan's channels are where escalations belong; the operator's provider only when the plan names none.
      const provider = stored && channelsOf(stored).length > 0 ? undefined : ctx.provider();
      const result = await ctx.api(`${E}/${encodeURIComponent(planId)}/deliver`, {
        method: "POST",
        body: { provider, ...FAST, generated_by: actor },
      });
      const { plan } = result;
      return {
        tone: result.success ? "ok" : "warning",
        message: `Recovery escalation ${plan.plan_id} (${stored ? "latest stored plan" : "no plan was stored: a fresh one"}, `
          + `${count(plan.escalation_count, "route")}): ${describeDelivery(result.delivery)}.`
          + `${result.success ? "" : " Use Plan Escalation Retry."}`,
        detail: { label: plan.plan_id, type: "recovery escalation delivery", value: result },
      };
    },
  },
  {
    id: "ack-recovery-escalation",
    label: "Ack Recovery Escalation",
    section: "recovery-escalation",
    help: "Accept the latest recovery escalation for its channel: a live escalation retry needs this acknowledgement.",
    async run(ctx) {
      const actor = ctx.actor();
      const plan = await latestEscalationPlan(ctx);
      if (!plan) {
        return { tone: "info", message: "No recovery escalation plan is stored yet: use Plan Recovery Escalation first." };
      }
      const channels = channelsOf(plan);
      const selected = ctx.provider();
      const provider = channels.length === 0 || channels.includes(selected) ? selected : channels[0];
      const route = forProvider(plan.escalation_routes || [], provider);
      const result = await ctx.api(`${E}/${encodeURIComponent(plan.plan_id)}/acknowledgements`, {
        method: "POST",
        body: {
          provider, acknowledged_by: actor, acknowledgement_state: "accepted",
          external_ref: ctx.externalRef(), notes: ctx.notes(), escalation_reason: route ? route.reason : undefined,
        },
      });
      const ack = result.acknowledgement;
      return {
        tone: "ok",
        message: `Accepted the ${provider} recovery escalation of the latest plan ${plan.plan_id}`
          + `${route ? ` (reason: ${route.reason})` : ""}: ${ack.acknowledgement_id}. A live Run Escalation Retry may now re-send it.`,
        detail: { label: ack.acknowledgement_id, type: "recovery escalation ack", value: result },
      };
    },
  },
  retryPlanAction(ESCALATIONS),
  workerRunAction(ESCALATIONS, {
    live: false,
    help: "Dry-run the escalation retry worker: shows what it would re-send; nothing is sent.",
  }),
  workerRunAction(ESCALATIONS, {
    live: true,
    help: "Run the escalation retry worker live: failed escalations with an accepted acknowledgement are re-sent now.",
    confirm: {
      title: "Re-send recovery escalations?",
      text: "This runs the escalation retry worker live: every failed escalation whose channel accepted it (Ack Recovery Escalation) "
        + "is sent again now, and each attempt is recorded as execution evidence. Escalations without an acknowledgement are not sent.",
    },
  }),
  retryHealthAction(ESCALATIONS, {
    help: "Escalation retry health: missed worker runs, stale retry plans, acknowledgement gaps and failed executions (stored).",
  }),
  sendHealthAlertAction(ESCALATIONS),
  alertRetryPlanAction(ESCALATIONS),
  alertRetryRunAction(ESCALATIONS),
];

// ---- tables and the closure-trend chart -----------------------------------------------------------------------------

/** One unstored report per reload, shared by both tables (persist=false: loading never writes evidence). */
function reportOf(ctx) {
  ctx.retryRecoveryReport ||= api(`${A}/retry-recovery-report`, { query: { recovery_slo_minutes: SLO_MINUTES, persist: false } })
    .then((result) => result.report);
  return ctx.retryRecoveryReport;
}

/** A count cell coloured only when it is above zero. */
function flagged(n, tone) {
  return n > 0 ? { text: formatNumber(n), tone } : formatNumber(n ?? 0);
}

const TREND_STATES = [
  { state: "resolved", label: "Resolved" },
  { state: "mitigated", label: "Mitigated" },
  { state: "deferred", label: "Deferred" },
  { state: "escalated", label: "Escalated" },
  { state: "reopened", label: "Reopened" },
];

/** Fills that differ in shape, not only in colour, so the chart reads in greyscale and for colour-blind readers. */
function patterns() {
  const tile = (id, background, ...marks) => svg("pattern", { id: `closure-fill-${id}`, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
    svg("rect", { width: 8, height: 8, fill: background }), ...marks);
  return svg("defs", {},
    tile("resolved", "#1b6e36"),
    tile("mitigated", "#e3f4e8", svg("path", { d: "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke: "#1b6e36", "stroke-width": 2 })),
    tile("deferred", "#fff1d6", svg("circle", { cx: 4, cy: 4, r: 1.8, fill: "#8a4b00" })),
    tile("escalated", "#fde8e6", svg("path", { d: "M0,0 l8,8 M8,0 l-8,8", stroke: "#b3261e", "stroke-width": 1.5 })),
    tile("reopened", "#fde8e6", svg("path", { d: "M0,4 h8", stroke: "#b3261e", "stroke-width": 2.5 })),
    tile("other", "#d8dee8"));
}

function describeDay(day) {
  const parts = TREND_STATES.filter((s) => day[`${s.state}_count`] > 0).map((s) => `${day[`${s.state}_count`]} ${s.state}`);
  const providers = Object.entries(day.provider_counts || {}).map(([p, n]) => `${p} ${n}`);
  return `${day.date}: ${count(day.closure_count, "closure")}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`
    + `${providers.length > 0 ? `, by provider ${providers.join(", ")}` : ""}`;
}

const SHOWN_DAYS = 14;

/** Closures per day as a horizontal stacked bar chart (inline SVG), with its words: title, description, summary, data. */
export function closureTrendFigure(report) {
  const trends = Array.isArray(report && report.closure_trends) ? report.closure_trends : [];
  if (trends.length === 0) {
    return el("p", { className: "state neutral", id: "closure-trend-empty" },
      "Closure trend: no closures yet. Each Close Recovery adds to its day here.");
  }
  const days = trends.slice(0, SHOWN_DAYS).reverse();
  const total = trends.reduce((sum, d) => sum + (d.closure_count || 0), 0);
  const sentence = `${count(total, "closure")} over ${count(trends.length, "day")}${trends.length > SHOWN_DAYS ? ` (the newest ${SHOWN_DAYS} are drawn)` : ""}. `
    + `${trends.map(describeDay).join(". ")}.`;
  const max = Math.max(1, ...days.map((d) => d.closure_count || 0));
  const labelWidth = 92;
  const barWidth = 300;
  const rowHeight = 26;
  const legendHeight = 30;
  const width = 720;
  const height = days.length * rowHeight + legendHeight + 8;
  const bars = days.map((day, i) => {
    const y = 4 + i * rowHeight;
    let x = labelWidth;
    const known = TREND_STATES.reduce((sum, s) => sum + (day[`${s.state}_count`] || 0), 0);
    const segments = [...TREND_STATES.map((s) => [s.state, day[`${s.state}_count`] || 0]), ["other", Math.max(0, (day.closure_count || 0) - known)]]
      .filter(([, n]) => n > 0)
      .map(([state, n]) => {
        const w = (n / max) * barWidth;
        const rect = svg("rect", { x: x.toFixed(1), y: y + 3, width: w.toFixed(1), height: rowHeight - 8, fill: `url(#closure-fill-${state})`, stroke: "#1d2430", "stroke-width": 1 },
          svg("title", {}, `${day.date}: ${n} ${state}`));
        x += w;
        return rect;
      });
    return svg("g", { class: "trend-day" },
      svg("text", { x: 0, y: y + rowHeight / 2 + 4, "font-size": 12, fill: "#1d2430" }, day.date),
      ...segments,
      svg("text", { x: x + 8, y: y + rowHeight / 2 + 4, "font-size": 12, fill: "#1d2430" }, describeDay(day).slice(day.date.length + 2)));
  });
  const legendY = days.length * rowHeight + 14;
  const legend = [...TREND_STATES, { state: "other", label: "Other" }].map((s, i) => svg("g", {},
    svg("rect", { x: labelWidth + i * 100, y: legendY, width: 14, height: 14, fill: `url(#closure-fill-${s.state})`, stroke: "#1d2430" }),
    svg("text", { x: labelWidth + i * 100 + 20, y: legendY + 12, "font-size": 12, fill: "#1d2430" }, s.label)));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "trend-chart",
    "aria-labelledby": "closure-trend-title closure-trend-desc", preserveAspectRatio: "xMinYMin meet",
  },
  svg("title", { id: "closure-trend-title" }, "Recovery closures per day, by closure state"),
  svg("desc", { id: "closure-trend-desc" }, sentence),
  patterns(), ...bars, svg("g", { "aria-hidden": "true" }, ...legend));
  const data = el("details", { className: "trend-data" },
    el("summary", {}, "Closure trend data"),
    el("table", {},
      el("thead", {}, el("tr", {}, ["Date", "Closures", ...TREND_STATES.map((s) => s.label), "Providers"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, trends.map((day) => el("tr", {},
        el("th", { scope: "row" }, day.date),
        el("td", {}, formatNumber(day.closure_count || 0)),
        ...TREND_STATES.map((s) => el("td", {}, formatNumber(day[`${s.state}_count`] || 0))),
        el("td", {}, Object.entries(day.provider_counts || {}).map(([p, n]) => `${p} (${n})`).join(", ") || "none"))))));
  return el("figure", { className: "trend", "aria-labelledby": "closure-trend-caption" },
    el("figcaption", { id: "closure-trend-caption" }, "Closure trend"),
    chart,
    el("p", { className: "hint", id: "closure-trend-summary" }, sentence),
    data);
}

export const TABLES = [
  {
    id: "retry-recovery",
    title: "Retry Recovery SLO",
    detailType: "retry-recovery",
    empty: "No retry execution or recovery playbook yet: execute a retry or build a Recovery Playbook.",
    columns: [
      { label: "Provider", cell: (r) => r.provider },
      { label: "Executions", cell: (r) => formatNumber(r.execution_count ?? 0) },
      { label: "Failed", cell: (r) => flagged((r.execution_failed_count || 0) + (r.execution_skipped_count || 0), "critical") },
      { label: "Open Recovery", cell: (r) => flagged(r.open_recovery_count, "warning") },
      { label: "SLO Breached", cell: (r) => flagged(r.slo_breached_count, "critical") },
      { label: "Latest Closure", cell: (r) => shortTime(r.latest_closure_at), nowrap: true },
    ],
    label: (r) => `retry-recovery-${r.provider}`,
    figure: (result) => closureTrendFigure(result.report),
    async load(ctx) {
      const report = await reportOf(ctx);
      return {
        rows: report.provider_summary || [],
        report,
        note: `Computed on each load (not stored; Retry Recovery SLO stores a report), SLO ${report.recovery_slo_minutes} minutes: `
          + `${count(report.execution_count, "execution")}, ${report.recovery_open_count} open, ${report.recovery_slo_breached_count} breached. Unfiltered.`,
      };
    },
  },
  {
    id: "recovery-slo",
    title: "Recovery SLO Rows",
    detailType: "retry-recovery",
    empty: "No recovery playbook yet: Recovery Playbook lists each failing connector's recovery here.",
    columns: [
      { label: "Playbook", cell: (r) => r.playbook_id },
      { label: "Provider", cell: (r) => r.provider },
      { label: "State", cell: (r) => r.closure_state || "open" },
      { label: "Age / SLO", cell: (r) => `${formatNumber(r.age_minutes ?? 0)}m / ${r.recovery_slo_minutes}m` },
      {
        label: "SLO Status",
        cell: (r) => ({ text: r.slo_status, tone: r.slo_status === "breached" ? "critical" : r.slo_status === "closed" ? "healthy" : "warning" }),
      },
    ],
    label: (r) => `${r.playbook_id}-${r.provider}`,
    async load(ctx) {
      const report = await reportOf(ctx);
      return { rows: report.recovery_rows || [], note: "Each playbook provider's recovery: open until closed; open longer than the SLO is breached." };
    },
  },
];
