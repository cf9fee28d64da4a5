//! The editor recipes of the README, run in a real Neovim (installed by `.ci/run`): the
//! quickfix `errorformat` over the concise format, and the language server attached to a
//! buffer. Without `nvim` these tests say so; under CI (`CI` set) they fail.

mod common;

use std::path::Path;
use std::process::Command;

fn has_nvim() -> bool {
    if Command::new("nvim").arg("--version").output().is_ok() {
        return true;
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(!ci, "nvim is not installed, and CI must run this test");
    eprintln!("skipped: nvim is not installed (.ci/run installs it)");
    false
}

fn nvim(args: &[&str]) {
    let status = Command::new("timeout")
        .arg("60")
        .args(["nvim", "--headless", "-u", "NONE", "-i", "NONE"])
        .args(args)
        .current_dir(common::root())
        .status()
        .unwrap();
    assert!(status.success(), "nvim {args:?}");
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(str::to_owned).collect()
}

const TIGHTEN: &str = env!("CARGO_BIN_EXE_tighten");

#[test]
fn the_quickfix_recipe_lists_every_finding_at_its_token() {
    if !has_nvim() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quickfix.txt");
    let check = format!(
        "cexpr system('{TIGHTEN} check --format concise fixtures/examples/sam-orders-api.yaml')"
    );
    let write = format!(
        "call writefile(map(getqflist(), {{_, e -> bufname(e.bufnr) . ':' . e.lnum . ':' . \
         e.col . ' ' . e.text}}), '{}')",
        out.display()
    );
    nvim(&["-c", r"set errorformat^=%f:%l:%c:\ %m", "-c", &check, "-c", &write, "-c", "qa!"]);

    let file = "fixtures/examples/sam-orders-api.yaml";
    assert_eq!(
        lines(&out),
        [
            format!(
                "{file}:44:29 critical LAM001 environment variable PAYMENTS_API_KEY holds a \
                 Stripe secret key"
            ),
            format!(
                "{file}:54:11 low IAM010 policy has no Version, so IAM reads it with the \
                 2008-10-17 language"
            ),
            format!("{file}:61:23 high IAM002 statement allows every sqs action"),
            format!("{file}:62:25 critical IAM001 statement allows sqs:* on every resource"),
            format!(
                "{file}:86:19 critical NET001 security group allows PostgreSQL (5432) from the \
                 whole internet"
            ),
        ]
    );
}

#[test]
fn neovim_shows_the_language_server_diagnostics_on_the_tokens() {
    if !has_nvim() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("diagnostics.txt");
    let setup = format!(
        "lua T = {{file = 'fixtures/examples/sam-orders-api.yaml', out = '{}', bin = '{TIGHTEN}'}}",
        out.display()
    );
    nvim(&["--cmd", &setup, "-c", "luafile tests/clients/neovim_lsp.lua"]);

    // Neovim's severities: 1 error, 3 information.
    assert_eq!(
        lines(&out),
        ["44:29 1 LAM001", "54:11 3 IAM010", "61:23 1 IAM002", "62:25 1 IAM001", "86:19 1 NET001"]
    );
}
