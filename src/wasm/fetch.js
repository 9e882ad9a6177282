// The HTTP half of the transport. One request is one call from wasm and one answer back: the
// init is built here, and a buffered body comes back as bytes (a single copy into wasm memory),
// not as a string copied character by character.

/**
 * Sends a request. `headers` is "name\nvalue\n..." (header values cannot hold newlines).
 * Resolves to {status, contentType, retryAfter, contentLength, bytes | stream}; rejects with
 * {kind: "timeout" | "aborted" | "network", message}.
 */
export async function send(fetchImpl, method, url, headers, body, timeoutMs, callerSignal, stream) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  callerSignal?.addEventListener("abort", onAbort, { once: true });
  const init = { method, headers: pairs(headers), signal: controller.signal };
  if (body !== undefined) init.body = body;
  try {
    if (callerSignal?.aborted) throw new Error("aborted before sending");
    const response = await (fetchImpl ? fetchImpl(url, init) : fetch(url, init));
    const answer = {
      status: response.status,
      contentType: response.headers.get("content-type"),
      retryAfter: response.headers.get("retry-after"),
      contentLength: response.headers.get("content-length"),
    };
    if (stream) answer.stream = response.body;
    else answer.bytes = new Uint8Array(await response.arrayBuffer());
    return answer;
  } catch (error) {
    const kind = callerSignal?.aborted ? "aborted" : controller.signal.aborted ? "timeout" : "network";
    throw { kind, message: describe(error) };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onAbort);
  }
}

function pairs(flat) {
  const out = {};
  const parts = flat.split("\n");
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]] = parts[i + 1];
  return out;
}

/** The error's own text, with its cause (Node puts the real reason there: ECONNREFUSED...). */
function describe(error) {
  const message = error?.message ?? String(error);
  const cause = error?.cause?.code ?? error?.cause?.message;
  return cause ? `${message} (${cause})` : message;
}
