// Deterministic seed data. Every run (and every reset) builds the same graph with the same gids,
// so tests can name objects through SEED. Objects created at runtime get gids from FIRST_NEW_GID up.

import { DERIVED } from "./derived.js";
import { Ref } from "./ref.js";
import { Store } from "./store.js";

const gid = (n) => String(1200000000000000n + BigInt(n));
const FIRST_NEW_GID = gid(100000);

export const SEED = {
  tokens: { alice: "sandbox-pat-alice", bob: "sandbox-pat-bob" },
  workspaces: { acme: gid(101), personal: gid(102) },
  users: { alice: gid(201), bob: gid(202), carol: gid(203), dave: gid(204) },
  emails: { alice: "alice@acme.example", bob: "bob@acme.example", carol: "carol@acme.example", dave: "dave@acme.example" },
  teams: { engineering: gid(301), marketing: gid(302) },
  projects: { website: gid(401), mobile: gid(402), launch: gid(403), legacy: gid(404), home: gid(405) },
  sections: {
    todo: gid(501), inProgress: gid(502), done: gid(503), // Website Redesign
    backlog: gid(504), sprint: gid(505), // Mobile App
    planning: gid(506), execution: gid(507), // Launch Plan
    legacy: gid(508), home: gid(509), // Old Website (archived), Home Renovation
  },
  tags: { urgent: gid(601), backend: gid(602), errand: gid(603) },
  attachments: { spec: gid(701), external: gid(702) },
  /** The two comments on "Design homepage": Bob's question and Alice's (pinned) answer. */
  stories: { question: gid(801), answer: gid(802) },
  tasks: {
    homepage: gid(1001), contactForm: gid(1003), accessibilityAudit: gid(1006), seo: gid(1009), qa: gid(1015),
    navigation: gid(1016), login: gid(1020), wireframes: gid(1026),
    heroSection: gid(1101), featureGrid: gid(1102), footer: gid(1103),
    pushNotifications: gid(1201), betaRelease: gid(1203),
    pressRelease: gid(1301), socialCalendar: gid(1303), launchBudget: gid(1304),
    quarterlyReview: gid(1401), paintKitchen: gid(1501), groceries: gid(1502), plumber: gid(1503),
  },
  // ---- beyond the first release (README "Seed": premium features live in Acme) ----
  customFields: { priority: gid(2001), estimate: gid(2002), legacyId: gid(2003) },
  enumOptions: { high: gid(2011), medium: gid(2012), low: gid(2013) },
  /** Priority and Estimate on Website Redesign; Priority on the Archive portfolio; Estimate on the "Retire" goal. */
  customFieldSettings: { websitePriority: gid(2021), websiteEstimate: gid(2022), archivePriority: gid(2023), retireEstimate: gid(2024) },
  goals: { relaunch: gid(2101), retire: gid(2102) },
  /** Website Redesign supports the relaunch goal; the retire goal is its subgoal. */
  goalRelationships: { website: gid(2111), retire: gid(2112) },
  timePeriods: { q2: gid(2121), fy24: gid(2122) },
  portfolios: { initiatives: gid(2201), archive: gid(2202) },
  statusUpdates: { website: gid(2301), relaunch: gid(2302) },
  projectStatuses: { website: gid(2311), old: gid(2312) },
  agents: { assistant: gid(2401) },
  customTypes: { bug: gid(2411) },
  projectTemplates: { launch: gid(2421), old: gid(2422) },
  taskTemplates: { bug: gid(2431), old: gid(2432) },
  ruleTriggers: { triage: gid(2441) },
  auditLogEvents: { login: gid(2451), export: gid(2452) },
  reactions: { thumbsUp: gid(2461) },
  /** The emoji of the seeded reaction (on the story 802). */
  reactionEmoji: "👍",
  timeTrackingCategories: { development: gid(2471), meetings: gid(2472) },
  timeTrackingEntries: { homepage: gid(2481), old: gid(2482) },
  timesheetApprovalStatuses: { aliceWeek2: gid(2491) },
  allocations: { bobWebsite: gid(2501), old: gid(2502) },
  budgets: { website: gid(2511), mobile: gid(2512) },
  rates: { bobWebsite: gid(2521), old: gid(2522) },
  roles: { contractor: gid(2531), old: gid(2532) },
  oooEntries: { bob: gid(2541), old: gid(2542) },
  organizationExports: { acme: gid(2551) },
  accessRequests: { dave: gid(2561), carol: gid(2562) },
  projectBriefs: { website: gid(2571), mobile: gid(2572) },
  memberships: { relaunchBob: gid(2581), relaunchCarol: gid(2582) },
  jobs: { template: gid(2591) },
  /** Watches Home Renovation; its target is the in-process echo target, its secret is known. */
  webhooks: { home: gid(2601) },
  webhookSecret: "5eedf00d5eedf00d5eedf00d5eedf00d",
  /** A webhook target the sandbox answers itself (echoes the handshake secret, answers 200); /fail and /no-echo misbehave. */
  hookTarget: "https://hooks.sandbox.test/echo",
  /** Sync tokens valid from the start of the event log (until expired): GET /events?resource=…&sync=… answers 200 at once. */
  sync: { website: "5a4db0c5e7f1a2b3c4d5e6f708192a3b", acme: "5a4db0c5e7f1a2b3c4d5e6f708192a3c" },
  teamMemberships: { engineeringAlice: gid(2701), engineeringBob: gid(2702), engineeringDave: gid(2703), marketingAlice: gid(2704), marketingCarol: gid(2705) },
  workspaceMemberships: { acmeAlice: gid(2711), acmeBob: gid(2712), acmeCarol: gid(2713), acmeDave: gid(2714), personalAlice: gid(2715) },
  userTaskLists: { aliceAcme: gid(2721), bobAcme: gid(2722), carolAcme: gid(2723), daveAcme: gid(2724), alicePersonal: gid(2725) },
  projectMemberships: { websiteAlice: gid(2731), websiteBob: gid(2732), websiteCarol: gid(2733), mobileAlice: gid(2734), launchAlice: gid(2735),
    legacyAlice: gid(2736), homeAlice: gid(2737) },
  portfolioMemberships: { initiativesAlice: gid(2741), initiativesBob: gid(2742), archiveAlice: gid(2743) },
  projectPortfolioSettings: { initiativesWebsite: gid(2751) },
  /** An empty section of Old Website (a section must be empty to be deleted). */
  emptySection: gid(510),
  /** Website tasks carry custom ids WEB-1 … WEB-35 (GET /workspaces/{gid}/tasks/custom_id/WEB-1 is "Design homepage"). */
  customIdPrefix: "WEB",
  /** Website Redesign has this many top-level tasks (enough to page with limit=10). */
  websiteTaskCount: 35,
  /** Size of the downloadable attachment SEED.attachments.spec. */
  specSize: 100 * 1024,
  /** The OAuth app registered with the sandbox's /-/oauth_token, and a refresh token of Alice's. */
  oauth: { clientId: "sandbox-oauth-client-id", clientSecret: "sandbox-oauth-client-secret", refreshToken: "sandbox-refresh-alice" },
  /** The Airbyte Agent API emulation under /airbyte (airbyte/index.js; README "Airbyte Agent API"). */
  airbyte: {
    clientId: "sandbox-airbyte-client-id",
    clientSecret: "sandbox-airbyte-client-secret",
    organizationId: "5e1d0c2b-7a4f-4c3e-9b8a-0d1e2f3a4b5c",
    definitionId: "d0243522-dccf-4978-8ba0-37ed47a0bdbf", // Asana's connector definition
    workspace: "acme-workspace", // one Asana connector (Alice's PAT) and one non-Asana connector
    connectorId: "a5a5a5a5-0000-4000-8000-000000000001",
    ambiguousWorkspace: "twin-workspace", // two Asana connectors: Bob's PAT and Alice's OAuth refresh token
    ambiguousConnectorIds: ["a5a5a5a5-0000-4000-8000-000000000002", "a5a5a5a5-0000-4000-8000-000000000003"],
    emptyWorkspace: "empty-workspace", // no connector at all
    otherConnectorId: "a5a5a5a5-0000-4000-8000-000000000004", // a Slack connector in acme-workspace
  },
};

const { users: U, workspaces: W, teams: T, projects: P, sections: S, tags: G, tasks: K } = SEED;

const at = (hours) => new Date(Date.UTC(2024, 0, 8, 9) + hours * 3_600_000).toISOString();

// Website Redesign: [name, section, extra fields]; gids run 1001..1035 in this order.
const WEBSITE_TASKS = [
  ["Design homepage", S.todo, { assignee: U.alice, due_on: "2024-03-15", tags: [G.urgent], followers: [U.alice, U.bob],
    notes: "Hero, feature grid and footer. See the attached spec." }],
  ["Write About page copy", S.todo, { assignee: U.carol, due_on: "2024-03-20" }],
  ["Build contact form", S.todo, { assignee: U.bob, tags: [G.backend], due_on: "2024-03-22" }],
  ["Set up analytics", S.todo, { assignee: U.dave }],
  ["Optimize images", S.todo, {}],
  ["Accessibility audit", S.todo, { assignee: U.carol, tags: [G.urgent] }],
  ["Add blog section", S.todo, { assignee: U.bob }],
  ["Configure CDN", S.todo, { assignee: U.dave, tags: [G.backend] }],
  ["SEO metadata", S.todo, { assignee: U.alice, due_on: "2024-04-01" }],
  ["Cookie consent banner", S.todo, {}],
  ["Footer links", S.todo, { assignee: U.carol }],
  ["Custom 404 page", S.todo, {}],
  ["Newsletter signup", S.todo, { assignee: U.bob, tags: [G.backend] }],
  ["French localization", S.todo, { assignee: U.carol, due_on: "2024-05-10" }],
  ["QA pass on staging", S.todo, { assignee: U.alice, due_on: "2024-04-15" }],
  ["Navigation menu", S.inProgress, { assignee: U.bob, due_on: "2024-02-28" }],
  ["Product pages", S.inProgress, { assignee: U.carol }],
  ["Pricing table", S.inProgress, { assignee: U.alice, due_at: "2024-03-01T17:00:00.000Z" }],
  ["Search bar", S.inProgress, { assignee: U.bob, tags: [G.backend] }],
  ["Login flow", S.inProgress, { assignee: U.bob, tags: [G.backend, G.urgent], start_on: "2024-02-01", due_on: "2024-02-20" }],
  ["Performance budget", S.inProgress, { assignee: U.dave }],
  ["Mobile breakpoints", S.inProgress, { assignee: U.carol }],
  ["Dark mode styles", S.inProgress, {}],
  ["Image carousel", S.inProgress, { assignee: U.alice }],
  ["Customer testimonials", S.inProgress, { assignee: U.carol }],
  ["Create wireframes", S.done, { assignee: U.alice, done: true }],
  ["Choose typography", S.done, { assignee: U.carol, done: true }],
  ["Color palette", S.done, { assignee: U.carol, done: true }],
  ["Content inventory", S.done, { assignee: U.dave, done: true }],
  ["Stakeholder interviews", S.done, { assignee: U.alice, done: true }],
  ["Competitor review", S.done, { assignee: U.bob, done: true }],
  ["Sitemap", S.done, { assignee: U.alice, done: true }],
  ["Hosting decision", S.done, { assignee: U.dave, tags: [G.backend], done: true }],
  ["Domain renewal", S.done, { done: true }],
  ["Kickoff meeting", S.done, { assignee: U.alice, done: true }],
];

/** Builds a fresh store holding the seed graph. */
export function seedStore() {
  const store = new Store(FIRST_NEW_GID);
  store.tokens.set(SEED.tokens.alice, U.alice);
  store.tokens.set(SEED.tokens.bob, U.bob);

  store.add("workspace", { gid: W.acme, name: "Acme Corp", is_organization: true, premium: true,
    email_domains: ["acme.example"], users: [U.alice, U.bob, U.carol, U.dave] });
  store.add("workspace", { gid: W.personal, name: "Alice's Personal", is_organization: false, premium: false,
    email_domains: [], users: [U.alice] });

  const photo = (key) => Object.fromEntries([21, 27, 36, 60, 128].map((px) =>
    [`image_${px}x${px}`, `https://s3.amazonaws.com/profile_photos/${U[key]}.${px}.png`]));
  for (const [key, name] of [["alice", "Alice Anders"], ["bob", "Bob Baker"], ["carol", "Carol Chen"], ["dave", "Dave Diaz"]]) {
    store.add("user", { gid: U[key], name, email: SEED.emails[key], photo: key === "alice" ? photo(key) : null });
  }

  store.add("team", { gid: T.engineering, name: "Engineering", workspace: W.acme, members: [U.alice, U.bob, U.dave],
    description: "Builds the product.", visibility: "public" });
  store.add("team", { gid: T.marketing, name: "Marketing", workspace: W.acme, members: [U.alice, U.carol],
    description: "Tells the world.", visibility: "public" });

  store.add("tag", { gid: G.urgent, name: "urgent", color: "dark-red", notes: "Needs attention this week.", workspace: W.acme, followers: [], created_at: at(0) });
  store.add("tag", { gid: G.backend, name: "backend", color: "light-blue", notes: "", workspace: W.acme, followers: [], created_at: at(0) });
  store.add("tag", { gid: G.errand, name: "errand", color: "light-green", notes: "", workspace: W.personal, followers: [], created_at: at(0) });

  const project = (fields, sections) => store.createProject({ workspace: W.acme, owner: U.alice, members: [U.alice],
    followers: [U.alice], created_at: at(1), ...fields }, sections);
  project({ gid: P.website, name: "Website Redesign", team: T.engineering, color: "dark-blue", default_view: "board",
    notes: "Relaunch of acme.example.", due_on: "2024-06-30", start_on: "2024-01-08", members: [U.alice, U.bob, U.carol] },
  [{ gid: S.todo, name: "To do" }, { gid: S.inProgress, name: "In progress" }, { gid: S.done, name: "Done" }]);
  project({ gid: P.mobile, name: "Mobile App", team: T.engineering, color: "light-green" },
    [{ gid: S.backlog, name: "Backlog" }, { gid: S.sprint, name: "Sprint 1" }]);
  project({ gid: P.launch, name: "Launch Plan", team: T.marketing, color: "dark-orange", owner: U.carol },
    [{ gid: S.planning, name: "Planning" }, { gid: S.execution, name: "Execution" }]);
  project({ gid: P.legacy, name: "Old Website", team: T.marketing, archived: true },
    [{ gid: S.legacy, name: "Untitled section" }, { gid: SEED.emptySection, name: "Archive" }]);
  project({ gid: P.home, name: "Home Renovation", workspace: W.personal, privacy_setting: "private" },
    [{ gid: S.home, name: "Untitled section" }]);

  const task = (n, name, fields = {}, section = null) => {
    const { done, ...rest } = fields;
    const created_at = at(2 + n / 10);
    const record = store.createTask({ gid: gid(n), name, workspace: W.acme, created_by: U.alice, created_at,
      modified_at: created_at, followers: [U.alice], ...rest });
    if (record.assignee) record.assigned_by = U.alice;
    if (done) {
      const completed_at = at(26 + n / 10);
      Object.assign(record, { completed: true, completed_at, completed_by: record.assignee ?? U.alice, modified_at: completed_at });
    }
    if (section) store.placeTask(record, store.get("section", section), { atEnd: true });
    return record;
  };

  WEBSITE_TASKS.forEach(([name, section, fields], i) => task(1001 + i, name, { ...fields, custom_id: `WEB-${i + 1}` }, section));
  store.get("task", K.homepage).dependencies.push(K.wireframes);
  store.get("task", K.qa).dependencies.push(K.homepage);

  task(1101, "Hero section", { parent: K.homepage, assignee: U.alice });
  task(1102, "Feature grid", { parent: K.homepage, assignee: U.bob });
  task(1103, "Footer", { parent: K.homepage, done: true });

  task(1201, "Push notifications", { assignee: U.bob, tags: [G.backend] }, S.backlog);
  task(1202, "Offline mode", { assignee: U.dave }, S.backlog);
  task(1203, "Beta release", { resource_subtype: "milestone", due_on: "2024-05-01" }, S.sprint);
  task(1204, "Crash reporting", { assignee: U.dave, tags: [G.backend] }, S.sprint);
  task(1205, "Onboarding screens", { assignee: U.carol }, S.sprint);

  task(1301, "Press release", { assignee: U.carol, due_on: "2024-06-01" }, S.planning);
  task(1302, "Launch webinar", { assignee: U.carol }, S.planning);
  task(1303, "Social media calendar", { assignee: U.alice }, S.execution);
  task(1304, "Approve launch budget", { resource_subtype: "approval", assignee: U.alice }, S.execution);
  task(1305, "Archive old assets", { done: true }, S.legacy);

  task(1401, "Prepare quarterly review", { assignee: U.alice, due_on: "2024-03-29", notes: "Not in any project." });

  const personal = { workspace: W.personal };
  task(1501, "Paint the kitchen", { ...personal, assignee: U.alice, due_on: "2024-04-20" }, S.home);
  task(1502, "Buy groceries", { ...personal, tags: [G.errand] }, S.home);
  task(1503, "Call the plumber", { ...personal, assignee: U.alice, done: true }, S.home);

  store.add("attachment", { gid: SEED.attachments.spec, name: "homepage-spec.pdf", resource_subtype: "asana", host: "asana",
    parent: K.homepage, size: SEED.specSize, content_type: "application/pdf", created_at: at(3) });
  store.add("attachment", { gid: SEED.attachments.external, name: "Brand guidelines", resource_subtype: "box", host: "box",
    parent: K.homepage, size: null, view_url: "https://app.box.com/s/sandbox-brand-guidelines", created_at: at(4) });

  store.add("story", { gid: SEED.stories.question, target: K.homepage, created_by: U.bob, created_at: at(5), is_pinned: false,
    text: "Can we reuse the hero illustration from the old site?", html_text: null });
  store.add("story", { gid: SEED.stories.answer, target: K.homepage, created_by: U.alice, created_at: at(6), is_pinned: true,
    text: "No, the brand team wants a new one. Spec attached.", html_text: null });
  seedBeyondFirstRelease(store);
  return store;
}

/** Custom fields, goals, portfolios, status updates and the records of the generic types. */
function seedBeyondFirstRelease(store) {
  const r = (type, gidValue) => new Ref(type, gidValue);
  const alice = r("user", U.alice);
  const acme = r("workspace", W.acme);
  const website = r("project", P.website);
  store.builders = DERIVED;

  // Custom fields: an enum with options, a number, and a text field (disposable).
  const field = (g, name, subtype, extra = {}) => store.add("custom_field", {
    gid: g, name, resource_subtype: subtype, representation_type: subtype, description: "", precision: null, format: null, currency_code: null,
    custom_label: null, custom_label_position: null, id_prefix: null, input_restrictions: [], is_formula_field: false, enabled: true,
    is_global_to_workspace: true, has_notifications_enabled: true, asana_created_field: null, is_value_read_only: false, created_by: alice,
    privacy_setting: "public_with_guests", default_access_level: "editor", _workspace: W.acme, _options: [], ...extra,
  });
  const C = SEED.customFields;
  const E = SEED.enumOptions;
  field(C.priority, "Priority", "enum", { description: "How urgent the work is.", _options: [E.high, E.medium, E.low] });
  [[E.high, "High", "red"], [E.medium, "Medium", "yellow-orange"], [E.low, "Low", "green"]].forEach(([g, name, color]) =>
    store.add("enum_option", { gid: g, name, enabled: true, color, _field: C.priority }));
  field(C.estimate, "Estimate", "number", { description: "Effort in days.", precision: 1, format: "custom", custom_label: " d", custom_label_position: "suffix" });
  field(C.legacyId, "Legacy ID", "text", { description: "Id in the old tracker." });

  const CS = SEED.customFieldSettings;
  const setting = (g, parentType, parentGid, fieldGid, rank) => store.add("custom_field_setting", {
    gid: g, project: parentType === "project" ? r("project", parentGid) : null, is_important: rank === 1, parent: r(parentType, parentGid),
    custom_field: r("custom_field", fieldGid), _rank: rank,
  });
  setting(CS.websitePriority, "project", P.website, C.priority, 1);
  setting(CS.websiteEstimate, "project", P.website, C.estimate, 2);
  setting(CS.archivePriority, "portfolio", SEED.portfolios.archive, C.priority, 1);
  setting(CS.retireEstimate, "goal", SEED.goals.retire, C.estimate, 1);
  store.get("task", K.homepage).custom_field_values = { [C.priority]: E.high, [C.estimate]: 8 };

  // Time periods, goals and their relationships.
  const TP = SEED.timePeriods;
  store.add("time_period", { gid: TP.fy24, start_on: "2024-01-01", end_on: "2024-12-31", period: "FY", display_name: "FY24", parent: null, workspace: acme });
  store.add("time_period", { gid: TP.q2, start_on: "2024-04-01", end_on: "2024-06-30", period: "Q2", display_name: "Q2 FY24", parent: r("time_period", TP.fy24), workspace: acme });
  const goal = (g, name, fields) => store.add("goal", {
    gid: g, name, html_notes: "<body></body>", notes: "", due_on: null, start_on: null, is_workspace_level: false, team: null, workspace: acme,
    time_period: null, metric: null, owner: alice, status: null, privacy_setting: "public_to_workspace", default_access_level: "commenter",
    custom_field_values: {}, _workspace: W.acme, _likes: [], _followers: [U.alice], ...fields,
  });
  goal(SEED.goals.relaunch, "Relaunch acme.example", { notes: "The new site is live by the end of Q2.", html_notes: "<body>The new site is live by the end of Q2.</body>",
    due_on: "2024-06-30", start_on: "2024-04-01", team: r("team", T.engineering), time_period: r("time_period", TP.q2), status: "green",
    _followers: [U.alice, U.bob],
    metric: { gid: `${SEED.goals.relaunch}1`, resource_type: "task", resource_subtype: "number", precision: 0, unit: "percentage", currency_code: null,
      initial_number_value: 0, target_number_value: 100, current_number_value: 40, current_display_value: "40%", progress_source: "manual",
      is_custom_weight: false, can_manage: true } });
  goal(SEED.goals.retire, "Retire the old site", { due_on: "2024-07-31" });
  store.add("goal_relationship", { gid: SEED.goalRelationships.website, resource_subtype: "supporting_work", supporting_resource: website,
    contribution_weight: 1, supported_goal: r("goal", SEED.goals.relaunch) });
  store.add("goal_relationship", { gid: SEED.goalRelationships.retire, resource_subtype: "subgoal", supporting_resource: r("goal", SEED.goals.retire),
    contribution_weight: 0, supported_goal: r("goal", SEED.goals.relaunch) });

  // Portfolios.
  const portfolio = (g, name, fields) => store.add("portfolio", {
    gid: g, name, archived: false, color: "dark-blue", start_on: null, due_on: null, default_access_level: "editor", created_at: at(7), created_by: alice,
    owner: alice, workspace: acme, public: true, privacy_setting: "public_to_workspace", project_templates: [], custom_field_values: {},
    _workspace: W.acme, _items: [], _members: [U.alice], ...fields,
  });
  portfolio(SEED.portfolios.initiatives, "Q2 Initiatives", { due_on: "2024-06-30", start_on: "2024-04-01", _items: [P.website], _members: [U.alice, U.bob] });
  portfolio(SEED.portfolios.archive, "Archive", { color: "light-warm-gray", archived: true });

  // Status updates (and the deprecated project statuses).
  const update = (g, parent, title, text, statusType, hours) => store.add("status_update", {
    gid: g, title, resource_subtype: `${parent.type}_status_update`, text, html_text: `<body>${text}</body>`, status_type: statusType, author: alice,
    created_at: at(hours), created_by: alice, hearted: false, hearts: [], liked: false, likes: [], reaction_summary: [], modified_at: at(hours),
    num_hearts: 0, num_likes: 0, parent,
  });
  update(SEED.statusUpdates.website, website, "Week 2: on track", "Designs are done; the build starts Monday.", "on_track", 30);
  update(SEED.statusUpdates.relaunch, r("goal", SEED.goals.relaunch), "40% there", "Homepage and navigation are in review.", "on_track", 31);
  const projectStatus = (g, title, color) => store.add("project_status", { gid: g, title, text: `${title}.`, html_text: `<body>${title}.</body>`, color,
    author: alice, created_at: at(30), created_by: alice, modified_at: at(30), project: website });
  projectStatus(SEED.projectStatuses.website, "On track", "green");
  projectStatus(SEED.projectStatuses.old, "Kickoff", "blue");

  // One or two records of each generic type (the second, where there is one, is there to be deleted).
  const add = (type, g, fields) => store.add(type, { gid: g, ...fields });
  add("agent", SEED.agents.assistant, { resource_subtype: "ai_teammate", name: "Acme Assistant", description: "Triages incoming requests.",
    behavior_guidance: "Be brief.", workspace: acme, photo: null });
  add("custom_type", SEED.customTypes.bug, { name: "Bug", project: website, status_options: [
    { gid: gid(2412), resource_type: "custom_type_status_option", name: "Open", enabled: true, color: "red", completion_state: "incomplete" },
    { gid: gid(2413), resource_type: "custom_type_status_option", name: "Fixed", enabled: true, color: "green", completion_state: "complete" }] });
  const template = (g, name, fields) => add("project_template", g, { name, description: "", html_description: "<body></body>", public: true, owner: alice,
    team: r("team", T.engineering), workspace: acme, requested_dates: [], color: "dark-blue", requested_roles: [], _sections: ["To do", "Doing", "Done"], ...fields });
  template(SEED.projectTemplates.launch, "Website launch", { description: "Plan, build, launch.", html_description: "<body>Plan, build, launch.</body>",
    _sections: ["Plan", "Build", "Launch"] });
  template(SEED.projectTemplates.old, "Old template", {});
  add("task_template", SEED.taskTemplates.bug, { name: "Bug report", project: website, template: { name: "Bug: ", description: "Steps to reproduce:" },
    created_by: alice, created_at: at(8) });
  add("task_template", SEED.taskTemplates.old, { name: "Old checklist", project: website, template: { name: "Checklist", description: "" },
    created_by: alice, created_at: at(8) });
  add("rule_trigger", SEED.ruleTriggers.triage, { name: "Triage incoming bugs", project: website, _workspace: W.acme });
  add("audit_log_event", SEED.auditLogEvents.login, { created_at: at(0), event_type: "user_login_succeeded", event_category: "logins",
    actor: { actor_type: "user", gid: U.alice, name: "Alice Anders", email: SEED.emails.alice }, resource: { resource_type: "user", gid: U.alice, name: "Alice Anders" },
    details: {}, context: { context_type: "web", client_ip_address: "192.0.2.1", user_agent: "Mozilla/5.0" }, _workspace: W.acme });
  add("audit_log_event", SEED.auditLogEvents.export, { created_at: at(9), event_type: "organization_export_started", event_category: "admin_settings",
    actor: { actor_type: "user", gid: U.alice, name: "Alice Anders", email: SEED.emails.alice }, resource: { resource_type: "workspace", gid: W.acme, name: "Acme Corp" },
    details: {}, context: { context_type: "api" }, _workspace: W.acme });
  add("reaction", SEED.reactions.thumbsUp, { emoji: SEED.reactionEmoji, emoji_base: SEED.reactionEmoji, user: r("user", U.bob), target: r("story", SEED.stories.answer) });
  add("time_tracking_category", SEED.timeTrackingCategories.development, { name: "Development", color: "blue", is_archived: false, workspace: acme });
  add("time_tracking_category", SEED.timeTrackingCategories.meetings, { name: "Meetings", color: "orange", is_archived: false, workspace: acme });
  const entry = (g, minutes) => add("time_tracking_entry", g, { duration_minutes: minutes, entered_on: "2024-01-10", attributable_to: website, created_by: alice,
    categories: [r("time_tracking_category", SEED.timeTrackingCategories.development)], task: r("task", K.homepage), created_at: at(10),
    approval_status: "draft", billable_status: "billable", description: "Hero layout" });
  entry(SEED.timeTrackingEntries.homepage, 90);
  entry(SEED.timeTrackingEntries.old, 30);
  add("timesheet_approval_status", SEED.timesheetApprovalStatuses.aliceWeek2, { created_at: at(11), user: alice, workspace: acme,
    start_date: "2024-01-08", end_date: "2024-01-14", approval_status: "draft" });
  for (const [g, parent] of [[SEED.allocations.bobWebsite, website], [SEED.allocations.old, r("project", P.mobile)]]) {
    add("allocation", g, { start_date: "2024-02-01", end_date: "2024-02-29", effort: { type: "hours", value: 40 }, assignee: r("user", U.bob),
      created_by: alice, parent, resource_subtype: "project_allocation" });
  }
  add("budget", SEED.budgets.website, { budget_type: "cost", estimate: { value: 50000, units: "USD" }, actual: null, total: null, parent: website });
  add("budget", SEED.budgets.mobile, { budget_type: "time", estimate: { value: 400, units: "hours" }, actual: null, total: null, parent: r("project", P.mobile) });
  add("rate", SEED.rates.bobWebsite, { parent: website, resource: r("user", U.bob), rate: 120, currency_code: "USD", created_by: alice });
  add("rate", SEED.rates.old, { parent: website, resource: r("user", U.dave), rate: 90, currency_code: "USD", created_by: alice });
  for (const [g, name] of [[SEED.roles.contractor, "Contractor"], [SEED.roles.old, "Intern"]]) {
    add("role", g, { name, description: `${name}s work on assigned projects.`, is_standard_role: false, creation_time: at(0), modified_at: at(0),
      base_role_type: "member", permissions: {}, workspace: acme });
  }
  add("ooo_entry", SEED.oooEntries.bob, { start_date: "2024-03-04", end_date: "2024-03-08", user: r("user", U.bob), created_by: r("user", U.bob), workspace: acme });
  add("ooo_entry", SEED.oooEntries.old, { start_date: "2024-01-01", end_date: "2024-01-02", user: r("user", U.dave), created_by: r("user", U.dave), workspace: acme });
  add("organization_export", SEED.organizationExports.acme, { created_at: at(9), download_url: "https://asana-export.example/acme.json.gz", state: "finished", organization: acme });
  add("access_request", SEED.accessRequests.dave, { message: "May I see the redesign?", approval_status: "pending", requester: r("user", U.dave), target: website });
  add("access_request", SEED.accessRequests.carol, { message: "Could I join?", approval_status: "pending", requester: r("user", U.carol), target: r("project", P.mobile) });
  add("project_brief", SEED.projectBriefs.website, { title: "Why we redesign", text: "The old site is slow.", html_text: "<body>The old site is slow.</body>",
    permalink_url: `https://app.asana.com/0/${P.website}/brief`, project: website });
  add("project_brief", SEED.projectBriefs.mobile, { title: "Mobile app", text: "", html_text: "<body></body>", permalink_url: `https://app.asana.com/0/${P.mobile}/brief`,
    project: r("project", P.mobile) });
  for (const [g, user] of [[SEED.memberships.relaunchBob, U.bob], [SEED.memberships.relaunchCarol, U.carol]]) {
    add("membership", g, { resource_subtype: "goal_membership", parent: r("goal", SEED.goals.relaunch), member: r("user", user), access_level: "editor", role: "editor" });
  }
  add("job", SEED.jobs.template, { resource_subtype: "save_as_template", status: "succeeded", new_task: null, new_project: null, new_portfolio: null,
    new_project_template: r("project_template", SEED.projectTemplates.launch), new_graph_export: null, new_resource_export: null, _polls: 0, _pollsBeforeSuccess: 0 });
  add("webhook", SEED.webhooks.home, { active: true, resource: r("project", P.home), target: SEED.hookTarget, created_at: at(12), last_failure_at: null,
    last_failure_content: "", last_success_at: null, delivery_retry_count: 0, next_attempt_after: null, failure_deletion_timestamp: null, filters: [],
    _secret: SEED.webhookSecret, _workspace: W.personal });

  // Derived records get their seed gids in a fixed order.
  const M = SEED.teamMemberships;
  [[T.engineering, U.alice, M.engineeringAlice], [T.engineering, U.bob, M.engineeringBob], [T.engineering, U.dave, M.engineeringDave],
    [T.marketing, U.alice, M.marketingAlice], [T.marketing, U.carol, M.marketingCarol]].forEach(([a, b, g]) => store.derivedGid("team_membership", a, b, g));
  const WM = SEED.workspaceMemberships;
  [[W.acme, U.alice, WM.acmeAlice], [W.acme, U.bob, WM.acmeBob], [W.acme, U.carol, WM.acmeCarol], [W.acme, U.dave, WM.acmeDave],
    [W.personal, U.alice, WM.personalAlice]].forEach(([a, b, g]) => store.derivedGid("workspace_membership", a, b, g));
  const UL = SEED.userTaskLists;
  [[U.alice, W.acme, UL.aliceAcme], [U.bob, W.acme, UL.bobAcme], [U.carol, W.acme, UL.carolAcme], [U.dave, W.acme, UL.daveAcme],
    [U.alice, W.personal, UL.alicePersonal]].forEach(([a, b, g]) => store.derivedGid("user_task_list", a, b, g));
  const PM = SEED.projectMemberships;
  [[P.website, U.alice, PM.websiteAlice], [P.website, U.bob, PM.websiteBob], [P.website, U.carol, PM.websiteCarol], [P.mobile, U.alice, PM.mobileAlice],
    [P.launch, U.alice, PM.launchAlice], [P.legacy, U.alice, PM.legacyAlice], [P.home, U.alice, PM.homeAlice]].forEach(([a, b, g]) => store.derivedGid("project_membership", a, b, g));
  const FM = SEED.portfolioMemberships;
  [[SEED.portfolios.initiatives, U.alice, FM.initiativesAlice], [SEED.portfolios.initiatives, U.bob, FM.initiativesBob],
    [SEED.portfolios.archive, U.alice, FM.archiveAlice]].forEach(([a, b, g]) => store.derivedGid("portfolio_membership", a, b, g));
  store.derivedGid("project_portfolio_setting", SEED.portfolios.initiatives, P.website, SEED.projectPortfolioSettings.initiativesWebsite);

  store.favorites.set(U.alice, [P.website, K.homepage, G.urgent, SEED.portfolios.initiatives]);
}
