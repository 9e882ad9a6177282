// Receiving Asana webhooks: the handshake, signed deliveries and the signature check under them.
// Plain Web APIs only (Request, Response, ReadableStream, crypto.subtle), so the same code runs in
// Node >= 20, Deno, workerd and browsers; no wasm is involved.
//
//   webhookHandler({ secrets: { get(key), put(key, secret) }, onEvents(events, request), key? })
//     -> (request: Request) => Promise<Response>
//   verifyWebhookSignature(secret, rawBody, signatureHeader) -> Promise<boolean>
//
// The handler never rejects: every outcome is a Response. No secret (the handshake's, or one read
// from `secrets`) is ever written to a response body, an error message or a log; the handshake's
// answer carries it only in the X-Hook-Secret header, as Asana requires.

import { readBytes } from "./driver.js";
import { AsanaError } from "./error.js";

/** A delivery's body past this is refused with 413 (Asana's deliveries are a few KB at most). */
const MAX_BODY_BYTES = 1024 * 1024;
/** A handshake secret past this is refused with 400 (Asana's are 32 characters). */
const MAX_SECRET_CHARS = 1024;
const OPTION_KEYS = ["secrets", "onEvents", "key"];
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

const configError = (message) => new AsanaError({ code: "invalid_config", message: `webhookHandler: ${message}` });

/**
 * Reads `object[name]`, turning a throwing getter or Proxy trap into an invalid_config error. What
 * it threw is not quoted: a caller's error may hold anything, secrets included.
 */
function readOption(object, name, what) {
  try {
    return object[name];
  } catch {
    throw configError(`the ${what} could not be read (its getter or Proxy threw).`);
  }
}

/**
 * A Request handler for an Asana webhook target. `secrets` is any store with async-or-not
 * `get(key)` (a string, or null/undefined when none) and `put(key, secret)`, for example a
 * Workers KV namespace; `key(request)` (default: the URL's path) names the webhook a request
 * belongs to. Refuses a bad config at once with AsanaError `invalid_config`.
 *
 * Answers: handshake (X-Hook-Secret) -> 200 echoing X-Hook-Secret once stored; delivery with a
 * valid X-Hook-Signature -> 200 after `onEvents` settles; bad, missing or unverifiable signature
 * (or no stored secret) -> 401; body over 1 MiB -> 413; body not `{"events": [...]}` -> 400;
 * `onEvents` throws or rejects -> 500 (Asana retries); method other than POST -> 405.
 *
 * Note: a handshake replaces the secret stored under its key. Anyone who can reach the URL can
 * send one, so make `key(request)` name only webhooks you are creating (or keep the target URL
 * unguessable), and delete the stored secret when the webhook is deleted.
 */
export function webhookHandler(options) {
  if (options === null || typeof options !== "object") throw configError("pass an options object { secrets, onEvents, key? }.");
  let names;
  try {
    names = Object.keys(options);
  } catch {
    throw configError("the options could not be read (a Proxy threw).");
  }
  const unknown = names.filter((name) => !OPTION_KEYS.includes(name));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((name) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name));
    throw configError(`unknown option ${shown.join(", ")}; the options are ${OPTION_KEYS.join(", ")}.`);
  }
  const secrets = readOption(options, "secrets", "secrets option");
  if (secrets === null || (typeof secrets !== "object" && typeof secrets !== "function")) {
    throw configError("\"secrets\" must be a store with get(key) and put(key, secret), such as a Workers KV namespace.");
  }
  const get = readOption(secrets, "get", "secrets store's get");
  const put = readOption(secrets, "put", "secrets store's put");
  if (typeof get !== "function" || typeof put !== "function") {
    const hint = typeof readOption(secrets, "set", "secrets store's set") === "function" ? " (a Map has set, not put: wrap it as { get: (k) => map.get(k), put: (k, s) => map.set(k, s) })" : "";
    throw configError(`"secrets" must have get(key) and put(key, secret) methods${hint}.`);
  }
  const onEvents = readOption(options, "onEvents", "onEvents option");
  if (typeof onEvents !== "function") throw configError("\"onEvents\" must be a function (events, request) => void | Promise<void>.");
  const key = readOption(options, "key", "key option");
  if (key !== undefined && typeof key !== "function") throw configError("\"key\" must be a function (request) => string, or left out (the URL's path).");
  if (!hasWebCrypto()) throw new AsanaError({ code: "not_supported", message: "webhookHandler needs Web Crypto (crypto.subtle), which this runtime or page does not offer (browsers offer it only in secure contexts)." });

  return async (request) => {
    try {
      if (request?.method !== "POST") return answer(405, "method_not_allowed", "Asana webhooks are POSTed to this endpoint.", { Allow: "POST" });
      const headers = request.headers;

      let name;
      try {
        name = key === undefined ? new URL(request.url).pathname : await key(request);
      } catch {
        return answer(500, "key_failed", "The webhook key could not be worked out for this request.");
      }
      if (typeof name !== "string" || name === "") return answer(400, "unknown_webhook", "This request does not name a webhook.");

      // Handshake: Asana's first POST, sent while the webhook is being created.
      const handshake = headers.get("X-Hook-Secret");
      if (handshake !== null) {
        if (handshake === "" || handshake.length > MAX_SECRET_CHARS) return answer(400, "bad_handshake", "The X-Hook-Secret header is empty or too long.");
        try {
          await put.call(secrets, name, handshake);
        } catch {
          return answer(500, "store_failed", "The webhook secret could not be stored.");
        }
        return new Response(null, { status: 200, headers: { "X-Hook-Secret": handshake } });
      }

      // Delivery: the cheap refusals first, then the stored secret, then the body.
      const signature = headers.get("X-Hook-Signature");
      if (signature === null || !HEX_SHA256.test(signature)) return unauthorized();
      let secret;
      try {
        secret = await get.call(secrets, name);
      } catch {
        return answer(500, "store_failed", "The webhook secret could not be read.");
      }
      if (secret === null || secret === undefined || secret === "") return unauthorized();
      if (typeof secret !== "string") return answer(500, "store_failed", "The secrets store gave something other than a string.");

      const body = await readBounded(request, MAX_BODY_BYTES);
      if (body.tooLarge) return answer(413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
      if (body.failed) return answer(400, "bad_body", "The body could not be read.");
      if (!(await verifyWebhookSignature(secret, body.bytes, signature))) return unauthorized();

      let events;
      try {
        const parsed = JSON.parse(strictUtf8.decode(body.bytes));
        events = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed.events : undefined;
      } catch {
        events = undefined;
      }
      if (!Array.isArray(events) || !events.every((e) => e !== null && typeof e === "object" && !Array.isArray(e))) {
        return answer(400, "bad_body", "The body is not JSON of the form {\"events\": [{...}, ...]}.");
      }
      // A heartbeat (no events) is acknowledged without calling onEvents: it carries nothing to handle.
      if (events.length === 0) return new Response(null, { status: 200 });
      try {
        await onEvents(events, request);
      } catch {
        // The caller's error is not repeated: it may hold anything, secrets included.
        return answer(500, "handler_failed", "onEvents failed; Asana will deliver these events again.");
      }
      return new Response(null, { status: 200 });
    } catch {
      return answer(500, "internal", "The webhook request could not be handled.");
    }
  };
}

/**
 * Whether `signatureHeader` is the hex HMAC-SHA256 of `rawBody` (a string, taken as UTF-8, an
 * ArrayBuffer or any ArrayBufferView such as Uint8Array) under `secret` (a non-empty string).
 * Compared by Web Crypto's verify, in constant time. Asana sends lowercase hex; uppercase is
 * accepted too (the same 32 bytes, so no weaker). Anything else, including a wrong length,
 * non-hex text, empty or non-string values, Proxies, String objects, and shared or detached
 * buffers, resolves to false; it never throws for bad input. Rejects (AsanaError not_supported) only when the runtime
 * has no crypto.subtle.
 */
export async function verifyWebhookSignature(secret, rawBody, signatureHeader) {
  if (!hasWebCrypto()) throw new AsanaError({ code: "not_supported", message: "verifyWebhookSignature needs Web Crypto (crypto.subtle), which this runtime or page does not offer." });
  try {
    if (typeof secret !== "string" || secret === "") return false;
    if (typeof signatureHeader !== "string" || !HEX_SHA256.test(signatureHeader)) return false;
    const data = bytesOf(rawBody);
    if (data === undefined) return false;
    const expected = new Uint8Array(32);
    for (let i = 0; i < 32; i++) expected[i] = parseInt(signatureHeader.slice(2 * i, 2 * i + 2), 16);
    const subtle = globalThis.crypto.subtle;
    const hmacKey = await subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    return (await subtle.verify("HMAC", hmacKey, expected, data)) === true;
  } catch {
    return false;
  }
}

function hasWebCrypto() {
  try {
    return typeof globalThis.crypto?.subtle?.verify === "function";
  } catch {
    return false;
  }
}

// Intrinsic getters: they read internal slots, so a Proxy or an own `buffer` property cannot lie.
const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const arrayBufferByteLength = getter(ArrayBuffer.prototype, "byteLength");
const VIEW = {
  typed: [getter(TypedArrayPrototype, "buffer"), getter(TypedArrayPrototype, "byteOffset"), getter(TypedArrayPrototype, "byteLength")],
  data: [getter(DataView.prototype, "buffer"), getter(DataView.prototype, "byteOffset"), getter(DataView.prototype, "byteLength")],
};

/** A real, non-shared ArrayBuffer from any realm (the intrinsic getter checks the internal slot). */
function isArrayBuffer(value) {
  try {
    arrayBufferByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `rawBody` as a Uint8Array: a string's UTF-8, or the bytes of an ArrayBuffer or view; undefined
 * for anything else. Shared memory is refused (it may change while it is hashed, and runtimes
 * differ on it), and a detached buffer makes the Uint8Array constructor throw.
 */
function bytesOf(rawBody) {
  if (typeof rawBody === "string") return encoder.encode(rawBody);
  if (isArrayBuffer(rawBody)) return new Uint8Array(rawBody);
  if (!ArrayBuffer.isView(rawBody)) return undefined;
  let parts;
  try {
    parts = VIEW.typed.map((read) => read.call(rawBody));
  } catch {
    parts = VIEW.data.map((read) => read.call(rawBody));
  }
  const [buffer, offset, length] = parts;
  return isArrayBuffer(buffer) ? new Uint8Array(buffer, offset, length) : undefined;
}

const unauthorized = () => answer(401, "bad_signature", "The X-Hook-Signature header is missing or does not match the body.");

function answer(status, code, message, headers = {}) {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/**
 * The request's body bytes, read once: { bytes } | { tooLarge: true } (a Content-Length over
 * `limit` is refused unread; otherwise reading stops and cancels past `limit`) | { failed: true }.
 */
async function readBounded(request, limit) {
  const length = request.headers.get("Content-Length");
  if (length !== null && /^\s*\d+\s*$/.test(length) && Number(length) > limit) return { tooLarge: true };
  try {
    if (request.bodyUsed) return { failed: true };
    const stream = request.body;
    if (stream === null || stream === undefined) return { bytes: new Uint8Array(0) };
    const read = await readBytes(stream, limit, false);
    return read.failed ? { failed: true } : read;
  } catch {
    return { failed: true };
  }
}
