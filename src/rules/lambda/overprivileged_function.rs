//! LAM005 overprivileged-function: a function's own execution role grants administrator
//! access, every action of a sensitive service on every resource, a way to escalate
//! privileges, or an administrator-level AWS managed policy. Whoever controls the function's
//! input (an injection, a poisoned dependency) acts with that role.

use super::execution_role::{self, Grant, Subject};
use crate::report::Finding;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM005", "overprivileged-function", High);

pub struct OverprivilegedFunction;

impl Rule for OverprivilegedFunction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for function in &cx.model.functions {
            let Some(found) = execution_role::in_file(function, cx) else { continue };
            let subject = Subject::of(function, &found);
            let mut grants = Grant::here(found.privileges);
            out.extend(finding(&subject, &mut grants));
        }
    }
}

/// The finding for a function whose role holds `grants`, if it holds any.
pub fn finding(subject: &Subject, grants: &mut [Grant]) -> Option<Finding> {
    let (what, severity) = execution_role::summary(grants)?;
    let finding = Finding::new(META.code, META.name, severity, subject.span)
        .message(format!("{} runs with a role that grants {what}", subject.name))
        .help(
            "give the function a role of its own with only the actions and resources its code \
             calls; keep administration to roles people assume when they need it",
        )
        .label(subject.label)
        .path(subject.path.clone())
        .value_key(subject.role.clone());
    Some(execution_role::with_grants(finding, grants))
}
