// Custom field values on tasks, projects, goals and portfolios. A value lives in the object's
// `custom_field_values` ({field gid: value}); which fields an object shows comes from the custom
// field settings of its containers (a task shows the fields of its projects, a project those of
// the portfolios holding it, a goal its own) plus any field it has a value for.

import { badRequest, isDate, isGid, unknownObject } from "./validate.js";

export const SUBTYPES = ["text", "enum", "multi_enum", "number", "date", "people", "reference"];

/** Field gids an object shows, in settings order, then the ones only set on it. */
function applicable(store, type, entity) {
  let containers = [];
  if (type === "task") containers = entity.memberships.map((m) => m.project);
  else if (type === "project") containers = store.all("portfolio").filter((p) => p._items.includes(entity.gid)).map((p) => p.gid);
  else if (type === "goal") containers = [entity.gid];
  const gids = [];
  for (const container of containers) {
    for (const setting of store.all("custom_field_setting").sort((a, b) => a._rank - b._rank)) {
      if (setting.parent?.gid === container && !gids.includes(setting.custom_field.gid)) gids.push(setting.custom_field.gid);
    }
  }
  for (const gid of Object.keys(entity.custom_field_values ?? {})) if (!gids.includes(gid)) gids.push(gid);
  return gids.filter((gid) => store.get("custom_field", gid));
}

const option = (store, gid) => {
  const o = store.get("enum_option", gid);
  return o ? { gid, resource_type: "enum_option", name: o.name, enabled: o.enabled, color: o.color } : { gid, resource_type: "enum_option" };
};
const named = (store, gid) => {
  const found = store.find(gid);
  return { gid, resource_type: found?.type ?? null, ...(found?.entity.name === undefined ? {} : { name: found.entity.name }) };
};

function displayNumber(field, value) {
  const text = value.toFixed(Math.min(Math.max(field.precision ?? 0, 0), 6));
  if (field.format === "percentage") return `${text}%`;
  if (field.format === "currency") return `${field.currency_code ?? "USD"} ${text}`;
  if (field.format === "custom" && field.custom_label) return field.custom_label_position === "prefix" ? `${field.custom_label}${text}` : `${text}${field.custom_label}`;
  return text;
}

/** What one field's value looks like on an object: the *_value fields of its subtype plus display_value. */
export function renderValue(store, field, value) {
  const base = { gid: field.gid, resource_type: "custom_field", name: field.name, resource_subtype: field.resource_subtype,
    type: field.resource_subtype, enabled: field.enabled ?? true };
  const v = value ?? null;
  switch (field.resource_subtype) {
    case "enum": {
      const enumValue = v === null ? null : option(store, v);
      return { ...base, enum_options: (field._options ?? []).map((gid) => option(store, gid)), enum_value: enumValue, display_value: enumValue?.name ?? null };
    }
    case "multi_enum": {
      const values = (v ?? []).map((gid) => option(store, gid));
      return { ...base, enum_options: (field._options ?? []).map((gid) => option(store, gid)), multi_enum_values: values,
        display_value: values.length ? values.map((o) => o.name).join(", ") : null };
    }
    case "number":
      return { ...base, precision: field.precision ?? 0, number_value: v, display_value: v === null ? null : displayNumber(field, v) };
    case "date":
      return { ...base, date_value: v, display_value: v ? v.date_time ?? v.date : null };
    case "people": {
      const people = (v ?? []).map((gid) => named(store, gid));
      return { ...base, people_value: people, display_value: people.length ? people.map((p) => p.name).join(", ") : null };
    }
    case "reference": {
      const refs = (v ?? []).map((gid) => named(store, gid));
      return { ...base, reference_value: refs, display_value: refs.length ? refs.map((r) => r.name ?? r.gid).join(", ") : null };
    }
    default:
      return { ...base, text_value: v, display_value: v };
  }
}

/** The custom_fields array of a task, project, goal or portfolio. */
export function customFieldValues(store, type, entity) {
  return applicable(store, type, entity).map((gid) => renderValue(store, store.get("custom_field", gid), entity.custom_field_values?.[gid]));
}

const gidList = (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value);

/** One value for a field, normalized, or a 400 naming the field. */
function checkValue(ctx, field, raw) {
  const name = `custom_fields.${field.gid}`;
  if (raw === null) return null;
  switch (field.resource_subtype) {
    case "text":
      if (typeof raw !== "string") throw badRequest(`${name}: A text custom field takes a string, got ${JSON.stringify(raw)}`);
      return raw;
    case "number": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) throw badRequest(`${name}: A number custom field takes a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case "enum":
      if (!(field._options ?? []).includes(raw)) throw badRequest(`${name}: ${JSON.stringify(raw)} is not an enum option of custom field ${field.gid}`);
      if (ctx.store.get("enum_option", raw)?.enabled === false) throw badRequest(`${name}: enum option ${raw} is disabled`);
      return raw;
    case "multi_enum": {
      const values = gidList(raw);
      if (!Array.isArray(values) || values.some((gid) => !(field._options ?? []).includes(gid))) {
        throw badRequest(`${name}: A multi_enum custom field takes a list of its enum option gids, got ${JSON.stringify(raw)}`);
      }
      return [...new Set(values)];
    }
    case "date": {
      const value = typeof raw === "string" ? { date: raw } : raw;
      if (!value || typeof value !== "object" || (value.date === undefined && value.date_time === undefined)
        || (value.date !== undefined && !isDate(value.date)) || (value.date_time !== undefined && Number.isNaN(Date.parse(value.date_time)))) {
        throw badRequest(`${name}: A date custom field takes {"date": "YYYY-MM-DD"} or {"date_time": "…"}, got ${JSON.stringify(raw)}`);
      }
      return value.date_time ? { date: value.date_time.slice(0, 10), date_time: new Date(value.date_time).toISOString() } : { date: value.date, date_time: null };
    }
    case "people": {
      const values = gidList(raw);
      if (!Array.isArray(values)) throw badRequest(`${name}: A people custom field takes a list of users, got ${JSON.stringify(raw)}`);
      return [...new Set(values.map((u) => ctx.user(u, name).gid))];
    }
    default: { // reference
      const values = gidList(raw);
      if (!Array.isArray(values) || values.some((gid) => !isGid(gid) || !ctx.store.find(gid))) {
        throw badRequest(`${name}: A reference custom field takes a list of gids of existing objects, got ${JSON.stringify(raw)}`);
      }
      return [...new Set(values)];
    }
  }
}

/**
 * Checks a `custom_fields` write ({field gid: value}) against the fields of the workspace and
 * returns the merged values (null removes a value). Unknown fields are 404, as on Asana.
 */
export function writeCustomFields(ctx, current, changes, workspaceGid) {
  if (changes === undefined) return current;
  const next = { ...(current ?? {}) };
  for (const [gid, raw] of Object.entries(changes)) {
    const field = ctx.store.get("custom_field", gid);
    if (!field || field._workspace !== workspaceGid) throw unknownObject(gid, "custom_fields");
    const value = checkValue(ctx, field, raw);
    if (value === null || (Array.isArray(value) && value.length === 0)) delete next[gid];
    else next[gid] = value;
  }
  return next;
}

/** The comparable value of a field on an object for search: number, string, or list of gids. */
export function searchValue(store, entity, fieldGid) {
  return entity.custom_field_values?.[fieldGid] ?? null;
}
