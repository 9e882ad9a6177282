// Asana-style pagination. `offset` tokens are opaque to clients: base64url JSON {p: position,
// t: issued-at, e: epoch} plus an HMAC binding it to this server, the path and the filters.
// Tokens die after `ttlMs`, or at once when expireAll() bumps the epoch.

import { base64url, fromBase64url, fromUtf8, hmacSha256, lazySecret } from "./util.js";
import { badRequest } from "./validate.js";

// Query params that may change between pages without invalidating the token.
const PAGE_PARAMS = new Set(["limit", "offset", "opt_fields", "opt_pretty"]);

export class Paginator {
  constructor({ ttlMs }) {
    this.ttlMs = ttlMs;
    this.secret = lazySecret();
    this.epoch = 0;
  }

  expireAll() {
    this.epoch += 1;
  }

  /**
   * One page of `items`. `request` = {apiPath, searchParams, apiUrl}. With `pageable` false (endpoints
   * that declare no `limit`) the rest of the list is returned and `limit` is ignored.
   */
  page(items, request, { pageable = true } = {}) {
    const { apiPath, searchParams, apiUrl } = request;
    const fingerprint = fingerprintOf(apiPath, searchParams);
    const offset = searchParams.get("offset");
    const start = offset === null ? 0 : this.#position(offset, fingerprint);
    const limit = pageable ? parseLimit(searchParams.get("limit")) : undefined;
    if (limit === undefined) return { data: items.slice(start) };

    const end = start + limit;
    if (end >= items.length) return { data: items.slice(start), next_page: null };
    const token = this.#issue(end, fingerprint);
    const next = new URLSearchParams(searchParams);
    next.set("offset", token);
    const path = `${apiPath}?${next}`;
    return { data: items.slice(start, end), next_page: { offset: token, path, uri: `${apiUrl}${path}` } };
  }

  #sign(payload, fingerprint) {
    return base64url(hmacSha256(this.secret(), `${payload}.${fingerprint}`)).slice(0, 22);
  }

  #issue(position, fingerprint) {
    const payload = base64url(JSON.stringify({ p: position, t: Date.now(), e: this.epoch }));
    return `${payload}.${this.#sign(payload, fingerprint)}`;
  }

  #position(token, fingerprint) {
    const [payload, signature, ...rest] = token.split(".");
    const claims = rest.length === 0 && signature === this.#sign(payload, fingerprint) && decode(payload);
    if (!claims || !Number.isInteger(claims.p) || claims.p < 0) {
      throw badRequest("offset: Your pagination token is invalid. Use only the offset from next_page of the same request (same path and filters).");
    }
    if (claims.e !== this.epoch || Date.now() - claims.t > this.ttlMs) {
      throw badRequest("offset: Your pagination token has expired. Restart from the first page by sending the request without offset.");
    }
    return claims.p;
  }
}

export function parseLimit(value) {
  if (value === null || value === undefined) return undefined;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw badRequest(`limit: Must be an integer between 1 and 100, got ${JSON.stringify(value)}`);
  return limit;
}

function fingerprintOf(apiPath, searchParams) {
  const filters = [...searchParams].filter(([key]) => !PAGE_PARAMS.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${apiPath}?${new URLSearchParams(filters)}`;
}

function decode(payload) {
  try {
    return JSON.parse(fromUtf8(fromBase64url(payload)));
  } catch {
    return null;
  }
}
