// The one way the console talks to the service: every failure becomes an ApiError that the page shows as an error,
// with the ProblemDetails title, detail and field names. Nothing here ever makes up a response.

/** Route prefixes of the rollback-drill notification family. */
export const P = "/runtime/go-pilot/rollback-drill-notifications";
export const A = `${P}/acknowledgements/audit-delivery`;

/** Where the API is: `window.CAVRA_API_BASE` when the page is hosted elsewhere, else the page's own origin. */
export const apiBase = String(window.CAVRA_API_BASE || "").replace(/\/+$/, "");

export function apiUrl(path, query) {
  const url = new URL(apiBase + path, apiBase ? undefined : window.location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") {
      url.searchParams.set(name, String(value));
    }
  }
  return url.toString();
}

/** A request that did not give the expected JSON: the server's problem, or no answer at all. */
export class ApiError extends Error {
  constructor({ status = 0, title, detail = "", fields = {}, unreachable = false }) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fields = fields;
    this.unreachable = unreachable;
  }

  /** One line for a status line: status, title, detail and the fields the server named. */
  describe() {
    const parts = [this.status ? `${this.status} ${this.title}` : this.title];
    if (this.detail && this.detail !== this.title) {
      parts.push(this.detail);
    }
    const names = Object.keys(this.fields);
    if (names.length > 0) {
      parts.push(`Fields: ${names.join(", ")}`);
    }
    return parts.join(" — ");
  }
}

const listeners = new Set();

/** Called with true when a request could not reach the API at all, false when one got an answer again. */
export function onReachability(listener) {
  listeners.add(listener);
}

function reachable(value) {
  for (const listener of listeners) {
    listener(value);
  }
}

/**
 * Calls the API and returns its JSON. A ProblemDetails answer (RFC 9457) or any other non-2xx answer becomes an
 * ApiError with the title, detail and `errors` field names; a network failure becomes an "API unreachable" ApiError.
 */
export async function api(path, { method = "GET", query, body } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    reachable(false);
    throw new ApiError({
      title: "API unreachable",
      detail: `no answer from ${apiBase || window.location.origin} (${error.message}). Is the Cavra service running?`,
      unreachable: true,
    });
  }
  reachable(true);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const problem = json && typeof json === "object" ? json : {};
    throw new ApiError({
      status: response.status,
      title: problem.title || response.statusText || "Request failed",
      detail: problem.detail || (json === null && text ? text.slice(0, 200) : ""),
      fields: problem.errors && typeof problem.errors === "object" ? problem.errors : {},
    });
  }
  if (json === null) {
    throw new ApiError({ status: response.status, title: "Not JSON", detail: `${method} ${path} did not answer with JSON` });
  }
  return json;
}

/** The newest history record of one metadata kind, or null when there is none. */
export async function latest(kind) {
  const page = await api(P, { query: { metadata_kind: kind, limit: 1 } });
  return page.items && page.items.length > 0 ? page.items[0] : null;
}

/** The newest history records of one metadata kind. */
export async function newest(kind, limit) {
  const page = await api(P, { query: { metadata_kind: kind, limit } });
  return page.items || [];
}
