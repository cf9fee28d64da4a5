//! The real-world templates in `../shared/corpus` (CloudFormation and SAM from public AWS
//! repositories): every one loads, is recognized as a template, and yields findings whose
//! spans lie inside the file. Skipped when the corpus is not there.

mod common;

use tighten::discover::{Filter, discover};
use tighten::lint::{Options, lint_candidates};
use tighten::report::FileStatus;

#[test]
fn every_corpus_template_is_checked_without_an_input_error() {
    let corpus = common::root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }

    let filter = Filter::new(&[], &[]).unwrap();
    let results = lint_candidates(&discover(&[corpus], &filter), &Options::default());
    assert!(results.len() > 800, "only {} files found", results.len());

    let mut unrecognized = Vec::new();
    for result in &results {
        assert!(result.errors.is_empty(), "{}: {:?}", result.path, result.errors);
        match result.status {
            FileStatus::Checked { format } => {
                assert!(format.ends_with("-template"), "{}: {format}", result.path);
            }
            _ => unrecognized.push(result.path.as_str()),
        }
        for finding in &result.findings {
            let end = finding.span.end as usize;
            assert!(end <= result.source.len(), "{}: {finding:?}", result.path);
            assert!(result.source.is_char_boundary(finding.span.start as usize));
        }
    }

    // Templates whose resources all come from `Fn::ForEach` loops have no typed resource to
    // read until the loops are expanded; every other file is a template.
    assert!(
        unrecognized.iter().all(|path| path.contains("fn-foreach")),
        "not recognized: {unrecognized:#?}"
    );
}
