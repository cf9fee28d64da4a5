//! Rules written as data: a rule file's `match` over the model's objects, with message and help
//! templates. Built-in rules whose logic fits are written this way, and so are users' own rules
//! (`check --rules DIR`, `rules-dir:` in `.tighten.yaml`).

mod annotators;
mod expr;
mod object;
mod predicates;
mod schema;
mod template;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;
use serde_saphyr::Spanned;

pub use expr::CondSpec;
use expr::{Cond, Scope};
pub use object::Target;
use template::{TemplateSpec, Templates};

use super::{Context, Rule, RuleDoc, RuleMeta};
use crate::report::Finding;

/// What to say after "unknown `word`": the nearest of `names` when one is near enough to be a
/// typo, else all of them after `listing`.
pub(crate) fn hint(word: &str, names: &[&str], listing: &str) -> String {
    match crate::config::closest(word, names.iter().copied()) {
        Some(near) => format!("; did you mean `{near}`?"),
        None => format!("; {listing} {}", names.join(", ")),
    }
}

/// A rule file that cannot be used, with where and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct RuleFileError {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl RuleFileError {
    #[must_use]
    pub fn at(line: u64, column: u64, message: String) -> Self {
        Self { path: String::new(), line, column, message }
    }

    fn located(mut self, path: &Path) -> Self {
        self.path = path.display().to_string();
        self
    }
}

/// The parts of a rule file whose positions errors need.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Head {
    code: Spanned<String>,
    name: Spanned<String>,
    target: Spanned<String>,
    #[serde(rename = "match")]
    matches: Option<Spanned<CondSpec>>,
    check: Option<Spanned<String>>,
    message: Option<Spanned<TemplateSpec>>,
    help: Option<Spanned<TemplateSpec>>,
    label: Option<Spanned<TemplateSpec>>,
    annotate: Option<Spanned<String>>,
}

/// A rule whose logic is its file's `match`.
pub struct Declarative {
    meta: &'static RuleMeta,
    target: Target,
    cond: Cond,
    message: Templates,
    help: Option<Templates>,
    label: Option<Templates>,
    annotate: Option<annotators::Annotator>,
}

impl std::fmt::Debug for Declarative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Declarative").field("code", &self.meta.code).finish_non_exhaustive()
    }
}

/// A rule file that does not deserialize: where, and why, with the nearest key for a typo.
fn parse_error(error: &serde_saphyr::Error) -> RuleFileError {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    RuleFileError::at(line, column, crate::config::message_of(&error.to_string()))
}

fn location_error(at: &serde_saphyr::Location, message: String) -> RuleFileError {
    RuleFileError::at(at.line(), at.column(), message)
}

/// What the rule file `meta.doc` says, read strictly: the documentation and, when it has a
/// `match`, the compiled rule.
pub fn compile(meta: &'static RuleMeta) -> Result<(RuleDoc, Option<Declarative>), RuleFileError> {
    let text = meta.doc;
    let doc: RuleDoc = serde_saphyr::from_str(text).map_err(|e| parse_error(&e))?;
    let head: Head = serde_saphyr::from_str(text).map_err(|e| parse_error(&e))?;

    let target = Target::parse(&head.target.value).ok_or_else(|| {
        let names: Vec<&str> = Target::ALL.iter().map(|(n, _)| *n).collect();
        let message = format!(
            "unknown target `{}`{}",
            head.target.value,
            hint(&head.target.value, &names, "known:")
        );
        location_error(&head.target.referenced, message)
    })?;
    let Some(spec) = &head.matches else {
        return Ok((doc, None));
    };
    if let Some(check) = &head.check {
        return Err(location_error(
            &check.referenced,
            "a rule has a `match` or a `check`, not both".to_owned(),
        ));
    }

    let cond = Cond::compile(spec, target)?;
    let template = |t: &Option<Spanned<TemplateSpec>>| {
        t.as_ref()
            .map(|t| {
                Templates::parse(&t.value, target).map_err(|m| location_error(&t.referenced, m))
            })
            .transpose()
    };
    let annotate = head
        .annotate
        .as_ref()
        .map(|a| annotators::find(&a.value, target).map_err(|m| location_error(&a.referenced, m)))
        .transpose()?;
    let message = template(&head.message)?.ok_or_else(|| {
        location_error(&head.code.referenced, "a rule with a `match` needs a `message`".to_owned())
    })?;
    let rule = Declarative {
        meta,
        target,
        cond,
        message,
        help: template(&head.help)?,
        label: template(&head.label)?,
        annotate,
    };
    Ok((doc, Some(rule)))
}

impl Rule for Declarative {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for object in object::objects(self.target, cx.model, cx.source) {
            let scope = Scope { object: &object, settings: cx.settings };
            let Some(hit) = self.cond.eval(&scope) else { continue };

            let secrets = template::secret_spans(&object, &cx.settings.lambda.secret_terms);
            let meta = self.meta;
            // No value in the fingerprint: the token's document path, which the pipeline
            // refines the object's path to, already tells findings apart, and a matched value
            // may be a secret.
            let mut finding = Finding::new(meta.code, meta.name, meta.severity, hit.span)
                .message(self.message.render(&object, &hit, &secrets))
                .path(object.path.to_owned());
            if let Some(help) = &self.help {
                finding = finding.help(help.render(&object, &hit, &secrets));
            }
            if let Some(label) = &self.label {
                finding = finding.label(label.render(&object, &hit, &secrets));
            }
            for span in secrets {
                finding = finding.redact(span);
            }
            if let Some(annotate) = self.annotate {
                finding = annotate(finding, &object, cx.model);
            }
            out.push(finding);
        }
    }
}

/// The `match` block of a rule file as written, for `tighten explain`.
#[must_use]
pub fn match_source(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("match:"));
    let first = lines.next()?;
    let rest = lines.take_while(|l| l.is_empty() || l.starts_with([' ', '#']));
    let block: Vec<&str> = std::iter::once(first).chain(rest).collect();
    Some(block.join("\n").trim_end().to_owned())
}

/// The line and column of the value of the top-level `key` in a rule file.
fn key_position(text: &str, key: &str) -> (u64, u64) {
    let prefix = format!("{key}:");
    text.lines().enumerate().find(|(_, line)| line.starts_with(&prefix)).map_or(
        (1, 1),
        |(i, line)| {
            let value = line[prefix.len()..].len() - line[prefix.len()..].trim_start().len();
            (i as u64 + 1, (prefix.len() + value) as u64 + 1)
        },
    )
}

/// A built-in rule written as data: its compiled-in file, compiled on first use.
pub struct Builtin {
    meta: &'static RuleMeta,
    compiled: std::sync::OnceLock<Option<Declarative>>,
}

impl Builtin {
    #[must_use]
    pub const fn new(meta: &'static RuleMeta) -> Self {
        Self { meta, compiled: std::sync::OnceLock::new() }
    }

    /// The compiled rule; `None` only for a file that does not compile, which a test of every
    /// built-in rule rules out.
    pub fn compiled(&self) -> Option<&Declarative> {
        self.compiled.get_or_init(|| compile(self.meta).ok().and_then(|(_, rule)| rule)).as_ref()
    }
}

impl Rule for Builtin {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if let Some(rule) = self.compiled() {
            rule.check(cx, out);
        }
    }
}

/// Rules already loaded, by file and content. Findings name their rule with `&'static str`,
/// so a loaded rule lives as long as the process; a file read again (the language server
/// reads the configuration at every check) reuses its rule instead of leaking another.
static LOADED: Mutex<Vec<(PathBuf, String, &'static Declarative)>> = Mutex::new(Vec::new());

/// Loads one rule file.
pub fn load_file(path: &Path) -> Result<&'static dyn Rule, RuleFileError> {
    let text = crate::lint::read_side_file(path).map_err(|e| {
        RuleFileError::at(1, 1, format!("cannot read rule file: {}", crate::lint::io_reason(&e)))
            .located(path)
    })?;
    let mut loaded = LOADED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, rule)) = loaded.iter().find(|(p, t, _)| p == path && *t == text) {
        return Ok(*rule);
    }

    // The identity is read first, so that the leaked meta names the rule.
    let head: Head = serde_saphyr::from_str(&text).map_err(|e| parse_error(&e).located(path))?;
    let doc_text: &'static str = Box::leak(text.clone().into_boxed_str());
    let severity = serde_saphyr::from_str::<RuleDoc>(doc_text).map(|d| d.severity);
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: Box::leak(head.code.value.clone().into_boxed_str()),
        name: Box::leak(head.name.value.clone().into_boxed_str()),
        severity: severity.unwrap_or(crate::report::Severity::Low),
        doc: doc_text,
    }));
    let (_, rule) = compile(meta).map_err(|e| e.located(path))?;
    let rule = rule.ok_or_else(|| {
        let at = head.check.as_ref().map_or(&head.code.referenced, |c| &c.referenced);
        location_error(
            at,
            "a custom rule needs a `match`; only built-in rules name a Rust `check`".to_owned(),
        )
        .located(path)
    })?;
    let rule: &'static Declarative = Box::leak(Box::new(rule));
    loaded.push((path.to_owned(), text, rule));
    Ok(rule)
}

/// Loads every `*.yaml` and `*.yml` rule file in `dirs`, in name order, and refuses codes and
/// names that another rule (built-in or custom) already has.
pub fn load_dirs(dirs: &[PathBuf]) -> Result<Vec<&'static dyn Rule>, Vec<RuleFileError>> {
    let mut rules: Vec<(&'static dyn Rule, PathBuf)> = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let message = format!("cannot read rule directory: {}", crate::lint::io_reason(&e));
                errors.push(RuleFileError::at(1, 1, message).located(dir));
                continue;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        files.sort();
        for file in files {
            match load_file(&file) {
                Ok(rule) => rules.push((rule, file)),
                Err(e) => errors.push(e),
            }
        }
    }

    for (i, (rule, file)) in rules.iter().enumerate() {
        let meta = rule.meta();
        let same_code = |other: &RuleMeta| other.code.eq_ignore_ascii_case(meta.code);
        let same_name = |other: &RuleMeta| other.name.eq_ignore_ascii_case(meta.name);
        for (key, same) in
            [("code", &same_code as &dyn Fn(&RuleMeta) -> bool), ("name", &same_name)]
        {
            let builtin = super::builtin().iter().map(|r| r.meta()).find(|m| same(m));
            let earlier = rules[..i].iter().find(|(r, _)| same(r.meta()));
            let owner = match (builtin, earlier) {
                (Some(m), _) => format!("built-in rule {} {}", m.code, m.name),
                (None, Some((r, f))) => {
                    format!("{} {} in {}", r.meta().code, r.meta().name, f.display())
                }
                (None, None) => continue,
            };
            let (line, column) = key_position(meta.doc, key);
            let message = format!(
                "{key} `{}` is taken by {owner}",
                if key == "code" { meta.code } else { meta.name }
            );
            errors.push(RuleFileError::at(line, column, message).located(file));
        }
    }
    if errors.is_empty() { Ok(rules.into_iter().map(|(r, _)| r).collect()) } else { Err(errors) }
}

#[cfg(test)]
mod tests;
