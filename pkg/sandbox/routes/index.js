// The handlers: the hand-written routes of the first release (tasks, search, projects, people,
// tags, sections, attachments) and of the stateful areas added since (task relations, project
// extras, custom fields, goals and status updates, portfolios, people extras, events, webhooks,
// batch, typeahead, jobs), keyed by "METHOD /path/{template}" as the catalogue spells it. Every
// other catalogue operation is served by the generic layer (generic.js).

import { attachmentRoutes } from "./attachments.js";
import { customFieldRoutes } from "./custom-fields.js";
import { generic } from "./generic.js";
import { goalRoutes } from "./goals.js";
import { jobRoutes } from "./jobs.js";
import { peopleRoutes } from "./people.js";
import { peopleExtraRoutes } from "./people-extras.js";
import { portfolioRoutes } from "./portfolios.js";
import { projectExtraRoutes } from "./project-extras.js";
import { projectRoutes } from "./projects.js";
import { searchRoutes } from "./search.js";
import { sectionRoutes } from "./sections.js";
import { streamRoutes } from "./streams.js";
import { tagRoutes } from "./tags.js";
import { taskRelationRoutes } from "./task-relations.js";
import { taskRoutes } from "./tasks.js";

/** Hand-written handlers by "METHOD /template" (exported for the self-test's coverage check). */
export const HANDLERS = new Map();
for (const [method, pattern, handler] of [...taskRoutes, ...searchRoutes, ...projectRoutes, ...peopleRoutes, ...tagRoutes,
  ...sectionRoutes, ...attachmentRoutes, ...taskRelationRoutes, ...projectExtraRoutes, ...customFieldRoutes, ...goalRoutes,
  ...portfolioRoutes, ...peopleExtraRoutes, ...streamRoutes, ...jobRoutes]) {
  const key = `${method} ${pattern}`;
  if (HANDLERS.has(key)) throw new Error(`sandbox: two handlers for ${key}`);
  HANDLERS.set(key, handler);
}

const generics = new Map();
/** The handler of a catalogue row: its hand-written one, or the generic layer's. */
export function handlerFor(row) {
  const key = `${row.method} ${row.path}`;
  const own = HANDLERS.get(key);
  if (own) return own;
  if (!generics.has(key)) generics.set(key, generic(row));
  return generics.get(key);
}
