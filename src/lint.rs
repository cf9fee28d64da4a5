//! One file through the pipeline: decode, parse, recognize, extract, run rules.

use std::path::Path;

use crate::formats;
use crate::report::{FileResult, FileStatus};
use crate::rules::{self, Context, Rule};
use crate::syntax::{self, Limits, LoadError, Syntax};

/// What a run checks and how.
pub struct Options {
    pub limits: Limits,
    /// The rules to run, after selection.
    pub rules: Vec<&'static dyn Rule>,
}

impl Default for Options {
    fn default() -> Self {
        Self { limits: Limits::default(), rules: rules::builtin().to_vec() }
    }
}

/// Checks one file's bytes. `path` names the file in the output and chooses the syntax by its
/// extension; content decides the rest.
#[must_use]
pub fn lint_bytes(path: &str, bytes: &[u8], options: &Options) -> FileResult {
    let text = match syntax::decode_text(bytes, &options.limits) {
        Ok(text) => text,
        Err(error) => return failed(path, String::from_utf8_lossy(bytes).into_owned(), error),
    };

    let syntax = syntax_for(path, text);
    let document = match syntax::parse(text, syntax, &options.limits) {
        Ok(document) => document,
        Err(error) => return failed(path, text.to_owned(), error),
    };

    let Some(extracted) = formats::extract(&document, text, &options.limits) else {
        return FileResult::new(path.to_owned(), FileStatus::Skipped);
    };
    drop(document);

    let cx = Context { model: &extracted.model, source: text };
    let mut findings = rules::run(&options.rules, &cx);
    findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));

    let mut result =
        FileResult::new(path.to_owned(), FileStatus::Checked { format: extracted.format });
    result.findings = findings;
    result.errors = extracted.errors;
    if !result.findings.is_empty() || !result.errors.is_empty() {
        text.clone_into(&mut result.source);
    }
    result
}

fn failed(path: &str, source: String, error: LoadError) -> FileResult {
    let mut result = FileResult::new(path.to_owned(), FileStatus::Failed);
    result.source = source;
    result.errors.push(error);
    result
}

/// `.json` files are JSON and `.yaml`/`.yml` files YAML; anything else (`.template`, stdin
/// without a name) is sniffed.
fn syntax_for(path: &str, text: &str) -> Syntax {
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension.eq_ignore_ascii_case("json") {
        Syntax::Json
    } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
        Syntax::Yaml
    } else {
        syntax::sniff(text)
    }
}
