// listEntities() and describe(entity): the generated catalogue (catalog.js) as a person or a model
// reads it. The core validates names; this only shapes the data.

import { catalog } from "./catalog.js";

const TYPES = {
  limit: "integer", integer: "integer", count: "integer", number: "number", boolean: "boolean", object: "object", any: "any", file: "file",
  gid_list: "array", string_list: "array", field_list: "array", field_paths: "array", array: "array",
};

function param(p) {
  const out = { name: p.name, in: p.in, required: p.required, type: TYPES[p.kind] ?? "string", description: p.description };
  if (p.enum) out.enum = p.enum;
  if (out.type === "array" && p.kind !== "array" && p.kind !== "field_paths") out.items = { type: "string" };
  if (p.aliases) out.aliases = p.aliases;
  return out;
}

function action(op) {
  const params = op.params.map((p) => (p.name === "data" ? { ...param(p), fields: op.fields.map(param) } : param(p)));
  const out = { action: op.action, description: op.summary, params };
  if (op.deprecated) out.deprecated = true;
  if (op.premium) out.premium = true;
  return out;
}

/** The operations `surface` ({ hosted, readOnly }) offers: hosted adds context_store_search, readOnly drops writes. */
function operations(surface) {
  const { operations, hosted } = catalog();
  const search = surface.hosted ? hosted.entities.map((entity) => ({ ...hosted.operation, entity, fields: [], deprecated: false, premium: false })) : [];
  const isWrite = (op) => op.method !== "GET" && op.action !== "context_store_search";
  return [...operations, ...search].filter((op) => !(surface.readOnly && isWrite(op)));
}

export function listEntities(surface) {
  const ops = operations(surface);
  return catalog()
    .entities.map((e) => ({ entity: e.name, description: e.description, actions: ops.filter((op) => op.entity === e.name).map(action) }))
    .filter((e) => e.actions.length > 0);
}

/** `entity` is a name the core has checked. */
export function describeEntity(entity, surface) {
  const { description } = catalog().entities.find((e) => e.name === entity);
  return { entity, description, actions: operations(surface).filter((op) => op.entity === entity).map(action) };
}
