// Routes for the hostile-input suite (tests/js/hostile.mjs) that need a real server, because the
// attack only happens inside the runtime's own fetch (decompression, redirects):
//
//   GET  /_hostile/gzip-bomb/warm        builds the bomb (once per process, in memory) and
//                                        answers {data: {gzipBytes, inflatedBytes}}
//   *    /_hostile/gzip-bomb/<any path>  200 application/json with Content-Encoding: gzip: about
//                                        2.1 MB that inflates to 2 GiB (a valid JSON document:
//                                        {"data":{"gid":"1"}} followed by 2 GiB of spaces)
//   *    /_hostile/redirect-loop/<path>  307 to the very same URL, for ever (same origin)
//   GET  /_hostile/stats                 {data: {redirectLoop: {METHOD: count}, bombsServed}}
//   POST /_hostile/reset                 zeroes those counters
//
// Point a connector's baseUrl at `${sandbox.url}/_hostile/gzip-bomb/api/1.0` (or
// redirect-loop) to aim every request at the attack. Nothing here inflates the bomb.

import { constants, crc32, deflateRawSync } from "node:zlib";

export const HOSTILE_ROOT = "/_hostile";

const JSON_TYPE = { "Content-Type": "application/json; charset=UTF-8" };
const MiB = 1 << 20;
const BOMB_MIB = 2048;
const BOMB_PREFIX = Buffer.from('{"data":{"gid":"1"}}');

const counters = { redirectLoop: {}, bombsServed: 0 };
let bomb;

/**
 * A gzip member built without inflating anything: one deflate block sequence for 1 MiB of spaces
 * (ended with a full flush, so it is byte-aligned and independent of what came before) repeated
 * 2048 times, then an empty final block and the real CRC-32 and length of the 2 GiB it inflates to.
 */
function gzipBomb() {
  if (bomb) return bomb;
  const spaces = Buffer.alloc(MiB, 0x20);
  const flushed = (bytes) => deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const head = flushed(BOMB_PREFIX);
  const block = flushed(spaces);
  let crc = crc32(BOMB_PREFIX);
  for (let i = 0; i < BOMB_MIB; i++) crc = crc32(spaces, crc);
  const inflatedBytes = BOMB_PREFIX.length + BOMB_MIB * MiB;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(inflatedBytes % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const body = Buffer.concat([header, head, ...new Array(BOMB_MIB).fill(block), finalEmptyBlock, trailer]);
  bomb = { body, inflatedBytes };
  return bomb;
}

const ok = (data) => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify({ data }) });

/** The answer ({status, headers, body}) to a request under /_hostile/. */
export function answerHostile(method, url) {
  const path = url.pathname.slice(HOSTILE_ROOT.length);
  if (path === "/stats" && method === "GET") return ok(structuredClone(counters));
  if (path === "/reset" && method === "POST") {
    counters.redirectLoop = {};
    counters.bombsServed = 0;
    return ok({});
  }
  if (path === "/gzip-bomb/warm") {
    const { body, inflatedBytes } = gzipBomb();
    return ok({ gzipBytes: body.length, inflatedBytes });
  }
  if (path.startsWith("/gzip-bomb/")) {
    counters.bombsServed += 1;
    return { status: 200, headers: { ...JSON_TYPE, "Content-Encoding": "gzip" }, body: gzipBomb().body };
  }
  if (path.startsWith("/redirect-loop/")) {
    counters.redirectLoop[method] = (counters.redirectLoop[method] ?? 0) + 1;
    return { status: 307, headers: { Location: url.href, ...JSON_TYPE }, body: JSON.stringify({ errors: [{ message: "Moved, again" }] }) };
  }
  return { status: 404, headers: JSON_TYPE, body: JSON.stringify({ errors: [{ message: `No hostile route ${method} ${url.pathname}` }] }) };
}
