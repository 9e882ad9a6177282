// The /api/1.0 pipeline: authenticate, apply rate limits, apply a queued fault, match the request
// to its catalogue operation, check it against the row (check.js: a violation answers 400 and is
// logged), run the operation's handler, record the events of a successful write (and push them to
// webhooks), and turn the result (or ApiError) into a response object {status, headers, body} | {drop}.

import { matchOperation } from "./catalogue.js";
import { checkRequest } from "./check.js";
import { eventsOf, scopesOf } from "./events.js";
import { RATE_LIMIT_MESSAGE } from "./faults.js";
import { parseOptFields } from "./records.js";
import { RequestContext } from "./routes/context.js";
import { handlerFor } from "./routes/index.js";
import { sleep } from "./util.js";
import { ApiError, errorBody, isEmail } from "./validate.js";

export const API_ROOT = "/api/1.0";
const JSON_TYPE = "application/json; charset=UTF-8";

const json = (status, payload, headers = {}, pretty = false) =>
  ({ status, headers: { "Content-Type": JSON_TYPE, ...headers }, body: JSON.stringify(payload, null, pretty ? 2 : undefined) });
const failure = (status, message, headers) => json(status, errorBody(message), headers);
/** Writes that make no event themselves (a batch's actions make their own). */
const QUIET = new Set(["webhooks", "batch"]);

/** The user a bearer token stands for (PATs, then minted OAuth tokens), or undefined. */
export function userOf(state, authorization) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  return token && (state.store.tokens.get(token) ?? state.oauth?.userFor(token));
}

/**
 * Answers one API request. `state` holds the sandbox's live parts (store, paginator, limiter,
 * faults, files, events, webhooks, violations, closing signal); `request` = {req, url, apiPath,
 * rawBody, rawBytes?, entry, origin}.
 */
export async function answerApi(state, request) {
  const { req } = request;
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const me = userOf(state, req.headers.authorization);
  if (!me) return failure(401, "Not Authorized");

  const admission = state.limiter.admit(token, req.method !== "GET");
  if (admission.retryAfter !== undefined) {
    return failure(429, RATE_LIMIT_MESSAGE, { "Retry-After": String(admission.retryAfter) });
  }
  try {
    const fault = state.faults.take(req.method, request.apiPath);
    if (fault?.delayMs) await sleep(fault.delayMs, state.closing);
    if (fault && !fault.executesFirst) return fault.respond(null);
    const real = await execute(state, request, me);
    return fault ? fault.respond(real) : real;
  } catch (error) {
    if (error.name === "AbortError") return { drop: true }; // the sandbox is closing
    throw error;
  } finally {
    admission.release();
  }
}

/** The object named by the operation's last path param, before the handler runs: {type, entity, scopes}. */
function pathObject(store, me, row, params) {
  const names = row.params.filter((p) => p.in === "path" && p.name.endsWith("_gid")).map((p) => p.name);
  const value = params[names.at(-1)];
  if (value === undefined) return null;
  const found = value === "me" ? { type: "user", entity: store.get("user", me) } : isEmail(value) ? { type: "user", entity: store.userByEmail(value) } : store.find(value);
  return found?.entity ? { type: found.type, entity: found.entity, scopes: scopesOf(store, found.type, found.entity) } : null;
}

/** Runs one request past authentication: matching, checks, handler, events. Also used by batch. */
export async function execute(state, { req, url, apiPath, rawBody = "", rawBytes, entry, origin }, me) {
  const match = matchOperation(req.method, apiPath);
  if (!match) {
    state.violations.add({ method: req.method, path: apiPath, query: url.search.slice(1), operationId: null,
      problem: `No operation of Asana's API is ${req.method} ${apiPath}` });
    return failure(404, "No matching route for request");
  }
  const { row, params } = match;
  entry.route = `${row.method} ${row.path}`;
  const checked = await checkRequest(row, { method: req.method, params, searchParams: url.searchParams, headers: req.headers, rawBody, rawBytes });
  if (checked.problems.length) {
    state.violations.add({ method: req.method, path: apiPath, query: url.search.slice(1), operationId: row.operationId,
      entity: row.entity, action: row.action, problem: checked.problems[0].message, problems: checked.problems.map((p) => p.message) });
  }
  const refusal = checked.problems.find((p) => p.refuse);
  if (refusal) return failure(400, refusal.message);
  try {
    const { body } = checked;
    const options = body?.options ?? {};
    const ctx = new RequestContext({
      state, row, me, params, url, apiPath, apiUrl: `${origin}${API_ROOT}`, origin, body, form: checked.form,
      authorization: req.headers.authorization,
      view: parseOptFields(url.searchParams.get("opt_fields") ?? options.fields),
      downloadUrl: (attachment) => state.files.downloadUrl(origin, attachment),
    });
    const before = req.method === "GET" ? null : pathObject(state.store, me, row, params);
    const result = await handlerFor(row)(ctx);
    if (req.method !== "GET" && result.status < 300 && !QUIET.has(row.entity)) {
      const events = eventsOf({ store: state.store, me, row, params, body, data: result.body?.data, before });
      for (const { event, scopes } of events) state.events.record(event, scopes);
      if (events.length) state.webhooks.dispatch(state.store, events);
    }
    const pretty = ["", "true"].includes(url.searchParams.get("opt_pretty")) || options.pretty === true;
    return json(result.status, result.body, result.headers, pretty);
  } catch (error) {
    if (error instanceof ApiError) return json(error.status, { ...errorBody(error.message), ...error.extra });
    console.error(`sandbox: ${req.method} ${apiPath} failed:`, error);
    return json(500, errorBody("Server Error", "sandbox handler crashed"));
  }
}
