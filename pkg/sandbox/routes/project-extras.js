// Projects beyond the first release: creation under a team or workspace, members and followers,
// task counts, duplication and templates (jobs), project search, section reordering, project
// memberships and project portfolio settings (views of project.members and portfolio items),
// and instantiating project and task templates.

import { Ref } from "../ref.js";
import { badRequest, isDate } from "../validate.js";
import { derivedList } from "../derived.js";
import { startJob } from "./jobs.js";
import { createProject } from "./projects.js";
import { includes, withData } from "./task-relations.js";
import { unique } from "./tasks.js";

const members = (field, adding) => (ctx) => {
  const project = ctx.load("project", "project_gid");
  const users = ctx.users(ctx.data[field], field);
  if (adding) {
    project[field] = unique([...project[field], ...users]);
    // On Asana, followers of a project are members too.
    if (field === "followers") project.members = unique([...project.members, ...users]);
  } else {
    project[field] = project[field].filter((gid) => !users.includes(gid));
    if (field === "members") project.followers = project.followers.filter((gid) => !users.includes(gid));
  }
  project.modified_at = ctx.now();
  return ctx.one("project", project);
};

function taskCounts(ctx) {
  const project = ctx.load("project", "project_gid");
  const tasks = ctx.store.projectTasks(project);
  const milestones = tasks.filter((t) => t.resource_subtype === "milestone");
  const counts = {
    num_tasks: tasks.length, num_incomplete_tasks: tasks.filter((t) => !t.completed).length, num_completed_tasks: tasks.filter((t) => t.completed).length,
    num_milestones: milestones.length, num_incomplete_milestones: milestones.filter((t) => !t.completed).length,
    num_completed_milestones: milestones.filter((t) => t.completed).length,
  };
  // Asana returns no field unless asked (opt_fields); the sandbox returns all of them by default.
  const wanted = ctx.view ? Object.keys(ctx.view) : Object.keys(counts);
  return { status: 200, body: { data: Object.fromEntries(wanted.filter((k) => k in counts).map((k) => [k, counts[k]])) } };
}

const PROJECT_INCLUDES = ["allocations", "forms", "members", "notes", "task_assignee", "task_attachments", "task_dates", "task_dependencies",
  "task_followers", "task_notes", "task_projects", "task_subtasks", "task_tags", "task_templates", "permissions", "dates"];

/** A new project with the sections (and, if asked, the tasks) of `source`. */
function copyProject(ctx, source, { name, team, workspace, include = new Set(), sectionNames, privacy_setting }) {
  const now = ctx.now();
  const copy = ctx.store.createProject({
    name, workspace: workspace ?? source.workspace, team: team ?? source.team ?? null, owner: ctx.me, created_at: now, modified_at: now,
    members: include.has("members") ? unique([ctx.me, ...source.members]) : [ctx.me], followers: [ctx.me],
    notes: include.has("notes") ? source.notes : "", color: source.color ?? null, default_view: source.default_view ?? "list",
    privacy_setting: privacy_setting ?? source.privacy_setting ?? "public_to_workspace",
  }, (sectionNames ?? source.sections.map((gid) => ctx.store.get("section", gid).name)).map((n) => ({ name: n, created_at: now })));
  if (source.sections) {
    source.sections.forEach((sectionGid, i) => {
      const into = ctx.store.get("section", copy.sections[i]);
      for (const taskGid of ctx.store.get("section", sectionGid).tasks) {
        const task = ctx.store.get("task", taskGid);
        const fields = { name: task.name, resource_subtype: task.resource_subtype, workspace: copy.workspace, created_by: ctx.me,
          created_at: now, modified_at: now, followers: [ctx.me] };
        if (include.has("task_notes")) Object.assign(fields, { notes: task.notes, html_notes: task.html_notes });
        if (include.has("task_assignee") && task.assignee) Object.assign(fields, { assignee: task.assignee, assigned_by: ctx.me });
        if (include.has("task_dates")) Object.assign(fields, { due_on: task.due_on, due_at: task.due_at, start_on: task.start_on, start_at: task.start_at });
        if (include.has("task_tags")) fields.tags = [...task.tags];
        if (include.has("task_followers")) fields.followers = unique([ctx.me, ...task.followers]);
        ctx.store.placeTask(ctx.store.createTask(fields), into, { atEnd: true });
      }
    });
  }
  return copy;
}

function duplicateProject(ctx) {
  const project = ctx.load("project", "project_gid");
  const { name, team } = ctx.data;
  if (team) ctx.ref("team", team, "team");
  const copy = copyProject(ctx, project, { name, team, include: includes(ctx.data.include, PROJECT_INCLUDES) });
  return startJob(ctx, "duplicate_project", { new_project: new Ref("project", copy.gid) });
}

function saveAsTemplate(ctx) {
  const project = ctx.load("project", "project_gid");
  const { name, team, workspace, public: isPublic } = ctx.data;
  const teamGid = team ? ctx.ref("team", team, "team").gid : null;
  const workspaceGid = workspace ? ctx.ref("workspace", workspace, "workspace").gid : project.workspace;
  if (!teamGid && !workspace && !project.team) throw badRequest("team: A template needs a team (or a workspace)");
  const template = ctx.store.add("project_template", {
    gid: ctx.store.newGid(), name, description: project.notes, html_description: `<body>${project.notes}</body>`, public: isPublic,
    owner: new Ref("user", ctx.me), team: teamGid || project.team ? new Ref("team", teamGid ?? project.team) : null, workspace: new Ref("workspace", workspaceGid),
    color: project.color, requested_dates: [], requested_roles: [], _sections: project.sections.map((gid) => ctx.store.get("section", gid).name),
  });
  return startJob(ctx, "save_as_template", { new_project_template: new Ref("project_template", template.gid) });
}

function instantiateProject(ctx) {
  const template = ctx.load("project_template", "project_template_gid");
  const { name, team, privacy_setting: privacy, public: isPublic } = ctx.data;
  const teamGid = team ? ctx.ref("team", team, "team").gid : template.team?.gid ?? null;
  for (const date of ctx.data.requested_dates ?? []) {
    if (!date || typeof date !== "object" || (date.value !== null && date.value !== undefined && !isDate(date.value))) {
      throw badRequest("requested_dates: Each entry is {gid, value: YYYY-MM-DD}");
    }
  }
  const workspace = template.workspace?.gid ?? (teamGid && ctx.store.get("team", teamGid).workspace);
  const copy = copyProject(ctx, { workspace, team: teamGid, members: [], notes: template.description ?? "" }, {
    name, team: teamGid, workspace, sectionNames: template._sections ?? ["Untitled section"],
    privacy_setting: privacy ?? (isPublic === false ? "private" : undefined), include: new Set(["notes"]),
  });
  return startJob(ctx, "instantiate_project", { new_project: new Ref("project", copy.gid) });
}

function instantiateTask(ctx) {
  const template = ctx.load("task_template", "task_template_gid");
  const project = template.project && ctx.store.get("project", template.project.gid);
  const now = ctx.now();
  const task = ctx.store.createTask({
    name: ctx.data.name ?? template.template?.name ?? template.name, notes: template.template?.description ?? "",
    workspace: project?.workspace ?? template._workspace, created_by: ctx.me, created_at: now, modified_at: now, followers: [ctx.me],
  });
  if (project) ctx.store.placeTask(task, ctx.store.get("section", project.sections[0]), { atEnd: true });
  return startJob(ctx, "instantiate_task", { new_task: new Ref("task", task.gid) });
}

function insertSection(ctx) {
  const project = ctx.load("project", "project_gid");
  const { section: sectionGid, before_section: before, after_section: after } = ctx.data;
  if (before && after) throw badRequest("before_section: Only one of before_section or after_section may be given");
  if (!before && !after) throw badRequest("before_section: Give before_section or after_section");
  const section = ctx.ref("section", sectionGid, "section");
  if (section.project !== project.gid) throw badRequest(`section: ${section.gid} is not a section of project ${project.gid}`);
  const others = project.sections.filter((gid) => gid !== section.gid);
  const anchor = before ?? after;
  const index = others.indexOf(anchor);
  if (index < 0) throw badRequest(`${before ? "before_section" : "after_section"}: ${anchor} is not another section of project ${project.gid}`);
  others.splice(before ? index : index + 1, 0, section.gid);
  project.sections = others;
  return ctx.empty();
}

// ---- project search -----------------------------------------------------------------------------

const DATE_FIELDS = { due_on: (p) => p.due_on, start_on: (p) => p.start_on, created_on: (p) => p.created_at?.slice(0, 10),
  completed_on: (p) => p.completed_at?.slice(0, 10) };
const TIME_FIELDS = { due_at: (p) => p.due_on, created_at: (p) => p.created_at, completed_at: (p) => p.completed_at };

function searchProjects(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  ctx.requirePremium(workspace.gid, "Search");
  const q = ctx.query;
  const ids = (name) => q[name]?.split(",").map((s) => (s.trim() === "me" ? ctx.me : s.trim()));
  const portfoliosOf = (p) => ctx.store.all("portfolio").filter((f) => f._items.includes(p.gid)).map((f) => f.gid);
  const tests = [];
  if (q.text) tests.push((p) => p.name.toLowerCase().includes(q.text.toLowerCase()) || p.notes.toLowerCase().includes(q.text.toLowerCase()));
  if (q.completed) tests.push((p) => p.completed === (q.completed === "true"));
  if (q["teams.any"]) tests.push((p) => ids("teams.any").includes(p.team));
  if (q["owner.any"]) tests.push((p) => ids("owner.any").includes(p.owner));
  if (q["members.any"]) tests.push((p) => p.members.some((m) => ids("members.any").includes(m)));
  if (q["members.not"]) tests.push((p) => !p.members.some((m) => ids("members.not").includes(m)));
  if (q["portfolios.any"]) tests.push((p) => portfoliosOf(p).some((f) => ids("portfolios.any").includes(f)));
  for (const [name, valueOf] of Object.entries({ ...DATE_FIELDS, ...TIME_FIELDS })) {
    for (const op of ["", ".before", ".after"]) {
      const bound = q[`${name}${op}`];
      if (bound === undefined) continue;
      tests.push((p) => {
        const value = valueOf(p);
        if (value == null) return false;
        return op === ".before" ? value < bound : op === ".after" ? value > bound : value === bound;
      });
    }
  }
  const key = { due_date: (p) => p.due_on, created_at: (p) => p.created_at, completed_at: (p) => p.completed_at,
    modified_at: (p) => p.modified_at, relevance: (p) => p.modified_at }[q.sort_by ?? "modified_at"];
  const direction = q.sort_ascending === "true" ? 1 : -1;
  const found = ctx.store.all("project").filter((p) => p.workspace === workspace.gid && tests.every((t) => t(p)))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x == null || y == null) return x == null && y == null ? 0 : x == null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * direction || (a.gid < b.gid ? -1 : 1);
    });
  return { status: 200, body: { data: ctx.many("project", found, { pageable: false }).body.data } };
}

// ---- memberships and portfolio settings of a project ---------------------------------------------

function projectMemberships(ctx) {
  const project = ctx.load("project", "project_gid");
  const users = ctx.query.user ? [ctx.user(ctx.query.user, "user").gid] : project.members;
  return ctx.many("project_membership", derivedList(ctx.store, "project_membership", users.map((u) => [project.gid, u])), { view: "compact" });
}

const settingsOfPortfolios = (ctx, portfolios, projectGid) => portfolios.flatMap((portfolio) =>
  derivedList(ctx.store, "project_portfolio_setting", portfolio._items.filter((p) => !projectGid || p === projectGid).map((p) => [portfolio.gid, p])));

function updatePortfolioSetting(ctx) {
  const setting = ctx.load("project_portfolio_setting", "project_portfolio_setting_gid");
  if (ctx.data.is_access_control_inherited !== undefined) {
    ctx.store.derivedMeta.set(setting.gid, { ...ctx.store.derivedMeta.get(setting.gid), is_access_control_inherited: ctx.data.is_access_control_inherited });
  }
  return ctx.one("project_portfolio_setting", ctx.store.get("project_portfolio_setting", setting.gid));
}

export const projectExtraRoutes = [
  ["POST", "/teams/{team_gid}/projects", (ctx) => createProject(withData(ctx, { ...ctx.data, team: ctx.load("team", "team_gid").gid }))],
  ["POST", "/workspaces/{workspace_gid}/projects", (ctx) => createProject(withData(ctx, { ...ctx.data, workspace: ctx.load("workspace", "workspace_gid").gid }))],
  ["POST", "/projects/{project_gid}/addMembers", members("members", true)],
  ["POST", "/projects/{project_gid}/removeMembers", members("members", false)],
  ["POST", "/projects/{project_gid}/addFollowers", members("followers", true)],
  ["POST", "/projects/{project_gid}/removeFollowers", members("followers", false)],
  ["GET", "/projects/{project_gid}/task_counts", taskCounts],
  ["POST", "/projects/{project_gid}/duplicate", duplicateProject],
  ["POST", "/projects/{project_gid}/saveAsTemplate", saveAsTemplate],
  ["POST", "/project_templates/{project_template_gid}/instantiateProject", instantiateProject],
  ["POST", "/task_templates/{task_template_gid}/instantiateTask", instantiateTask],
  ["POST", "/projects/{project_gid}/sections/insert", insertSection],
  ["GET", "/workspaces/{workspace_gid}/projects/search", searchProjects],
  ["GET", "/projects/{project_gid}/project_memberships", projectMemberships],
  ["GET", "/projects/{project_gid}/project_portfolio_settings", (ctx) => {
    const project = ctx.load("project", "project_gid");
    return ctx.many("project_portfolio_setting", settingsOfPortfolios(ctx, ctx.store.all("portfolio"), project.gid), { view: "compact" });
  }],
  ["GET", "/portfolios/{portfolio_gid}/project_portfolio_settings", (ctx) =>
    ctx.many("project_portfolio_setting", settingsOfPortfolios(ctx, [ctx.load("portfolio", "portfolio_gid")]), { view: "compact" })],
  ["PUT", "/project_portfolio_settings/{project_portfolio_setting_gid}", updatePortfolioSetting],
];
