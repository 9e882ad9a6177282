// Attachment downloads.
//
// download_url points at /_files/<gid>/<name>?expires=…&sig=…, which behaves like an S3
// pre-signed URL: no Asana auth, and a request that also carries an Authorization header is
// refused with 400. Content is deterministic bytes per attachment, with Range support.

import { base64url, hmacSha256, lazySecret, utf8 } from "./util.js";

const s3Error = (status, code, message) => ({
  status, headers: { "Content-Type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

export class Files {
  #secret = lazySecret();
  #contents = new Map(); // "gid:size" -> Uint8Array, generated once

  constructor({ ttlMs }) {
    this.ttlMs = ttlMs;
  }

  #sign(gid, expires) {
    return base64url(hmacSha256(this.#secret(), `${gid}:${expires}`)).slice(0, 32);
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
      bytes = new Uint8Array(attachment.size);
      const header = utf8(`%PDF-1.4\n% sandbox attachment ${attachment.gid}\n`);
      let x = Number(BigInt(attachment.gid) % 2147483647n) || 1;
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
        bytes[i] = x & 0xff;
      }
      bytes.set(header.subarray(0, Math.min(header.length, bytes.length)));
      this.#contents.set(key, bytes);
    }
    return bytes;
  }

  /** Answers GET/HEAD /_files/<gid>/<name> (`req` = {method, headers}); returns a response object. */
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
