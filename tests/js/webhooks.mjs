// Receiving webhooks (pkg/webhooks.js): the handshake, signed deliveries and verifyWebhookSignature,
// run in every runtime. Runtime-agnostic like scenarios.mjs: no node: imports, only Request,
// Response, streams and crypto.subtle; expected signatures come from an independent HMAC here.
// None of these scenarios needs the sandbox.
//
//   webhookScenarios({ AsanaConnector, AsanaError }) -> [{ name, run }]
//
// The functions under test are the statics AsanaConnector.webhookHandler and
// AsanaConnector.verifyWebhookSignature. The end-to-end run against the sandbox's POST /webhooks
// handshake and signed deliveries is in whole-api.mjs.

import * as assert from "./assert.mjs";

const { ok, equal, deepEqual, notIncludes, throws } = assert;

const MIB = 1024 * 1024;
const encoder = new TextEncoder();

/** An independent HMAC-SHA256 (crypto.subtle.sign), as lowercase hex. */
async function hmacHex(secret, body) {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof body === "string" ? encoder.encode(body) : body));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A secrets store over a Map that records its calls. */
function memoryStore(initial = {}) {
  const map = new Map(Object.entries(initial));
  const calls = [];
  return {
    map,
    calls,
    get(key) {
      calls.push(["get", key]);
      return Promise.resolve(map.get(key) ?? null);
    },
    async put(key, secret) {
      calls.push(["put", key, secret]);
      map.set(key, secret);
    },
  };
}

/** An onEvents that records what it was called with. */
function recorder(behaviour) {
  const calls = [];
  const fn = async (events, request) => {
    calls.push({ events, request });
    if (behaviour) await behaviour(events, request);
  };
  return Object.assign(fn, { calls });
}

const TARGET = "https://hooks.example/asana/receive";

function post(body, headers = {}, url = TARGET) {
  return new Request(url, { method: "POST", headers, body });
}

const SAMPLE_EVENTS = [
  { user: { gid: "1201", resource_type: "user" }, created_at: "2024-05-01T12:00:00.000Z", action: "changed",
    resource: { gid: "1301", resource_type: "task", resource_subtype: "default_task" }, parent: null, change: { field: "name", action: "changed" } },
  { user: { gid: "1201", resource_type: "user" }, created_at: "2024-05-01T12:00:01.000Z", action: "added",
    resource: { gid: "1302", resource_type: "story", resource_subtype: "comment_added" }, parent: { gid: "1301", resource_type: "task" } },
];

/**
 * The response's status, with its body checked to hold none of `secrets` (and none of their
 * hex/JSON spellings). Returns the body text.
 */
async function expectStatus(response, status, secrets, what) {
  ok(response instanceof Response, `${what}: the handler resolves to a Response`);
  const text = await response.text();
  equal(response.status, status, `${what}: status (body ${text.slice(0, 200)})`);
  for (const secret of secrets) {
    notIncludes(text, secret, `${what}: the response body holds no secret`);
    notIncludes(text, JSON.stringify(secret).slice(1, -1), `${what}: the response body holds no secret (JSON-escaped)`);
  }
  return text;
}

/** A Proxy whose every trap throws: the most hostile value there is. */
const trap = () => new Proxy({}, new Proxy({}, { get: () => () => { throw new Error("trap"); } }));

export function webhookScenarios({ AsanaConnector, AsanaError }) {
  const list = [];
  const scenario = (name, run) => list.push({ name: `webhooks: ${name}`, run });

  /** The functions under test: the package's statics. */
  const api = () => {
    const { webhookHandler, verifyWebhookSignature } = AsanaConnector;
    if (typeof webhookHandler !== "function" || typeof verifyWebhookSignature !== "function") {
      throw new assert.AssertionError("AsanaConnector.webhookHandler / AsanaConnector.verifyWebhookSignature are missing");
    }
    return { webhookHandler, verifyWebhookSignature };
  };

  /** A handler over a fresh memory store, with SECRET stored under TARGET's path. */
  const setup = (extra = {}, stored = { "/asana/receive": SECRET }) => {
    const secrets = memoryStore(stored);
    const onEvents = recorder(extra.behaviour);
    const handler = api().webhookHandler({ secrets, onEvents, ...(extra.key ? { key: extra.key } : {}) });
    return { handler, secrets, onEvents };
  };
  const SECRET = "8b1f0c2e4d6a9f3b5c7e1a2d4f6b8c0e";
  const OTHER = "0123456789abcdef0123456789abcdef";

  scenario("a handshake stores X-Hook-Secret under the URL's path and echoes it", async () => {
    const { handler, secrets, onEvents } = setup({}, {});
    const handshakeSecret = "f00dfeedcafe0123456789abcdefbeef";
    const response = await handler(post(null, { "X-Hook-Secret": handshakeSecret }, `${TARGET}?webhook=1`));
    equal(response.headers.get("X-Hook-Secret"), handshakeSecret, "echoed header");
    await expectStatus(response, 200, [handshakeSecret], "handshake");
    deepEqual(secrets.calls, [["put", "/asana/receive", handshakeSecret]], "stored once under the path (no query)");
    equal(onEvents.calls.length, 0, "onEvents is not called for a handshake");
    // Then a delivery signed with it is accepted.
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const delivered = await handler(post(body, { "X-Hook-Signature": await hmacHex(handshakeSecret, body) }));
    await expectStatus(delivered, 200, [handshakeSecret], "delivery after the handshake");
    equal(onEvents.calls.length, 1, "onEvents called once");
  });

  scenario("a later handshake replaces the stored secret", async () => {
    const { handler, onEvents } = setup();
    await expectStatus(await handler(post(null, { "X-Hook-Secret": OTHER })), 200, [SECRET, OTHER], "second handshake");
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    await expectStatus(await handler(post(body, { "X-Hook-Signature": await hmacHex(SECRET, body) })), 401, [SECRET, OTHER], "old secret");
    await expectStatus(await handler(post(body, { "X-Hook-Signature": await hmacHex(OTHER, body) })), 200, [SECRET, OTHER], "new secret");
    equal(onEvents.calls.length, 1, "only the delivery under the new secret reached onEvents");
  });

  scenario("a custom key(request), sync or async, names where the secret lives", async () => {
    for (const [label, key] of [["sync", (r) => new URL(r.url).searchParams.get("hook")], ["async", async (r) => `kv:${new URL(r.url).searchParams.get("hook")}`]]) {
      const secrets = memoryStore();
      const onEvents = recorder();
      const handler = api().webhookHandler({ secrets, onEvents, key });
      const stored = label === "sync" ? "42" : "kv:42";
      await expectStatus(await handler(post(null, { "X-Hook-Secret": SECRET }, `${TARGET}?hook=42`)), 200, [SECRET], `${label} handshake`);
      deepEqual([...secrets.map.entries()], [[stored, SECRET]], `${label}: stored under the key`);
      const body = JSON.stringify({ events: SAMPLE_EVENTS });
      const signature = await hmacHex(SECRET, body);
      await expectStatus(await handler(post(body, { "X-Hook-Signature": signature }, `${TARGET}?hook=42`)), 200, [SECRET], `${label} delivery`);
      await expectStatus(await handler(post(body, { "X-Hook-Signature": signature }, `${TARGET}?hook=43`)), 401, [SECRET], `${label}: another key has no secret`);
      equal(onEvents.calls.length, 1, `${label}: onEvents once`);
      // A key function that gives no name, or fails, is no webhook of ours.
      await expectStatus(await handler(post(body, { "X-Hook-Signature": signature }, TARGET)), label === "sync" ? 400 : 401, [SECRET], `${label}: no hook param`);
    }
    const failing = api().webhookHandler({ secrets: memoryStore(), onEvents: recorder(), key: () => { throw new Error(`no key, secret ${SECRET}`); } });
    await expectStatus(await failing(post(null, { "X-Hook-Secret": SECRET })), 500, [SECRET], "key throws");
  });

  scenario("a delivery with a good signature calls onEvents with the events and the request", async () => {
    const { handler, onEvents, secrets } = setup();
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const request = post(body, { "X-Hook-Signature": await hmacHex(SECRET, body), "Content-Type": "application/json" });
    await expectStatus(await handler(request), 200, [SECRET], "delivery");
    equal(onEvents.calls.length, 1, "onEvents called once");
    deepEqual(onEvents.calls[0].events, SAMPLE_EVENTS, "the events");
    ok(onEvents.calls[0].request === request, "the request itself is passed");
    deepEqual(secrets.calls, [["get", "/asana/receive"]], "the secret was read once, by the path");
    // Uppercase hex is the same 32 bytes: accepted (Asana sends lowercase).
    await expectStatus(await handler(post(body, { "X-Hook-Signature": (await hmacHex(SECRET, body)).toUpperCase() })), 200, [SECRET], "uppercase hex");
    // Non-ASCII bodies are signed over their UTF-8 bytes.
    const unicode = JSON.stringify({ events: [{ ...SAMPLE_EVENTS[0], change: { field: "name", new_value: "Prüfung ✓ 日本 🚀" } }] });
    await expectStatus(await handler(post(unicode, { "X-Hook-Signature": await hmacHex(SECRET, unicode) })), 200, [SECRET], "unicode body");
    equal(onEvents.calls[2].events[0].change.new_value, "Prüfung ✓ 日本 🚀", "unicode survives");
  });

  scenario("wrong, short, long, non-hex, prefixed or missing signatures are 401 and reach nothing", async () => {
    const { handler, onEvents } = setup();
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const good = await hmacHex(SECRET, body);
    const flipped = `${good.slice(0, 63)}${good[63] === "0" ? "1" : "0"}`;
    const cases = {
      "wrong secret": await hmacHex(OTHER, body),
      "last digit changed": flipped,
      "63 digits": good.slice(0, 63),
      "65 digits": `${good}0`,
      "128 digits": good + good,
      "non-hex": "g".repeat(64),
      "sha256= prefix": `sha256=${good}`,
      "base64": "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
      "inner space": `${good.slice(0, 32)} ${good.slice(33)}`,
      "two values": `${good}, ${good}`,
      "zeros": "0".repeat(64),
      empty: "",
    };
    for (const [label, signature] of Object.entries(cases)) {
      const text = await expectStatus(await handler(post(body, { "X-Hook-Signature": signature })), 401, [SECRET], label);
      notIncludes(text, good, `${label}: the expected signature is not disclosed`);
    }
    await expectStatus(await handler(post(body)), 401, [SECRET], "no signature header");
    equal(onEvents.calls.length, 0, "onEvents never called");
  });

  scenario("a delivery for a key with no stored secret is 401", async () => {
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const signature = await hmacHex(SECRET, body);
    const { handler, onEvents } = setup();
    await expectStatus(await handler(post(body, { "X-Hook-Signature": signature }, "https://hooks.example/asana/other")), 401, [SECRET], "unknown path");
    for (const [label, value] of [["undefined", undefined], ["null", null], ["empty", ""]]) {
      const handlerOver = api().webhookHandler({ secrets: { get: () => value, put() {} }, onEvents });
      await expectStatus(await handlerOver(post(body, { "X-Hook-Signature": signature })), 401, [SECRET], `store gives ${label}`);
    }
    equal(onEvents.calls.length, 0, "onEvents never called");
  });

  scenario("a signature over a body one byte different is 401", async () => {
    const { handler, onEvents } = setup();
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const signature = await hmacHex(SECRET, body);
    const bytes = encoder.encode(body);
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = bytes.slice();
      changed[at] ^= 0x01;
      await expectStatus(await handler(post(changed, { "X-Hook-Signature": signature })), 401, [SECRET], `byte ${at} changed`);
    }
    await expectStatus(await handler(post(`${body} `, { "X-Hook-Signature": signature })), 401, [SECRET], "a byte appended");
    await expectStatus(await handler(post(body.slice(0, -1), { "X-Hook-Signature": signature })), 401, [SECRET], "a byte dropped");
    // Re-serialised JSON (same events, other bytes) is another body.
    await expectStatus(await handler(post(JSON.stringify({ events: SAMPLE_EVENTS }, null, 2), { "X-Hook-Signature": signature })), 401, [SECRET], "re-serialised");
    equal(onEvents.calls.length, 0, "onEvents never called");
  });

  scenario("a heartbeat (empty events) is 200 without calling onEvents", async () => {
    const { handler, onEvents } = setup();
    for (const body of ['{"events":[]}', '{ "events": [], "extra": true }']) {
      const response = await handler(post(body, { "X-Hook-Signature": await hmacHex(SECRET, body) }));
      await expectStatus(response, 200, [SECRET], body);
    }
    equal(onEvents.calls.length, 0, "onEvents not called for a heartbeat");
  });

  scenario("onEvents throwing or rejecting is 500, without its message", async () => {
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const signature = await hmacHex(SECRET, body);
    const failures = {
      throws: () => { throw new Error(`broken with ${SECRET}`); },
      rejects: () => Promise.reject(new Error(`rejected with ${SECRET}`)),
      "throws a non-error": () => { throw SECRET; },
      "throws a trap": () => { throw trap(); },
    };
    for (const [label, behaviour] of Object.entries(failures)) {
      const secrets = memoryStore({ "/asana/receive": SECRET });
      const handler = api().webhookHandler({ secrets, onEvents: (events, request) => behaviour(events, request) });
      const text = await expectStatus(await handler(post(body, { "X-Hook-Signature": signature })), 500, [SECRET], label);
      notIncludes(text, "broken", `${label}: the caller's message is not echoed`);
    }
    // A synchronous onEvents that returns normally is fine.
    let seen = 0;
    const sync = api().webhookHandler({ secrets: memoryStore({ "/asana/receive": SECRET }), onEvents: (events) => { seen = events.length; } });
    await expectStatus(await sync(post(body, { "X-Hook-Signature": signature })), 200, [SECRET], "sync onEvents");
    equal(seen, SAMPLE_EVENTS.length, "sync onEvents saw the events");
  });

  scenario("methods other than POST are 405 with Allow: POST", async () => {
    const { handler, onEvents, secrets } = setup();
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
      const response = await handler(new Request(TARGET, { method, headers: { "X-Hook-Secret": OTHER } }));
      equal(response.headers.get("Allow"), "POST", `${method}: Allow`);
      await expectStatus(response, 405, [SECRET, OTHER], method);
    }
    equal(onEvents.calls.length, 0, "onEvents not called");
    deepEqual(secrets.calls, [], "the store is not touched");
  });

  scenario("a body over 1 MiB is 413 (whole, or streamed without end); exactly 1 MiB is read", async () => {
    const { handler, onEvents } = setup();
    // Exactly the limit, valid and signed: accepted.
    const head = JSON.stringify({ events: SAMPLE_EVENTS, pad: "" }).slice(0, -2);
    const exact = `${head}${"x".repeat(MIB - head.length - 2)}"}`;
    equal(encoder.encode(exact).length, MIB, "test body is exactly 1 MiB");
    await expectStatus(await handler(post(exact, { "X-Hook-Signature": await hmacHex(SECRET, exact) })), 200, [SECRET], "exactly 1 MiB");
    equal(onEvents.calls.length, 1, "onEvents for the 1 MiB body");
    // One byte over, correctly signed: refused.
    const over = `${head}${"x".repeat(MIB - head.length - 1)}"}`;
    await expectStatus(await handler(post(over, { "X-Hook-Signature": await hmacHex(SECRET, over) })), 413, [SECRET], "1 MiB + 1");
    // A body that never ends: refused once past the limit, and the stream is cancelled.
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(TARGET, { method: "POST", body: endless, headers: { "X-Hook-Signature": "0".repeat(64) }, duplex: "half" });
    await expectStatus(await handler(request), 413, [SECRET], "endless body");
    ok(pulled <= 2 * MIB, `stopped reading near the limit (pulled ${pulled} bytes)`);
    ok(cancelled, "the body stream was cancelled");
    equal(onEvents.calls.length, 1, "onEvents not called again");
  });

  scenario("a signed body that is not {events: [...]} JSON is 400", async () => {
    const { handler, onEvents } = setup();
    const bodies = ["", "not json", "[]", "null", "42", '"events"', '{"events":{}}', '{"events":null}', '{"events":[1]}', '{"events":[null]}',
      '{"events":[[]]}', '{"data":[]}', '{"events":[{}]', "{\"events\":[]}garbage"];
    for (const body of bodies) {
      await expectStatus(await handler(post(body, { "X-Hook-Signature": await hmacHex(SECRET, body) })), 400, [SECRET], JSON.stringify(body));
    }
    // Bytes that are not UTF-8 (a lone continuation byte inside a string).
    const invalid = new Uint8Array([...encoder.encode('{"events":[{"x":"'), 0x80, ...encoder.encode('"}]}')]);
    await expectStatus(await handler(post(invalid, { "X-Hook-Signature": await hmacHex(SECRET, invalid) })), 400, [SECRET], "invalid UTF-8");
    equal(onEvents.calls.length, 0, "onEvents never called");
  });

  scenario("a failing or odd secrets store is 500, never leaking what it holds", async () => {
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const signature = await hmacHex(SECRET, body);
    const onEvents = recorder();
    const stores = {
      "get throws": { get() { throw new Error(`cannot read ${SECRET}`); }, put() {} },
      "get rejects": { get: () => Promise.reject(new Error(`cannot read ${SECRET}`)), put() {} },
      "get gives a number": { get: () => 42, put() {} },
      "get gives an object": { get: () => ({ secret: SECRET }), put() {} },
    };
    for (const [label, store] of Object.entries(stores)) {
      const handler = api().webhookHandler({ secrets: store, onEvents });
      await expectStatus(await handler(post(body, { "X-Hook-Signature": signature })), 500, [SECRET], label);
    }
    const putFails = api().webhookHandler({ secrets: { get() {}, put() { throw new Error(`cannot store ${SECRET}`); } }, onEvents });
    const response = await putFails(post(null, { "X-Hook-Secret": SECRET }));
    equal(response.headers.get("X-Hook-Secret"), null, "a failed handshake does not echo the secret");
    await expectStatus(response, 500, [SECRET], "put throws");
    equal(onEvents.calls.length, 0, "onEvents never called");
    // The store is called with itself as `this` (a Workers KV namespace needs that).
    const kvLike = { map: new Map(), get(key) { return this.map.get(key) ?? null; }, put(key, value) { this.map.set(key, value); } };
    const handler = api().webhookHandler({ secrets: kvLike, onEvents });
    await expectStatus(await handler(post(null, { "X-Hook-Secret": SECRET })), 200, [SECRET], "kv-like handshake");
    await expectStatus(await handler(post(body, { "X-Hook-Signature": signature })), 200, [SECRET], "kv-like delivery");
  });

  scenario("odd requests get a Response, never a rejection", async () => {
    const { handler, onEvents } = setup();
    const odd = {
      undefined,
      null: null,
      "a plain object": {},
      "a trap": trap(),
      "POST without headers": { method: "POST", url: TARGET },
      "POST with a bad url": { method: "POST", url: "not a url", headers: new Headers({ "X-Hook-Signature": "0".repeat(64) }) },
    };
    for (const [label, request] of Object.entries(odd)) {
      const response = await handler(request);
      ok(response instanceof Response, `${label}: a Response`);
      ok(response.status >= 400, `${label}: refused (${response.status})`);
      await expectStatus(response, response.status, [SECRET], label);
    }
    // A body stream that errors part-way.
    const broken = new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode('{"events":'));
        controller.error(new Error(`stream broke ${SECRET}`));
      },
    });
    const request = new Request(TARGET, { method: "POST", body: broken, headers: { "X-Hook-Signature": "0".repeat(64) }, duplex: "half" });
    await expectStatus(await handler(request), 400, [SECRET], "erroring body");
    // A body already read by someone else.
    const used = post('{"events":[]}', { "X-Hook-Signature": await hmacHex(SECRET, '{"events":[]}') });
    await used.text();
    await expectStatus(await handler(used), 400, [SECRET], "body already used");
    equal(onEvents.calls.length, 0, "onEvents never called");
  });

  scenario("verifyWebhookSignature takes strings, ArrayBuffers and views", async () => {
    const { verifyWebhookSignature: verify } = api();
    const body = JSON.stringify({ events: SAMPLE_EVENTS });
    const signature = await hmacHex(SECRET, body);
    const bytes = encoder.encode(body);
    equal(await verify(SECRET, body, signature), true, "string");
    equal(await verify(SECRET, bytes, signature), true, "Uint8Array");
    equal(await verify(SECRET, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), signature), true, "ArrayBuffer");
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 8);
    equal(await verify(SECRET, padded.subarray(8, 8 + bytes.length), signature), true, "Uint8Array view at an offset");
    equal(await verify(SECRET, new DataView(padded.buffer, 8, bytes.length), signature), true, "DataView");
    equal(await verify(SECRET, padded, signature), false, "the whole padded buffer is another body");
    equal(await verify(SECRET, body, signature.toUpperCase()), true, "uppercase hex (documented as accepted)");
    const unicode = "héllo ✓ 🚀";
    equal(await verify(SECRET, unicode, await hmacHex(SECRET, encoder.encode(unicode))), true, "a string is taken as UTF-8");
    equal(await verify("ключ-✓", body, await hmacHex("ключ-✓", body)), true, "a non-ASCII secret, as UTF-8");
    equal(await verify(SECRET, "", await hmacHex(SECRET, "")), true, "an empty body");
    equal(await verify(SECRET, new ArrayBuffer(0), await hmacHex(SECRET, "")), true, "an empty ArrayBuffer");
    equal(await verify(OTHER, body, signature), false, "another secret");
    equal(await verify(SECRET, `${body} `, signature), false, "another body");
    ok(verify(SECRET, body, signature) instanceof Promise, "returns a Promise");
  });

  scenario("verifyWebhookSignature resolves false for hostile input, never throwing", async () => {
    const { verifyWebhookSignature: verify } = api();
    const body = '{"events":[]}';
    const signature = await hmacHex(SECRET, body);
    const hostile = [undefined, null, 0, 1, NaN, -1, 12345678901234567890n, true, {}, [], [SECRET], () => SECRET, Symbol("s"), trap(),
      new Proxy(encoder.encode(body), {}), new String(SECRET), { toString: () => SECRET }, { valueOf: () => SECRET }, new Date(0), /x/];
    const attempts = [];
    for (const value of hostile) {
      attempts.push(["secret", value, () => verify(value, body, signature)]);
      attempts.push(["body", value, () => verify(SECRET, value, signature)]);
      attempts.push(["signature", value, () => verify(SECRET, body, value)]);
    }
    const badSignatures = ["", "0", "g".repeat(64), signature.slice(1), `${signature}0`, ` ${signature}`, `${signature}\n`, `sha256=${signature}`,
      `${signature.slice(0, 62)}zz`, signature.replace(/./g, (c) => (c === "a" ? "\u0430" : c)), "\u0000".repeat(64), "0x" + signature.slice(2)];
    for (const value of badSignatures) attempts.push(["signature", value, () => verify(SECRET, body, value)]);
    attempts.push(["secret", "", () => verify("", body, signature)]);
    attempts.push(["everything", "missing", () => verify()]);
    if (typeof SharedArrayBuffer === "function") {
      const shared = new Uint8Array(new SharedArrayBuffer(body.length));
      shared.set(encoder.encode(body));
      attempts.push(["body", "SharedArrayBuffer view", () => verify(SECRET, shared, signature)]);
    }
    // A detached buffer (transferred away), and a view over one.
    const detached = encoder.encode(body).buffer;
    const overDetached = new Uint8Array(detached);
    try {
      structuredClone(detached, { transfer: [detached] });
    } catch {
      // No transfer here: the buffer stays attached, and the two attempts below are not made.
    }
    if (detached.byteLength === 0) {
      // Signed as the empty body, so reading a detached buffer as empty would wrongly pass.
      const ofEmpty = await hmacHex(SECRET, "");
      attempts.push(["body", "a detached ArrayBuffer", () => verify(SECRET, detached, ofEmpty)]);
      attempts.push(["body", "a view over a detached ArrayBuffer", () => verify(SECRET, overDetached, ofEmpty)]);
    }
    // A typed array whose own `buffer` property lies is read by its internal slots.
    const liar = encoder.encode(body);
    Object.defineProperty(liar, "buffer", { get: () => { throw new Error("lying buffer"); } });
    equal(await verify(SECRET, liar, signature), true, "an own buffer getter does not change what is read");
    for (const [which, value, call] of attempts) {
      let label;
      try {
        label = `${which} = ${typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : typeof value}`;
      } catch {
        label = `${which} = (unprintable)`;
      }
      let result;
      try {
        result = await call();
      } catch (error) {
        throw new assert.AssertionError(`${label}: verifyWebhookSignature threw ${error?.name}: ${error?.message}`);
      }
      equal(result, false, label);
    }
  });

  scenario("a bad config is refused at once with AsanaError invalid_config", async () => {
    const { webhookHandler } = api();
    const secrets = memoryStore();
    const onEvents = () => {};
    const throwingGetter = { get secrets() { throw new Error(`getter with ${SECRET}`); }, onEvents };
    const cases = {
      "no options": [],
      "null options": [null],
      "a string": ["secrets"],
      "a number": [7],
      "empty options": [{}],
      "no secrets": [{ onEvents }],
      "null secrets": [{ secrets: null, onEvents }],
      "a string secrets": [{ secrets: SECRET, onEvents }],
      "a Map as secrets": [{ secrets: new Map(), onEvents }],
      "get only": [{ secrets: { get() {} }, onEvents }],
      "put only": [{ secrets: { put() {} }, onEvents }],
      "get not a function": [{ secrets: { get: SECRET, put() {} }, onEvents }],
      "no onEvents": [{ secrets }],
      "onEvents not a function": [{ secrets, onEvents: "handle" }],
      "onEvents an object": [{ secrets, onEvents: { handleEvent() {} } }],
      "key not a function": [{ secrets, onEvents, key: "/asana" }],
      "an unknown option": [{ secrets, onEvents, secret: SECRET }],
      "a trap as options": [trap()],
      "a trap as secrets": [{ secrets: trap(), onEvents }],
      "a throwing getter": [throwingGetter],
    };
    for (const [label, args] of Object.entries(cases)) {
      const error = throws(() => webhookHandler(...args), { code: "invalid_config" }, label);
      ok(error instanceof AsanaError, `${label}: an instance of the package's AsanaError, got ${error?.name}`);
      notIncludes(error.message, SECRET, `${label}: the message holds no secret`);
      notIncludes(JSON.stringify(error), SECRET, `${label}: JSON holds no secret`);
    }
    const mapError = throws(() => webhookHandler({ secrets: new Map(), onEvents }), { code: "invalid_config" });
    assert.includes(mapError.message, "put", "the Map hint names put");
    // A good config makes a function of one Request.
    equal(typeof webhookHandler({ secrets, onEvents }), "function", "a good config");
    equal(typeof webhookHandler({ secrets, onEvents, key: (r) => r.url, }), "function", "with key");
    equal(typeof webhookHandler({ secrets, onEvents, key: undefined }), "function", "key: undefined");
  });

  return list;
}
