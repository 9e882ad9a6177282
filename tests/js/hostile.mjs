// Hostile callers, hostile servers, hostile JS values: every attack of issue 10, each its own
// scenario. Runtime-agnostic like scenarios.mjs (no node: imports; only fetch, streams, Response,
// AbortController and the package). Node (every scenario, each in its own process: see
// isolated.mjs) and workerd run them all; Deno and Chromium run the `core` ones (they need only
// the `fetch` option or the sandbox over HTTP), each in its own Worker (hostile-worker.mjs).
//
//   hostileScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED, tokenUrl })
//     -> [{ name, run, core, budgetMs }]
//
// Every scenario is bounded: `run` fails (never hangs) when the attack keeps it waiting past
// `budgetMs`, and every wait inside it has its own bound. A wait that blocks the event loop (a
// synchronous trap or a long computation inside the engine) cannot be cut from inside: the
// runners kill the process, terminate the Worker or restart workerd after `budgetMs`.

import * as assert from "./assert.mjs";
import { sandboxControl } from "./control.mjs";

const { AssertionError, ok, equal, deepEqual } = assert;

/**
 * What the running scenario is doing right now, for runners to print when the process or Worker
 * dies under it (a trap inside an engine callback is not anyone's rejection).
 */
export const progress = { current: undefined };

const fail = (message) => {
  throw new AssertionError(message);
};

// ---- time and outcomes ----------------------------------------------------------------------------

/** A timer promise that an AbortSignal cancels (its timer cleared): rejects with the signal's reason. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs fn() (a sync throw counts as a rejection): {ok: true, value} | {ok: false, error}. */
export function attempt(fn) {
  return new Promise((resolve) => resolve(fn())).then(
    (value) => ({ ok: true, value }),
    (error) => ({ ok: false, error }),
  );
}

/** Like attempt() for a promise already made. */
const settle = (promise) => Promise.resolve(promise).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));

/**
 * Awaits `promise` for at most `ms`, and fails when it took longer, also when a blocked event loop
 * let it win the race late. Resolves to what the promise resolved to; the timer is always cleared.
 */
async function within(ms, what, promise) {
  const started = Date.now();
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new AssertionError(`${what}: not settled after ${ms} ms`)), ms);
  });
  try {
    const value = await Promise.race([promise, late]);
    const took = Date.now() - started;
    if (took > ms) fail(`${what}: took ${took} ms (bound ${ms} ms)`);
    return value;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it answers truthy, for at most `ms`. */
async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) fail(`${what}: not seen within ${ms} ms`);
    await sleep(25);
  }
}

/** A value described without trusting it (getters may throw, Proxies trap, Symbols refuse +""). */
export function describe(value) {
  try {
    if (value === null || value === undefined) return String(value);
    if (typeof value === "symbol") return value.toString();
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value !== "object" && typeof value !== "function") return `${typeof value} ${JSON.stringify(value)?.slice(0, 120)}`;
    const name = (() => {
      try {
        return value.name ?? value.constructor?.name ?? "object";
      } catch {
        return "object";
      }
    })();
    let message;
    try {
      message = value.message;
    } catch {
      message = "<message getter threw>";
    }
    let code;
    try {
      code = value.code;
    } catch {
      code = "<code getter threw>";
    }
    return `${String(name)}${code !== undefined ? ` (code ${String(code)})` : ""}${message !== undefined ? `: ${String(message).slice(0, 300)}` : ""}`;
  } catch {
    return "<a value that cannot be described>";
  }
}

// ---- answers and streams ----------------------------------------------------------------------------

const encoder = new TextEncoder();
const jsonResponse = (body, { status = 200, headers = {} } = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
const asanaError = (message) => ({ errors: [{ message, help: "For more information on API status codes and how to handle them, read the docs on errors." }] });

/** The URL a fetch was given (a string, a URL or a Request), never throwing. */
function urlOf(input) {
  try {
    return typeof input === "string" ? input : String(input?.url ?? input);
  } catch {
    return "";
  }
}

/** The headers a fetch was given, as [name, value] pairs exactly as passed (no Headers validation). */
function headerPairs(input, init) {
  const out = [];
  const add = (headers) => {
    if (!headers) return;
    if (typeof headers.forEach === "function" && typeof headers.get === "function") headers.forEach((v, k) => out.push([String(k), String(v)]));
    else if (Array.isArray(headers)) for (const [k, v] of headers) out.push([String(k), String(v)]);
    else for (const [k, v] of Object.entries(headers)) out.push([k, String(v)]);
  };
  if (typeof Request !== "undefined" && input instanceof Request) add(input.headers);
  add(init?.headers);
  return out;
}

/**
 * A body stream that produces `prefix`, then `chunkBytes`-sized chunks lazily (only when pulled),
 * up to `limitBytes`, then `suffix`. `stats.pulled` counts bytes handed out; `stats.cancelled`
 * tells whether the reader gave up.
 */
function lazyBody({ prefix = "", chunkBytes = 64 * 1024, limitBytes, suffix = "", fill = 0x61 }) {
  const stats = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(chunkBytes).fill(fill);
  let started = false;
  const stream = new ReadableStream({
    pull(controller) {
      if (!started) {
        started = true;
        const head = encoder.encode(prefix);
        stats.pulled += head.length;
        controller.enqueue(head);
        return;
      }
      if (stats.pulled >= limitBytes) {
        controller.enqueue(encoder.encode(suffix));
        controller.close();
        return;
      }
      stats.pulled += chunk.length;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

// ---- secrets ------------------------------------------------------------------------------------------

/** A secret that every encoding changes: "/", "+", "=", "&", a quote and a backslash. */
const canary = (tag) => `CANARY${tag}/+=&"\\z${tag.length}`;

const base64 = (text) => {
  try {
    return btoa(text);
  } catch {
    return null;
  }
};

/** The forms a secret may be echoed in: raw, URL-encoded (both flavours), JSON-escaped, base64. */
function secretForms(secret) {
  const forms = {
    raw: secret,
    "url-encoded": encodeURIComponent(secret),
    "form-encoded": new URLSearchParams({ s: secret }).toString().slice(2),
    "json-escaped": JSON.stringify(secret).slice(1, -1),
    base64: base64(secret),
  };
  return Object.entries(forms).filter(([, form]) => typeof form === "string" && form.length >= 6);
}

/** All of a secret's forms in one text, as a server that echoes things would write them. */
const allForms = (secret) => secretForms(secret).map(([, form]) => form).join(" | ");

/** Collects every text an output carries: message, String(), JSON, stack, details, causes. */
function collector() {
  const texts = [];
  const push = (where, text) => {
    if (typeof text === "string" && text.length) texts.push({ where, text });
  };
  const safe = (fn) => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
  const record = (where, value, depth = 0) => {
    if (value === undefined || value === null || depth > 4) return;
    if (typeof value === "string") return push(where, value);
    if (typeof value !== "object" && typeof value !== "function") return push(where, String(value));
    push(`${where} (JSON)`, safe(() => JSON.stringify(value)));
    if (value instanceof Error || safe(() => typeof value.message === "string")) {
      push(`${where}.message`, safe(() => value.message));
      push(`String(${where})`, safe(() => String(value)));
      push(`${where}.stack`, safe(() => value.stack));
      push(`${where}.details`, safe(() => JSON.stringify(value.details)));
      const cause = safe(() => value.cause);
      if (cause !== undefined) record(`${where}.cause`, cause, depth + 1);
    }
  };
  return { texts, record };
}

/** Every place a secret (in any form) shows up in the collected texts. */
function leaksIn(texts, secrets) {
  const found = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const [form, text] of secretForms(secret)) {
      for (const entry of texts) if (entry.text.includes(text)) found.push(`${name} (${form}) in ${entry.where}: …${snippet(entry.text, text)}…`);
    }
  }
  return found;
}

const snippet = (text, part) => {
  const at = text.indexOf(part);
  return text.slice(Math.max(0, at - 40), at + part.length + 20).replaceAll("\n", "\\n");
};

/** Replaces console.* while fn runs, recording every argument. */
async function capturingConsole(record, fn) {
  const levels = ["log", "info", "warn", "error", "debug", "trace"];
  const originals = Object.fromEntries(levels.map((level) => [level, console[level]]));
  for (const level of levels) console[level] = (...args) => args.forEach((arg, i) => record(`console.${level} argument ${i}`, arg));
  try {
    return await fn();
  } finally {
    Object.assign(console, originals);
  }
}

// ---- the generated hostile values --------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["a", "z", "_", "-", "/", ".", "%", "\0", "\r", "\n", "\t", "\u0001", "\u007f", "\u0085", "\u2028", "\u2029", "\uD800", "\uDBFF", "\uDC00",
  "\uDFFF", "😀", "é", "\uFEFF", "\u202E", '"', "\\", "'", "<", ">", "&", "=", "?", "#", ":", " ", "ꙮ", "0", "9", "${", "%00", "%2e"];

/**
 * Hostile values from a seeded PRNG: [label, value]. Labels name the kind, so a failure can be
 * reproduced by seed and index. Values that never settle carry "never" in their label.
 */
export function hostileValues(seed, AsanaError) {
  const rand = mulberry32(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (list) => list[int(list.length)];
  const randomString = (length) => {
    let out = "";
    for (let i = 0; i < length; i++) out += pick(ALPHABET);
    return out;
  };
  const HUGE_ASCII = "a".repeat(1 << 20);
  const HUGE_MIXED = randomString(64 * 1024).repeat(4);
  const MANY_KEYS = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
  const thrown = () =>
    pick([
      () => new Error("hostile error"),
      () => new TypeError("hostile type error"),
      () => Symbol("thrown symbol"),
      () => null,
      () => undefined,
      () => 5,
      () => new Proxy({}, throwingTraps),
      () => ({ get message() {
        throw new Error("hostile message getter");
      } }),
    ])();
  const boom = () => {
    throw thrown();
  };
  const throwingTraps = {
    get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, setPrototypeOf: boom, set: boom,
    defineProperty: boom, deleteProperty: boom, isExtensible: boom, preventExtensions: boom, apply: boom, construct: boom,
  };
  const GETTER_KEYS = ["auth", "token", "refreshToken", "entity", "action", "params", "data", "signal", "timeoutMs", "fetch", "status", "headers", "body",
    "then", "message", "code", "toString", "valueOf", "length", "jsonrpc", "method", "name", "arguments", "input", "retry", "maxAttempts", "aborted", "get", "text", "url"];
  const throwingGetters = () => {
    const object = {};
    const keys = new Set([pick(GETTER_KEYS)]);
    for (const key of GETTER_KEYS) if (rand() < 0.5) keys.add(key);
    for (const key of keys) Object.defineProperty(object, key, { enumerable: true, configurable: true, get: boom });
    return object;
  };
  const deep = (depth, asObject) => {
    let node = asObject ? { leaf: 1 } : [1];
    for (let i = 0; i < depth; i++) node = asObject ? { next: node } : [node];
    return node;
  };
  const handBuiltErrors = [
    () => new AsanaError({ code: "weird", message: 5 }),
    () => new AsanaError({}),
    () => new AsanaError({ code: 5, message: "numeric code", retryable: "yes", status: "500", details: [1n] }),
    () => Object.create(AsanaError.prototype),
    () => Object.defineProperty(new AsanaError({ code: "network", message: "m" }), "code", { get: boom }),
    () => Object.defineProperty(new AsanaError({ code: "network", message: "m" }), "message", { get: boom }),
    () => Object.assign(new AsanaError({ code: "server", message: "m" }), { toJSON: boom }),
  ];

  let nested; // a nested hostile value (assigned below, after the tables that use it)
  const composites = [
    ["array", (d) => [nested(d + 1), nested(d + 1)]],
    ["object", (d) => ({ [randomString(1 + int(8))]: nested(d + 1), gid: nested(d + 1) })],
    ["throwing getters", () => throwingGetters()],
    ["toJSON throws", () => ({ toJSON: boom })],
    ["toJSON returns hostile", (d) => ({ toJSON: () => nested(d + 1) })],
    ["coercion throws", () => ({ valueOf: boom, toString: boom, [Symbol.toPrimitive]: boom })],
    ["cyclic object", () => {
      const o = { name: "cyclic" };
      o.self = o;
      return o;
    }],
    ["cyclic array", () => {
      const a = [1];
      a.push(a);
      return a;
    }],
    ["deep array", () => deep(pick([150, 3000, 20000]), false)],
    ["deep object", () => deep(pick([150, 3000, 20000]), true)],
    ["Uint8Array", () => new Uint8Array([0, 255, 10])],
    ["Float64Array", () => new Float64Array([NaN, -0, Infinity])],
    ["BigInt64Array", () => new BigInt64Array(2)],
    ["ArrayBuffer", () => new ArrayBuffer(16)],
    ["DataView", () => new DataView(new ArrayBuffer(4))],
    ["Date", () => new Date(0)],
    ["invalid Date", () => new Date(NaN)],
    ["Map", () => new Map([["entity", "tasks"]])],
    ["Set", () => new Set([1])],
    ["WeakMap", () => new WeakMap()],
    ["RegExp", () => /tasks/g],
    ["Error", () => new Error("an error as a value")],
    ["hand-built AsanaError", () => pick(handBuiltErrors)()],
    ["resolved Promise", () => Promise.resolve(1)],
    ["thenable whose then throws", () => ({ then: boom })],
    ["thenable resolving hostile", (d) => ({ then: (resolve) => resolve(nested(d + 1)) })],
    ["aborted AbortSignal", () => AbortSignal.abort()],
    ["live AbortSignal", () => new AbortController().signal],
    ["String object", () => new String("tasks")],
    ["Boolean object", () => new Boolean(false)],
    ["frozen object", () => Object.freeze({ entity: "tasks" })],
    ["null-prototype object", () => Object.assign(Object.create(null), { entity: "tasks", action: "list" })],
    ["own __proto__ key", () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')],
    ["sparse array", () => new Array(50_000)],
    ["5000 keys", () => MANY_KEYS],
    ["function", () => () => {}],
    ["async function resolving hostile", (d) => async () => nested(d + 1), "top"],
    ["function that throws", () => () => boom()],
    ["async function that throws", () => async () => boom(), "top"],
    ["class", () => class Hostile {}],
    ["generator function", () => function* () {
      yield 1;
    }],
    ["native function", () => Math.max],
    ["Proxy with throwing traps", () => new Proxy({}, throwingTraps)],
    ["array Proxy with throwing traps", () => new Proxy([], throwingTraps)],
    ["function Proxy with throwing traps", () => new Proxy(() => {}, throwingTraps)],
    ["revoked Proxy", () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }],
    ["Proxy answering hostile values", (d) => new Proxy({}, {
      get: (_, key) => (key === "then" ? undefined : nested(d + 1)),
      has: () => true,
      ownKeys: () => ["entity", "action", "params"],
      getOwnPropertyDescriptor: () => ({ value: nested(d + 1), enumerable: true, configurable: true }),
    })],
    ["Proxy pretending to be an AsanaError", () => new Proxy({}, { getPrototypeOf: () => AsanaError.prototype, get: boom })],
    ["Proxy breaking its invariants", () => new Proxy({}, { ownKeys: () => ["a", "a"] })],
  ];
  const leaves = [
    ["undefined", () => undefined], ["null", () => null], ["true", () => true], ["false", () => false],
    ["0", () => 0], ["-0", () => -0], ["NaN", () => NaN], ["Infinity", () => Infinity], ["-Infinity", () => -Infinity],
    ["1e309", () => 1e309], ["2**53+2", () => 2 ** 53 + 2], ["-1", () => -1], ["1.5", () => 1.5], ["2**32", () => 2 ** 32],
    ["Number.MAX_VALUE", () => Number.MAX_VALUE], ["5e-324", () => 5e-324], ["600001", () => 600_001],
    ["0n", () => 0n], ["2n**64n", () => 2n ** 64n], ["-1n", () => -1n],
    ["Symbol()", () => Symbol("hostile")], ["Symbol.iterator", () => Symbol.iterator], ["Symbol.for()", () => Symbol.for("asana")],
    ["empty string", () => ""], ["space", () => " "], ["NUL", () => "\0"], ["tasks NUL", () => "tasks\0"], ["CRLF", () => "\r\n"],
    ["header injection", () => "x\r\nX-Injected: 1"], ["lone high surrogate", () => "\uD800"], ["lone low surrogate", () => "\uDC00x"],
    ["emoji", () => "😀"], ["percent-encoded dots", () => "%2e%2e"], ["dot segments", () => "../../users/me"], ["__proto__", () => "__proto__"],
    ["constructor", () => "constructor"], ["toString", () => "toString"], ["tasks", () => "tasks"], ["list", () => "list"], ["get", () => "get"],
    ["json text", () => '{"entity":"tasks","action":"list"}'], ["broken json", () => '{"entity":'], ["null text", () => "null"],
    ["RTL override", () => "\u202Etasks"], ["BOM", () => "\uFEFFtasks"], ["201 chars", () => "t".repeat(201)],
    ["random string", () => randomString(1 + int(64))], ["long random string", () => randomString(500 + int(4000))],
  ];
  const huge = [["1 MiB string", () => HUGE_ASCII], ["256 KiB hostile string", () => HUGE_MIXED]];
  // Async functions only at the top, where a caller awaits what they return: nested (as a toJSON,
  // valueOf or a Proxy's answer) their rejected promise would be dropped by any code that calls
  // them, JSON.stringify included, and show as an unhandled rejection nobody could prevent.
  const nestable = composites.filter(([, , where]) => where !== "top");
  /** [label, value]: composites (nested up to depth 3) or leaves; never-settling values stay rare (each one costs a deadline). */
  const make = (depth) => {
    if (rand() < 0.0015) return ["never-settling promise", new Promise(() => {})];
    if (rand() < 0.0015) return ["function returning a never-settling promise", () => new Promise(() => {})];
    // Huge strings stay rare too: each costs copies of a megabyte.
    if (rand() < 0.008) return pick(huge).map((part, i) => (i === 1 ? part() : part));
    const [label, maker] = depth < 3 && rand() < 0.45 ? pick(depth === 0 ? composites : nestable) : pick(leaves);
    return [label, maker(depth)];
  };
  nested = (depth) => make(depth)[1];
  return { next: () => make(0), rand, int, pick, randomString };
}

// ---- the scenarios ----------------------------------------------------------------------------------

/**
 * Runs the one hostile scenario `name` in an isolate of its own (a Node child process, a Deno or
 * browser Worker), and fails it when it passed but the engine left stray failures behind
 * (`stray`: what the isolate's unhandled-rejection handler collected).
 */
export async function runHostileScenario(name, args, stray) {
  const found = hostileScenarios(args).find((s) => s.name === name);
  if (!found) throw new Error(`no hostile scenario named ${JSON.stringify(name)}`);
  await found.run();
  // Give stray rejections from the engine a moment to surface.
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (stray.length) throw new Error(`the scenario passed, but the engine left ${stray.length} stray failure(s): ${stray.slice(0, 3).join("; ")}`);
}

export function hostileScenarios({ AsanaConnector, AsanaError, apiUrl, sandboxUrl, SEED, tokenUrl = `${sandboxUrl}/-/oauth_token` }) {
  const { control, requests, stats, fault } = sandboxControl(sandboxUrl);
  const airbyteApiUrl = `${sandboxUrl}/airbyte`;
  const { oauth: O, airbyte: AB } = SEED;
  const taskPath = `/tasks/${SEED.tasks.homepage}`;

  const api = async () => (await requests()).filter((r) => r.path.startsWith("/api/"));
  const connect = (extra = {}) => new AsanaConnector({ auth: { token: SEED.tokens.alice }, baseUrl: apiUrl, ...extra });
  const getTask = (asana, options) => asana.execute("tasks", "get", { task_gid: SEED.tasks.homepage }, options);
  const me = (asana, options) => asana.execute("users", "get", { user_gid: "me" }, options);
  const oauthConnector = (extra = {}) =>
    new AsanaConnector({
      auth: { refreshToken: O.refreshToken, clientId: O.clientId, clientSecret: O.clientSecret },
      baseUrl: apiUrl,
      tokenUrl,
      onWarning: () => {},
      ...extra,
    });
  const hostedConnector = (extra = {}) =>
    new AsanaConnector({ connectorId: AB.connectorId, airbyteClientId: AB.clientId, airbyteClientSecret: AB.clientSecret, organizationId: AB.organizationId, airbyteApiUrl, ...extra });

  const isAsanaError = (error) => {
    try {
      return error instanceof AsanaError;
    } catch {
      return false;
    }
  };
  const codeOf = (error) => {
    try {
      return error.code;
    } catch {
      return undefined;
    }
  };

  /** Fails unless `outcome` (from settle/attempt) is a rejection with an AsanaError whose code is in `codes` (any when omitted). */
  const expectAsanaError = (outcome, codes, what) => {
    if (outcome.ok) fail(`${what}: expected an AsanaError${codes ? ` (${codes.join(" or ")})` : ""}, but it resolved`);
    if (!isAsanaError(outcome.error)) fail(`${what}: rejected with something that is not an AsanaError: ${describe(outcome.error)}`);
    if (codes && !codes.includes(codeOf(outcome.error))) fail(`${what}: expected code ${codes.join(" or ")}, got ${describe(outcome.error)}`);
    return outcome.error;
  };
  /** Resolving is fine; a rejection must be an AsanaError (with a code in `codes` when given). */
  const expectResolvedOrAsanaError = (outcome, codes, what) => {
    if (!outcome.ok) expectAsanaError(outcome, codes, what);
  };

  /** The module and a fresh connector still work: a real sandbox call and the static surface. */
  const stillHealthy = async (what, asana = connect()) => {
    const outcome = await within(5_000, `${what}: the follow-up call`, attempt(() => getTask(asana)));
    if (!outcome.ok) fail(`${what}: the follow-up call failed: ${describe(outcome.error)}`);
    equal(outcome.value?.gid, SEED.tasks.homepage, `${what}: the follow-up call's answer`);
    ok(AsanaConnector.listEntities().length > 20, `${what}: listEntities() still answers`);
    ok(AsanaConnector.toolDescription().length > 100, `${what}: toolDescription() still answers`);
  };

  /** A fetch that forwards to the sandbox, unless a queued answer (a function of (input, init)) takes the next request. */
  const switchable = () => {
    const queue = [];
    return {
      queue,
      fetch: (input, init) => (queue.length ? queue.shift()(input, init) : fetch(input, init)),
    };
  };

  const list = [];
  const scenario = (name, { core = true, budgetMs = 10_000 } = {}, run) =>
    list.push({
      name: `hostile: ${name}`,
      core,
      budgetMs,
      run: async () => {
        progress.current = `hostile: ${name}`;
        await control("POST", "reset");
        await within(budgetMs, `hostile: ${name}`, run());
      },
    });

  // ==== waits: abort and deadlines reach every wait ====================================================

  scenario("abort during a Retry-After: 20 wait settles at once with aborted", {}, async () => {
    await fault({ path: taskPath, status: 429, headers: { "Retry-After": "20" } });
    const controller = new AbortController();
    const call = settle(getTask(connect(), { signal: controller.signal }));
    await until(async () => (await api()).some((r) => r.status === 429), 3_000, "the 429");
    await sleep(150);
    controller.abort();
    const outcome = await within(1_500, "the call waiting out Retry-After: 20, after its abort", call);
    expectAsanaError(outcome, ["aborted"], "the aborted call");
    equal((await api()).length, 1, "requests sent (none after the abort)");
  });

  scenario("abort while queued for a limiter slot settles at once", {}, async () => {
    await fault({ path: taskPath, delayMs: 5_000 });
    const asana = connect({ maxConcurrency: 1 });
    const first = new AbortController();
    const second = new AbortController();
    const running = settle(getTask(asana, { signal: first.signal }));
    try {
      await until(async () => (await api()).length === 1, 3_000, "the first call at the sandbox");
      const queued = settle(getTask(asana, { signal: second.signal }));
      await sleep(200);
      second.abort();
      const outcome = await within(1_500, "the queued call, after its abort", queued);
      expectAsanaError(outcome, ["aborted"], "the queued call");
      equal((await api()).length, 1, "requests sent (the queued call never went out)");
    } finally {
      first.abort();
      await within(3_000, "the first call, after its abort", running).catch(() => {});
    }
  });

  scenario("timeoutMs counts the time spent queued for a limiter slot", {}, async () => {
    await fault({ path: taskPath, delayMs: 5_000 });
    const asana = connect({ maxConcurrency: 1, retry: { maxAttempts: 1 } });
    const first = new AbortController();
    const running = settle(getTask(asana, { signal: first.signal, timeoutMs: 20_000 }));
    try {
      await until(async () => (await api()).length === 1, 3_000, "the first call at the sandbox");
      const queued = settle(getTask(asana, { timeoutMs: 400 }));
      const outcome = await within(1_500, "a queued call with timeoutMs 400", queued);
      expectAsanaError(outcome, ["timeout"], "the queued call");
    } finally {
      first.abort();
      await within(3_000, "the first call, after its abort", running).catch(() => {});
    }
  });

  scenario("abort during a backoff wait settles at once", { budgetMs: 15_000 }, async () => {
    // Every attempt is a 503 without Retry-After; the caller aborts just after the fourth answer,
    // when the jittered backoff before the fifth attempt has begun (seconds long).
    const controller = new AbortController();
    let attempts = 0;
    let abortedAt;
    let timer;
    const asana = connect({
      retry: { maxAttempts: 8 },
      fetch: async () => {
        attempts += 1;
        if (attempts === 4) {
          timer = setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 30);
        }
        return jsonResponse(asanaError("Service Unavailable"), { status: 503 });
      },
    });
    try {
      const outcome = await within(13_000, "the retried call", settle(getTask(asana, { signal: controller.signal })));
      ok(abortedAt !== undefined, `the abort happened (after ${attempts} attempts)`);
      const late = Date.now() - abortedAt;
      expectAsanaError(outcome, ["aborted"], "the call aborted in backoff");
      ok(late < 1_000, `the call settled ${late} ms after its abort, during a backoff wait`);
      equal(attempts, 4, "attempts (none after the abort)");
    } finally {
      clearTimeout(timer);
    }
  });

  scenario("one caller's abort during a shared OAuth renewal fails only that caller", {}, async () => {
    let renewals = 0;
    const slowTokens = async (input, init = {}) => {
      if (urlOf(input).startsWith(tokenUrl)) {
        renewals += 1;
        await sleep(800, init.signal ?? undefined);
      }
      return fetch(input, init);
    };
    const asana = oauthConnector({ fetch: slowTokens });
    const controller = new AbortController();
    const calls = [settle(me(asana, { signal: controller.signal })), settle(me(asana)), settle(me(asana)), settle(me(asana))];
    await sleep(200);
    controller.abort();
    const aborted = await within(1_500, "the caller that aborted", calls[0]);
    expectAsanaError(aborted, ["aborted"], "the caller that aborted");
    const others = await within(6_000, "the three callers that did not abort", Promise.all(calls.slice(1)));
    others.forEach((outcome, i) => {
      if (!outcome.ok) fail(`caller ${i + 2}, which never aborted, failed: ${describe(outcome.error)}`);
      equal(outcome.value.gid, SEED.users.alice, `caller ${i + 2}`);
    });
    ok(renewals <= 2, `renewals: ${renewals}`);
  });

  scenario("an onTokenRefresh that never settles cannot hold a call past its abort or its deadline", {}, async () => {
    const never = () => new Promise(() => {});
    const asana = oauthConnector({ onTokenRefresh: never });
    const controller = new AbortController();
    const call = settle(me(asana, { signal: controller.signal }));
    await until(async () => (await requests()).some((r) => r.path === "/-/oauth_token" && r.status === 200), 3_000, "the renewal");
    await sleep(200);
    controller.abort();
    const outcome = await within(1_500, "a call stuck in onTokenRefresh, after its abort", call);
    expectResolvedOrAsanaError(outcome, ["aborted"], "a call stuck in onTokenRefresh, aborted");
    const timed = oauthConnector({ onTokenRefresh: never, retry: { maxAttempts: 1 } });
    const deadline = await within(2_500, "a call stuck in onTokenRefresh with timeoutMs 500", settle(me(timed, { timeoutMs: 500 })));
    expectResolvedOrAsanaError(deadline, ["timeout"], "a call stuck in onTokenRefresh with timeoutMs 500");
  });

  scenario("a hosted getToken that never settles cannot hold a call past its abort or its deadline", {}, async () => {
    const make = (extra) =>
      new AsanaConnector({ connectorId: AB.connectorId, airbyteApiUrl, getToken: () => new Promise(() => {}), retry: { maxAttempts: 1 }, ...extra });
    const controller = new AbortController();
    const call = settle(me(make(), { signal: controller.signal }));
    await sleep(200);
    controller.abort();
    expectAsanaError(await within(1_500, "a call waiting on getToken, after its abort", call), ["aborted"], "a call waiting on getToken, aborted");
    const deadline = await within(2_500, "a call waiting on getToken with timeoutMs 500", settle(me(make(), { timeoutMs: 500 })));
    expectAsanaError(deadline, ["timeout"], "a call waiting on getToken with timeoutMs 500");
    const configured = await within(2_500, "a call waiting on getToken, connector timeoutMs 500", settle(me(make({ timeoutMs: 500 }))));
    expectAsanaError(configured, ["timeout"], "a call waiting on getToken, connector timeoutMs 500");
  });

  // ==== JS values: never a trap, never another error type ============================================

  /**
   * Each hostile fetch answer once through one connector, then a real call through the same
   * connector. `expect` per answer: "resolve-or-error" (odd but usable: any outcome but a non-AsanaError),
   * "answer" (fetch resolved to something unusable: bad_response), "failed" (fetch itself threw or
   * rejected: network, as when a server cannot be reached), "broken body" (the body failed half-way:
   * network or bad_response).
   */
  const EXPECT = { answer: ["bad_response"], failed: ["network"], "broken body": ["network", "bad_response"] };
  const hostileAnswers = async (answers) => {
    const fetcher = switchable();
    const asana = connect({ fetch: fetcher.fetch, retry: { maxAttempts: 1 }, timeoutMs: 2_000 });
    for (const [label, expect, answer] of answers) {
      fetcher.queue.length = 0;
      fetcher.queue.push(answer);
      progress.current = `the fetch answer "${label}"`;
      const outcome = await within(3_000, `fetch answer "${label}"`, attempt(() => getTask(asana)));
      if (expect === "resolve-or-error") expectResolvedOrAsanaError(outcome, undefined, `fetch answer "${label}"`);
      else expectAsanaError(outcome, EXPECT[expect], `fetch answer "${label}"`);
      await stillHealthy(`after the fetch answer "${label}"`, asana);
    }
  };
  const goodBody = () => encoder.encode(JSON.stringify({ data: { gid: SEED.tasks.homepage, name: "x" } }));
  // Defined, not spread: a spread would call the fields' getters while building the answer (in
  // the fetch), where they must be met by the connector reading it.
  const fakeAnswer = (fields) => Object.defineProperties({
    ok: true,
    status: 200,
    statusText: "OK",
    headers: new Headers({ "content-type": "application/json" }),
    body: null,
    arrayBuffer: async () => goodBody().buffer,
    text: async () => JSON.stringify({ data: { gid: SEED.tasks.homepage } }),
    json: async () => ({ data: { gid: SEED.tasks.homepage } }),
  }, Object.getOwnPropertyDescriptors(fields));

  scenario("fetch answers with numeric header values, a Symbol status or a throwing valueOf are refused, not trapped", {}, async () => {
    const numericGet = (name) => ({ "content-type": 5, "content-length": 12, "retry-after": 3 })[String(name).toLowerCase()] ?? null;
    const throwingNumber = { valueOf() {
      throw new Error("valueOf");
    }, toString() {
      throw new Error("toString");
    } };
    await hostileAnswers([
      ["headers.get answers numbers", "resolve-or-error", () => fakeAnswer({ headers: { get: numericGet, has: () => true, forEach() {} } })],
      ["a Map of numeric headers", "resolve-or-error", () => fakeAnswer({ headers: new Map([["content-type", 5], ["retry-after", 7]]) })],
      ["headers as a plain object of numbers", "resolve-or-error", () => fakeAnswer({ headers: { "content-type": 5, "retry-after": 7 } })],
      ["a Symbol status", "answer", () => fakeAnswer({ status: Symbol("200") })],
      ["a status whose valueOf throws", "answer", () => fakeAnswer({ status: throwingNumber })],
      ["a header value whose valueOf throws", "resolve-or-error", () => fakeAnswer({ headers: { get: () => throwingNumber } })],
      ["a BigInt status", "answer", () => fakeAnswer({ status: 200n })],
      ["status NaN", "answer", () => fakeAnswer({ status: NaN })],
      ["status 1e9", "answer", () => fakeAnswer({ status: 1e9 })],
      ["status '200' (a string)", "resolve-or-error", () => fakeAnswer({ status: "200" })],
    ]);
  });

  scenario("fetch answers that throw, trap or are not Responses are bad_response (network when fetch itself failed)", {}, async () => {
    const thrower = (what) => () => {
      throw new Error(`hostile ${what}`);
    };
    const traps = { get: thrower("get trap"), has: thrower("has trap"), ownKeys: thrower("ownKeys trap"), getPrototypeOf: thrower("getPrototypeOf trap"), getOwnPropertyDescriptor: thrower("gopd trap") };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    await hostileAnswers([
      ["a status getter that throws", "answer", () => fakeAnswer({ get status() {
        throw new Error("status getter");
      } })],
      ["a headers getter that throws", "answer", () => fakeAnswer({ get headers() {
        throw new Error("headers getter");
      } })],
      ["headers.get that throws", "answer", () => fakeAnswer({ headers: { get: thrower("headers.get"), has: thrower("headers.has"), forEach: thrower("forEach") } })],
      ["body readers that throw", "answer", () => fakeAnswer({ get body() {
        throw new Error("body getter");
      }, arrayBuffer: thrower("arrayBuffer"), text: thrower("text"), json: thrower("json"), bytes: thrower("bytes") })],
      ["a body stream that errors half-way", "broken body", () => new Response(new ReadableStream({ start(c) {
        c.enqueue(encoder.encode('{"data":'));
        c.error(new Error("stream broke"));
      } }), { headers: { "Content-Type": "application/json" } })],
      ["a Proxy whose every trap throws", "answer", () => new Proxy({}, traps)],
      ["a revoked Proxy", "answer", () => revoked.proxy],
      ["a Proxy of a Response whose get throws", "answer", () => new Proxy(new Response("{}"), { get: thrower("Response get trap") })],
      ["null", "answer", () => null],
      ["undefined", "answer", () => undefined],
      ["the number 5", "answer", () => 5],
      ["a string", "answer", () => "HTTP/1.1 200 OK"],
      ["a Symbol", "answer", () => Symbol("answer")],
      ["a function", "answer", () => () => {}],
      ["an empty object", "answer", () => ({})],
      ["a thenable whose then throws", "failed", () => ({ then: thrower("then") })],
      ["a fetch that throws synchronously", "failed", thrower("sync fetch")],
      ["a fetch that throws a Symbol", "failed", () => {
        throw Symbol("thrown");
      }],
      ["a fetch that rejects with a throwing-getter object", "failed", () => Promise.reject({ get message() {
        throw new Error("message getter");
      }, get name() {
        throw new Error("name getter");
      } })],
      ["a fetch that rejects with a Proxy", "failed", () => Promise.reject(new Proxy({}, traps))],
    ]);
  });

  scenario("a signal whose aborted getter throws, or that is not an AbortSignal, gives an AsanaError or works", {}, async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    const throwingAborted = () => Object.defineProperty(new AbortController().signal, "aborted", { get() {
      throw new Error("aborted getter");
    } });
    const signals = [
      ["an object whose aborted getter throws", () => ({ get aborted() {
        throw new Error("aborted getter");
      }, addEventListener() {}, removeEventListener() {} })],
      ["an AbortSignal whose aborted getter throws", throwingAborted],
      ["an empty object", () => ({})],
      ["{aborted: false}", () => ({ aborted: false })],
      ["{aborted: true}", () => ({ aborted: true })],
      ["an addEventListener that throws", () => ({ aborted: false, addEventListener() {
        throw new Error("addEventListener");
      }, removeEventListener() {} })],
      ["addEventListener: 5", () => ({ aborted: false, addEventListener: 5 })],
      ["the number 5", () => 5],
      ["a string", () => "signal"],
      ["a Symbol", () => Symbol("signal")],
      ["a function", () => () => {}],
      ["a Proxy whose every trap throws", () => new Proxy({}, { get() {
        throw new Error("get trap");
      }, has() {
        throw new Error("has trap");
      }, getPrototypeOf() {
        throw new Error("getPrototypeOf trap");
      } })],
    ];
    for (const [label, make] of signals) {
      const outcome = await within(3_000, `execute with signal ${label}`, attempt(() => getTask(asana, { signal: make() })));
      expectResolvedOrAsanaError(outcome, ["invalid_params", "aborted"], `execute with signal ${label}`);
      const tool = await within(3_000, `runTool with signal ${label}`, attempt(() => asana.runTool({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } }, { signal: make() })));
      if (!tool.ok) fail(`runTool with signal ${label} threw instead of returning an error: ${describe(tool.error)}`);
      const pages = await within(3_000, `paginate with signal ${label}`, attempt(async () => {
        for await (const _ of asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website, limit: 5 }, { maxPages: 1, signal: make() })) {
          // consumed
        }
      }));
      expectResolvedOrAsanaError(pages, ["invalid_params", "aborted"], `paginate with signal ${label}`);
      await stillHealthy(`after signal ${label}`, asana);
    }
  });

  scenario("toolUtils given hand-built AsanaErrors rejects with an AsanaError, not a trap", {}, async () => {
    const throwing = (what) => ({ get() {
      throw new Error(`${what} getter`);
    } });
    const errors = [
      ["new AsanaError({code: 'weird', message: 5})", () => new AsanaError({ code: "weird", message: 5 })],
      ["new AsanaError({})", () => new AsanaError({})],
      ["a numeric code", () => new AsanaError({ code: 5, message: "five" })],
      ["a Symbol code", () => Object.defineProperty(new AsanaError({ message: "m" }), "code", { value: Symbol("code") })],
      ["an object message", () => Object.defineProperty(new AsanaError({ code: "network" }), "message", { value: { text: "m" } })],
      ["a code getter that throws", () => Object.defineProperty(new AsanaError({ code: "network", message: "m" }), "code", throwing("code"))],
      ["a message getter that throws", () => Object.defineProperty(new AsanaError({ code: "network", message: "m" }), "message", throwing("message"))],
      ["a toJSON that throws", () => Object.assign(new AsanaError({ code: "server", message: "m" }), { toJSON() {
        throw new Error("toJSON");
      } })],
      ["cyclic details", () => {
        const details = { list: [] };
        details.list.push(details);
        return new AsanaError({ code: "invalid_params", message: "m", details });
      }],
      ["BigInt details", () => new AsanaError({ code: "invalid_params", message: "m", details: { n: 1n } })],
      ["Object.create(AsanaError.prototype)", () => Object.create(AsanaError.prototype)],
      ["a 1 MiB message", () => new AsanaError({ code: "server", message: "m".repeat(1 << 20) })],
      ["a message with NUL and lone surrogates", () => new AsanaError({ code: "network", message: "a\0b\uD800c" })],
    ];
    for (const [label, make] of errors) {
      const wrapped = AsanaConnector.toolUtils(async () => {
        throw make();
      });
      const outcome = await within(3_000, `toolUtils with ${label}`, attempt(() => wrapped("tasks", "list", {})));
      expectAsanaError(outcome, undefined, `toolUtils with ${label}`);
    }
    // Not AsanaErrors: rethrown as they are (the caller's bug), or turned into an AsanaError; never a third thing.
    const objects = [
      ["an object with throwing getters", () => ({ get message() {
        throw new Error("message getter");
      }, get code() {
        throw new Error("code getter");
      } })],
      ["a Proxy whose every trap throws", () => new Proxy({}, { get() {
        throw new Error("get trap");
      }, getPrototypeOf() {
        throw new Error("getPrototypeOf trap");
      } })],
      ["a Proxy pretending to be an AsanaError", () => new Proxy({}, { getPrototypeOf: () => AsanaError.prototype, get() {
        throw new Error("get trap");
      } })],
    ];
    for (const [label, make] of objects) {
      const value = make();
      const wrapped = AsanaConnector.toolUtils(async () => {
        throw value;
      });
      const outcome = await within(3_000, `toolUtils with ${label}`, attempt(() => wrapped("tasks", "list", {})));
      if (outcome.ok) fail(`toolUtils with ${label}: resolved although the function threw`);
      if (outcome.error !== value && !isAsanaError(outcome.error)) fail(`toolUtils with ${label}: rejected with a third thing: ${describe(outcome.error)}`);
    }
    const fine = AsanaConnector.toolUtils(async () => ({ ok: 1 }));
    deepEqual(await fine("tasks", "list", {}), { ok: 1 }, "toolUtils still works");
    await stillHealthy("after toolUtils with hand-built errors");
  });

  scenario("runTool never throws: functions, Symbols, BigInt, Proxies, throwing getters, hostile options", {}, async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    const trap = () => new Proxy({}, { get() {
      throw new Error("get trap");
    }, ownKeys() {
      throw new Error("ownKeys trap");
    }, has() {
      throw new Error("has trap");
    }, getOwnPropertyDescriptor() {
      throw new Error("gopd trap");
    } });
    const cyclic = { entity: "tasks", action: "get" };
    cyclic.params = cyclic;
    const getter = (key) => Object.defineProperty({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } }, key, { enumerable: true, get() {
      throw new Error(`${key} getter`);
    } });
    const inputs = [
      ["() => {}", () => () => {}],
      ["a Symbol", () => Symbol("input")],
      ["a BigInt", () => 10n],
      ["a Proxy whose every trap throws", trap],
      ["an entity getter that throws", () => getter("entity")],
      ["a params getter that throws", () => getter("params")],
      ["params with a throwing getter", () => ({ entity: "tasks", action: "get", params: { get task_gid() {
        throw new Error("task_gid getter");
      } } })],
      ["params that are a Proxy", () => ({ entity: "tasks", action: "get", params: trap() })],
      ["a cyclic input", () => cyclic],
      ["broken JSON text", () => '{"entity": "tasks", "action":'],
      ["undefined", () => undefined],
      ["null", () => null],
      ["a toJSON that throws", () => ({ toJSON() {
        throw new Error("toJSON");
      } })],
    ];
    const options = [
      ["timeoutMs NaN", () => ({ timeoutMs: NaN })],
      ["signal 5", () => ({ signal: 5 })],
      ["maxOutputChars Symbol", () => ({ maxOutputChars: Symbol("n") })],
      ["options that are a Proxy", trap],
      ["a timeoutMs getter that throws", () => ({ get timeoutMs() {
        throw new Error("timeoutMs getter");
      } })],
    ];
    const valid = { entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } };
    const checkTool = (outcome, what, mustFail) => {
      if (!outcome.ok) fail(`${what}: runTool threw/rejected instead of returning { error }: ${describe(outcome.error)}`);
      const error = outcome.value?.error;
      if (mustFail && !error) fail(`${what}: expected { error }, got ${describe(outcome.value)}`);
      if (error && (typeof error.code !== "string" || typeof error.message !== "string" || typeof error.retryable !== "boolean")) {
        fail(`${what}: the error is not { code, message, retryable }: ${describe(error)}`);
      }
    };
    for (const [label, make] of inputs) checkTool(await within(3_000, `runTool(${label})`, attempt(() => asana.runTool(make()))), `runTool(${label})`, true);
    for (const [label, make] of options) checkTool(await within(3_000, `runTool(valid, ${label})`, attempt(() => asana.runTool(valid, make()))), `runTool(valid, ${label})`, false);
    const fine = await asana.runTool(valid);
    equal(fine.gid, SEED.tasks.homepage, "runTool still works");
    await stillHealthy("after hostile runTool inputs", asana);
  });

  scenario("names, params and options with throwing getters or Proxies are refused with an AsanaError before any request", {}, async () => {
    const asana = connect({ retry: { maxAttempts: 1 } });
    const boom = (what) => () => {
      throw new Error(`hostile ${what}`);
    };
    const trap = () => new Proxy({}, { get: boom("get trap"), ownKeys: boom("ownKeys trap"), has: boom("has trap"), getOwnPropertyDescriptor: boom("gopd trap"), getPrototypeOf: boom("getPrototypeOf trap") });
    const gid = SEED.tasks.homepage;
    const calls = [
      ["a Symbol entity", () => asana.execute(Symbol("tasks"), "get", { task_gid: gid })],
      ["an entity whose toString throws", () => asana.execute({ toString: boom("toString"), [Symbol.toPrimitive]: boom("toPrimitive") }, "get", { task_gid: gid })],
      ["a Proxy entity", () => asana.execute(trap(), "get", { task_gid: gid })],
      ["a Symbol action", () => asana.execute("tasks", Symbol("get"), { task_gid: gid })],
      ["params with a throwing getter", () => asana.execute("tasks", "get", { get task_gid() {
        throw new Error("task_gid getter");
      } })],
      ["params that are a Proxy", () => asana.execute("tasks", "get", trap())],
      ["a param that is a Proxy", () => asana.execute("tasks", "get", { task_gid: trap() })],
      ["a param whose toJSON throws", () => asana.execute("tasks", "get", { task_gid: { toJSON: boom("toJSON") } })],
      ["a BigInt param", () => asana.execute("tasks", "get", { task_gid: 1n })],
      ["a body field with a throwing getter", () => asana.execute("tasks", "update", { task_gid: gid, data: { get name() {
        throw new Error("name getter");
      } } })],
      ["options that are a Proxy", () => asana.execute("tasks", "get", { task_gid: gid }, trap())],
      ["a signal getter that throws", () => asana.execute("tasks", "get", { task_gid: gid }, { get signal() {
        throw new Error("signal getter");
      } })],
      ["a timeoutMs getter that throws", () => asana.execute("tasks", "get", { task_gid: gid }, { get timeoutMs() {
        throw new Error("timeoutMs getter");
      } })],
      ["paginate: params that are a Proxy", () => drain(asana.paginate("project_tasks", "list", trap()))],
      ["paginate: options that are a Proxy", () => drain(asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website }, trap()))],
      ["paginate: a Symbol entity", () => drain(asana.paginate(Symbol("e"), "list", {}))],
      ["paginate: a Symbol action", () => drain(asana.paginate("project_tasks", Symbol("list"), {}))],
      ["paginate: a maxPages getter that throws", () => drain(asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website }, { get maxPages() {
        throw new Error("maxPages getter");
      } }))],
    ];
    for (const [label, call] of calls) {
      const outcome = await within(3_000, label, attempt(call));
      expectAsanaError(outcome, ["invalid_params", "unknown_entity", "unknown_action"], label);
    }
    const sync = [
      ["tool(Symbol)", () => asana.tool(Symbol("mcp"))],
      ["tool(format whose toString throws)", () => asana.tool({ toString: boom("toString") })],
      ["tool('openai', Proxy)", () => asana.tool("openai", trap())],
      ["mcpHandler(Proxy)", () => asana.mcpHandler(trap())],
      ["toolUtils(fn, Proxy)", () => AsanaConnector.toolUtils(async () => 1, trap())],
    ];
    for (const [label, call] of sync) {
      let error;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      if (error !== undefined && !isAsanaError(error)) fail(`${label}: threw something that is not an AsanaError: ${describe(error)}`);
    }
    deepEqual(await api(), [], "requests sent");
    await stillHealthy("after hostile names, params and options", asana);
  });

  const drain = async (iterator, max = 3) => {
    let n = 0;
    for await (const _ of iterator) if (++n >= max) break;
    return n;
  };

  scenario("configs and admin options with throwing getters or Proxies are refused with invalid_config", {}, async () => {
    const boom = (what) => () => {
      throw new Error(`hostile ${what}`);
    };
    const trap = () => new Proxy({}, { get: boom("get trap"), ownKeys: boom("ownKeys trap"), has: boom("has trap"), getOwnPropertyDescriptor: boom("gopd trap"), getPrototypeOf: boom("getPrototypeOf trap") });
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const configs = [
      ["an auth getter that throws", () => ({ get auth() {
        throw new Error("auth getter");
      } })],
      ["a config that is a Proxy", trap],
      ["a revoked Proxy", revoked],
      ["auth that is a Proxy", () => ({ auth: trap() })],
      ["a token getter that throws", () => ({ auth: { get token() {
        throw new Error("token getter");
      } } })],
      ["a fetch getter that throws", () => ({ auth: { token: "t" }, get fetch() {
        throw new Error("fetch getter");
      } })],
      ["retry that is a Proxy", () => ({ auth: { token: "t" }, retry: trap() })],
      ["a Symbol", () => Symbol("config")],
      ["a BigInt", () => 1n],
      ["a function", () => () => {}],
      ["a token that is a Proxy", () => ({ auth: { token: trap() } })],
    ];
    for (const [label, make] of configs) {
      let error;
      try {
        new AsanaConnector(make());
      } catch (caught) {
        error = caught;
      }
      if (error === undefined) fail(`new AsanaConnector(${label}) did not throw`);
      if (!isAsanaError(error) || codeOf(error) !== "invalid_config") fail(`new AsanaConnector(${label}) threw ${describe(error)}, not an invalid_config AsanaError`);
    }
    const admin = { externalUserId: AB.workspace, airbyteClientId: AB.clientId, airbyteClientSecret: AB.clientSecret, airbyteApiUrl };
    const statics = [
      ["createHosted(Proxy)", () => AsanaConnector.createHosted(trap())],
      ["createHosted with an externalUserId getter that throws", () => AsanaConnector.createHosted({ ...admin, credentials: { token: "t" }, get externalUserId() {
        throw new Error("externalUserId getter");
      } })],
      ["createHosted with credentials that are a Proxy", () => AsanaConnector.createHosted({ ...admin, credentials: trap() })],
      ["initiateOAuth(Proxy)", () => AsanaConnector.initiateOAuth(trap())],
      ["initiateOAuth with a redirectUrl getter that throws", () => AsanaConnector.initiateOAuth({ ...admin, get redirectUrl() {
        throw new Error("redirectUrl getter");
      } })],
    ];
    for (const [label, call] of statics) {
      expectAsanaError(await within(3_000, label, attempt(call)), ["invalid_config", "invalid_params"], label);
    }
    equal((await requests()).length, 0, "requests sent");
    await stillHealthy("after hostile configs");
  });

  const BAD_NUMBERS = [["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["-1", -1], ["0", 0], ['""', ""], ['"10"', "10"]];

  scenario("timeoutMs that is not a finite positive number is refused before any request (config and per call)", {}, async () => {
    const asana = connect();
    for (const [label, value] of BAD_NUMBERS) {
      assert.throws(() => connect({ timeoutMs: value }), { code: "invalid_config", instanceOf: AsanaError, messageIncludes: "timeoutMs" }, `config timeoutMs ${label}`);
      const call = await within(3_000, `execute with timeoutMs ${label}`, attempt(() => getTask(asana, { timeoutMs: value })));
      expectAsanaError(call, ["invalid_params", "invalid_config"], `execute with timeoutMs ${label}`);
      const pages = await within(3_000, `paginate with timeoutMs ${label}`, attempt(() => drain(asana.paginate("project_tasks", "list", { project_gid: SEED.projects.website }, { timeoutMs: value }))));
      expectAsanaError(pages, ["invalid_params", "invalid_config"], `paginate with timeoutMs ${label}`);
      const tool = await within(3_000, `runTool with timeoutMs ${label}`, attempt(() => asana.runTool({ entity: "tasks", action: "get", params: { task_gid: SEED.tasks.homepage } }, { timeoutMs: value })));
      if (!tool.ok) fail(`runTool with timeoutMs ${label} threw: ${describe(tool.error)}`);
      ok(["invalid_params", "invalid_config"].includes(tool.value?.error?.code), `runTool with timeoutMs ${label}: ${describe(tool.value?.error ?? tool.value)}`);
      const admin = await within(3_000, `createHosted with timeoutMs ${label}`, attempt(() =>
        AsanaConnector.createHosted({ externalUserId: AB.workspace, airbyteClientId: AB.clientId, airbyteClientSecret: AB.clientSecret, airbyteApiUrl, credentials: { token: "t" }, timeoutMs: value })));
      expectAsanaError(admin, ["invalid_config"], `createHosted with timeoutMs ${label}`);
    }
    deepEqual((await requests()).map((r) => `${r.method} ${r.path}`), [], "requests sent");
    await stillHealthy("after refused timeouts", asana);
  });

  scenario("retry values that are not finite positive numbers are refused in the constructor", {}, async () => {
    const cases = [
      ...BAD_NUMBERS.map(([label, value]) => [`maxAttempts ${label}`, { maxAttempts: value }]),
      ...BAD_NUMBERS.filter(([label]) => label !== "0").map(([label, value]) => [`maxDelayMs ${label}`, { maxDelayMs: value }]),
      ["retry: 3", 3],
      ['retry: "3"', "3"],
      ["retry: []", []],
      ["retry: true", true],
    ];
    for (const [label, retry] of cases) {
      assert.throws(() => connect({ retry }), { code: "invalid_config", instanceOf: AsanaError }, `retry ${label}`);
    }
    equal((await requests()).length, 0, "requests sent");
    await stillHealthy("after refused retry options");
  });

  // ==== generated inputs by the thousand ================================================================

  scenario("2,000 generated hostile values across every public entry point: only AsanaErrors, no hang, no crash", { budgetMs: 40_000 }, async () => {
    const SEED_VALUE = 0x10_2026;
    const VALUES = 2_000;
    const CALL_BOUND_MS = 3_000;
    const TIME_BUDGET_MS = 30_000;
    const gen = hostileValues(SEED_VALUE, AsanaError);
    const { pick, int, randomString } = gen;
    const started = Date.now();

    const instant = (input) => {
      const url = urlOf(input);
      if (url.includes("oauth_token")) return Promise.resolve(jsonResponse({ access_token: "fuzz-access", refresh_token: "fuzz-refresh", expires_in: 3600, token_type: "bearer" }));
      if (url.includes("/applications/token")) return Promise.resolve(jsonResponse({ access_token: "fuzz-app-token", expires_in: 900, token_type: "Bearer" }));
      if (url.endsWith("/execute")) return Promise.resolve(jsonResponse({ status: "success", result: [{ gid: "1" }], connector_metadata: { has_next_page: false } }));
      if (url.includes("/integrations/connectors")) return Promise.resolve(jsonResponse({ id: "fuzz-connector", consent_url: "https://consent.fuzz.test/x", data: [{ id: "fuzz-connector", name: "fuzz" }] }));
      if (/\/\d+$/.test(url.split("?")[0])) return Promise.resolve(jsonResponse({ data: { gid: "1", name: "fuzz" } }));
      return Promise.resolve(jsonResponse({ data: [{ gid: "1", name: "fuzz" }], next_page: null }));
    };
    const base = () => ({ auth: { token: "fuzz-token" }, baseUrl: "https://fuzz.test/api/1.0", tokenUrl: "https://fuzz.test/-/oauth_token", airbyteApiUrl: "https://fuzz.test/airbyte",
      fetch: instant, timeoutMs: 200, retry: { maxAttempts: 1 }, onWarning: () => {} });
    const hosted = (extra) => {
      const { auth, ...rest } = base();
      return { ...rest, externalUserId: "fuzz-workspace", airbyteClientId: "fuzz-ab-id", airbyteClientSecret: "fuzz-ab-secret", ...extra };
    };
    const admin = (extra) => ({ externalUserId: "fuzz-workspace", airbyteClientId: "fuzz-ab-id", airbyteClientSecret: "fuzz-ab-secret", airbyteApiUrl: "https://fuzz.test/airbyte",
      fetch: instant, timeoutMs: 200, credentials: { token: "fuzz-pat" }, ...extra });
    const keyOf = (v, label) => (typeof v === "string" ? v : `key-${label}`);
    const randomJson = () => pick([
      () => randomString(int(40)),
      () => JSON.stringify({
        jsonrpc: "2.0",
        id: int(5),
        method: pick(["tools/call", "tools/list", "ping", "initialize", randomString(5)]),
        params: {
          name: pick(["asana_execute", "asana_read", randomString(8)]),
          arguments: { entity: randomString(int(12)), action: randomString(int(6)), params: { [randomString(4)]: randomString(int(20)) } },
        },
      }),
      () => "[".repeat(int(50_000)),
      () => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"asana_execute","arguments":{"entity":"${"a".repeat(int(300_000))}","action":"list"}}}`,
      () => JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ping" }, { jsonrpc: "2.0", id: 2, method: "tools/list" }]),
      () => '{"jsonrpc":"2.0","id":{"__proto__":{"x":1}},"method":"ping"}',
      () => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"asana_execute","arguments":{"entity":"tasks","action":"get","params":{"task_gid":"\\ud800\\u0000"}}}}`,
    ])();
    const postRequest = (body) => new Request("http://mcp.fuzz.test/mcp", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" }, body });

    let fz = new AsanaConnector(base());
    const problems = [];
    let calls = 0;
    let hangs = 0;

    /**
     * Runs one call under its bound and checks it against `kind`: "asana" (resolves, or fails with an
     * AsanaError), "never-throws" (resolves to an object), "response" (a Response or an AsanaError),
     * "sync" (returns, or throws an AsanaError), "rejects" (fails with an AsanaError or `rethrown`).
     */
    const check = async (where, label, kind, fn, rethrown) => {
      calls += 1;
      progress.current = `${where} with ${label}`;
      const t0 = Date.now();
      let outcome;
      if (kind === "sync") {
        try {
          outcome = { ok: true, value: fn() };
        } catch (error) {
          outcome = { ok: false, error };
        }
      } else {
        let timer;
        const hang = new Promise((resolve) => {
          timer = setTimeout(() => resolve({ hung: true }), CALL_BOUND_MS);
        });
        try {
          outcome = await Promise.race([attempt(fn), hang]);
        } finally {
          clearTimeout(timer);
        }
        if (outcome.hung || Date.now() - t0 > CALL_BOUND_MS) {
          hangs += 1;
          problems.push(`${where} with ${label}: ${outcome.hung ? "did not settle" : "took"} ${Date.now() - t0} ms`);
          return undefined;
        }
      }
      if (kind === "never-throws") {
        if (!outcome.ok) problems.push(`${where} with ${label}: threw/rejected ${describe(outcome.error)} (it must return { error })`);
        else if (outcome.value === null || typeof outcome.value !== "object") problems.push(`${where} with ${label}: returned ${describe(outcome.value)}`);
        return outcome;
      }
      if (kind === "rejects" && outcome.ok) {
        problems.push(`${where} with ${label}: resolved although the wrapped function threw`);
        return outcome;
      }
      if (!outcome.ok && !isAsanaError(outcome.error) && !(kind === "rejects" && Object.is(outcome.error, rethrown))) {
        problems.push(`${where} with ${label}: ${kind === "sync" ? "threw" : "rejected with"} a non-AsanaError: ${describe(outcome.error)}`);
        return outcome;
      }
      if (kind === "response" && outcome.ok && typeof outcome.value?.status !== "number") problems.push(`${where} with ${label}: resolved to ${describe(outcome.value)}, not a Response`);
      return outcome;
    };

    const configSlots = [
      (v) => v,
      (v) => ({ ...base(), auth: v }),
      (v) => ({ ...base(), auth: { token: v } }),
      (v) => ({ ...base(), auth: { refreshToken: v, clientId: "fuzz-id", clientSecret: "fuzz-secret" } }),
      (v) => ({ ...base(), auth: { refreshToken: "fuzz-refresh", clientId: v } }),
      (v) => ({ ...base(), auth: { refreshToken: "fuzz-refresh", accessToken: v, expiresAt: Date.now() + 3_600_000 } }),
      (v) => ({ ...base(), auth: { refreshToken: "fuzz-refresh", expiresAt: v } }),
      ...["baseUrl", "tokenUrl", "airbyteApiUrl", "timeoutMs", "retry", "maxConcurrency", "asanaEnable", "asanaDisable", "readOnly", "onWarning", "maxResponseBytes"].map(
        (key) => (v) => ({ ...base(), [key]: v }),
      ),
      (v) => ({ ...base(), baseUrl: apiUrl, fetch: v }),
      (v) => ({ ...base(), auth: { refreshToken: "fuzz-refresh" }, onTokenRefresh: v }),
      (v) => ({ ...base(), retry: { maxAttempts: v } }),
      (v) => ({ ...base(), retry: { maxDelayMs: v } }),
      (v) => hosted({ externalUserId: v }),
      (v) => hosted({ airbyteClientId: undefined, airbyteClientSecret: undefined, externalUserId: undefined, connectorId: "fuzz-connector", getToken: v }),
      (v) => hosted({ airbyteClientSecret: v }),
      (v) => hosted({ organizationId: v }),
      (v, label) => ({ ...base(), [keyOf(v, label)]: 1 }),
    ];
    const fetchAnswers = [
      (v) => () => v,
      (v) => async () => v,
      (v) => () => {
        throw v;
      },
      (v) => async () => {
        throw v;
      },
      (v) => async () => ({ ok: true, status: v, headers: new Headers({ "content-type": "application/json" }), text: async () => "{}", arrayBuffer: async () => new ArrayBuffer(2), body: null }),
      (v) => async () => ({ ok: true, status: 200, headers: v, text: async () => '{"data":{}}', arrayBuffer: async () => encoder.encode('{"data":{}}').buffer, body: null }),
      (v) => async () => ({ ok: true, status: 200, headers: new Headers({ "content-type": "application/json" }), body: v, text: () => v, json: () => v, arrayBuffer: () => v, bytes: () => v }),
      (v) => async () => ({ ok: true, status: 200, headers: { get: () => v }, text: async () => '{"data":{}}', arrayBuffer: async () => encoder.encode('{"data":{}}').buffer, body: null }),
    ];
    const never = (label) => label.includes("never");

    const entries = [
      ["new AsanaConnector", async (v, label) => {
        const slot = int(configSlots.length);
        const made = await check(`new AsanaConnector (config slot ${slot})`, label, "sync", () => new AsanaConnector(configSlots[slot](v, label)));
        if (!made?.ok) return;
        const c = made.value;
        await check(`execute on a connector from config slot ${slot}`, label, "asana", () => c.execute("workspaces", "list", { limit: 1 }));
        await check(`check() on a connector from config slot ${slot}`, label, "never-throws", () => c.check());
        if (int(8) === 0) await check(`listEntities() on a connector from config slot ${slot}`, label, "sync", () => c.listEntities());
      }],
      ["a fetch answering the value", async (v, label) => {
        const slot = int(fetchAnswers.length);
        const c = new AsanaConnector({ ...base(), fetch: fetchAnswers[slot](v) });
        await check(`execute through fetch answer ${slot}`, label, "asana", () => c.execute("tasks", "get", { task_gid: "1" }));
        await check(`check() through fetch answer ${slot}`, label, "never-throws", () => c.check());
      }],
      ["execute", async (v, label) => {
        const slots = [
          () => fz.execute(v, "list", {}),
          () => fz.execute("tasks", v, {}),
          () => fz.execute("workspaces", "list", v),
          () => fz.execute("workspaces", "list", {}, v),
          () => fz.execute("tasks", "get", { task_gid: v }),
          () => fz.execute("project_tasks", "list", { project_gid: "1", limit: v }),
          () => fz.execute("tasks", "list", { project: "1", opt_fields: v }),
          () => fz.execute("tasks", "create", { data: v }),
          () => fz.execute("tasks", "create", { data: { name: v, workspace: "1" } }),
          () => fz.execute("tasks", "update", { task_gid: "1", data: { notes: v } }),
          () => fz.execute("workspaces", "list", { [keyOf(v, label)]: 1 }),
          () => fz.execute("workspaces", "list", {}, { signal: v }),
          () => fz.execute("workspaces", "list", {}, { timeoutMs: v }),
          () => fz.execute("attachments", "download", { attachment_gid: v }),
        ];
        const slot = int(slots.length);
        await check(`execute slot ${slot}`, label, "asana", slots[slot]);
      }],
      ["paginate", async (v, label) => {
        const slots = [
          () => drain(fz.paginate(v, "list", {})),
          () => drain(fz.paginate("project_tasks", v, { project_gid: "1" })),
          () => drain(fz.paginate("project_tasks", "list", v)),
          () => drain(fz.paginate("project_tasks", "list", { project_gid: "1" }, v)),
          () => drain(fz.paginate("project_tasks", "list", { project_gid: v })),
          () => drain(fz.paginate("project_tasks", "list", { project_gid: "1" }, { maxPages: v })),
          () => drain(fz.paginate("project_tasks", "list", { project_gid: "1" }, { maxItems: v })),
          () => drain(fz.paginate("project_tasks", "list", { project_gid: "1" }, { signal: v })),
        ];
        const slot = int(slots.length);
        await check(`paginate slot ${slot}`, label, "asana", slots[slot]);
      }],
      ["runTool", async (v, label) => {
        const valid = { entity: "workspaces", action: "list", params: { limit: 1 } };
        const slots = [
          () => fz.runTool(v),
          () => fz.runTool({ entity: v, action: "list" }),
          () => fz.runTool({ entity: "workspaces", action: v }),
          () => fz.runTool({ entity: "tasks", action: "get", params: v }),
          () => fz.runTool({ entity: "workspaces", action: "list", params: { limit: v } }),
          () => fz.runTool(randomJson()),
          () => fz.runTool({ name: "asana_execute", arguments: v }),
          () => fz.runTool(valid, v),
          () => fz.runTool(valid, { timeoutMs: v }),
          () => fz.runTool(valid, { maxOutputChars: v }),
          () => fz.runTool(valid, { signal: v }),
        ];
        const slot = int(slots.length);
        await check(`runTool slot ${slot}`, label, "never-throws", slots[slot]);
      }],
      ["the whole API's entry points", async (v, label) => {
        const slots = [
          () => fz.execute("attachments", "create", { parent: "1", name: "x.txt", file: v }),
          () => fz.execute("attachments", "create", { parent: v, name: "x.txt", file: new Blob(["x"]) }),
          () => fz.execute("batch", "create", { data: { actions: v } }),
          () => fz.execute("batch", "create", { data: { actions: [v] } }),
          () => fz.execute("batch", "create", { data: { actions: [{ entity: "tasks", action: "get", params: v }] } }),
          () => fz.execute("tasks", "duplicate", { task_gid: "1", data: { name: "x" } }, { wait: v }),
          () => fz.execute("tasks", "duplicate", { task_gid: "1", data: { name: "x" } }, { wait: { timeoutMs: v, intervalMs: 5 } }),
          () => fz.execute("events", "list", { resource: v, sync: v }),
          () => fz.execute("workspace_typeahead", "list", { workspace_gid: "1", resource_type: "task", count: v }),
          () => fz.execute("tasks", "create", { data: { name: "x", workspace: "1", projects: v, completed: v } }),
        ];
        const slot = int(slots.length + 4);
        if (slot < slots.length) await check(`whole API slot ${slot}`, label, "asana", slots[slot]);
        if (slot === slots.length) await check("describe(value)", label, "sync", () => fz.describe(v));
        if (slot === slots.length + 1) await check("mcpAnswer(value)", label, "asana", () => fz.mcpAnswer(v));
        if (slot === slots.length + 2) await check("verifyWebhookSignature(value, value, value)", label, "asana", () => AsanaConnector.verifyWebhookSignature(v, v, v));
        if (slot === slots.length + 3) {
          await check("webhookHandler(value)", label, "sync", () => AsanaConnector.webhookHandler(v));
          const handler = AsanaConnector.webhookHandler({ secrets: { get: () => v, put: () => v }, onEvents: () => v });
          if (!never(label)) await check("webhookHandler(...)(value)", label, "response", () => handler(v));
        }
      }],
      ["tool and tools", async (v, label) => {
        const slot = int(5);
        if (slot === 0) await check("tool(value)", label, "sync", () => fz.tool(v));
        if (slot === 1) await check("tool('openai', value)", label, "sync", () => fz.tool("openai", v));
        if (slot === 2) await check("tool(format, { api: value })", label, "sync", () => fz.tool(pick(["openai", "mcp", "vercel"]), { api: v }));
        if (slot === 3) {
          const vercel = fz.tool("vercel");
          await check("tool('vercel').execute(value)", label, "never-throws", () => vercel.execute(v));
        }
        if (slot === 4 && typeof fz.tools === "function") await check("tools(value)", label, "sync", () => fz.tools(v));
        if (slot === 4 && typeof fz.tools !== "function") await check("toolDescription()", label, "sync", () => fz.toolDescription());
      }],
      ["toolUtils", async (v, label) => {
        const slot = int(5);
        if (slot === 0) await check("toolUtils(value)", label, "sync", () => AsanaConnector.toolUtils(v));
        if (slot === 1) {
          const made = await check("toolUtils(fn, value)", label, "sync", () => AsanaConnector.toolUtils(async () => ({ ok: 1 }), v));
          if (made?.ok && typeof made.value === "function") await check("toolUtils(fn, value)(...)", label, "asana", () => made.value("tasks", "list", {}));
        }
        if (slot === 2) {
          const wrapped = AsanaConnector.toolUtils(async () => {
            throw v;
          });
          await check("toolUtils(() => { throw value })", label, "rejects", () => wrapped("tasks", "list", {}), v);
        }
        // The value inside the result (awaiting a bare thenable would make it the function's own rejection).
        if (slot === 3) await check("toolUtils(() => ({ value }))", label, "asana", () => AsanaConnector.toolUtils(async () => ({ value: v }))("tasks", "list", {}));
        if (slot === 4) await check("toolUtils(fn)(value, value, value)", label, "asana", () => AsanaConnector.toolUtils(async (e) => ({ type: typeof e }))(v, v, v));
      }],
      ["mcpHandler", async (v, label) => {
        const slot = int(6);
        if (slot === 0) {
          const made = await check("mcpHandler(value)", label, "sync", () => fz.mcpHandler(v));
          if (made?.ok && typeof made.value === "function") {
            await check("mcpHandler(value)(tools/list)", label, "response", () => made.value(postRequest('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')));
          }
          return;
        }
        const handler = fz.mcpHandler();
        if (slot === 1 && !never(label)) await check("mcpHandler()(value)", label, "response", () => handler(v));
        if (slot === 2) await check("mcpHandler()(generated JSON)", label, "response", async () => {
          const answer = await handler(postRequest(randomJson()));
          await answer?.text?.();
          return answer;
        });
        if (slot === 3) {
          let body;
          try {
            body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "asana_execute", arguments: { entity: "tasks", action: "get", params: { task_gid: v } } } });
          } catch {
            body = randomJson();
          }
          await check("mcpHandler()(tools/call with the value)", label, "response", () => handler(postRequest(body)));
        }
        if (slot === 4 && !never(label)) {
          await check("mcpHandler()(a fake request)", label, "response", () => handler({ method: "POST", headers: v, text: async () => randomJson(), url: "http://mcp.fuzz.test/mcp" }));
        }
        if (slot === 5) await check("mcpHandler()(a request whose text() throws)", label, "response", () => handler({ method: "POST", headers: new Headers(), url: "http://mcp.fuzz.test/mcp", text: () => {
          throw v;
        } }));
      }],
      ["createHosted", async (v, label) => {
        const slots = [
          () => v,
          () => admin({ externalUserId: v }),
          () => admin({ credentials: v }),
          () => admin({ credentials: { token: v } }),
          () => admin({ credentials: { refreshToken: v, clientSecret: "s" } }),
          () => admin({ name: v }),
          () => admin({ credentials: undefined, serverSideOauthSecretId: v }),
          () => admin({ timeoutMs: v }),
          () => admin({ airbyteApiUrl: v }),
          () => admin({ fetch: v, airbyteApiUrl }),
        ];
        const slot = int(slots.length);
        await check(`createHosted slot ${slot}`, label, "asana", () => AsanaConnector.createHosted(slots[slot]()));
      }],
      ["initiateOAuth", async (v, label) => {
        const slots = [
          () => v,
          () => ({ ...admin({ redirectUrl: "https://app.fuzz.test/cb", externalUserId: v }), credentials: undefined }),
          () => ({ ...admin({ redirectUrl: v }), credentials: undefined }),
          () => ({ ...admin({ redirectUrl: "https://app.fuzz.test/cb", airbyteClientSecret: v }), credentials: undefined }),
          () => ({ ...admin({ redirectUrl: "https://app.fuzz.test/cb", fetch: fetchAnswers[int(fetchAnswers.length)](v) }), credentials: undefined }),
        ];
        const slot = int(slots.length);
        await check(`initiateOAuth slot ${slot}`, label, "asana", () => AsanaConnector.initiateOAuth(slots[slot]()));
      }],
      ["check and listEntities", async (v, label) => {
        await check("check()", label, "never-throws", () => new AsanaConnector({ ...base(), fetch: fetchAnswers[int(fetchAnswers.length)](v) }).check());
        if (int(8) === 0) await check("listEntities()", label, "sync", () => AsanaConnector.listEntities());
      }],
    ];

    let i = 0;
    for (; i < VALUES; i++) {
      const [label, v] = gen.next();
      for (const [entry, run] of entries) {
        try {
          await run(v, `value #${i} (${label})`);
        } catch (error) {
          // The set-up around the checked call failed: the module itself is broken (a trap), or the
          // entry threw where it must not.
          problems.push(`${entry} with value #${i} (${label}): a call outside the checked one failed: ${describe(error)}`);
        }
      }
      if (problems.length >= 25 || hangs >= 5 || Date.now() - started > TIME_BUDGET_MS) break;
      if (i % 100 === 99) {
        // The shared connector is rebuilt now and then, so one poisoned by a value is not blamed on the next ones.
        fz = new AsanaConnector(base());
      }
    }
    const took = Date.now() - started;
    if (problems.length) {
      fail(`${problems.length} contract breaks in ${calls} calls over ${Math.min(i + 1, VALUES)} values (seed ${SEED_VALUE}, ${took} ms); the first ones:\n  ${problems.slice(0, 12).join("\n  ")}`);
    }
    ok(i === VALUES, `all ${VALUES} values ran within the time budget (${i} in ${took} ms)`);
    await stillHealthy(`after ${calls} calls with generated values`);
  });

  // ==== bounds ==========================================================================================

  scenario("an endless answer body is cancelled at maxResponseBytes (default 32 MiB) and rejects bad_response", { budgetMs: 20_000 }, async () => {
    const { stream, stats: body } = lazyBody({ prefix: `{"data":{"gid":"${SEED.tasks.homepage}","notes":"`, limitBytes: 100 * 2 ** 20, suffix: '"}}' });
    const asana = connect({ retry: { maxAttempts: 1 }, fetch: async () => new Response(stream, { headers: { "Content-Type": "application/json" } }) });
    const outcome = await within(15_000, "a call answered with an endless body", settle(getTask(asana)));
    const pulledMiB = (body.pulled / 2 ** 20).toFixed(1);
    expectAsanaError(outcome, ["bad_response"], `a call answered with an endless body (${pulledMiB} MiB read)`);
    ok(body.pulled <= 34 * 2 ** 20, `bytes read from the body: ${pulledMiB} MiB (limit 32 MiB)`);
    ok(body.cancelled, "the body stream was cancelled");
  });

  scenario("maxResponseBytes: 1_000_000 refuses a 5 MB answer (streamed, whole, or announced) and accepts 900 KB", {}, async () => {
    const limit = 1_000_000;
    const notes = (n) => `{"data":{"gid":"${SEED.tasks.homepage}","notes":"${"n".repeat(n)}"}}`;
    const streamed = lazyBody({ prefix: `{"data":{"gid":"${SEED.tasks.homepage}","notes":"`, limitBytes: 5_000_000, suffix: '"}}' });
    const variants = [
      ["a 5 MB streamed body", () => new Response(streamed.stream, { headers: { "Content-Type": "application/json" } })],
      ["a 5 MB body in one piece", () => new Response(encoder.encode(notes(5_000_000)), { headers: { "Content-Type": "application/json" } })],
      ["a 5 MB body with its Content-Length", () => new Response(notes(5_000_000), { headers: { "Content-Type": "application/json", "Content-Length": String(5_000_000 + 40) } })],
    ];
    for (const [label, answer] of variants) {
      const asana = connect({ maxResponseBytes: limit, retry: { maxAttempts: 1 }, fetch: async () => answer() });
      expectAsanaError(await within(3_000, label, settle(getTask(asana))), ["bad_response"], label);
    }
    ok(streamed.stats.pulled <= limit + 2 * 64 * 1024, `bytes read from the streamed body: ${streamed.stats.pulled}`);
    ok(streamed.stats.cancelled, "the streamed body was cancelled");
    const small = connect({ maxResponseBytes: limit, fetch: async () => new Response(notes(900_000), { headers: { "Content-Type": "application/json" } }) });
    equal((await getTask(small)).notes.length, 900_000, "a 900 KB answer under the limit");
  });

  /** The longest run of lowercase ASCII letters in `text` (inputs below are runs of letters, so an echo shows as a long run). */
  const longestLetterRun = (text) => {
    let best = 0;
    let run = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        run += 1;
        if (run > best) best = run;
      } else run = 0;
    }
    return best;
  };
  const letters = (n) => "abcdefghijklmnopqrstuvwxyz".repeat(Math.ceil(n / 26)).slice(0, n);
  const checkEcho = (text, what) => {
    const run = longestLetterRun(text);
    ok(run <= 200, `${what} echoes ${run} characters of the input: …${text.slice(0, 120)}…`);
  };
  const mcpCall = (args) =>
    new Request("http://mcp.test/mcp", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "asana_execute", arguments: args } }),
    });
  const NAME_CODES = ["unknown_entity", "invalid_params"];

  const bigName = (size) => async () => {
    const name = letters(size);
    let sent = 0;
    const asana = connect({ fetch: async (input, init) => {
      sent += 1;
      return fetch(input, init);
    } });
    const mcpStarted = Date.now();
    const answer = await within(1_500, `an MCP tools/call with a ${size / 1e6} MB entity name`, attempt(async () => {
      const response = await asana.mcpHandler()(mcpCall({ entity: name, action: "list", params: {} }));
      return response.text();
    }));
    if (!answer.ok) fail(`the MCP handler failed on a ${size / 1e6} MB entity name: ${describe(answer.error)}`);
    ok(answer.value.length < 20_000, `the MCP answer is ${answer.value.length} characters long (${Date.now() - mcpStarted} ms)`);
    checkEcho(answer.value, "the MCP answer");
    const outcome = await within(1_500, `execute with a ${size / 1e6} MB entity name`, attempt(() => asana.execute(name, "list", {})));
    const error = expectAsanaError(outcome, NAME_CODES, `execute with a ${size / 1e6} MB entity name`);
    ok(error.message.length < 5_000, `the message is ${error.message.length} characters long`);
    checkEcho(error.message, "the message");
    checkEcho(JSON.stringify(error.details ?? null), "the details");
    const tool = await within(1_500, `runTool with a ${size / 1e6} MB entity name`, attempt(() => asana.runTool({ entity: name, action: "list" })));
    if (!tool.ok) fail(`runTool threw on a ${size / 1e6} MB entity name: ${describe(tool.error)}`);
    checkEcho(JSON.stringify(tool.value), "the runTool result");
    equal(sent, 0, "requests sent");
  };

  scenario("entity, action and param names over 200 characters are refused at once, echoing at most 200", {}, async () => {
    let sent = 0;
    const asana = connect({ fetch: async () => {
      sent += 1;
      return jsonResponse({ data: {} });
    } });
    const long = letters(201);
    const cases = [
      ["a 201-character entity", () => asana.execute(long, "list", {}), ["unknown_entity", "invalid_params"]],
      ["a 201-character action", () => asana.execute("tasks", long, {}), ["unknown_action", "invalid_params"]],
      ["a 201-character param name", () => asana.execute("tasks", "get", { task_gid: "1", [long]: 1 }), ["invalid_params"]],
      ["a 5000-character entity", () => asana.execute(letters(5000), "get", {}), ["unknown_entity", "invalid_params"]],
    ];
    for (const [label, call, codes] of cases) {
      const error = expectAsanaError(await within(500, label, attempt(call)), codes, label);
      checkEcho(error.message, `the message for ${label}`);
      checkEcho(JSON.stringify(error.details ?? null), `the details for ${label}`);
    }
    const tool = await asana.runTool({ entity: long, action: "list" });
    ok(NAME_CODES.includes(tool.error?.code), `runTool: ${describe(tool.error ?? tool)}`);
    checkEcho(JSON.stringify(tool), "the runTool result");
    const mcp = await (await asana.mcpHandler()(mcpCall({ entity: "tasks", action: long }))).text();
    checkEcho(mcp, "the MCP answer");
    equal(sent, 0, "requests sent");
  });

  scenario("a 2 MB entity name answers at once through the MCP handler, execute and runTool", {}, bigName(2_000_000));
  scenario("a 10 MB entity name answers at once through the MCP handler, execute and runTool", { budgetMs: 15_000 }, bigName(10_000_000));

  scenario("a gzip bomb (2.1 MB inflating to 2 GiB) through the runtime's own fetch is cut off with bad_response", { core: false, budgetMs: 40_000 }, async () => {
    const warm = await fetch(`${sandboxUrl}/_hostile/gzip-bomb/warm`);
    const { data: bomb } = await warm.json();
    ok(bomb.inflatedBytes > 2 ** 31, `the bomb inflates to ${bomb.inflatedBytes} bytes`);
    const asana = connect({ baseUrl: `${sandboxUrl}/_hostile/gzip-bomb/api/1.0`, retry: { maxAttempts: 1 } });
    const outcome = await within(15_000, "a call answered with a gzip bomb", settle(getTask(asana)));
    expectAsanaError(outcome, ["bad_response"], "a call answered with a gzip bomb");
    await stillHealthy("after the gzip bomb");
  });

  // ==== secrets: never echoed, in any form ================================================================

  /** Runs every public path that can fail through `asana`, collecting what comes out (errors, results, MCP answers). */
  const exerciseFailures = async (asana, record) => {
    const outcomes = [
      ["execute", () => asana.execute("users", "get", { user_gid: "me" })],
      ["execute (list)", () => asana.execute("workspaces", "list", { limit: 1 })],
      ["paginate", () => drain(asana.paginate("workspaces", "list", { limit: 1 }))],
      ["runTool", () => asana.runTool({ entity: "users", action: "get", params: { user_gid: "me" } })],
      ["check()", () => asana.check()],
      ["toolUtils", () => AsanaConnector.toolUtils((e, a, p) => asana.execute(e, a, p))("users", "get", { user_gid: "me" })],
      ["tool('vercel').execute", () => asana.tool("vercel").execute({ entity: "users", action: "get", params: { user_gid: "me" } })],
      ["MCP tools/call", async () => (await asana.mcpHandler()(mcpCall({ entity: "users", action: "get", params: { user_gid: "me" } }))).text()],
    ];
    for (const [where, call] of outcomes) {
      const outcome = await within(5_000, where, attempt(call));
      record(where, outcome.ok ? outcome.value : outcome.error);
    }
  };

  scenario("a 401 that echoes the bearer token (raw, URL-encoded, JSON-escaped, base64) is redacted everywhere", {}, async () => {
    const token = canary("pat");
    const { texts, record } = collector();
    const echo = (input, init) => {
      const headers = headerPairs(input, init).map(([k, v]) => `${k}: ${v}`).join("\n");
      return `token ${allForms(token)} | headers ${headers}`;
    };
    const answers = [
      (input, init) => jsonResponse({ errors: [{ message: `Not Authorized: ${echo(input, init)}`, help: `Authorization: Bearer ${token}`, phrase: allForms(token) }] }, { status: 401 }),
      (input, init) => new Response(`401 Unauthorized\n${echo(input, init)}`, { status: 401, headers: { "Content-Type": "text/plain" } }),
      (input, init) => new Response(`<html><body>Bad Gateway ${echo(input, init)}</body></html>`, { status: 502, headers: { "Content-Type": "text/html" } }),
      (input, init) => jsonResponse({ errors: [{ message: `task_gid: Not a valid gid (${echo(input, init)})` }] }, { status: 400 }),
      (input, init) => jsonResponse({ errors: [{ message: `Forbidden for ${echo(input, init)}` }] }, { status: 403 }),
      (input, init) => jsonResponse({ errors: [{ message: `Rate limited ${echo(input, init)}` }] }, { status: 429, headers: { "Retry-After": "999" } }),
    ];
    await capturingConsole(record, async () => {
      for (const [i, answer] of answers.entries()) {
        const asana = connect({ auth: { token }, retry: { maxAttempts: 1, maxDelayMs: 1_000 }, fetch: async (input, init) => answer(input, init), onWarning: (w) => record("onWarning", w) });
        await exerciseFailures(asana, (where, value) => record(`answer ${i}: ${where}`, value));
        record(`answer ${i}: String(connector)`, String(asana));
        record(`answer ${i}: JSON.stringify(connector)`, JSON.stringify(asana));
      }
    });
    ok(texts.length > 40, `collected ${texts.length} outputs`);
    deepEqual(leaksIn(texts, { token }), [], "the token in an output");
  });

  scenario("a token endpoint that echoes refresh_token=…&client_secret=… is redacted everywhere", {}, async () => {
    const secrets = { refreshToken: canary("refresh"), clientSecret: canary("client"), accessToken: canary("access") };
    const { texts, record } = collector();
    const echoBody = (init) => {
      const body = typeof init?.body === "string" ? init.body : String(init?.body ?? "");
      return `got ${body} | ${Object.values(secrets).map(allForms).join(" | ")}`;
    };
    const tokenAnswers = [
      (init) => jsonResponse({ error: "invalid_grant", error_description: `bad grant: ${echoBody(init)}` }, { status: 400 }),
      (init) => new Response(`invalid_client ${echoBody(init)}`, { status: 401, headers: { "Content-Type": "text/plain" } }),
      (init) => new Response(`<html>500 ${echoBody(init)}</html>`, { status: 500, headers: { "Content-Type": "text/html" } }),
      (init) => jsonResponse({ access_token: "", error: `no token for ${echoBody(init)}` }),
    ];
    await capturingConsole(record, async () => {
      for (const [i, answer] of tokenAnswers.entries()) {
        const asana = new AsanaConnector({
          auth: { refreshToken: secrets.refreshToken, clientId: "client-id-1", clientSecret: secrets.clientSecret, accessToken: secrets.accessToken, expiresAt: Date.now() - 1_000 },
          baseUrl: "https://api.hostile.test/api/1.0",
          tokenUrl: "https://app.hostile.test/-/oauth_token",
          retry: { maxAttempts: 1 },
          onWarning: (w) => record("onWarning", w),
          fetch: async (input, init) => {
            if (urlOf(input).includes("oauth_token")) return answer(init);
            return jsonResponse({ errors: [{ message: `Not Authorized: ${Object.values(secrets).map(allForms).join(" | ")}` }] }, { status: 401 });
          },
        });
        await exerciseFailures(asana, (where, value) => record(`token answer ${i}: ${where}`, value));
      }
    });
    ok(texts.length > 30, `collected ${texts.length} outputs`);
    deepEqual(leaksIn(texts, secrets), [], "a secret in an output");
  });

  scenario("Airbyte errors that echo credentials are redacted (hosted calls, createHosted, initiateOAuth)", {}, async () => {
    const secrets = { airbyteClientSecret: canary("airbyte"), applicationToken: canary("apptoken"), pat: canary("hostedpat"), refreshToken: canary("hostedrefresh"), clientSecret: canary("hostedclient") };
    const { texts, record } = collector();
    /**
     * A fake Airbyte that echoes what it was sent (headers, body) and every form of the secrets
     * its caller holds (`held`: names in `secrets`; a connector cannot redact what it never had).
     */
    const airbyte = (tokenWorks, held) => async (input, init) => {
      const url = urlOf(input);
      const heard = [...held, ...(tokenWorks ? ["applicationToken"] : [])].map((name) => allForms(secrets[name])).join(" | ");
      const headers = headerPairs(input, init).map(([k, v]) => `${k}: ${v}`).join("; ");
      const echo = `headers ${headers} body ${typeof init?.body === "string" ? init.body : ""} | ${heard}`;
      if (url.endsWith("/applications/token")) {
        if (!tokenWorks) return jsonResponse({ message: `Invalid client credentials: ${echo}`, errors: [{ field: "client_secret", message: echo, error_code: "invalid_client" }] }, { status: 401 });
        return jsonResponse({ access_token: secrets.applicationToken, token_type: "Bearer", expires_in: 900 });
      }
      const status = url.includes("/execute") ? 500 : 422;
      return jsonResponse({ message: `upstream failure: ${echo}`, errors: [{ field: "credentials", message: echo, error_code: "validation_error" }] }, { status });
    };
    const hostedBase = { airbyteClientId: "ab-client-id", airbyteClientSecret: secrets.airbyteClientSecret, airbyteApiUrl: "https://airbyte.hostile.test", retry: { maxAttempts: 1 } };
    await capturingConsole(record, async () => {
      for (const tokenWorks of [false, true]) {
        const when = `token ${tokenWorks ? "works" : "refused"}`;
        const asana = new AsanaConnector({ ...hostedBase, connectorId: "c0ffee00-0000-4000-8000-000000000001", fetch: airbyte(tokenWorks, ["airbyteClientSecret"]), onWarning: (w) => record("onWarning", w) });
        await exerciseFailures(asana, (where, value) => record(`hosted (${when}): ${where}`, value));
        const lookup = new AsanaConnector({ ...hostedBase, externalUserId: "someone", fetch: airbyte(tokenWorks, ["airbyteClientSecret"]) });
        record(`hosted lookup (${when})`, (await attempt(() => me(lookup))).error);
        const credentialSets = [[{ token: secrets.pat }, ["pat"]], [{ refreshToken: secrets.refreshToken, clientId: "cid", clientSecret: secrets.clientSecret }, ["refreshToken", "clientSecret"]]];
        for (const [credentials, names] of credentialSets) {
          const made = await attempt(() => AsanaConnector.createHosted({ ...hostedBase, externalUserId: "someone", name: "x", credentials, fetch: airbyte(tokenWorks, ["airbyteClientSecret", ...names]) }));
          record(`createHosted (${when})`, made.ok ? made.value : made.error);
        }
        const consent = await attempt(() =>
          AsanaConnector.initiateOAuth({ ...hostedBase, externalUserId: "someone", redirectUrl: "https://app.hostile.test/cb", fetch: airbyte(tokenWorks, ["airbyteClientSecret"]) }));
        record(`initiateOAuth (${when})`, consent.ok ? consent.value : consent.error);
      }
      const viaGetToken = new AsanaConnector({
        connectorId: "c0ffee00-0000-4000-8000-000000000001",
        airbyteApiUrl: "https://airbyte.hostile.test",
        getToken: async () => secrets.applicationToken,
        fetch: airbyte(true, []),
        retry: { maxAttempts: 1 },
      });
      await exerciseFailures(viaGetToken, (where, value) => record(`hosted via getToken: ${where}`, value));
    });
    ok(texts.length > 30, `collected ${texts.length} outputs`);
    deepEqual(leaksIn(texts, secrets), [], "a secret in an output");
  });

  scenario("a credential holding NUL, CR or LF is refused with invalid_config and never sent", {}, async () => {
    const cases = [
      ["a token with NUL", "nul", "\0", (s) => ({ auth: { token: s } })],
      ["a token with CR", "cr", "\r", (s) => ({ auth: { token: s } })],
      ["a token with LF", "lf", "\n", (s) => ({ auth: { token: s } })],
      ["a token with CRLF and a header", "crlf", "\r\nX-Injected: 1\r\n", (s) => ({ auth: { token: s } })],
      ["an access token with LF", "access", "\n", (s) => ({ auth: { refreshToken: "refresh-ok", accessToken: s, expiresAt: Date.now() + 3_600_000 } })],
      ["a refresh token with CR", "refresh", "\r", (s) => ({ auth: { refreshToken: s } })],
      ["a client secret with NUL", "client", "\0", (s) => ({ auth: { refreshToken: "refresh-ok", clientId: "cid", clientSecret: s } })],
      ["an Airbyte client secret with LF", "airbyte", "\n", (s) => ({ externalUserId: "w", airbyteClientId: "id", airbyteClientSecret: s })],
    ].map(([label, tag, bad, config]) => ({ label, marker: `CANARY${tag}`, value: `CANARY${tag}${bad}tail`, config }));
    const { texts, record } = collector();
    for (const { label, marker, value, config } of cases) {
      for (const viaGlobalFetch of [false, true]) {
        const seen = [];
        const recording = async (input, init) => {
          seen.push(`${urlOf(input)} ${headerPairs(input, init).map(([k, v]) => `${k}: ${v}`).join("; ")} ${typeof init?.body === "string" ? init.body : ""}`);
          return jsonResponse({ data: { gid: "1" }, access_token: "fresh-ok", expires_in: 3600 });
        };
        const full = { baseUrl: apiUrl, tokenUrl, airbyteApiUrl, retry: { maxAttempts: 1 }, ...(viaGlobalFetch ? {} : { fetch: recording }), ...config(value) };
        const what = `${label}${viaGlobalFetch ? " (through the runtime's fetch)" : ""}`;
        let error;
        try {
          const asana = new AsanaConnector(full);
          const outcome = await within(5_000, what, attempt(() => me(asana)));
          if (outcome.ok) fail(`${what}: the call succeeded`);
          error = outcome.error;
        } catch (caught) {
          if (caught instanceof AssertionError) throw caught;
          error = caught;
        }
        record(what, error);
        deepEqual(seen.filter((line) => line.includes(marker)), [], `${what}: requests carrying the credential`);
        if (!isAsanaError(error) || codeOf(error) !== "invalid_config") fail(`${what}: expected invalid_config, got ${describe(error)}`);
      }
    }
    const secrets = Object.fromEntries(cases.map(({ label, value }) => [label, value]));
    deepEqual(leaksIn(texts, secrets), [], "a credential in an error");
    deepEqual((await requests()).map((r) => `${r.method} ${r.path}`), [], "requests that reached the sandbox");
  });

  scenario("an onTokenRefresh error holding the client secret never reaches onWarning or console unredacted", {}, async () => {
    const secrets = { clientSecret: canary("cbclient"), refreshToken: canary("cbrefresh"), rotated: canary("cbrotated"), accessToken: canary("cbaccess") };
    const fake = async (input) => {
      if (urlOf(input).includes("oauth_token")) return jsonResponse({ access_token: secrets.accessToken, refresh_token: secrets.rotated, expires_in: 3600, token_type: "bearer" });
      return jsonResponse({ data: { gid: SEED.users.alice, name: "Alice" } });
    };
    const failing = (tokens) => {
      const secret = secrets.clientSecret;
      throw new Error(`could not save ${secret} ${encodeURIComponent(secret)} ${base64(secret)} with ${tokens.refreshToken} ${tokens.accessToken} ${JSON.stringify(tokens)}`);
    };
    const { texts, record } = collector();
    const make = (extra) =>
      new AsanaConnector({
        auth: { refreshToken: secrets.refreshToken, clientId: "cid", clientSecret: secrets.clientSecret },
        baseUrl: "https://api.hostile.test/api/1.0",
        tokenUrl: "https://app.hostile.test/-/oauth_token",
        fetch: fake,
        ...extra,
      });
    let warnings = 0;
    await capturingConsole(record, async () => {
      const withHandler = make({ onTokenRefresh: failing, onWarning: (warning) => {
        warnings += 1;
        record("onWarning", warning);
      } });
      equal((await me(withHandler)).gid, SEED.users.alice, "the call succeeds although onTokenRefresh threw");
      const rejecting = make({ onTokenRefresh: async (tokens) => failing(tokens), onWarning: (warning) => {
        warnings += 1;
        record("onWarning", warning);
      } });
      equal((await me(rejecting)).gid, SEED.users.alice, "the call succeeds although onTokenRefresh rejected");
      const withDefault = make({ onTokenRefresh: failing });
      equal((await me(withDefault)).gid, SEED.users.alice, "the call succeeds with the default onWarning");
    });
    equal(warnings, 2, "onWarning calls");
    ok(texts.some((t) => t.where.startsWith("console.")), "the default onWarning wrote to the console");
    deepEqual(leaksIn(texts, secrets), [], "a secret in a warning");
  });

  // ==== header injection ===============================================================================

  scenario("a renewed access token holding a newline never adds a header and fails with authentication", {}, async () => {
    const variants = ["good\nX-Injected\nyes", "good\r\nX-Injected: yes", "good\nX-Injected: yes", "good\rX-Injected: yes", "good\u0000X-Injected: yes"];
    for (const token of variants) {
      const seen = [];
      const fake = async (input, init) => {
        if (urlOf(input).includes("oauth_token")) return jsonResponse({ access_token: token, expires_in: 3600, token_type: "bearer" });
        seen.push(headerPairs(input, init));
        return jsonResponse({ data: { gid: SEED.users.alice } });
      };
      const asana = new AsanaConnector({
        auth: { refreshToken: "refresh-ok" },
        baseUrl: "https://api.hostile.test/api/1.0",
        tokenUrl: "https://app.hostile.test/-/oauth_token",
        fetch: fake,
        retry: { maxAttempts: 1 },
        onWarning: () => {},
      });
      const label = JSON.stringify(token);
      expectAsanaError(await within(3_000, `a renewed token ${label}`, attempt(() => me(asana))), ["authentication"], `a renewed token ${label}`);
      const injected = seen.flat().filter(([name, value]) => /injected/i.test(name) || /injected/i.test(value) || /[\0\r\n]/.test(name) || /[\0\r\n]/.test(value));
      deepEqual(injected, [], `headers sent with the renewed token ${label}`);
    }
    for (const token of variants.slice(0, 2)) {
      const seen = [];
      const hosted = new AsanaConnector({
        connectorId: AB.connectorId,
        airbyteApiUrl: "https://airbyte.hostile.test",
        getToken: async () => token,
        retry: { maxAttempts: 1 },
        fetch: async (input, init) => {
          seen.push(headerPairs(input, init));
          return jsonResponse({ status: "success", result: { gid: SEED.users.alice } });
        },
      });
      const label = JSON.stringify(token);
      expectAsanaError(await within(3_000, `getToken answering ${label}`, attempt(() => me(hosted))), ["authentication"], `getToken answering ${label}`);
      const injected = seen.flat().filter(([name, value]) => /injected/i.test(name) || /injected/i.test(value) || /[\0\r\n]/.test(value));
      deepEqual(injected, [], `headers sent with the application token ${label}`);
    }
  });

  // ==== writes ==========================================================================================

  const createTask = (asana) => asana.execute("tasks", "create", { data: { name: "Sent once", workspace: SEED.workspaces.acme } });

  scenario("a same-origin 307 loop never re-sends a POST (a fetch that follows redirects as the spec says)", {}, async () => {
    let posts = 0;
    // Follows redirects by init.redirect like a spec fetch: "follow" (the default) re-sends a 307'd POST, up to 20 times.
    const looping = async (input, init = {}) => {
      const url = urlOf(input);
      for (let hops = 0; ; hops++) {
        if ((init.method ?? "GET").toUpperCase() === "POST") posts += 1;
        const redirect = init.redirect ?? "follow";
        if (redirect === "manual") return new Response(null, { status: 307, headers: { Location: url } });
        if (redirect === "error") throw new TypeError("fetch failed: unexpected redirect");
        if (hops >= 20) throw new TypeError("fetch failed: redirect count exceeded");
      }
    };
    const outcome = await within(3_000, "a create answered by a 307 loop", attempt(() => createTask(connect({ fetch: looping }))));
    expectAsanaError(outcome, undefined, "a create answered by a 307 loop");
    ok(posts <= 1, `POSTs sent: ${posts}`);
  });

  scenario("a real same-origin 307 loop through the runtime's fetch never re-sends a POST", {}, async () => {
    const hostile = async (path, method = "GET") => (await (await fetch(`${sandboxUrl}/_hostile/${path}`, { method })).json()).data;
    await hostile("reset", "POST");
    const asana = connect({ baseUrl: `${sandboxUrl}/_hostile/redirect-loop/api/1.0` });
    const outcome = await within(5_000, "a create answered by a real 307 loop", attempt(() => createTask(asana)));
    expectAsanaError(outcome, undefined, "a create answered by a real 307 loop");
    const { redirectLoop } = await hostile("stats");
    ok((redirectLoop.POST ?? 0) <= 1, `POSTs that reached the server: ${redirectLoop.POST}`);
  });

  scenario("a write whose outcome is unknown is not retryable and says to read first; reads stay retryable", {}, async () => {
    const readFirst = (error, what) => {
      ok(/\bread\b/i.test(error.message) && /\b(first|before)\b/i.test(error.message), `${what}: the message says to read first: ${error.message}`);
    };
    const posts = async () => (await api()).filter((r) => r.method === "POST").length;
    await fault({ method: "POST", path: "/tasks", status: 500, after: "execute" });
    const five = await rejectsWith(createTask(connect()), ["server"], "a create answered 500");
    equal(five.retryable, false, "a create answered 500: retryable");
    readFirst(five, "a create answered 500");
    equal(await posts(), 1, "POSTs after a 500");
    // A connection that fails after the request went out, through the fetch option: the sandbox's
    // "drop" fault is not portable (Deno's fetch re-sends a request whose pooled connection closed).
    let sentBeforeFailing = 0;
    const failing = connect({ fetch: async () => {
      sentBeforeFailing += 1;
      throw new TypeError("fetch failed: other side closed");
    } });
    const dropped = await rejectsWith(createTask(failing), ["network"], "a create whose connection failed after sending");
    equal(dropped.retryable, false, "a create whose connection failed after sending: retryable");
    readFirst(dropped, "a create whose connection failed after sending");
    equal(sentBeforeFailing, 1, "creates sent when the connection failed");
    await control("POST", "reset");
    await fault({ method: "POST", path: "/tasks", delayMs: 3_000 });
    const slow = await rejectsWith(createTask(connect({ timeoutMs: 300 })), ["timeout"], "a create that timed out");
    equal(slow.retryable, false, "a create that timed out: retryable");
    await control("POST", "reset");
    await fault({ method: "PUT", path: taskPath, status: 503 });
    const update = await rejectsWith(connect().execute("tasks", "update", { task_gid: SEED.tasks.homepage, data: { notes: "x" } }), ["server"], "an update answered 503");
    equal(update.retryable, false, "an update answered 503: retryable");
    await control("POST", "reset");
    await fault({ method: "POST", path: "/tasks", status: 500 });
    const tool = await connect().runTool({ entity: "tasks", action: "create", params: { data: { name: "Via a tool", workspace: SEED.workspaces.acme } } });
    equal(tool.error?.retryable, false, `runTool: a create answered 500: ${describe(tool.error ?? tool)}`);
    await control("POST", "reset");
    await fault({ path: taskPath, status: 500, times: 3 });
    const read = await rejectsWith(getTask(connect()), ["server"], "a read answered 500 three times");
    equal(read.retryable, true, "a read answered 500: retryable");
    await control("POST", "reset");
    await fault({ method: "POST", path: "/tasks", status: 429, headers: { "Retry-After": "120" } });
    const limited = await rejectsWith(createTask(connect({ retry: { maxDelayMs: 1_000 } })), ["rate_limited"], "a create answered 429");
    equal(limited.retryable, true, "a create answered 429 (refused before it ran): retryable");
  });

  const rejectsWith = async (promise, codes, what) => expectAsanaError(await within(8_000, what, settle(promise)), codes, what);

  // ==== drift between the attempt loops ==================================================================

  scenario("hosted mode honours maxConcurrency", {}, async () => {
    let inFlight = 0;
    let most = 0;
    const counting = async (input, init = {}) => {
      if (!urlOf(input).endsWith("/execute")) return fetch(input, init);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await sleep(150, init.signal ?? undefined);
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const asana = hostedConnector({ maxConcurrency: 2, fetch: counting });
    const results = await within(8_000, "8 hosted calls", Promise.all(Array.from({ length: 8 }, () => me(asana))));
    ok(results.every((r) => r.gid === SEED.users.alice), "all 8 succeeded");
    ok(most <= 2, `hosted executes in flight at once: ${most} (maxConcurrency 2)`);
  });

  scenario("hosted mode honours a Retry-After HTTP date", {}, async () => {
    let executes = 0;
    const limited = async (input, init = {}) => {
      if (urlOf(input).endsWith("/execute") && ++executes === 1) {
        const at = new Date(Date.now() + 2_500).toUTCString();
        return jsonResponse({ message: "Rate limit exceeded", errors: [{ field: null, message: "Rate limit exceeded", error_code: "rate_limited" }] }, { status: 429, headers: { "Retry-After": at } });
      }
      return fetch(input, init);
    };
    const asana = hostedConnector({ fetch: limited });
    const started = Date.now();
    const result = await within(8_000, "a hosted call answered 429 with an HTTP date", me(asana));
    const waited = Date.now() - started;
    equal(result.gid, SEED.users.alice);
    equal(executes, 2, "executes");
    ok(waited >= 1_200, `waited ${waited} ms for a Retry-After date 1.5-2.5 s ahead`);
  });

  scenario("a timeout while renewing a token is reported as timeout, not authentication", {}, async () => {
    const hanging = (input, init = {}) => {
      if (!urlOf(input).startsWith(tokenUrl)) return fetch(input, init);
      // Answers only when the connector gives up (its signal); a connector must also race a fetch that ignores signals.
      return new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal.reason ?? new Error("aborted")), { once: true }));
    };
    const configured = oauthConnector({ fetch: hanging, timeoutMs: 300, retry: { maxAttempts: 1 } });
    expectAsanaError(await within(3_000, "a renewal past timeoutMs 300", attempt(() => me(configured))), ["timeout"], "a renewal past the connector's timeoutMs");
    const perCall = oauthConnector({ fetch: hanging, retry: { maxAttempts: 1 } });
    expectAsanaError(await within(3_000, "a renewal past a per-call timeoutMs 300", attempt(() => me(perCall, { timeoutMs: 300 }))), ["timeout"], "a renewal past a per-call timeoutMs");
  });

  scenario("an expires_in under 60 s does not renew on every call", {}, async () => {
    await control("POST", "oauth", { expiresIn: 30 });
    const asana = oauthConnector();
    for (let i = 0; i < 5; i++) equal((await me(asana)).gid, SEED.users.alice, `call ${i + 1}`);
    equal((await stats()).oauth.refreshes, 1, "renewals for 5 calls within seconds of a 30 s token");
  });

  return list;
}
