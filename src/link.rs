//! The run-wide phase: what one file says about another.
//!
//! Files are checked in parallel and each one alone. Some facts only meet across files: a
//! `get-function-configuration` names its role by ARN, and the role's policies are in a
//! `get-role-policy` output beside it, and its public URL in a `get-function-url-config`
//! output. Each file leaves a small summary of such facts ([`RunFacts`]: the privileged roles
//! it describes by name, the functions whose role it only names, the ways in it shows to
//! functions it names); this phase joins them, in path order, after every file is done, and adds the
//! findings to the function's file. Files are joined within one directory only: names are
//! unique within an account, and a repository holds many projects. It reads no file again and
//! touches no tree, so its cost is a hash map over a few names.

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

    // Names are only unique within an account, and a run over a repository holds many
    // projects: files are linked within their directory, as one CLI dump or one stack is kept.
    let dirs: Vec<String> = results.iter().map(|r| directory(&r.path).to_owned()).collect();

    // Every privilege of every role, by directory and role name, in path order.
    let mut by_role: HashMap<(&str, &str), Vec<Grant>> = HashMap::new();
    for ((result, facts), dir) in results.iter().zip(facts).zip(&dirs) {
        for role in facts.iter().flat_map(|f| &f.roles) {
            let grants = role.privileges.iter().map(|(at, what, severity)| Grant {
                what: what.clone(),
                severity: *severity,
                place: Place::Elsewhere { file: result.path.clone(), at: *at },
            });
            by_role.entry((dir.as_str(), &role.name)).or_default().extend(grants);
        }
    }

    // Every way in from the internet that names its function, by directory and function name.
    let mut ways_in: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for ((result, facts), dir) in results.iter().zip(facts).zip(&dirs) {
        for way in facts.iter().flat_map(|f| &f.ways_in) {
            let note = format!("{}:{}:{}: {}", result.path, way.at.line, way.at.column, way.what);
            ways_in.entry((dir.as_str(), &way.function)).or_default().push(note);
        }
    }

    for ((result, facts), dir) in results.iter_mut().zip(facts).zip(&dirs) {
        let Some(facts) = facts else { continue };
        let (rules, severities) = options.rules_for(&result.path);
        let enabled = |code: &str| rules.iter().any(|rule| rule.meta().code == code);
        let mut added = Vec::new();
        for function in &facts.functions {
            let Some(grants) = by_role.get(&(dir.as_str(), function.role.as_str())) else {
                continue;
            };
            if enabled(OverprivilegedFunction.meta().code) {
                added.extend(overprivileged(function, grants));
            }
            if enabled(ExposedOverprivilegedFunction.meta().code) {
                let elsewhere =
                    function.name.as_deref().and_then(|name| ways_in.get(&(dir.as_str(), name)));
                added.extend(exposed(function, elsewhere.map_or(&[][..], Vec::as_slice), grants));
            }
        }
        for finding in &mut added {
            finding.resource.clone_from(&facts_resource(facts, finding));
        }

        // The file's suppressions of these rules waited for this phase; only now can one that
        // silences nothing be told apart from one whose finding came from another file.
        let deferred = facts.suppressions.clone();
        let unused = deferred.apply(&result.source, &mut added, &mut result.suppressed);
        added.extend(unused.into_iter().filter(|f| enabled(f.code)));
        if added.is_empty() {
            continue;
        }
        for finding in &mut added {
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

/// The directory part of a path as the run names it (`a/b` for `a/b/c.json`, empty for a
/// bare name).
fn directory(path: &str) -> &str {
    path.rfind(['/', '\\']).map_or("", |end| &path[..end])
}

/// The template resource of the function a finding is on.
fn facts_resource(facts: &RunFacts, finding: &Finding) -> Option<Box<str>> {
    facts.functions.iter().find(|f| f.span == finding.span).and_then(|f| f.logical_id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileStatus, Severity};
    use crate::rules::lambda::execution_role::{RoleFacts, WayIn};
    use crate::syntax::{LineCol, Span};

    fn result(path: &str) -> FileResult {
        FileResult::new(path.to_owned(), FileStatus::Checked { format: "test" })
    }

    fn function(role: &str) -> RunFacts {
        let pending = PendingFunction {
            role: role.to_owned(),
            span: Span::new(10, 20),
            path: "Role".to_owned(),
            subject: "function orders".to_owned(),
            logical_id: None,
            name: Some("orders".to_owned()),
            exposures: Vec::new(),
        };
        RunFacts { functions: vec![pending], ..RunFacts::default() }
    }

    fn role(name: &str, what: &str) -> RunFacts {
        let at = LineCol { line: 3, column: 5 };
        let privileges = vec![(at, what.to_owned(), Severity::High)];
        RunFacts {
            roles: vec![RoleFacts { name: name.to_owned(), privileges }],
            ..RunFacts::default()
        }
    }

    #[test]
    fn roles_and_ways_in_are_joined_within_a_directory() {
        let mut results = vec![
            result("a/fn.json"),
            result("a/role.json"),
            result("a/url.json"),
            result("b/role.json"),
        ];
        let url = WayIn {
            function: "orders".to_owned(),
            at: LineCol { line: 4, column: 17 },
            what: "function URL without authentication",
        };
        let facts = vec![
            Some(function("app")),
            Some(role("app", "every kms action on every resource")),
            Some(RunFacts { ways_in: vec![url], ..RunFacts::default() }),
            Some(role("app", "every action on every resource")),
        ];
        link(&mut results, &facts, &Options::default());

        let codes: Vec<&str> = results[0].findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["LAM005", "LAM006"]);
        assert_eq!(
            results[0].findings[0].notes,
            ["a/role.json:3:5: the role grants every kms action on every resource"],
            "the role of the same name in b/ is another project's"
        );
        assert_eq!(
            results[0].findings[1].notes[0],
            "a/url.json:4:17: function URL without authentication, a way in"
        );
        assert!(results[1..].iter().all(|r| r.findings.is_empty()));
    }

    #[test]
    fn a_function_whose_role_is_nowhere_gets_nothing() {
        let mut results = vec![result("fn.json"), result("role.json")];
        let facts = vec![Some(function("app")), Some(role("other", "every action"))];
        link(&mut results, &facts, &Options::default());
        assert!(results.iter().all(|r| r.findings.is_empty()));
        assert_eq!(directory("fn.json"), "");
        assert_eq!(directory("x/y/fn.json"), "x/y");
    }
}
