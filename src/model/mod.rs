//! The typed model that rules visit: policies, network rules and functions, every value with
//! the span it came from.
//!
//! Formats build it; rules read it. Nothing here parses or reports.

pub mod iam;
pub mod lambda;
pub mod network;
mod value;

pub use value::{Value, ValueKind, Values};

/// Everything extracted from one document.
#[derive(Debug, Default)]
pub struct Model {
    pub policies: Vec<iam::Policy>,
    pub security_groups: Vec<network::SecurityGroup>,
    pub network_acls: Vec<network::NetworkAcl>,
    pub functions: Vec<lambda::Function>,
}

impl Model {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
            && self.security_groups.is_empty()
            && self.network_acls.is_empty()
            && self.functions.is_empty()
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
