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

/** The catalogue's rows of the operations `offered` names ("entity/action", the core's list for this connector). */
function operations(offered) {
  const { operations, hosted } = catalog();
  const search = hosted.entities.map((entity) => ({ ...hosted.operation, entity, fields: [], deprecated: false, premium: false }));
  const names = new Set(offered);
  return [...operations, ...search].filter((op) => names.has(`${op.entity}/${op.action}`));
}

export function listEntities(offered) {
  const ops = operations(offered);
  return catalog()
    .entities.map((e) => ({ entity: e.name, description: e.description, actions: ops.filter((op) => op.entity === e.name).map(action) }))
    .filter((e) => e.actions.length > 0);
}

/** `entity` is a name the core has checked. */
export function describeEntity(entity, offered) {
  const { description } = catalog().entities.find((e) => e.name === entity);
  return { entity, description, actions: operations(offered).filter((op) => op.entity === entity).map(action) };
}
