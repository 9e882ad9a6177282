// The /api/1.0 pipeline: authenticate, apply rate limits, apply a queued fault, route, and turn
// the handler's result (or ApiError) into a response object {status, headers, body} | {drop}.

import { setTimeout as sleep } from "node:timers/promises";
import { RATE_LIMIT_MESSAGE } from "./faults.mjs";
import { parseOptFields } from "./records.mjs";
import { RequestContext } from "./routes/context.mjs";
import { matchRoute } from "./routes/index.mjs";
import { ApiError, badRequest, errorBody } from "./validate.mjs";

export const API_ROOT = "/api/1.0";
const JSON_TYPE = "application/json; charset=UTF-8";

const json = (status, payload, headers = {}, pretty = false) =>
  ({ status, headers: { "Content-Type": JSON_TYPE, ...headers }, body: JSON.stringify(payload, null, pretty ? 2 : undefined) });
const failure = (status, message, headers) => json(status, errorBody(message), headers);

/**
 * Answers one API request. `state` holds the sandbox's live parts (store, paginator, limiter,
 * faults, files, closing signal); `request` = {req, url, rawBody, entry, origin}.
 */
export async function answerApi(state, request) {
  const { req } = request;
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const me = token && (state.store.tokens.get(token) ?? state.oauth?.userFor(token)); // PATs, then minted OAuth tokens
  if (!me) return failure(401, "Not Authorized");

  const admission = state.limiter.admit(token, req.method !== "GET");
  if (admission.retryAfter !== undefined) {
    return failure(429, RATE_LIMIT_MESSAGE, { "Retry-After": String(admission.retryAfter) });
  }
  try {
    const fault = state.faults.take(req.method, request.apiPath);
    if (fault?.delayMs) await sleep(fault.delayMs, undefined, { signal: state.closing });
    if (fault && !fault.executesFirst) return fault.respond(null);
    const real = execute(state, request, me);
    return fault ? fault.respond(real) : real;
  } catch (error) {
    if (error.name === "AbortError") return { drop: true }; // the sandbox is closing
    throw error;
  } finally {
    admission.release();
  }
}

function execute(state, { req, url, apiPath, rawBody, entry, origin }, me) {
  const match = matchRoute(req.method, apiPath);
  if (!match) return failure(404, "No matching route for request");
  entry.route = match.route.key;
  try {
    const body = req.method === "POST" || req.method === "PUT" ? parseBody(req, rawBody) : undefined;
    const options = body?.options ?? {};
    const apiUrl = `${origin}${API_ROOT}`;
    const ctx = new RequestContext({
      store: state.store, paginator: state.paginator, me, params: match.params, url, apiPath, apiUrl, body,
      view: parseOptFields(url.searchParams.get("opt_fields") ?? options.fields),
      downloadUrl: (attachment) => state.files.downloadUrl(origin, attachment),
    });
    const result = match.route.handler(ctx);
    const pretty = ["", "true"].includes(url.searchParams.get("opt_pretty")) || options.pretty === true;
    return json(result.status, result.body, result.headers, pretty);
  } catch (error) {
    if (error instanceof ApiError) return failure(error.status, error.message);
    console.error(`sandbox: ${req.method} ${apiPath} failed:`, error);
    return json(500, errorBody("Server Error", "sandbox handler crashed"));
  }
}

function parseBody(req, raw) {
  if (raw === "") return undefined;
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    throw badRequest("Request bodies must be JSON sent with Content-Type: application/json");
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest("Could not parse the request body as JSON");
  }
}
