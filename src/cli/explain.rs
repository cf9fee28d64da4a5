//! `tighten explain CODE`: a rule's documentation, from its YAML file.

use std::io::Write;

use super::Outcome;
use crate::rules;

pub(super) fn run(id: &str) -> anyhow::Result<Outcome> {
    let Some(rule) = rules::find(id) else {
        anyhow::bail!("unknown rule `{id}`; `tighten rules` lists them");
    };
    let meta = rule.meta();
    let doc = meta.doc().map_err(anyhow::Error::msg)?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "{} {} ({})\n", meta.code, meta.name, meta.severity)?;
    writeln!(out, "{}\n", doc.summary)?;
    if let Some(notes) = &doc.severity_notes {
        writeln!(out, "Severity\n\n{}\n", notes.trim_end())?;
    }
    writeln!(out, "Why it matters\n\n{}\n", doc.why.trim_end())?;
    writeln!(out, "What to do instead\n\n{}", doc.fix.trim_end())?;
    for (heading, examples) in [("Fails", &doc.examples.fail), ("Passes", &doc.examples.pass)] {
        for example in examples {
            writeln!(out, "\n{heading}: {}\n", example.description)?;
            for line in example.input.lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if !doc.options.is_empty() {
        writeln!(out, "\nOptions\n")?;
        for option in &doc.options {
            // Continuation lines of a description are indented under its item.
            let description = option.description.trim_end().replace('\n', "\n  ");
            writeln!(out, "- {} (default {}): {description}", option.name, option.default)?;
        }
    }
    if !doc.references.is_empty() {
        writeln!(out, "\nReferences\n")?;
        for reference in &doc.references {
            writeln!(out, "- {reference}")?;
        }
    }
    Ok(Outcome::Clean)
}
