// The handlers: the hand-written routes of the first release (tasks, search, projects, people,
// tags, sections, attachments) and of the stateful areas added since (task relations, project
// extras, custom fields, goals and status updates, portfolios, people extras, events, webhooks,
// batch, typeahead, jobs), keyed by "METHOD /path/{template}" as the catalogue spells it. Every
// other catalogue operation is served by the generic layer (generic.mjs).

import { attachmentRoutes } from "./attachments.mjs";
import { customFieldRoutes } from "./custom-fields.mjs";
import { generic } from "./generic.mjs";
import { goalRoutes } from "./goals.mjs";
import { jobRoutes } from "./jobs.mjs";
import { peopleRoutes } from "./people.mjs";
import { peopleExtraRoutes } from "./people-extras.mjs";
import { portfolioRoutes } from "./portfolios.mjs";
import { projectExtraRoutes } from "./project-extras.mjs";
import { projectRoutes } from "./projects.mjs";
import { searchRoutes } from "./search.mjs";
import { sectionRoutes } from "./sections.mjs";
import { streamRoutes } from "./streams.mjs";
import { tagRoutes } from "./tags.mjs";
import { taskRelationRoutes } from "./task-relations.mjs";
import { taskRoutes } from "./tasks.mjs";

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
