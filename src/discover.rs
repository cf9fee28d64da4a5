//! Which files a run reads: directories walked gitignore-aware, explicit files as given.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Extensions that may hold an AWS artifact. Directories are filtered by them; files named on
/// the command line are read whatever their name.
const EXTENSIONS: [&str; 4] = ["json", "yaml", "yml", "template"];

/// One file to check, or a path that could not be walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Candidate {
    File(PathBuf),
    /// A walk error (permission denied, broken link): reported as an input error.
    Unreadable {
        path: PathBuf,
        reason: String,
    },
}

/// Include and exclude globs, matched against paths as displayed (relative to where the user
/// pointed, `./` removed) and against every parent directory of them.
impl Candidate {
    /// The file, readable or not.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::File(path) | Self::Unreadable { path, .. } => path,
        }
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    /// Compiles the globs; an invalid glob is a usage error naming it.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        Ok(Self { include: build(include)?, exclude: build(exclude)? })
    }

    fn excludes(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| path.ancestors().any(|p| set.is_match(p)))
    }

    fn includes(&self, path: &Path) -> bool {
        self.include.as_ref().is_none_or(|set| set.is_match(path))
    }
}

fn build(globs: &[String]) -> Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let compiled =
            Glob::new(glob).map_err(|e| format!("invalid glob `{glob}`: {}", e.kind()))?;
        builder.add(compiled);
    }
    builder.build().map(Some).map_err(|e| format!("invalid glob set: {e}"))
}

/// Lists the files under `paths` in a stable order: each argument in turn, directory contents
/// sorted by path.
#[must_use]
pub fn discover(paths: &[PathBuf], filter: &Filter) -> Vec<Candidate> {
    candidates(paths, filter).collect()
}

/// [`discover`] as it goes: a run can start checking the first files while directories are
/// still being listed, which is system calls, one directory after another.
pub fn candidates<'a>(
    paths: &'a [PathBuf],
    filter: &'a Filter,
) -> impl Iterator<Item = Candidate> + Send + 'a {
    paths.iter().flat_map(move |path| -> Box<dyn Iterator<Item = Candidate> + Send + 'a> {
        if path.is_dir() {
            Box::new(walk(path, filter))
        } else {
            // Named files are always checked: the user asked for them.
            Box::new(std::iter::once(Candidate::File(clean(path))))
        }
    })
}

fn walk<'a>(root: &'a Path, filter: &'a Filter) -> impl Iterator<Item = Candidate> + Send + 'a {
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(std::ffi::OsStr::cmp)
        .filter_entry(|entry| entry.depth() == 0 || !is_build_output(entry.file_name()))
        .build();

    walker.filter_map(move |entry| match entry {
        Ok(entry) => {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return None;
            }
            let path = clean(entry.path());
            (has_extension(&path) && filter.includes(&path) && !filter.excludes(&path))
                .then_some(Candidate::File(path))
        }
        Err(error) => Some(unreadable(root, &error)),
    })
}

fn is_build_output(name: &std::ffi::OsStr) -> bool {
    matches!(name.to_str(), Some("node_modules" | ".aws-sam" | "cdk.out"))
}

fn unreadable(root: &Path, error: &ignore::Error) -> Candidate {
    let path = walk_error_path(error).map_or_else(|| clean(root), |p| clean(&p));
    let reason = match error.io_error() {
        Some(io) => crate::lint::io_reason(io),
        None if matches!(error, ignore::Error::Loop { .. }) => "symbolic link loop".to_owned(),
        None => "cannot walk directory".to_owned(),
    };
    Candidate::Unreadable { path, reason }
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn has_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

/// Drops a leading `./`, so that output paths read as the user expects.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(found: &[Candidate]) -> Vec<String> {
        found
            .iter()
            .filter_map(|c| match c {
                Candidate::File(p) => Some(p.to_string_lossy().replace('\\', "/")),
                Candidate::Unreadable { .. } => None,
            })
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in
            ["a.json", "b.yaml", "c.txt", "sub/d.yml", "node_modules/e.json", "ignored.json"]
        {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        std::fs::write(dir.path().join(".gitignore"), "ignored.json\n").unwrap();
        dir
    }

    #[test]
    fn walks_known_extensions_in_order_and_honours_gitignore() {
        let dir = tree();
        let found = discover(&[dir.path().to_path_buf()], &Filter::default());
        let names: Vec<String> = files(&found)
            .into_iter()
            .map(|p| p.rsplit_once(&*dir.path().to_string_lossy()).unwrap().1.to_owned())
            .collect();
        assert_eq!(names, ["/a.json", "/b.yaml", "/sub/d.yml"]);
    }

    #[test]
    fn exclude_globs_apply_to_directories_and_files() {
        let dir = tree();
        let filter = Filter::new(&[], &["**/sub".to_owned(), "**/b.yaml".to_owned()]).unwrap();
        let found = files(&discover(&[dir.path().to_path_buf()], &filter));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("/a.json"));
    }

    #[test]
    fn explicit_files_are_always_checked() {
        let dir = tree();
        let txt = dir.path().join("c.txt");
        let filter = Filter::new(&[], &["**/*.txt".to_owned()]).unwrap();
        assert_eq!(discover(std::slice::from_ref(&txt), &filter), vec![Candidate::File(txt)]);
    }

    #[test]
    fn invalid_globs_are_named() {
        let err = Filter::new(&["a[".to_owned()], &[]).unwrap_err();
        assert!(err.contains("`a[`"), "{err}");
    }
}
