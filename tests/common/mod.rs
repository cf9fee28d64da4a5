//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};

use tighten::lint::{self, Options};
use tighten::report::{FileResult, FileStatus};

/// The repository root, where `fixtures/` lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The day fixtures are judged on, so that runtime deprecation does not follow the clock.
pub const TODAY: &str = "2026-12-01";

/// Every built-in rule with default settings, on [`TODAY`].
pub fn options() -> Options {
    let mut options = Options::default();
    options.settings.today = TODAY.parse().ok();
    options
}

/// Checks one fixture in-process with every built-in rule.
pub fn check(relative: &str) -> FileResult {
    let path = root().join(relative);
    let mut result = lint::lint_file(&path, &options());
    relative.clone_into(&mut result.path);
    result
}

/// `(code, line, column)` of every finding, in output order.
pub fn positions(result: &FileResult) -> Vec<(&'static str, u32, u32)> {
    let locator = result.locator();
    result
        .findings
        .iter()
        .map(|f| {
            let at = locator.start(f.span);
            (f.code, at.line, at.column)
        })
        .collect()
}

/// Asserts that `relative` is recognized and yields exactly `expected`.
pub fn assert_findings(relative: &str, expected: &[(&str, u32, u32)]) {
    let result = check(relative);
    assert!(
        matches!(result.status, FileStatus::Checked { .. }),
        "{relative}: not checked: {:?} {:?}",
        result.status,
        result.errors
    );
    assert!(result.errors.is_empty(), "{relative}: {:?}", result.errors);
    let got = positions(&result);
    let want: Vec<(&str, u32, u32)> = expected.to_vec();
    assert_eq!(got, want, "{relative}");
}

/// Every file under `dir` (relative to the root), sorted.
pub fn files_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(relative(&path));
            }
        }
    }
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
