//! Every rule's documented examples run through the real pipeline: a failing example yields
//! that rule's findings and no other rule's, a passing example none of that rule's.

use tighten::lint::{self, Options};
use tighten::report::FileStatus;
use tighten::rules;

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
                assert!(codes.iter().all(|c| *c == meta.code), "{name}: {codes:?}");
            } else {
                assert!(!codes.contains(&meta.code), "{name}: {codes:?}");
            }
        }
    }
}
