// Task relations beyond the first release: projects, followers, dependencies and dependents,
// parent, subtasks, duplication (a job), stories (comments on tasks and goals), tags of a task,
// custom ids and user task lists.

import { plainText } from "../records.js";
import { Ref } from "../ref.js";
import { ApiError, badRequest, missing, unknownObject } from "../validate.js";
import { startJob } from "./jobs.js";
import { completedSince, createTask, sameWorkspace, unique } from "./tasks.js";

/** The same request context with another body (to reuse a handler with added fields). */
export const withData = (ctx, data) => Object.assign(Object.create(ctx), { body: { ...(ctx.body ?? {}), data } });
const gidList = (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value ?? []);

function addProject(ctx) {
  const task = ctx.load("task", "task_gid");
  const { project: projectGid, section: sectionGid, insert_before: before, insert_after: after } = ctx.data;
  const project = sameWorkspace("project", ctx.ref("project", projectGid, "project"), task.workspace);
  if (before && after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  let section = sectionGid ? ctx.ref("section", sectionGid, "section") : null;
  if (section && section.project !== project.gid) throw badRequest(`section: ${section.gid} is not a section of project ${project.gid}`);
  const anchor = before ?? after;
  if (anchor) {
    const membership = ctx.ref("task", anchor, before ? "insert_before" : "insert_after").memberships.find((m) => m.project === project.gid);
    if (!membership || anchor === task.gid || (section && membership.section !== section.gid)) {
      throw badRequest(`${before ? "insert_before" : "insert_after"}: Task ${anchor} is not another task of project ${project.gid}${section ? ` in section ${section.gid}` : ""}`);
    }
    section = ctx.store.get("section", membership.section);
  }
  section ??= ctx.store.get("section", project.sections[0]);
  // Placing first (the task may be moving within the project), then anchoring on the new order.
  ctx.store.placeTask(task, section, anchor ? { before, after } : { atEnd: true });
  task.modified_at = ctx.now();
  return ctx.empty();
}

function removeProject(ctx) {
  const task = ctx.load("task", "task_gid");
  const project = ctx.ref("project", ctx.data.project, "project");
  ctx.store.removeTaskFromProject(task, project.gid);
  task.modified_at = ctx.now();
  return ctx.empty();
}

const followers = (adding) => (ctx) => {
  const task = ctx.load("task", "task_gid");
  const users = ctx.users(ctx.data.followers, "followers");
  task.followers = adding ? unique([...task.followers, ...users]) : task.followers.filter((gid) => !users.includes(gid));
  task.modified_at = ctx.now();
  return ctx.one("task", task);
};

/** Whether `from` reaches `to` through dependencies (so adding to -> from would close a cycle). */
function dependsOn(store, from, to, seen = new Set()) {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (store.get("task", from)?.dependencies ?? []).some((gid) => dependsOn(store, gid, to, seen));
}

/** addDependencies / removeDependencies / addDependents / removeDependents. */
const dependencyEdit = (field, adding) => (ctx) => {
  const task = ctx.load("task", "task_gid");
  ctx.requirePremium(task.workspace, "Task dependencies");
  const others = gidList(ctx.data[field]).map((gid) => sameWorkspace(field, ctx.ref("task", gid, field), task.workspace));
  for (const other of others) {
    const [dependent, dependency] = field === "dependencies" ? [task, other] : [other, task];
    if (adding) {
      if (dependsOn(ctx.store, dependency.gid, dependent.gid)) throw badRequest(`${field}: Adding ${other.gid} would make a task depend on itself`);
      dependent.dependencies = unique([...dependent.dependencies, dependency.gid]);
    } else {
      dependent.dependencies = dependent.dependencies.filter((gid) => gid !== dependency.gid);
    }
  }
  task.modified_at = ctx.now();
  return ctx.empty();
};

function setParent(ctx) {
  const task = ctx.load("task", "task_gid");
  const { parent: parentGid, insert_before: before, insert_after: after } = ctx.data;
  if (before && after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  const parent = parentGid ? sameWorkspace("parent", ctx.ref("task", parentGid, "parent"), task.workspace) : null;
  for (let up = parent; up; up = up.parent && ctx.store.get("task", up.parent)) {
    if (up.gid === task.gid) throw badRequest("parent: A task cannot be its own ancestor");
  }
  const old = task.parent && ctx.store.get("task", task.parent);
  if (old) old.subtasks = old.subtasks.filter((gid) => gid !== task.gid);
  task.parent = parent?.gid ?? null;
  if (parent) {
    const anchor = before ?? after;
    const index = anchor ? parent.subtasks.indexOf(anchor) : parent.subtasks.length;
    if (anchor && index < 0) throw badRequest(`${before ? "insert_before" : "insert_after"}: Task ${anchor} is not a subtask of ${parent.gid}`);
    parent.subtasks.splice(anchor && after ? index + 1 : index, 0, task.gid);
  }
  task.modified_at = ctx.now();
  return ctx.one("task", task);
}

const DUPLICATE_INCLUDES = ["assignee", "attachments", "dates", "dependencies", "followers", "notes", "parent", "projects", "subtasks", "tags"];

/** A copy of a task with the parts `include` names (subtasks copied recursively). */
function copyTask(ctx, task, name, include, parent) {
  const now = ctx.now();
  const fields = { name, resource_subtype: task.resource_subtype, workspace: task.workspace, created_by: ctx.me, created_at: now,
    modified_at: now, followers: [ctx.me], parent: parent ?? (include.has("parent") ? task.parent : null) };
  if (include.has("notes")) Object.assign(fields, { notes: task.notes, html_notes: task.html_notes });
  if (include.has("assignee") && task.assignee) Object.assign(fields, { assignee: task.assignee, assigned_by: ctx.me });
  if (include.has("dates")) Object.assign(fields, { due_on: task.due_on, due_at: task.due_at, start_on: task.start_on, start_at: task.start_at });
  if (include.has("followers")) fields.followers = unique([ctx.me, ...task.followers]);
  if (include.has("tags")) fields.tags = [...task.tags];
  if (include.has("dependencies")) fields.dependencies = [...task.dependencies];
  const copy = ctx.store.createTask(fields);
  if (include.has("projects")) {
    for (const m of task.memberships) ctx.store.placeTask(copy, ctx.store.get("section", m.section), { atEnd: true });
  }
  if (include.has("subtasks")) for (const gid of task.subtasks) { const sub = ctx.store.get("task", gid); copyTask(ctx, sub, sub.name, include, copy.gid); }
  if (include.has("attachments")) {
    for (const a of ctx.store.all("attachment").filter((x) => x.parent === task.gid)) {
      ctx.store.add("attachment", { ...a, gid: ctx.store.newGid(), parent: copy.gid, created_at: now, _copyOf: a.gid });
    }
  }
  return copy;
}

export function includes(value, allowed, field = "include") {
  const list = gidList(value);
  const unknown = list.find((item) => !allowed.includes(item));
  if (unknown) throw badRequest(`${field}: ${JSON.stringify(unknown)} is not one of ${allowed.join(", ")}`);
  return new Set(list);
}

function duplicateTask(ctx) {
  const task = ctx.load("task", "task_gid");
  const include = includes(ctx.data.include, DUPLICATE_INCLUDES);
  const copy = copyTask(ctx, task, ctx.data.name ?? `Duplicate of ${task.name}`, include);
  return startJob(ctx, "duplicate_task", { new_task: new Ref("task", copy.gid) });
}

function createSubtask(ctx) {
  const task = ctx.load("task", "task_gid");
  return createTask(withData(ctx, { ...ctx.data, parent: task.gid }));
}

// ---- stories ------------------------------------------------------------------------------------

const STORY_FIELDS = ["text", "html_text", "is_pinned", "sticker_name"];

/** A comment on a task or a goal. */
export function addComment(ctx, target) {
  const data = ctx.data;
  if (!data.text?.trim() && !data.html_text) throw missing("text");
  if (data.html_text !== undefined && !/^<body>[\s\S]*<\/body>$/.test(data.html_text.trim())) {
    throw badRequest("html_text: XML is invalid: rich text must be wrapped in <body>…</body>");
  }
  const now = ctx.now();
  const story = ctx.store.add("story", {
    gid: ctx.store.newGid(), target: target.gid, created_by: ctx.me, created_at: now, is_pinned: data.is_pinned ?? false,
    text: data.html_text ? plainText(data.html_text) : data.text, html_text: data.html_text?.trim() ?? null, sticker_name: data.sticker_name,
  });
  target.modified_at = now;
  return ctx.created("story", story, `/stories/${story.gid}`);
}

function updateStory(ctx) {
  const story = ctx.load("story", "story_gid");
  const data = ctx.data;
  if ((data.text !== undefined || data.html_text !== undefined) && story.created_by !== ctx.me) {
    throw new ApiError(403, "You can only edit the text of your own comments.");
  }
  if (data.html_text !== undefined && !/^<body>[\s\S]*<\/body>$/.test(data.html_text.trim())) {
    throw badRequest("html_text: XML is invalid: rich text must be wrapped in <body>…</body>");
  }
  for (const key of STORY_FIELDS) if (data[key] !== undefined) story[key] = data[key];
  if (data.html_text !== undefined) story.text = plainText(data.html_text);
  else if (data.text !== undefined) story.html_text = null;
  story.is_edited = true;
  return ctx.one("story", story);
}

const storiesOf = (ctx, gid) => ctx.store.all("story").filter((s) => s.target === gid)
  .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));

// ---- user task lists ----------------------------------------------------------------------------

function userTaskList(ctx) {
  const user = ctx.user(ctx.params.user_gid, "user_gid");
  const workspace = ctx.ref("workspace", ctx.query.workspace, "workspace");
  const list = ctx.store.get("user_task_list", ctx.store.derivedGid("user_task_list", user.gid, workspace.gid));
  if (!list) throw unknownObject(user.gid, "user_gid");
  return ctx.one("user_task_list", list);
}

function userTaskListTasks(ctx) {
  const list = ctx.load("user_task_list", "user_task_list_gid");
  const tasks = ctx.store.all("task").filter((t) => t.workspace === list.workspace.gid && t.assignee === list.owner.gid);
  return ctx.many("task", completedSince(ctx, tasks));
}

export const taskRelationRoutes = [
  ["POST", "/tasks/{task_gid}/addProject", addProject],
  ["POST", "/tasks/{task_gid}/removeProject", removeProject],
  ["POST", "/tasks/{task_gid}/addFollowers", followers(true)],
  ["POST", "/tasks/{task_gid}/removeFollowers", followers(false)],
  ["POST", "/tasks/{task_gid}/addDependencies", dependencyEdit("dependencies", true)],
  ["POST", "/tasks/{task_gid}/removeDependencies", dependencyEdit("dependencies", false)],
  ["POST", "/tasks/{task_gid}/addDependents", dependencyEdit("dependents", true)],
  ["POST", "/tasks/{task_gid}/removeDependents", dependencyEdit("dependents", false)],
  ["POST", "/tasks/{task_gid}/setParent", setParent],
  ["POST", "/tasks/{task_gid}/duplicate", duplicateTask],
  ["POST", "/tasks/{task_gid}/subtasks", createSubtask],
  ["GET", "/tasks/{task_gid}/tags", (ctx) => ctx.many("tag", ctx.load("task", "task_gid").tags.map((gid) => ctx.store.get("tag", gid)))],
  ["GET", "/tasks/{task_gid}/stories", (ctx) => ctx.many("story", storiesOf(ctx, ctx.load("task", "task_gid").gid))],
  ["GET", "/stories/{story_gid}", (ctx) => ctx.one("story", ctx.load("story", "story_gid"))],
  ["PUT", "/stories/{story_gid}", updateStory],
  ["DELETE", "/stories/{story_gid}", (ctx) => {
    ctx.store.remove("story", ctx.load("story", "story_gid").gid);
    return ctx.empty();
  }],
  ["GET", "/goals/{goal_gid}/stories", (ctx) => ctx.many("story", storiesOf(ctx, ctx.load("goal", "goal_gid").gid))],
  ["POST", "/goals/{goal_gid}/stories", (ctx) => addComment(ctx, ctx.load("goal", "goal_gid"))],
  ["GET", "/workspaces/{workspace_gid}/tasks/custom_id/{custom_id}", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    const task = ctx.store.all("task").find((t) => t.workspace === workspace.gid && t.custom_id === ctx.params.custom_id);
    if (!task) throw unknownObject(ctx.params.custom_id, "custom_id");
    return ctx.one("task", task);
  }],
  ["GET", "/users/{user_gid}/user_task_list", userTaskList],
  ["GET", "/user_task_lists/{user_task_list_gid}/tasks", userTaskListTasks],
];


