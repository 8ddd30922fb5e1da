// Cavra status page: reads the service's own API and shows real results or real errors, never sample data.
const base = (window.CAVRA_API_BASE || "").replace(/\/$/, "");
const evidence = "/runtime/go-pilot/rollback-drill-notifications/evidence";

async function getJson(path) {
  const response = await fetch(base + path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    throw new Error(`${response.status} ${detail || response.statusText}`);
  }
  return body;
}

function show(id, text, level) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.className = level;
}

function unreachable(error) {
  return error instanceof TypeError ? "API unreachable" : error.message;
}

async function loadService() {
  try {
    const ready = await getJson("/health/ready");
    show("service-status", `Ready — ${ready.record_count} evidence records stored.`, "ok");
  } catch (error) {
    show("service-status", `Not ready: ${unreachable(error)}`, "error");
  }
}

async function loadChain() {
  show("chain-status", "Verifying…", "");
  try {
    const result = await getJson(`${evidence}/verify`);
    if (result.verified) {
      show("chain-status", `Verified: ${result.record_count} records, head ${result.head_sequence}.`, "ok");
    } else {
      show("chain-status", `Broken at sequence ${result.first_invalid_sequence}: ${result.reason}`, "critical");
    }
    const checkpoint = await getJson(`${evidence}/checkpoint`);
    const list = document.getElementById("checkpoint");
    list.replaceChildren();
    for (const [name, value] of [["head sequence", checkpoint.head_sequence], ["head hash", checkpoint.head_hash],
      ["generated at", checkpoint.generated_at], ["signature", checkpoint.signed ? checkpoint.signature : "unsigned (no checkpoint key configured)"]]) {
      const term = document.createElement("dt");
      term.textContent = name;
      const detail = document.createElement("dd");
      detail.textContent = String(value);
      list.append(term, detail);
    }
  } catch (error) {
    show("chain-status", `Verification failed: ${unreachable(error)}`, "error");
  }
}

async function loadConnectors() {
  try {
    const config = await getJson("/console/config");
    const list = document.getElementById("connectors");
    list.replaceChildren(...config.connectors.map((connector) => {
      const item = document.createElement("li");
      item.textContent = `${connector.name} (${connector.provider})${connector.enabled ? "" : " — disabled"}`;
      return item;
    }));
    show("connector-status", config.connector_delivery === "configured"
      ? "Connector delivery is configured." : "No connector is configured: deliveries are disabled.",
    config.connector_delivery === "configured" ? "ok" : "warning");
  } catch (error) {
    show("connector-status", `Could not read connectors: ${unreachable(error)}`, "error");
  }
}

document.getElementById("reverify").addEventListener("click", loadChain);
loadService();
loadChain();
loadConnectors();
