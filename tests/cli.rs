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
    let (code, out) = stdout(tighten().args([
        "check",
        "--format",
        "concise",
        "--today",
        common::TODAY,
        "fixtures/examples",
    ]));
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
            "fixtures/examples/sam-orders-api.yaml:62:25: critical IAM001 statement allows sqs:* on every resource",
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
    // The shape of an AWS secret access key, found only beside an access key id.
    let secret_key = "Zq9CANARYx7Vb41kPq7Rk2Pz9LmX4vB8nC1dF6gH";
    let dir = tempfile::tempdir().unwrap();
    let config =
        std::fs::read_to_string(common::root().join("fixtures/examples/function-config.json"))
            .unwrap()
            .replace("hunter2-Orders-2026!", canary);
    std::fs::write(dir.path().join("function.json"), config).unwrap();
    // In a SAM template: in Globals (reached by two functions), in an `Fn::If` branch, around
    // the placeholders of an `Fn::Sub`, in a parameter's default, beside an access key id, and
    // as a short (weak) password whose finding carries a note.
    let template = format!(
        "Transform: AWS::Serverless-2016-10-31\nParameters:\n  DbPass:\n    Type: String\n    \
         Default: {canary}\nGlobals:\n  Function:\n    Environment:\n      \
         Variables:\n        API_TOKEN: {canary}\nResources:\n  A:\n    Type: \
         AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n          \
         DB_PASSWORD: !If [IsProd, '{canary}', '{{{{resolve:ssm-secure:/db}}}}']\n          \
         DB_URL: !Sub 'postgres://app:{canary}@${{Db.Endpoint.Address}}/orders'\n          \
         OLD_PASSWORD: !Ref DbPass\n          KEY_ID: AKIAZ3MSJ5KXRTQ4P7LN\n          \
         KEY: {secret_key}\n          PIN_PASSWORD: Zq9-CA\n  B:\n    \
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
        // Seven findings; in pretty output the one from a parameter default shows two excerpts.
        let mentions = if format == "pretty" { 8 } else { 7 };
        assert_eq!(text.matches("template.yaml").count(), mentions, "{format}: {text}");
        for secret in [canary, secret_key] {
            for window in secret.as_bytes()[2..].windows(4) {
                let needle = std::str::from_utf8(window).unwrap();
                assert!(!text.contains(needle), "{format} leaks `{needle}`: {text}");
            }
        }
    }
}

#[test]
fn today_sets_the_date_runtimes_are_judged_on() {
    let fixture = "fixtures/rules/LAM004/fail/sam-globals-runtime.yaml";
    let on = |day: &str| {
        stdout(tighten().args(["check", "--format", "concise", "--today", day, fixture]))
    };

    assert_eq!(on("2023-12-03"), (0, String::new()));
    let (code, out) = on("2023-12-04");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "{fixture}:7:14: low LAM004 runtime python3.7 is deprecated since 2023-12-04; its \
             successor is python3.14\n"
        )
    );
    assert!(on("2027-03-03").1.contains(" high LAM004 "));

    let output = tighten().args(["check", "--today", "2026-02-30", fixture]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected a date as YYYY-MM-DD"));
}

#[test]
fn explain_prints_a_rule_by_code_or_name() {
    let (code, by_code) = stdout(tighten().args(["explain", "NET001"]));
    assert_eq!(code, 0);
    let (_, by_name) = stdout(tighten().args(["explain", "public-ingress"]));
    assert_eq!(by_code, by_name);
    assert!(by_code.starts_with("NET001 public-ingress (critical)"), "{by_code}");

    let (_, secrets) = stdout(tighten().args(["explain", "LAM001"]));
    assert!(secrets.contains("\nSeverity\n\nCritical when the value has the format"), "{secrets}");
    assert!(secrets.contains("\nOptions\n\n- secret-words (default []): Terms that make"));
    assert!(secrets.contains("\n- allowed-names (default []): Variable names never reported"));

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

#[test]
fn pretty_output_ends_with_a_summary_on_stderr_and_machine_formats_say_nothing_there() {
    let output =
        tighten().args(["check", "fixtures/examples", "fixtures/formats/not-aws"]).output();
    let output = output.unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "8 findings (4 critical, 2 high, 2 low) in 6 files checked; 9 skipped as \
             not AWS, 0 failed to load; "
        ),
        "{stderr}"
    );
    // Piped, there is no progress line to erase.
    assert!(!stderr.contains('\r') && stderr.lines().count() == 1, "{stderr:?}");

    let output = tighten().args(["check", "--format", "concise", "fixtures/examples"]).output();
    assert!(output.unwrap().stderr.is_empty());
}

#[test]
fn watch_checks_again_what_changes_and_picks_up_new_files() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let watched = dir.path().join("infra");
    std::fs::create_dir(&watched).unwrap();
    // Among the watched files, where rewriting it must not start another round.
    let report = watched.join("report.json");
    let fixture = |name: &str| common::root().join("fixtures/examples").join(name);
    std::fs::copy(fixture("nacl-entry.json"), watched.join("nacl.json")).unwrap();
    std::fs::copy(fixture("execution-role.json"), watched.join("role.json")).unwrap();

    // The report goes to a file, written before the round's status line on stderr, so that
    // the test reads each round whole.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tighten"))
        .args(["check", "--watch", "--format", "concise", "--output"])
        .arg(&report)
        .arg(&watched)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, statuses) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                return;
            }
        }
    });
    let round = || {
        let status = statuses.recv_timeout(Duration::from_secs(30)).expect("a round");
        let text = std::fs::read_to_string(&report).unwrap();
        let names: Vec<String> = text
            .lines()
            .map(|line| line.rsplit_once(std::path::MAIN_SEPARATOR).unwrap().1.to_owned())
            .collect();
        (status, names)
    };
    let nacl = "nacl.json:7:18: critical NET002 network ACL allows all traffic from the whole \
                internet";

    assert_eq!(round(), ("[2 checked] watching 2 files for changes".to_owned(), vec![nacl.into()]));

    std::fs::copy(fixture("authorize-ingress.json"), watched.join("sg.json")).unwrap();
    let sg = "sg.json:10:31: low NET001 security group allows HTTP (80) from the whole internet";
    assert_eq!(
        round(),
        ("[1 checked] watching 3 files for changes".to_owned(), vec![nacl.into(), sg.into()])
    );

    std::fs::remove_file(watched.join("nacl.json")).unwrap();
    assert_eq!(round(), ("[0 checked] watching 2 files for changes".to_owned(), vec![sg.into()]));

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_baseline_hides_recorded_findings_even_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    for name in ["nacl-entry.json", "authorize-ingress.json"] {
        std::fs::copy(common::root().join("fixtures/examples").join(name), infra.join(name))
            .unwrap();
    }
    let baseline = dir.path().join("baseline.json");
    let run = |args: &[&str]| {
        let output = tighten().current_dir(dir.path()).args(args).output().unwrap();
        (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap())
    };

    assert_eq!(run(&["baseline", "infra", "-o", "baseline.json"]).0, 0);
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert_eq!(text.matches("\"fingerprint\"").count(), 2, "{text}");
    assert!(text.find("authorize-ingress").unwrap() < text.find("nacl-entry").unwrap());

    // Lines moved: still the same findings.
    let nacl = infra.join("nacl-entry.json");
    let moved = format!("\n\n\n{}", std::fs::read_to_string(&nacl).unwrap());
    std::fs::write(&nacl, moved).unwrap();
    let check = ["check", "--format", "concise", "--baseline", "baseline.json", "infra"];
    assert_eq!(run(&check), (0, String::new()));

    // A new finding is reported, alone.
    std::fs::copy(
        common::root().join("fixtures/examples/function-config.json"),
        infra.join("function.json"),
    )
    .unwrap();
    let (code, out) = run(&check);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "infra/function.json:18:28: high LAM001 environment variable DB_PASSWORD holds a literal \
         secret\n"
    );

    std::fs::write(&baseline, "{\"findings\": 3}").unwrap();
    let output = tighten().current_dir(dir.path()).args(check).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a tighten baseline"));
}

#[test]
fn the_configuration_selects_rules_overrides_severities_and_sets_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["nacl-entry.json", "authorize-ingress.json", "function-config.json"] {
        std::fs::copy(common::root().join("fixtures/examples").join(name), dir.path().join(name))
            .unwrap();
    }
    let legacy = dir.path().join("legacy");
    std::fs::create_dir(&legacy).unwrap();
    std::fs::copy(dir.path().join("function-config.json"), legacy.join("function.json")).unwrap();
    std::fs::write(
        dir.path().join(".tighten.yaml"),
        "ignore: [NET002]\nseverity:\n  public-ingress: medium\nfail-on: high\noverrides:\n  \
         - paths: ['legacy/**']\n    severity: {LAM001: low}\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let output = tighten().current_dir(dir.path()).args(args).output().unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
    };

    let (code, out, _) = run(&["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "authorize-ingress.json:10:31: medium NET001 security group allows HTTP (80) from \
             the whole internet",
            "function-config.json:18:28: high LAM001 environment variable DB_PASSWORD holds a \
             literal secret",
            "legacy/function.json:18:28: low LAM001 environment variable DB_PASSWORD holds a \
             literal secret",
        ]
    );
    // `fail-on: high` from the file; the command line wins over it.
    assert_eq!(run(&["check", "--format", "concise", "--fail-on", "critical"]).0, 0);

    // A key with a typo is an error with its place and the key meant.
    std::fs::write(dir.path().join(".tighten.yaml"), "ignore: [NET002]\nfail_on: high\n").unwrap();
    let (code, out, err) = run(&["check"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains(".tighten.yaml:2:1: unknown field `fail_on`"), "{err}");
    assert!(err.contains("did you mean `fail-on`?"), "{err}");

    // `init` writes a starter that is itself valid, and refuses to overwrite.
    std::fs::remove_file(dir.path().join(".tighten.yaml")).unwrap();
    assert_eq!(run(&["init"]).0, 0);
    assert_eq!(run(&["check", "--format", "concise", "--fail-on", "critical"]).0, 1);
    let (code, _, err) = run(&["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("exists; pass --force"), "{err}");
}

#[test]
fn version_names_the_catalog_date() {
    let (code, out) = stdout(tighten().arg("--version"));
    assert_eq!(code, 0);
    let date = tighten::catalog::BUILTIN_DATE;
    assert_eq!(out.trim(), format!("tighten {} (IAM catalog {date})", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_user_catalog_replaces_the_compiled_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("Policies.json");
    std::fs::write(&catalog, r#"{"s3": {"Actions": {"getobject": {}, "newcall": {}}}}"#).unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:NewCall", "s3:PutObject"],
            "Resource": "arn:aws:s3:::b/*"}]}"#,
    )
    .unwrap();

    let (code, out) = stdout(tighten().args(["check", "--format", "concise"]).arg(&policy));
    assert_eq!(code, 1);
    assert!(out.contains("`s3:NewCall` is not a known s3 action"), "{out}");

    // As an option of `check` or before it, the user's catalog decides.
    for args in [["check", "--iam-catalog"], ["--iam-catalog", "check"]] {
        let mut cmd = tighten();
        if args[0] == "check" {
            cmd.args(args).arg(&catalog);
        } else {
            cmd.arg(args[0]).arg(&catalog).arg(args[1]);
        }
        let (code, out) = stdout(cmd.args(["--format", "concise"]).arg(&policy));
        assert_eq!(code, 1, "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{out}");
        let expected = ":1:86: medium IAM007 `s3:PutObject` is not a known s3 action";
        assert!(lines[0].ends_with(expected), "{out}");
    }
}

#[test]
fn a_bad_catalog_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"Statement": []}"#).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"s3": {"Resources": {}}}"#).unwrap();

    let cases = [
        (bad.clone(), "bad.json is not an IAM catalog: not in the Policies.json shape at line 1"),
        (dir.path().join("missing.json"), "cannot read IAM catalog"),
    ];
    for (catalog, expected) in cases {
        let output = tighten().args(["check", "--iam-catalog"]).arg(&catalog).arg(&policy).output();
        let output = output.unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("tighten: ") && stderr.contains(expected), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn suppressed_findings_leave_the_exit_code_and_are_listed_on_request() {
    let suppressed = "fixtures/rules/SUP001/pass/template-suppressed.yaml";
    let (code, out) = stdout(tighten().args(["check", "--format", "concise", suppressed]));
    assert_eq!((code, out.as_str()), (0, ""));

    let (code, out) =
        stdout(tighten().args(["check", "--format", "concise", "--show-suppressed", suppressed]));
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "{suppressed}:13:19: suppressed NET001 security group allows HTTPS (443) from the \
                 whole internet -- the load balancer serves the public site"
            ),
            format!(
                "{suppressed}:23:19: suppressed NET001 security group allows SSH (22) from the \
                 whole internet -- lab bastion, torn down with the lab"
            ),
        ]
    );

    // Machine formats carry them always: JSON in its own array, SARIF as dismissed results.
    let (_, json) = stdout(tighten().args(["check", "--format", "json", suppressed]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["suppressed"][1]["reason"], "lab bastion, torn down with the lab");
    let (_, sarif) = stdout(tighten().args(["check", "--format", "sarif", suppressed]));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        result["suppressions"][0]["justification"],
        "the load balancer serves the public site"
    );

    // An expired one fails the run again, and ignoring SUP002 in the configuration hides only
    // the report about the suppression.
    let expired = "fixtures/rules/SUP002/fail/template-expired.yaml";
    let (code, out) = stdout(tighten().args(["check", "--format", "concise", expired]));
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 2, "{out}");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tighten.yaml");
    std::fs::write(&config, "ignore: [expired-suppression]\n").unwrap();
    let (code, out) = stdout(
        tighten().args(["check", "--format", "concise", "--config"]).arg(&config).arg(expired),
    );
    assert_eq!(code, 1);
    assert!(out.lines().count() == 1 && out.contains(" NET001 "), "{out}");
}
