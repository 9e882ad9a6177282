// Projects, and project lists by workspace, team and task.

import { writeCustomFields } from "../customfields.js";
import { plainText } from "../records.js";
import {
  badRequest, bool, date, gid, gidOrNull, html, list, missing, nullable, obj, oneOf, queryBool, readData, str, userRef,
} from "../validate.js";

const COLORS = ["dark-pink", "dark-green", "dark-blue", "dark-red", "dark-teal", "dark-brown", "dark-orange", "dark-purple",
  "dark-warm-gray", "light-pink", "light-green", "light-blue", "light-red", "light-teal", "light-brown", "light-orange",
  "light-purple", "light-warm-gray", "none"];
/** Project and tag colours: Asana's palette, "none", or null. */
export const color = nullable(oneOf(...COLORS));
const ICONS = ["list", "board", "timeline", "calendar", "rocket", "people", "graph", "star", "bug", "light_bulb", "globe",
  "gear", "notebook", "computer", "check", "target", "html", "megaphone", "chat_bubbles", "briefcase", "page_layout",
  "mountain_flag", "puzzle", "presentation", "line_and_symbols", "speed_dial", "ribbon", "shoe", "shopping_basket", "map",
  "ticket", "coins"];

// Writable project fields per Asana's ProjectRequest schema; `workspace` only on create.
const PROJECT_FIELDS = {
  name: str,
  archived: bool,
  color,
  icon: nullable(oneOf(...ICONS)),
  default_view: oneOf("list", "board", "calendar", "timeline"),
  due_date: date,
  due_on: date,
  start_on: date,
  notes: str,
  html_notes: html,
  public: bool,
  privacy_setting: oneOf("public_to_workspace", "private_to_team", "private"),
  default_access_level: oneOf("admin", "editor", "commenter", "viewer"),
  minimum_access_level_for_customization: oneOf("admin", "editor"),
  minimum_access_level_for_sharing: oneOf("admin", "editor"),
  custom_fields: obj,
  followers: list(userRef),
  owner: userRef,
  team: gidOrNull,
};

function projectChanges(ctx, data, current, workspaceGid) {
  const { due_date: dueDate, public: isPublic, custom_fields: customFields, followers, ...changes } = data;
  if (dueDate !== undefined) changes.due_on = dueDate;
  if (data.start_on !== undefined && changes.due_on === undefined) {
    throw badRequest("start_on: due_on must be present in the request when setting or unsetting start_on");
  }
  if (changes.start_on && changes.due_on && changes.start_on >= changes.due_on) {
    throw badRequest("start_on: start_on must be before due_on (they cannot be the same date)");
  }
  if (customFields !== undefined) {
    changes.custom_field_values = writeCustomFields(ctx, current.custom_field_values, customFields, workspaceGid);
  }
  if (isPublic !== undefined && data.privacy_setting === undefined) changes.privacy_setting = isPublic ? "public_to_workspace" : "private";
  if (data.html_notes !== undefined) changes.notes = plainText(data.html_notes ?? "");
  else if (data.notes !== undefined) changes.html_notes = null;
  if (data.owner !== undefined) changes.owner = data.owner && ctx.user(data.owner, "owner").gid;
  if (followers) changes.followers = [...new Set([...(current.followers ?? []), ...followers.map((u) => ctx.user(u, "followers").gid)])];
  if (data.team) {
    const team = ctx.ref("team", data.team, "team");
    if (team.workspace !== workspaceGid) throw badRequest(`team: ${team.gid} is not in workspace ${workspaceGid}`);
  }
  changes.modified_at = ctx.now();
  return changes;
}

export function createProject(ctx) {
  const data = readData(ctx.body, { ...PROJECT_FIELDS, workspace: gid }, ["name"]);
  const { workspace, ...fields } = data;
  // The spec lets `team` stand in for the workspace (a team belongs to exactly one organization).
  const workspaceGid = workspace ?? (fields.team && ctx.ref("team", fields.team, "team").workspace);
  if (!workspaceGid) throw missing("workspace");
  ctx.ref("workspace", workspaceGid, "workspace");
  const changes = projectChanges(ctx, fields, {}, workspaceGid);
  const now = ctx.now();
  const project = ctx.store.createProject({
    owner: ctx.me, members: [ctx.me], followers: [ctx.me], ...changes, workspace: workspaceGid, created_at: now, modified_at: now,
  });
  return ctx.created("project", project, `/projects/${project.gid}`);
}

function updateProject(ctx) {
  const project = ctx.load("project", "project_gid");
  Object.assign(project, projectChanges(ctx, readData(ctx.body, PROJECT_FIELDS), project, project.workspace));
  return ctx.one("project", project);
}

function deleteProject(ctx) {
  ctx.store.deleteProject(ctx.load("project", "project_gid"));
  return ctx.empty();
}

/** The `archived` filter shared by the project lists. */
function byArchived(ctx, projects) {
  const archived = queryBool(ctx.query, "archived");
  return archived === undefined ? projects : projects.filter((p) => p.archived === archived);
}

function listProjects(ctx) {
  const { workspace, team } = ctx.query;
  const workspaceGid = workspace === undefined ? undefined : ctx.ref("workspace", workspace, "workspace").gid;
  const teamGid = team === undefined ? undefined : ctx.ref("team", team, "team").gid;
  const visible = new Set(ctx.store.workspacesOf(ctx.me).map((w) => w.gid));
  const projects = ctx.store.all("project").filter((p) => visible.has(p.workspace)
    && (workspaceGid === undefined || p.workspace === workspaceGid) && (teamGid === undefined || p.team === teamGid));
  return ctx.many("project", byArchived(ctx, projects));
}

export const projectRoutes = [
  ["GET", "/projects", listProjects],
  ["POST", "/projects", createProject],
  ["GET", "/projects/{project_gid}", (ctx) => ctx.one("project", ctx.load("project", "project_gid"))],
  ["PUT", "/projects/{project_gid}", updateProject],
  ["DELETE", "/projects/{project_gid}", deleteProject],
  ["GET", "/tasks/{task_gid}/projects", (ctx) => {
    const task = ctx.load("task", "task_gid");
    return ctx.many("project", task.memberships.map((m) => ctx.store.get("project", m.project)));
  }],
  ["GET", "/teams/{team_gid}/projects", (ctx) => {
    const team = ctx.load("team", "team_gid");
    return ctx.many("project", byArchived(ctx, ctx.store.all("project").filter((p) => p.team === team.gid)));
  }],
  ["GET", "/workspaces/{workspace_gid}/projects", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    return ctx.many("project", byArchived(ctx, ctx.store.all("project").filter((p) => p.workspace === workspace.gid)));
  }],
];
