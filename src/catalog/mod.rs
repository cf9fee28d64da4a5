//! The IAM action catalog: every service prefix and action AWS documents, with each action's
//! access level and the resource types it accepts.
//!
//! The compiled-in catalog is `data/iam-catalog.txt`, written by `scripts/gen-iam-catalog.py`
//! (its docstring describes the format). It is parsed on first use only, so runs that check
//! no policy never pay for it, and parsing builds no string: every name is a byte range into
//! the text. A user may replace it with a newer cfn-lint `Policies.json` (see [`policies`]).

mod pattern;
mod policies;
mod suggest;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

pub use pattern::{ActionPattern, Expansion, ServiceMatch, glob_matches};

/// The date of the compiled-in catalog's data, as a literal for `concat!`. Regenerating the
/// catalog means updating it; a test compares it with the data file's header.
#[macro_export]
macro_rules! catalog_date {
    () => {
        "2026-10-20"
    };
}

/// The date of the compiled-in catalog.
pub const BUILTIN_DATE: &str = catalog_date!();

static BUILTIN_TEXT: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/iam-catalog.txt"));

/// What an action lets a principal do, as the service authorization reference classifies it.
/// Ordered by how much harm a grant of it on every resource can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    /// Not classified by the data (an action of a user catalog the built-in one lacks).
    Unknown,
    List,
    Read,
    Tagging,
    Write,
    PermissionsManagement,
}

impl AccessLevel {
    fn from_code(code: u8) -> Option<Self> {
        Some(match code.to_ascii_uppercase() {
            b'L' => Self::List,
            b'R' => Self::Read,
            b'T' => Self::Tagging,
            b'W' => Self::Write,
            b'P' => Self::PermissionsManagement,
            b'?' => Self::Unknown,
            _ => return None,
        })
    }

    /// The one-letter code of the catalog format.
    #[must_use]
    pub fn letter(self) -> char {
        match self {
            Self::Unknown => '?',
            Self::List => 'L',
            Self::Read => 'R',
            Self::Tagging => 'T',
            Self::Write => 'W',
            Self::PermissionsManagement => 'P',
        }
    }

    /// The name the service authorization reference uses: `List`, `Permissions management`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::List => "List",
            Self::Read => "Read",
            Self::Tagging => "Tagging",
            Self::Write => "Write",
            Self::PermissionsManagement => "Permissions management",
        }
    }
}

/// A catalog that could not be loaded: what is wrong and where.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CatalogError {
    pub message: String,
}

impl CatalogError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

/// A byte range into the catalog text.
#[derive(Clone, Copy, Debug)]
struct Range32 {
    start: u32,
    end: u32,
}

impl Range32 {
    fn of(text: &str, part: &str) -> Self {
        // `part` is a subslice of `text`: its address minus the text's is its offset.
        let start = part.as_ptr() as usize - text.as_ptr() as usize;
        Self { start: start as u32, end: (start + part.len()) as u32 }
    }
}

#[derive(Debug)]
struct ServiceEntry {
    prefix: Range32,
    /// Indices into `Catalog::actions`.
    actions: std::ops::Range<u32>,
    /// Indices into `Catalog::resources`.
    resources: std::ops::Range<u32>,
}

#[derive(Debug)]
struct ActionEntry {
    name: Range32,
    level: AccessLevel,
    inferred: bool,
    /// Comma-separated indices of the service's resource types, empty when the action accepts
    /// only `*`.
    types: Range32,
}

/// The IAM action catalog.
pub struct Catalog {
    text: Cow<'static, str>,
    date: Option<Range32>,
    services: Vec<ServiceEntry>,
    actions: Vec<ActionEntry>,
    /// `%type<TAB>arn...` lines, without the `%`.
    resources: Vec<Range32>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("date", &self.date())
            .field("services", &self.services.len())
            .field("actions", &self.actions.len())
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The compiled-in catalog, parsed on first use.
    ///
    /// # Panics
    ///
    /// Never in a tested build: the compiled-in text is the one the tests parse.
    #[must_use]
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        // The compiled-in text is checked by the test `builtin_catalog_loads`; a catalog that
        // failed to parse could only come from a broken build.
        BUILTIN.get_or_init(|| {
            Self::parse(Cow::Borrowed(BUILTIN_TEXT)).expect("the compiled-in catalog parses")
        })
    }

    /// Parses the compiled-in text afresh, for measuring what [`Catalog::builtin`] costs.
    pub fn parse_builtin() -> Result<Catalog, CatalogError> {
        Self::parse(Cow::Borrowed(BUILTIN_TEXT))
    }

    /// Parses the catalog format of `scripts/gen-iam-catalog.py`.
    pub fn parse(text: Cow<'static, str>) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog {
            text: Cow::Borrowed(""),
            date: None,
            services: Vec::with_capacity(512),
            actions: Vec::with_capacity(24_000),
            resources: Vec::with_capacity(3_000),
        };
        let source: &str = &text;
        let mut previous: Option<&str> = None;

        for (number, line) in source.lines().enumerate() {
            let error = |what: &str| CatalogError::new(format!("line {}: {what}", number + 1));
            match line.as_bytes().first() {
                None => {}
                Some(b'#') => {
                    if let Some(date) = line.strip_prefix("# date: ") {
                        catalog.date = Some(Range32::of(source, date.trim()));
                    }
                }
                Some(b'@') => {
                    let prefix = &line[1..];
                    if prefix.is_empty() {
                        return Err(error("a service line without a prefix"));
                    }
                    if let Some(last) = catalog.services.last() {
                        let last = &source[last.prefix.start as usize..last.prefix.end as usize];
                        if cmp_ignore_case(last, prefix) != Ordering::Less {
                            return Err(error("services are not sorted by prefix"));
                        }
                    }
                    let (actions, resources) =
                        (catalog.actions.len() as u32, catalog.resources.len() as u32);
                    catalog.services.push(ServiceEntry {
                        prefix: Range32::of(source, prefix),
                        actions: actions..actions,
                        resources: resources..resources,
                    });
                    previous = None;
                }
                Some(b'%') => {
                    let service = catalog
                        .services
                        .last_mut()
                        .ok_or_else(|| error("a resource type before the first service"))?;
                    catalog.resources.push(Range32::of(source, &line[1..]));
                    service.resources.end += 1;
                }
                Some(_) => {
                    let service = catalog
                        .services
                        .last_mut()
                        .ok_or_else(|| error("an action before the first service"))?;
                    let mut fields = line.split('\t');
                    let name = fields.next().unwrap_or_default();
                    let level = fields.next().unwrap_or_default();
                    // No index field: an empty range at the end of the line, inside the text.
                    let types = fields.next().unwrap_or(&line[line.len()..]);
                    let (Some(&code), 1) = (level.as_bytes().first(), level.len()) else {
                        return Err(error("an action without a one-letter access level"));
                    };
                    let level = AccessLevel::from_code(code)
                        .ok_or_else(|| error("unknown access level"))?;
                    let resources = service.resources.end - service.resources.start;
                    if !types
                        .split(',')
                        .filter(|t| !t.is_empty())
                        .all(|t| t.parse::<u32>().is_ok_and(|i| i < resources))
                    {
                        return Err(error("a resource type index out of range"));
                    }
                    if previous.is_some_and(|p| cmp_ignore_case(p, name) != Ordering::Less) {
                        return Err(error("actions are not sorted by name"));
                    }
                    previous = Some(name);
                    catalog.actions.push(ActionEntry {
                        name: Range32::of(source, name),
                        level,
                        inferred: code.is_ascii_lowercase(),
                        types: Range32::of(source, types),
                    });
                    service.actions.end += 1;
                }
            }
        }

        if catalog.actions.is_empty() {
            return Err(CatalogError::new("the catalog has no actions"));
        }
        catalog.text = text;
        Ok(catalog)
    }

    fn slice(&self, range: Range32) -> &str {
        &self.text[range.start as usize..range.end as usize]
    }

    /// The date of the data, when the catalog says (the compiled-in one does).
    #[must_use]
    pub fn date(&self) -> Option<&str> {
        self.date.map(|d| self.slice(d))
    }

    /// How many actions the catalog knows.
    #[must_use]
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    pub fn services(&self) -> impl Iterator<Item = Service<'_>> {
        (0..self.services.len()).map(|index| Service { catalog: self, index })
    }

    /// The service with this prefix, case-insensitively.
    #[must_use]
    pub fn service(&self, prefix: &str) -> Option<Service<'_>> {
        self.services
            .binary_search_by(|s| cmp_ignore_case(self.slice(s.prefix), prefix))
            .ok()
            .map(|index| Service { catalog: self, index })
    }

    /// The action `service:Name`, case-insensitively; `None` for patterns and unknown names.
    #[must_use]
    pub fn action(&self, action: &str) -> Option<Action<'_>> {
        let (prefix, name) = action.split_once(':')?;
        self.service(prefix)?.action(name)
    }
}

/// One service of a catalog.
#[derive(Clone, Copy)]
pub struct Service<'a> {
    catalog: &'a Catalog,
    index: usize,
}

impl<'a> Service<'a> {
    fn entry(&self) -> &'a ServiceEntry {
        &self.catalog.services[self.index]
    }

    /// The prefix as the catalog spells it (`s3`, `ec2`).
    #[must_use]
    pub fn prefix(&self) -> &'a str {
        self.catalog.slice(self.entry().prefix)
    }

    /// How many actions the service has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entry().actions.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entry().actions.is_empty()
    }

    pub fn actions(&self) -> impl Iterator<Item = Action<'a>> + use<'a> {
        let catalog = self.catalog;
        self.entry().actions.clone().map(move |index| Action { catalog, index: index as usize })
    }

    /// The action of this service named `name`, case-insensitively.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<Action<'a>> {
        let range = self.entry().actions.clone();
        let entries = &self.catalog.actions[range.start as usize..range.end as usize];
        let found = entries.binary_search_by(|a| cmp_ignore_case(self.catalog.slice(a.name), name));
        found.ok().map(|i| Action { catalog: self.catalog, index: range.start as usize + i })
    }
}

/// One action of a catalog.
#[derive(Clone, Copy)]
pub struct Action<'a> {
    catalog: &'a Catalog,
    index: usize,
}

impl fmt::Debug for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl PartialEq for Action<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.catalog, other.catalog) && self.index == other.index
    }
}

impl<'a> Action<'a> {
    fn entry(&self) -> &'a ActionEntry {
        &self.catalog.actions[self.index]
    }

    /// The action's name without its prefix (`GetObject`). Actions only the newest source
    /// knows are spelt in lowercase.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.catalog.slice(self.entry().name)
    }

    #[must_use]
    pub fn service(&self) -> Service<'a> {
        let index = self.catalog.services.partition_point(|s| s.actions.end as usize <= self.index);
        Service { catalog: self.catalog, index }
    }

    #[must_use]
    pub fn level(&self) -> AccessLevel {
        self.entry().level
    }

    /// Whether the access level was inferred from the action's verb rather than read from the
    /// reference.
    #[must_use]
    pub fn level_inferred(&self) -> bool {
        self.entry().inferred
    }

    /// Whether the action can be limited to named resources: it accepts at least one resource
    /// type. Actions that accept none only work with `"Resource": "*"`.
    #[must_use]
    pub fn accepts_resources(&self) -> bool {
        self.entry().types.start != self.entry().types.end
    }

    /// The resource types the action accepts, with their ARN formats.
    pub fn resource_types(&self) -> impl Iterator<Item = ResourceType<'a>> + use<'a> {
        let catalog = self.catalog;
        let base = self.service().entry().resources.start as usize;
        catalog.slice(self.entry().types).split(',').filter_map(move |i| {
            let line = catalog.slice(*catalog.resources.get(base + i.parse::<usize>().ok()?)?);
            let mut fields = line.split('\t');
            let name = fields.next()?;
            Some(ResourceType { name, arns: fields })
        })
    }
}

/// A resource type of a service: its name and the ARN formats that identify it.
pub struct ResourceType<'a> {
    pub name: &'a str,
    arns: std::str::Split<'a, char>,
}

impl<'a> ResourceType<'a> {
    /// The ARN formats (`arn:${Partition}:s3:::.*`), as the source writes them.
    pub fn arns(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.arns.clone()
    }
}

/// Compares as IAM does: ASCII case-insensitively.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    let b = b.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

impl Catalog {
    /// Loads a user-provided catalog in cfn-lint's `Policies.json` shape.
    pub fn from_policies_json(json: &str) -> Result<Catalog, CatalogError> {
        policies::convert(json, Self::builtin()).and_then(|text| Self::parse(Cow::Owned(text)))
    }

    /// The action of the same service closest in spelling to `name`, for a did-you-mean.
    #[must_use]
    pub fn suggest_action<'a>(&'a self, service: Service<'a>, name: &str) -> Option<Action<'a>> {
        suggest::closest(name, service.actions(), |a| a.name())
    }

    /// The service prefix closest in spelling to `prefix`.
    #[must_use]
    pub fn suggest_service(&self, prefix: &str) -> Option<Service<'_>> {
        suggest::closest(prefix, self.services(), |s| s.prefix())
    }
}

#[cfg(test)]
mod tests;
