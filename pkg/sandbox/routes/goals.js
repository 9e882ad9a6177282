// Goals (premium: 402 in a free workspace) with their followers, metric, supporting relationships
// (subgoals, and projects, tasks or portfolios as supporting work) and parent goals; and status
// updates on projects, portfolios and goals.

import { writeCustomFields } from "../customfields.js";
import { plainText } from "../records.js";
import { Ref } from "../ref.js";
import { badRequest, isDate, missing } from "../validate.js";
import { listView } from "./generic.js";

const ref = (type, gid) => (gid ? new Ref(type, gid) : null);

function checkDates(data) {
  for (const key of ["due_on", "start_on"]) {
    if (data[key] !== undefined && data[key] !== null && !isDate(data[key])) throw badRequest(`${key}: Must be a date in the form YYYY-MM-DD, got ${JSON.stringify(data[key])}`);
  }
  if (data.html_notes !== undefined && !/^<body>[\s\S]*<\/body>$/.test(String(data.html_notes).trim())) {
    throw badRequest("html_notes: XML is invalid: rich text must be wrapped in <body>…</body>");
  }
}

/** Field changes of a goal create/update, checked (refs resolved, dates, notes). */
function goalChanges(ctx, data, goal) {
  checkDates(data);
  const changes = {};
  for (const key of ["name", "due_on", "start_on", "is_workspace_level", "status"]) if (data[key] !== undefined) changes[key] = data[key];
  if (data.html_notes !== undefined) Object.assign(changes, { html_notes: data.html_notes.trim(), notes: plainText(data.html_notes) });
  else if (data.notes !== undefined) Object.assign(changes, { notes: data.notes, html_notes: `<body>${data.notes}</body>` });
  if (data.team !== undefined) changes.team = data.team && ref("team", ctx.ref("team", data.team, "team").gid);
  if (data.time_period !== undefined) changes.time_period = data.time_period && ref("time_period", ctx.ref("time_period", data.time_period, "time_period").gid);
  if (data.owner !== undefined) changes.owner = data.owner && ref("user", ctx.user(data.owner, "owner").gid);
  if (data.liked !== undefined) {
    const others = (goal._likes ?? []).filter((u) => u !== ctx.me);
    changes._likes = data.liked ? [...others, ctx.me] : others;
  }
  if (data.custom_fields !== undefined) changes.custom_field_values = writeCustomFields(ctx, goal.custom_field_values, data.custom_fields, goal._workspace);
  return changes;
}

function createGoal(ctx) {
  const data = ctx.data;
  const workspaceGid = data.workspace ?? (data.team && ctx.ref("team", data.team, "team").workspace);
  if (!workspaceGid) throw missing("workspace");
  const workspace = ctx.ref("workspace", workspaceGid, "workspace");
  ctx.requirePremium(workspace.gid, "Goals");
  if (!data.name?.trim()) throw missing("name");
  const base = { _workspace: workspace.gid, _likes: [] };
  const changes = goalChanges(ctx, data, base);
  const goal = ctx.store.add("goal", {
    gid: ctx.store.newGid(), name: data.name, html_notes: "<body></body>", notes: "", due_on: null, start_on: null, is_workspace_level: false,
    team: null, workspace: ref("workspace", workspace.gid), time_period: null, metric: null, owner: ref("user", ctx.me), status: null,
    privacy_setting: "public_to_workspace", default_access_level: "commenter", custom_field_values: {},
    ...base, ...changes, _followers: [...new Set([ctx.me, ...ctx.users(data.followers ?? [], "followers")])],
  });
  return ctx.created("goal", goal, `/goals/${goal.gid}`);
}

function updateGoal(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  if (ctx.data.workspace !== undefined && ctx.data.workspace !== goal._workspace) throw badRequest("workspace: A goal cannot move to another workspace");
  if (ctx.data.name !== undefined && !ctx.data.name.trim()) throw missing("name");
  Object.assign(goal, goalChanges(ctx, ctx.data, goal));
  return ctx.one("goal", goal);
}

function deleteGoal(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  ctx.store.remove("goal", goal.gid);
  for (const story of ctx.store.all("story")) if (story.target === goal.gid) ctx.store.remove("story", story.gid);
  ctx.store.dropReferences(goal.gid);
  return ctx.empty();
}

const relationsOf = (store, test) => store.all("goal_relationship").filter(test);

function listGoals(ctx) {
  const q = ctx.query;
  const visible = new Set(ctx.store.workspacesOf(ctx.me).map((w) => w.gid));
  let goals = ctx.store.all("goal").filter((g) => visible.has(g._workspace));
  if (q.workspace) goals = goals.filter((g) => g._workspace === ctx.ref("workspace", q.workspace, "workspace").gid);
  if (q.team) goals = goals.filter((g) => g.team?.gid === ctx.ref("team", q.team, "team").gid);
  if (q.is_workspace_level) goals = goals.filter((g) => g.is_workspace_level === (q.is_workspace_level === "true"));
  if (q.time_periods) {
    const periods = q.time_periods.split(",").map((s) => s.trim());
    goals = goals.filter((g) => g.time_period && periods.includes(g.time_period.gid));
  }
  for (const [key, type] of [["project", "project"], ["task", "task"], ["portfolio", "portfolio"]]) {
    if (!q[key]) continue;
    const supporter = ctx.ref(type, q[key], key).gid;
    const supported = new Set(relationsOf(ctx.store, (r) => r.supporting_resource.gid === supporter).map((r) => r.supported_goal.gid));
    goals = goals.filter((g) => supported.has(g.gid));
  }
  return ctx.many("goal", goals);
}

function setMetric(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  const data = ctx.data;
  const metric = goal.metric ?? { gid: `${goal.gid}1`, resource_type: "task", resource_subtype: "number", precision: 0, unit: "none",
    currency_code: null, initial_number_value: 0, target_number_value: 100, current_number_value: 0, progress_source: "manual",
    is_custom_weight: false, can_manage: true };
  for (const key of ["precision", "unit", "currency_code", "initial_number_value", "target_number_value", "current_number_value", "progress_source", "is_custom_weight"]) {
    if (data[key] !== undefined) metric[key] = data[key];
  }
  if (metric.unit === "currency" && !metric.currency_code) metric.currency_code = "USD";
  if (metric.precision < 0 || metric.precision > 6) throw badRequest("precision: Must be from 0 to 6");
  goal.metric = withDisplay(metric);
  return ctx.one("goal", goal);
}

function withDisplay(metric) {
  const value = metric.current_number_value ?? 0;
  const text = value.toFixed(metric.precision ?? 0);
  metric.current_display_value = metric.unit === "percentage" ? `${text}%` : metric.unit === "currency" ? `${metric.currency_code} ${text}` : text;
  return metric;
}

function setMetricCurrentValue(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  if (!goal.metric) throw badRequest("This goal has no metric yet: set one with POST /goals/{goal_gid}/setMetric first");
  if (ctx.data.current_number_value !== undefined) goal.metric.current_number_value = ctx.data.current_number_value;
  goal.metric = withDisplay(goal.metric);
  return ctx.one("goal", goal);
}

const goalFollowers = (adding) => (ctx) => {
  const goal = ctx.load("goal", "goal_gid");
  const users = ctx.users(ctx.data.followers, "followers");
  goal._followers = adding ? [...new Set([...goal._followers, ...users])] : goal._followers.filter((u) => !users.includes(u));
  return ctx.one("goal", goal);
};

const SUPPORTING_TYPES = ["goal", "project", "task", "portfolio"];
const workspaceOf = (store, found) => (found.type === "goal" || found.type === "portfolio" ? found.entity._workspace : found.entity.workspace);

function addSupporting(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  const found = ctx.any(ctx.data.supporting_resource, "supporting_resource", SUPPORTING_TYPES);
  if (found.entity.gid === goal.gid) throw badRequest("supporting_resource: A goal cannot support itself");
  if (workspaceOf(ctx.store, found) !== goal._workspace) throw badRequest(`supporting_resource: ${found.entity.gid} is not in the goal's workspace`);
  if (relationsOf(ctx.store, (r) => r.supported_goal.gid === goal.gid && r.supporting_resource.gid === found.entity.gid).length) {
    throw badRequest(`supporting_resource: ${found.entity.gid} already supports goal ${goal.gid}`);
  }
  const weight = ctx.data.contribution_weight ?? 0;
  if (weight < 0 || weight > 1) throw badRequest("contribution_weight: Must be from 0 to 1");
  const relation = ctx.store.add("goal_relationship", {
    gid: ctx.store.newGid(), resource_subtype: found.type === "goal" ? "subgoal" : "supporting_work",
    supporting_resource: new Ref(found.type, found.entity.gid), contribution_weight: weight, supported_goal: new Ref("goal", goal.gid),
  });
  return ctx.one("goal_relationship", relation);
}

function removeSupporting(ctx) {
  const goal = ctx.load("goal", "goal_gid");
  const [relation] = relationsOf(ctx.store, (r) => r.supported_goal.gid === goal.gid && r.supporting_resource.gid === ctx.data.supporting_resource);
  if (!relation) throw badRequest(`supporting_resource: ${ctx.data.supporting_resource} does not support goal ${goal.gid}`);
  ctx.store.remove("goal_relationship", relation.gid);
  return ctx.empty();
}

function updateRelationship(ctx) {
  const relation = ctx.load("goal_relationship", "goal_relationship_gid");
  const weight = ctx.data.contribution_weight;
  if (weight !== undefined) {
    if (weight < 0 || weight > 1) throw badRequest("contribution_weight: Must be from 0 to 1");
    relation.contribution_weight = weight;
  }
  return ctx.one("goal_relationship", relation);
}

function listRelationships(ctx) {
  const goal = ctx.ref("goal", ctx.query.supported_goal, "supported_goal");
  const subtype = ctx.query.resource_subtype;
  return ctx.many("goal_relationship", relationsOf(ctx.store, (r) => r.supported_goal.gid === goal.gid && (!subtype || r.resource_subtype === subtype)),
    { view: listView(ctx.row) });
}

// ---- status updates -------------------------------------------------------------------------

function createStatusUpdate(ctx) {
  const data = ctx.data;
  if (typeof data.parent !== "string") throw badRequest("parent: Must be the gid of a project, portfolio or goal");
  const parent = ctx.any(data.parent, "parent", ["project", "portfolio", "goal"]);
  if (data.html_text !== undefined && !/^<body>[\s\S]*<\/body>$/.test(data.html_text.trim())) {
    throw badRequest("html_text: XML is invalid: rich text must be wrapped in <body>…</body>");
  }
  const now = ctx.now();
  const text = data.html_text ? plainText(data.html_text) : data.text;
  const update = ctx.store.add("status_update", {
    gid: ctx.store.newGid(), title: data.title ?? null, resource_subtype: `${parent.type}_status_update`, text,
    html_text: data.html_text?.trim() ?? `<body>${text}</body>`, status_type: data.status_type, author: new Ref("user", ctx.me),
    created_at: now, created_by: new Ref("user", ctx.me), hearted: false, hearts: [], liked: false, likes: [], reaction_summary: [],
    modified_at: now, num_hearts: 0, num_likes: 0, parent: new Ref(parent.type, parent.entity.gid),
  });
  return ctx.created("status_update", update, `/status_updates/${update.gid}`);
}

function listStatusUpdates(ctx) {
  const parent = ctx.any(ctx.query.parent, "parent", ["project", "portfolio", "goal"]);
  const since = ctx.query.created_since && Date.parse(ctx.query.created_since);
  const updates = ctx.store.all("status_update").filter((u) => u.parent.gid === parent.entity.gid && (!since || Date.parse(u.created_at) >= since))
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  return ctx.many("status_update", updates);
}

export const goalRoutes = [
  ["POST", "/goals", createGoal],
  ["GET", "/goals", listGoals],
  ["GET", "/goals/{goal_gid}", (ctx) => ctx.one("goal", ctx.load("goal", "goal_gid"))],
  ["PUT", "/goals/{goal_gid}", updateGoal],
  ["DELETE", "/goals/{goal_gid}", deleteGoal],
  ["POST", "/goals/{goal_gid}/setMetric", setMetric],
  ["POST", "/goals/{goal_gid}/setMetricCurrentValue", setMetricCurrentValue],
  ["POST", "/goals/{goal_gid}/addFollowers", goalFollowers(true)],
  ["POST", "/goals/{goal_gid}/removeFollowers", goalFollowers(false)],
  ["GET", "/goals/{goal_gid}/parentGoals", (ctx) => {
    const goal = ctx.load("goal", "goal_gid");
    const parents = relationsOf(ctx.store, (r) => r.supporting_resource.gid === goal.gid).map((r) => ctx.store.get("goal", r.supported_goal.gid)).filter(Boolean);
    return ctx.many("goal", parents);
  }],
  ["POST", "/goals/{goal_gid}/addSupportingRelationship", addSupporting],
  ["POST", "/goals/{goal_gid}/removeSupportingRelationship", removeSupporting],
  ["GET", "/goal_relationships/{goal_relationship_gid}", (ctx) => ctx.one("goal_relationship", ctx.load("goal_relationship", "goal_relationship_gid"))],
  ["PUT", "/goal_relationships/{goal_relationship_gid}", updateRelationship],
  ["GET", "/goal_relationships", listRelationships],
  ["POST", "/status_updates", createStatusUpdate],
  ["GET", "/status_updates", listStatusUpdates],
  ["GET", "/status_updates/{status_update_gid}", (ctx) => ctx.one("status_update", ctx.load("status_update", "status_update_gid"))],
  ["DELETE", "/status_updates/{status_update_gid}", (ctx) => {
    ctx.store.remove("status_update", ctx.load("status_update", "status_update_gid").gid);
    return ctx.empty();
  }],
];
