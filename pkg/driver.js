// The driver: performs the steps the wasm core decides (send, wait, call a hook) and reports
// what happened, until the core says done or fail. It decides nothing. Every await is raced
// against the call's own abort signal, so an abort settles at once wherever the call waits;
// what the call holds in the core is released in a `finally`. Every value from JS land (a
// custom fetch's answer, a hook's result) is read defensively before it crosses.

import { AsanaError, describe, fromCore } from "./error.js";

const ABORTED = Symbol("aborted");
const TIMED_OUT = Symbol("timed out");

/**
 * The runtime's fetch is Node's undici. Deno, Bun and workerd (with nodejs_compat) all offer a
 * `process` too, so they are told apart first.
 */
const NODE_FETCH =
  typeof process === "object" &&
  typeof process.versions?.node === "string" &&
  typeof globalThis.Deno === "undefined" &&
  typeof globalThis.Bun === "undefined" &&
  globalThis.navigator?.userAgent !== "Cloudflare-Workers";

/**
 * The "signal" of a call whose caller gave none: it never fires. A plain object, not an
 * AbortSignal: workerd ties every AbortSignal to the request that made it, and this one is shared.
 */
export const NEVER = Object.freeze({ aborted: false, addEventListener() {}, removeEventListener() {} });

/**
 * Runs one call. `begin()` starts it in the core and returns the first step (JSON text).
 * env: { core, fetch?, hooks: { onTokenRefresh?, getToken? }, warn(json), signal: AbortSignal
 * (the connector's own signal, already tied to the caller's), files? (an upload's bytes, by the
 * index the core names), describe?(entity) (the catalogue's data, for asana_describe) }.
 */
export async function drive(env, begin) {
  const { core } = env;
  let step = JSON.parse(begin());
  const id = step.id;
  let kept; // the last answer: its parsed body or its stream, kept on this side
  try {
    for (;;) {
      if (step.warnings) for (const warning of step.warnings) env.warn(warning);
      let event;
      let answer; // an HTTP answer crosses as plain arguments (resumeAnswer), the rest as JSON
      switch (step.op) {
        case "send": {
          const sent = await send(env, step);
          kept = sent.kept;
          event = sent.event;
          answer = event.answer;
          break;
        }
        case "wait":
          event = (await pause(env.signal, step.ms)) ? { timer: true } : { aborted: true };
          break;
        case "hook":
          event = await callHook(env, step);
          break;
        case "done":
          return result(step);
        case "fail":
          throw fromCore(step.error);
        // done and fail have freed what the call held in the core; the finally has nothing to do.
        default:
          throw new AsanaError({ code: "bad_response", message: `The connector's core asked for an unknown step "${step.op}".` });
      }
      const next = answer
        ? core.resumeAnswer(id, answer.status, answer.contentType, answer.retryAfter, answer.contentLength, answer.body, answer.text, answer.kinds ?? 0, answer.extra, Date.now(), Math.random())
        : core.resume(id, JSON.stringify(event), Date.now(), Math.random());
      step = JSON.parse(next);
    }
  } finally {
    if (id && step.op !== "done" && step.op !== "fail") core.release(id);
    // A stream the call did not hand out is cancelled, so its connection is freed.
    if (kept?.stream) kept.stream.cancel().catch(() => {});
  }

  function result(done) {
    const { parsed: body, stream = null } = kept ?? {};
    kept = undefined; // handed out: the finally must not cancel it
    if (done.stream) return { ...done.stream, body: stream };
    if ("value" in done) return done.value;
    // asana_describe: no request; the catalogue's data (describe.js) answers.
    if ("describe" in done) return env.describe(done.describe);
    switch (done.pick) {
      case "data":
        return body.data;
      case "list":
        return { data: body.data, meta: { next_page: body.next_page ?? null } };
      case "modelList": {
        const offset = body.next_page?.offset;
        return { data: body.data, meta: { next_page: typeof offset === "string" ? { offset } : null } };
      }
      case "empty":
        return {};
      case "result":
        return body.result ?? {};
      case "resultList":
        return { data: body.result, meta: JSON.parse(done.meta) };
      case "events":
        return { data: body.data, meta: { sync: body.sync ?? null, has_more: body.has_more === true } };
      case "webhook": {
        const secret = body["X-Hook-Secret"];
        return typeof secret === "string" ? { ...body.data, meta: { x_hook_secret: secret } } : body.data;
      }
      default:
        throw new AsanaError({ code: "bad_response", message: `The connector's core asked for an unknown result "${done.pick}".` });
    }
  }
}

/**
 * An upload's multipart body. A stream is read into a Blob once (before the first attempt), so a
 * retry sends the same bytes.
 */
async function form(env, plan) {
  const body = new FormData();
  for (const [name, value] of plan.fields) body.append(name, value);
  if (plan.file !== null && plan.file !== undefined) {
    let file = env.files[plan.file];
    if (!(file instanceof Blob)) file = env.files[plan.file] = await new Response(file).blob();
    const type = plan.fileType ?? file.type;
    const part = type === file.type ? file : new Blob([file], { type });
    body.append("file", part, plan.fileName ?? (typeof File !== "undefined" && file instanceof File ? file.name : "upload"));
  }
  return body;
}

/** Sends one request; resolves to the event for the core and what to keep of the answer. */
async function send(env, step) {
  // Node's own fetch (undici) spends about a fifth more CPU on a large body when it follows a
  // signal, and it pools connections without limit: there, an attempt with no caller signal gets
  // none, and one that times out is let go (its answer, if it ever comes, is cancelled unread).
  // Everywhere else (browsers limit connections per host) every attempt can be aborted.
  const cancellable = env.signal !== NEVER || env.fetch !== undefined || !NODE_FETCH;
  const attempt = cancellable ? new AbortController() : undefined;
  let stopped = false;
  let settle;
  const ended = new Promise((resolve) => {
    settle = resolve;
  });
  const stop = () => {
    stopped = true;
    attempt?.abort();
    settle(ABORTED);
  };
  if (env.signal !== NEVER) env.signal.addEventListener("abort", stop, { once: true });
  const timer = setTimeout(stop, step.timeoutMs);
  // Every await of the attempt ends when its time is up or the caller aborts, whatever fetch does.
  const race = (promise) => Promise.race([promise, ended]);
  const cut = () => ({ event: env.signal.aborted ? { aborted: true } : { timeout: true } });
  try {
    if (env.signal.aborted) return cut();
    const init = { method: step.method, headers: step.headers, redirect: step.redirect };
    if (attempt) init.signal = attempt.signal;
    if (step.body !== null) init.body = step.body;
    if (step.form) {
      try {
        init.body = await race(form(env, step.form));
      } catch (error) {
        return { event: { network: `the upload's file could not be read (${describe(error)})` } };
      }
      if (stopped) return cut();
    }
    // A caller's fetch answers in a box (its answer may be anything, even a hostile Proxy).
    const boxed = env.fetch !== undefined;
    const pending = boxed ? callFetch(env.fetch, step.url, init) : fetch(step.url, init);
    let response;
    try {
      response = await race(pending);
    } catch (error) {
      return stopped ? cut() : { event: { network: describe(error) } };
    }
    if (response === ABORTED) {
      pending.then((late) => cancelBody(boxed ? late?.value : late), () => {});
      return cut();
    }
    if (boxed) response = response.value;
    const seen = inspect(response);
    if (typeof seen === "string") return { event: { unreadable: seen } };
    const { answer, body, encoding, filtered } = seen;
    const success = answer.status >= 200 && answer.status < 300;
    if (success && step.read === "stream") {
      answer.body = BODY.stream;
      return { event: { answer }, kept: { stream: body } };
    }
    const limit = success ? step.maxBytes : step.errorBytes;
    // Runtimes enforce Content-Length, so a plain body of allowed length is read in one go;
    // anything else (compressed, unannounced, or headers hidden by CORS) is counted as it comes.
    const whole = !filtered && encoding === null && Number(answer.contentLength ?? NaN) <= limit;
    const read = await race(readText(response, body, whole, limit, !success));
    if (read === ABORTED) {
      cancelBody(response);
      return cut();
    }
    if (read.tooLarge) {
      answer.body = BODY.tooLarge;
      return { event: { answer } };
    }
    if (read.failed !== undefined) return stopped ? cut() : { event: { network: read.failed } };
    if (!success || step.read === "text" || read.text.trim() === "") {
      answer.body = BODY.text;
      answer.text = read.text;
      return { event: { answer } };
    }
    let parsed;
    try {
      parsed = JSON.parse(read.text);
    } catch {
      answer.body = BODY.unparseable;
      return { event: { answer } };
    }
    answer.body = BODY.parsed;
    facts(parsed, answer);
    return { event: { answer }, kept: { parsed } };
  } finally {
    clearTimeout(timer);
    if (env.signal !== NEVER) env.signal.removeEventListener("abort", stop);
  }
}

/** Cancels an answer's body that nobody will read (frees its connection); never throws. */
function cancelBody(response) {
  try {
    const cancelled = response?.body?.cancel?.();
    if (typeof cancelled?.catch === "function") cancelled.catch(() => {});
  } catch {
    // A hostile answer: there is nothing of ours to free.
  }
}

/**
 * Calls a caller's fetch; resolves to `{ value }`, its answer. A promise it returns is awaited;
 * anything else is the answer itself, never resolved as a thenable (that would read a hostile
 * value's `then`).
 */
function callFetch(fetchImpl, url, init) {
  let out;
  try {
    out = fetchImpl(url, init);
  } catch (error) {
    return Promise.reject(error);
  }
  let isPromise = false;
  try {
    isPromise = out instanceof Promise || (out !== null && typeof out === "object" && typeof out.then === "function");
  } catch {
    // A Proxy whose traps throw: an answer to inspect, not a promise.
  }
  return isPromise ? Promise.resolve(out).then((value) => ({ value })) : Promise.resolve({ value: out });
}

/** The answer's status and headers, read defensively; a string says why it is no answer. */
function inspect(response) {
  try {
    if (response === null || typeof response !== "object") return `${response === null ? "null" : typeof response} instead of a Response`;
    const { status, headers } = response;
    if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 599) return "its status is not an HTTP status code";
    if (headers === null || typeof headers !== "object" || typeof headers.get !== "function") return "it has no headers";
    const header = (name) => {
      const value = headers.get(name);
      if (value === null || value === undefined) return null;
      if (typeof value !== "string") throw new TypeError(`its ${name} header is not a string`);
      return value.slice(0, 1000);
    };
    // Retry-After matters only to an answer that is not a success.
    const retryAfter = status >= 200 && status < 300 ? undefined : header("retry-after");
    const answer = { status, contentType: header("content-type"), retryAfter, contentLength: header("content-length") };
    const encoding = header("content-encoding");
    const filtered = response.type === "cors" || response.type === "opaque";
    return { answer, encoding: encoding === "identity" ? null : encoding, filtered, body: response.body ?? null };
  } catch (error) {
    return describe(error);
  }
}

/**
 * The body as text, cancelled once it passes `limit` bytes (after decompression): `cut` keeps
 * the first `limit` bytes instead of failing (error bodies).
 */
async function readText(response, body, whole, limit, cut) {
  try {
    if (whole && typeof response.text === "function") {
      const text = await response.text();
      return typeof text === "string" ? { text } : { failed: "its body is not text" };
    }
    if (body === null || typeof body.getReader !== "function") {
      if (typeof response.text !== "function") return { text: "" };
      const text = await response.text();
      if (typeof text !== "string") return { failed: "its body is not text" };
      return text.length > limit && !cut ? { tooLarge: true } : { text: text.slice(0, limit) };
    }
    return await readStream(body, limit, cut);
  } catch (error) {
    return { failed: describe(error) };
  }
}

/** A body stream as text (`readBytes`, decoded as UTF-8). */
export async function readStream(stream, limit, cut) {
  const read = await readBytes(stream, limit, cut);
  return read.bytes ? { text: decoder.decode(read.bytes) } : read;
}

/**
 * A body stream's bytes, read no further than `limit` bytes: past it, the stream is cancelled and
 * `{ tooLarge: true }` comes back, or with `cut` the first `limit` bytes. A read that fails rejects.
 */
export async function readBytes(stream, limit, cut) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      reader.cancel().catch(() => {});
      return { failed: "its body stream gave something other than bytes" };
    }
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      if (!cut) return { tooLarge: true };
      chunks.push(value.subarray(0, value.byteLength - (size - limit)));
      break;
    }
    chunks.push(value);
  }
  return { bytes: concat(chunks) };
}

const decoder = new TextDecoder();

function concat(chunks) {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** How an answer's body crosses to the core (`resumeAnswer`'s `body`). */
const BODY = { text: 0, parsed: 1, unparseable: 2, tooLarge: 3, stream: 4 };
const KIND = { missing: 0, null: 1, object: 2, array: 3, other: 4 };

/**
 * What the core needs to know of a parsed body (the body itself stays here), set on `answer`:
 * the kinds of `data`, `next_page` and `result` packed in `kinds`, and Airbyte's small fields.
 */
function facts(body, answer) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return;
  answer.kinds = kind(body.data) | (kind(body.next_page) << 3) | (kind(body.result) << 6) | (1 << 9);
  const status = typeof body.status === "string" ? body.status.slice(0, 200) : undefined;
  const message = body.message ?? body.error;
  const metadata = body.connector_metadata;
  if (status === undefined && typeof message !== "string" && kind(metadata) !== KIND.object) return;
  answer.extra = JSON.stringify({ status, message: typeof message === "string" ? message.slice(0, 1000) : undefined, metadata: kind(metadata) === KIND.object ? JSON.stringify(metadata) : undefined });
}

function kind(value) {
  if (value === undefined) return KIND.missing;
  if (value === null) return KIND.null;
  if (Array.isArray(value)) return KIND.array;
  return typeof value === "object" ? KIND.object : KIND.other;
}

/** Calls one of the caller's hooks, within the step's time and the call's signal. */
async function callHook(env, step) {
  const hook = env.hooks[step.hook];
  if (typeof hook !== "function") return { hook: { error: `${step.hook} is not a function` } };
  let settled;
  try {
    settled = await within(env.signal, Promise.resolve().then(() => hook(step.argument ?? undefined)), step.timeoutMs);
  } catch (error) {
    return env.signal.aborted ? { aborted: true } : { hook: { error: describe(error) } };
  }
  if (settled === ABORTED) return { aborted: true };
  if (settled === TIMED_OUT) return { timeout: true };
  return { hook: { ok: typeof settled === "string" ? settled : null } };
}

/**
 * `promise`, or ABORTED when `signal` fires first, or TIMED_OUT after `ms`. The
 * promise's own rejection passes through.
 */
function within(signal, promise, ms) {
  if (signal.aborted) return Promise.resolve(ABORTED);
  let onAbort;
  let timer;
  const stopped = new Promise((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, stopped]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  });
}

/** Waits `ms`; false when `signal` fired first (the timer is cleared either way). */
function pause(signal, ms) {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
