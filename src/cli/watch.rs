//! `tighten check --watch`: check, then check again whenever a file changes, for a terminal
//! beside an editor.
//!
//! The watched set is found anew on every poll, so files that appear are picked up; a change
//! is acted on once the files have stayed the same for one more poll, so an editor's save in
//! several writes gives one report. Only the files that changed are read again; the report
//! is the whole set's. The loop ends when the process is interrupted.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::CheckArgs;
use crate::discover::{self, Candidate, Filter};
use crate::lint::{self, Options};
use crate::report::FileResult;

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(250);

/// What identifies a version of a file without reading it.
type Stamp = Option<(SystemTime, u64)>;

pub(super) fn run(
    args: &CheckArgs,
    options: &Options,
    filter: &Filter,
    mut report: impl FnMut(&[FileResult]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // A report written among the watched files must not count as a change, or every round
    // would start the next.
    let output = args.output.as_deref().and_then(canonical);
    let snapshot = |paths: &[PathBuf]| {
        let mut seen = snapshot(paths, filter);
        if let Some(output) = &output {
            seen.retain(|(c, _)| canonical(path(c)).as_ref() != Some(output));
        }
        seen
    };

    let mut checked: HashMap<PathBuf, (Stamp, FileResult)> = HashMap::new();
    let mut seen = snapshot(&args.inputs.paths);
    loop {
        let changed = refresh(&mut checked, &seen, options);
        let mut results: Vec<&FileResult> = checked.values().map(|(_, r)| r).collect();
        results.sort_by(|a, b| a.path.cmp(&b.path));
        let results: Vec<FileResult> = results.into_iter().cloned().collect();
        report(&results)?;
        eprintln!("[{changed} checked] watching {} files for changes", seen.len());

        seen = next_change(|| snapshot(&args.inputs.paths), &seen);
    }
}

/// Waits until the watched files differ from `seen` and then hold still for one poll.
fn next_change(
    snapshot: impl Fn() -> Vec<(Candidate, Stamp)>,
    seen: &[(Candidate, Stamp)],
) -> Vec<(Candidate, Stamp)> {
    loop {
        std::thread::sleep(POLL);
        let mut now = snapshot();
        if stamps(&now) == stamps(seen) {
            continue;
        }
        loop {
            std::thread::sleep(POLL);
            let later = snapshot();
            if stamps(&later) == stamps(&now) {
                return now;
            }
            now = later;
        }
    }
}

/// Checks the files whose stamp changed and forgets the ones that are gone; returns how many
/// were checked.
fn refresh(
    checked: &mut HashMap<PathBuf, (Stamp, FileResult)>,
    seen: &[(Candidate, Stamp)],
    options: &Options,
) -> usize {
    let current: Vec<&PathBuf> = seen.iter().map(|(c, _)| path(c)).collect();
    checked.retain(|path, _| current.contains(&path));

    let stale: Vec<(Candidate, Stamp)> = seen
        .iter()
        .filter(|(candidate, stamp)| {
            stamp.is_none() || checked.get(path(candidate)).is_none_or(|(old, _)| old != stamp)
        })
        .cloned()
        .collect();
    let candidates: Vec<Candidate> = stale.iter().map(|(c, _)| c.clone()).collect();
    let results = lint::lint_candidates(&candidates, options);
    for ((candidate, stamp), result) in stale.into_iter().zip(results) {
        checked.insert(path(&candidate).clone(), (stamp, result));
    }
    candidates.len()
}

fn snapshot(paths: &[PathBuf], filter: &Filter) -> Vec<(Candidate, Stamp)> {
    discover::discover(paths, filter)
        .into_iter()
        .map(|candidate| {
            let stamp = std::fs::metadata(path(&candidate))
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (candidate, stamp)
        })
        .collect()
}

fn stamps(snapshot: &[(Candidate, Stamp)]) -> Vec<(&PathBuf, Stamp)> {
    snapshot.iter().map(|(c, s)| (path(c), *s)).collect()
}

fn path(candidate: &Candidate) -> &PathBuf {
    match candidate {
        Candidate::File(path) | Candidate::Unreadable { path, .. } => path,
    }
}

/// The absolute path of a file that may not exist yet: its directory resolved, its name kept.
fn canonical(file: &std::path::Path) -> Option<PathBuf> {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(".".as_ref());
    Some(std::fs::canonicalize(parent).ok()?.join(file.file_name()?))
}
