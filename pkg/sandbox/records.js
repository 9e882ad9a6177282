// Turns stored entities into Asana JSON: compact records for lists, full records for single
// objects, and exactly the requested fields when opt_fields is given.
//
// The core types (workspace, user, team, project, section, task, tag, attachment, story) have a
// table of field getters here. A getter may return a Ref (a pointer to another entity), which
// renders as that entity's nested shape by default, or as {gid, resource_type} plus the
// sub-fields named in opt_fields ("assignee.name"). Every other type (goal, portfolio,
// custom_field, allocation, …) is rendered generically: its stored fields (Refs included) in the
// order of Asana's schema for it (shapes.js, generated from the spec), plus a few computed ones.

import { customFieldValues } from "./customfields.js";
import { SHAPES } from "./shapes.js";

import { Ref } from "./ref.js";

export { Ref };
export const ref = (type) => (gid) => (gid ? new Ref(type, gid) : null);
const brief = (type) => (gid) => (gid ? new Ref(type, gid, true) : null);
const [userRef, projectRef, sectionRef, taskRef, tagRef, workspaceRef, teamRef] =
  ["user", "project", "section", "task", "tag", "workspace", "team"].map(ref);
/** A Ref to whatever object has this gid (its type looked up), or null. */
export const refTo = (store, gid) => {
  if (!gid) return null;
  const found = store.find(gid);
  return new Ref(found?.type ?? "task", gid);
};
const settingsOf = (env, gid) => env.store.all("custom_field_setting").filter((s) => s.parent?.gid === gid)
  .sort((a, b) => a._rank - b._rank).map((s) => new Ref("custom_field_setting", s.gid));
/** The newest status update about an object, as a Ref, or null. */
const latestStatus = (env, gid) => {
  const updates = env.store.all("status_update").filter((u) => u.parent?.gid === gid);
  const latest = updates.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))[0];
  return latest ? new Ref("status_update", latest.gid) : null;
};

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const richText = (html, text) => html ?? `<body>${escapeXml(text ?? "")}</body>`;
/** The plain-text twin Asana keeps for rich text (notes for html_notes, text for html_text). */
export const plainText = (html) => html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const permalink = (...parts) => `https://app.asana.com/0/${parts.join("/")}`;
const likes = (entity) => entity.likes.map((user, i) => ({ gid: `${entity.gid}${i}`, user: userRef(user) }));

const FIELDS = {
  workspace: {
    name: (w) => w.name,
    email_domains: (w) => w.email_domains,
    is_organization: (w) => w.is_organization,
  },
  user: {
    name: (u) => u.name,
    email: (u) => u.email,
    photo: (u) => u.photo,
    workspaces: (u, env) => env.store.workspacesOf(u.gid).map((w) => workspaceRef(w.gid)),
    custom_fields: () => [],
  },
  team: {
    name: (t) => t.name,
    description: (t) => t.description,
    html_description: (t) => richText(null, t.description),
    organization: (t) => workspaceRef(t.workspace),
    permalink_url: (t) => permalink(t.gid, "overview"),
    visibility: (t) => t.visibility,
  },
  project: {
    name: (p) => p.name,
    archived: (p) => p.archived,
    color: (p) => p.color,
    icon: (p) => p.icon,
    created_at: (p) => p.created_at,
    modified_at: (p) => p.modified_at,
    completed: (p) => p.completed,
    completed_at: (p) => p.completed_at,
    completed_by: (p) => userRef(p.completed_by),
    current_status: () => null,
    current_status_update: (p, env) => latestStatus(env, p.gid),
    custom_fields: (p, env) => customFieldValues(env.store, "project", p),
    custom_field_settings: (p, env) => settingsOf(env, p.gid),
    default_access_level: (p) => p.default_access_level,
    default_view: (p) => p.default_view,
    due_on: (p) => p.due_on,
    due_date: (p) => p.due_on,
    start_on: (p) => p.start_on,
    followers: (p) => p.followers.map(userRef),
    members: (p) => p.members.map(userRef),
    minimum_access_level_for_customization: (p) => p.minimum_access_level_for_customization,
    minimum_access_level_for_sharing: (p) => p.minimum_access_level_for_sharing,
    notes: (p) => p.notes,
    html_notes: (p) => richText(p.html_notes, p.notes),
    owner: (p) => userRef(p.owner),
    permalink_url: (p) => permalink(p.gid),
    privacy_setting: (p) => p.privacy_setting,
    public: (p) => p.privacy_setting === "public_to_workspace",
    team: (p) => teamRef(p.team),
    workspace: (p) => workspaceRef(p.workspace),
  },
  section: {
    name: (s) => s.name,
    created_at: (s) => s.created_at,
    project: (s) => projectRef(s.project),
    projects: (s) => [projectRef(s.project)],
  },
  task: {
    name: (t) => t.name,
    resource_subtype: (t) => t.resource_subtype,
    created_by: (t) => brief("user")(t.created_by),
    approval_status: (t) => t.approval_status,
    assignee: (t) => userRef(t.assignee),
    assigned_by: (t) => userRef(t.assigned_by),
    assignee_status: (t) => t.assignee_status,
    assignee_section: (t) => sectionRef(t.assignee_section),
    completed: (t) => t.completed,
    completed_at: (t) => t.completed_at,
    completed_by: (t) => userRef(t.completed_by),
    created_at: (t) => t.created_at,
    modified_at: (t) => t.modified_at,
    custom_fields: (t, env) => customFieldValues(env.store, "task", t),
    dependencies: (t) => t.dependencies.map(brief("task")),
    dependents: (t, env) => env.store.dependentsOf(t.gid).map((d) => brief("task")(d.gid)),
    due_on: (t) => t.due_on,
    due_at: (t) => t.due_at,
    start_on: (t) => t.start_on,
    start_at: (t) => t.start_at,
    external: (t) => t.external,
    notes: (t) => t.notes,
    html_notes: (t) => richText(t.html_notes, t.notes),
    hearted: (t, env) => t.likes.includes(env.me),
    hearts: likes,
    num_hearts: (t) => t.likes.length,
    liked: (t, env) => t.likes.includes(env.me),
    likes,
    num_likes: (t) => t.likes.length,
    is_rendered_as_separator: () => false,
    memberships: (t) => t.memberships.map((m) => ({ project: projectRef(m.project), section: sectionRef(m.section) })),
    num_subtasks: (t) => t.subtasks.length,
    parent: (t) => taskRef(t.parent),
    permalink_url: (t) => permalink(t.memberships[0]?.project ?? 0, t.gid),
    projects: (t) => t.memberships.map((m) => projectRef(m.project)),
    followers: (t) => t.followers.map(userRef),
    tags: (t) => t.tags.map(tagRef),
    workspace: (t) => workspaceRef(t.workspace),
    actual_time_minutes: () => null,
  },
  tag: {
    name: (g) => g.name,
    color: (g) => g.color,
    notes: (g) => g.notes,
    created_at: (g) => g.created_at,
    followers: (g) => g.followers.map(userRef),
    permalink_url: (g) => permalink(g.gid, "list"),
    workspace: (g) => workspaceRef(g.workspace),
  },
  attachment: {
    name: (a) => a.name,
    resource_subtype: (a) => a.resource_subtype,
    created_at: (a) => a.created_at,
    download_url: (a, env) => (a.host === "asana" ? env.downloadUrl(a) : null),
    permanent_url: (a) => (a.host === "asana" ? `https://app.asana.com/app/asana/-/get_asset?asset_id=${a.gid}` : null),
    view_url: (a, env) => (a.host === "asana" ? env.downloadUrl(a) : a.view_url),
    host: (a) => a.host,
    size: (a) => a.size,
    parent: (a, env) => refTo(env.store, a.parent),
    connected_to_app: (a) => a.connected_to_app ?? false,
  },
  story: {
    created_at: (s) => s.created_at,
    created_by: (s) => userRef(s.created_by),
    resource_subtype: () => "comment_added",
    type: () => "comment",
    text: (s) => s.text,
    html_text: (s) => richText(s.html_text, s.text),
    is_pinned: (s) => s.is_pinned,
    is_editable: () => true,
    is_edited: (s) => s.is_edited ?? false,
    sticker_name: (s) => s.sticker_name ?? null,
    hearted: () => false,
    hearts: () => [],
    num_hearts: () => 0,
    liked: () => false,
    likes: () => [],
    num_likes: () => 0,
    source: () => "api",
    target: (s, env) => refTo(env.store, s.target),
  },
};

const NAMED = ["gid", "resource_type", "name"];
const COMPACT = {
  workspace: NAMED, user: NAMED, team: NAMED, project: NAMED, section: NAMED, tag: NAMED,
  task: ["gid", "resource_type", "name", "resource_subtype", "created_by"],
  attachment: ["gid", "resource_type", "name", "resource_subtype"],
  story: ["gid", "resource_type", "created_at", "created_by", "resource_subtype", "text"],
};
// How a reference to another object looks inside a full record.
const NESTED = { ...COMPACT, task: ["gid", "resource_type", "name", "resource_subtype"] };
const FULL = {
  workspace: ["gid", "resource_type", "name", "email_domains", "is_organization"],
  user: ["gid", "resource_type", "name", "email", "photo", "workspaces"],
  team: ["gid", "resource_type", "name", "organization", "permalink_url"],
  project: ["gid", "resource_type", "name", "archived", "color", "completed", "completed_at", "completed_by", "created_at",
    "modified_at", "current_status", "current_status_update", "custom_fields", "default_access_level", "default_view",
    "due_on", "due_date", "start_on", "followers", "members", "minimum_access_level_for_customization",
    "minimum_access_level_for_sharing", "notes", "owner", "permalink_url", "privacy_setting", "public", "icon", "team",
    "workspace"],
  section: ["gid", "resource_type", "name", "created_at", "project"],
  task: ["gid", "resource_type", "name", "resource_subtype", "assignee", "assignee_status", "assignee_section", "completed",
    "completed_at", "created_at", "modified_at", "due_on", "due_at", "start_on", "start_at", "notes", "parent",
    "permalink_url", "projects", "memberships", "followers", "tags", "hearted", "hearts", "num_hearts", "liked",
    "likes", "num_likes", "actual_time_minutes", "workspace"],
  tag: ["gid", "resource_type", "name", "color", "notes", "created_at", "followers", "permalink_url", "workspace"],
  attachment: ["gid", "resource_type", "name", "resource_subtype", "created_at", "download_url", "permanent_url",
    "view_url", "host", "size", "parent"],
  story: ["gid", "resource_type", "resource_subtype", "type", "text", "html_text", "is_pinned", "created_at",
    "created_by", "target"],
};

/**
 * Parses opt_fields ("name,assignee.name,memberships.section.name") into a tree
 * {name: {}, assignee: {name: {}}, memberships: {section: {name: {}}}}, or null when absent.
 */
export function parseOptFields(value) {
  const paths = (Array.isArray(value) ? value : String(value ?? "").split(",")).map((path) => path.trim()).filter(Boolean);
  if (paths.length === 0) return null;
  const tree = {};
  for (const path of paths) {
    let node = tree;
    for (const part of path.split(".").filter(Boolean)) node = node[part] ??= {};
  }
  return tree;
}

/** Renders one entity: `view` is "full", "compact" or an opt_fields tree. */
export function render(env, type, entity, view) {
  if (view === "full" || view === "compact") return pick(env, type, entity, namesOf(type, entity, view), 0);
  return select(env, type, entity, view);
}

// ---- generic types ------------------------------------------------------------------------------

/** Fields of the generic types computed from the store rather than stored. */
const COMPUTED = {
  custom_field: {
    enum_options: (f) => (f._options ?? []).map((gid) => new Ref("enum_option", gid)),
    type: (f) => f.resource_subtype,
  },
  goal: {
    followers: (g) => (g._followers ?? []).map(userRef),
    likes: (g) => (g._likes ?? []).map((user, i) => ({ gid: `${g.gid}${i}`, user: userRef(user) })),
    num_likes: (g) => (g._likes ?? []).length,
    liked: (g, env) => (g._likes ?? []).includes(env.me),
    custom_field_settings: (g, env) => settingsOf(env, g.gid),
    custom_fields: (g, env) => customFieldValues(env.store, "goal", g),
    current_status_update: (g, env) => latestStatus(env, g.gid),
  },
  portfolio: {
    members: (p) => (p._members ?? []).map(userRef),
    custom_field_settings: (p, env) => settingsOf(env, p.gid),
    custom_fields: (p, env) => customFieldValues(env.store, "portfolio", p),
    current_status_update: (p, env) => latestStatus(env, p.gid),
    permalink_url: (p) => permalink(p.gid, "list"),
  },
};
/** How a reference to a generic record looks inside another record (default: its compact form). */
const NESTED_GENERIC = { enum_option: ["gid", "resource_type", "name", "enabled", "color"] };

const isCore = (type) => Object.hasOwn(FIELDS, type);
const hidden = (name) => name.startsWith("_") || name === "resource_type" || name === "gid";

/** Compact forms the spec leaves empty (a oneOf, or only the id), given the fields that identify the record. */
const COMPACT_GENERIC = {
  membership: ["gid", "resource_type", "resource_subtype", "parent", "member", "access_level"],
  rate: ["gid", "resource_type", "parent", "resource", "rate", "currency_code"],
};

function namesOf(type, entity, view) {
  if (isCore(type)) return (view === "full" ? FULL : COMPACT)[type];
  const shape = SHAPES[type];
  if (view === "compact") {
    const names = COMPACT_GENERIC[type] ?? shape?.compact ?? ["gid", "resource_type"];
    // A compact form that says nothing but the id still shows a name when the record has one.
    return names.length <= 2 && entity.name !== undefined ? [...names, "name"] : names;
  }
  const names = shape ? [...shape.full] : ["gid", "resource_type"];
  for (const name of [...Object.keys(entity), ...Object.keys(COMPUTED[type] ?? {})]) if (!hidden(name) && !names.includes(name)) names.push(name);
  return names;
}

function field(env, type, entity, name) {
  if (name === "gid") return entity.gid;
  if (name === "resource_type") return entity.resource_type ?? type;
  if (isCore(type)) return FIELDS[type][name](entity, env);
  const computed = COMPUTED[type]?.[name];
  if (computed) return computed(entity, env);
  const value = entity[name];
  if (value !== undefined) return value;
  return SHAPES[type]?.lists.includes(name) ? [] : null;
}

function knows(type, entity, name) {
  if (isCore(type)) return Object.hasOwn(FIELDS[type], name);
  return !name.startsWith("_") && (Object.hasOwn(entity, name) || Object.hasOwn(COMPUTED[type] ?? {}, name) || (SHAPES[type]?.full.includes(name) ?? false));
}

function pick(env, type, entity, names, depth) {
  const out = {};
  for (const name of names) out[name] = renderDefault(env, field(env, type, entity, name), depth);
  return out;
}

function renderDefault(env, value, depth) {
  if (value instanceof Ref) {
    const target = env.store.get(value.type, value.gid);
    if (!target || value.brief) return { gid: value.gid, resource_type: value.type };
    if (isCore(value.type)) return pick(env, value.type, target, NESTED[value.type], depth + 1);
    // Generic records nest their compact form; deeper down, only the id and name.
    if (depth >= 2) return { gid: value.gid, resource_type: value.type, ...(target.name === undefined ? {} : { name: target.name }) };
    return pick(env, value.type, target, NESTED_GENERIC[value.type] ?? namesOf(value.type, target, "compact"), depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => renderDefault(env, item, depth));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDefault(env, v, depth)]));
  return value;
}

// Unknown opt_fields names are skipped rather than refused (Asana documents no error for them).
function select(env, type, entity, tree) {
  const out = entity.gid === undefined ? {} : { gid: entity.gid };
  for (const [name, subtree] of Object.entries(tree)) {
    if (name === "gid" || (name !== "resource_type" && !knows(type, entity, name))) continue;
    out[name] = renderSelected(env, field(env, type, entity, name), subtree);
  }
  return out;
}

function renderSelected(env, value, tree) {
  const empty = Object.keys(tree).length === 0;
  if (value instanceof Ref) {
    const target = env.store.get(value.type, value.gid);
    return empty || !target ? { gid: value.gid, resource_type: value.type } : select(env, value.type, target, tree);
  }
  if (Array.isArray(value)) return value.map((item) => renderSelected(env, item, tree));
  if (value && typeof value === "object") {
    const keys = empty ? Object.keys(value) : Object.keys(tree).filter((key) => Object.hasOwn(value, key));
    return Object.fromEntries(keys.map((key) => [key, renderSelected(env, value[key], tree[key] ?? {})]));
  }
  return value;
}
