//! The rule engine: the registry of built-in rules and what a rule sees when it runs.

mod annotate;
pub mod declarative;
mod doc;
pub mod iam;
pub mod lambda;
mod memo;
pub mod network;
pub mod settings;
pub mod suppression;
#[cfg(test)]
pub(crate) mod testing;

pub use doc::{DocError, Example, Examples, Family, RuleDoc, RuleOption};
pub use settings::{
    LambdaSettings, NamePatterns, NetworkSettings, PatternError, Settings, ValuePatterns,
};

use crate::catalog::Expansion;
use crate::model::Model;
use crate::report::{Finding, RuleDescriptor, Severity};

/// Identity and defaults of a rule. The rule's documentation lives in `rules/<CODE>-<name>.yaml`
/// and is compiled in as `doc`.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The YAML documentation file, verbatim.
    pub doc: &'static str,
}

/// What a rule sees of one document.
pub struct Context<'a> {
    pub model: &'a Model,
    /// The file's text, for rules that need the exact source of a token.
    pub source: &'a str,
    /// The rule options of this run.
    pub settings: &'a Settings,
    memo: memo::Memo<'a>,
}

impl<'a> Context<'a> {
    #[must_use]
    pub fn new(model: &'a Model, source: &'a str, settings: &'a Settings) -> Self {
        Self { model, source, settings, memo: memo::Memo::default() }
    }

    /// The actions `action` (an `Action` item) matches in the run's catalog; asked once per
    /// distinct spelling in the document.
    #[must_use]
    pub fn expand(&self, action: &str) -> std::rc::Rc<Expansion<'a>> {
        self.memo.expand(self.settings.catalog(), action)
    }
}

/// A check over the model. Rules never parse and never render.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Appends the findings for `cx` to `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);

    /// The Rust type that implements the rule, which a built-in rule's file names in `check`
    /// when its logic is code.
    fn check_name(&self) -> &'static str {
        let path = std::any::type_name::<Self>();
        path.rsplit("::").next().unwrap_or(path)
    }
}

/// Declares a rule's [`RuleMeta`] with its documentation file, so that code, name and doc
/// cannot drift apart (a test compares them).
#[macro_export]
macro_rules! rule_meta {
    ($code:literal, $name:literal, $severity:ident) => {
        $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::report::Severity::$severity,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/rules/",
                $code,
                "-",
                $name,
                ".yaml"
            )),
        }
    };
}

/// Every built-in rule, in code order.
#[must_use]
pub fn builtin() -> &'static [&'static dyn Rule] {
    &[
        &iam::WildcardResource,
        &iam::WildcardAction,
        &iam::FullAdmin,
        &iam::AllowNotAction,
        &iam::AllowNotResource,
        &iam::PublicPrincipal,
        &iam::UnknownAction,
        &iam::PrivilegeEscalation,
        &iam::AdminManagedPolicy,
        &iam::InvalidPolicy,
        &network::PublicIngress,
        &network::PublicNaclIngress,
        &network::ShadowedNaclEntry,
        &network::AllProtocols,
        &network::WidePortRange,
        &network::InvalidNetworkRule,
        &lambda::PlaintextSecret,
        &lambda::PublicFunctionUrl,
        &lambda::PublicInvokePermission,
        &lambda::DeprecatedRuntime,
        &lambda::OverprivilegedFunction,
        &lambda::ExposedOverprivilegedFunction,
        &suppression::UnusedSuppression,
        &suppression::ExpiredSuppression,
        &suppression::InvalidSuppression,
    ]
}

/// Finds a rule by code or name, case-insensitively.
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    find_in(builtin(), id)
}

/// [`find`] among `rules`.
#[must_use]
pub fn find_in(rules: &[&'static dyn Rule], id: &str) -> Option<&'static dyn Rule> {
    rules.iter().copied().find(|rule| {
        let meta = rule.meta();
        meta.code.eq_ignore_ascii_case(id) || meta.name.eq_ignore_ascii_case(id)
    })
}

/// The codes of the built-in rules `id` names: a code (`NET001`), a name (`public-ingress`)
/// or a family prefix (`NET`), case-insensitively. Empty when it names none.
#[must_use]
pub fn resolve(id: &str) -> Vec<&'static str> {
    resolve_in(builtin(), id)
}

/// [`resolve`] among `rules` (the built-in ones and a configuration's custom ones).
#[must_use]
pub fn resolve_in(rules: &[&'static dyn Rule], id: &str) -> Vec<&'static str> {
    rules
        .iter()
        .map(|rule| rule.meta())
        .filter(|meta| {
            meta.code.eq_ignore_ascii_case(id)
                || meta.name.eq_ignore_ascii_case(id)
                || (id.len() == 3 && meta.code.len() > 3 && meta.code[..3].eq_ignore_ascii_case(id))
        })
        .map(|meta| meta.code)
        .collect()
}

/// What reports say about `rules`, from their documentation. A doc that does not parse (a test
/// parses every built-in one) leaves its texts empty rather than failing the run.
#[must_use]
pub fn descriptors(rules: &[&dyn Rule]) -> Vec<RuleDescriptor> {
    rules
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            let doc = meta.doc().ok();
            let text =
                |f: fn(&RuleDoc) -> &String| doc.as_ref().map(f).cloned().unwrap_or_default();
            RuleDescriptor {
                code: meta.code,
                name: meta.name,
                family: doc.as_ref().map_or("", |d| d.family.as_str()),
                severity: meta.severity,
                summary: text(|d| &d.summary),
                why: text(|d| &d.why),
                fix: text(|d| &d.fix),
                custom_uri: (!builtin().iter().any(|r| r.meta().code == meta.code))
                    .then(|| doc.as_ref().and_then(|d| d.references.first().cloned())),
            }
        })
        .collect()
}

/// Runs `rules` over one model, then annotates their findings from the document (see
/// [`annotate`]).
#[must_use]
pub fn run(rules: &[&dyn Rule], cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules {
        rule.check(cx, &mut out);
    }
    annotate::annotate(&mut out, cx.model);
    out
}

/// [`run`] with the rules spread over the thread pool, for a document large enough to be a
/// run's critical path: the other cores would otherwise idle while one checks it. Each rule
/// gets a context of its own (what a context remembers is not shared between threads); the
/// findings come out in the same order as from [`run`].
#[must_use]
pub fn run_parallel(
    rules: &[&dyn Rule],
    model: &Model,
    source: &str,
    settings: &Settings,
) -> Vec<Finding> {
    use rayon::prelude::*;

    let mut out: Vec<Finding> = rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut out = Vec::new();
            rule.check(&Context::new(model, source, settings), &mut out);
            out
        })
        .collect();
    annotate::annotate(&mut out, model);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_parallel_find_what_rules_in_turn_find_in_the_same_order() {
        let settings = Settings::default();
        let mut compared = 0;
        for entry in std::fs::read_dir("fixtures/examples").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let syntax = if path.extension().is_some_and(|e| e == "json") {
                crate::syntax::Syntax::Json
            } else {
                crate::syntax::Syntax::Yaml
            };
            let limits = crate::syntax::Limits::default();
            let document = crate::syntax::parse(&text, syntax, &limits).unwrap();
            let extracted = crate::formats::extract(&document, &text, &limits).unwrap();
            let model = &extracted.model;

            let in_turn = run(builtin(), &Context::new(model, &text, &settings));
            let side_by_side = run_parallel(builtin(), model, &text, &settings);
            let key = |f: &Finding| (f.code, f.span, f.message.clone(), f.path.clone());
            let in_turn: Vec<_> = in_turn.iter().map(key).collect();
            assert_eq!(in_turn, side_by_side.iter().map(key).collect::<Vec<_>>());
            compared += in_turn.len();
        }
        assert!(compared >= 5, "{compared} findings compared");
    }

    #[test]
    fn docs_agree_with_their_rules() {
        for rule in builtin() {
            let meta = rule.meta();
            let doc = meta.doc().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(doc.code, meta.code);
            assert_eq!(doc.name, meta.name, "{}", meta.code);
            assert_eq!(doc.severity, meta.severity, "{}", meta.code);
            assert!(meta.code.starts_with(doc.family.prefix()), "{}", meta.code);
            assert!(!doc.examples.fail.is_empty(), "{} has no failing example", meta.code);
            assert!(!doc.examples.pass.is_empty(), "{} has no passing example", meta.code);
            assert!(!doc.summary.trim().is_empty() && !doc.why.trim().is_empty());
            assert!(!doc.fix.trim().is_empty(), "{}", meta.code);
            assert!(doc.references.iter().all(|r| r.starts_with("https://")), "{}", meta.code);
        }
    }

    /// A built-in rule is data (`match`, compiled by the engine) or code (`check`, naming the
    /// Rust type), never both and never neither.
    #[test]
    fn every_doc_names_its_check_or_matches() {
        let mut declared = 0;
        for rule in builtin() {
            let meta = rule.meta();
            let doc = meta.doc().unwrap();
            match (&doc.matches, &doc.check) {
                (Some(_), None) => {
                    let (_, compiled) = declarative::compile(meta).unwrap_or_else(|e| {
                        panic!("{}: {}:{}: {}", meta.code, e.line, e.column, e.message)
                    });
                    assert!(compiled.is_some(), "{}", meta.code);
                    declared += 1;
                }
                (None, Some(check)) => assert_eq!(check, rule.check_name(), "{}", meta.code),
                _ => panic!("{} needs exactly one of `match` and `check`", meta.code),
            }
        }
        assert!(declared >= 1, "the engine runs at least one built-in rule");
    }

    #[test]
    fn every_doc_file_belongs_to_a_rule() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut expected: Vec<String> =
            builtin().iter().map(|r| format!("{}-{}.yaml", r.meta().code, r.meta().name)).collect();
        expected.sort();
        assert_eq!(files, expected);
    }

    #[test]
    fn registry_is_in_code_order_without_duplicates() {
        let codes: Vec<&str> = builtin().iter().map(|r| r.meta().code).collect();
        assert_eq!(
            codes,
            [
                "IAM001", "IAM002", "IAM003", "IAM004", "IAM005", "IAM006", "IAM007", "IAM008",
                "IAM009", "IAM010", "NET001", "NET002", "NET003", "NET004", "NET005", "NET006",
                "LAM001", "LAM002", "LAM003", "LAM004", "LAM005", "LAM006", "SUP001", "SUP002",
                "SUP003"
            ]
        );
        let mut names: Vec<&str> = builtin().iter().map(|r| r.meta().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), codes.len());
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("net001").map(|r| r.meta().name), Some("public-ingress"));
        assert_eq!(find("Plaintext-Secret").map(|r| r.meta().code), Some("LAM001"));
        assert!(find("NET999").is_none());
    }

    #[test]
    fn unknown_doc_keys_are_rejected() {
        let meta = RuleMeta {
            code: "X001",
            name: "x",
            severity: Severity::Low,
            doc: "code: X001\nname: x\nseverity: low\nfamily: iam\ntarget: t\nsummary: s\n\
                  why: w\nfix: f\nexamples: {fail: [], pass: []}\ncolour: red\n",
        };
        let error = meta.doc().unwrap_err();
        assert_eq!(error.code, "X001");
        assert!(error.message.contains("colour"), "{}", error.message);
    }
}
