//! What tighten knows about AWS, compiled in and dated: the IAM action catalog (every service
//! prefix and action AWS documents, with each action's access level and the resource types it
//! accepts) and the Lambda runtime lifecycle ([`runtimes`]).
//!
//! The compiled-in catalog is `data/iam-catalog.txt`, written by `scripts/gen-iam-catalog.py`
//! (its docstring describes the format). It is parsed on first use only, so runs that check
//! no policy never pay for it, and parsing builds no string: every name is a byte range into
//! the text. A user may replace it with a newer cfn-lint `Policies.json` (see [`policies`]).

mod date;
mod pattern;
mod policies;
pub mod runtimes;
mod suggest;
mod text;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

pub use date::{Date, DateError};
pub use pattern::{ActionPattern, Expansion, ServiceMatch, glob_matches};

use text::{ActionEntry, Range32, ServiceEntry, ServiceIndex};

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
    fn from_letter(code: u8) -> Option<Self> {
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

/// The IAM action catalog.
pub struct Catalog {
    text: Cow<'static, str>,
    date: Option<Range32>,
    /// Sorted by prefix, case-insensitively.
    services: Vec<ServiceEntry>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("date", &self.date())
            .field("services", &self.services.len())
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The compiled-in catalog, loaded on first use.
    ///
    /// # Panics
    ///
    /// Never in a tested build: the compiled-in text is the one the tests load.
    #[must_use]
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        // The compiled-in text is checked by the test `builtin_catalog_loads`; a catalog that
        // failed to load could only come from a broken build.
        BUILTIN.get_or_init(|| {
            Self::parse_builtin().expect("invariant: the compiled-in catalog loads")
        })
    }

    /// Loads the compiled-in text afresh, for measuring what [`Catalog::builtin`] costs.
    pub fn parse_builtin() -> Result<Catalog, CatalogError> {
        Self::parse(Cow::Borrowed(BUILTIN_TEXT))
    }

    /// Loads the text format of `scripts/gen-iam-catalog.py`, trusting its lines: only the
    /// service lines are read now, each service's actions when a lookup first reaches it.
    fn parse(text: Cow<'static, str>) -> Result<Catalog, CatalogError> {
        let (date, services) = text::scan(&text)?;
        Ok(Catalog { text, date, services })
    }

    /// Loads the text format after checking every line of it.
    fn parse_checked(text: Cow<'static, str>) -> Result<Catalog, CatalogError> {
        text::validate(&text)?;
        Self::parse(text)
    }

    /// Loads a user-provided catalog in cfn-lint's `Policies.json` shape.
    pub fn from_policies_json(json: &str) -> Result<Catalog, CatalogError> {
        let text = policies::convert(json, Self::builtin())?;
        let catalog = Self::parse_checked(Cow::Owned(text))?;
        if catalog.services().all(|s| s.is_empty()) {
            return Err(CatalogError::new("the catalog has no actions"));
        }
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

    /// How many services the catalog knows.
    #[must_use]
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// How many actions the catalog knows (this reads every service).
    #[must_use]
    pub fn action_count(&self) -> usize {
        self.services().map(|s| s.len()).sum()
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

    fn index(&self) -> &'a ServiceIndex {
        self.entry().index(&self.catalog.text)
    }

    /// The prefix as the catalog spells it (`s3`, `ec2`).
    #[must_use]
    pub fn prefix(&self) -> &'a str {
        self.catalog.slice(self.entry().prefix)
    }

    /// How many actions the service has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.index().actions.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index().actions.is_empty()
    }

    pub fn actions(&self) -> impl Iterator<Item = Action<'a>> + use<'a> {
        let service = *self;
        (0..self.len()).map(move |index| Action { service, index })
    }

    /// The condition keys of the service itself (`s3:prefix`, `lambda:FunctionUrlAuthType`),
    /// as the reference spells them; the global `aws:` keys are not listed.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let keys = self.index().condition_keys.map_or("", |keys| self.catalog.slice(keys));
        keys.split('\t').filter(|key| !key.is_empty())
    }

    /// The action of this service named `name`, case-insensitively.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<Action<'a>> {
        let actions = &self.index().actions;
        let found = actions.binary_search_by(|a| cmp_ignore_case(self.catalog.slice(a.name), name));
        found.ok().map(|index| Action { service: *self, index })
    }
}

/// One action of a catalog.
#[derive(Clone, Copy)]
pub struct Action<'a> {
    service: Service<'a>,
    index: usize,
}

impl fmt::Debug for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix(), self.name())
    }
}

impl<'a> Action<'a> {
    fn entry(&self) -> &'a ActionEntry {
        &self.service.index().actions[self.index]
    }

    /// The action's name without its prefix (`GetObject`). Actions only the newest source
    /// knows are spelt in lowercase.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.service.catalog.slice(self.entry().name)
    }

    #[must_use]
    pub fn service(&self) -> Service<'a> {
        self.service
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
        !self.entry().types.is_empty()
    }

    /// The resource types the action accepts, with their ARN formats.
    pub fn resource_types(&self) -> impl Iterator<Item = ResourceType<'a>> + use<'a> {
        let catalog = self.service.catalog;
        let resources = &self.service.index().resources;
        let types = catalog.slice(self.entry().types);
        types.split(',').filter(|i| !i.is_empty()).filter_map(move |i| {
            let line = catalog.slice(*resources.get(i.parse::<usize>().ok()?)?);
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

#[cfg(test)]
mod tests;
