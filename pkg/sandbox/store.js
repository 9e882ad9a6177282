// The sandbox's in-memory object graph. Entities are plain objects keyed by gid; relationships are
// stored once (task.memberships, section.tasks, task.dependencies…) and derived views are computed
// on demand, so writes cannot leave two copies of a fact disagreeing.

const TYPES = ["workspace", "user", "team", "project", "section", "task", "tag", "attachment", "story"];

export class Store {
  constructor(firstNewGid) {
    // One map per record type; types beyond the core ones (goal, portfolio, custom_field, …) get
    // theirs on first use.
    this.maps = Object.fromEntries(TYPES.map((type) => [type, new Map()]));
    this.tokens = new Map(); // bearer token -> user gid
    this.nextGid = BigInt(firstNewGid);
    // Derived records (memberships, user task lists, project portfolio settings) are views of
    // facts kept elsewhere (team.members, workspace.users…); this gives each (kind, a, b) a stable
    // gid, assigned on first sight (the seed assigns its own in a fixed order).
    this.derived = new Map(); // "kind a b" -> gid
    this.derivedByGid = new Map(); // gid -> {kind, a, b}
    this.derivedMeta = new Map(); // gid -> fields written to a derived record (e.g. is_access_control_inherited)
    this.builders = {}; // kind -> (store, a, b) => record fields, or null when the fact no longer holds (derived.js)
    this.favorites = new Map(); // user gid -> [gid of a favorite object]
  }

  mapOf(type) {
    return (this.maps[type] ??= new Map());
  }

  newGid() {
    return String(this.nextGid++);
  }

  add(type, entity) {
    const record = { resource_type: type, ...entity };
    this.mapOf(type).set(record.gid, record);
    return record;
  }

  get(type, gid) {
    return this.maps[type]?.get(gid) ?? this.#derivedRecord(type, gid);
  }

  #derivedRecord(type, gid) {
    const derived = this.derivedByGid.get(gid);
    if (!derived || derived.kind !== type || !this.builders[type]) return undefined;
    const fields = this.builders[type](this, derived.a, derived.b);
    return fields ? { gid, resource_type: type, ...fields, ...this.derivedMeta.get(gid) } : undefined;
  }

  all(type) {
    return [...(this.maps[type]?.values() ?? [])];
  }

  remove(type, gid) {
    this.maps[type]?.delete(gid);
  }

  /** The stored object with this gid, whatever its type: {type, entity} or undefined. */
  find(gid) {
    for (const [type, map] of Object.entries(this.maps)) {
      const entity = map.get(gid);
      if (entity) return { type, entity };
    }
    const derived = this.derivedByGid.get(gid);
    const entity = derived && this.get(derived.kind, gid);
    return entity ? { type: derived.kind, entity } : undefined;
  }

  counts() {
    return Object.fromEntries(Object.entries(this.maps).map(([type, map]) => [type, map.size]));
  }

  /** The stable gid of a derived record, e.g. derivedGid("team_membership", teamGid, userGid). */
  derivedGid(kind, a, b, gid) {
    const key = `${kind} ${a} ${b}`;
    let found = this.derived.get(key);
    if (!found) {
      found = gid ?? this.newGid();
      this.derived.set(key, found);
      this.derivedByGid.set(found, { kind, a, b });
    }
    return found;
  }

  userByEmail(email) {
    const wanted = email.toLowerCase();
    return this.all("user").find((user) => user.email.toLowerCase() === wanted);
  }

  /** Workspaces the user belongs to, in creation order. */
  workspacesOf(userGid) {
    return this.all("workspace").filter((ws) => ws.users.includes(userGid));
  }

  /** The workspace an object lives in (null for users, which span workspaces), for visibility checks. */
  workspaceOf(type, entity) {
    switch (type) {
      case "workspace": return entity.gid;
      case "team": case "project": case "task": case "tag": return entity.workspace;
      case "section": return this.get("project", entity.project)?.workspace;
      case "attachment": return (this.get("task", entity.parent) ?? this.get("project", entity.parent))?.workspace;
      default: return entity._workspace ?? entity.workspace?.gid ?? (typeof entity.workspace === "string" ? entity.workspace : null);
    }
  }

  // ---- creation with Asana's defaults (used by the seed and by the write routes) -----------

  createTask(fields) {
    const task = this.add("task", {
      gid: fields.gid ?? this.newGid(),
      name: "", resource_subtype: "default_task", notes: "", html_notes: null,
      assignee: null, assigned_by: null, assignee_status: "inbox", assignee_section: null,
      completed: false, completed_at: null, completed_by: null,
      due_on: null, due_at: null, start_on: null, start_at: null,
      parent: null, subtasks: [], memberships: [], followers: [], tags: [], dependencies: [],
      likes: [], approval_status: fields.resource_subtype === "approval" ? "pending" : null,
      external: null, custom_fields: [],
      ...fields,
    });
    task.modified_at ??= task.created_at;
    if (task.parent) this.get("task", task.parent).subtasks.push(task.gid);
    return task;
  }

  /** Every Asana project has at least one section; a new one gets "Untitled section". */
  createProject(fields, sections = [{ name: "Untitled section" }]) {
    const project = this.add("project", {
      gid: fields.gid ?? this.newGid(),
      name: "", notes: "", html_notes: null, archived: false, color: null, icon: null,
      default_view: "list", due_on: null, start_on: null, privacy_setting: "public_to_workspace",
      team: null, owner: null, members: [], followers: [], sections: [],
      completed: false, completed_at: null, completed_by: null,
      default_access_level: "editor", minimum_access_level_for_customization: "admin",
      minimum_access_level_for_sharing: "admin",
      ...fields,
    });
    project.modified_at ??= project.created_at;
    for (const section of sections) this.createSection({ project: project.gid, created_at: project.created_at, ...section });
    return project;
  }

  createSection({ position, ...fields }) {
    const section = this.add("section", { gid: fields.gid ?? this.newGid(), tasks: [], ...fields });
    const order = this.get("project", section.project).sections;
    order.splice(position ?? order.length, 0, section.gid);
    return section;
  }

  // ---- project ordering -------------------------------------------------------------------

  /** Tasks of a project in board order: section by section, top to bottom. */
  projectTasks(project) {
    return project.sections.flatMap((sectionGid) => this.get("section", sectionGid).tasks).map((gid) => this.get("task", gid));
  }

  /**
   * Puts a task into a section (adding it to the section's project if needed and leaving any
   * other section of that project). Position: before/after a task of that section, else at the
   * top (`atEnd` false) or bottom.
   */
  placeTask(task, section, { before, after, atEnd = false } = {}) {
    this.removeTaskFromProject(task, section.project);
    let index = atEnd ? section.tasks.length : 0;
    if (before) index = section.tasks.indexOf(before);
    if (after) index = section.tasks.indexOf(after) + 1;
    section.tasks.splice(index, 0, task.gid);
    task.memberships.push({ project: section.project, section: section.gid });
  }

  removeTaskFromProject(task, projectGid) {
    const membership = task.memberships.find((m) => m.project === projectGid);
    if (!membership) return;
    const section = this.get("section", membership.section);
    section.tasks.splice(section.tasks.indexOf(task.gid), 1);
    task.memberships = task.memberships.filter((m) => m !== membership);
  }

  dependentsOf(taskGid) {
    return this.all("task").filter((task) => task.dependencies.includes(taskGid));
  }

  // ---- deletes (cascade like Asana: children go, references are dropped) -------------------

  deleteTask(task) {
    for (const subtaskGid of [...task.subtasks]) this.deleteTask(this.get("task", subtaskGid));
    for (const membership of [...task.memberships]) this.removeTaskFromProject(task, membership.project);
    const parent = task.parent && this.get("task", task.parent);
    if (parent) parent.subtasks = parent.subtasks.filter((gid) => gid !== task.gid);
    for (const other of this.dependentsOf(task.gid)) other.dependencies = other.dependencies.filter((gid) => gid !== task.gid);
    for (const type of ["attachment", "story"]) {
      for (const child of this.all(type)) if ((child.parent ?? child.target) === task.gid) this.maps[type].delete(child.gid);
    }
    this.maps.task.delete(task.gid);
    this.dropReferences(task.gid);
  }

  deleteProject(project) {
    for (const task of this.projectTasks(project)) this.removeTaskFromProject(task, project.gid);
    for (const sectionGid of project.sections) this.maps.section.delete(sectionGid);
    this.maps.project.delete(project.gid);
    for (const portfolio of this.all("portfolio")) portfolio._items = portfolio._items.filter((gid) => gid !== project.gid);
    this.dropReferences(project.gid);
  }

  deleteTag(tag) {
    for (const task of this.all("task")) task.tags = task.tags.filter((gid) => gid !== tag.gid);
    this.maps.tag.delete(tag.gid);
    this.dropReferences(tag.gid);
  }

  deleteSection(section) {
    const project = this.get("project", section.project);
    project.sections = project.sections.filter((gid) => gid !== section.gid);
    this.maps.section.delete(section.gid);
  }

  /**
   * After an object is deleted: the records that only make sense with it go too (custom field
   * settings on it, goal relationships to it, webhooks watching it, status updates about it).
   */
  dropReferences(gid) {
    const refersTo = (value) => value?.gid === gid || value === gid;
    for (const setting of this.all("custom_field_setting")) if (refersTo(setting.parent) || refersTo(setting.custom_field)) this.remove("custom_field_setting", setting.gid);
    for (const relation of this.all("goal_relationship")) if (refersTo(relation.supporting_resource) || refersTo(relation.supported_goal)) this.remove("goal_relationship", relation.gid);
    for (const webhook of this.all("webhook")) if (refersTo(webhook.resource)) this.remove("webhook", webhook.gid);
    for (const update of this.all("status_update")) if (refersTo(update.parent)) this.remove("status_update", update.gid);
  }
}
