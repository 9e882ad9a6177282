// Jobs: the asynchronous operations (duplicate, instantiate a template, save as template, exports)
// answer 201 with a job; GET /jobs/{job_gid} reports "in_progress" for the first polls (settings:
// pollsBeforeSuccess, default 1, via POST /_sandbox/jobs) and then "succeeded". The new object
// exists from the start (its gid is in the job), as on Asana.

import { Ref } from "../ref.js";
import { badRequest, missing } from "../validate.js";

export const JOB_DEFAULTS = { pollsBeforeSuccess: 1 };

export class JobSettings {
  constructor() {
    this.clear();
  }

  clear() {
    this.settings = { ...JOB_DEFAULTS };
    return this.settings;
  }

  configure(spec) {
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw badRequest("Job settings must be a JSON object");
    for (const [key, value] of Object.entries(spec)) {
      if (key !== "pollsBeforeSuccess") throw badRequest(`${key}: Unknown job setting; use pollsBeforeSuccess`);
      if (!Number.isInteger(value) || value < 0 || value > 1000) throw badRequest("pollsBeforeSuccess: Must be an integer from 0 to 1000");
    }
    Object.assign(this.settings, spec);
    return this.settings;
  }
}

const NEW_FIELDS = ["new_task", "new_project", "new_portfolio", "new_project_template", "new_graph_export", "new_resource_export"];

/** Starts a job whose result (`outcome`: {new_task: Ref, …}) already exists; answers 201 with it. */
export function startJob(ctx, subtype, outcome) {
  const job = ctx.store.add("job", {
    gid: ctx.store.newGid(), resource_subtype: subtype, status: "in_progress",
    ...Object.fromEntries(NEW_FIELDS.map((name) => [name, null])), ...outcome,
    _polls: 0, _pollsBeforeSuccess: ctx.state.jobs.settings.pollsBeforeSuccess,
  });
  if (job._pollsBeforeSuccess === 0) job.status = "succeeded";
  return { ...ctx.one("job", job), status: 201, headers: { Location: `${ctx.apiUrl}/jobs/${job.gid}` } };
}

function getJob(ctx) {
  const job = ctx.load("job", "job_gid");
  job._polls += 1;
  if (job.status === "in_progress" && job._polls > job._pollsBeforeSuccess) job.status = "succeeded";
  return ctx.one("job", job);
}

/** Exports: a record with a download_url, made by a job. */
function exportOf(ctx, type, fields) {
  const gid = ctx.store.newGid();
  return new Ref(type, ctx.store.add(type, { gid, created_at: ctx.now(), completed_at: null,
    download_url: `https://asana-export.example/${type}/${gid}.json.gz`, ...fields }).gid);
}

function graphExport(ctx) {
  if (!ctx.data.parent) throw missing("parent");
  const parent = ctx.any(ctx.data.parent, "parent", ["goal", "project", "portfolio", "team"]);
  return startJob(ctx, "export_graph", { new_graph_export: exportOf(ctx, "graph_export", { parent: new Ref(parent.type, parent.entity.gid) }) });
}

function resourceExport(ctx) {
  if (!ctx.data.workspace) throw missing("workspace");
  const workspace = ctx.ref("workspace", ctx.data.workspace, "workspace");
  const parameters = ctx.data.export_request_parameters ?? [];
  parameters.forEach((p, i) => {
    if (!p || typeof p !== "object" || typeof p.resource_type !== "string") throw badRequest(`export_request_parameters[${i}]: Must be an object with a resource_type`);
  });
  return startJob(ctx, "export_resource", { new_resource_export: exportOf(ctx, "resource_export", { workspace: new Ref("workspace", workspace.gid),
    export_request_parameters: structuredClone(parameters) }) });
}

export const jobRoutes = [
  ["GET", "/jobs/{job_gid}", getJob],
  ["POST", "/exports/graph", graphExport],
  ["POST", "/exports/resource", resourceExport],
];

