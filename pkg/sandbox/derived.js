// Records that are views of facts kept elsewhere: memberships (team.members, workspace.users,
// project.members, portfolio members), user task lists ("My tasks" of a user in a workspace) and
// project portfolio settings (a project being an item of a portfolio). Each has a stable gid from
// store.derivedGid(kind, a, b); a view whose fact no longer holds is gone (404).

import { Ref } from "./ref.js";

const SEED_TIME = "2024-01-08T09:00:00.000Z";
const user = (gid) => new Ref("user", gid);

export const DERIVED = {
  team_membership(store, teamGid, userGid) {
    const team = store.get("team", teamGid);
    if (!team?.members.includes(userGid)) return null;
    return { user: user(userGid), team: new Ref("team", teamGid), is_guest: false, is_limited_access: false, is_admin: team.members[0] === userGid };
  },
  workspace_membership(store, workspaceGid, userGid) {
    const workspace = store.get("workspace", workspaceGid);
    if (!workspace?.users.includes(userGid)) return null;
    return {
      user: user(userGid), workspace: new Ref("workspace", workspaceGid),
      user_task_list: new Ref("user_task_list", store.derivedGid("user_task_list", userGid, workspaceGid)),
      is_active: true, is_admin: workspace.users[0] === userGid, is_guest: false, is_view_only: false, vacation_dates: null, created_at: SEED_TIME,
    };
  },
  project_membership(store, projectGid, userGid) {
    const project = store.get("project", projectGid);
    if (!project?.members.includes(userGid)) return null;
    const access = project.owner === userGid ? "admin" : "editor";
    return { parent: new Ref("project", projectGid), member: user(userGid), access_level: access, user: user(userGid),
      project: new Ref("project", projectGid), write_access: "full_write" };
  },
  portfolio_membership(store, portfolioGid, userGid) {
    const portfolio = store.get("portfolio", portfolioGid);
    if (!portfolio?._members.includes(userGid)) return null;
    return { portfolio: new Ref("portfolio", portfolioGid), user: user(userGid), access_level: portfolio.owner?.gid === userGid ? "admin" : "editor" };
  },
  project_portfolio_setting(store, portfolioGid, projectGid) {
    const portfolio = store.get("portfolio", portfolioGid);
    if (!portfolio?._items.includes(projectGid)) return null;
    return { project: new Ref("project", projectGid), portfolio: new Ref("portfolio", portfolioGid), is_access_control_inherited: false, created_at: SEED_TIME };
  },
  user_task_list(store, userGid, workspaceGid) {
    if (!store.get("workspace", workspaceGid)?.users.includes(userGid)) return null;
    return { name: "My Tasks", owner: user(userGid), workspace: new Ref("workspace", workspaceGid) };
  },
};

/** The derived records of one kind that exist now, e.g. every team membership of a team. */
export function derivedList(store, kind, pairs) {
  return pairs.map(([a, b]) => store.get(kind, store.derivedGid(kind, a, b))).filter(Boolean);
}
