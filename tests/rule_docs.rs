//! Every rule's documented examples run through the real pipeline: a failing example yields
//! that rule's findings and no other rule's (but those a composite rule builds on), a passing
//! example none of that rule's.

use tighten::lint::{self, Options};
use tighten::report::FileStatus;
use tighten::rules;

/// Rules that judge what other rules find, with those rules: their failing examples show the
/// other findings too (a function's admin role is also IAM009's, its public URL LAM002's).
const COMPOSITES: &[(&str, &[&str])] = &[
    ("LAM005", &["IAM001", "IAM002", "IAM003", "IAM008", "IAM009"]),
    (
        "LAM006",
        &["IAM001", "IAM002", "IAM003", "IAM008", "IAM009", "LAM002", "LAM003", "LAM005", "NET001"],
    ),
];

#[test]
fn documented_examples_behave_as_documented() {
    // A fixed day, so that runtime deprecation does not follow the clock.
    let mut options = Options::default();
    options.settings.today = "2026-12-01".parse().ok();
    for rule in rules::builtin() {
        let meta = rule.meta();
        let doc = meta.doc().unwrap_or_else(|e| panic!("{e}"));

        for (fails, example) in doc
            .examples
            .fail
            .iter()
            .map(|e| (true, e))
            .chain(doc.examples.pass.iter().map(|e| (false, e)))
        {
            let name = format!("{} example `{}`", meta.code, example.description);
            let result = lint::lint_bytes("example", example.input.as_bytes(), &options);
            assert!(
                matches!(result.status, FileStatus::Checked { .. }),
                "{name}: not recognized: {:?} {:?}",
                result.status,
                result.errors
            );

            let codes: Vec<&str> = result.findings.iter().map(|f| f.code).collect();
            if fails {
                assert!(!codes.is_empty(), "{name}: no finding");
                let composes = COMPOSITES.iter().find(|(code, _)| *code == meta.code);
                let allowed = |c: &str| {
                    c == meta.code || composes.is_some_and(|(_, parts)| parts.contains(&c))
                };
                assert!(codes.contains(&meta.code), "{name}: {codes:?}");
                assert!(codes.iter().all(|c| allowed(c)), "{name}: {codes:?}");
            } else {
                assert!(!codes.contains(&meta.code), "{name}: {codes:?}");
            }
        }
    }
}
