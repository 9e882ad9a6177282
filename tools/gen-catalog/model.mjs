// Asana's OpenAPI spec + the overlay → the catalogue model: plain data every output is written from.
//
// An operation: { entity, action, method, path, operationId, tag, summary, description, deprecated,
// premium, shape, job, params: [param], fields: [param], one_of, exclusive, result }, where a param is
// { name, in: "path"|"query"|"body"|"header"|"form"|"hosted", kind, required, enum?, description }
// and `fields` are the writable fields of the `data` body (or the multipart form's fields).

import { OVERLAY } from "./overlay.mjs";

const METHODS = ["get", "post", "put", "delete"];
// Query and body names Asana documents as gids (some say so only in prose).
const GID_NAMES = new Set([
  "workspace", "project", "team", "user", "parent", "portfolio", "section", "task", "target", "resource", "owner", "assignee",
  "organization", "member", "supported_goal", "attributable_to", "timesheet_approval_status", "actor_gid", "resource_gid", "tag",
  "custom_field", "insert_before", "insert_after", "enum_option", "before_enum_option", "after_enum_option", "before_section",
  "after_section", "followers", "projects", "tags", "dependencies", "dependents", "members", "assignee_section", "status_update",
]);

export function buildModel(spec, namesTsv) {
  const rows = namesTsv.trim().split("\n").slice(1).map((line) => {
    const [entity, action, method, path, operationId, tag] = line.split("\t");
    return { entity, action, method, path, operationId, tag };
  });
  const byId = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      if (item[method]) byId.set(item[method].operationId, { path, method, item, op: item[method] });
    }
  }
  const used = new Set();
  const operations = rows.map((row) => {
    if (row.operationId === "-") return OVERLAY.derived[`${row.entity}/${row.action}`](row, (id) => operation(spec, rowOf(rows, id), byId.get(id)));
    const found = byId.get(row.operationId);
    if (!found) throw new Error(`${row.entity}/${row.action}: operationId ${row.operationId} is not in the spec`);
    if (found.path !== row.path || found.method.toUpperCase() !== row.method) throw new Error(`${row.operationId}: names.tsv says ${row.method} ${row.path}`);
    used.add(row.operationId);
    return operation(spec, row, found);
  });
  const missing = [...byId.keys()].filter((id) => !used.has(id));
  if (missing.length) throw new Error(`spec operations without a name in names.tsv: ${missing.join(", ")}`);
  const entities = [];
  for (const op of operations) {
    let entity = entities.find((e) => e.name === op.entity);
    if (!entity) entities.push((entity = { name: op.entity, tag: op.tag, summaries: [] }));
    entity.summaries.push(op.summary);
  }
  return {
    entities: entities.map((e) => ({ name: e.name, tag: e.tag, description: OVERLAY.entityDescriptions[e.name] ?? entityDescription(spec, e) })),
    operations,
    hosted: OVERLAY.hosted,
  };
}

function rowOf(rows, id) {
  return rows.find((r) => r.operationId === id);
}

function deref(spec, node) {
  while (node && node.$ref) node = node.$ref.slice(2).split("/").reduce((n, k) => n[k], spec);
  return node;
}

/// Properties of a schema through $ref and allOf, with `required` merged.
function properties(spec, schema, out = { props: new Map(), required: new Set() }) {
  schema = deref(spec, schema);
  for (const part of schema.allOf ?? []) properties(spec, part, out);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) out.props.set(name, prop);
  for (const name of schema.required ?? []) out.required.add(name);
  return out;
}

function operation(spec, row, { path, item, op }) {
  const key = `${row.entity}/${row.action}`;
  const extra = OVERLAY.operations[key] ?? {};
  const description = op.description ?? "";
  const params = [];
  const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(spec, p));
  for (const name of pathNames) {
    const p = declared.find((d) => d.in === "path" && d.name === name);
    if (!p) throw new Error(`${key}: path param ${name} is not declared`);
    params.push({ name, in: "path", kind: name.endsWith("_gid") ? "gid" : "string", required: true, description: sentence(p.description) || named(name) });
  }
  const body = requestBody(spec, key, op);
  if (body?.form) {
    for (const field of body.fields) params.push({ ...field, in: "form" });
  } else if (body) {
    params.push({ name: "data", in: "body", kind: "object", required: body.required, description: "The fields to write (see the data fields)." });
  }
  for (const p of declared.filter((d) => d.in === "query")) {
    if (OVERLAY.skippedQuery.includes(p.name)) continue;
    params.push(queryParam(spec, p));
  }
  for (const p of extra.addParams ?? []) params.push(p);
  for (const [name, change] of Object.entries(extra.params ?? {})) {
    const p = params.find((q) => q.name === name);
    if (!p) throw new Error(`${key}: overlay changes unknown param ${name}`);
    Object.assign(p, change);
  }
  const fields = body && !body.form ? body.fields : [];
  for (const [name, change] of Object.entries(extra.fields ?? {})) {
    const f = fields.find((q) => q.name === name);
    if (!f) throw new Error(`${key}: overlay changes unknown field ${name}`);
    Object.assign(f, change);
  }
  const success = Object.entries(op.responses).find(([code]) => code.startsWith("2"))[1];
  const schema = deref(spec, deref(spec, success).content?.["application/json"]?.schema ?? {});
  const data = schema.properties?.data ?? {};
  const result = data.type === "array" ? refName(data.items) : refName(data);
  const shape = extra.shape ?? (data.type === "array" ? "list" : result === "EmptyResponse" ? "empty" : "record");
  return {
    entity: row.entity,
    action: row.action,
    method: row.method,
    path,
    operationId: row.operationId,
    tag: row.tag,
    summary: oneLine(op.summary ?? row.operationId),
    description: sentence(description.replace(/^<b>Required scope: <\/b>.*$/m, "")),
    scope: (description.match(/<code>([^<]+)<\/code>/) ?? [])[1] ?? null,
    deprecated: /^\s*\*Deprecated/m.test(description),
    premium: /#### Premium access/.test(description),
    shape,
    // jobs/get reads a job; the others start one.
    job: extra.job ?? (result === "JobResponse" && row.entity !== "jobs"),
    params,
    fields,
    form: Boolean(body?.form),
    one_of: extra.one_of ?? [],
    exclusive: extra.exclusive ?? [],
    custom_field_filters: Boolean(extra.custom_field_filters),
    result: result ?? null,
  };
}

function refName(node) {
  return node?.$ref ? node.$ref.split("/").pop() : null;
}

function requestBody(spec, key, op) {
  if (!op.requestBody) return null;
  const body = deref(spec, op.requestBody);
  const form = body.content["multipart/form-data"];
  if (form) {
    const { props, required } = properties(spec, form.schema);
    const fields = [...props].map(([name, prop]) => bodyField(spec, name, prop, required.has(name)));
    return { form: true, required: Boolean(body.required), fields };
  }
  const top = properties(spec, body.content["application/json"].schema);
  const dataSchema = top.props.get("data");
  if (!dataSchema) throw new Error(`${key}: request body has no data`);
  const { props, required } = properties(spec, dataSchema);
  const fields = [];
  for (const [name, prop] of props) {
    // Read-only outright, or through an allOf part ({allOf: [UserCompact, {readOnly: true}]}).
    const schema = deref(spec, prop);
    if (schema.readOnly || (schema.allOf ?? []).some((part) => deref(spec, part).readOnly)) continue;
    fields.push(bodyField(spec, name, prop, required.has(name)));
  }
  return { form: false, required: Boolean(body.required) || required.size > 0, fields };
}

function bodyField(spec, name, prop, required) {
  const schema = deref(spec, prop);
  const description =
    sentence(schema.description ?? deref(spec, schema.allOf?.[0])?.description ?? deref(spec, schema.items)?.description ?? "") || named(name);
  const field = { name, in: "body", kind: bodyKind(spec, name, schema, description), required, description };
  if (schema.enum) field.enum = schema.enum.filter((v) => v !== null).map(String);
  if (schema.nullable) field.nullable = true;
  return field;
}

function bodyKind(spec, name, schema, description) {
  const gidLike = GID_NAMES.has(name) || /\bgids?\b|globally unique identifier/i.test(description);
  switch (schema.type) {
    case "string":
      if (schema.format === "binary") return "file";
      if (schema.format === "uri") return "string";
      if (schema.format === "date") return "date";
      if (schema.format === "date-time") return "date_time";
      return gidLike && !schema.enum ? "gid" : "string";
    case "boolean":
      return "boolean";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "array":
      return deref(spec, schema.items ?? {}).type === "string" ? (gidLike ? "gid_list" : "string_list") : "array";
    case "object":
      return "object";
    default:
      return "any";
  }
}

function queryParam(spec, p) {
  const schema = deref(spec, p.schema ?? {});
  const description = sentence(p.description) || named(p.name);
  let kind;
  if (p.name === "opt_fields") kind = "field_list";
  else if (p.name === "limit") kind = "limit";
  else if (p.name === "completed_since") kind = "since";
  else if (schema.type === "boolean") kind = "boolean";
  else if (schema.type === "integer") kind = "integer";
  else if (schema.type === "array") kind = "string_list";
  else if (schema.format === "date") kind = "date";
  else if (schema.format === "date-time") kind = "date_time";
  else if (/\.(any|not|all)$/.test(p.name)) kind = "gid_list";
  else if (!schema.enum && (GID_NAMES.has(p.name) || /^Globally unique identifier/.test(p.description ?? ""))) kind = "gid";
  else kind = "string";
  const out = { name: p.name, in: "query", kind, required: Boolean(p.required), description };
  if (schema.enum) out.enum = schema.enum.map(String);
  return out;
}

function entityDescription(spec, entity) {
  const tag = spec.tags.find((t) => t.name === entity.tag);
  const base = entity.name.replace(/_/g, " ");
  const own = tag && base === entity.tag.toLowerCase() ? sentence(tag.description) : "";
  return own || entity.summaries.join("; ") + ".";
}

/// The first sentence, as plain text, at most 160 characters; labels such as "Opt In" dropped.
export function sentence(text) {
  const plain = oneLine(
    (text ?? "")
      .replace(/<[^>]+>/g, "")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/[*`#]/g, ""),
  ).replace(/^((Opt In|Conditional|OAuth Required|Premium)[.:]?\s*)+/i, "");
  const end = /^.*?(?<!\b(?:i\.e|e\.g|etc|vs))[.!?](?=\s|$)/;
  let first = plain.match(end)?.[0] ?? plain;
  // A bare label ("Create-only.") says little alone: keep the sentence after it too.
  if (first.length < 20 && first.length < plain.length) first += " " + (plain.slice(first.length).trim().match(end)?.[0] ?? plain.slice(first.length).trim());
  return first.length > 160 ? first.slice(0, 157).replace(/\s+\S*$/, "") + "…" : first;
}

/// For the few params the spec leaves undescribed: `portfolio_membership_gid` → "The portfolio membership gid."
function named(name) {
  return `The ${name.replace(/_/g, " ")}.`;
}

function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}
