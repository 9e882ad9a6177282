// Attachment downloads and static files.
//
// download_url points at /_files/<gid>/<name>?expires=…&sig=…, which behaves like an S3
// pre-signed URL: no Asana auth, and a request that also carries an Authorization header is
// refused with 400. Content is deterministic bytes per attachment, with Range support.

import { createHmac, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8", ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm", ".ts": "text/plain; charset=utf-8" /* .d.ts */, ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".pdf": "application/pdf",
};

const s3Error = (status, code, message) => ({
  status, headers: { "Content-Type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

export class Files {
  #secret = randomBytes(32);
  #contents = new Map(); // attachment gid -> Buffer, generated once

  constructor({ ttlMs }) {
    this.ttlMs = ttlMs;
  }

  #sign(gid, expires) {
    return createHmac("sha256", this.#secret).update(`${gid}:${expires}`).digest("base64url").slice(0, 32);
  }

  downloadUrl(origin, attachment) {
    const expires = Date.now() + this.ttlMs;
    return `${origin}/_files/${attachment.gid}/${encodeURIComponent(attachment.name)}?expires=${expires}&sig=${this.#sign(attachment.gid, expires)}`;
  }

  /** Deterministic pseudo-random bytes behind a PDF-like header, so downloads can be checked byte for byte. */
  content(attachment) {
    if (attachment._bytes) return attachment._bytes; // uploaded
    const key = `${attachment.gid}:${attachment.size}`;
    let bytes = this.#contents.get(key);
    if (!bytes) {
      bytes = Buffer.alloc(attachment.size);
      const header = Buffer.from(`%PDF-1.4\n% sandbox attachment ${attachment.gid}\n`);
      let x = Number(BigInt(attachment.gid) % 2147483647n) || 1;
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
        bytes[i] = x & 0xff;
      }
      header.copy(bytes, 0, 0, Math.min(header.length, bytes.length));
      this.#contents.set(key, bytes);
    }
    return bytes;
  }

  /** Answers GET/HEAD /_files/<gid>/<name>; returns a response object for the server to send. */
  download(req, url, store) {
    if (req.headers.authorization !== undefined) {
      return s3Error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
    }
    const [, , gid] = url.pathname.split("/");
    const expires = Number(url.searchParams.get("expires"));
    if (url.searchParams.get("sig") !== this.#sign(gid, url.searchParams.get("expires"))) {
      return s3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    if (!(expires > Date.now())) return s3Error(403, "AccessDenied", "Request has expired");
    const attachment = store.get("attachment", gid);
    if (!attachment || attachment.host !== "asana") return s3Error(404, "NoSuchKey", "The specified key does not exist.");

    const bytes = this.content(attachment);
    const headers = {
      "Content-Type": attachment.content_type ?? "application/octet-stream",
      "Accept-Ranges": "bytes",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
    };
    const range = req.headers.range;
    if (range === undefined) return { status: 200, headers, body: bytes };
    const slice = parseRange(range, bytes.length);
    if (!slice) return { status: 416, headers: { ...headers, "Content-Range": `bytes */${bytes.length}` }, body: "" };
    const [start, end] = slice;
    return { status: 206, headers: { ...headers, "Content-Range": `bytes ${start}-${end}/${bytes.length}` }, body: bytes.subarray(start, end + 1) };
  }
}

/** "bytes=a-b", "bytes=a-" or "bytes=-n" -> [start, end] inclusive, or null if unsatisfiable. */
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start;
  let end;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? [start, end] : null;
}

/** Static mounts {"/": "www", "/pkg": "pkg"} -> longest prefix first, directories absolute. */
export function staticMounts(mounts) {
  return Object.entries(mounts)
    .map(([prefix, dir]) => ({ prefix: prefix.replace(/\/+$/, ""), dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/** Serves a file from the first matching mount; resolves to false when no mount or file matches. */
export async function serveStatic(mounts, req, res, url, baseHeaders) {
  const mount = mounts.find(({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  if (!mount || (req.method !== "GET" && req.method !== "HEAD")) return false;
  let relative;
  try {
    relative = decodeURIComponent(url.pathname.slice(mount.prefix.length));
  } catch {
    return false;
  }
  let file = resolve(mount.dir, `.${relative}`);
  if (file !== mount.dir && !file.startsWith(mount.dir + sep)) return false; // no traversal out of the mount
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith("/")) {
      res.writeHead(301, { ...baseHeaders, Location: `${url.pathname}/${url.search}` }).end();
      return true;
    }
    file = resolve(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return false;
  const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
  res.writeHead(200, { ...baseHeaders, "Content-Type": type, "Content-Length": info.size, "Cache-Control": "no-store" });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}
