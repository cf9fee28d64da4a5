//! Suppressions: findings a reviewer has accepted, with the reason written next to them.
//!
//! In YAML, a comment `# tighten:ignore NET001,IAM002 until=2027-06-30 -- reason` silences the
//! named rules on its own line, or, alone on a line, on the next line that holds something.
//! When that line is a resource's key under `Resources`, it covers the whole resource. JSON
//! has no comments: a template resource's `Metadata` says the same
//! (`"tighten": {"ignore": [{"rule": "NET001", "reason": "...", "until": "..."}]}`).
//!
//! A reason is required. A suppression past its `until` day no longer silences anything and is
//! itself reported, and so is one that silences nothing, so that stale ones do not pile up.

use crate::catalog::Date;
use crate::report::{Finding, Severity, Suppressed};
use crate::rules;
use crate::rules::suppression::{EXPIRED, INVALID, UNUSED};
use crate::syntax::{LineIndex, Node, Span, Syntax};

/// The marker that starts a suppression comment.
const MARKER: &str = "tighten:ignore";

/// The rules whose findings on a file may come from the run-wide phase ([`crate::link`]), after
/// the file's own pass: a function whose role another file holds.
const RUN_WIDE: [&str; 2] = ["LAM005", "LAM006"];

/// One suppression as written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Suppression {
    /// The comment or the `Metadata` entry.
    span: Span,
    codes: Vec<&'static str>,
    reason: String,
    until: Option<(Date, Span)>,
    scope: Scope,
    used: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// Findings whose token starts on this zero-based line.
    Line(usize),
    /// Findings in this template resource.
    Resource(Box<str>),
}

/// What applying a file's suppressions gave.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings silenced.
    pub suppressed: Vec<Suppressed>,
    /// Findings about the suppressions themselves: unused, expired or malformed.
    pub findings: Vec<Finding>,
    /// Suppressions of run-wide rules, when asked to keep them for the run-wide phase.
    pub deferred: Deferred,
}

/// A file's suppressions that name a run-wide rule: the run-wide phase applies them to what it
/// adds, and only then can tell whether they silence anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deferred(Vec<Suppression>);

impl Deferred {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Silences the run-wide findings `findings` of the file whose text is `source`, moving
    /// them to `suppressed`; returns a finding for each suppression that silenced nothing in
    /// either pass.
    #[must_use]
    pub fn apply(
        mut self,
        source: &str,
        findings: &mut Vec<Finding>,
        suppressed: &mut Vec<Suppressed>,
    ) -> Vec<Finding> {
        if self.0.is_empty() {
            return Vec::new();
        }
        let index = LineIndex::new(source);
        silence(&mut self.0, &index, findings, suppressed);
        self.0.iter().filter(|s| !s.used).map(unused).collect()
    }
}

/// Applies the suppressions written in `text` (parsed as `root`) to `findings`, removing the
/// ones they silence. `today` decides expiry. With `defer_run_wide`, suppressions naming a
/// run-wide rule are not judged unused yet but handed back in [`Outcome::deferred`].
pub fn apply(
    text: &str,
    syntax: Syntax,
    root: &Node,
    today: Date,
    findings: &mut Vec<Finding>,
    defer_run_wide: bool,
) -> Outcome {
    let mut outcome = Outcome::default();
    // Every way to suppress names tighten (the comment marker, a `tighten` metadata key):
    // a file without the word has nothing to apply, found in one vectorized pass.
    if memchr::memmem::find(text.as_bytes(), b"tighten").is_none() {
        return outcome;
    }
    let index = LineIndex::new(text);
    let resources = resource_lines(root, &index);

    let mut suppressions = Vec::new();
    if syntax == Syntax::Yaml {
        comments(text, &index, &resources, &mut suppressions, &mut outcome.findings);
    }
    metadata(root, &mut suppressions, &mut outcome.findings);

    // Expired ones are reported and silence nothing.
    suppressions.retain(|s| match s.until {
        Some((until, span)) if until < today => {
            outcome.findings.push(
                Finding::new(EXPIRED.code, EXPIRED.name, Severity::Medium, span)
                    .message(format!("suppression expired on {until}"))
                    .help("fix what it silenced, or renew it with a new date and a reason")
                    .label("expired"),
            );
            false
        }
        _ => true,
    });

    silence(&mut suppressions, &index, findings, &mut outcome.suppressed);

    let (deferred, judged): (Vec<Suppression>, Vec<Suppression>) = suppressions
        .into_iter()
        .partition(|s| defer_run_wide && s.codes.iter().any(|code| RUN_WIDE.contains(code)));
    outcome.findings.extend(judged.iter().filter(|s| !s.used).map(unused));
    outcome.deferred = Deferred(deferred);
    outcome
}

/// Moves the findings some suppression covers from `findings` to `suppressed`, marking the
/// suppressions used.
fn silence(
    suppressions: &mut [Suppression],
    index: &LineIndex,
    findings: &mut Vec<Finding>,
    suppressed: &mut Vec<Suppressed>,
) {
    findings.retain(|finding| {
        let line = index.line_of(finding.span.start);
        let matching = suppressions.iter_mut().find(|s| {
            s.codes.contains(&finding.code)
                && match &s.scope {
                    Scope::Line(l) => *l == line,
                    Scope::Resource(id) => finding.resource.as_deref() == Some(&**id),
                }
        });
        let Some(suppression) = matching else { return true };
        suppression.used = true;
        let reason = suppression.reason.clone();
        suppressed.push(Suppressed { finding: finding.clone(), reason });
        false
    });
}

fn unused(suppression: &Suppression) -> Finding {
    Finding::new(UNUSED.code, UNUSED.name, Severity::Low, suppression.span)
        .message(format!("suppression of {} silences nothing", suppression.codes.join(", ")))
        .help("remove it: the finding it was written for is gone")
        .label("unused")
}

/// The zero-based line of each resource's key under `Resources`, with its logical id.
fn resource_lines(root: &Node, index: &LineIndex) -> Vec<(usize, Box<str>)> {
    let entries = root.get("Resources").and_then(Node::entries).unwrap_or_default();
    entries.iter().map(|e| (index.line_of(e.key.span.start), e.key.text.clone())).collect()
}

/// Suppression comments of a YAML file.
fn comments(
    text: &str,
    index: &LineIndex,
    resources: &[(usize, Box<str>)],
    out: &mut Vec<Suppression>,
    problems: &mut Vec<Finding>,
) {
    for line in 0..index.line_count() {
        let span = index.line_span(line, text);
        let content = span.slice(text);
        let Some(at) = comment_start(content) else { continue };
        let comment = content[at + 1..].trim_start();
        let Some(body) = comment.strip_prefix(MARKER) else { continue };
        let comment_span = Span::new(span.start + at as u32, span.end);

        // Alone on its line, a comment is about the next line that holds something.
        let own = content[..at].trim().is_empty();
        let target = if own { next_content_line(text, index, line) } else { line };
        let scope = resources
            .iter()
            .find(|(l, _)| *l == target)
            .map_or(Scope::Line(target), |(_, id)| Scope::Resource(id.clone()));

        let until_at = |offset: usize| {
            let start = comment_span.start + (content.len() - at - body.len() + offset) as u32;
            Span::new(start, start + "until=YYYY-MM-DD".len() as u32)
        };
        match parse(body, until_at) {
            Ok(Terms { codes, reason, until }) => {
                out.push(Suppression {
                    span: comment_span,
                    codes,
                    reason,
                    until,
                    scope,
                    used: false,
                });
            }
            Err(problem) => problems.push(invalid(comment_span, &problem)),
        }
    }
}

/// Where a `#` starts a YAML comment in `line`: at its start or after a space, outside
/// quotes.
fn comment_start(line: &str) -> Option<usize> {
    let (mut single, mut double) = (false, false);
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'#' if !single && !double && (i == 0 || bytes[i - 1].is_ascii_whitespace()) => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

fn next_content_line(text: &str, index: &LineIndex, after: usize) -> usize {
    (after + 1..index.line_count())
        .find(|&l| {
            let line = index.line_span(l, text).slice(text).trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .unwrap_or(after)
}

/// What a suppression says, wherever it is written.
struct Terms {
    codes: Vec<&'static str>,
    reason: String,
    until: Option<(Date, Span)>,
}

/// ` CODES [until=YYYY-MM-DD] -- reason`, after the marker.
fn parse(body: &str, until_at: impl Fn(usize) -> Span) -> Result<Terms, String> {
    let (head, reason) = body.split_once("--").unwrap_or((body, ""));
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("a suppression needs a reason after ` -- `".to_owned());
    }

    let mut codes = Vec::new();
    let mut until = None;
    let mut offset = 0;
    for word in head.split_whitespace() {
        let at = head[offset..].find(word).map_or(offset, |i| offset + i);
        offset = at + word.len();
        if let Some(date) = word.strip_prefix("until=") {
            let date = date.parse::<Date>().map_err(|_| format!("`{date}` is not a date"))?;
            until = Some((date, until_at(at)));
            continue;
        }
        for id in word.split(',').filter(|id| !id.is_empty()) {
            codes.extend(known(id)?);
        }
    }
    if codes.is_empty() {
        return Err("name the rules to silence, such as `NET001`".to_owned());
    }
    Ok(Terms { codes, reason: reason.to_owned(), until })
}

/// The codes a rule id names; a family prefix is too broad for a suppression.
fn known(id: &str) -> Result<Vec<&'static str>, String> {
    let codes = rules::resolve(id);
    if codes.is_empty() || (codes.len() > 1 && id.len() == 3) {
        return Err(format!("`{id}` is not a rule code or name"));
    }
    Ok(codes)
}

/// `Metadata: {tighten: {ignore: [{rule, reason, until}]}}` on template resources.
fn metadata(root: &Node, out: &mut Vec<Suppression>, problems: &mut Vec<Finding>) {
    let entries = root.get("Resources").and_then(Node::entries).unwrap_or_default();
    for resource in entries {
        let ignore = resource.value.get("Metadata").and_then(|m| m.get("tighten"));
        let Some(items) = ignore.and_then(|t| t.get("ignore")).and_then(Node::items) else {
            continue;
        };
        for item in items {
            let field = |key| item.get(key).and_then(Node::as_str).map(str::trim);
            let parsed = (|| {
                let rule = field("rule").ok_or("each entry needs a `rule`")?;
                let codes = known(rule)?;
                let reason = field("reason").filter(|r| !r.is_empty());
                let reason = reason.ok_or("a suppression needs a `reason`")?.to_owned();
                let until = match item.get("until") {
                    Some(node) => {
                        let text = node.as_str().unwrap_or_default();
                        let date =
                            text.parse::<Date>().map_err(|_| format!("`{text}` is not a date"))?;
                        Some((date, node.span))
                    }
                    None => None,
                };
                Ok::<_, String>(Terms { codes, reason, until })
            })();
            match parsed {
                Ok(Terms { codes, reason, until }) => out.push(Suppression {
                    span: item.span,
                    codes,
                    reason,
                    until,
                    scope: Scope::Resource(resource.key.text.clone()),
                    used: false,
                }),
                Err(problem) => problems.push(invalid(item.span, &problem)),
            }
        }
    }
}

fn invalid(span: Span, problem: &str) -> Finding {
    Finding::new(INVALID.code, INVALID.name, Severity::Medium, span)
        .message(format!("suppression is not valid: {problem}"))
        .help("write `# tighten:ignore CODE -- reason`, optionally with `until=YYYY-MM-DD`")
        .label("ignored")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_at_a_hash_after_space_outside_quotes() {
        assert_eq!(comment_start("  # tighten:ignore"), Some(2));
        assert_eq!(comment_start("CidrIp: 0.0.0.0/0 # x"), Some(18));
        assert_eq!(comment_start("Name: 'a # b'"), None);
        assert_eq!(comment_start("Url: http://x/#frag"), None);
    }

    #[test]
    fn the_grammar_takes_codes_names_and_a_date_and_needs_a_reason() {
        let at = |_| Span::at(0);
        let terms =
            parse(" NET001,wide-port-range until=2027-01-31 -- bastion for the lab", at).unwrap();
        assert_eq!(terms.codes, ["NET001", "NET005"]);
        assert_eq!(terms.reason, "bastion for the lab");
        assert_eq!(terms.until.map(|(d, _)| d.to_string()), Some("2027-01-31".to_owned()));

        assert!(parse(" NET001", at).err().unwrap().contains("needs a reason"));
        assert!(parse(" NET01 -- x", at).err().unwrap().contains("`NET01` is not a rule"));
        assert!(parse(" NET -- x", at).err().unwrap().contains("`NET` is not a rule"));
        assert!(parse(" NET001 until=2027-02-30 -- x", at).err().unwrap().contains("not a date"));
        assert!(parse(" -- x", at).err().unwrap().contains("name the rules"));
    }
}
