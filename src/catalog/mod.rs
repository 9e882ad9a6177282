//! The operation catalogue: every (entity, action) the connector can execute, held as data.
//!
//! One row per operation describes its HTTP method, path template, parameters, write-body
//! fields and result shape. The rows are generated from Asana's OpenAPI spec by
//! `tools/gen-catalog` (`generated.rs`); the engine (`params`, `request`, `response`) reads them
//! and never special-cases an entity. Descriptions live in the generated JS data (`pkg/catalog.js`),
//! not in the wasm: the core only needs what it checks.

#[rustfmt::skip] // written by tools/gen-catalog, compared byte for byte
mod generated;

pub use generated::{ENTITIES, HOSTED_OPERATIONS, OPERATIONS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Reads are safe to repeat; Asana may already have run a write that failed mid-flight.
    pub fn is_read(self) -> bool {
        self == Method::Get
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    /// The write body: always the single param `data`, sent as `{"data": {...}}`.
    Body,
    /// An HTTP header of the request (the download's `range_header` becomes `Range`).
    Header,
    /// Passed to the Airbyte API as given (hosted-only operations).
    Hosted,
    /// A part of a multipart form (`attachments`/`create`).
    Form,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
            Location::Header => "header",
            Location::Hosted => "body",
            Location::Form => "form",
        }
    }
}

/// The JSON type a value must have, with the format Asana checks on top of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    /// An object id (or, where Asana allows it, `me` or an email address).
    Gid,
    /// `limit`: an integer in 1..=100.
    Limit,
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
    /// ISO 8601 date-time, e.g. `2026-11-28T10:00:00Z`.
    DateTime,
    /// A date-time, or `now` (`completed_since=now`: incomplete tasks only).
    Since,
    /// A list of gids: a JSON array in bodies, comma-joined in queries.
    GidList,
    /// `opt_fields`: a list of dotted field paths, sent comma-joined.
    FieldList,
    /// The write body object, or a hosted search query.
    Object,
    /// A positive integer (hosted search page size).
    Count,
    /// Hosted search projection: dotted paths `["user.name"]` or key paths `[["user","name"]]`.
    FieldPaths,
    Integer,
    Number,
    /// A list of strings that are not gids: a JSON array in bodies, comma-joined in queries.
    StringList,
    /// A list of objects (enum options, batch actions...).
    Array,
    /// The spec leaves the type open (a compact object or its gid).
    Any,
    /// The bytes of an upload: a placeholder for a Blob/File/ArrayBuffer/Uint8Array/ReadableStream
    /// the JS side keeps.
    File,
}

impl Kind {
    /// The JSON Schema type name, as shown by `listEntities()` and the tool schemas.
    pub fn json_type(self) -> &'static str {
        match self {
            Kind::Limit | Kind::Count | Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::GidList | Kind::FieldList | Kind::FieldPaths | Kind::StringList | Kind::Array => "array",
            Kind::Object => "object",
            Kind::Any => "any",
            Kind::File => "file",
            _ => "string",
        }
    }

    /// What a person or a model should send, for error messages.
    pub fn expectation(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Gid => "a gid string such as \"1201234567890\"",
            Kind::Limit => "an integer from 1 to 100",
            Kind::Boolean => "true or false",
            Kind::Date => "a date string YYYY-MM-DD",
            Kind::DateTime => "an ISO 8601 date-time string such as 2026-01-31T17:00:00Z",
            Kind::Since => "an ISO 8601 date-time string such as 2026-01-31T17:00:00Z, or \"now\" for incomplete tasks only",
            Kind::GidList => "an array of gid strings (or one comma-separated string)",
            Kind::FieldList => "an array of field names such as [\"name\",\"assignee.name\"] (or one comma-separated string)",
            Kind::Object => "an object",
            Kind::Count => "a positive integer",
            Kind::FieldPaths => "an array of dotted field paths [\"name\",\"assignee.name\"] or key paths [[\"assignee\",\"name\"]]",
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::StringList => "an array of strings (or one comma-separated string)",
            Kind::Array => "an array",
            Kind::Any => "a value",
            Kind::File => "a Blob, File, ArrayBuffer, Uint8Array or ReadableStream",
        }
    }
}

/// A parameter of an operation (path, query or the body `data`), or a field inside `data`.
/// Names and choices are indices into the generated tables: 954 params fit in 10 bytes each.
#[derive(Debug, PartialEq)]
pub struct Param {
    name: u16,
    /// Into `CHOICES`; 0: any value of `kind` is accepted.
    choices: u16,
    /// Into `NAMES`, plus one; 0: no alias.
    alias: u16,
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
}

impl Param {
    pub fn name(&self) -> &'static str {
        generated::NAMES[usize::from(self.name)]
    }

    /// Allowed values; empty when any value of `kind` is accepted.
    pub fn choices(&self) -> &'static [&'static str] {
        generated::CHOICES[usize::from(self.choices)]
    }

    /// Another name the caller may use (typeahead's `limit` for `count`).
    pub fn alias(&self) -> Option<&'static str> {
        self.alias.checked_sub(1).map(|i| generated::NAMES[usize::from(i)])
    }
}

/// What Asana answers and how `execute` hands it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `{data: [...], meta: {next_page}}`.
    List,
    /// The object under `$.data`.
    Record,
    /// `{}`: Asana answers `{"data": {}}`.
    Empty,
    /// The attachment's bytes, fetched from its `download_url` in a second hop.
    Download,
    /// `batch`/`create`: one result per action, `{ok, status, data | error}`.
    Batch,
    /// Event streams: `{data, meta: {sync, has_more}}`; a 412 hands out a fresh sync token.
    Events,
    /// One page of matches, no `next_page`.
    Typeahead,
    /// `webhooks`/`create`: the record, with the secret Asana sends beside `data`.
    Webhook,
}

#[derive(Debug, PartialEq)]
pub struct Operation {
    pub entity: &'static str,
    pub action: &'static str,
    pub method: Method,
    /// Relative to the API root, with `{name}` placeholders for path params.
    pub path: &'static str,
    pub params: &'static [Param],
    /// Fields inside the `data` body param (empty for reads).
    pub body: &'static [Param],
    pub shape: Shape,
    /// Asana answers 402 outside premium workspaces.
    pub premium: bool,
    /// At least one of these groups must be given in full (Asana's own rule; empty: no rule).
    pub one_of: &'static [&'static [&'static str]],
    /// Body fields that may not be given together.
    pub exclusive: &'static [&'static str],
    /// Accepts `custom_fields.{gid}.{op}` query filters beyond the named params.
    pub custom_field_filters: bool,
    /// The spec calls it deprecated: callable, left out of tool descriptions.
    pub deprecated: bool,
    /// It starts an Asana job: the `wait` call option polls `jobs`/`get` until it finishes.
    pub job: bool,
}

impl Operation {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name() == name || p.alias() == Some(name))
    }

    /// Writes and deletes change Asana's data; reads (and downloads) do not.
    pub fn is_write(&self) -> bool {
        // Hosted search is a POST to Airbyte, but it only reads.
        !self.method.is_read() && self.action != "context_store_search"
    }

    pub fn is_destructive(&self) -> bool {
        self.method == Method::Delete || self.action == "delete" || self.action.starts_with("remove")
    }
}

pub fn entity(name: &str) -> Option<&'static str> {
    ENTITIES.iter().copied().find(|e| *e == name)
}

/// An operation that runs against Asana (local or hosted mode).
pub fn operation(entity: &str, action: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.entity == entity && op.action == action)
}

/// An operation only Airbyte's hosted service can run (`context_store_search`).
pub fn hosted_operation(entity: &str, action: &str) -> Option<&'static Operation> {
    HOSTED_OPERATIONS.iter().find(|op| op.entity == entity && op.action == action)
}

pub fn operations_of(entity: &str) -> impl Iterator<Item = &'static Operation> + '_ {
    OPERATIONS.iter().filter(move |op| op.entity == entity)
}

/// Longest name (entity, action, param key) the connector looks at; longer ones are refused
/// at once, and no message echoes more of the caller's input than this.
pub const MAX_NAME_CHARS: usize = 200;

/// The caller's input as a message may quote it: at most `MAX_NAME_CHARS` characters.
pub fn echo(input: &str) -> std::borrow::Cow<'_, str> {
    match input.char_indices().nth(MAX_NAME_CHARS) {
        Some((end, _)) => format!("{}…", &input[..end]).into(),
        None => input.into(),
    }
}

/// The closest candidate by edit distance, when it is close enough to be a likely typo.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if input.len() > MAX_NAME_CHARS {
        return None;
    }
    let input = input.to_ascii_lowercase();
    // Ties go to the candidate holding more of the input's letters ("taks": tasks, not tags).
    let missing = |c: &str| {
        let mut letters: Vec<char> = c.chars().collect();
        input.chars().filter(|ch| letters.iter().position(|l| l == ch).map(|i| letters.swap_remove(i)).is_none()).count()
    };
    candidates
        .into_iter()
        .map(|c| (edit_distance(&input, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, c)| (*d, missing(c)))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_whole_api() {
        assert_eq!(ENTITIES.len(), 98);
        assert_eq!(OPERATIONS.len(), 248);
        assert_eq!(OPERATIONS.iter().filter(|op| op.deprecated).count(), 4);
    }

    #[test]
    fn every_operation_belongs_to_a_known_entity_and_is_unique() {
        for op in OPERATIONS {
            assert!(entity(op.entity).is_some(), "{} has no entity row", op.entity);
            assert_eq!(OPERATIONS.iter().filter(|o| o.entity == op.entity && o.action == op.action).count(), 1);
        }
        for e in ENTITIES {
            assert!(operations_of(e).next().is_some(), "{e} has no operation");
        }
    }

    #[test]
    fn path_placeholders_match_path_params() {
        for op in OPERATIONS {
            let placeholders: Vec<&str> = op.path.split('{').skip(1).map(|s| s.split('}').next().unwrap()).collect();
            let path_params: Vec<&str> = op.params.iter().filter(|p| p.location == Location::Path).map(|p| p.name()).collect();
            assert_eq!(placeholders, path_params, "{}.{}", op.entity, op.action);
            assert!(op.params.iter().filter(|p| p.location == Location::Path).all(|p| p.required));
        }
    }

    #[test]
    fn reads_take_no_body() {
        for op in OPERATIONS.iter().filter(|op| op.method == Method::Get) {
            assert!(op.param("data").is_none() && op.body.is_empty(), "{}.{}", op.entity, op.action);
        }
    }

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["tasks", "projects", "workspaces"];
        assert_eq!(nearest("taks", names), Some("tasks"));
        assert_eq!(nearest("Projets", names), Some("projects"));
        assert_eq!(nearest("zzzzzz", names), None);
    }
}
