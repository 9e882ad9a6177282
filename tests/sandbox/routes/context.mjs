// What a route handler gets: the parsed request, the authenticated user, object lookups that
// answer like Asana (400 for malformed ids, 404 for unknown or invisible objects), and
// builders for Asana's response envelopes.

import { render } from "../records.mjs";
import { ApiError, badRequest, checkGid, isEmail, isGid, unknownObject } from "../validate.mjs";

export class RequestContext {
  constructor({ store, paginator, me, params, url, apiPath, apiUrl, body, view, downloadUrl }) {
    Object.assign(this, { store, paginator, me, params, url, apiPath, apiUrl, body, view });
    this.searchParams = url.searchParams;
    this.query = Object.fromEntries(url.searchParams); // last value wins for repeated keys
    this.env = { store, me, downloadUrl };
  }

  now() {
    return new Date().toISOString();
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
    if (!entity || (workspace && !this.store.get("workspace", workspace).users.includes(this.me))) throw unknownObject(gid, field);
    return entity;
  }

  /** A user given as gid, "me" or email address (Asana accepts all three where a user is expected). */
  user(value, field) {
    if (value === "me") return this.store.get("user", this.me);
    if (!isEmail(value) && !isGid(value)) throw badRequest(`${field}: Not a recognized ID: ${value}`);
    const user = isEmail(value) ? this.store.userByEmail(value) : this.store.get("user", value);
    if (!user) throw unknownObject(value, field);
    return user;
  }

  requirePremium(workspaceGid, feature) {
    if (!this.store.get("workspace", workspaceGid).premium) {
      throw new ApiError(402, `${feature} is only available to premium users. Upgrade the workspace or organization to use it.`);
    }
  }

  // ---- envelopes ---------------------------------------------------------------------------

  one(type, entity) {
    return { status: 200, body: { data: render(this.env, type, entity, this.view ?? "full") } };
  }

  created(type, entity, path) {
    return { ...this.one(type, entity), status: 201, headers: { Location: `${this.apiUrl}${path}` } };
  }

  many(type, entities, options) {
    const page = this.paginator.page(entities, this, options);
    page.data = page.data.map((entity) => render(this.env, type, entity, this.view ?? "compact"));
    return { status: 200, body: page };
  }

  empty() {
    return { status: 200, body: { data: {} } };
  }
}
