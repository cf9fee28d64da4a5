//! The real binary: exit codes, output formats, input errors, stdin.

mod common;

use assert_cmd::Command;

fn tighten() -> Command {
    let mut cmd = Command::cargo_bin("tighten").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR");
    cmd
}

fn stdout(cmd: &mut Command) -> (i32, String) {
    let output = cmd.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn examples_report_each_finding_once_in_concise_format() {
    let (code, out) = stdout(tighten().args(["check", "--format", "concise", "fixtures/examples"]));
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "fixtures/examples/authorize-ingress.json:10:31: low NET001 security group allows HTTP (80) from the whole internet",
            "fixtures/examples/function-config.json:18:28: high LAM001 environment variable DB_PASSWORD holds a literal secret",
            "fixtures/examples/nacl-entry.json:7:18: critical NET002 network ACL allows all traffic from the whole internet",
            "fixtures/examples/sam-orders-api.yaml:44:29: critical LAM001 environment variable PAYMENTS_API_KEY holds a Stripe secret key",
            "fixtures/examples/sam-orders-api.yaml:54:11: low IAM010 policy has no Version, so IAM reads it with the 2008-10-17 language",
            "fixtures/examples/sam-orders-api.yaml:61:23: high IAM002 statement allows every sqs action",
            "fixtures/examples/sam-orders-api.yaml:62:25: medium IAM001 statement allows sqs:* on every resource",
            "fixtures/examples/sam-orders-api.yaml:86:19: critical NET001 security group allows PostgreSQL (5432) from the whole internet",
        ]
    );
}

#[test]
fn fail_on_raises_the_threshold() {
    let (code, _) = stdout(tighten().args([
        "check",
        "--format",
        "concise",
        "--fail-on",
        "critical",
        "fixtures/examples/authorize-ingress.json",
    ]));
    assert_eq!(code, 0);
}

#[test]
fn clean_and_foreign_files_exit_zero_silently() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), r#"{"name": "app", "version": "1.0.0"}"#)
        .unwrap();
    std::fs::copy(
        common::root().join("fixtures/examples/execution-role.json"),
        dir.path().join("role.json"),
    )
    .unwrap();
    let (code, out) = stdout(tighten().args(["check", "--format", "concise"]).arg(dir.path()));
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn malformed_input_exits_two_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), "{\n  \"Statement\": [\n}\n").unwrap();
    std::fs::write(dir.path().join("deep.json"), "[".repeat(100_000)).unwrap();
    std::fs::write(dir.path().join("latin1.yaml"), b"Statement:\n  - Sid: caf\xe9\n").unwrap();
    std::fs::copy(
        common::root().join("fixtures/examples/authorize-ingress.json"),
        dir.path().join("sg.json"),
    )
    .unwrap();

    let (code, out) =
        stdout(tighten().current_dir(dir.path()).args(["check", "--format", "concise", "."]));
    assert_eq!(code, 2, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("broken.json:3:1: error syntax-error "), "{out}");
    assert!(lines[1].starts_with("deep.json:1:257: error nesting-too-deep "), "{out}");
    assert!(lines[2].starts_with("latin1.yaml:2:13: error invalid-utf8 "), "{out}");
    assert!(lines[3].starts_with("sg.json:10:31: low NET001 "), "{out}");
}

#[test]
fn files_over_the_size_budget_are_refused() {
    let (code, out) = stdout(tighten().args([
        "check",
        "--format",
        "concise",
        "--max-file-bytes",
        "200",
        "fixtures/examples/function-config.json",
        "fixtures/examples/nacl-entry.json",
    ]));
    assert_eq!(code, 2, "{out}");
    assert!(out.starts_with("fixtures/examples/function-config.json:1:1: error file-too-large "));
    assert!(out.contains("fixtures/examples/nacl-entry.json:7:18: critical NET002"), "{out}");
}

#[test]
fn missing_files_are_input_errors() {
    let (code, out) = stdout(tighten().args(["check", "--format", "concise", "no/such/file.json"]));
    assert_eq!(code, 2);
    assert_eq!(
        out,
        "no/such/file.json:1:1: error io-error cannot read file: no such file or directory\n"
    );
}

#[test]
fn stdin_is_reported_under_its_filename() {
    let input =
        std::fs::read(common::root().join("fixtures/examples/authorize-ingress.json")).unwrap();
    let (code, out) = stdout(
        tighten()
            .args(["check", "--format", "concise", "--stdin-filename", "infra/sg.json"])
            .write_stdin(input),
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("infra/sg.json:10:31: low NET001 "), "{out}");
}

#[test]
fn a_secret_never_appears_in_any_format() {
    let canary = "Zq9-CANARY-x7Vb-41kP";
    let dir = tempfile::tempdir().unwrap();
    let config =
        std::fs::read_to_string(common::root().join("fixtures/examples/function-config.json"))
            .unwrap()
            .replace("hunter2-Orders-2026!", canary);
    std::fs::write(dir.path().join("function.json"), config).unwrap();
    // In a SAM template: in Globals (reached by two functions), in an `Fn::If` branch, and
    // around the placeholders of an `Fn::Sub`.
    let template = format!(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Environment:\n      \
         Variables:\n        API_TOKEN: {canary}\nResources:\n  A:\n    Type: \
         AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n          \
         DB_PASSWORD: !If [IsProd, '{canary}', '{{{{resolve:ssm-secure:/db}}}}']\n          \
         DB_URL: !Sub 'postgres://app:{canary}@${{Db.Endpoint.Address}}/orders'\n  B:\n    \
         Type: AWS::Serverless::Function\n"
    );
    std::fs::write(dir.path().join("template.yaml"), template).unwrap();
    // The same canary in a file that does not parse: errors must not quote it either.
    std::fs::write(dir.path().join("broken.json"), format!("{{\"DB_PASSWORD\": {canary}}}"))
        .unwrap();

    for format in ["pretty", "concise", "json"] {
        let output = tighten()
            .current_dir(dir.path())
            .args(["check", "--color", "always", "--format", format, "."])
            .output()
            .unwrap();
        let all = [output.stdout, output.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(text.contains("DB_PASSWORD"), "{format}: {text}");
        assert_eq!(text.matches("template.yaml").count(), 3, "{format}: {text}");
        for window in canary.as_bytes()[2..].windows(4) {
            let needle = std::str::from_utf8(window).unwrap();
            assert!(!text.contains(needle), "{format} leaks `{needle}`: {text}");
        }
    }
}

#[test]
fn explain_prints_a_rule_by_code_or_name() {
    let (code, by_code) = stdout(tighten().args(["explain", "NET001"]));
    assert_eq!(code, 0);
    let (_, by_name) = stdout(tighten().args(["explain", "public-ingress"]));
    assert_eq!(by_code, by_name);
    assert!(by_code.starts_with("NET001 public-ingress (critical)"), "{by_code}");

    let output = tighten().args(["explain", "NET999"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown rule `NET999`"));
}

#[test]
fn rules_lists_every_builtin_rule() {
    let (code, out) = stdout(tighten().arg("rules"));
    assert_eq!(code, 0);
    for rule in tighten::rules::builtin() {
        let meta = rule.meta();
        assert!(out.lines().any(|l| l.starts_with(meta.code) && l.contains(meta.name)), "{out}");
    }
}

#[test]
fn document_paths_name_the_field_of_the_token() {
    let paths = |fixture: &str| -> Vec<String> {
        let (_, out) = stdout(tighten().args(["check", "--format", "json", fixture]));
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let findings = json["findings"].as_array().unwrap();
        findings.iter().map(|f| f["document_path"].as_str().unwrap().to_owned()).collect()
    };

    // The rule reports the permission; the path goes on to the CIDR string in the file.
    assert_eq!(
        paths("fixtures/examples/authorize-ingress.json"),
        ["IpPermissions[0].IpRanges[0].CidrIp"]
    );
    // Inside a document given as a string, the rule's own path goes further than the file's.
    assert_eq!(
        paths("fixtures/rules/IAM003/fail/put-role-policy-request.json"),
        ["PolicyDocument.Statement[0].Action"]
    );
}
