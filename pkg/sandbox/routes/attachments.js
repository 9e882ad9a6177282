// Attachments (uploads as multipart/form-data, as Asana takes them) and comments on tasks.

import { bool, checkGid, html, missing, oneOf, readData, str, unknownObject } from "../validate.js";
import { plainText } from "../records.js";

const STICKERS = ["green_checkmark", "people_dancing", "dancing_unicorn", "heart", "party_popper", "people_waving_flags",
  "splashing_narwhal", "trophy", "yeti_riding_unicorn", "celebrating_people", "determined_climbers", "phoenix_spreading_love"];

/** GET /attachments?parent=: the parent may be a task or a project. */
function listAttachments(ctx) {
  const { parent } = ctx.query;
  if (parent === undefined || parent === "") throw missing("parent");
  checkGid("parent", parent);
  const type = ["task", "project"].find((t) => ctx.store.get(t, parent));
  if (!type) throw unknownObject(parent, "parent");
  ctx.ref(type, parent, "parent");
  return ctx.many("attachment", ctx.store.all("attachment").filter((a) => a.parent === parent));
}

function createStory(ctx) {
  const task = ctx.load("task", "task_gid");
  const data = readData(ctx.body, { text: str, html_text: html, is_pinned: bool, sticker_name: oneOf(...STICKERS) });
  if (!data.text?.trim() && !data.html_text) throw missing("text");
  const now = ctx.now();
  const story = ctx.store.add("story", {
    gid: ctx.store.newGid(), target: task.gid, created_by: ctx.me, created_at: now, is_pinned: data.is_pinned ?? false,
    text: data.html_text ? plainText(data.html_text) : data.text, html_text: data.html_text ?? null, sticker_name: data.sticker_name,
  });
  task.modified_at = now;
  return ctx.created("story", story, `/stories/${story.gid}`);
}

/**
 * POST /attachments (multipart/form-data): an Asana-hosted file (a `file` part; its bytes are kept
 * and served by the download_url) or, with resource_subtype=external, a link (`url`, `name`).
 */
async function uploadAttachment(ctx) {
  const { form } = ctx;
  const parentGid = form.get("parent");
  const parent = ctx.any(parentGid, "parent", ["task", "project", "project_brief"]);
  const subtype = form.get("resource_subtype") ?? "asana";
  const now = ctx.now();
  let fields;
  if (subtype === "external") {
    const url = form.get("url");
    if (!url) throw missing("url");
    fields = { name: form.get("name") ?? url, host: "external", size: null, view_url: url };
  } else {
    const file = form.get("file");
    if (!file) throw missing("file");
    const bytes = new Uint8Array(await file.arrayBuffer());
    fields = { name: form.get("name") ?? file.name ?? "upload", host: "asana", size: bytes.length,
      content_type: form.get("content_type") ?? (file.type || "application/octet-stream"), _bytes: bytes };
  }
  const attachment = ctx.store.add("attachment", {
    gid: ctx.store.newGid(), resource_subtype: subtype, parent: parent.entity.gid, created_at: now,
    connected_to_app: form.get("connect_to_app") === "true", ...fields,
  });
  if (parent.type === "task") parent.entity.modified_at = now;
  return ctx.created("attachment", attachment, `/attachments/${attachment.gid}`);
}

export const attachmentRoutes = [
  ["POST", "/attachments", uploadAttachment],
  ["DELETE", "/attachments/{attachment_gid}", (ctx) => {
    ctx.store.remove("attachment", ctx.load("attachment", "attachment_gid").gid);
    return ctx.empty();
  }],
  ["GET", "/attachments", listAttachments],
  ["GET", "/attachments/{attachment_gid}", (ctx) => ctx.one("attachment", ctx.load("attachment", "attachment_gid"))],
  ["POST", "/tasks/{task_gid}/stories", createStory],
];
