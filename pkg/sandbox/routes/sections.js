// Sections of a project.

import { badRequest, gidOrNull, readData, str } from "../validate.js";

const SECTION_FIELDS = { name: str, insert_before: gidOrNull, insert_after: gidOrNull };

/** Where insert_before/insert_after put a section in `order` (which must not contain it). */
function insertionIndex(project, order, data) {
  if (data.insert_before && data.insert_after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  const field = data.insert_before ? "insert_before" : "insert_after";
  const anchor = data[field];
  if (!anchor) return order.length;
  const index = order.indexOf(anchor);
  if (index < 0) throw badRequest(`${field}: ${anchor} is not another section of project ${project.gid}`);
  return field === "insert_before" ? index : index + 1;
}

function createSection(ctx) {
  const project = ctx.load("project", "project_gid");
  const { name, ...position } = readData(ctx.body, SECTION_FIELDS, ["name"]);
  const section = ctx.store.createSection({
    project: project.gid, name, created_at: ctx.now(), position: insertionIndex(project, project.sections, position),
  });
  return ctx.created("section", section, `/sections/${section.gid}`);
}

function updateSection(ctx) {
  const section = ctx.load("section", "section_gid");
  const { name, ...position } = readData(ctx.body, SECTION_FIELDS, ["name"]);
  const project = ctx.store.get("project", section.project);
  if (position.insert_before || position.insert_after) {
    const others = project.sections.filter((g) => g !== section.gid);
    others.splice(insertionIndex(project, others, position), 0, section.gid);
    project.sections = others;
  }
  section.name = name;
  return ctx.one("section", section);
}

function deleteSection(ctx) {
  const section = ctx.load("section", "section_gid");
  if (section.tasks.length) throw badRequest("Sections must be empty to be deleted. Move or delete its tasks first.");
  if (ctx.store.get("project", section.project).sections.length === 1) throw badRequest("The last remaining section of a project cannot be deleted.");
  ctx.store.deleteSection(section);
  return ctx.empty();
}

export const sectionRoutes = [
  ["GET", "/projects/{project_gid}/sections", (ctx) =>
    ctx.many("section", ctx.load("project", "project_gid").sections.map((g) => ctx.store.get("section", g)))],
  ["POST", "/projects/{project_gid}/sections", createSection],
  ["GET", "/sections/{section_gid}", (ctx) => ctx.one("section", ctx.load("section", "section_gid"))],
  ["PUT", "/sections/{section_gid}", updateSection],
  ["DELETE", "/sections/{section_gid}", deleteSection],
];
