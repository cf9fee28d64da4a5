//! Reading the catalog text format (see `scripts/gen-iam-catalog.py`).
//!
//! Loading only finds where each service's lines are: one `memchr` pass over the text. A
//! service's actions are indexed the first time a lookup reaches it, so a run that checks
//! `s3:GetObject` never reads the other 459 services.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::{AccessLevel, CatalogError, cmp_ignore_case};

/// A byte range into the catalog text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Range32 {
    pub start: u32,
    pub end: u32,
}

impl Range32 {
    fn new(start: usize, end: usize) -> Self {
        Self { start: start as u32, end: end as u32 }
    }

    /// `part`'s position in `text`, of which it is a subslice.
    fn of(text: &str, part: &str) -> Self {
        let start = part.as_ptr() as usize - text.as_ptr() as usize;
        Self::new(start, start + part.len())
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

pub(super) struct ServiceEntry {
    pub prefix: Range32,
    /// The service's lines, after its `@prefix` line and up to the next service.
    body: Range32,
    index: OnceLock<ServiceIndex>,
}

#[derive(Default)]
pub(super) struct ServiceIndex {
    pub actions: Vec<ActionEntry>,
    /// `type<TAB>arn...` of each `%` line, without the `%`.
    pub resources: Vec<Range32>,
    /// The service's condition keys, tab-separated (the `?` line without the `?`).
    pub condition_keys: Option<Range32>,
}

pub(super) struct ActionEntry {
    pub name: Range32,
    pub level: AccessLevel,
    pub inferred: bool,
    /// Comma-separated indices of the service's resource types, empty when the action accepts
    /// only `*`.
    pub types: Range32,
}

/// The header's date and where each service is.
pub(super) fn scan(text: &str) -> Result<(Option<Range32>, Vec<ServiceEntry>), CatalogError> {
    let bytes = text.as_bytes();
    let starts: Vec<usize> =
        memchr::memchr_iter(b'@', bytes).filter(|&i| i == 0 || bytes[i - 1] == b'\n').collect();

    let header = &text[..starts.first().copied().unwrap_or(text.len())];
    let date = header
        .lines()
        .find_map(|line| line.strip_prefix("# date: "))
        .map(|date| Range32::of(text, date.trim()));

    let mut services: Vec<ServiceEntry> = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let block = &text[start + 1..end];
        let (prefix, _) = block.split_once('\n').unwrap_or((block, ""));
        let prefix = prefix.trim_end_matches('\r');
        if prefix.is_empty() {
            return Err(CatalogError::new("a service line without a prefix"));
        }
        if let Some(last) = services.last() {
            let last = &text[last.prefix.start as usize..last.prefix.end as usize];
            if cmp_ignore_case(last, prefix) != Ordering::Less {
                return Err(CatalogError::new(format!(
                    "services are not sorted by prefix: `{prefix}` after `{last}`"
                )));
            }
        }
        let body_start = (start + 1 + block.find('\n').map_or(block.len(), |i| i + 1)).min(end);
        services.push(ServiceEntry {
            prefix: Range32::of(text, prefix),
            body: Range32::new(body_start, end),
            index: OnceLock::new(),
        });
    }
    if services.is_empty() {
        return Err(CatalogError::new("the catalog has no services"));
    }
    Ok((date, services))
}

impl ServiceEntry {
    /// The service's actions and resource types, read on first use. Lines that do not parse
    /// are left out; [`validate`] is what reports them.
    pub fn index(&self, text: &str) -> &ServiceIndex {
        self.index.get_or_init(|| {
            let body = &text[self.body.start as usize..self.body.end as usize];
            let mut index = ServiceIndex::default();
            for line in body.lines() {
                match parse_line(line) {
                    Ok(Line::Resource(rest)) => index.resources.push(Range32::of(text, rest)),
                    Ok(Line::ConditionKeys(rest)) => {
                        index.condition_keys = Some(Range32::of(text, rest));
                    }
                    Ok(Line::Action { name, level, inferred, types }) => {
                        index.actions.push(ActionEntry {
                            name: Range32::of(text, name),
                            level,
                            inferred,
                            types: Range32::of(text, types),
                        });
                    }
                    Ok(Line::Blank) | Err(_) => {}
                }
            }
            index
        })
    }
}

enum Line<'a> {
    Blank,
    Resource(&'a str),
    ConditionKeys(&'a str),
    Action { name: &'a str, level: AccessLevel, inferred: bool, types: &'a str },
}

fn parse_line(line: &str) -> Result<Line<'_>, &'static str> {
    if line.is_empty() || line.starts_with('#') {
        return Ok(Line::Blank);
    }
    if let Some(rest) = line.strip_prefix('%') {
        return Ok(Line::Resource(rest));
    }
    if let Some(rest) = line.strip_prefix('?') {
        return Ok(Line::ConditionKeys(rest));
    }
    let mut fields = line.split('\t');
    let name = fields.next().unwrap_or_default();
    let level = fields.next().unwrap_or_default();
    // No index field: an empty range at the end of the line, inside the text.
    let types = fields.next().unwrap_or(&line[line.len()..]);
    let (Some(&code), 1) = (level.as_bytes().first(), level.len()) else {
        return Err("an action without a one-letter access level");
    };
    let level = AccessLevel::from_letter(code).ok_or("unknown access level")?;
    Ok(Line::Action { name, level, inferred: code.is_ascii_lowercase(), types })
}

/// Checks every line strictly: what [`ServiceEntry::index`] would skip is an error here, with
/// its line number. The compiled-in catalog is validated by a test, a user's on loading.
pub(super) fn validate(text: &str) -> Result<(), CatalogError> {
    let mut in_service = false;
    let mut resources = 0;
    let mut previous: Option<&str> = None;

    for (number, line) in text.lines().enumerate() {
        let error = |what: &str| CatalogError::new(format!("line {}: {what}", number + 1));
        if line.starts_with('@') {
            (in_service, resources, previous) = (true, 0, None);
            continue;
        }
        match parse_line(line).map_err(error)? {
            Line::Resource(_) if !in_service => {
                return Err(error("a resource type before the first service"));
            }
            Line::Resource(_) => resources += 1,
            Line::ConditionKeys(_) if !in_service => {
                return Err(error("condition keys before the first service"));
            }
            Line::Blank | Line::ConditionKeys(_) => {}
            Line::Action { .. } if !in_service => {
                return Err(error("an action before the first service"));
            }
            Line::Action { name, types, .. } => {
                let in_range = |t: &str| t.parse::<usize>().is_ok_and(|i| i < resources);
                if !types.is_empty() && !types.split(',').all(in_range) {
                    return Err(error("a resource type index out of range"));
                }
                if previous.is_some_and(|p| cmp_ignore_case(p, name) != Ordering::Less) {
                    return Err(error("actions are not sorted by name"));
                }
                previous = Some(name);
            }
        }
    }
    Ok(())
}
