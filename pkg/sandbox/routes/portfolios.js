// Portfolios (premium: 402 in a free workspace): their items (projects, or other portfolios),
// members (and the deprecated portfolio memberships that mirror them) and duplication (a job).

import { writeCustomFields } from "../customfields.js";
import { derivedList } from "../derived.js";
import { render } from "../records.js";
import { Ref } from "../ref.js";
import { badRequest, isDate, missing } from "../validate.js";
import { startJob } from "./jobs.js";
import { includes } from "./task-relations.js";

const FIELDS = ["name", "archived", "color", "start_on", "due_on", "default_access_level", "public"];

function portfolioChanges(ctx, data, portfolio) {
  for (const key of ["start_on", "due_on"]) {
    if (data[key] !== undefined && data[key] !== null && !isDate(data[key])) throw badRequest(`${key}: Must be a date in the form YYYY-MM-DD`);
  }
  if (data.name !== undefined && !data.name.trim()) throw missing("name");
  const changes = Object.fromEntries(FIELDS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));
  if (data.public !== undefined) changes.privacy_setting = data.public ? "public_to_workspace" : "private";
  if (data.custom_fields !== undefined) changes.custom_field_values = writeCustomFields(ctx, portfolio.custom_field_values, data.custom_fields, portfolio._workspace);
  return changes;
}

function newPortfolio(ctx, workspaceGid, fields) {
  const now = ctx.now();
  return ctx.store.add("portfolio", {
    gid: ctx.store.newGid(), name: "", archived: false, color: "none", start_on: null, due_on: null, default_access_level: "editor",
    created_at: now, created_by: new Ref("user", ctx.me), owner: new Ref("user", ctx.me), workspace: new Ref("workspace", workspaceGid),
    public: false, privacy_setting: "private", project_templates: [], custom_field_values: {},
    _workspace: workspaceGid, _items: [], _members: [ctx.me], ...fields,
  });
}

function createPortfolio(ctx) {
  const { workspace: workspaceGid } = ctx.data;
  if (!workspaceGid) throw missing("workspace");
  const workspace = ctx.ref("workspace", workspaceGid, "workspace");
  ctx.requirePremium(workspace.gid, "Portfolios");
  if (!ctx.data.name?.trim()) throw missing("name");
  const portfolio = newPortfolio(ctx, workspace.gid, portfolioChanges(ctx, ctx.data, { _workspace: workspace.gid }));
  return ctx.created("portfolio", portfolio, `/portfolios/${portfolio.gid}`);
}

function listItems(ctx) {
  const portfolio = ctx.load("portfolio", "portfolio_gid");
  const items = portfolio._items.map((gid) => ctx.store.find(gid)).filter(Boolean);
  const page = ctx.paginator.page(items, ctx);
  page.data = page.data.map(({ type, entity }) => render(ctx.env, type, entity, ctx.view ?? "compact"));
  return { status: 200, body: page };
}

function addItem(ctx) {
  const portfolio = ctx.load("portfolio", "portfolio_gid");
  const { item, insert_before: before, insert_after: after } = ctx.data;
  const found = ctx.any(item, "item", ["project", "portfolio"]);
  const itemWorkspace = found.type === "project" ? found.entity.workspace : found.entity._workspace;
  if (itemWorkspace !== portfolio._workspace) throw badRequest(`item: ${item} is not in the portfolio's workspace`);
  if (item === portfolio.gid) throw badRequest("item: A portfolio cannot contain itself");
  if (before && after) throw badRequest("insert_before: Only one of insert_before or insert_after may be given");
  const items = portfolio._items.filter((gid) => gid !== item);
  const anchor = before ?? after;
  let index = items.length;
  if (anchor) {
    index = items.indexOf(anchor);
    if (index < 0) throw badRequest(`${before ? "insert_before" : "insert_after"}: ${anchor} is not an item of portfolio ${portfolio.gid}`);
    if (after) index += 1;
  }
  items.splice(index, 0, item);
  portfolio._items = items;
  return ctx.empty();
}

function removeItem(ctx) {
  const portfolio = ctx.load("portfolio", "portfolio_gid");
  ctx.any(ctx.data.item, "item", ["project", "portfolio"]);
  portfolio._items = portfolio._items.filter((gid) => gid !== ctx.data.item);
  return ctx.empty();
}

const portfolioMembers = (adding) => (ctx) => {
  const portfolio = ctx.load("portfolio", "portfolio_gid");
  const users = ctx.users(ctx.data.members, "members");
  portfolio._members = adding ? [...new Set([...portfolio._members, ...users])] : portfolio._members.filter((u) => !users.includes(u));
  return ctx.one("portfolio", portfolio);
};

function duplicatePortfolio(ctx) {
  const source = ctx.load("portfolio", "portfolio_gid");
  const include = includes(ctx.data.include, ["description", "members", "permissions", "templates", "rules", "items", "task_templates"]);
  const copy = newPortfolio(ctx, source._workspace, {
    name: ctx.data.name, color: source.color, public: source.public, privacy_setting: source.privacy_setting, _items: [...source._items],
    _members: include.has("members") ? [...new Set([ctx.me, ...source._members])] : [ctx.me],
  });
  return startJob(ctx, "duplicate_portfolio", { new_portfolio: new Ref("portfolio", copy.gid) });
}

function portfolioMemberships(ctx, portfolios) {
  const user = ctx.query.user ? ctx.user(ctx.query.user, "user").gid : null;
  const pairs = portfolios.flatMap((p) => p._members.filter((u) => !user || u === user).map((u) => [p.gid, u]));
  return ctx.many("portfolio_membership", derivedList(ctx.store, "portfolio_membership", pairs), { view: "compact" });
}

export const portfolioRoutes = [
  ["POST", "/portfolios", createPortfolio],
  ["GET", "/portfolios", (ctx) => {
    const workspace = ctx.ref("workspace", ctx.query.workspace, "workspace");
    const owner = ctx.query.owner && ctx.user(ctx.query.owner, "owner").gid;
    return ctx.many("portfolio", ctx.store.all("portfolio").filter((p) => p._workspace === workspace.gid && (!owner || p.owner.gid === owner)));
  }],
  ["GET", "/portfolios/{portfolio_gid}", (ctx) => ctx.one("portfolio", ctx.load("portfolio", "portfolio_gid"))],
  ["PUT", "/portfolios/{portfolio_gid}", (ctx) => {
    const portfolio = ctx.load("portfolio", "portfolio_gid");
    Object.assign(portfolio, portfolioChanges(ctx, ctx.data, portfolio));
    return ctx.one("portfolio", portfolio);
  }],
  ["DELETE", "/portfolios/{portfolio_gid}", (ctx) => {
    const portfolio = ctx.load("portfolio", "portfolio_gid");
    ctx.store.remove("portfolio", portfolio.gid);
    for (const other of ctx.store.all("portfolio")) other._items = other._items.filter((gid) => gid !== portfolio.gid);
    ctx.store.dropReferences(portfolio.gid);
    return ctx.empty();
  }],
  ["GET", "/portfolios/{portfolio_gid}/items", listItems],
  ["POST", "/portfolios/{portfolio_gid}/addItem", addItem],
  ["POST", "/portfolios/{portfolio_gid}/removeItem", removeItem],
  ["POST", "/portfolios/{portfolio_gid}/addMembers", portfolioMembers(true)],
  ["POST", "/portfolios/{portfolio_gid}/removeMembers", portfolioMembers(false)],
  ["POST", "/portfolios/{portfolio_gid}/duplicate", duplicatePortfolio],
  ["GET", "/portfolios/{portfolio_gid}/portfolio_memberships", (ctx) => portfolioMemberships(ctx, [ctx.load("portfolio", "portfolio_gid")])],
  ["GET", "/portfolio_memberships", (ctx) => {
    let portfolios = ctx.store.all("portfolio").filter((p) => ctx.store.get("workspace", p._workspace)?.users.includes(ctx.me));
    if (ctx.query.portfolio) portfolios = [ctx.ref("portfolio", ctx.query.portfolio, "portfolio")];
    if (ctx.query.workspace) portfolios = portfolios.filter((p) => p._workspace === ctx.query.workspace);
    if (!ctx.query.portfolio && !(ctx.query.workspace && ctx.query.user)) {
      throw badRequest("Must specify portfolio, or workspace and user");
    }
    return portfolioMemberships(ctx, portfolios);
  }],
];
