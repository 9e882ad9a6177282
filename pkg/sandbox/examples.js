// A valid call of every catalogue operation against a freshly reset sandbox, in the connector's
// terms: `execute(entity, action, params)` with path and query params by name and write fields in
// `params.data`. No imports, so any runtime can load it.
//
//   import { exampleCalls } from "asana-agent-connector/sandbox";
//   for (const { entity, action, params, skip } of exampleCalls(SEED)) if (!skip) await asana.execute(entity, action, params);
//   // then GET /_sandbox/violations is [] and every call answered 2xx
//
// Every call is self-contained against seeded objects (no gid of an object created at runtime is
// needed), and the list runs in one pass, in order: reads first, then creates, updates and other
// writes, then removals, then deletes (each of a seeded object that no later call uses).
// attachments/create takes its multipart form fields flat in params, with `file` given as a
// string of bytes for the caller to turn into a Blob (named params.name). attachments/download is
// listed with `skip` (it is the connector's two-hop read, covered by the download scenarios).
//
// httpRequestOf(row, params, {apiUrl, token}) turns a call into the HTTP request it stands for,
// from its catalogue row (Web APIs only: URLSearchParams, FormData, Blob), as the self-test sends it.

/** The HTTP request for a call in the connector's terms, built from its catalogue row. */
export function httpRequestOf(row, params, { apiUrl, token }) {
  const used = new Set();
  const path = row.path.replace(/\{(\w+)\}/g, (_, name) => {
    used.add(name);
    return encodeURIComponent(params[name]);
  });
  const query = new URLSearchParams();
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  let form;
  for (const param of row.params) {
    const value = params[param.name];
    if (value === undefined || param.in === "path") continue;
    used.add(param.name);
    if (param.in === "query") query.set(param.name, Array.isArray(value) ? value.join(",") : String(value));
    else if (param.in === "body") body = JSON.stringify({ data: value });
    else if (param.in === "form") {
      form ??= new FormData();
      if (param.kind === "file") form.set(param.name, new Blob([value], { type: params.content_type ?? "text/plain" }), params.name ?? "file");
      else form.set(param.name, String(value));
    } else if (param.in === "header" && param.name === "range_header") headers.Range = value;
  }
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`${row.entity}/${row.action}: params ${unused.join(", ")} are not in the catalogue row`);
  if (body) headers["Content-Type"] = "application/json";
  const search = query.toString();
  return { url: `${apiUrl}${path}${search ? `?${search}` : ""}`, init: { method: row.method, headers, body: form ?? body } };
}

/** [{entity, action, params, skip?}] for the 248 catalogue operations, in a valid order. */
export function exampleCalls(SEED) {
  const W = SEED.workspaces;
  const U = SEED.users;
  const T = SEED.teams;
  const P = SEED.projects;
  const S = SEED.sections;
  const G = SEED.tags;
  const K = SEED.tasks;
  const CF = SEED.customFields;
  const EO = SEED.enumOptions;
  const story = { bob: SEED.stories.question, alice: SEED.stories.answer };
  const calls = [];
  const call = (entity, action, params = {}, extra = {}) => calls.push({ entity, action, params, ...extra });

  // ---- reads ------------------------------------------------------------------------------------
  call("workspaces", "list", { limit: 10 });
  call("workspaces", "get", { workspace_gid: W.acme });
  call("users", "list", { workspace: W.acme, limit: 10 });
  call("users", "get", { user_gid: "me" });
  call("workspace_users", "list", { workspace_gid: W.acme });
  call("workspace_users", "get", { workspace_gid: W.acme, user_gid: "me" });
  call("team_users", "list", { team_gid: T.engineering });
  call("teams", "get", { team_gid: T.engineering });
  call("workspace_teams", "list", { workspace_gid: W.acme });
  call("user_teams", "list", { user_gid: "me", organization: W.acme });
  call("team_memberships", "get", { team_membership_gid: SEED.teamMemberships.engineeringDave });
  call("team_memberships", "list", { team: T.engineering });
  call("team_team_memberships", "list", { team_gid: T.engineering });
  call("user_team_memberships", "list", { user_gid: "me", workspace: W.acme });
  call("workspace_memberships", "get", { workspace_membership_gid: SEED.workspaceMemberships.acmeAlice });
  call("workspace_memberships", "list", { workspace_gid: W.acme });
  call("user_workspace_memberships", "list", { user_gid: "me" });
  call("user_task_list", "get", { user_gid: "me", workspace: W.acme });
  call("user_task_lists", "get", { user_task_list_gid: SEED.userTaskLists.aliceAcme });
  call("user_task_list_tasks", "list", { user_task_list_gid: SEED.userTaskLists.aliceAcme, completed_since: "now" });
  call("user_favorites", "list", { user_gid: "me", resource_type: "project", workspace: W.acme });
  call("projects", "list", { workspace: W.acme, limit: 10 });
  call("projects", "get", { project_gid: P.website });
  call("task_projects", "list", { task_gid: K.homepage });
  call("team_projects", "list", { team_gid: T.engineering });
  call("workspace_projects", "list", { workspace_gid: W.acme, archived: false });
  call("workspace_project_search", "list", { workspace_gid: W.acme, text: "web" });
  call("project_task_counts", "get", { project_gid: P.website });
  call("project_memberships", "get", { project_membership_gid: SEED.projectMemberships.websiteCarol });
  call("project_memberships", "list", { project_gid: P.website });
  call("project_sections", "list", { project_gid: P.website });
  call("sections", "get", { section_gid: S.todo });
  call("tasks", "list", { project: P.website, limit: 10 });
  call("tasks", "get", { task_gid: K.homepage });
  call("project_tasks", "list", { project_gid: P.website, limit: 10 });
  call("section_tasks", "list", { section_gid: S.todo, limit: 10 });
  call("tag_tasks", "list", { tag_gid: G.urgent });
  call("task_subtasks", "list", { task_gid: K.homepage });
  call("task_dependencies", "list", { task_gid: K.homepage });
  call("task_dependents", "list", { task_gid: K.homepage });
  call("workspace_tasks_by_custom_id", "get", { workspace_gid: W.acme, custom_id: `${SEED.customIdPrefix}-1` });
  call("workspace_task_search", "list", { workspace_gid: W.acme, text: "homepage", limit: 10 });
  call("tags", "list", { workspace: W.acme });
  call("tags", "get", { tag_gid: G.urgent });
  call("task_tags", "list", { task_gid: K.homepage });
  call("workspace_tags", "list", { workspace_gid: W.acme });
  call("stories", "get", { story_gid: story.alice });
  call("task_stories", "list", { task_gid: K.homepage });
  call("goal_stories", "list", { goal_gid: SEED.goals.relaunch });
  call("attachments", "list", { parent: K.homepage });
  call("attachments", "get", { attachment_gid: SEED.attachments.spec });
  call("attachments", "download", { attachment_gid: SEED.attachments.spec },
    { skip: "the connector's two-hop read (record, then download_url), not an Asana operation; covered by the download scenarios" });
  call("custom_fields", "get", { custom_field_gid: CF.priority });
  call("workspace_custom_fields", "list", { workspace_gid: W.acme });
  call("project_custom_field_settings", "list", { project_gid: P.website });
  call("portfolio_custom_field_settings", "list", { portfolio_gid: SEED.portfolios.archive });
  call("goal_custom_field_settings", "list", { goal_gid: SEED.goals.retire });
  call("team_custom_field_settings", "list", { team_gid: T.engineering });
  call("custom_types", "list", { project: P.website });
  call("custom_types", "get", { custom_type_gid: SEED.customTypes.bug });
  call("goals", "list", { workspace: W.acme });
  call("goals", "get", { goal_gid: SEED.goals.relaunch });
  call("goal_parent_goals", "list", { goal_gid: SEED.goals.retire });
  call("goal_relationships", "list", { supported_goal: SEED.goals.relaunch });
  call("goal_relationships", "get", { goal_relationship_gid: SEED.goalRelationships.website });
  call("time_periods", "list", { workspace: W.acme });
  call("time_periods", "get", { time_period_gid: SEED.timePeriods.q2 });
  call("portfolios", "list", { workspace: W.acme });
  call("portfolios", "get", { portfolio_gid: SEED.portfolios.initiatives });
  call("portfolio_items", "list", { portfolio_gid: SEED.portfolios.initiatives });
  call("portfolio_memberships", "list", { portfolio: SEED.portfolios.initiatives });
  call("portfolio_memberships", "get", { portfolio_membership_gid: SEED.portfolioMemberships.initiativesBob });
  call("portfolio_portfolio_memberships", "list", { portfolio_gid: SEED.portfolios.initiatives });
  call("project_portfolio_settings", "get", { project_portfolio_setting_gid: SEED.projectPortfolioSettings.initiativesWebsite });
  call("project_portfolio_settings", "list", { project_gid: P.website });
  call("portfolio_project_portfolio_settings", "list", { portfolio_gid: SEED.portfolios.initiatives });
  call("status_updates", "list", { parent: P.website });
  call("status_updates", "get", { status_update_gid: SEED.statusUpdates.website });
  call("project_statuses", "list", { project_gid: P.website });
  call("project_statuses", "get", { project_status_gid: SEED.projectStatuses.website });
  call("project_briefs", "get", { project_brief_gid: SEED.projectBriefs.website });
  call("project_templates", "list", { workspace: W.acme });
  call("project_templates", "get", { project_template_gid: SEED.projectTemplates.launch });
  call("team_project_templates", "list", { team_gid: T.engineering });
  call("task_templates", "list", { project: P.website });
  call("task_templates", "get", { task_template_gid: SEED.taskTemplates.bug });
  call("jobs", "get", { job_gid: SEED.jobs.template });
  call("memberships", "list", { parent: SEED.goals.relaunch });
  call("memberships", "get", { membership_gid: SEED.memberships.relaunchBob });
  call("access_requests", "list", { target: P.website });
  call("workspace_agents", "list", { workspace_gid: W.acme });
  call("agents", "get", { agent_gid: SEED.agents.assistant });
  call("allocations", "list", { parent: P.website });
  call("allocations", "get", { allocation_gid: SEED.allocations.bobWebsite });
  call("budgets", "list", { parent: P.website });
  call("budgets", "get", { budget_gid: SEED.budgets.website });
  call("rates", "list", { parent: P.website });
  call("rates", "get", { rate_gid: SEED.rates.bobWebsite });
  call("roles", "list", { workspace: W.acme });
  call("roles", "get", { role_gid: SEED.roles.contractor });
  call("ooo_entries", "list", { user: U.bob, workspace: W.acme });
  call("ooo_entries", "get", { ooo_entry_gid: SEED.oooEntries.bob });
  call("organization_exports", "get", { organization_export_gid: SEED.organizationExports.acme });
  call("reactions", "list", { target: story.alice, emoji_base: SEED.reactionEmoji });
  call("time_tracking_categories", "list", { workspace: W.acme });
  call("time_tracking_categories", "get", { time_tracking_category_gid: SEED.timeTrackingCategories.development });
  call("time_tracking_category_time_tracking_entries", "list", { time_tracking_category_gid: SEED.timeTrackingCategories.development });
  call("task_time_tracking_entries", "list", { task_gid: K.homepage });
  call("time_tracking_entries", "list", { task: K.homepage });
  call("time_tracking_entries", "get", { time_tracking_entry_gid: SEED.timeTrackingEntries.homepage });
  call("timesheet_approval_statuses", "list", { workspace: W.acme });
  call("timesheet_approval_statuses", "get", { timesheet_approval_status_gid: SEED.timesheetApprovalStatuses.aliceWeek2 });
  call("workspace_audit_log_events", "list", { workspace_gid: W.acme });
  call("webhooks", "list", { workspace: W.personal });
  call("webhooks", "get", { webhook_gid: SEED.webhooks.home });
  call("events", "list", { resource: P.website, sync: SEED.sync.website });
  call("workspace_events", "list", { workspace_gid: W.acme, sync: SEED.sync.acme });
  call("workspace_typeahead", "list", { workspace_gid: W.acme, resource_type: "task", query: "home", count: 5 });
  call("batch", "create", { data: { actions: [
    { method: "get", relative_path: "/users/me" },
    { method: "get", relative_path: `/tasks/${K.homepage}`, options: { fields: ["name", "assignee.name"] } },
  ] } });

  // ---- creates ----------------------------------------------------------------------------------
  call("tasks", "create", { data: { name: "Write launch FAQ", workspace: W.acme, projects: [P.website], due_on: "2024-07-01" } });
  call("task_subtasks", "create", { task_gid: K.homepage, data: { name: "Mobile hero" } });
  call("task_stories", "create", { task_gid: K.homepage, data: { text: "Looks good!" } });
  call("goal_stories", "create", { goal_gid: SEED.goals.relaunch, data: { text: "Halfway there." } });
  call("projects", "create", { data: { name: "Q3 Campaign", workspace: W.acme, team: T.marketing } });
  call("team_projects", "create", { team_gid: T.marketing, data: { name: "Q4 Campaign" } });
  call("workspace_projects", "create", { workspace_gid: W.personal, data: { name: "Garden" } });
  call("project_sections", "create", { project_gid: P.mobile, data: { name: "Sprint 2" } });
  call("tags", "create", { data: { name: "frontend", workspace: W.acme } });
  call("workspace_tags", "create", { workspace_gid: W.acme, data: { name: "design", color: "dark-green" } });
  call("attachments", "create", { parent: K.homepage, name: "notes.txt", resource_subtype: "asana", file: "Hello from the sandbox.\n" });
  call("custom_fields", "create", { data: { name: "Risk", resource_subtype: "enum", workspace: W.acme, enum_options: [{ name: "Low" }, { name: "High", color: "red" }] } });
  call("custom_field_enum_options", "create", { custom_field_gid: CF.priority, data: { name: "Urgent", color: "purple" } });
  call("goals", "create", { data: { name: "Grow the newsletter", workspace: W.acme, due_on: "2024-12-31" } });
  call("portfolios", "create", { data: { name: "Marketing", workspace: W.acme, color: "dark-green" } });
  call("status_updates", "create", { data: { parent: P.website, title: "Week 3", text: "Build is under way.", status_type: "at_risk" } });
  call("project_statuses", "create", { project_gid: P.mobile, data: { title: "Started", text: "Kickoff done.", color: "yellow" } });
  call("project_briefs", "create", { project_gid: P.launch, data: { title: "Launch brief", text: "What we launch and why." } });
  call("teams", "create", { data: { name: "Design", organization: W.acme, description: "Makes it look right." } });
  call("webhooks", "create", { data: { resource: P.website, target: SEED.hookTarget, filters: [{ resource_type: "task", action: "changed" }] } });
  call("access_requests", "create", { data: { target: P.launch, message: "May I join?" } });
  call("allocations", "create", { data: { start_date: "2024-03-01", end_date: "2024-03-31", assignee: U.bob, parent: P.website, effort: { type: "hours", value: 10 } } });
  call("budgets", "create", { data: { budget_type: "cost", parent: P.launch, estimate: { value: 10000, units: "USD" } } });
  call("rates", "create", { data: { parent: P.website, resource: U.carol, rate: 100 } });
  call("roles", "create", { data: { name: "Reviewer", description: "Reviews work.", base_role_type: "guest", workspace: W.acme } });
  call("ooo_entries", "create", { data: { start_date: "2024-05-01", end_date: "2024-05-03", user: U.carol, workspace: W.acme } });
  call("organization_exports", "create", { data: { organization: W.acme } });
  call("memberships", "create", { data: { member: U.dave, parent: SEED.goals.relaunch, access_level: "commenter" } });
  call("time_tracking_categories", "create", { data: { name: "Support", workspace: W.acme, color: "green" } });
  call("task_time_tracking_entries", "create", { task_gid: K.homepage, data: { duration_minutes: 45, entered_on: "2024-01-11", description: "Review" } });
  call("timesheet_approval_statuses", "create", { data: { user: U.bob, workspace: W.acme, start_date: "2024-01-08", end_date: "2024-01-14" } });
  call("graph_exports", "create", { data: { parent: P.website } });
  call("resource_exports", "create", { data: { workspace: W.acme, export_request_parameters: [{ resource_type: "task" }] } });
  call("tasks", "duplicate", { task_gid: K.homepage, data: { name: "Homepage v2", include: "notes,assignee,subtasks" } });
  call("projects", "duplicate", { project_gid: P.mobile, data: { name: "Mobile App (copy)", include: "members,notes" } });
  call("projects", "save_as_template", { project_gid: P.mobile, data: { name: "Mobile template", team: T.engineering, public: true } });
  call("project_templates", "instantiate_project", { project_template_gid: SEED.projectTemplates.launch, data: { name: "Blog launch", team: T.engineering } });
  call("task_templates", "instantiate_task", { task_template_gid: SEED.taskTemplates.bug, data: { name: "Bug: broken link" } });
  call("portfolios", "duplicate", { portfolio_gid: SEED.portfolios.initiatives, data: { name: "Q3 Initiatives" } });

  // ---- updates and other writes -----------------------------------------------------------------
  call("workspaces", "update", { workspace_gid: W.personal, data: { name: "Alice's Personal" } });
  call("users", "update", { user_gid: "me", data: { name: "Alice Anders" } });
  call("workspace_users", "update", { workspace_gid: W.acme, user_gid: "me", data: { name: "Alice Anders" } });
  call("workspace_memberships", "create", { workspace_gid: W.personal, data: { user: SEED.emails.carol } });
  call("teams", "update", { team_gid: T.marketing, data: { description: "Tells the world, loudly." } });
  call("team_users", "create", { team_gid: T.engineering, data: { user: U.carol } });
  call("tasks", "update", { task_gid: K.seo, data: { notes: "Titles and descriptions for every page." } });
  call("tasks", "set_parent", { task_gid: K.quarterlyReview, data: { parent: K.homepage } });
  call("task_projects", "create", { task_gid: K.quarterlyReview, data: { project: P.launch } });
  call("section_tasks", "create", { section_gid: S.inProgress, data: { task: K.seo } });
  call("task_tags", "create", { task_gid: K.seo, data: { tag: G.urgent } });
  call("task_followers", "create", { task_gid: K.seo, data: { followers: [U.carol] } });
  call("task_dependencies", "create", { task_gid: K.seo, data: { dependencies: [K.navigation] } });
  call("task_dependents", "create", { task_gid: K.seo, data: { dependents: [K.login] } });
  call("projects", "update", { project_gid: P.mobile, data: { notes: "iOS and Android." } });
  call("project_members", "create", { project_gid: P.mobile, data: { members: U.bob } });
  call("project_followers", "create", { project_gid: P.mobile, data: { followers: U.carol } });
  call("project_sections", "insert", { project_gid: P.website, data: { section: S.done, before_section: S.todo } });
  call("sections", "update", { section_gid: SEED.emptySection, data: { name: "Attic" } });
  call("tags", "update", { tag_gid: G.backend, data: { notes: "APIs and infrastructure." } });
  call("stories", "update", { story_gid: story.alice, data: { text: "No, the brand team wants a new one.", is_pinned: false } });
  call("custom_fields", "update", { custom_field_gid: CF.priority, data: { workspace: W.acme, description: "How urgent the work is, now." } });
  call("custom_field_enum_options", "insert", { custom_field_gid: CF.priority, data: { enum_option: EO.low, before_enum_option: EO.high } });
  call("enum_options", "update", { enum_option_gid: EO.medium, data: { name: "Normal" } });
  call("project_custom_field_settings", "create", { project_gid: P.mobile, data: { custom_field: CF.priority } });
  call("portfolio_custom_field_settings", "create", { portfolio_gid: SEED.portfolios.initiatives, data: { custom_field: CF.estimate } });
  call("goal_custom_field_settings", "create", { goal_gid: SEED.goals.relaunch, data: { custom_field: CF.priority } });
  call("goals", "update", { goal_gid: SEED.goals.relaunch, data: { notes: "Live by the end of Q2, with the blog." } });
  call("goals", "set_metric", { goal_gid: SEED.goals.retire, data: { unit: "none", initial_number_value: 0, target_number_value: 10, current_number_value: 2 } });
  call("goals", "set_metric_current_value", { goal_gid: SEED.goals.relaunch, data: { current_number_value: 55 } });
  call("goal_followers", "create", { goal_gid: SEED.goals.relaunch, data: { followers: [U.carol] } });
  call("goal_supporting_relationships", "create", { goal_gid: SEED.goals.relaunch, data: { supporting_resource: P.mobile, contribution_weight: 0.2 } });
  call("goal_relationships", "update", { goal_relationship_gid: SEED.goalRelationships.website, data: { contribution_weight: 0.8 } });
  call("portfolios", "update", { portfolio_gid: SEED.portfolios.initiatives, data: { color: "dark-green" } });
  call("portfolio_items", "create", { portfolio_gid: SEED.portfolios.initiatives, data: { item: P.mobile } });
  call("portfolio_members", "create", { portfolio_gid: SEED.portfolios.initiatives, data: { members: U.carol } });
  call("project_portfolio_settings", "update", { project_portfolio_setting_gid: SEED.projectPortfolioSettings.initiativesWebsite, data: { is_access_control_inherited: true } });
  call("project_briefs", "update", { project_brief_gid: SEED.projectBriefs.website, data: { title: "Why we redesign the site" } });
  call("webhooks", "update", { webhook_gid: SEED.webhooks.home, data: { filters: [{ resource_type: "task" }] } });
  call("access_requests", "approve", { access_request_gid: SEED.accessRequests.dave });
  call("access_requests", "reject", { access_request_gid: SEED.accessRequests.carol });
  call("allocations", "update", { allocation_gid: SEED.allocations.bobWebsite, data: { effort: { type: "hours", value: 30 } } });
  call("budgets", "update", { budget_gid: SEED.budgets.website, data: { estimate: { value: 60000, units: "USD" } } });
  call("rates", "update", { rate_gid: SEED.rates.bobWebsite, data: { rate: 130 } });
  call("roles", "update", { role_gid: SEED.roles.contractor, data: { description: "External contributors." } });
  call("ooo_entries", "update", { ooo_entry_gid: SEED.oooEntries.bob, data: { end_date: "2024-03-09" } });
  call("memberships", "update", { membership_gid: SEED.memberships.relaunchBob, data: { access_level: "commenter" } });
  call("time_tracking_categories", "update", { time_tracking_category_gid: SEED.timeTrackingCategories.development, data: { name: "Engineering" } });
  call("time_tracking_entries", "update", { time_tracking_entry_gid: SEED.timeTrackingEntries.homepage, data: { duration_minutes: 120 } });
  call("timesheet_approval_statuses", "update", { timesheet_approval_status_gid: SEED.timesheetApprovalStatuses.aliceWeek2, data: { approval_status: "submitted" } });
  call("rule_triggers", "run", { rule_trigger_gid: SEED.ruleTriggers.triage, data: { resource: K.homepage, action_data: { note: "from the examples" } } });

  // ---- removals ---------------------------------------------------------------------------------
  call("task_projects", "delete", { task_gid: K.quarterlyReview, data: { project: P.launch } });
  call("task_tags", "delete", { task_gid: K.homepage, data: { tag: G.urgent } });
  call("task_followers", "delete", { task_gid: K.homepage, data: { followers: [U.bob] } });
  call("task_dependencies", "delete", { task_gid: K.homepage, data: { dependencies: [K.wireframes] } });
  call("task_dependents", "delete", { task_gid: K.homepage, data: { dependents: [K.qa] } });
  call("project_members", "delete", { project_gid: P.website, data: { members: U.carol } });
  call("project_followers", "delete", { project_gid: P.mobile, data: { followers: U.carol } });
  call("project_custom_field_settings", "delete", { project_gid: P.website, data: { custom_field: CF.estimate } });
  call("portfolio_custom_field_settings", "delete", { portfolio_gid: SEED.portfolios.archive, data: { custom_field: CF.priority } });
  call("goal_custom_field_settings", "delete", { goal_gid: SEED.goals.retire, data: { custom_field: CF.estimate } });
  call("goal_followers", "delete", { goal_gid: SEED.goals.relaunch, data: { followers: [U.bob] } });
  call("goal_supporting_relationships", "delete", { goal_gid: SEED.goals.relaunch, data: { supporting_resource: P.website } });
  call("portfolio_items", "delete", { portfolio_gid: SEED.portfolios.initiatives, data: { item: P.mobile } });
  call("portfolio_members", "delete", { portfolio_gid: SEED.portfolios.initiatives, data: { members: U.bob } });
  call("team_users", "delete", { team_gid: T.engineering, data: { user: U.dave } });
  call("workspace_memberships", "delete", { workspace_gid: W.personal, data: { user: SEED.emails.carol } });

  // ---- deletes (of seeded objects nothing later needs) ------------------------------------------
  call("stories", "delete", { story_gid: story.bob });
  call("attachments", "delete", { attachment_gid: SEED.attachments.external });
  call("tasks", "delete", { task_gid: K.plumber });
  call("sections", "delete", { section_gid: SEED.emptySection });
  call("projects", "delete", { project_gid: P.legacy });
  call("tags", "delete", { tag_gid: G.errand });
  call("custom_fields", "delete", { custom_field_gid: CF.legacyId });
  call("status_updates", "delete", { status_update_gid: SEED.statusUpdates.relaunch });
  call("goals", "delete", { goal_gid: SEED.goals.retire });
  call("portfolios", "delete", { portfolio_gid: SEED.portfolios.archive });
  call("project_statuses", "delete", { project_status_gid: SEED.projectStatuses.old });
  call("project_briefs", "delete", { project_brief_gid: SEED.projectBriefs.mobile });
  call("project_templates", "delete", { project_template_gid: SEED.projectTemplates.old });
  call("task_templates", "delete", { task_template_gid: SEED.taskTemplates.old });
  call("memberships", "delete", { membership_gid: SEED.memberships.relaunchCarol });
  call("allocations", "delete", { allocation_gid: SEED.allocations.old });
  call("budgets", "delete", { budget_gid: SEED.budgets.mobile });
  call("rates", "delete", { rate_gid: SEED.rates.old });
  call("roles", "delete", { role_gid: SEED.roles.old });
  call("ooo_entries", "delete", { ooo_entry_gid: SEED.oooEntries.old });
  call("time_tracking_entries", "delete", { time_tracking_entry_gid: SEED.timeTrackingEntries.old });
  call("time_tracking_categories", "delete", { time_tracking_category_gid: SEED.timeTrackingCategories.meetings });
  call("webhooks", "delete", { webhook_gid: SEED.webhooks.home });
  return calls;
}
