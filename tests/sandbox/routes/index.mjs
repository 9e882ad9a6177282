// The route table: the 47 Asana operations the sandbox serves, matched on method + path
// (the path after /api/1.0). Path parameters are single percent-decoded segments.

import { attachmentRoutes } from "./attachments.mjs";
import { peopleRoutes } from "./people.mjs";
import { projectRoutes } from "./projects.mjs";
import { searchRoutes } from "./search.mjs";
import { sectionRoutes } from "./sections.mjs";
import { tagRoutes } from "./tags.mjs";
import { taskRoutes } from "./tasks.mjs";

const ROUTES = [...taskRoutes, ...searchRoutes, ...projectRoutes, ...peopleRoutes, ...tagRoutes, ...sectionRoutes, ...attachmentRoutes]
  .map(([method, pattern, handler]) => {
    const names = [...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const regex = new RegExp(`^${pattern.replace(/\{\w+\}/g, "([^/]+)")}$`);
    return { key: `${method} ${pattern}`, method, regex, names, handler };
  });

/** The route for a request, with its decoded path params, or null. */
export function matchRoute(method, apiPath) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.regex.exec(apiPath);
    if (!m) continue;
    const params = {};
    route.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1]);
      } catch {
        params[name] = m[i + 1];
      }
    });
    return { route, params };
  }
  return null;
}
