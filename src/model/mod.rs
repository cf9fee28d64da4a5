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
pub use value::{Value, ValueKind, Values};

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
