//! The rule engine: the registry of built-in rules and what a rule sees when it runs.

pub mod iam;
pub mod lambda;
pub mod network;
#[cfg(test)]
pub(crate) mod testing;

use crate::model::Model;
use crate::report::{Finding, Severity};

/// Identity and defaults of a rule. The rule's documentation lives in `rules/<CODE>-<name>.yaml`
/// and is compiled in as `doc`.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The YAML documentation file, verbatim.
    pub doc: &'static str,
}

/// What a rule sees of one document.
pub struct Context<'a> {
    pub model: &'a Model,
    /// The file's text, for rules that need the exact source of a token.
    pub source: &'a str,
}

/// A check over the model. Rules never parse and never render.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Appends the findings for `cx` to `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Declares a rule's [`RuleMeta`] with its documentation file, so that code, name and doc
/// cannot drift apart (a test compares them).
#[macro_export]
macro_rules! rule_meta {
    ($code:literal, $name:literal, $severity:ident) => {
        $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::report::Severity::$severity,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/rules/",
                $code,
                "-",
                $name,
                ".yaml"
            )),
        }
    };
}

/// Every built-in rule, in code order.
#[must_use]
pub fn builtin() -> &'static [&'static dyn Rule] {
    &[
        &iam::WildcardResource,
        &iam::WildcardAction,
        &iam::FullAdmin,
        &network::PublicIngress,
        &network::PublicNaclIngress,
        &lambda::PlaintextSecret,
    ]
}

/// Finds a rule by code or name, case-insensitively.
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    builtin().iter().copied().find(|rule| {
        let meta = rule.meta();
        meta.code.eq_ignore_ascii_case(id) || meta.name.eq_ignore_ascii_case(id)
    })
}

/// Runs `rules` over one model.
#[must_use]
pub fn run(rules: &[&dyn Rule], cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules {
        rule.check(cx, &mut out);
    }
    out
}
