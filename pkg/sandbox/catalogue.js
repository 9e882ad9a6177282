// The operations the sandbox serves: every row of the connector's generated catalogue
// (pkg/catalog.js, built from Asana's OpenAPI spec) that is an Asana operation (247 of the 248;
// attachments/download is the connector's own two-hop read). Requests are matched on method +
// path template and checked against the row (check.js).

import { catalog } from "../catalog.js";

/** Every spec operation, as catalogue rows. */
export const OPERATIONS = catalog().operations.filter((op) => op.operationId);

/**
 * Where the catalogue's kinds are wrong for a value Asana takes (reported to the catalogue's
 * owner; the sandbox follows the spec's prose): a webhook target is a URL, not a gid.
 */
export const KIND_FIXES = { "webhooks/create": { target: "url" } };

const byKey = new Map(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op]));
const byName = new Map(OPERATIONS.map((op) => [`${op.entity}/${op.action}`, op]));

/** The row for "METHOD /path/{template}", or undefined. */
export const operationAt = (key) => byKey.get(key);
/** The row for an (entity, action) pair, or undefined. */
export const operationFor = (entity, action) => byName.get(`${entity}/${action}`);

// Templates bucketed by method and segment count; within a bucket, more literal segments first
// (so /projects/{project_gid}/sections/insert is tried before a template with a parameter there).
const buckets = new Map();
for (const row of OPERATIONS) {
  const segments = row.path.split("/").map((part) => {
    const param = /^\{(\w+)\}$/.exec(part);
    return param ? { param: param[1] } : { literal: part };
  });
  const key = `${row.method} ${segments.length}`;
  if (!buckets.has(key)) buckets.set(key, []);
  buckets.get(key).push({ row, segments, literals: segments.filter((s) => s.literal !== undefined).length });
}
for (const list of buckets.values()) list.sort((a, b) => b.literals - a.literals);

const decode = (segment) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The operation a request is for, with its decoded path params: {row, params}, or null. */
export function matchOperation(method, apiPath) {
  const parts = apiPath.split("/");
  for (const { row, segments } of buckets.get(`${method} ${parts.length}`) ?? []) {
    const params = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const segment = segments[i];
      if (segment.literal !== undefined) ok = segment.literal === parts[i];
      else if (parts[i] === "") ok = false;
      else params[segment.param] = decode(parts[i]);
    }
    if (ok) return { row, params };
  }
  return null;
}
