// Cavra Evidence Console: renders the declared cards, actions and tables, runs actions through the API and shows
// what the service answers — real records, real errors, never sample data.

import { P, ApiError, api, apiBase, latest, newest, onReachability } from "./js/api.js";
import { CARDS, cardReasons, cardValue } from "./js/cards.js";
import { downloadJson, el } from "./js/dom.js";
import { loadEvidence, showConnectors, wireEvidence } from "./js/evidence.js";
import {
  DELIVERY_SOURCES, KINDS, PROVIDERS, ROUTE_ACTIONS, STATES, SUPPRESSION_CATEGORIES, useCatalogue,
} from "./js/records.js";
import { ACTIONS, SECTIONS, TABLES } from "./js/stages/index.js";

const $ = (id) => document.getElementById(id);

/** A missing or wrong operator input, found before anything is sent. */
class InputError extends Error {
  constructor(input, message) {
    super(message);
    this.input = input;
  }
}

const state = {
  config: null,
  data: {},
  pages: Object.fromEntries(TABLES.filter((t) => t.paged).map((t) => [t.id, { offset: 0, limit: 25 }])),
  plannedEscalation: null,
  detail: null,
  busy: false,
  refreshing: null,
  working: 0,
};

/** Marks the page busy (aria-busy on main) while an action or a reload runs; nested uses count. */
async function working(task) {
  state.working += 1;
  $("main").setAttribute("aria-busy", "true");
  try {
    return await task();
  } finally {
    state.working -= 1;
    if (state.working === 0) {
      $("main").removeAttribute("aria-busy");
    }
  }
}

// ---- operator inputs and filters ----------------------------------------------------------------------------------

const text = (id) => $(id).value.trim();
const optional = (id) => text(id) || undefined;

const filterInputs = {
  owner: "filter-owner", provider: "filter-provider", state: "filter-state", kind: "filter-kind",
  source: "filter-source", action: "filter-action", category: "filter-category",
};

function filters() {
  return Object.fromEntries(Object.entries(filterInputs).map(([name, id]) => [name, optional(id)]));
}

/** Which operator input a field named by the server belongs to. */
const inputOfField = {
  acknowledged_by: "actor", generated_by: "actor", decided_by: "actor", closed_by: "actor",
  external_ref: "external-ref", notes: "notes", provider: "delivery-provider", delivery_provider: "delivery-provider",
};

function markInvalid(ids) {
  for (const id of ["actor", "external-ref", "notes", "delivery-provider"]) {
    if (ids.includes(id)) {
      $(id).setAttribute("aria-invalid", "true");
    } else {
      $(id).removeAttribute("aria-invalid");
    }
  }
}

function fillSelect(id, options) {
  const select = $(id);
  select.append(...options.map(([value, label]) => el("option", { value }, label)));
}

function fillFilters() {
  fillSelect("filter-provider", PROVIDERS.map((p) => [p, p]));
  fillSelect("filter-state", STATES.map((s) => [s.value, s.value]));
  fillSelect("filter-action", ROUTE_ACTIONS.map((a) => [a, a]));
  fillSelect("filter-category", SUPPRESSION_CATEGORIES.map((c) => [c, c]));
}

/** The kind and source filters, from the server's catalogue (the first option, Any, stays). */
function fillCatalogue(config) {
  useCatalogue(config);
  for (const [id, options] of [
    ["filter-kind", KINDS.map((k) => [k.kind, k.label])],
    ["filter-source", DELIVERY_SOURCES.map((s) => [s.source, s.label])],
  ]) {
    const select = $(id);
    const chosen = select.value;
    select.replaceChildren(select.options[0], ...options.map(([value, label]) => el("option", { value }, label)));
    select.value = chosen;
  }
}

function fillProviders(config) {
  const select = $("delivery-provider");
  const enabled = config.connectors.filter((c) => c.enabled);
  select.replaceChildren(...(enabled.length === 0
    ? [el("option", { value: "" }, "No connector configured")]
    : config.connectors.map((c) => el("option", { value: c.name, disabled: !c.enabled },
      c.name === c.provider ? c.name : `${c.name} (${c.provider})`))));
}

// ---- status line ---------------------------------------------------------------------------------------------------

function setStatus(message, tone) {
  const status = $("status");
  status.textContent = message;
  status.className = `status ${tone}`;
  const time = new Date().toISOString().slice(11, 19);
  $("activity").prepend(el("li", { className: tone }, `${time} ${message}`));
  while ($("activity").children.length > 50) {
    $("activity").lastChild.remove();
  }
}

function describeError(error) {
  return error instanceof ApiError ? error.describe() : error.message;
}

// ---- detail panel --------------------------------------------------------------------------------------------------

/** Shows a record in the detail panel; from a row's Details button, focus follows so the record is in view. */
function showDetail(detail, { focus = false } = {}) {
  state.detail = detail;
  $("detail-meta").replaceChildren(
    el("strong", {}, "Artifact: "), detail.label, "  ", el("strong", {}, "Type: "), detail.type);
  $("detail-json").textContent = JSON.stringify(detail.value, null, 2);
  $("detail-export").disabled = false;
  if (focus) {
    $("detail-json").focus();
  }
}

// ---- cards ---------------------------------------------------------------------------------------------------------

function renderCards() {
  const cards = CARDS.map((card) => ({ card, shown: cardValue(card, state.data), why: cardReasons(card, state.data) }))
    .filter((c) => c.shown);
  $("cards").replaceChildren(...cards.map(({ card, shown, why }) => el("li",
    { className: `card ${shown.tone}`, dataset: why ? { card: card.id, explained: "true" } : { card: card.id } },
    el("span", { title: card.label }, card.label),
    el("strong", {}, shown.text),
    shown.tone === "neutral" ? null : el("span", { className: "visually-hidden" }, ` (${shown.tone})`),
    why ? el("ul", { className: "card-reasons", "aria-label": `Why ${card.label} is ${shown.text}` },
      ...why.lines.map((line) => el("li", {}, line))) : null,
    why?.next ? el("p", { className: "card-next" }, why.next) : null)));
}

async function loadDashboard() {
  try {
    state.data.dashboard = await api(`${P}/dashboard`);
    const d = state.data.dashboard;
    $("cards-status").textContent = `Dashboard generated ${String(d.generated_at).slice(0, 19).replace("T", " ")} UTC; `
      + `alert level ${d.alert_level}.`;
    $("cards-status").className = "state neutral";
  } catch (error) {
    state.data.dashboard = null;
    $("cards-status").textContent = `Dashboard unavailable: ${describeError(error)}`;
    $("cards-status").className = "state error";
  }
}

// ---- tables --------------------------------------------------------------------------------------------------------

function tableContext() {
  return {
    filters: filters(),
    takePlannedEscalation() {
      const plan = state.plannedEscalation;
      state.plannedEscalation = null;
      return plan;
    },
  };
}

function buildTables() {
  $("tables").replaceChildren(...TABLES.map((table) => {
    const headers = [...table.columns.map((c) => c.label), "Actions"];
    return el("section", { className: "panel table-panel", id: `table-${table.id}`, "aria-labelledby": `${table.id}-title` },
      el("div", { className: "panel-head" }, el("h2", { id: `${table.id}-title` }, table.title),
        el("span", { className: "count", id: `${table.id}-count` })),
      el("p", { className: "hint", id: `${table.id}-note` }),
      table.figure ? el("div", { className: "figure", id: `${table.id}-figure` }) : null,
      el("div", { className: "table-wrap" },
        el("table", { "aria-labelledby": `${table.id}-title`, "aria-describedby": `${table.id}-note` },
          el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", { id: `${table.id}-rows` }))),
      table.paged ? el("div", { className: "pager", id: `${table.id}-pager` }) : null);
  }));
}

function messageRow(table, message, tone) {
  return el("tr", { className: "message" }, el("td", { colspan: table.columns.length + 1, className: `state ${tone}` }, message));
}

function renderPager(table, result) {
  const page = state.pages[table.id];
  const first = result.total === 0 ? 0 : page.offset + 1;
  const last = page.offset + result.rows.length;
  const move = (offset) => {
    page.offset = Math.max(0, offset);
    working(() => loadTable(table)).then(renderCards);
  };
  const size = el("select", { "aria-label": `${table.title} rows per page` },
    [10, 25, 50, 100].map((n) => el("option", { value: n, selected: n === page.limit }, `${n} per page`)));
  size.addEventListener("change", () => {
    page.limit = Number(size.value);
    move(0);
  });
  $(`${table.id}-pager`).replaceChildren(
    el("span", { className: "range", role: "status" }, `Showing ${first}–${last} of ${result.total.toLocaleString("en-US")}`),
    el("button", { type: "button", className: "secondary", disabled: page.offset === 0, onClick: () => move(page.offset - page.limit) }, "Previous"),
    el("button", { type: "button", className: "secondary", disabled: last >= result.total, onClick: () => move(page.offset + page.limit) }, "Next"),
    size);
}

function renderRows(table, result) {
  const body = $(`${table.id}-rows`);
  if (result.rows.length === 0) {
    body.replaceChildren(messageRow(table, table.empty, "neutral"));
    return;
  }
  body.replaceChildren(...result.rows.map((row) => {
    const label = table.label(row);
    const buttons = [
      el("button", { type: "button", className: "secondary", onClick: () => showDetail({ label, type: table.detailType, value: row }, { focus: true }), "aria-label": `Details of ${label}` }, "Details"),
      el("button", { type: "button", className: "secondary", onClick: () => downloadJson(label, row), "aria-label": `Export ${label}` }, "Export"),
      // A row action's name is fixed (`label`) or the row's own (`text(row)`, e.g. the action that closes an item).
      ...(table.rowActions || []).filter((a) => a.visible(row)).map((action) => {
        const name = action.text ? action.text(row) : action.label;
        return el("button", {
          type: "button",
          className: "row-action",
          disabled: action.disabled ? action.disabled(row) : false,
          "aria-label": `${name} ${label}`,
          onClick: () => runAction({ id: `${table.id}-${name}`, label: row.provider ? `${name} ${row.provider}` : name, run: (ctx) => action.run(ctx, row) }),
        }, name);
      }),
    ];
    return el("tr", {}, table.columns.map((column) => {
      const value = column.cell(row);
      const cell = typeof value === "object" && value !== null ? value : { text: value };
      return el("td", { className: column.nowrap ? "nowrap" : undefined }, cell.tone ? el("span", { className: `pill ${cell.tone}` }, cell.text ?? "n/a") : String(cell.text ?? "n/a"));
    }), el("td", { className: "row-actions" }, buttons));
  }));
}

async function loadTable(table, context = tableContext()) {
  const page = state.pages[table.id];
  try {
    const result = await table.load(context, page);
    state.data[table.id] = result;
    $(`${table.id}-note`).textContent = result.note || "";
    $(`${table.id}-count`).textContent = table.paged ? "" : `${result.rows.length} row${result.rows.length === 1 ? "" : "s"}`;
    renderRows(table, result);
    if (table.figure) {
      $(`${table.id}-figure`).replaceChildren(table.figure(result));
    }
    if (table.paged) {
      renderPager(table, result);
    }
  } catch (error) {
    state.data[table.id] = null;
    $(`${table.id}-note`).textContent = "";
    $(`${table.id}-count`).textContent = "";
    $(`${table.id}-rows`).replaceChildren(messageRow(table, `Could not load ${table.title}: ${describeError(error)}`, "error"));
    if (table.figure) {
      $(`${table.id}-figure`).replaceChildren();
    }
    if (table.paged) {
      $(`${table.id}-pager`).replaceChildren();
    }
  }
}

/**
 * Reloads the dashboard, every table and the evidence panel (the full chain verification only with `verify`);
 * concurrent calls share one reload.
 */
function refresh({ verify = false } = {}) {
  if (state.refreshing) {
    state.refreshing.again = true;
    state.refreshing.verify ||= verify;
    return state.refreshing.promise;
  }
  const entry = { again: false, verify };
  const run = async () => {
    const context = tableContext();
    const checkChain = entry.verify;
    entry.verify = false;
    await Promise.all([loadDashboard(), ...TABLES.map((t) => loadTable(t, context)), loadEvidence({ verify: checkChain })]);
    renderCards();
  };
  entry.promise = working(async () => {
    try {
      await run();
      while (entry.again) {
        entry.again = false;
        await run();
      }
    } finally {
      state.refreshing = null;
    }
  });
  state.refreshing = entry;
  return entry.promise;
}

// ---- actions -------------------------------------------------------------------------------------------------------

function actionContext() {
  return {
    api,
    latest,
    newest,
    filters: filters(),
    actor() {
      const actor = text("actor");
      if (!actor) {
        throw new InputError("actor", "Enter the actor (who is acting) first: every record names who made it.");
      }
      return actor;
    },
    provider() {
      const provider = text("delivery-provider");
      if (!provider) {
        throw new InputError("delivery-provider", "No delivery provider: configure a connector on the service first.");
      }
      return provider;
    },
    externalRef: () => optional("external-ref"),
    notes: () => optional("notes"),
    force: () => $("force").checked,
    escalationRoutes: () => (state.data.escalation ? state.data.escalation.rows : []),
    /** The configured executive report channels (connector names), as /console/config lists them. */
    executiveChannels: () => (state.config && Array.isArray(state.config.executive_channels) ? state.config.executive_channels : []),
    /** The selected delivery provider, or undefined when none is selected (never an input error). */
    selectedProvider: () => optional("delivery-provider"),
    async planEscalation() {
      const { plan } = await api(`${P}/escalation-plan`, { method: "POST", body: { generated_by: text("actor") || undefined } });
      state.plannedEscalation = plan;
      return plan;
    },
    download: downloadJson,
    confirm: askConfirmation,
  };
}

function askConfirmation(title, message, confirmLabel) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = message;
  $("confirm-ok").textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.returnValue = "cancel";
    dialog.showModal();
  });
}

function setBusy(busy, action) {
  state.busy = busy;
  for (const button of document.querySelectorAll("#actions button, .row-action")) {
    if (busy) {
      button.dataset.wasDisabled = button.disabled ? "1" : "";
      button.disabled = true;
    } else {
      button.disabled = button.dataset.wasDisabled === "1";
    }
  }
  $("actions").setAttribute("aria-busy", busy ? "true" : "false");
  if (busy) {
    setStatus(`${action.label}: working…`, "info");
  }
}

function runAction(action) {
  if (state.busy) {
    return Promise.resolve();
  }
  return working(() => performAction(action));
}

async function performAction(action) {
  const trigger = document.activeElement;
  markInvalid([]);
  setBusy(true, action);
  try {
    const result = await action.run(actionContext());
    setStatus(result.message, result.tone || "ok");
    if (result.detail) {
      showDetail(result.detail);
    }
  } catch (error) {
    if (error instanceof InputError) {
      setStatus(`${action.label}: ${error.message}`, "error");
      markInvalid([error.input]);
      setBusy(false);
      $(error.input).focus();
      return;
    }
    if (error instanceof ApiError) {
      markInvalid(Object.keys(error.fields).map((f) => inputOfField[f.split(/[.[]/)[0]]).filter(Boolean));
    }
    setStatus(`${action.label} failed: ${describeError(error)}`, "error");
  } finally {
    if (state.busy) {
      setBusy(false);
    }
  }
  // Also after a failure: a step of a multi-request action may have been stored before another failed.
  await refresh();
  // A row button is gone after the reload: keyboard focus goes to the status line that says what happened.
  if (trigger && document.contains(trigger) && !trigger.disabled) {
    trigger.focus();
  } else if (trigger && trigger !== document.body) {
    $("status").focus();
  }
}

function buildActions() {
  $("actions").replaceChildren(...SECTIONS.map((section) => {
    const actions = ACTIONS.filter((a) => a.section === section.id);
    return el("div", { className: "action-group", role: "group", "aria-labelledby": `section-${section.id}` },
      el("h3", { id: `section-${section.id}` }, section.title),
      el("div", { className: "buttons" }, actions.map((action) => el("button", {
        type: "button",
        id: `action-${action.id}`,
        title: action.help,
        onClick: () => runAction(action),
      }, action.label))));
  }));
}

// ---- start ---------------------------------------------------------------------------------------------------------

function showReachability(reachable) {
  const banner = $("unreachable");
  banner.hidden = reachable;
  if (!reachable) {
    banner.textContent = `API unreachable: the console cannot reach the Cavra service at ${apiBase || window.location.origin}. `
      + "Nothing below is current and no record is shown until the service answers; use Refresh once it is back.";
    $("api-status").textContent = "API: unreachable";
    $("api-status").className = "badge critical";
  } else if (state.config) {
    $("api-status").textContent = `API: ${state.config.metadata_mode} · connectors ${state.config.connector_delivery}`;
    $("api-status").className = "badge healthy";
  }
}

async function loadConfig() {
  try {
    state.config = await api("/console/config");
    fillCatalogue(state.config);
    fillProviders(state.config);
    showConnectors(state.config);
    showReachability(true);
  } catch (error) {
    $("delivery-provider").replaceChildren(el("option", { value: "" }, "Connectors unavailable"));
    showConnectors(null, error);
    if (!(error instanceof ApiError && error.unreachable)) {
      $("api-status").textContent = `API: ${describeError(error)}`;
      $("api-status").className = "badge critical";
    }
  }
}

function wire() {
  $("refresh").addEventListener("click", () => working(async () => {
    if (!state.config) {
      await loadConfig();
    }
    await refresh({ verify: true });
  }));
  $("detail-export").addEventListener("click", () => {
    if (state.detail) {
      downloadJson(state.detail.label, state.detail.value);
    }
  });
  // Filters reload on every change (typing in Owner waits for a pause); the page counts as busy until it did.
  let timer = null;
  let release = null;
  const changed = (delay) => {
    for (const page of Object.values(state.pages)) {
      page.offset = 0;
    }
    clearTimeout(timer);
    if (!release) {
      working(() => new Promise((resolve) => {
        release = resolve;
      }));
    }
    timer = setTimeout(() => {
      const done = release;
      release = null;
      refresh().then(done);
    }, delay);
  };
  for (const id of Object.values(filterInputs)) {
    if (id === "filter-owner") {
      $(id).addEventListener("input", () => changed(300));
    } else {
      $(id).addEventListener("change", () => changed(0));
    }
  }
  $("clear-filters").addEventListener("click", () => {
    for (const id of Object.values(filterInputs)) {
      $(id).value = "";
    }
    changed(0);
  });
  wireEvidence(working);
}

onReachability(showReachability);
fillFilters();
buildActions();
buildTables();
wire();
await loadConfig();
await refresh({ verify: true });
document.body.dataset.ready = "true";
