// The console's tables, declared: columns (header and cell), how rows load (filters go to the server where the API
// takes them), what Details shows and which per-row actions exist. The page renders them all the same way; a later
// stage adds a table by adding an entry here. A column is `{label, cell: (row) => text | {text, tone}, nowrap?}`.

import { P, api, latest } from "./api.js";
import { acknowledgeRoute } from "./actions.js";
import {
  KIND, STATES, kindLabel, payloadOf, providersOf, scheduleOf, shortTime, statusOf, toneOf,
} from "./records.js";

function applied(pairs) {
  const used = Object.entries(pairs).filter(([, value]) => value !== undefined && value !== null && value !== "");
  return used.length === 0 ? "No filter applied." : `Filtered on the server by ${used.map(([name, value]) => `${name}=${value}`).join(", ")}.`;
}

function top(counts) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? "none" : `${entries[0][0]} (${entries[0][1]})`;
}

const escalationStates = {
  outstanding: (route) => !route.acknowledged,
  breached: (route) => Boolean(route.breached),
};

export const TABLES = [
  {
    id: "history",
    title: "Notification History",
    detailType: "history",
    paged: true,
    empty: "No evidence record matches these filters.",
    columns: [
      { label: "Record", cell: (r) => r.session_id },
      { label: "Kind", cell: (r) => kindLabel(r.metadata_kind) },
      { label: "Provider", cell: (r) => providersOf(r).join(", ") || "n/a" },
      { label: "Status", cell: (r) => ({ text: statusOf(r), tone: toneOf(statusOf(r)) }) },
      { label: "Schedule", cell: (r) => scheduleOf(r) },
      { label: "Created", cell: (r) => shortTime(r.created_at), nowrap: true },
    ],
    label: (r) => r.session_id,
    async load(ctx, page) {
      const f = ctx.filters;
      const state = STATES.find((s) => s.value === f.state);
      const query = {
        provider: f.provider,
        metadata_kind: f.kind,
        connector_delivery_source: f.source,
        ...(state && state.history ? state.history : {}),
        limit: page.limit,
        offset: page.offset,
      };
      const result = await api(P, { query });
      const { limit, offset, ...shown } = query;
      let note = applied(shown);
      if (state && !state.history) {
        note += ` State "${state.value}" is not a stored state: it filters the escalation routes only.`;
      }
      return { rows: result.items, total: result.total, note };
    },
  },
  {
    id: "escalation",
    title: "Escalation Routes",
    detailType: "route",
    empty: "No escalation route: deliver notifications, then Plan Escalation.",
    columns: [
      { label: "Schedule", cell: (r) => r.schedule_id },
      { label: "Provider", cell: (r) => r.provider },
      { label: "Owner", cell: (r) => r.owner || "release-governance" },
      {
        label: "State",
        cell: (r) => {
          const text = r.breached ? `${r.acknowledgement_state} (breached)` : r.acknowledgement_state;
          return { text, tone: r.breached ? "critical" : r.acknowledged ? "healthy" : "warning" };
        },
      },
      {
        label: "Age / SLO",
        cell: (r) => (typeof r.age_minutes === "number" && typeof r.acknowledgement_minutes === "number"
          ? `${Math.floor(r.age_minutes)}m / ${r.acknowledgement_minutes}m` : "n/a"),
      },
      { label: "Action", cell: (r) => ({ text: r.recommended_action, tone: toneOf(r.recommended_action) }) },
    ],
    label: (r) => `${r.schedule_id}-${r.provider}-${r.owner}`,
    rowActions: [
      { label: "Ack", state: "acknowledged", disabled: (r) => r.acknowledged },
      { label: "Escalate", state: "escalated" },
      { label: "Resolve", state: "resolved", disabled: (r) => r.acknowledgement_state === "resolved" },
    ].map((action) => ({
      ...action,
      visible: (r) => Boolean(r.schedule_id && r.provider) && r.action !== "suppress",
      run: (ctx, route) => acknowledgeRoute(ctx, route, action.state),
    })),
    async load(ctx) {
      // The routes of the escalation plan this page just made, else of the newest stored one (loading never plans).
      let plan = ctx.takePlannedEscalation();
      if (!plan) {
        const record = await latest(KIND.escalationPlan);
        plan = record ? payloadOf(record) : null;
      }
      if (!plan) {
        return { rows: [], note: "No escalation plan is stored yet." };
      }
      const f = ctx.filters;
      const owner = (f.owner || "").toLowerCase();
      const rows = (plan.routes || []).filter((route) => (!f.provider || route.provider === f.provider)
        && (!owner || `${route.owner || ""} ${route.escalation_owner || ""}`.toLowerCase().includes(owner))
        && (!f.state || (escalationStates[f.state] ? escalationStates[f.state](route) : route.acknowledgement_state === f.state)));
      return {
        rows,
        note: `Escalation plan ${plan.plan_id}, generated ${shortTime(plan.generated_at)} UTC: ${plan.route_count} routes, `
          + `${plan.outstanding_count} outstanding, ${plan.breached_count} breached. Provider, owner and state filter these rows.`,
      };
    },
  },
  {
    id: "routing",
    title: "Routing History",
    detailType: "routing",
    paged: true,
    empty: "No route decision matches these filters.",
    columns: [
      { label: "Route", cell: (r) => r.route_id || r.plan_id },
      { label: "Owner", cell: (r) => r.owner || "n/a" },
      { label: "Provider", cell: (r) => r.provider },
      { label: "Action", cell: (r) => ({ text: r.action, tone: r.action === "suppress" ? "warning" : "healthy" }) },
      { label: "Category", cell: (r) => r.category },
      { label: "Reason", cell: (r) => r.reason },
    ],
    label: (r) => r.route_id || r.plan_id,
    async load(ctx, page) {
      const f = ctx.filters;
      const query = { owner: f.owner, provider: f.provider, action: f.action, category: f.category };
      const result = await api(`${P}/routes`, { query: { ...query, limit: page.limit, offset: page.offset } });
      return { rows: result.items, total: result.total, note: applied(query) };
    },
  },
  {
    id: "suppression",
    title: "Suppression Summary",
    detailType: "suppression-trend",
    empty: "No suppressed route matches these filters.",
    columns: [
      { label: "Category", cell: (r) => r.category },
      { label: "Events", cell: (r) => String(r.events) },
      { label: "Top Owner", cell: (r) => r.top_owner },
      { label: "Top Provider", cell: (r) => r.top_provider },
      { label: "Generated", cell: (r) => shortTime(r.generated_at), nowrap: true },
    ],
    label: (r) => `${r.trend_id}-${r.category}`,
    async load(ctx) {
      const f = ctx.filters;
      const query = { owner: f.owner, provider: f.provider };
      const { trend } = await api(`${P}/suppression-trends`, { query });
      const rows = Object.entries(trend.category_counts || {}).map(([category, events]) => ({
        category,
        events,
        top_owner: top(trend.owner_counts),
        top_provider: top(trend.provider_counts),
        generated_at: trend.generated_at,
        trend_id: trend.trend_id,
        owner_counts: trend.owner_counts,
        provider_counts: trend.provider_counts,
        schedule_counts: trend.schedule_counts,
      }));
      return { rows, trend, note: `${applied(query)} Not stored: the trend is computed on each load.` };
    },
  },
];
