// Workspaces, users and teams.

import { isEmail, missing, readData, userRef } from "../validate.js";

const byName = (a, b) => a.name.localeCompare(b.name, "en") || (a.gid < b.gid ? -1 : 1);
const byGid = (a, b) => (BigInt(a.gid) < BigInt(b.gid) ? -1 : 1);
const usersOf = (ctx, gids) => gids.map((g) => ctx.store.get("user", g));

/** Adds a user (gid, "me" or email) to a workspace; an unknown email is invited as a new user. */
function addUser(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  const { user: who } = readData(ctx.body, { user: userRef }, ["user"]);
  let user = isEmail(who) ? ctx.store.userByEmail(who) : null;
  if (!user && isEmail(who)) user = ctx.store.add("user", { gid: ctx.store.newGid(), name: who.split("@")[0], email: who, photo: null });
  user ??= ctx.user(who, "user");
  if (!workspace.users.includes(user.gid)) workspace.users.push(user.gid);
  return ctx.one("user", user);
}

function listUsers(ctx) {
  const { workspace, team } = ctx.query;
  let gids;
  if (team !== undefined) gids = ctx.ref("team", team, "team").members;
  if (workspace !== undefined) {
    const members = ctx.ref("workspace", workspace, "workspace").users;
    gids = gids ? gids.filter((g) => members.includes(g)) : members;
  }
  gids ??= [...new Set(ctx.store.workspacesOf(ctx.me).flatMap((w) => w.users))];
  return ctx.many("user", usersOf(ctx, gids).sort(byGid));
}

function getUser(ctx) {
  if (ctx.query.workspace !== undefined) ctx.ref("workspace", ctx.query.workspace, "workspace");
  return ctx.one("user", ctx.user(ctx.params.user_gid, "user_gid"));
}

function userTeams(ctx) {
  const user = ctx.user(ctx.params.user_gid, "user_gid");
  if (ctx.query.organization === undefined) throw missing("organization");
  const organization = ctx.ref("workspace", ctx.query.organization, "organization");
  return ctx.many("team", ctx.store.all("team").filter((t) => t.workspace === organization.gid && t.members.includes(user.gid)));
}

export const peopleRoutes = [
  ["GET", "/workspaces", (ctx) => ctx.many("workspace", ctx.store.workspacesOf(ctx.me))],
  ["GET", "/workspaces/{workspace_gid}", (ctx) => ctx.one("workspace", ctx.load("workspace", "workspace_gid"))],
  ["POST", "/workspaces/{workspace_gid}/addUser", addUser],
  ["GET", "/users", listUsers],
  ["GET", "/users/{user_gid}", getUser],
  // The spec gives these two `offset` but no `limit`: Asana answers the whole list, alphabetically.
  ["GET", "/workspaces/{workspace_gid}/users", (ctx) =>
    ctx.many("user", usersOf(ctx, ctx.load("workspace", "workspace_gid").users).sort(byName), { pageable: false })],
  ["GET", "/teams/{team_gid}/users", (ctx) =>
    ctx.many("user", usersOf(ctx, ctx.load("team", "team_gid").members).sort(byName), { pageable: false })],
  ["GET", "/teams/{team_gid}", (ctx) => ctx.one("team", ctx.load("team", "team_gid"))],
  ["GET", "/workspaces/{workspace_gid}/teams", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    return ctx.many("team", ctx.store.all("team").filter((t) => t.workspace === workspace.gid));
  }],
  ["GET", "/users/{user_gid}/teams", userTeams],
];
