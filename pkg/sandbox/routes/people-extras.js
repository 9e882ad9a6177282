// Workspaces, users and teams beyond the first release: creating and editing teams, adding and
// removing team and workspace members (and the team and workspace memberships that mirror them),
// editing workspaces and users, favorites, the audit log, and tags listed or created outside a
// workspace path.

import { plainText, render } from "../records.js";
import { derivedList } from "../derived.js";
import { ApiError, badRequest, isDate, missing, unknownObject } from "../validate.js";
import { isDateTime } from "../check.js";
import { withData } from "./task-relations.js";
import { tagRoutes } from "./tags.js";

const TEAM_SETTINGS = ["edit_team_name_or_description_access_level", "edit_team_visibility_or_trash_team_access_level",
  "member_invite_management_access_level", "guest_invite_management_access_level", "join_request_management_access_level",
  "team_member_removal_access_level", "team_content_management_access_level", "endorsed"];

function teamChanges(data) {
  const changes = {};
  if (data.name !== undefined) {
    if (!data.name.trim()) throw missing("name");
    changes.name = data.name;
  }
  if (data.html_description !== undefined) changes.description = plainText(data.html_description);
  else if (data.description !== undefined) changes.description = data.description;
  if (data.visibility !== undefined) changes.visibility = data.visibility;
  for (const key of TEAM_SETTINGS) if (data[key] !== undefined) changes[key] = data[key];
  return changes;
}

function createTeam(ctx) {
  const { organization } = ctx.data;
  if (!organization) throw missing("organization");
  const workspace = ctx.ref("workspace", organization, "organization");
  if (!workspace.is_organization) throw badRequest(`organization: ${workspace.gid} is a workspace, not an organization: teams live in organizations`);
  if (!ctx.data.name?.trim()) throw missing("name");
  const team = ctx.store.add("team", { gid: ctx.store.newGid(), name: "", description: "", visibility: "secret", workspace: workspace.gid,
    members: [ctx.me], ...teamChanges(ctx.data) });
  return ctx.created("team", team, `/teams/${team.gid}`);
}

function updateTeam(ctx) {
  const team = ctx.load("team", "team_gid");
  if (ctx.data.organization !== undefined && ctx.data.organization !== team.workspace) throw badRequest("organization: A team cannot move to another organization");
  Object.assign(team, teamChanges(ctx.data));
  return ctx.one("team", team);
}

/** The user of a team/workspace add or remove, who must belong to the workspace. */
function memberOf(ctx, workspaceGid) {
  if (ctx.data.user === undefined) throw missing("user");
  const user = ctx.user(ctx.data.user, "user");
  if (!ctx.store.get("workspace", workspaceGid).users.includes(user.gid)) throw badRequest(`user: ${user.gid} is not a member of workspace ${workspaceGid}`);
  return user;
}

function addTeamUser(ctx) {
  const team = ctx.load("team", "team_gid");
  const user = memberOf(ctx, team.workspace);
  if (!team.members.includes(user.gid)) team.members.push(user.gid);
  return ctx.one("team_membership", ctx.store.get("team_membership", ctx.store.derivedGid("team_membership", team.gid, user.gid)));
}

function removeTeamUser(ctx) {
  const team = ctx.load("team", "team_gid");
  const user = memberOf(ctx, team.workspace);
  team.members = team.members.filter((gid) => gid !== user.gid);
  return ctx.empty();
}

const teamMemberships = (ctx, teams, user) => ctx.many("team_membership",
  derivedList(ctx.store, "team_membership", teams.flatMap((t) => t.members.filter((u) => !user || u === user).map((u) => [t.gid, u]))), { view: "compact" });

function listTeamMemberships(ctx) {
  const { team, user, workspace } = ctx.query;
  if (team) return teamMemberships(ctx, [ctx.ref("team", team, "team")], user && ctx.user(user, "user").gid);
  if (!user || !workspace) throw badRequest("Must specify team, or user and workspace");
  const ws = ctx.ref("workspace", workspace, "workspace");
  return teamMemberships(ctx, ctx.store.all("team").filter((t) => t.workspace === ws.gid), ctx.user(user, "user").gid);
}

const workspaceMemberships = (ctx, workspaces, user) => ctx.many("workspace_membership",
  derivedList(ctx.store, "workspace_membership", workspaces.flatMap((w) => w.users.filter((u) => !user || u === user).map((u) => [w.gid, u]))), { view: "compact" });

function removeWorkspaceUser(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  const user = memberOf(ctx, workspace.gid);
  workspace.users = workspace.users.filter((gid) => gid !== user.gid);
  for (const team of ctx.store.all("team")) if (team.workspace === workspace.gid) team.members = team.members.filter((gid) => gid !== user.gid);
  return ctx.empty();
}

function workspaceUser(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  const user = ctx.user(ctx.params.user_gid, "user_gid");
  if (!workspace.users.includes(user.gid)) throw unknownObject(ctx.params.user_gid, "user_gid");
  return user;
}

function updateUser(ctx, user) {
  if (ctx.data.name !== undefined) {
    if (!ctx.data.name.trim()) throw missing("name");
    if (user.gid !== ctx.me) throw new ApiError(403, "You can only change your own name.");
    user.name = ctx.data.name;
  }
  // Custom field values on users (a premium feature) are accepted and not kept.
  return ctx.one("user", user);
}

function favorites(ctx) {
  const user = ctx.user(ctx.params.user_gid, "user_gid");
  if (user.gid !== ctx.me) throw new ApiError(403, "Favorites can only be read for the authenticated user (me).");
  const workspace = ctx.ref("workspace", ctx.query.workspace, "workspace");
  const found = (ctx.store.favorites.get(user.gid) ?? []).map((gid) => ctx.store.find(gid))
    .filter((f) => f && f.type === ctx.query.resource_type && ctx.store.workspaceOf(f.type, f.entity) === workspace.gid);
  const page = ctx.paginator.page(found, ctx);
  page.data = page.data.map(({ type, entity }) => render(ctx.env, type, entity, ctx.view ?? "compact"));
  return { status: 200, body: page };
}

function auditLog(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  ctx.requirePremium(workspace.gid, "The audit log API");
  const q = ctx.query;
  for (const key of ["start_at", "end_at"]) if (q[key] && !isDateTime(q[key]) && !isDate(q[key])) throw badRequest(`${key}: Must be an ISO 8601 date-time`);
  const events = ctx.store.all("audit_log_event").filter((e) => e._workspace === workspace.gid
    && (!q.start_at || Date.parse(e.created_at) >= Date.parse(q.start_at)) && (!q.end_at || Date.parse(e.created_at) < Date.parse(q.end_at))
    && (!q.event_type || e.event_type === q.event_type) && (!q.actor_type || e.actor?.actor_type === q.actor_type)
    && (!q.actor_gid || e.actor?.gid === q.actor_gid) && (!q.resource_gid || e.resource?.gid === q.resource_gid));
  return ctx.many("audit_log_event", events, { view: "full" });
}

const createWorkspaceTag = tagRoutes.find(([method, path]) => method === "POST" && path === "/workspaces/{workspace_gid}/tags")[2];

export const peopleExtraRoutes = [
  ["POST", "/teams", createTeam],
  ["PUT", "/teams/{team_gid}", updateTeam],
  ["POST", "/teams/{team_gid}/addUser", addTeamUser],
  ["POST", "/teams/{team_gid}/removeUser", removeTeamUser],
  ["GET", "/team_memberships", listTeamMemberships],
  ["GET", "/teams/{team_gid}/team_memberships", (ctx) => teamMemberships(ctx, [ctx.load("team", "team_gid")])],
  ["GET", "/users/{user_gid}/team_memberships", (ctx) => {
    const user = ctx.user(ctx.params.user_gid, "user_gid");
    const workspace = ctx.ref("workspace", ctx.query.workspace, "workspace");
    return teamMemberships(ctx, ctx.store.all("team").filter((t) => t.workspace === workspace.gid), user.gid);
  }],
  ["PUT", "/workspaces/{workspace_gid}", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    if (ctx.data.name !== undefined) {
      if (!ctx.data.name.trim()) throw missing("name");
      workspace.name = ctx.data.name;
    }
    return ctx.one("workspace", workspace);
  }],
  ["POST", "/workspaces/{workspace_gid}/removeUser", removeWorkspaceUser],
  ["GET", "/workspaces/{workspace_gid}/workspace_memberships", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    return workspaceMemberships(ctx, [workspace], ctx.query.user && ctx.user(ctx.query.user, "user").gid);
  }],
  ["GET", "/users/{user_gid}/workspace_memberships", (ctx) => {
    const user = ctx.user(ctx.params.user_gid, "user_gid");
    return workspaceMemberships(ctx, ctx.store.workspacesOf(user.gid).filter((w) => w.users.includes(ctx.me)), user.gid);
  }],
  ["GET", "/workspaces/{workspace_gid}/users/{user_gid}", (ctx) => ctx.one("user", workspaceUser(ctx))],
  ["PUT", "/workspaces/{workspace_gid}/users/{user_gid}", (ctx) => updateUser(ctx, workspaceUser(ctx))],
  ["PUT", "/users/{user_gid}", (ctx) => {
    if (ctx.query.workspace !== undefined) ctx.ref("workspace", ctx.query.workspace, "workspace");
    return updateUser(ctx, ctx.user(ctx.params.user_gid, "user_gid"));
  }],
  ["GET", "/users/{user_gid}/favorites", favorites],
  ["GET", "/workspaces/{workspace_gid}/audit_log_events", auditLog],
  ["GET", "/tags", (ctx) => {
    const visible = new Set(ctx.store.workspacesOf(ctx.me).map((w) => w.gid));
    const workspace = ctx.query.workspace && ctx.ref("workspace", ctx.query.workspace, "workspace").gid;
    return ctx.many("tag", ctx.store.all("tag").filter((t) => visible.has(t.workspace) && (!workspace || t.workspace === workspace)));
  }],
  ["POST", "/tags", (ctx) => {
    if (!ctx.data.workspace) throw missing("workspace");
    const { workspace, ...data } = ctx.data;
    ctx.ref("workspace", workspace, "workspace");
    return createWorkspaceTag(Object.assign(withData(ctx, data), { params: { ...ctx.params, workspace_gid: workspace } }));
  }],
];
