//! The pre-commit hook, run by the real `pre-commit` (installed by `.ci/run`) from this
//! repository's `.pre-commit-hooks.yaml`: it builds tighten as pre-commit builds Rust hooks,
//! checks the staged files, fails on a bad template, and says nothing about a `package.json`
//! staged beside it.
//!
//! Building the hook takes a release build, so without `pre-commit` on the path this test
//! only says so; under CI (`CI` set) a missing `pre-commit` fails it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git").args(args).current_dir(repo).status().unwrap();
    assert!(status.success(), "git {args:?}");
}

fn try_repo(repo: &Path, home: &Path) -> Output {
    Command::new("pre-commit")
        .args(["try-repo"])
        .arg(common::root())
        .arg("tighten")
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        .env_remove("GIT_DIR")
        .output()
        .unwrap()
}

#[test]
fn hook_fails_on_a_staged_bad_template_and_skips_other_json() {
    if Command::new("pre-commit").arg("--version").output().is_err() {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        assert!(!ci, "pre-commit is not installed, and CI must run this test");
        eprintln!("skipped: pre-commit is not installed (.ci/run installs it)");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let (repo, home) = (dir.path().join("repo"), dir.path().join("pre-commit-home"));
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["config", "user.email", "dev@example.com"]);
    git(&repo, &["config", "user.name", "dev"]);
    let template = common::root().join("fixtures/rules/NET001/fail/template-bastion-ssh.json");
    std::fs::copy(template, repo.join("bastion.json")).unwrap();
    std::fs::write(repo.join("package.json"), r#"{"name": "app", "version": "1.0.0"}"#).unwrap();
    git(&repo, &["add", "bastion.json", "package.json"]);

    let output = try_repo(&repo, &home);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("tighten....") && stdout.contains("Failed"), "{stdout}");
    assert!(
        stdout.contains(
            "bastion.json:19:23: critical NET001 security group allows SSH (22) from the whole \
             internet"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("package.json"), "{stdout}");

    // With only clean files staged, the hook passes.
    git(&repo, &["rm", "--cached", "--quiet", "bastion.json"]);
    let policy = common::root().join("fixtures/examples/execution-role.json");
    std::fs::copy(policy, repo.join("role.json")).unwrap();
    git(&repo, &["add", "role.json"]);
    let output = try_repo(&repo, &home);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Passed"), "{stdout}");
}
