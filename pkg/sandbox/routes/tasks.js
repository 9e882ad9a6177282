// Tasks and the task lists hanging off projects, sections, tags and other tasks.

import { writeCustomFields } from "../customfields.js";
import { plainText } from "../records.js";
import {
  badRequest, bool, date, dateTime, gid, gidOrNull, html, list, missing, nullable, obj, oneOf, queryTime, readData, str,
  unknownObject, userRef,
} from "../validate.js";

export const TASK_SUBTYPES = ["default_task", "milestone", "approval", "custom"];

// Writable task fields per Asana's TaskRequest schema (PUT accepts the same minus the
// create-only relations below).
const TASK_FIELDS = {
  name: str,
  resource_subtype: oneOf(...TASK_SUBTYPES),
  approval_status: oneOf("pending", "approved", "rejected", "changes_requested"),
  assignee_status: oneOf("today", "upcoming", "later", "new", "inbox"),
  completed: bool,
  due_at: dateTime,
  due_on: date,
  start_at: dateTime,
  start_on: date,
  notes: str,
  html_notes: html,
  liked: bool,
  assignee: userRef,
  assignee_section: gidOrNull,
  external: nullable(obj),
  custom_fields: obj,
};
const CREATE_FIELDS = {
  ...TASK_FIELDS, workspace: gid, parent: gidOrNull, projects: list(gid), tags: list(gid), followers: list(userRef),
};

export const unique = (values) => [...new Set(values)];

/** The rules Asana's schema spells out for the date fields of one request. */
function checkDates(data) {
  if (data.due_on && data.due_at) throw badRequest("due_on: Only one of due_on or due_at may be given");
  if (data.start_on && data.start_at) throw badRequest("start_on: Only one of start_on or start_at may be given");
  if (data.start_on !== undefined && data.due_on === undefined && data.due_at === undefined) {
    throw badRequest("start_on: due_on or due_at must be present in the request when setting or unsetting start_on");
  }
  if (data.start_at !== undefined && data.due_at === undefined) {
    throw badRequest("start_at: due_at must be present in the request when setting or unsetting start_at");
  }
}

/**
 * Validates `data` against the task's current state and returns the resulting field changes,
 * derived fields included, without touching the task (so a refused request changes nothing).
 */
function taskChanges(ctx, data, current) {
  checkDates(data);
  const { liked, custom_fields: customFields, ...changes } = data;
  if (data.assignee !== undefined) {
    changes.assignee = data.assignee && ctx.user(data.assignee, "assignee").gid;
    changes.assigned_by = changes.assignee ? ctx.me : null;
  }
  if (data.assignee_section) throw unknownObject(data.assignee_section, "assignee_section");
  if (customFields !== undefined) {
    changes.custom_field_values = writeCustomFields(ctx, current.custom_field_values, customFields, current.workspace);
  }
  if (data.html_notes !== undefined) changes.notes = plainText(data.html_notes ?? "");
  else if (data.notes !== undefined) changes.html_notes = null;
  if (data.due_at !== undefined) changes.due_on = data.due_at?.slice(0, 10) ?? null;
  else if (data.due_on !== undefined) changes.due_at = null;
  if (data.start_at !== undefined) changes.start_on = data.start_at?.slice(0, 10) ?? null;
  else if (data.start_on !== undefined) changes.start_at = null;

  const after = (key) => (key in changes ? changes[key] : current[key] ?? null);
  if (after("start_on") && after("due_on") && after("start_on") > after("due_on")) {
    throw badRequest("start_on: The start date must not be after the due date");
  }
  if (after("start_on") && after("resource_subtype") === "milestone") throw badRequest("start_on: Milestones cannot have a start date");
  if (data.resource_subtype === "approval" && !current.approval_status) changes.approval_status ??= "pending";
  if (data.completed !== undefined && data.completed !== (current.completed ?? false)) {
    Object.assign(changes, data.completed ? { completed_at: ctx.now(), completed_by: ctx.me } : { completed_at: null, completed_by: null });
  }
  if (liked !== undefined) {
    const others = (current.likes ?? []).filter((user) => user !== ctx.me);
    changes.likes = liked ? [...others, ctx.me] : others;
  }
  changes.modified_at = ctx.now();
  return changes;
}

/** completed_since: only incomplete tasks and tasks completed at or after the time ("now" allowed). */
export function completedSince(ctx, tasks) {
  if (ctx.query.completed_since === undefined) return tasks;
  const since = ctx.query.completed_since === "now" ? Date.now() : queryTime(ctx.query, "completed_since");
  return tasks.filter((task) => !task.completed || Date.parse(task.completed_at) >= since);
}

export function sameWorkspace(field, entity, workspaceGid) {
  if (entity.workspace !== workspaceGid) throw badRequest(`${field}: ${entity.gid} is not in workspace ${workspaceGid}`);
  return entity;
}

export const taskList = (ctx, gids) => gids.map((g) => ctx.store.get("task", g));
const tagTasks = (ctx, tag) => ctx.store.all("task").filter((task) => task.tags.includes(tag.gid));

// ---- handlers ------------------------------------------------------------------------------

function listTasks(ctx) {
  const { project, section, tag, workspace, assignee } = ctx.query;
  const chosen = [project, section, tag, assignee ?? workspace].filter((value) => value !== undefined);
  if (chosen.length !== 1 || (assignee === undefined) !== (workspace === undefined)) {
    throw badRequest("Must specify exactly one of project, tag, section, user task list, or assignee + workspace");
  }
  let tasks;
  if (project !== undefined) tasks = ctx.store.projectTasks(ctx.ref("project", project, "project"));
  else if (section !== undefined) tasks = taskList(ctx, ctx.ref("section", section, "section").tasks);
  else if (tag !== undefined) tasks = tagTasks(ctx, ctx.ref("tag", tag, "tag"));
  else {
    const ws = ctx.ref("workspace", workspace, "workspace");
    const user = ctx.user(assignee, "assignee");
    tasks = ctx.store.all("task").filter((task) => task.workspace === ws.gid && task.assignee === user.gid);
  }
  const modifiedSince = queryTime(ctx.query, "modified_since");
  if (modifiedSince !== undefined) tasks = tasks.filter((task) => Date.parse(task.modified_at) >= modifiedSince);
  return ctx.many("task", completedSince(ctx, tasks));
}

export function createTask(ctx) {
  const { workspace, parent, projects = [], tags = [], followers = [], ...fields } = readData(ctx.body, CREATE_FIELDS);
  const parentTask = parent ? ctx.ref("task", parent, "parent") : null;
  const projectList = projects.map((g) => ctx.ref("project", g, "projects"));
  const workspaceGid = workspace ?? projectList[0]?.workspace ?? parentTask?.workspace;
  if (!workspaceGid) throw missing("workspace");
  ctx.ref("workspace", workspaceGid, "workspace");
  projectList.forEach((p) => sameWorkspace("projects", p, workspaceGid));
  if (parentTask) sameWorkspace("parent", parentTask, workspaceGid);
  const tagGids = tags.map((g) => sameWorkspace("tags", ctx.ref("tag", g, "tags"), workspaceGid).gid);
  const followerGids = followers.map((u) => ctx.user(u, "followers").gid);
  const changes = taskChanges(ctx, fields, { workspace: workspaceGid });

  const task = ctx.store.createTask({
    ...changes,
    workspace: workspaceGid, parent: parentTask?.gid ?? null, created_by: ctx.me, created_at: changes.modified_at,
    tags: unique(tagGids), followers: unique([ctx.me, changes.assignee, ...followerGids].filter(Boolean)),
  });
  // Asana puts a new task at the bottom of the project's first section.
  for (const project of projectList) ctx.store.placeTask(task, ctx.store.get("section", project.sections[0]), { atEnd: true });
  return ctx.created("task", task, `/tasks/${task.gid}`);
}

function updateTask(ctx) {
  const task = ctx.load("task", "task_gid");
  Object.assign(task, taskChanges(ctx, readData(ctx.body, TASK_FIELDS), task));
  if (task.assignee) task.followers = unique([...task.followers, task.assignee]);
  return ctx.one("task", task);
}

function deleteTask(ctx) {
  ctx.store.deleteTask(ctx.load("task", "task_gid"));
  return ctx.empty();
}

function addTaskToSection(ctx) {
  const section = ctx.load("section", "section_gid");
  const data = readData(ctx.body, { task: gid, insert_before: gidOrNull, insert_after: gidOrNull }, ["task"]);
  if (data.insert_before && data.insert_after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  const task = ctx.ref("task", data.task, "task");
  sameWorkspace("task", task, ctx.store.get("project", section.project).workspace);
  for (const field of ["insert_before", "insert_after"]) {
    const anchor = data[field];
    if (anchor && (anchor === task.gid || !section.tasks.includes(anchor))) {
      throw badRequest(`${field}: Task ${anchor} is not another task in section ${section.gid}`);
    }
  }
  ctx.store.placeTask(task, section, { before: data.insert_before, after: data.insert_after });
  task.modified_at = ctx.now();
  return ctx.empty();
}

function dependencies(ctx) {
  const task = ctx.load("task", "task_gid");
  ctx.requirePremium(task.workspace, "Task dependencies");
  return ctx.many("task", taskList(ctx, task.dependencies));
}

function dependents(ctx) {
  const task = ctx.load("task", "task_gid");
  ctx.requirePremium(task.workspace, "Task dependencies");
  return ctx.many("task", ctx.store.dependentsOf(task.gid));
}

export const taskRoutes = [
  ["GET", "/tasks", listTasks],
  ["POST", "/tasks", createTask],
  ["GET", "/tasks/{task_gid}", (ctx) => ctx.one("task", ctx.load("task", "task_gid"))],
  ["PUT", "/tasks/{task_gid}", updateTask],
  ["DELETE", "/tasks/{task_gid}", deleteTask],
  ["GET", "/projects/{project_gid}/tasks", (ctx) => ctx.many("task", completedSince(ctx, ctx.store.projectTasks(ctx.load("project", "project_gid"))))],
  ["GET", "/sections/{section_gid}/tasks", (ctx) => ctx.many("task", completedSince(ctx, taskList(ctx, ctx.load("section", "section_gid").tasks)))],
  ["POST", "/sections/{section_gid}/addTask", addTaskToSection],
  ["GET", "/tags/{tag_gid}/tasks", (ctx) => ctx.many("task", tagTasks(ctx, ctx.load("tag", "tag_gid")))],
  ["GET", "/tasks/{task_gid}/subtasks", (ctx) => ctx.many("task", taskList(ctx, ctx.load("task", "task_gid").subtasks))],
  ["GET", "/tasks/{task_gid}/dependencies", dependencies],
  ["GET", "/tasks/{task_gid}/dependents", dependents],
];
