// Deterministic seed data. Every run (and every reset) builds the same graph with the same gids,
// so tests can name objects through SEED. Objects created at runtime get gids from FIRST_NEW_GID up.

import { Store } from "./store.mjs";

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
  tasks: {
    homepage: gid(1001), contactForm: gid(1003), accessibilityAudit: gid(1006), seo: gid(1009), qa: gid(1015),
    navigation: gid(1016), login: gid(1020), wireframes: gid(1026),
    heroSection: gid(1101), featureGrid: gid(1102), footer: gid(1103),
    pushNotifications: gid(1201), betaRelease: gid(1203),
    pressRelease: gid(1301), socialCalendar: gid(1303), launchBudget: gid(1304),
    quarterlyReview: gid(1401), paintKitchen: gid(1501), groceries: gid(1502),
  },
  /** Website Redesign has this many top-level tasks (enough to page with limit=10). */
  websiteTaskCount: 35,
  /** Size of the downloadable attachment SEED.attachments.spec. */
  specSize: 100 * 1024,
  /** The OAuth app registered with the sandbox's /-/oauth_token, and a refresh token of Alice's. */
  oauth: { clientId: "sandbox-oauth-client-id", clientSecret: "sandbox-oauth-client-secret", refreshToken: "sandbox-refresh-alice" },
  /** The Airbyte Agent API emulation under /airbyte (airbyte/index.mjs; README "Airbyte Agent API"). */
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
    [{ gid: S.legacy, name: "Untitled section" }]);
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

  WEBSITE_TASKS.forEach(([name, section, fields], i) => task(1001 + i, name, fields, section));
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

  store.add("story", { gid: gid(801), target: K.homepage, created_by: U.bob, created_at: at(5), is_pinned: false,
    text: "Can we reuse the hero illustration from the old site?", html_text: null });
  store.add("story", { gid: gid(802), target: K.homepage, created_by: U.alice, created_at: at(6), is_pinned: true,
    text: "No, the brand team wants a new one. Spec attached.", html_text: null });
  return store;
}
