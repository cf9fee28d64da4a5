//! LAM004 deprecated-runtime: a function on a runtime past its deprecation date.
//!
//! The dates come from the compiled-in lifecycle table ([`crate::catalog::runtimes`]) and are
//! judged against the run's date (`--today`, or the system clock), so the same file can pass
//! today and fail next month: that is the point of the rule.

use crate::catalog::Date;
use crate::catalog::runtimes::{self, Lifecycle, Stage};
use crate::model::Value;
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM004", "deprecated-runtime", Medium);

pub struct DeprecatedRuntime;

impl Rule for DeprecatedRuntime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let today = cx.settings.today();
        for function in &cx.model.functions {
            let Some(runtime) = &function.runtime else { continue };
            // Each branch of an `Fn::If` is a runtime the function may be deployed with.
            for (value, name) in runtime.literal_alternatives() {
                let Some(lifecycle) = runtimes::lookup(name) else { continue };
                out.extend(finding(&function.path, value, &lifecycle, today));
            }
        }
    }
}

fn finding(path: &str, value: &Value, lifecycle: &Lifecycle, today: Date) -> Option<Finding> {
    let stage = lifecycle.stage(today);
    let deprecated = lifecycle.deprecated?;
    let runtime = lifecycle.runtime;
    let (severity, consequence) = match stage {
        Stage::Supported => return None,
        Stage::Deprecated => (Severity::Low, String::new()),
        Stage::CreateBlocked => {
            (Severity::Medium, " and no new function can be created with it".to_owned())
        }
        Stage::UpdateBlocked => {
            (Severity::High, " and functions using it can no longer be updated".to_owned())
        }
    };
    let successor = match lifecycle.successor {
        Some(successor) => format!("; its successor is {successor}"),
        None => String::new(),
    };
    let help = match lifecycle.successor {
        Some(successor) => format!("move the function to {successor} and test it there"),
        None => "move the function to a supported runtime and test it there".to_owned(),
    };

    let mut finding = Finding::new(META.code, META.name, severity, value.span)
        .message(format!(
            "runtime {runtime} is deprecated since {deprecated}{consequence}{successor}"
        ))
        .help(help)
        .label(format!("deprecated since {deprecated}"))
        .path(crate::model::child_path(path, "Runtime"));
    if let Some(note) = upcoming_blocks(lifecycle, today) {
        finding = finding.note(note);
    }
    Some(finding.note(format!("judged on {today}; pass --today to check against another date")))
}

/// The blocks still ahead, as a sentence: what stops working next, and when.
fn upcoming_blocks(lifecycle: &Lifecycle, today: Date) -> Option<String> {
    let ahead = |date: Option<Date>| date.filter(|d| *d > today);
    match (ahead(lifecycle.create_block), ahead(lifecycle.update_block)) {
        (Some(create), Some(update)) => Some(format!(
            "functions using it can no longer be created from {create}, nor updated from {update}"
        )),
        (None, Some(update)) => {
            Some(format!("functions using it can no longer be updated from {update}"))
        }
        (Some(create), None) => {
            Some(format!("functions using it can no longer be created from {create}"))
        }
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lambda::Function;
    use crate::model::{Model, ValueKind};
    use crate::rules::Settings;
    use crate::rules::testing::{Source, run_with};

    fn on(day: &str) -> Settings {
        Settings { today: Some(day.parse().unwrap()), ..Settings::default() }
    }

    fn functions(src: &mut Source, runtimes: &[&str]) -> Model {
        let functions = runtimes
            .iter()
            .map(|r| Function { runtime: Some(src.str(r)), ..Function::default() })
            .collect();
        Model { functions, ..Model::default() }
    }

    #[test]
    fn severity_grows_with_the_blocks() {
        let mut src = Source::new();
        let model = functions(&mut src, &["nodejs20.x"]);
        let at = |day: &str| run_with(&DeprecatedRuntime, &model, &src, &on(day));

        assert!(at("2026-04-29").is_empty());

        let deprecated = at("2026-04-30");
        let [f] = deprecated.as_slice() else { panic!("{deprecated:?}") };
        assert_eq!(f.severity, Severity::Low);
        assert_eq!(
            f.message,
            "runtime nodejs20.x is deprecated since 2026-04-30; its successor is nodejs24.x"
        );
        assert_eq!(f.span.slice(&src.text), "\"nodejs20.x\"");
        assert_eq!(f.label.as_deref(), Some("deprecated since 2026-04-30"));
        assert_eq!(f.help.as_deref(), Some("move the function to nodejs24.x and test it there"));
        assert_eq!(
            f.notes,
            [
                "functions using it can no longer be created from 2027-02-01, nor updated from \
                 2027-03-03",
                "judged on 2026-04-30; pass --today to check against another date",
            ]
        );
        assert_eq!(f.path, "Runtime");

        let create = at("2027-02-01");
        assert_eq!(create[0].severity, Severity::Medium);
        assert_eq!(
            create[0].message,
            "runtime nodejs20.x is deprecated since 2026-04-30 and no new function can be created \
             with it; its successor is nodejs24.x"
        );
        assert!(create[0].notes[0].ends_with("updated from 2027-03-03"));

        let update = at("2027-03-03");
        assert_eq!(update[0].severity, Severity::High);
        assert!(update[0].message.contains("can no longer be updated"));
        assert_eq!(update[0].notes.len(), 1);
    }

    #[test]
    fn unknown_current_and_missing_runtimes_pass() {
        let mut src = Source::new();
        let mut model = functions(&mut src, &["python3.13", "python9.9", "", "provided.al2023"]);
        model.functions.push(Function::default());
        assert!(run_with(&DeprecatedRuntime, &model, &src, &on("2026-12-01")).is_empty());
    }

    #[test]
    fn every_branch_of_a_choice_and_any_case() {
        let mut src = Source::new();
        let old = src.str("Python3.6");
        let new = src.str("python3.13");
        let span = old.span.cover(new.span);
        let runtime = Value { span, kind: ValueKind::Choice(vec![new, old]) };
        let function = Function { runtime: Some(runtime), ..Function::default() };
        let model = Model { functions: vec![function], ..Model::default() };
        let findings = run_with(&DeprecatedRuntime, &model, &src, &on("2026-12-01"));
        let [f] = findings.as_slice() else { panic!("{findings:?}") };
        assert_eq!(f.span.slice(&src.text), "\"Python3.6\"");
        assert_eq!(f.severity, Severity::High);
        assert!(f.message.starts_with("runtime python3.6 is deprecated since 2022-07-18"));
    }

    #[test]
    fn a_runtime_without_successor() {
        let mut src = Source::new();
        let model = functions(&mut src, &["dotnet10"]);
        let findings = run_with(&DeprecatedRuntime, &model, &src, &on("2028-11-20"));
        assert_eq!(findings[0].message, "runtime dotnet10 is deprecated since 2028-11-14");
        assert_eq!(
            findings[0].help.as_deref(),
            Some("move the function to a supported runtime and test it there")
        );
    }
}
