// Custom fields (a premium feature: 402 in a free workspace), their enum options, and custom field
// settings: which fields a project, portfolio or goal carries (a task shows the fields of its
// projects; a project those of the portfolios holding it). Values live on the objects
// (customfields.js).

import { SUBTYPES } from "../customfields.js";
import { Ref } from "../ref.js";
import { badRequest, missing } from "../validate.js";
import { listView, storedFields } from "./generic.js";

const COLORS = ["none", "red", "orange", "yellow-orange", "yellow", "yellow-green", "green", "blue-green", "aqua", "blue", "indigo",
  "purple", "magenta", "hot-pink", "pink", "cool-gray"];
const FIELD_KEYS = ["name", "description", "precision", "format", "currency_code", "custom_label", "custom_label_position", "id_prefix",
  "input_restrictions", "is_formula_field", "has_notifications_enabled", "owned_by_app"];

function checkOption(data, field) {
  if (data.name !== undefined && (typeof data.name !== "string" || !data.name.trim())) throw missing(`${field}name`);
  if (data.color !== undefined && !COLORS.includes(data.color)) throw badRequest(`${field}color: Must be one of ${COLORS.join(", ")}, got ${JSON.stringify(data.color)}`);
  if (data.enabled !== undefined && typeof data.enabled !== "boolean") throw badRequest(`${field}enabled: Must be a boolean`);
}

function addOption(ctx, field, data, position) {
  checkOption(data, "");
  if (!data.name?.trim()) throw missing("name");
  const option = ctx.store.add("enum_option", { gid: ctx.store.newGid(), name: data.name, enabled: data.enabled ?? true, color: data.color ?? "none",
    _field: field.gid });
  field._options.splice(position ?? field._options.length, 0, option.gid);
  return option;
}

function createField(ctx) {
  const data = ctx.data;
  const workspace = ctx.ref("workspace", data.workspace, "workspace");
  ctx.requirePremium(workspace.gid, "Custom fields");
  if (!data.name?.trim()) throw missing("name");
  if (!SUBTYPES.includes(data.resource_subtype)) throw badRequest(`resource_subtype: Must be one of ${SUBTYPES.join(", ")}`);
  if (ctx.store.all("custom_field").some((f) => f._workspace === workspace.gid && f.name.toLowerCase() === data.name.toLowerCase())) {
    throw badRequest(`name: A custom field named ${JSON.stringify(data.name)} already exists in this workspace`);
  }
  if (data.precision !== undefined && (data.precision < 0 || data.precision > 6)) throw badRequest("precision: Must be from 0 to 6");
  const isEnum = data.resource_subtype === "enum" || data.resource_subtype === "multi_enum";
  if (data.enum_options !== undefined && !isEnum) throw badRequest("enum_options: Only enum and multi_enum fields have enum options");
  (data.enum_options ?? []).forEach((option, i) => {
    if (!option || typeof option !== "object") throw badRequest(`enum_options[${i}]: Must be an object {name, color?, enabled?}`);
    checkOption(option, `enum_options[${i}].`);
  });
  const field = ctx.store.add("custom_field", {
    gid: ctx.store.newGid(), name: data.name, resource_subtype: data.resource_subtype, representation_type: data.resource_subtype,
    description: "", precision: data.resource_subtype === "number" ? 0 : null, format: data.resource_subtype === "number" ? "none" : null,
    currency_code: null, custom_label: null, custom_label_position: null, id_prefix: null, input_restrictions: [], is_formula_field: false,
    enabled: true, is_global_to_workspace: true, has_notifications_enabled: true, asana_created_field: null, is_value_read_only: false,
    created_by: new Ref("user", ctx.me), privacy_setting: "public_with_guests", default_access_level: "editor",
    ...Object.fromEntries(FIELD_KEYS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]])),
    _workspace: workspace.gid, _options: [],
  });
  for (const option of data.enum_options ?? []) addOption(ctx, field, option);
  return ctx.created("custom_field", field, `/custom_fields/${field.gid}`);
}

function updateField(ctx) {
  const field = ctx.load("custom_field", "custom_field_gid");
  const data = ctx.data;
  if (data.workspace !== field._workspace) throw badRequest(`workspace: The custom field lives in workspace ${field._workspace}`);
  if (data.name !== undefined && !data.name.trim()) throw missing("name");
  if (data.precision !== undefined && (data.precision < 0 || data.precision > 6)) throw badRequest("precision: Must be from 0 to 6");
  for (const key of FIELD_KEYS) if (data[key] !== undefined) field[key] = data[key];
  return ctx.one("custom_field", field);
}

function deleteField(ctx) {
  const field = ctx.load("custom_field", "custom_field_gid");
  for (const gid of field._options) ctx.store.remove("enum_option", gid);
  for (const type of ["task", "project", "goal", "portfolio"]) {
    for (const entity of ctx.store.all(type)) if (entity.custom_field_values?.[field.gid] !== undefined) delete entity.custom_field_values[field.gid];
  }
  ctx.store.remove("custom_field", field.gid);
  ctx.store.dropReferences(field.gid);
  return ctx.empty();
}

function enumField(ctx) {
  const field = ctx.load("custom_field", "custom_field_gid");
  if (!field._options || !["enum", "multi_enum"].includes(field.resource_subtype)) {
    throw badRequest(`custom_field_gid: ${field.gid} is a ${field.resource_subtype} field; only enum and multi_enum fields have enum options`);
  }
  return field;
}

function anchorIndex(field, data, [beforeKey, afterKey]) {
  if (data[beforeKey] && data[afterKey]) throw badRequest(`${beforeKey}: Only one of ${beforeKey} or ${afterKey} may be given`);
  const anchor = data[beforeKey] ?? data[afterKey];
  if (!anchor) return undefined;
  const index = field._options.indexOf(anchor);
  if (index < 0) throw badRequest(`${data[beforeKey] ? beforeKey : afterKey}: ${anchor} is not an enum option of custom field ${field.gid}`);
  return data[beforeKey] ? index : index + 1;
}

function createOption(ctx) {
  const field = enumField(ctx);
  const option = addOption(ctx, field, ctx.data, anchorIndex(field, ctx.data, ["insert_before", "insert_after"]));
  return ctx.created("enum_option", option, `/enum_options/${option.gid}`);
}

function insertOption(ctx) {
  const field = enumField(ctx);
  const { enum_option: gid } = ctx.data;
  if (!field._options.includes(gid)) throw badRequest(`enum_option: ${gid} is not an enum option of custom field ${field.gid}`);
  if (!ctx.data.before_enum_option && !ctx.data.after_enum_option) throw badRequest("before_enum_option: Give before_enum_option or after_enum_option");
  field._options = field._options.filter((g) => g !== gid);
  const index = anchorIndex(field, ctx.data, ["before_enum_option", "after_enum_option"]);
  field._options.splice(index, 0, gid);
  return ctx.one("enum_option", ctx.store.get("enum_option", gid));
}

function updateOption(ctx) {
  const option = ctx.load("enum_option", "enum_option_gid");
  checkOption(ctx.data, "");
  Object.assign(option, storedFields(ctx));
  return ctx.one("enum_option", option);
}

// ---- custom field settings ------------------------------------------------------------------

const settingsOf = (store, gid) => store.all("custom_field_setting").filter((s) => s.parent.gid === gid).sort((a, b) => a._rank - b._rank);
const workspaceOfParent = (store, type, parent) => (type === "project" ? parent.workspace : parent.workspace?.gid);

const addSetting = (type) => (ctx) => {
  const parent = ctx.load(type, `${type}_gid`);
  const raw = ctx.data.custom_field;
  const fieldGid = typeof raw === "object" && raw !== null ? raw.gid : raw;
  if (typeof fieldGid !== "string") throw badRequest("custom_field: Must be the gid of a custom field");
  const field = ctx.ref("custom_field", fieldGid, "custom_field");
  if (field._workspace !== workspaceOfParent(ctx.store, type, parent)) throw badRequest(`custom_field: ${field.gid} is not in the ${type}'s workspace`);
  const current = settingsOf(ctx.store, parent.gid);
  if (current.some((s) => s.custom_field.gid === field.gid)) throw badRequest(`custom_field: ${field.gid} is already on ${type} ${parent.gid}`);
  const { insert_before: before, insert_after: after } = ctx.data;
  if (before && after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  let rank = (current.at(-1)?._rank ?? 0) + 1;
  const anchorGid = before ?? after;
  if (anchorGid) {
    const index = current.findIndex((s) => s.custom_field.gid === anchorGid || s.gid === anchorGid);
    if (index < 0) throw badRequest(`${before ? "insert_before" : "insert_after"}: ${anchorGid} is not a custom field of ${type} ${parent.gid}`);
    const neighbour = current[before ? index - 1 : index + 1];
    rank = ((neighbour?._rank ?? current[index]._rank + (before ? -1 : 1)) + current[index]._rank) / 2;
  }
  const setting = ctx.store.add("custom_field_setting", {
    gid: ctx.store.newGid(), ...(type === "project" ? { project: new Ref("project", parent.gid) } : { project: null }),
    is_important: ctx.data.is_important ?? false, parent: new Ref(type, parent.gid), custom_field: new Ref("custom_field", field.gid), _rank: rank,
  });
  return ctx.one("custom_field_setting", setting);
};

const removeSetting = (type) => (ctx) => {
  const parent = ctx.load(type, `${type}_gid`);
  const setting = settingsOf(ctx.store, parent.gid).find((s) => s.custom_field.gid === ctx.data.custom_field);
  if (!setting) throw badRequest(`custom_field: ${ctx.data.custom_field} is not a custom field of ${type} ${parent.gid}`);
  ctx.store.remove("custom_field_setting", setting.gid);
  return ctx.empty();
};

const listSettings = (type) => (ctx) => ctx.many("custom_field_setting", settingsOf(ctx.store, ctx.load(type, `${type}_gid`).gid), { view: listView(ctx.row) });

export const customFieldRoutes = [
  ["POST", "/custom_fields", createField],
  ["GET", "/custom_fields/{custom_field_gid}", (ctx) => ctx.one("custom_field", ctx.load("custom_field", "custom_field_gid"))],
  ["PUT", "/custom_fields/{custom_field_gid}", updateField],
  ["DELETE", "/custom_fields/{custom_field_gid}", deleteField],
  ["GET", "/workspaces/{workspace_gid}/custom_fields", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    return ctx.many("custom_field", ctx.store.all("custom_field").filter((f) => f._workspace === workspace.gid), { view: "full" });
  }],
  ["POST", "/custom_fields/{custom_field_gid}/enum_options", createOption],
  ["POST", "/custom_fields/{custom_field_gid}/enum_options/insert", insertOption],
  ["PUT", "/enum_options/{enum_option_gid}", updateOption],
  ...["project", "portfolio", "goal"].flatMap((type) => [
    ["POST", `/${type}s/{${type}_gid}/addCustomFieldSetting`, addSetting(type)],
    ["POST", `/${type}s/{${type}_gid}/removeCustomFieldSetting`, removeSetting(type)],
    ["GET", `/${type}s/{${type}_gid}/custom_field_settings`, listSettings(type)],
  ]),
  ["GET", "/teams/{team_gid}/custom_field_settings", listSettings("team")],
];
