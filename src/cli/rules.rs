//! `tighten rules`: the rule table.

use std::io::Write;

use super::Outcome;
use crate::rules;

pub(super) fn run() -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<8} {:<34} {:<9} summary", "code", "name", "severity")?;
    for rule in rules::builtin() {
        let meta = rule.meta();
        let summary = meta.doc().map(|d| d.summary).unwrap_or_default();
        writeln!(
            out,
            "{:<8} {:<34} {:<9} {summary}",
            meta.code,
            meta.name,
            meta.severity.as_str()
        )?;
    }
    Ok(Outcome::Clean)
}
