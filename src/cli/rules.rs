//! `tighten rules`: the rule table, built-in and custom, with each rule's state under the
//! configuration.

use std::io::Write;

use super::{Outcome, RuleSource};

pub(super) fn run(source: &RuleSource) -> anyhow::Result<Outcome> {
    let config = super::check::load_config(source)?;
    let enabled: Vec<&str> = config.rules().iter().map(|r| r.meta().code).collect();

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<8} {:<34} {:<9} {:<8} {:<9} summary",
        "code", "name", "severity", "origin", "state"
    )?;
    for rule in config.all_rules() {
        let meta = rule.meta();
        let summary = meta.doc().map(|d| d.summary).unwrap_or_default();
        let builtin = crate::rules::builtin().iter().any(|r| r.meta().code == meta.code);
        let origin = if builtin { "built-in" } else { "custom" };
        let state = if enabled.contains(&meta.code) { "enabled" } else { "disabled" };
        writeln!(
            out,
            "{:<8} {:<34} {:<9} {origin:<8} {state:<9} {summary}",
            meta.code,
            meta.name,
            meta.severity.as_str()
        )?;
    }
    Ok(Outcome::Clean)
}
