// pkg/operations.d.ts: per-operation params and result types, from the model and Asana's spec.
//
// Params come from the model (what the connector validates): path, query, header, form and hosted
// params by name, write fields inside `data`, each typed from its kind, enums as literal unions,
// required ones non-optional, no index signature (so a misspelt key is an excess-property error).
// Nested write values (objects, arrays) are typed from the spec's request schema, inline.
// Results are the spec's record schemas (components.schemas), each emitted once as a named type and
// referenced by name: allOf → an intersection, anyOf → a union, type literals rather than
// interfaces so that any record is assignable to the loose AsanaRecord. Every field is optional
// except a record's read-only `gid`, because `opt_fields` decides what comes back.

import { sentence } from "./model.mjs";

/**
 * Names pkg/index.d.ts declares beside its `export * from "./operations.js"`: a local declaration
 * would silently shadow a generated one, so a schema must not take one of these.
 */
const HAND_WRITTEN = new Set([
  "ActionInfo", "AirbyteAdminOptions", "AsanaConnector", "AsanaError", "AsanaErrorItem", "CallOptions", "CheckResult", "CommonOptions",
  "ConnectorConfig", "EntityDescription", "EntityInfo", "ErrorCode", "ExecuteArgs", "ExecuteOptions", "ExecuteToolInput", "HostedConfig",
  "JobCallOptions", "JsonSchemaObject", "LocalConfig", "McpHandlerOptions", "OAuthAuth", "OAuthTokens", "PaginateArgs", "PaginateOptions",
  "ParamInfo", "TokenAuth", "ToolArguments", "ToolDefinitions", "ToolError", "ToolFormat", "ToolFormatOptions", "ToolInput", "ToolName",
  "ToolOptions", "ToolResult", "ToolUtilsOptions", "WaitOptions", "WebhookEvent", "WebhookHandlerOptions", "WebhookSecretStore", "WrappedTool",
]);

const FILE = "Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>";
// The operators `custom_fields.{gid}.{op}` task-search filters take (src/params.rs).
const CUSTOM_FIELD_OPERATORS = ["is_set", "value", "starts_with", "ends_with", "contains", "less_than", "greater_than", "before", "after"];

export function emitTypes(model, spec) {
  const schemas = spec.components.schemas;
  const deref = (node) => {
    while (node && node.$ref) node = node.$ref.slice(2).split("/").reduce((n, k) => n[k], spec);
    return node;
  };
  const refName = (node) => node.$ref.split("/").pop();

  // ---- Result records: every schema reachable from an operation's result, emitted once. ----
  const wanted = new Set();
  const use = (name) => {
    if (!schemas[name]) throw new Error(`emit-types: no schema ${name}`);
    wanted.add(name);
    return name;
  };

  /** A record's type text (output side). */
  const outType = (node, indent) => {
    if (!node || typeof node !== "object") return "unknown";
    if (node.$ref) return nullable(use(refName(node)), node.nullable);
    let text;
    let isNull = Boolean(node.nullable);
    if (node.allOf) {
      const parts = [];
      for (const part of node.allOf) {
        if (!part.$ref && part.nullable) isNull = true;
        if (part.$ref || meaningful(part)) parts.push(outType({ ...part, nullable: false }, indent));
      }
      text = parts.length ? parts.map((p) => (p.includes(" | ") ? `(${p})` : p)).join(" & ") : "unknown";
    } else if (node.anyOf || node.oneOf) {
      text = unique((node.anyOf ?? node.oneOf).map((part) => outType(part, indent))).join(" | ");
    } else if (node.enum) {
      if (node.enum.includes(null)) isNull = true;
      text = literals(node.enum);
    } else {
      text = scalar(node, indent, outType, "output");
    }
    return nullable(text, isNull);
  };

  const scalar = (node, indent, render, side) => {
    switch (node.type) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "array":
        return arrayOf(render(node.items, indent));
      case "object":
      case undefined:
        if (!node.properties && !node.additionalProperties) return node.type ? "Record<string, unknown>" : "unknown";
        return objectType(node, indent, render, side);
      default:
        throw new Error(`emit-types: schema type ${node.type}`);
    }
  };

  /** An inline object type; output side: all optional but a read-only gid; input side: the spec's required, read-only left out. */
  const objectType = (node, indent, render, side) => {
    const inner = indent + "  ";
    const lines = [];
    const required = new Set(node.required ?? []);
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const schema = deref(prop);
      if (side === "input" && readOnly(prop)) continue;
      const must = side === "output" ? name === "gid" && Boolean(schema.readOnly) : required.has(name);
      lines.push(...doc(describeSchema(prop), inner), `${inner}${key(name)}${must ? "" : "?"}: ${render(prop, inner)};`);
    }
    if (node.additionalProperties) {
      // Asana's maps (custom_fields, action_data) hold more kinds of value than their schema says.
      if (!lines.length) return "Record<string, unknown>";
      lines.push(`${inner}[key: string]: unknown;`);
    }
    return lines.length ? `{\n${lines.join("\n")}\n${indent}}` : "Record<string, never>";
  };

  const describeSchema = (prop) => {
    const own = prop.description ?? (prop.allOf ?? []).map((p) => p.description).find(Boolean);
    return sentence(own ?? deref(prop)?.description ?? "");
  };

  const meaningful = (part) =>
    Boolean(part.properties || part.items || part.enum || part.allOf || part.anyOf || part.oneOf || part.additionalProperties || (part.type && part.type !== "object"));

  const readOnly = (prop) => Boolean(prop.readOnly || deref(prop)?.readOnly || (prop.allOf ?? []).some((p) => !p.$ref && p.readOnly));

  // A named schema is an alias of another, a union, a map, a scalar, or an object (with allOf parents).
  const kindOf = (schema) => {
    if (schema.anyOf || schema.oneOf) return "union";
    if (schema.allOf || schema.properties) return "object";
    return schema.type === "object" ? "map" : "scalar";
  };

  /** Every property a named schema has, through $ref and allOf: name → { text, optional }. */
  const memberCache = new Map();
  const members = (name) => {
    if (memberCache.has(name)) return memberCache.get(name);
    const out = new Map();
    memberCache.set(name, out);
    const schema = schemas[name];
    const add = (node) => {
      if (node.$ref) for (const [k, v] of members(refName(node))) out.set(k, v);
      for (const part of node.allOf ?? []) add(part);
      for (const [prop, value] of Object.entries(node.properties ?? {})) {
        out.set(prop, { text: outType(value, "  "), optional: !(prop === "gid" && deref(value).readOnly) });
      }
    };
    add(schema);
    return out;
  };

  const emitSchema = (name) => {
    const schema = schemas[name];
    const lines = doc(sentence(schema.description ?? ""), "");
    const kind = kindOf(schema);
    if (schema.$ref && !schema.allOf) {
      lines.push(`export type ${name} = ${use(refName(schema))};`);
    } else if (kind === "union" || kind === "map" || kind === "scalar") {
      lines.push(`export type ${name} = ${outType(schema, "")};`);
    } else {
      const bases = (schema.allOf ?? []).filter((p) => p.$ref).map((p) => use(refName(p)));
      const inherited = new Map();
      for (const base of bases) for (const [k, v] of members(base)) inherited.set(k, v);
      const own = { properties: {} };
      for (const part of schema.allOf ?? [schema]) {
        if (part.$ref) continue;
        Object.assign(own.properties, part.properties ?? {});
        if (part.additionalProperties) own.additionalProperties = part.additionalProperties;
      }
      // A redeclared member with the same type says nothing new; one with another type replaces it.
      const replaced = [];
      for (const [prop, value] of Object.entries(own.properties)) {
        const before = inherited.get(prop);
        if (!before) continue;
        const now = { text: outType(value, "  "), optional: !(prop === "gid" && deref(value).readOnly) };
        if (before.text === now.text && before.optional === now.optional) delete own.properties[prop];
        else replaced.push(prop);
      }
      const body = Object.keys(own.properties).length || own.additionalProperties ? objectType(own, "", outType, "output") : "{}";
      const parents = bases.map((b) => (replaced.length && [...members(b).keys()].some((k) => replaced.includes(k)) ? `Omit<${b}, ${literals(replaced.filter((k) => members(b).has(k)))}>` : b));
      // A type literal, not an interface, so that a record is assignable to AsanaRecord (an index signature).
      const parts = [...parents, ...(body === "{}" || (body === "Record<string, never>" && parents.length) ? [] : [body])];
      lines.push(`export type ${name} = ${parts.length ? parts.join(" & ") : "Record<string, unknown>"};`);
    }
    return lines.join("\n");
  };

  // ---- Params: from the model, write fields typed from the spec's request schema. ----
  const byId = new Map();
  for (const item of Object.values(spec.paths)) {
    for (const method of ["get", "post", "put", "delete"]) if (item[method]) byId.set(item[method].operationId, item[method]);
  }
  const collect = (node, out = { props: new Map(), required: new Set() }) => {
    node = deref(node);
    for (const part of node?.allOf ?? []) collect(part, out);
    for (const [k, v] of Object.entries(node?.properties ?? {})) out.props.set(k, v);
    for (const k of node?.required ?? []) out.required.add(k);
    return out;
  };
  /** The spec's schema of one write field of `op`, or null. */
  const fieldSchema = (op, name) => {
    const body = deref(byId.get(op.operationId)?.requestBody);
    const json = body?.content?.["application/json"]?.schema;
    if (!json) return null;
    const data = collect(json).props.get("data");
    return data ? (collect(data).props.get(name) ?? null) : null;
  };

  /** A nested write value's type (input side): request schemas inline, read-only members left out. */
  const inType = (node, indent, stack = []) => {
    if (!node || typeof node !== "object") return "unknown";
    if (node.$ref) {
      const name = refName(node);
      if (stack.includes(name)) return "unknown";
      return nullable(inType(deref(node), indent, [...stack, name]), node.nullable);
    }
    let isNull = Boolean(node.nullable);
    let text;
    if (node.allOf) {
      const parts = node.allOf.filter((p) => p.$ref || meaningful(p));
      if (node.allOf.some((p) => !p.$ref && p.nullable)) isNull = true;
      const objects = parts.every((p) => {
        const s = deref(p);
        return s.properties || s.allOf || s.type === "object";
      });
      if (objects && parts.length) {
        const merged = collect({ allOf: parts });
        text = objectType({ type: "object", properties: Object.fromEntries(merged.props), required: [...merged.required] }, indent, (n, i) => inType(n, i, stack), "input");
      } else {
        text = parts.length ? parts.map((p) => inType(p, indent, stack)).join(" & ") : "unknown";
      }
    } else if (node.anyOf || node.oneOf) {
      text = unique((node.anyOf ?? node.oneOf).map((p) => inType(p, indent, stack))).join(" | ");
    } else if (node.enum) {
      if (node.enum.includes(null)) isNull = true;
      text = literals(node.enum);
    } else {
      text = scalar(node, indent, (n, i) => inType(n, i, stack), "input");
    }
    return nullable(text, isNull);
  };

  /** A param's or write field's type, from its kind (what the connector accepts). */
  const paramType = (op, p, indent) => {
    let text;
    switch (p.kind) {
      case "gid":
        text = "string | number";
        break;
      case "string":
        text = p.enum ? literals(p.enum) : "string";
        break;
      case "integer":
      case "limit":
      case "count":
      case "number":
        text = "number";
        break;
      case "boolean":
        text = "boolean";
        break;
      case "date":
      case "date_time":
      case "since":
        text = "string";
        break;
      case "gid_list":
        text = "Array<string | number> | string";
        break;
      case "string_list":
      case "field_list":
        text = "string[] | string";
        break;
      case "field_paths":
        text = "Array<string | string[]>";
        break;
      case "file":
        text = FILE;
        break;
      case "object":
      case "array":
      case "any": {
        const schema = p.in === "body" ? fieldSchema(op, p.name) : null;
        const fallback = { object: "Record<string, unknown>", array: "unknown[]", any: "unknown" }[p.kind];
        if (!schema || readOnly(schema)) text = fallback;
        else {
          text = inType({ ...schema, nullable: false }, indent);
          if (p.kind === "object" && !text.startsWith("{") && !text.startsWith("Record<")) text = fallback;
          if (p.kind === "array" && !text.endsWith("[]") && !text.startsWith("Array<")) text = fallback;
        }
        break;
      }
      default:
        throw new Error(`emit-types: ${op.entity}/${op.action}: kind ${p.kind} has no TypeScript type`);
    }
    return nullable(text, p.nullable);
  };

  const pascal = (s) => s.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  const opName = (op) => pascal(op.entity) + pascal(op.action);

  const blocks = [];
  const dataBodies = new Map();
  const paramsBlock = (op) => {
    const base = opName(op);
    const paramsName = `${base}Params`;
    const notes = [];
    const lines = [];
    let dataType = null;
    const body = op.params.find((p) => p.in === "body");
    if (body && op.shape === "batch") {
      dataType = `${base}Data`;
      const actions = op.fields.find((f) => f.name === "actions");
      blocks.push(
        [
          `/** ${op.entity}/${op.action}: the write body. Each action is checked through the catalogue before anything is sent. */`,
          `export interface ${dataType} {`,
          ...doc("1 to 10 calls, run in order; batch, download and multipart (attachments/create) operations cannot run inside a batch.", "  "),
          `  actions${actions?.required ? "" : "?"}: BatchAction[];`,
          "}",
        ].join("\n"),
      );
    } else if (body) {
      dataType = `${base}Data`;
      const fieldLines = [];
      for (const f of op.fields) {
        // The connector accepts these (its kind is "any"), but Asana's spec marks them read-only.
        const ro = f.kind === "any" && readOnly(fieldSchema(op, f.name) ?? {}) ? " Read-only in Asana's spec." : "";
        fieldLines.push(...doc(f.description + ro, "  "), `  ${key(f.name)}${f.required ? "" : "?"}: ${paramType(op, f, "  ")};`);
      }
      const groups = op.one_of.filter((g) => g.every((n) => n.startsWith("data.")));
      const dataNotes = groups.length ? [` * Needs one of: ${groups.map((g) => g.map((n) => n.slice(5)).join(" + ")).join(", or ")} (checked at run time).`] : [];
      // Operations on one resource often share their write body (tasks/create, task_subtasks/create).
      const bodyText = `${dataNotes.join("\n")}${fieldLines.length ? `{\n${fieldLines.join("\n")}\n}` : "{}"}`;
      const same = dataBodies.get(bodyText);
      if (!same) dataBodies.set(bodyText, dataType);
      blocks.push(
        [
          `/**`,
          ` * ${op.entity}/${op.action}: the write body (\`params.data\`)${same ? `, the same as ${same}'s` : ""}.`,
          ...dataNotes,
          ` */`,
          same ? `export type ${dataType} = ${same};` : `export interface ${dataType} ${fieldLines.length ? `{\n${fieldLines.join("\n")}\n}` : "{}"}`,
        ].join("\n"),
      );
    }
    for (const p of op.params) {
      const type = p.in === "body" ? dataType : paramType(op, p, "  ");
      lines.push(...doc(p.description, "  "), `  ${key(p.name)}${p.required ? "" : "?"}: ${type};`);
      for (const alias of p.aliases ?? []) lines.push(`  /** Alias of \`${p.name}\`. */`, `  ${key(alias)}?: ${type};`);
    }
    if (op.custom_field_filters) {
      // The runtime also takes `assignee_any` for `assignee.any` (the last dot as an underscore).
      for (const p of op.params.filter((q) => q.name.includes("."))) {
        const alias = p.name.replace(/\.(?=[^.]*$)/, "_");
        if (!op.params.some((q) => q.name === alias)) lines.push(`  /** Alias of \`${p.name}\`. */`, `  ${key(alias)}?: ${paramType(op, p, "  ")};`);
      }
      notes.push(
        "not exact: custom_fields.{gid}.{operator} filters are dynamic keys, typed by a template-literal index signature (the gid as digits; the value a string, as the connector sends it)",
      );
      lines.push(`  [filter: \`custom_fields.\${number}.\${${literals(CUSTOM_FIELD_OPERATORS)}}\`]: string;`);
    }
    const scoped = op.one_of.filter((g) => !g.some((n) => n.startsWith("data.")));
    if (scoped.length) notes.push(`needs one of: ${scoped.map((g) => g.join(" + ")).join(", or ")} (checked at run time, not by these types)`);
    if (op.exclusive.length) notes.push(`at most one of ${op.exclusive.join(", ")} (checked at run time)`);
    const head = [`/**`, ` * ${op.entity}/${op.action}: ${escape(op.summary)}${/[.!?]$/.test(op.summary) ? "" : "."}`];
    if (op.deprecated) head.push(" * @deprecated Asana's spec marks this operation deprecated.");
    for (const n of notes) head.push(` * Note: ${escape(n)}.`);
    head.push(" */");
    blocks.push([...head, `export interface ${paramsName} ${lines.length ? `{\n${lines.join("\n")}\n}` : "{}"}`].join("\n"));
    return paramsName;
  };

  const resultType = (op) => {
    const record = op.result && op.result !== "EmptyResponse" ? use(op.result) : null;
    switch (op.shape) {
      case "list":
        return `ListResult<${record}>`;
      case "record":
        return record;
      case "webhook":
        return `${record} & { meta?: { x_hook_secret?: string } }`;
      case "empty":
        return "EmptyResult";
      case "download":
        return "Download";
      case "events":
        return `EventsResult<${record}>`;
      case "batch":
        return "BatchResult";
      case "typeahead":
        return `{ data: ${record}[]; meta: { next_page: null } }`;
      default:
        throw new Error(`emit-types: ${op.entity}/${op.action}: shape ${op.shape}`);
    }
  };

  // ---- The map. ----
  const entries = new Map(model.entities.map((e) => [e.name, []]));
  for (const op of model.operations) {
    const params = paramsBlock(op);
    const extra = op.job ? "; job: true" : "";
    entries.get(op.entity).push(`    ${key(op.action)}: { params: ${params}; result: ${resultType(op)}${extra} };`);
  }
  const hosted = model.hosted.operation;
  const hostedParams = `${pascal(hosted.action)}Params`;
  {
    const lines = [];
    for (const p of hosted.params) {
      const type = p.name === "query" && p.kind === "object" ? "ContextStoreQuery" : paramType({ entity: "hosted", action: hosted.action }, p, "  ");
      lines.push(...doc(p.description, "  "), `  ${key(p.name)}${p.required ? "" : "?"}: ${type};`);
    }
    blocks.push(
      [
        `/** ${hosted.action} (hosted mode only; locally it fails with \`not_supported\`): ${escape(hosted.summary)}. */`,
        `export interface ${hostedParams} {\n${lines.join("\n")}\n}`,
      ].join("\n"),
    );
  }
  for (const entity of model.hosted.entities) {
    if (!entries.has(entity)) throw new Error(`emit-types: hosted entity ${entity} is not in the model`);
    entries.get(entity).push(`    ${key(hosted.action)}: { params: ${hostedParams}; result: HostedSearchResult };`);
  }
  const pages = model.operations.filter((op) => op.shape === "list" || op.shape === "typeahead");

  // Records last: every operation has named what it needs.
  const records = [];
  const done = new Set();
  while (done.size < wanted.size) {
    for (const name of [...wanted].sort()) {
      if (done.has(name)) continue;
      done.add(name);
      records.push([name, emitSchema(name)]);
    }
  }
  records.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const counts = `${model.operations.length} operations on ${model.entities.length} entities, plus ${hosted.action} on ${model.hosted.entities.length} (hosted mode)`;
  const text = `// Generated by tools/gen-catalog (emit-types.mjs) from Asana's OpenAPI spec (Apache-2.0, tests/spec/): do not edit.
// ${counts}.
//
// Params: path, query, header and form params by name, write fields in \`data\`, typed from what the
// connector accepts (a gid also as a safe-integer number; lists also as one comma-separated string).
// Booleans are typed \`boolean\` although the connector also takes "true"/"false", and integers
// \`number\` although it also takes decimal strings: those coercions serve untyped callers (agents).
// No interface has an index signature, so a misspelt key is a compile error, with one exception:
// workspace_task_search's custom_fields.{gid}.{operator} filters. Rules across params (one of a
// group, at most one of two) are noted on the interface and checked at run time only.
//
// Results: Asana's record schemas. Every field is optional except a record's \`gid\`, since
// \`opt_fields\` decides what comes back (an answer with opt_fields carries only gid and the named
// fields, so not even \`resource_type\` is certain).

// ---- Envelopes ----

export interface NextPage {
  offset: string;
  path: string;
  uri: string;
}

/** What a list operation resolves to: one page and the offset of the next. */
export interface ListResult<T = AsanaRecord> {
  data: T[];
  meta: { next_page: NextPage | null };
}

/** A loose record, for code that handles any entity. */
export type AsanaRecord = { gid: string; resource_type?: string; name?: string; [field: string]: unknown };

/** What deletes and relationship calls (add/remove a follower, a tag, ...) resolve to: \`{}\`. */
export type EmptyResult = Record<string, never>;

/** What \`attachments\` / \`download\` resolves to: the bytes as a stream, not a buffered copy. */
export interface Download {
  status: number;
  contentType: string | null;
  size: number | null;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * What \`events\`/\`list\` and \`workspace_events\`/\`list\` resolve to. Asana's 412 (sync token
 * missing or too old) is not an error: it resolves to no events, a fresh \`sync\` and \`sync_reset: true\`.
 */
export interface EventsResult<T = EventResponse> {
  data: T[];
  meta: { sync: string; has_more: boolean; sync_reset?: true };
}

/** One action's outcome in a batch, in the order of the actions. */
export type BatchItemResult =
  | { ok: true; status: number; data: unknown }
  | { ok: false; status: number; error: { code: string; message: string; retryable: boolean } };

/** What \`batch\`/\`create\` resolves to. */
export interface BatchResult {
  data: BatchItemResult[];
}

/** One call inside \`batch\`/\`create\`: any operation but a batch, a download or a multipart upload. */
export type BatchAction = {
  [E in Entity]: {
    [A in Exclude<keyof Operations[E], "context_store_search" | BatchExcluded<E>>]: {} extends ParamsOf<Operations[E][A]>
      ? { entity: E; action: A; params?: ParamsOf<Operations[E][A]> }
      : { entity: E; action: A; params: ParamsOf<Operations[E][A]> };
  }[Exclude<keyof Operations[E], "context_store_search" | BatchExcluded<E>>];
}[Entity];
type BatchExcluded<E> = E extends "attachments" ? "create" | "download" : E extends "batch" ? "create" : never;

/** context_store_search's query: \`filter\` is one condition (one operator as its outer key: eq, neq, gt, gte, lt, lte, in, like, fuzzy, keyword, contains, any, and, or, not). */
export interface ContextStoreQuery {
  filter?: Record<string, unknown>;
  sort?: Array<Record<string, "asc" | "desc">>;
}

/** What context_store_search resolves to: records of Airbyte's synced copy (its own field set) and Airbyte's paging state. */
export interface HostedSearchResult {
  data: Array<Record<string, unknown>>;
  meta: { next_page?: NextPage | null; [key: string]: unknown };
}

// ---- The catalogue ----

/** Every entity, its actions, and each action's params and result. */
export interface Operations {
${[...entries].map(([entity, lines]) => `  ${key(entity)}: {\n${lines.join("\n")}\n  };`).join("\n")}
}

/** Operations that follow a list: \`paginate(entity, action, ...)\` takes these. */
export interface PageActions {
${pages.map((op) => `  ${key(op.entity)}: ${JSON.stringify(op.action)};`).join("\n")}
}

export type Entity = keyof Operations;
/** The actions of \`E\` (of every entity when \`E\` is a union). */
export type Action<E extends Entity = Entity> = E extends Entity ? keyof Operations[E] & string : never;
/** One operation's entry in the map: \`{ params, result, job? }\`. */
export type Operation<E extends Entity, A extends Action<E>> = Operations[E][A & keyof Operations[E]];
/** The params of \`E\`/\`A\`; without type arguments, any JSON params (for code that handles every operation). */
export type Params<E extends Entity = never, A extends Action<E> = never> = [E] extends [never] ? JsonParams : ParamsOf<Operation<E, A>>;
/** What \`execute(E, A, ...)\` resolves to. */
export type Result<E extends Entity, A extends Action<E>> = ResultOf<Operation<E, A>>;
/** Entities with an action \`paginate\` follows. */
export type PageEntity = keyof PageActions;
/** A record \`paginate(E, ...)\` yields. */
export type Item<E extends PageEntity> = ResultOf<Operations[E][PageActions[E] & keyof Operations[E]]> extends { data: Array<infer T> } ? T : never;
type ParamsOf<O> = O extends { params: infer P } ? P : never;
type ResultOf<O> = O extends { result: infer R } ? R : never;
/** Operations that start an Asana job (the \`wait\` call option polls it to the end). */
export type JobAction<E extends Entity> = { [A in keyof Operations[E]]: Operations[E][A] extends { job: true } ? A : never }[keyof Operations[E]];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** Params of no particular operation. */
export type JsonParams = { [name: string]: JsonValue | undefined };

// ---- Params ----

${blocks.join("\n\n")}

// ---- Records (components.schemas) ----

${records.map(([, text]) => text).join("\n\n")}
`;
  // Every name declared once, none shadowed by index.d.ts.
  const names = [...text.matchAll(/^(?:export )?(?:interface|type) (\w+)/gm)].map((m) => m[1]);
  const clash = names.find((name, i) => names.indexOf(name) !== i || HAND_WRITTEN.has(name));
  if (clash) throw new Error(`emit-types: the type name ${clash} is declared twice (or also in pkg/index.d.ts)`);
  return text;
}

function nullable(text, isNull) {
  return isNull && !/(^|\| )null$/.test(text) ? `${text} | null` : text;
}

function arrayOf(text) {
  return /^\w+$/.test(text) ? `${text}[]` : `Array<${text}>`;
}

function literals(values) {
  return values
    .filter((v) => v !== null)
    .map((v) => JSON.stringify(String(v)))
    .join(" | ");
}

function unique(items) {
  return [...new Set(items)];
}

function key(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function escape(text) {
  return text.replace(/\*\//g, "*\\/");
}

function doc(text, indent) {
  return text ? [`${indent}/** ${escape(text)} */`] : [];
}
