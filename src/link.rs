//! The run-wide phase: what one file says about another.
//!
//! Files are checked in parallel and each one alone. Some facts only meet across files: a
//! `get-function-configuration` names its role by ARN, and the role's policies are in a
//! `get-role-policy` output beside it, and its public URL in a `get-function-url-config`
//! output. Each file leaves a small summary of such facts ([`RunFacts`]: the privileged roles
//! it describes by name, the functions whose role it only names, the ways in it shows to
//! functions it names); this phase joins them, in path order, after every file is done, and adds the
//! findings to the function's file. It reads no file again and touches no tree, so its cost is
//! a hash map over a few names.

use std::collections::HashMap;

use crate::lint::Options;
use crate::report::{FileResult, Finding};
use crate::rules::Rule;
use crate::rules::lambda::execution_role::{Grant, PendingFunction, Place, RunFacts, Subject};
use crate::rules::lambda::{ExposedOverprivilegedFunction, OverprivilegedFunction};

/// Whether the rules need to know a file's functions whose role is elsewhere.
#[must_use]
pub fn wants_functions(rules: &[&dyn Rule]) -> bool {
    rules.iter().any(|rule| ["LAM005", "LAM006"].contains(&rule.meta().code))
}

/// Adds to `results` the findings that need several files. `facts[i]` is what `results[i]`
/// told; both are sorted by path.
pub fn link(results: &mut [FileResult], facts: &[Option<RunFacts>], options: &Options) {
    // Most runs have no function whose role is elsewhere, and nothing to join.
    if facts.iter().flatten().all(|f| f.functions.is_empty()) {
        return;
    }

    // Every privilege of every role, by role name, in path order.
    let mut by_role: HashMap<&str, Vec<Grant>> = HashMap::new();
    for (result, facts) in results.iter().zip(facts) {
        for role in facts.iter().flat_map(|f| &f.roles) {
            let grants = role.privileges.iter().map(|(at, what, severity)| Grant {
                what: what.clone(),
                severity: *severity,
                place: Place::Elsewhere { file: result.path.clone(), at: *at },
            });
            by_role.entry(&role.name).or_default().extend(grants);
        }
    }

    // Every way in from the internet that names its function, by the function's name.
    let mut ways_in: HashMap<&str, Vec<String>> = HashMap::new();
    for (result, facts) in results.iter().zip(facts) {
        for way in facts.iter().flat_map(|f| &f.ways_in) {
            let note = format!("{}:{}:{}: {}", result.path, way.at.line, way.at.column, way.what);
            ways_in.entry(&way.function).or_default().push(note);
        }
    }

    for (result, facts) in results.iter_mut().zip(facts) {
        let Some(facts) = facts else { continue };
        let (rules, severities) = options.rules_for(&result.path);
        let enabled = |code: &str| rules.iter().any(|rule| rule.meta().code == code);
        let mut added = Vec::new();
        for function in &facts.functions {
            let Some(grants) = by_role.get(function.role.as_str()) else { continue };
            if enabled(OverprivilegedFunction.meta().code) {
                added.extend(overprivileged(function, grants));
            }
            if enabled(ExposedOverprivilegedFunction.meta().code) {
                let elsewhere = function.name.as_deref().and_then(|name| ways_in.get(name));
                added.extend(exposed(function, elsewhere.map_or(&[][..], Vec::as_slice), grants));
            }
        }
        if added.is_empty() {
            continue;
        }
        for finding in &mut added {
            finding.resource.clone_from(&facts_resource(facts, finding));
            if let Some(severity) = severities.get(finding.code) {
                finding.severity = *severity;
            }
        }
        result.findings.extend(added);
        result.findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    }
}

fn overprivileged(function: &PendingFunction, grants: &[Grant]) -> Option<Finding> {
    let mut grants = grants.to_vec();
    crate::rules::lambda::overprivileged_finding(&Subject::pending(function), &mut grants)
}

fn exposed(function: &PendingFunction, elsewhere: &[String], grants: &[Grant]) -> Option<Finding> {
    let mut grants = grants.to_vec();
    let subject = Subject::pending(function);
    crate::rules::lambda::exposed_finding(&subject, &function.exposures, elsewhere, &mut grants)
}

/// The template resource of the function a finding is on.
fn facts_resource(facts: &RunFacts, finding: &Finding) -> Option<Box<str>> {
    facts.functions.iter().find(|f| f.span == finding.span).and_then(|f| f.logical_id.clone())
}
