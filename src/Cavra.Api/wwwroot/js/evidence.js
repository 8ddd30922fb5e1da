// The evidence panel: service readiness, the hash chain's verification and the current checkpoint (which an auditor
// downloads and keeps outside Cavra to detect a cut-off tail later), and the configured connectors.

import { P, api } from "./api.js";
import { downloadJson, el } from "./dom.js";

const evidence = `${P}/evidence`;
let checkpoint = null;

function line(id, text, tone) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.className = `state ${tone}`;
}

function failure(error) {
  return error.describe ? error.describe() : error.message;
}

async function loadService() {
  try {
    const ready = await api("/health/ready");
    line("service-status", `Ready: ${ready.record_count.toLocaleString("en-US")} evidence records stored.`, "healthy");
  } catch (error) {
    line("service-status", `Not ready: ${failure(error)}`, "error");
  }
}

async function verifyChain() {
  line("chain-status", "Verifying…", "neutral");
  try {
    const result = await api(`${evidence}/verify`);
    const checked = new Date().toLocaleTimeString("en-GB");
    if (result.verified) {
      line("chain-status", `Verified: ${result.record_count.toLocaleString("en-US")} records, head sequence ${result.head_sequence} `
        + `(checked at ${checked}).`, "healthy");
    } else {
      line("chain-status", `Broken at sequence ${result.first_invalid_sequence}: ${result.reason} (checked at ${checked}).`, "critical");
    }
  } catch (error) {
    line("chain-status", `Verification failed: ${failure(error)}`, "error");
  }
}

async function loadCheckpoint() {
  const list = document.getElementById("checkpoint");
  try {
    checkpoint = await api(`${evidence}/checkpoint`);
    list.replaceChildren(...[
      ["Head sequence", checkpoint.head_sequence],
      ["Head hash", checkpoint.head_hash],
      ["Records", checkpoint.record_count],
      ["Generated at", checkpoint.generated_at],
      ["Signature", checkpoint.signed ? `${checkpoint.signature_algorithm}: ${checkpoint.signature}` : "unsigned (no checkpoint key configured)"],
    ].flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, String(value ?? "n/a"))]));
    document.getElementById("download-checkpoint").disabled = false;
  } catch (error) {
    checkpoint = null;
    list.replaceChildren(el("dt", {}, "Checkpoint"), el("dd", { className: "state error" }, failure(error)));
    document.getElementById("download-checkpoint").disabled = true;
  }
}

export function showConnectors(config, error) {
  const list = document.getElementById("connectors");
  if (error) {
    list.replaceChildren();
    line("connector-status", `Could not read connectors: ${failure(error)}`, "error");
    return;
  }
  list.replaceChildren(...config.connectors.map((c) => el("li", {},
    `${c.name} (${c.provider})${c.enabled ? "" : " — disabled"}`)));
  const configured = config.connector_delivery === "configured";
  line("connector-status", configured
    ? `Connector delivery is configured (${config.connectors.length}).`
    : "No connector is configured: deliveries are refused until one is.", configured ? "healthy" : "warning");
}

/**
 * Readiness and checkpoint on every reload; the full chain verification (a scan of every record) only when asked:
 * on opening the page, on Refresh and on Verify again — not after each action.
 */
export function loadEvidence({ verify }) {
  return Promise.all([loadService(), loadCheckpoint(), verify ? verifyChain() : null]);
}

export function wireEvidence(working) {
  document.getElementById("reverify").addEventListener("click", () => working(() => loadEvidence({ verify: true })));
  document.getElementById("download-checkpoint").addEventListener("click", () => {
    if (checkpoint) {
      downloadJson(`cavra-checkpoint-${checkpoint.head_sequence}`, checkpoint);
    }
  });
}
