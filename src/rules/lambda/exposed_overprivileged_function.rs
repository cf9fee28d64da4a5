//! LAM006 exposed-overprivileged-function: an overprivileged function (LAM005) that the
//! internet can reach: a function URL without authentication, an invoke permission for
//! everyone, or a security group of its VPC config open to the whole internet. One request is
//! then all it takes to act with the role.

use super::execution_role::{self, Grant, Subject};
use crate::report::{Finding, Label, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM006", "exposed-overprivileged-function", Critical);

pub struct ExposedOverprivilegedFunction;

impl Rule for ExposedOverprivilegedFunction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for function in &cx.model.functions {
            // The ways in are cheaper to find than the role's privileges, and rarer.
            let exposures = execution_role::exposures(function, cx);
            if exposures.is_empty() {
                continue;
            }
            let Some(found) = execution_role::in_file(function, cx) else { continue };
            let subject = Subject::of(function, &found);
            let mut grants = Grant::here(found.privileges);
            out.extend(finding(&subject, &exposures, &[], &mut grants));
        }
    }
}

/// The finding for a function reachable through `exposures` (in its file) or `elsewhere`
/// (`file:line:column: what`, in other files of the run) whose role holds `grants`.
pub fn finding(
    subject: &Subject,
    exposures: &[Label],
    elsewhere: &[String],
    grants: &mut [Grant],
) -> Option<Finding> {
    let first_elsewhere = elsewhere.first().map(|way| way.rsplit(": ").next().unwrap_or(way));
    let way_in = exposures.first().map(|l| l.message.as_str()).or(first_elsewhere)?;
    let (what, _) = execution_role::summary(grants)?;
    let mut finding = Finding::new(META.code, META.name, Severity::Critical, subject.span)
        .message(format!(
            "{} is reachable from the internet and runs with a role that grants {what}",
            subject.name
        ))
        .help(
            "close the way in (AuthType AWS_IAM, a permission for the callers that need it, a \
             security group without public ingress) and give the function a role with only \
             the actions and resources its code calls",
        )
        .label(subject.label)
        .path(subject.path.clone())
        .value_key(format!("{} {way_in}", subject.role));
    finding.labels.extend(exposures.iter().cloned());
    finding.notes.extend(elsewhere.iter().map(|way| format!("{way}, a way in")));
    Some(execution_role::with_grants(finding, grants))
}
