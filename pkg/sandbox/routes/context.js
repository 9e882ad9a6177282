// What a route handler gets: the parsed request, the authenticated user, object lookups that
// answer like Asana (400 for malformed ids, 404 for unknown or invisible objects), and
// builders for Asana's response envelopes.

import { render } from "../records.js";
import { ApiError, badRequest, checkGid, isEmail, isGid, unknownObject } from "../validate.js";

export class RequestContext {
  constructor({ state, row, me, params, url, apiPath, apiUrl, origin, body, form, authorization, view, downloadUrl }) {
    Object.assign(this, { state, row, me, params, url, apiPath, apiUrl, origin, body, form, authorization, view });
    this.store = state.store;
    this.paginator = state.paginator;
    this.searchParams = url.searchParams;
    this.query = Object.fromEntries(url.searchParams); // last value wins for repeated keys
    this.env = { store: state.store, me, downloadUrl };
  }

  now() {
    return new Date().toISOString();
  }

  /** The `data` object of the body ({} when there is none). */
  get data() {
    return this.body?.data ?? {};
  }

  /** An object named by a path parameter, e.g. load("task", "task_gid"). */
  load(type, param) {
    return this.ref(type, checkGid(param, this.params[param]));
  }

  /** An object named in the query or body: 404 if unknown or in a workspace the user is not in. */
  ref(type, gid, field) {
    checkGid(field ?? type, gid);
    const entity = this.store.get(type, gid);
    const workspace = entity && this.store.workspaceOf(type, entity);
    if (!entity || (workspace && !this.store.get("workspace", workspace)?.users.includes(this.me))) throw unknownObject(gid, field);
    return entity;
  }

  /** Any object by gid, whatever its type (types = the ones allowed): {type, entity}; 404 if none. */
  any(gid, field, types) {
    checkGid(field, gid);
    const found = this.store.find(gid);
    if (!found || (types && !types.includes(found.type))) throw unknownObject(gid, field);
    this.ref(found.type, gid, field); // visibility
    return found;
  }

  /** A user given as gid, "me" or email address (Asana accepts all three where a user is expected). */
  user(value, field) {
    if (value === "me") return this.store.get("user", this.me);
    if (!isEmail(value) && !isGid(value)) throw badRequest(`${field}: Not a recognized ID: ${value}`);
    const user = isEmail(value) ? this.store.userByEmail(value) : this.store.get("user", value);
    if (!user) throw unknownObject(value, field);
    return user;
  }

  /** Users given as a comma-separated string or an array of gids, "me" or emails. */
  users(value, field) {
    const list = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value ?? [];
    return [...new Set(list.map((item) => this.user(item, field).gid))];
  }

  requirePremium(workspaceGid, feature) {
    if (!this.store.get("workspace", workspaceGid)?.premium) {
      throw new ApiError(402, `${feature} is only available to premium users. Upgrade the workspace or organization to use it.`);
    }
  }

  // ---- envelopes ---------------------------------------------------------------------------

  one(type, entity, status = 200) {
    return { status, body: { data: render(this.env, type, entity, this.view ?? "full") } };
  }

  created(type, entity, path) {
    return { ...this.one(type, entity), status: 201, headers: { Location: `${this.apiUrl}${path}` } };
  }

  many(type, entities, options) {
    const page = this.paginator.page(entities, this, options);
    const view = this.view ?? options?.view ?? "compact";
    page.data = page.data.map((entity) => render(this.env, type, entity, view));
    return { status: 200, body: page };
  }

  empty() {
    return { status: 200, body: { data: {} } };
  }
}
