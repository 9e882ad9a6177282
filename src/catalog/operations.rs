//! The table itself: 27 entities, 47 operations, as in `shared/reference/asana-operations.md`.
//! Query names, methods and paths are checked against Asana's OpenAPI spec by `tests/spec.rs`.

use super::Kind::{self, *};
use super::Location::{Body, Header, Hosted, Path, Query};
use super::Method::{Delete, Get, Post, Put};
use super::{Entity, Operation, Param, Shape};

const fn param(name: &'static str, location: super::Location, kind: Kind, required: bool, description: &'static str) -> Param {
    Param { name, location, kind, required, description, choices: &[] }
}
const fn path(name: &'static str, description: &'static str) -> Param {
    param(name, Path, Gid, true, description)
}
const fn query(name: &'static str, kind: Kind, description: &'static str) -> Param {
    param(name, Query, kind, false, description)
}
const fn field(name: &'static str, kind: Kind, description: &'static str) -> Param {
    param(name, Body, kind, false, description)
}
const fn required(p: Param) -> Param {
    Param { required: true, ..p }
}
const fn one_of(p: Param, choices: &'static [&'static str]) -> Param {
    Param { choices, ..p }
}

/// A read: no body fields.
const fn op(
    entity: &'static str,
    action: &'static str,
    method: super::Method,
    path: &'static str,
    description: &'static str,
    params: &'static [Param],
    shape: Shape,
) -> Operation {
    write(entity, action, method, path, description, params, &[], shape)
}

#[allow(clippy::too_many_arguments)] // one row of the table, every column named
const fn write(
    entity: &'static str,
    action: &'static str,
    method: super::Method,
    path: &'static str,
    description: &'static str,
    params: &'static [Param],
    body: &'static [Param],
    shape: Shape,
) -> Operation {
    Operation {
        entity,
        action,
        method,
        path,
        description,
        params,
        body,
        shape,
        premium: false,
        one_of: &[],
        exclusive: &[],
        custom_field_filters: false,
        params_summary: None,
    }
}

// Shared parameters.
const LIMIT: Param = query("limit", Limit, "Page size, 1-100. Lists are paged; the next page's token is in meta.next_page.offset.");
const OFFSET: Param = query("offset", String, "Pass meta.next_page.offset from the previous page to get the next one.");
const OPT_FIELDS: Param =
    query("opt_fields", FieldList, "Fields to return, e.g. [\"name\",\"due_on\",\"assignee.name\"]; list records are compact without it.");
const DATA: Param = param("data", Body, Object, true, "The fields to write (see the data fields).");
const COMPLETED_SINCE: Param = query("completed_since", Since, "Only tasks incomplete or completed since this time; \"now\" for incomplete only.");
const ARCHIVED: Param = query("archived", Boolean, "Only archived (true) or unarchived (false) projects.");

const TASK_GID: Param = path("task_gid", "The task's gid.");
const PROJECT_GID: Param = path("project_gid", "The project's gid.");
const SECTION_GID: Param = path("section_gid", "The section's gid.");
const TAG_GID: Param = path("tag_gid", "The tag's gid.");
const TEAM_GID: Param = path("team_gid", "The team's gid.");
const WORKSPACE_GID: Param = path("workspace_gid", "The workspace's gid.");
const USER_GID: Param = path("user_gid", "The user's gid, \"me\", or an email address.");
const ATTACHMENT_GID: Param = path("attachment_gid", "The attachment's gid.");

const PAGED: [Param; 3] = [LIMIT, OFFSET, OPT_FIELDS];

// As the spec declares it (the reference listed "section", which Asana no longer accepts).
const TASK_SUBTYPES: &[&str] = &["default_task", "milestone", "approval", "custom"];
const PROJECT_VIEWS: &[&str] = &["list", "board", "calendar", "timeline"];
const PRIVACY: &[&str] = &["public_to_workspace", "private"];

const TASK_WRITABLE: [Param; 8] = [
    field("name", String, "Task name."),
    field("assignee", Gid, "Assignee's user gid, \"me\" or an email; null to unassign."),
    field("notes", String, "Plain-text description."),
    field("html_notes", String, "Rich-text description in Asana's HTML subset."),
    field("due_on", Date, "Due date YYYY-MM-DD."),
    field("due_at", DateTime, "Due date and time (ISO 8601); exclusive with due_on."),
    field("start_on", Date, "Start date YYYY-MM-DD (needs a due date)."),
    field("completed", Boolean, "Mark complete (true) or incomplete (false)."),
];

const PROJECT_WRITABLE: [Param; 8] = [
    field("name", String, "Project name."),
    field("notes", String, "Plain-text description."),
    field("html_notes", String, "Rich-text description."),
    field("color", String, "A colour such as dark-blue or light-green."),
    one_of(field("default_view", String, "Default view."), PROJECT_VIEWS),
    field("due_on", Date, "Due date YYYY-MM-DD."),
    field("start_on", Date, "Start date YYYY-MM-DD."),
    field("archived", Boolean, "Archive (true) or restore (false)."),
];

const TAG_WRITABLE: [Param; 3] = [
    field("name", String, "Tag name."),
    field("color", String, "A colour such as dark-green or light-red, or none."),
    field("notes", String, "Tag description."),
];

pub static ENTITIES: &[Entity] = &[
    Entity { name: "tasks", description: "Tasks: list by project, section or assignee+workspace; create, read, update, delete." },
    Entity { name: "project_tasks", description: "The tasks of a project." },
    Entity { name: "task_subtasks", description: "The subtasks of a task." },
    Entity { name: "task_dependencies", description: "The tasks a task waits on." },
    Entity { name: "task_dependents", description: "The tasks waiting on a task." },
    Entity { name: "tag_tasks", description: "The tasks carrying a tag." },
    Entity { name: "section_tasks", description: "The tasks of a section; create moves a task into the section." },
    Entity { name: "workspace_task_search", description: "Full-text and filtered task search in a workspace (premium workspaces only)." },
    Entity { name: "projects", description: "Projects: list, create, read, update, delete." },
    Entity { name: "task_projects", description: "The projects a task belongs to." },
    Entity { name: "team_projects", description: "The projects of a team." },
    Entity { name: "workspace_projects", description: "The projects of a workspace." },
    Entity { name: "workspaces", description: "The workspaces and organizations the user belongs to; start here to find gids." },
    Entity { name: "workspace_memberships", description: "Add a user to a workspace." },
    Entity { name: "users", description: "Users: list by workspace or team, read one (\"me\" is the token's user)." },
    Entity { name: "workspace_users", description: "All users of a workspace, alphabetical, unpaged (up to 2,000)." },
    Entity { name: "team_users", description: "All users of a team, alphabetical, unpaged (up to 2,000)." },
    Entity { name: "teams", description: "Read one team." },
    Entity { name: "workspace_teams", description: "The teams of an organization." },
    Entity { name: "user_teams", description: "The teams a user belongs to in an organization." },
    Entity { name: "attachments", description: "Files attached to a task: list, read, download." },
    Entity { name: "workspace_tags", description: "The tags of a workspace; create a tag." },
    Entity { name: "tags", description: "Read, update, delete a tag." },
    Entity { name: "task_tags", description: "Add a tag to a task (create) or remove it (delete)." },
    Entity { name: "project_sections", description: "The sections of a project; create a section." },
    Entity { name: "sections", description: "Read, rename, delete a section." },
    Entity { name: "task_stories", description: "Comment on a task." },
];

const SEARCH_PARAMS: &[Param] = &[
    WORKSPACE_GID,
    query("limit", Limit, "Results, 1-100 (search is not paged: to go further, sort by created_at and filter created_at.before the oldest seen)."),
    OPT_FIELDS,
    query("text", String, "Words to match in name or description."),
    one_of(query("resource_subtype", String, "Task type."), &["default_task", "milestone", "approval", "custom"]),
    query("completed", Boolean, "Completed (true) or incomplete (false) tasks."),
    query("is_subtask", Boolean, "Only subtasks (true) or top-level tasks (false)."),
    query("is_blocking", Boolean, "Tasks other incomplete tasks depend on."),
    query("is_blocked", Boolean, "Tasks waiting on incomplete dependencies."),
    query("has_attachment", Boolean, "Tasks with attachments."),
    query("assignee.any", GidList, "Assigned to any of these users (gids or \"me\")."),
    query("assignee.not", GidList, "Not assigned to these users."),
    query("portfolios.any", GidList, "In any of these portfolios."),
    query("projects.any", GidList, "In any of these projects."),
    query("projects.not", GidList, "In none of these projects."),
    query("projects.all", GidList, "In all of these projects."),
    query("sections.any", GidList, "In any of these sections."),
    query("sections.not", GidList, "In none of these sections."),
    query("sections.all", GidList, "In all of these sections."),
    query("tags.any", GidList, "Carrying any of these tags."),
    query("tags.not", GidList, "Carrying none of these tags."),
    query("tags.all", GidList, "Carrying all of these tags."),
    query("teams.any", GidList, "In projects of any of these teams."),
    query("followers.any", GidList, "Followed by any of these users."),
    query("followers.not", GidList, "Followed by none of these users."),
    query("created_by.any", GidList, "Created by any of these users."),
    query("created_by.not", GidList, "Created by none of these users."),
    query("assigned_by.any", GidList, "Assigned by any of these users."),
    query("assigned_by.not", GidList, "Assigned by none of these users."),
    query("liked_by.not", GidList, "Liked by none of these users."),
    query("commented_on_by.not", GidList, "Commented on by none of these users."),
    query("due_on", Date, "Due on this date."),
    query("due_on.before", Date, "Due before this date."),
    query("due_on.after", Date, "Due after this date."),
    query("due_at.before", DateTime, "Due before this time."),
    query("due_at.after", DateTime, "Due after this time."),
    query("start_on", Date, "Starting on this date."),
    query("start_on.before", Date, "Starting before this date."),
    query("start_on.after", Date, "Starting after this date."),
    query("created_on", Date, "Created on this date."),
    query("created_on.before", Date, "Created before this date."),
    query("created_on.after", Date, "Created after this date."),
    query("created_at.before", DateTime, "Created before this time."),
    query("created_at.after", DateTime, "Created after this time."),
    query("completed_on", Date, "Completed on this date."),
    query("completed_on.before", Date, "Completed before this date."),
    query("completed_on.after", Date, "Completed after this date."),
    query("completed_at.before", DateTime, "Completed before this time."),
    query("completed_at.after", DateTime, "Completed after this time."),
    query("modified_on", Date, "Modified on this date."),
    query("modified_on.before", Date, "Modified before this date."),
    query("modified_on.after", Date, "Modified after this date."),
    query("modified_at.before", DateTime, "Modified before this time."),
    query("modified_at.after", DateTime, "Modified after this time."),
    one_of(query("sort_by", String, "Sort order (default modified_at)."), &["due_date", "created_at", "completed_at", "likes", "modified_at", "relevance"]),
    query("sort_ascending", Boolean, "Ascending sort (default false)."),
];

pub static OPERATIONS: &[Operation] = &[
    // Tasks.
    Operation {
        one_of: &[&["project"], &["section"], &["workspace", "assignee"]],
        ..op("tasks", "list", Get, "/tasks", "List tasks; give project, section, or workspace with assignee.", &[
            query("project", Gid, "List the tasks of this project."),
            query("section", Gid, "List the tasks of this section."),
            query("workspace", Gid, "With assignee: that user's tasks in this workspace."),
            query("assignee", Gid, "With workspace: this user's tasks (gid, \"me\" or email)."),
            COMPLETED_SINCE,
            query("modified_since", DateTime, "Only tasks modified since this time."),
            LIMIT, OFFSET, OPT_FIELDS,
        ], Shape::List)
    },
    // Asana implies the workspace from the projects or the parent.
    Operation {
        one_of: &[&["data.workspace"], &["data.projects"], &["data.parent"]],
        ..write("tasks", "create", Post, "/tasks", "Create a task (a subtask when data.parent is set).", &[DATA, OPT_FIELDS], &[
        required(field("name", String, "Task name.")),
        field("workspace", Gid, "Workspace gid (implied by projects or parent)."),
        field("projects", GidList, "Project gids to add the task to."),
        field("assignee", Gid, "Assignee's user gid, \"me\" or an email."),
        field("notes", String, "Plain-text description."),
        field("html_notes", String, "Rich-text description in Asana's HTML subset."),
        field("due_on", Date, "Due date YYYY-MM-DD."),
        field("due_at", DateTime, "Due date and time (ISO 8601)."),
        field("start_on", Date, "Start date YYYY-MM-DD."),
        field("completed", Boolean, "Create already completed."),
        field("parent", Gid, "Parent task gid: makes this a subtask."),
        field("tags", GidList, "Tag gids."),
        field("followers", GidList, "Follower user gids."),
        one_of(field("resource_subtype", String, "Task type."), TASK_SUBTYPES),
    ], Shape::Record)
    },
    op("tasks", "get", Get, "/tasks/{task_gid}", "Read a task in full.", &[TASK_GID, OPT_FIELDS], Shape::Record),
    write("tasks", "update", Put, "/tasks/{task_gid}", "Change a task's fields; only the given fields change.", &[TASK_GID, DATA, OPT_FIELDS], &TASK_WRITABLE, Shape::Record),
    op("tasks", "delete", Delete, "/tasks/{task_gid}", "Delete a task (it goes to the trash).", &[TASK_GID], Shape::Empty),
    op("project_tasks", "list", Get, "/projects/{project_gid}/tasks", "List a project's tasks.", &[PROJECT_GID, COMPLETED_SINCE, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("task_subtasks", "list", Get, "/tasks/{task_gid}/subtasks", "List a task's subtasks.", &[TASK_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("task_dependencies", "list", Get, "/tasks/{task_gid}/dependencies", "List the tasks this task waits on.", &[TASK_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("task_dependents", "list", Get, "/tasks/{task_gid}/dependents", "List the tasks waiting on this task.", &[TASK_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("tag_tasks", "list", Get, "/tags/{tag_gid}/tasks", "List the tasks carrying a tag.", &[TAG_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("section_tasks", "list", Get, "/sections/{section_gid}/tasks", "List a section's tasks.", &[SECTION_GID, COMPLETED_SINCE, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    Operation {
        exclusive: &["insert_before", "insert_after"],
        ..write("section_tasks", "create", Post, "/sections/{section_gid}/addTask", "Move a task into a section (to the top unless a position is given).", &[SECTION_GID, DATA], &[
            required(field("task", Gid, "The task to move.")),
            field("insert_before", Gid, "Place before this task of the section."),
            field("insert_after", Gid, "Place after this task of the section."),
        ], Shape::Empty)
    },
    Operation {
        premium: true,
        custom_field_filters: true,
        params_summary: Some("workspace_gid*, text, completed, resource_subtype, is_subtask, has_attachment, is_blocked, {assignee|projects|sections|tags|teams|followers|created_by}.{any|not|all} (comma-separated gids), {due_on|start_on|created_on|completed_on|modified_on}[.before|.after] (date), {due_at|created_at|completed_at|modified_at}.{before|after} (date-time), custom_fields.{gid}.{value|is_set|contains|less_than|greater_than}, sort_by=due_date|created_at|completed_at|likes|modified_at|relevance, sort_ascending, limit, opt_fields"),
        ..op("workspace_task_search", "list", Get, "/workspaces/{workspace_gid}/tasks/search", "Search tasks with filters (premium; at most 100 results, no offset paging).", SEARCH_PARAMS, Shape::List)
    },
    // Projects.
    op("projects", "list", Get, "/projects", "List projects, by workspace or team.", &[
        query("workspace", Gid, "Projects of this workspace."),
        query("team", Gid, "Projects of this team."),
        ARCHIVED, LIMIT, OFFSET, OPT_FIELDS,
    ], Shape::List),
    write("projects", "create", Post, "/projects", "Create a project (an organization needs data.team).", &[DATA, OPT_FIELDS], &[
        required(field("name", String, "Project name.")),
        required(field("workspace", Gid, "Workspace gid.")),
        field("team", Gid, "Team gid (required in organizations)."),
        field("notes", String, "Plain-text description."),
        field("html_notes", String, "Rich-text description."),
        field("color", String, "A colour such as dark-blue or light-green."),
        one_of(field("default_view", String, "Default view."), PROJECT_VIEWS),
        field("due_on", Date, "Due date YYYY-MM-DD."),
        field("start_on", Date, "Start date YYYY-MM-DD."),
        one_of(field("privacy_setting", String, "Who can see it."), PRIVACY),
        field("archived", Boolean, "Create archived."),
    ], Shape::Record),
    op("projects", "get", Get, "/projects/{project_gid}", "Read a project in full.", &[PROJECT_GID, OPT_FIELDS], Shape::Record),
    write("projects", "update", Put, "/projects/{project_gid}", "Change a project's fields.", &[PROJECT_GID, DATA, OPT_FIELDS], &PROJECT_WRITABLE, Shape::Record),
    op("projects", "delete", Delete, "/projects/{project_gid}", "Delete a project.", &[PROJECT_GID], Shape::Empty),
    op("task_projects", "list", Get, "/tasks/{task_gid}/projects", "List the projects a task is in.", &[TASK_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("team_projects", "list", Get, "/teams/{team_gid}/projects", "List a team's projects.", &[TEAM_GID, ARCHIVED, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("workspace_projects", "list", Get, "/workspaces/{workspace_gid}/projects", "List a workspace's projects.", &[WORKSPACE_GID, ARCHIVED, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    // Workspaces and users.
    op("workspaces", "list", Get, "/workspaces", "List the user's workspaces.", &PAGED, Shape::List),
    op("workspaces", "get", Get, "/workspaces/{workspace_gid}", "Read a workspace.", &[WORKSPACE_GID, OPT_FIELDS], Shape::Record),
    write("workspace_memberships", "create", Post, "/workspaces/{workspace_gid}/addUser", "Add a user to a workspace; returns the user.", &[WORKSPACE_GID, DATA, OPT_FIELDS], &[
        required(field("user", Gid, "User gid, \"me\" or an email address.")),
    ], Shape::Record),
    op("users", "list", Get, "/users", "List users, by workspace or team.", &[
        query("workspace", Gid, "Users of this workspace."),
        query("team", Gid, "Users of this team."),
        LIMIT, OFFSET, OPT_FIELDS,
    ], Shape::List),
    op("users", "get", Get, "/users/{user_gid}", "Read a user (\"me\" for the token's user).", &[USER_GID, OPT_FIELDS], Shape::Record),
    op("workspace_users", "list", Get, "/workspaces/{workspace_gid}/users", "List all users of a workspace (whole, no limit).", &[WORKSPACE_GID, OFFSET, OPT_FIELDS], Shape::List),
    op("team_users", "list", Get, "/teams/{team_gid}/users", "List all users of a team (whole, no limit).", &[TEAM_GID, OFFSET, OPT_FIELDS], Shape::List),
    // Teams.
    op("teams", "get", Get, "/teams/{team_gid}", "Read a team.", &[TEAM_GID, OPT_FIELDS], Shape::Record),
    op("workspace_teams", "list", Get, "/workspaces/{workspace_gid}/teams", "List an organization's teams.", &[WORKSPACE_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    op("user_teams", "list", Get, "/users/{user_gid}/teams", "List a user's teams in an organization.", &[
        USER_GID,
        required(query("organization", Gid, "The organization (workspace) gid.")),
        LIMIT, OFFSET, OPT_FIELDS,
    ], Shape::List),
    // Attachments.
    op("attachments", "list", Get, "/attachments", "List the attachments of a task or project.", &[
        required(query("parent", Gid, "Gid of the owning task or project.")),
        LIMIT, OFFSET, OPT_FIELDS,
    ], Shape::List),
    op("attachments", "get", Get, "/attachments/{attachment_gid}", "Read an attachment's metadata, including a short-lived download_url.", &[ATTACHMENT_GID, OPT_FIELDS], Shape::Record),
    op("attachments", "download", Get, "/attachments/{attachment_gid}", "Download an attachment's bytes (a stream).", &[
        ATTACHMENT_GID,
        param("range_header", Header, String, false, "An HTTP Range value such as \"bytes=0-1023\" to fetch part of the file."),
    ], Shape::Download),
    // Tags.
    op("workspace_tags", "list", Get, "/workspaces/{workspace_gid}/tags", "List a workspace's tags.", &[WORKSPACE_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    write("workspace_tags", "create", Post, "/workspaces/{workspace_gid}/tags", "Create a tag in a workspace.", &[WORKSPACE_GID, DATA, OPT_FIELDS], &[
        required(field("name", String, "Tag name.")),
        field("color", String, "A colour such as dark-green or light-red."),
        field("notes", String, "Tag description."),
    ], Shape::Record),
    op("tags", "get", Get, "/tags/{tag_gid}", "Read a tag.", &[TAG_GID, OPT_FIELDS], Shape::Record),
    write("tags", "update", Put, "/tags/{tag_gid}", "Change a tag.", &[TAG_GID, DATA, OPT_FIELDS], &TAG_WRITABLE, Shape::Record),
    op("tags", "delete", Delete, "/tags/{tag_gid}", "Delete a tag.", &[TAG_GID], Shape::Empty),
    write("task_tags", "create", Post, "/tasks/{task_gid}/addTag", "Add a tag to a task.", &[TASK_GID, DATA], &[
        required(field("tag", Gid, "The tag's gid.")),
    ], Shape::Empty),
    write("task_tags", "delete", Post, "/tasks/{task_gid}/removeTag", "Remove a tag from a task.", &[TASK_GID, DATA], &[
        required(field("tag", Gid, "The tag's gid.")),
    ], Shape::Empty),
    // Sections.
    op("project_sections", "list", Get, "/projects/{project_gid}/sections", "List a project's sections.", &[PROJECT_GID, LIMIT, OFFSET, OPT_FIELDS], Shape::List),
    Operation {
        exclusive: &["insert_before", "insert_after"],
        ..write("project_sections", "create", Post, "/projects/{project_gid}/sections", "Create a section in a project.", &[PROJECT_GID, DATA, OPT_FIELDS], &[
            required(field("name", String, "Section name.")),
            field("insert_before", Gid, "Place before this section."),
            field("insert_after", Gid, "Place after this section."),
        ], Shape::Record)
    },
    op("sections", "get", Get, "/sections/{section_gid}", "Read a section.", &[SECTION_GID, OPT_FIELDS], Shape::Record),
    write("sections", "update", Put, "/sections/{section_gid}", "Rename a section.", &[SECTION_GID, DATA, OPT_FIELDS], &[
        field("name", String, "New name."),
    ], Shape::Record),
    op("sections", "delete", Delete, "/sections/{section_gid}", "Delete an empty section (not a project's last one).", &[SECTION_GID], Shape::Empty),
    // Stories.
    write("task_stories", "create", Post, "/tasks/{task_gid}/stories", "Comment on a task.", &[TASK_GID, DATA, OPT_FIELDS], &[
        required(field("text", String, "Comment text.")),
        field("html_text", String, "Rich-text comment (instead of text)."),
        field("is_pinned", Boolean, "Pin the comment."),
    ], Shape::Record),
];

/// `context_store_search`: queries Airbyte's synced copy of the data, in hosted mode only.
const CONTEXT_STORE_PARAMS: &[Param] = &[
    param("query", Hosted, Object, true, "{filter: condition, sort: [{field: \"asc\"|\"desc\"}]}; a condition is one operator as outer key: eq, neq, gt, gte, lt, lte, in, like, fuzzy, keyword, contains, any, and, or, not."),
    param("limit", Hosted, Count, false, "Records per page (keep it small, e.g. 20)."),
    param("cursor", Hosted, String, false, "meta.cursor of the previous page."),
    param("fields", Hosted, FieldPaths, false, "Fields to return: [\"name\",\"assignee.name\"] or [[\"assignee\",\"name\"]]."),
];

const fn context_store_search(entity: &'static str) -> Operation {
    op(
        entity,
        "context_store_search",
        Post,
        "",
        "Search Airbyte's synced copy of the data (hosted mode; may lag behind Asana).",
        CONTEXT_STORE_PARAMS,
        Shape::List,
    )
}

pub static HOSTED_OPERATIONS: &[Operation] = &[
    context_store_search("tasks"),
    context_store_search("projects"),
    context_store_search("workspaces"),
    context_store_search("users"),
    context_store_search("teams"),
    context_store_search("attachments"),
    context_store_search("tags"),
    context_store_search("sections"),
];
