//! The typed model that rules visit: policies, network rules and functions, every value with
//! the span it came from.
//!
//! Formats build it; rules read it. Nothing here parses or reports.

pub mod iam;
pub mod lambda;
pub mod network;
mod template;
mod value;
mod visit;

pub use template::{Parameter, ParameterUse, Resource};
pub use value::{Alternatives, Value, ValueKind, Values};

/// Everything extracted from one document.
#[derive(Debug, Default)]
pub struct Model {
    pub policies: Vec<iam::Policy>,
    pub security_groups: Vec<network::SecurityGroup>,
    pub network_acls: Vec<network::NetworkAcl>,
    pub functions: Vec<lambda::Function>,
    /// IAM roles declared in a template, with the managed policies attached to them. Their
    /// trust and inline policies are in `policies`.
    pub roles: Vec<iam::Role>,
    /// Managed policies attached by ARN to identities that are not template roles or SAM
    /// functions.
    pub attached_policies: Vec<iam::AttachedPolicy>,
    /// Resource-based permissions to invoke a function (`AWS::Lambda::Permission`).
    pub permissions: Vec<lambda::Permission>,
    pub function_urls: Vec<lambda::FunctionUrl>,
    /// The resources of a template, for naming the resource a finding is in.
    pub resources: Vec<Resource>,
    /// Where a template value was taken from a parameter's default, for the note a finding
    /// on that value carries.
    pub parameter_uses: Vec<ParameterUse>,
    /// The parameters of a template.
    pub parameters: Vec<Parameter>,
    /// Strings holding an embedded document whose spans could not be mapped character by
    /// character (a folded YAML scalar): every span inside is the whole string.
    pub approximate: Vec<crate::syntax::Span>,
}

impl Model {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
            && self.security_groups.is_empty()
            && self.network_acls.is_empty()
            && self.functions.is_empty()
            && self.roles.is_empty()
            && self.attached_policies.is_empty()
            && self.permissions.is_empty()
            && self.function_urls.is_empty()
    }

    /// The innermost template resource whose source holds `span`.
    #[must_use]
    pub fn resource_at(&self, span: crate::syntax::Span) -> Option<&Resource> {
        self.resources.iter().filter(|r| r.span.contains(span)).min_by_key(|r| r.span.len())
    }

    /// The resources indexed by position, for [`Model::resource_at`] on many spans: a template
    /// of 10,000 resources with as many findings made the linear search quadratic.
    #[must_use]
    pub fn resource_index(&self) -> ResourceIndex<'_> {
        ResourceIndex::new(&self.resources)
    }
}

/// Resources sorted by where they start, each with the innermost resource around it. Spans of
/// a document tree nest or are disjoint, so the innermost resource holding a span is the last
/// one starting at or before it, or one of that one's enclosing resources.
pub struct ResourceIndex<'a> {
    sorted: Vec<&'a Resource>,
    parent: Vec<Option<usize>>,
}

impl<'a> ResourceIndex<'a> {
    fn new(resources: &'a [Resource]) -> Self {
        let mut sorted: Vec<&Resource> = resources.iter().collect();
        sorted.sort_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));

        let mut parent = Vec::with_capacity(sorted.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, resource) in sorted.iter().enumerate() {
            while open.last().is_some_and(|&o| !sorted[o].span.contains(resource.span)) {
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        Self { sorted, parent }
    }

    /// The innermost resource whose source holds `span`, as [`Model::resource_at`] finds it.
    #[must_use]
    pub fn at(&self, span: crate::syntax::Span) -> Option<&'a Resource> {
        let after = self.sorted.partition_point(|r| r.span.start <= span.start);
        let mut at = after.checked_sub(1);
        while let Some(i) = at {
            if self.sorted[i].span.contains(span) {
                return Some(self.sorted[i]);
            }
            at = self.parent[i];
        }
        None
    }
}

/// Joins a document path and a child key: `Statement[0]` + `Action` gives `Statement[0].Action`.
#[must_use]
pub fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

/// Appends an index: `Statement` + 2 gives `Statement[2]`.
#[must_use]
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    #[test]
    fn the_resource_index_finds_what_the_linear_search_finds() {
        let resource = |id: &str, start, end| Resource {
            logical_id: id.into(),
            kind: "T".into(),
            span: Span::new(start, end),
        };
        let model = Model {
            resources: vec![
                resource("B", 100, 200),
                resource("A", 10, 90),
                resource("A1", 20, 40),
                resource("A2", 50, 80),
                resource("A21", 60, 70),
                resource("C", 300, 310),
            ],
            ..Model::default()
        };
        let index = model.resource_index();
        for start in 0..320 {
            for len in [0, 1, 5, 30] {
                let span = Span::new(start, start + len);
                let want = model.resource_at(span).map(|r| &*r.logical_id);
                assert_eq!(index.at(span).map(|r| &*r.logical_id), want, "{span:?}");
            }
        }
        assert_eq!(index.at(Span::new(65, 66)).map(|r| &*r.logical_id), Some("A21"));
        assert_eq!(index.at(Span::new(85, 86)).map(|r| &*r.logical_id), Some("A"));
    }
}
