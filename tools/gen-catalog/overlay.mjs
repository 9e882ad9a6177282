// What the spec does not say: the connector's own rules on top of Asana's operations, each with
// its reason. Names come from names.tsv (a copy of shared/reference/asana-catalogue.tsv).

const attachmentsDownload = (row, from) => {
  const get = from("getAttachment");
  return {
    ...get,
    ...row,
    operationId: null,
    path: "/attachments/{attachment_gid}",
    method: "GET",
    summary: "Download an attachment's bytes (a stream)",
    description: "Reads the attachment record, then streams its download_url (without Authorization).",
    shape: "download",
    params: [
      get.params[0],
      { name: "range_header", in: "header", kind: "string", required: false, description: "An HTTP Range value such as \"bytes=0-1023\" to fetch part of the file." },
    ],
  };
};

const HOSTED_PARAMS = [
  {
    name: "query",
    in: "hosted",
    kind: "object",
    required: true,
    description: "{filter: condition, sort: [{field: \"asc\"|\"desc\"}]}; a condition is one operator as outer key: eq, neq, gt, gte, lt, lte, in, like, fuzzy, keyword, contains, any, and, or, not.",
  },
  { name: "limit", in: "hosted", kind: "count", required: false, description: "Records per page (keep it small, e.g. 20)." },
  { name: "cursor", in: "hosted", kind: "string", required: false, description: "meta.cursor of the previous page." },
  { name: "fields", in: "hosted", kind: "field_paths", required: false, description: "Fields to return: [\"name\",\"assignee.name\"] or [[\"assignee\",\"name\"]]." },
];

export const OVERLAY = {
  // `opt_pretty` only indents the answer, which the connector parses anyway.
  skippedQuery: ["opt_pretty"],
  // Operations that exist only as the connector's composition of Asana's.
  derived: { "attachments/download": attachmentsDownload },
  operations: {
    // Asana's rule for listing tasks: one scope.
    "tasks/list": { one_of: [["project"], ["section"], ["workspace", "assignee"]] },
    // "The workspace need not be set explicitly if you specify projects or a parent task instead."
    "tasks/create": { one_of: [["data.workspace"], ["data.projects"], ["data.parent"]] },
    "section_tasks/create": { exclusive: ["insert_before", "insert_after"] },
    "project_sections/create": { exclusive: ["insert_before", "insert_after"] },
    "workspace_task_search/list": {
      custom_field_filters: true,
      // The operation's description documents limit (max 100); its parameter list omits it.
      addParams: [{ name: "limit", in: "query", kind: "limit", required: false, description: "Results, 1-100 (search is not paged: sort by created_at and filter created_at.before the oldest seen)." }],
    },
    // The contract: count 1-100, `limit` accepted as its alias, one page.
    "workspace_typeahead/list": { shape: "typeahead", params: { count: { kind: "limit", aliases: ["limit"] } } },
    "events/list": { shape: "events" },
    "workspace_events/list": { shape: "events" },
    "batch/create": { shape: "batch" },
    "webhooks/create": { shape: "webhook" },
    // Their descriptions say to follow the export with the jobs endpoint.
    "graph_exports/create": { job: true },
    "resource_exports/create": { job: true },
    // A file's type travels in its multipart part; `name` is its file name.
    "attachments/create": {
      addParams: [{ name: "content_type", in: "form", kind: "string", required: false, description: "The file's media type, e.g. \"text/plain\" (default: the Blob's type)." }],
    },
  },
  entityDescriptions: {
    workspaces: "The workspaces and organizations the user belongs to; start here to find gids.",
    attachments: "Files attached to a task or project: list, read, upload, download, delete.",
    workspace_task_search: "Full-text and filtered task search in a workspace (premium workspaces only).",
  },
  // The first release's 47 operations (hand-written then): `make bench` measures what the other
  // 201 add to the .wasm against a table of these alone.
  firstRelease: [
    "tasks/list", "tasks/create", "tasks/get", "tasks/update", "tasks/delete", "project_tasks/list", "task_subtasks/list", "task_dependencies/list",
    "task_dependents/list", "tag_tasks/list", "section_tasks/list", "section_tasks/create", "workspace_task_search/list", "projects/list",
    "projects/create", "projects/get", "projects/update", "projects/delete", "task_projects/list", "team_projects/list", "workspace_projects/list",
    "workspaces/list", "workspaces/get", "workspace_memberships/create", "users/list", "users/get", "workspace_users/list", "team_users/list",
    "teams/get", "workspace_teams/list", "user_teams/list", "attachments/list", "attachments/get", "attachments/download", "workspace_tags/list",
    "workspace_tags/create", "tags/get", "tags/update", "tags/delete", "task_tags/create", "task_tags/delete", "project_sections/list",
    "project_sections/create", "sections/get", "sections/update", "sections/delete", "task_stories/create",
  ],
  // `context_store_search`: Airbyte's synced copy of the data, in hosted mode only.
  hosted: {
    entities: ["tasks", "projects", "workspaces", "users", "teams", "attachments", "tags", "sections"],
    operation: {
      action: "context_store_search",
      method: "POST",
      summary: "Search Airbyte's synced copy of the data (hosted mode; may lag behind Asana)",
      params: HOSTED_PARAMS,
    },
  },
};
