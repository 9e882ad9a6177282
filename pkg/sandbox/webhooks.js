// Webhook deliveries, as Asana makes them: POST /webhooks first sends the target a handshake
// (an empty POST with X-Hook-Secret: <secret>) that must be answered 200 or 204 echoing the
// secret; afterwards the events concerning the watched resource are POSTed as {"events": [...]}
// with X-Hook-Signature: <lowercase hex HMAC-SHA256 of the raw body, keyed with the secret>.
//
// Targets on the host hooks.sandbox.test are answered in-process, so a runtime that cannot
// listen for HTTP (a browser, workerd) can still create webhooks: /fail answers 500, /no-echo
// answers 200 without echoing the secret, any other path echoes it and answers 200.
// Deliveries are not retried; each attempt is listed with the target's answer.

import { hex, hmacSha256, randomHex } from "./util.js";

export const HOOK_HOST = "hooks.sandbox.test";
const TIMEOUT_MS = 5_000;
const MAX_DELIVERIES = 1_000;

export const signatureOf = (secret, body) => hex(hmacSha256(secret, body));

export class Webhooks {
  /** `closing` aborts deliveries under way; `send` is the fetch that reaches other targets (default: the global fetch). */
  constructor(closing, send) {
    this.closing = closing;
    this.send = send;
    this.reset();
  }

  reset() {
    this.deliveries = [];
    this.pending = new Set();
    this.nextId = 1;
  }

  newSecret() {
    return randomHex(16);
  }

  /** Runs the handshake for a new webhook: resolves to {ok, status, error?}. */
  async handshake(webhook, secret) {
    const answer = await this.#post(webhook.target, "", { "X-Hook-Secret": secret });
    const echoed = answer.headers?.get("x-hook-secret");
    const ok = (answer.status === 200 || answer.status === 204) && echoed === secret;
    this.#log({ webhook: webhook.gid, target: webhook.target, kind: "handshake", events: 0, status: answer.status, ok,
      error: answer.error ?? (ok ? null : echoed === secret ? `answered ${answer.status}` : "the X-Hook-Secret header was not echoed") });
    return { ok, status: answer.status, error: answer.error };
  }

  /** Pushes the events of one write to every active webhook whose resource they concern. */
  dispatch(store, events) {
    for (const webhook of store.all("webhook")) {
      if (!webhook.active) continue;
      const matching = events.filter(({ event, scopes }) => scopes.has(webhook.resource.gid) && passes(webhook.filters, event)).map(({ event }) => event);
      if (matching.length) this.#track(this.deliver(webhook, matching, "events"));
    }
  }

  /** One signed delivery ({"events": []} for a heartbeat); resolves to its log entry. */
  async deliver(webhook, events, kind = "heartbeat") {
    const body = JSON.stringify({ events });
    const signature = signatureOf(webhook._secret, body);
    const answer = await this.#post(webhook.target, body, { "Content-Type": "application/json", "X-Hook-Signature": signature });
    const ok = answer.status >= 200 && answer.status < 300;
    const now = new Date().toISOString();
    if (ok) Object.assign(webhook, { last_success_at: now, delivery_retry_count: 0 });
    else Object.assign(webhook, { last_failure_at: now, last_failure_content: answer.error ?? `HTTP ${answer.status}` });
    return this.#log({ webhook: webhook.gid, target: webhook.target, kind, events: events.length, status: answer.status, ok,
      error: answer.error ?? null, signature, body });
  }

  /** Waits until every delivery under way has its answer. */
  async settle() {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  list() {
    return this.deliveries;
  }

  #track(promise) {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise));
  }

  #log(entry) {
    const logged = { id: this.nextId++, at: new Date().toISOString(), ...entry };
    this.deliveries.push(logged);
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.shift();
    return logged;
  }

  /** POSTs to a target: {status, headers} or {status: null, error} when it could not be reached. */
  async #post(target, body, headers) {
    const url = new URL(target);
    if (url.hostname === HOOK_HOST) {
      if (url.pathname === "/fail") return { status: 500, headers: new Headers() };
      const secret = headers["X-Hook-Secret"];
      return { status: 200, headers: new Headers(secret && url.pathname !== "/no-echo" ? { "X-Hook-Secret": secret } : {}) };
    }
    try {
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      const signal = AbortSignal.any ? AbortSignal.any([timeout, this.closing]) : timeout; // AbortSignal.any: Node >= 20.3
      const send = this.send ?? globalThis.fetch;
      const response = await send(url, { method: "POST", headers, body, redirect: "manual", signal });
      await response.arrayBuffer().catch(() => {});
      return { status: response.status, headers: response.headers };
    } catch (error) {
      return { status: null, headers: new Headers(), error: `could not reach the target: ${error.cause?.code ?? error.name}` };
    }
  }
}

/** Asana's webhook filters: an event passes when there are none, or one matches it. */
function passes(filters, event) {
  if (!filters?.length) return true;
  return filters.some((filter) => (!filter.resource_type || filter.resource_type === event.resource.resource_type)
    && (!filter.resource_subtype || filter.resource_subtype === event.resource.resource_subtype)
    && (!filter.action || filter.action === event.action)
    && (!filter.fields?.length || (event.change && filter.fields.includes(event.change.field))));
}
