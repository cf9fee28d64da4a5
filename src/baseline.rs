//! Baselines: the findings a project has accepted for now, so that a CI gate fails only on
//! new ones.
//!
//! A baseline file lists each finding by its fingerprint (rule, file, document path and
//! normalized value: never the line, so reformatting and moved lines keep it), with the file,
//! rule and document path beside it for people reading a diff. Entries are sorted and the JSON
//! is pretty-printed, one key per line, so that a changed baseline diffs well. The same finding
//! twice in one place is recorded twice, and a third occurrence is new.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::report::FileResult;

/// The version of the file format.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    code: String,
    document_path: String,
    fingerprint: String,
}

/// Accepted findings, by fingerprint, with how many of each.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: HashMap<String, usize>,
}

impl Baseline {
    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: BaselineFile =
            serde_json::from_str(text).map_err(|e| format!("not a tighten baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported; this tighten reads version {VERSION}",
                file.version
            ));
        }
        let mut counts = HashMap::new();
        for entry in file.findings {
            *counts.entry(entry.fingerprint).or_insert(0) += 1;
        }
        Ok(Self { counts })
    }

    /// Removes the findings the baseline accepts from `results`; returns how many it removed.
    pub fn apply(&self, results: &mut [FileResult]) -> usize {
        let mut left = self.counts.clone();
        let mut removed = 0;
        for result in results {
            let path = result.path.clone();
            result.findings.retain(|finding| {
                let Some(n) = left.get_mut(&finding.fingerprint(&path)).filter(|n| **n > 0) else {
                    return true;
                };
                *n -= 1;
                removed += 1;
                false
            });
        }
        removed
    }
}

/// The baseline file that accepts every finding of `results`.
#[must_use]
pub fn record(results: &[FileResult]) -> String {
    let mut findings: Vec<Entry> = results
        .iter()
        .flat_map(|result| {
            result.findings.iter().map(|finding| Entry {
                path: result.path.clone(),
                code: finding.code.to_owned(),
                document_path: finding.path.clone(),
                fingerprint: finding.fingerprint(&result.path),
            })
        })
        .collect();
    findings.sort();
    let file = BaselineFile { version: VERSION, findings };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FileStatus, Finding, Severity};
    use crate::syntax::Span;

    fn result(path: &str, findings: &[(&'static str, &str, u32)]) -> FileResult {
        let mut result = FileResult::new(path.to_owned(), FileStatus::Checked { format: "x" });
        for &(code, document_path, at) in findings {
            result
                .findings
                .push(Finding::new(code, "name", Severity::High, Span::at(at)).path(document_path));
        }
        result
    }

    #[test]
    fn recorded_findings_are_removed_wherever_their_lines_moved() {
        let before = [result("a.json", &[("NET001", "IpPermissions[0]", 10)])];
        let baseline = Baseline::parse(&record(&before)).unwrap();

        let mut after = [result(
            "a.json",
            &[("NET001", "IpPermissions[0]", 99), ("NET001", "IpPermissions[1]", 120)],
        )];
        assert_eq!(baseline.apply(&mut after), 1);
        assert_eq!(after[0].findings.len(), 1);
        assert_eq!(after[0].findings[0].path, "IpPermissions[1]");
    }

    #[test]
    fn each_recorded_occurrence_accepts_one_finding() {
        let twice =
            [result("a.json", &[("IAM001", "Statement[0]", 1), ("IAM001", "Statement[0]", 5)])];
        let baseline = Baseline::parse(&record(&twice)).unwrap();
        let mut thrice = [result(
            "a.json",
            &[
                ("IAM001", "Statement[0]", 1),
                ("IAM001", "Statement[0]", 5),
                ("IAM001", "Statement[0]", 9),
            ],
        )];
        assert_eq!(baseline.apply(&mut thrice), 2);
        assert_eq!(thrice[0].findings.len(), 1);
    }

    #[test]
    fn the_file_is_sorted_and_stable() {
        let results = [
            result("b.json", &[("NET001", "X", 1)]),
            result("a.json", &[("NET002", "Y", 1), ("IAM001", "Z", 2)]),
        ];
        let text = record(&results);
        assert_eq!(text, record(&results));
        let a = text.find("\"a.json\"").unwrap();
        let b = text.find("\"b.json\"").unwrap();
        assert!(a < b && text.find("IAM001").unwrap() < text.find("NET002").unwrap(), "{text}");
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert!(
            Baseline::parse("{\"version\": 2, \"findings\": []}")
                .unwrap_err()
                .contains("version 2")
        );
        assert!(Baseline::parse("[]").unwrap_err().starts_with("not a tighten baseline"));
    }
}
