// Tags, and tagging tasks.

import { badRequest, gid, list, readData, str, userRef } from "../validate.js";
import { color } from "./projects.js";

const TAG_FIELDS = { name: str, color, notes: str };

function createTag(ctx) {
  const workspace = ctx.load("workspace", "workspace_gid");
  const { followers = [], ...fields } = readData(ctx.body, { ...TAG_FIELDS, followers: list(userRef) }, ["name"]);
  const tag = ctx.store.add("tag", {
    gid: ctx.store.newGid(), color: null, notes: "", ...fields, workspace: workspace.gid, created_at: ctx.now(),
    followers: [...new Set(followers.map((u) => ctx.user(u, "followers").gid))],
  });
  return ctx.created("tag", tag, `/tags/${tag.gid}`);
}

function updateTag(ctx) {
  const tag = ctx.load("tag", "tag_gid");
  Object.assign(tag, readData(ctx.body, TAG_FIELDS));
  return ctx.one("tag", tag);
}

/** The task and tag of addTag/removeTag; the tag must live in the task's workspace. */
function taskAndTag(ctx) {
  const task = ctx.load("task", "task_gid");
  const tag = ctx.ref("tag", readData(ctx.body, { tag: gid }, ["tag"]).tag, "tag");
  if (tag.workspace !== task.workspace) throw badRequest(`tag: ${tag.gid} is not in the task's workspace ${task.workspace}`);
  task.modified_at = ctx.now();
  return { task, tag };
}

export const tagRoutes = [
  ["GET", "/workspaces/{workspace_gid}/tags", (ctx) => {
    const workspace = ctx.load("workspace", "workspace_gid");
    return ctx.many("tag", ctx.store.all("tag").filter((tag) => tag.workspace === workspace.gid));
  }],
  ["POST", "/workspaces/{workspace_gid}/tags", createTag],
  ["GET", "/tags/{tag_gid}", (ctx) => ctx.one("tag", ctx.load("tag", "tag_gid"))],
  ["PUT", "/tags/{tag_gid}", updateTag],
  ["DELETE", "/tags/{tag_gid}", (ctx) => {
    ctx.store.deleteTag(ctx.load("tag", "tag_gid"));
    return ctx.empty();
  }],
  ["POST", "/tasks/{task_gid}/addTag", (ctx) => {
    const { task, tag } = taskAndTag(ctx);
    if (!task.tags.includes(tag.gid)) task.tags.push(tag.gid);
    return ctx.empty();
  }],
  // Removing a tag the task does not carry is not an error in Asana.
  ["POST", "/tasks/{task_gid}/removeTag", (ctx) => {
    const { task, tag } = taskAndTag(ctx);
    task.tags = task.tags.filter((g) => g !== tag.gid);
    return ctx.empty();
  }],
];
