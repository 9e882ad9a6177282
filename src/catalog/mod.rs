//! The operation catalogue: every (entity, action) the connector can execute, held as data.
//!
//! One row per operation describes its HTTP method, path template, parameters, write-body
//! fields and result shape. The engine (`params`, `request`, `response`) reads these rows and
//! never special-cases an entity, so adding an operation means adding a row.

mod operations;

pub use operations::{ENTITIES, HOSTED_OPERATIONS, OPERATIONS};

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
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
            Location::Header => "header",
            Location::Hosted => "body",
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
}

impl Kind {
    /// The JSON Schema type name, as shown by `listEntities()` and the tool schemas.
    pub fn json_type(self) -> &'static str {
        match self {
            Kind::Limit | Kind::Count => "integer",
            Kind::Boolean => "boolean",
            Kind::GidList | Kind::FieldList | Kind::FieldPaths => "array",
            Kind::Object => "object",
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
        }
    }
}

/// A parameter of an operation (path, query or the body `data`), or a field inside `data`.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
    /// Allowed values; empty when any value of `kind` is accepted.
    pub choices: &'static [&'static str],
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
}

#[derive(Debug)]
pub struct Operation {
    pub entity: &'static str,
    pub action: &'static str,
    pub method: Method,
    /// Relative to the API root, with `{name}` placeholders for path params.
    pub path: &'static str,
    pub description: &'static str,
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
    /// A short form of a long param list, for the tool description.
    pub params_summary: Option<&'static str>,
}

impl Operation {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Writes and deletes change Asana's data; reads (and downloads) do not.
    pub fn is_write(&self) -> bool {
        !self.method.is_read()
    }

    pub fn is_destructive(&self) -> bool {
        self.action == "delete"
    }
}

#[derive(Debug)]
pub struct Entity {
    pub name: &'static str,
    pub description: &'static str,
}

pub fn entity(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name == name)
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
    candidates.into_iter().map(|c| (edit_distance(&input, c), c)).filter(|(d, c)| *d <= (c.len() / 3).max(2)).min_by_key(|(d, _)| *d).map(|(_, c)| c)
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
    fn counts_match_the_parity_surface() {
        assert_eq!(ENTITIES.len(), 27);
        assert_eq!(OPERATIONS.len(), 47);
        let count = |m| OPERATIONS.iter().filter(|op| op.method == m).count();
        assert_eq!((count(Method::Get), count(Method::Post), count(Method::Put), count(Method::Delete)), (30, 9, 4, 4));
        assert_eq!(OPERATIONS.iter().filter(|op| op.shape == Shape::List).count(), 21);
    }

    #[test]
    fn every_operation_belongs_to_a_known_entity_and_is_unique() {
        for op in OPERATIONS {
            assert!(entity(op.entity).is_some(), "{} has no entity row", op.entity);
            assert_eq!(OPERATIONS.iter().filter(|o| o.entity == op.entity && o.action == op.action).count(), 1);
        }
        for e in ENTITIES {
            assert!(operations_of(e.name).next().is_some(), "{} has no operation", e.name);
        }
    }

    #[test]
    fn path_placeholders_match_path_params() {
        for op in OPERATIONS {
            let placeholders: Vec<&str> = op.path.split('{').skip(1).map(|s| s.split('}').next().unwrap()).collect();
            let path_params: Vec<&str> = op.params.iter().filter(|p| p.location == Location::Path).map(|p| p.name).collect();
            assert_eq!(placeholders, path_params, "{}.{}", op.entity, op.action);
            assert!(op.params.iter().filter(|p| p.location == Location::Path).all(|p| p.required));
        }
    }

    #[test]
    fn writes_take_data_and_reads_do_not() {
        for op in OPERATIONS {
            let has_data = op.param("data").is_some();
            assert_eq!(has_data, matches!(op.method, Method::Post | Method::Put), "{}.{}", op.entity, op.action);
            assert_eq!(has_data, !op.body.is_empty(), "{}.{}", op.entity, op.action);
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
