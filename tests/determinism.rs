//! The same input gives the same bytes out, whatever the scheduling, and tighten never touches
//! the network.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tighten")
}

/// Checks every fixture (hundreds of files, many findings and input errors) in `format`.
fn check_fixtures(program: &mut Command, format: &str) -> Output {
    program
        .args(["check", "--format", format, "fixtures"])
        .current_dir(common::root())
        .output()
        .unwrap()
}

#[test]
fn twenty_parallel_runs_print_the_same_bytes() {
    for format in ["concise", "json", "sarif"] {
        let outputs: Vec<Output> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..20)
                .map(|i| {
                    scope.spawn(move || {
                        // Thread pools of 1 to 4 workers schedule the files differently.
                        let mut cmd = Command::new(binary());
                        cmd.env("RAYON_NUM_THREADS", (1 + i % 4).to_string());
                        check_fixtures(&mut cmd, format)
                    })
                })
                .collect();
            runs.into_iter().map(|run| run.join().unwrap()).collect()
        });

        let first = &outputs[0];
        assert!(first.stdout.len() > 1000, "{format}: {}", String::from_utf8_lossy(&first.stderr));
        for (i, output) in outputs.iter().enumerate() {
            assert_eq!(output.status.code(), first.status.code(), "{format} run {i}");
            assert!(output.stdout == first.stdout, "{format}: run {i} differs from run 0");
        }
    }
}

/// How this machine can keep a process off the network.
enum Isolation {
    /// `unshare -rn`: a user and network namespace with only a loopback interface, down.
    Namespace,
    /// `strace -f`: every network system call of every thread is logged.
    Trace,
}

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

fn isolations() -> Vec<Isolation> {
    let mut out = Vec::new();
    if available("unshare", &["-rn", "true"]) {
        out.push(Isolation::Namespace);
    }
    if available("strace", &["-f", "-o", "/dev/null", "true"]) {
        out.push(Isolation::Trace);
    }
    out
}

#[test]
fn no_network_is_used() {
    let isolations = isolations();
    if isolations.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to run `unshare -rn` or `strace` for this test"
        );
        eprintln!("skipped: neither `unshare -rn` nor `strace` works here");
        return;
    }

    let normal = check_fixtures(&mut Command::new(binary()), "concise");
    assert!(!normal.stdout.is_empty());
    for isolation in isolations {
        match isolation {
            Isolation::Namespace => {
                let mut cmd = Command::new("unshare");
                cmd.arg("-rn").arg(binary());
                let isolated = check_fixtures(&mut cmd, "concise");
                assert_eq!(isolated.status.code(), normal.status.code());
                assert!(isolated.stdout == normal.stdout, "output differs without a network");
            }
            Isolation::Trace => {
                let log = tempfile::NamedTempFile::new().unwrap();
                let mut cmd = Command::new("strace");
                cmd.args(["-f", "-qq", "-e", "trace=network", "-e", "signal=none", "-o"])
                    .arg(log.path())
                    .arg(binary());
                let traced = check_fixtures(&mut cmd, "concise");
                assert!(traced.stdout == normal.stdout, "output differs under strace");
                let calls = std::fs::read_to_string(log.path()).unwrap();
                assert!(calls.trim().is_empty(), "network system calls:\n{calls}");
            }
        }
    }
}
