//! Custom rules through the real binary and the library: the team rules of
//! `fixtures/custom-rules/`, their documented examples, configuration, reports and rule file
//! errors.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use tighten::config::Config;
use tighten::lint::{self, Options};
use tighten::report::FileStatus;

const RULES: &str = "fixtures/custom-rules/rules";

fn tighten() -> Command {
    let mut cmd = Command::cargo_bin("tighten").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR");
    cmd
}

/// Exit code, standard output and standard error.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn check(args: &[&str]) -> (i32, String, String) {
    let mut cmd = tighten();
    cmd.args(["check", "--format", "concise", "--today", common::TODAY]).args(args);
    run(&mut cmd)
}

#[test]
fn team_rules_report_their_tokens_and_fail_the_run() {
    let (code, out, err) =
        check(&["--rules", RULES, "fixtures/custom-rules/templates/service.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "fixtures/custom-rules/templates/service.yaml:4:3: high ACME003 role OrdersRole does \
             not have the developer-boundary permissions boundary",
            "fixtures/custom-rules/templates/service.yaml:13:3: medium ACME001 function \
             OrdersFunction does not set KmsKeyArn",
            "fixtures/custom-rules/templates/service.yaml:27:21: high ACME002 security group rule \
             opens port 8080 (tcp 8080-8080)",
        ]
    );

    // The reviewed template sets the key and the boundary (through `!Sub`) and opens 443.
    let (code, out, err) =
        check(&["--rules", RULES, "fixtures/custom-rules/templates/service-reviewed.json"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");

    // Without the rules, the same template is clean of them.
    let (code, out, _) = check(&["fixtures/custom-rules/templates/service.yaml"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// The custom rules of [`RULES`], as the library loads them.
fn custom_rules() -> Config {
    Config::with_rules(&[common::root().join(RULES)]).unwrap()
}

#[test]
fn every_example_of_every_custom_rule_behaves_as_documented() {
    let config = custom_rules();
    assert_eq!(config.custom.0.len(), 3);
    let mut options = Options::from_config(&config, tighten::syntax::Limits::default());
    options.settings.today = common::TODAY.parse().ok();

    for rule in &config.custom.0 {
        let meta = rule.meta();
        let doc = meta.doc().unwrap();
        assert!(!doc.examples.fail.is_empty() && !doc.examples.pass.is_empty(), "{}", meta.code);
        let examples = doc.examples.fail.iter().map(|e| (true, e));
        for (fails, example) in examples.chain(doc.examples.pass.iter().map(|e| (false, e))) {
            let name = format!("{} example `{}`", meta.code, example.description);
            let result = lint::lint_bytes("example", example.input.as_bytes(), &options);
            assert!(matches!(result.status, FileStatus::Checked { .. }), "{name}: not checked");
            let codes: Vec<&str> = result.findings.iter().map(|f| f.code).collect();
            if fails {
                assert_eq!(codes, [meta.code], "{name}");
            } else {
                assert!(!codes.contains(&meta.code), "{name}: {codes:?}");
            }
        }
    }
}

/// A project directory with `.tighten.yaml` and a copy of the team rules under `checks/`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("checks");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(common::root().join(RULES)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        common::root().join("fixtures/custom-rules/templates/service.yaml"),
        dir.path().join("service.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join(".tighten.yaml"), config).unwrap();
    dir
}

fn in_project(dir: &tempfile::TempDir, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("tighten").unwrap();
    cmd.current_dir(dir.path()).args(args);
    run(&mut cmd)
}

#[test]
fn rules_dir_selection_and_severity_apply_to_custom_rules() {
    let dir = project(
        "rules-dir: checks\nignore: [no-port-8080]\nseverity:\n  ACME001: low\nfail-on: medium\n",
    );
    let (code, out, err) = in_project(&dir, &["check", "--format", "concise", "service.yaml"]);
    assert_eq!(code, 1, "{err}");
    let found: Vec<&str> = out.lines().collect();
    assert_eq!(found.len(), 2, "{out}");
    assert!(found[0].starts_with("service.yaml:4:3: high ACME003"), "{out}");
    assert!(found[1].starts_with("service.yaml:13:3: low ACME001"), "{out}");

    // `tighten rules` lists them with their state; `explain` prints their documentation.
    // From a subdirectory: the configuration is found above, its `rules-dir` is relative to it.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let mut cmd = Command::cargo_bin("tighten").unwrap();
    let (code, out, err) = run(cmd.current_dir(dir.path().join("sub")).arg("rules"));
    assert_eq!(code, 0, "{err}");
    let row = |code: &str| out.lines().find(|l| l.starts_with(code)).unwrap().to_owned();
    assert!(row("ACME001").contains(" custom   enabled "), "{out}");
    assert!(row("ACME002").contains(" custom   disabled "), "{out}");
    assert!(row("NET001").contains(" built-in enabled "), "{out}");
    let (code, out, _) = in_project(&dir, &["explain", "role-permissions-boundary"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ACME003 role-permissions-boundary (high)\n\nAn IAM role has no"));
    assert!(out.contains("Fails: a role without a boundary"), "{out}");
    assert!(
        out.contains("\nMatch\n\n    match:\n      not:\n        field: permissions_boundary\n")
    );

    // Only the high finding is at or above `fail-on: high`.
    std::fs::write(dir.path().join(".tighten.yaml"), "rules-dir: checks\nselect: [ACME001]\n")
        .unwrap();
    let (code, out, _) = in_project(&dir, &["check", "--format", "concise", "service.yaml"]);
    assert_eq!((code, out.lines().count()), (1, 1), "{out}");
}

#[test]
fn reports_carry_custom_rule_metadata() {
    let dir = project("rules-dir: checks\n");
    let (code, out, _) = in_project(&dir, &["check", "--format", "sarif", "service.yaml"]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = rules.iter().find(|r| r["id"] == "ACME001").unwrap();
    assert_eq!(rule["name"], "function-kms-key");
    assert_eq!(
        rule["helpUri"],
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html"
    );
    assert!(rule["shortDescription"]["text"].as_str().unwrap().contains("KMS key"));

    let (code, out, _) = in_project(&dir, &["check", "--format", "junit", "service.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("ACME002"), "{out}");
}

/// A rule directory holding one file with `text`.
fn rule_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), text).unwrap();
    dir
}

const HEAD: &str = "code: ACME009\nname: x\nseverity: low\nfamily: lambda\nsummary: s\nwhy: w\n\
                    fix: f\nexamples: {fail: [], pass: []}\n";

/// The error line of a check with the rule file `text`, which fails the run with exit code 2.
fn rule_error(text: &str) -> String {
    let dir = rule_dir(text);
    let rules: PathBuf = dir.path().to_owned();
    let (code, out, err) = check(&["--rules", rules.to_str().unwrap(), "fixtures/examples"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    let prefix = format!("tighten: {}/rule.yaml:", rules.display());
    err.lines().next().unwrap().strip_prefix(&prefix).unwrap_or_else(|| panic!("{err}")).to_owned()
}

#[test]
fn rule_file_errors_are_reported_at_their_place() {
    assert_eq!(
        rule_error(&format!("{HEAD}target: function\nmach: {{field: name, exists: true}}\n")),
        "10:1: unknown field `mach`, expected one of code, name, severity, severity-notes, \
         family, target, summary, why, fix, examples, options, references, match, check, message, \
         help, label, annotate; did you mean `match`?"
    );
    assert_eq!(
        rule_error(&format!("{HEAD}target: functions\nmatch: {{exists: true}}\nmessage: m\n")),
        "9:9: unknown target `functions`; did you mean `function`?"
    );
    assert_eq!(
        rule_error(&format!(
            "{HEAD}target: role\nmatch:\n  field: boundary\n  exists: false\nmessage: m\n"
        )),
        "11:10: unknown field `boundary` of role; it has logical_id, name, managed_policies, \
         permissions_boundary"
    );
    let error = rule_error(&format!(
        "{HEAD}target: function\nmatch: {{field: runtime, regex: 'node(' }}\nmessage: m\n"
    ));
    assert!(error.starts_with("10:32: invalid regex: "), "{error}");
    assert_eq!(
        rule_error(&format!(
            "{HEAD}target: function\nmatch: {{field: name, exists: true}}\nmessage: \"{{function.nme}}\"\n"
        )),
        "11:10: unknown template variable `function.nme`: unknown field `nme` of function; did \
         you mean `name`?"
    );
    assert_eq!(
        rule_error(&format!(
            "{HEAD}target: function\nmatch: {{field: runtime, call: is_old}}\nmessage: m\n"
        )),
        "10:31: unknown predicate `is_old`; known: covers_internet, expands_to_sensitive_actions, \
         looks_like_secret, is_deprecated_runtime, opens_port"
    );
}

#[test]
fn custom_codes_and_names_must_be_new() {
    let text = HEAD.replace("name: x", "name: public-ingress")
        + "target: function\nmatch: {field: name, exists: true}\nmessage: m\n";
    assert_eq!(
        rule_error(&text),
        "2:7: name `public-ingress` is taken by built-in rule NET001 public-ingress"
    );

    // Two files of one directory with one code: the second one is refused.
    let dir = rule_dir(
        &(HEAD.to_owned() + "target: role\nmatch: {field: name, exists: false}\nmessage: m\n"),
    );
    let other = HEAD.replace("name: x", "name: y")
        + "target: role\nmatch: {field: name, exists: true}\nmessage: m\n";
    std::fs::write(dir.path().join("second.yaml"), other).unwrap();
    let (code, _, err) = check(&["--rules", dir.path().to_str().unwrap(), "fixtures/examples"]);
    assert_eq!(code, 2);
    assert!(err.contains("/second.yaml:1:7: code `ACME009` is taken by ACME009 x in "), "{err}");
}

#[test]
fn a_template_never_prints_a_secret() {
    let text = HEAD.to_owned()
        + "target: environment-variable\nmatch: {call: looks_like_secret}\n\
           message: \"{function.name} keeps {variable.name} = {value}\"\n";
    let dir = rule_dir(&text);
    for format in ["concise", "json", "pretty", "sarif", "github", "junit"] {
        let (code, out, _) = run(tighten().args([
            "check",
            "--format",
            format,
            "--rules",
            dir.path().to_str().unwrap(),
            "fixtures/examples/function-config.json",
        ]));
        assert_eq!(code, 1);
        assert!(out.contains("keeps DB_PASSWORD = "), "{format}: {out}");
        let secret = "hunter2";
        assert!(!out.contains(secret), "{format}: {out}");
    }
}

/// Every field of every target, in a match and in a message, over every fixture: objects are
/// built from every shape the formats extract, and nothing panics.
#[test]
fn every_field_of_every_target_reads_every_fixture() {
    let targets: &[(&str, &[&str])] = &[
        ("policy", &["name", "logical_id", "kind", "version"]),
        ("policy-statement", &["sid", "effect", "action", "resource", "principal", "policy.kind"]),
        ("security-group", &["id", "logical_id"]),
        ("security-group-rule", &["direction", "protocol", "from_port", "ipv4", "group.id"]),
        ("network-acl", &["id", "logical_id"]),
        ("nacl-entry", &["rule_number", "action", "protocol", "ipv4", "acl.id"]),
        ("function", &["name", "logical_id", "runtime", "role", "kms_key", "vpc.subnet_ids"]),
        ("environment-variable", &["name", "function.name"]),
        ("vpc-config", &["security_group_ids", "subnet_ids"]),
        ("permission", &["logical_id", "action", "principal", "function", "source_arn"]),
        ("function-url", &["logical_id", "auth_type", "target", "function_name"]),
        ("role", &["logical_id", "name", "managed_policies", "permissions_boundary"]),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (target, fields)) in targets.iter().enumerate() {
        let any: Vec<String> =
            fields.iter().map(|f| format!("{{field: {f}, exists: true}}")).collect();
        let message: Vec<String> = fields.iter().map(|f| format!("{{{f}}}")).collect();
        let text = HEAD
            .replace("ACME009", &format!("EVERY{i:03}"))
            .replace("name: x", &format!("name: every-{i}"))
            + &format!(
                "target: {target}\nmatch: {{any: [{}]}}\nmessage: \"{}\"\n",
                any.join(", "),
                message.join(" ")
            );
        std::fs::write(dir.path().join(format!("{i}.yaml")), text).unwrap();
    }
    let config = Config::with_rules(&[dir.path().to_owned()]).unwrap();
    let options = Options::from_config(&config, tighten::syntax::Limits::default());

    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![common::root().join("fixtures")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let result = lint::lint_file(&path, &options);
        for finding in result.findings.iter().filter(|f| f.code.starts_with("EVERY")) {
            assert!(finding.span.end as usize <= result.source.len(), "{}", path.display());
            assert!(result.source.is_char_boundary(finding.span.start as usize));
            seen.insert(finding.code);
        }
    }
    // The fixtures hold every kind of object.
    assert_eq!(seen.len(), targets.len(), "{seen:?}");
}

#[test]
fn configuration_names_custom_rules_and_their_directory_strictly() {
    let dir = project("rules-dir: checks\nignore: [ACME01]\n");
    let (code, _, err) = in_project(&dir, &["check", "service.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.trim_end()
            .ends_with("/.tighten.yaml:2:10: unknown rule `ACME01`; did you mean `ACME001`?"),
        "{err}"
    );

    std::fs::write(dir.path().join(".tighten.yaml"), "rules-dir: nowhere\n").unwrap();
    let (code, _, err) = in_project(&dir, &["rules"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nowhere:1:1: cannot read rule directory: no such file or directory"),
        "{err}"
    );
}
