//! The CI formats, checked by the consumers that read them: SARIF against the SARIF 2.1.0 JSON
//! schema (Python `jsonschema`) and Microsoft's SARIF validator (`Sarif.Multitool validate`),
//! `JUnit` XML against the Jenkins `JUnit` schema (Python `xmlschema`), GitHub workflow commands
//! as the runner parses them, and `--output`.
//!
//! The external validators are installed by `.ci/run`. Where they are missing, the tests that
//! need them say so and pass on a developer machine, but fail under CI (`CI` set), so that a
//! broken install cannot turn them into no-ops.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn tighten() -> Command {
    let mut cmd = Command::cargo_bin("tighten").unwrap();
    cmd.current_dir(common::root());
    cmd
}

/// A directory with the examples and one file that does not parse, checked to `format` into
/// `out`; returns the exit code.
fn check_to_file(format: &str, dir: &Path, out: &Path) -> i32 {
    std::fs::write(dir.join("broken.json"), "{\n  \"Statement\": [,]\n}\n").unwrap();
    let status = tighten()
        .args(["check", "--format", format, "--output"])
        .arg(out)
        .arg("fixtures/examples")
        .arg(dir.join("broken.json"))
        .status()
        .unwrap();
    status.code().unwrap()
}

fn sarif_log(dir: &tempfile::TempDir) -> (PathBuf, Value) {
    let path = dir.path().join("tighten.sarif");
    assert_eq!(check_to_file("sarif", dir.path(), &path), 2, "a file failed to parse");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, log)
}

fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Skips a test whose external tool is missing, except under CI.
fn missing(tool: &str) {
    assert!(!under_ci(), "{tool} is not installed, and CI must run this test");
    eprintln!("skipped: {tool} is not installed (.ci/run installs it)");
}

#[test]
fn sarif_describes_rules_results_and_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (_, log) = sarif_log(&dir);
    let run = &log["runs"][0];

    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), tighten::rules::builtin().len());
    for rule in rules {
        let score = rule["properties"]["security-severity"].as_str().unwrap();
        assert!(["9.5", "8.0", "5.5", "3.0"].contains(&score), "{rule}");
        let doc = format!(
            "/rules/{}-{}.yaml",
            rule["id"].as_str().unwrap(),
            rule["name"].as_str().unwrap()
        );
        assert!(rule["helpUri"].as_str().unwrap().ends_with(&doc), "{rule}");
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());
    }

    // Every result points at its rule, and the secret finding of the SAM example lands on the
    // token, with its byte range.
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["partialFingerprints"]["tighten/v1"].as_str().unwrap().len(), 16);
    }
    let secret = results
        .iter()
        .find(|r| {
            r["ruleId"] == "LAM001"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "fixtures/examples/sam-orders-api.yaml"
        })
        .unwrap();
    let region = &secret["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(44), Some(29))
    );
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(44), Some(61)));
    assert_eq!(region["byteLength"].as_u64(), Some(32));
    assert_eq!(secret["level"], "error");
    assert_eq!(secret["properties"]["severity"], "critical");

    // The NET001 finding through a parameter default has the default as a related location.
    let database = results
        .iter()
        .find(|r| {
            r["ruleId"] == "NET001"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "fixtures/examples/sam-orders-api.yaml"
        })
        .unwrap();
    let related = database["relatedLocations"].as_array().unwrap();
    assert_eq!(related[0]["id"], 1);
    let default = related
        .iter()
        .find(|l| l["message"]["text"] == "default of parameter AdminCidr")
        .unwrap_or_else(|| panic!("{related:?}"));
    assert_eq!(default["physicalLocation"]["region"]["startLine"], 12);

    // The file that does not parse is a tool execution notification, not a result.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["descriptor"]["id"], "syntax-error");
    let region = &notification["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
}

/// Runs `scripts/validate-report.py` on a report; `None` when the validator is not installed.
fn validate(schema: &str, report: &Path) -> Option<(bool, String)> {
    let output = Command::new("python3")
        .arg(common::root().join("scripts/validate-report.py"))
        .arg(common::root().join("tests/schemas").join(schema))
        .arg(report)
        .output()
        .ok()?;
    if output.status.code() == Some(3) {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Some((output.status.success(), text))
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (path, log) = sarif_log(&dir);
    let Some((valid, problems)) = validate("sarif-2.1.0.json", &path) else {
        return missing("python3 with jsonschema");
    };
    assert!(valid, "schema violations:\n{problems}");

    // The validator itself must be able to fail: a region starting at line 0 is invalid.
    let mut broken = log;
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let broken_path = dir.path().join("broken.sarif");
    std::fs::write(&broken_path, broken.to_string()).unwrap();
    let (valid, problems) = validate("sarif-2.1.0.json", &broken_path).unwrap();
    assert!(!valid && problems.contains("startLine"), "{problems}");
}

#[test]
fn junit_is_valid_against_the_jenkins_junit_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tighten.xml");
    assert_eq!(check_to_file("junit", dir.path(), &path), 2);
    let xml = std::fs::read_to_string(&path).unwrap();

    // Six example files and the broken one: a case per rule for each example, a load case
    // for the broken file; the eight findings are failures.
    let rules = tighten::rules::builtin().len();
    let header =
        format!(r#"<testsuites name="tighten" tests="{}" failures="8" errors="1">"#, 6 * rules + 1);
    assert!(xml.contains(&header), "{xml}");
    assert!(xml.contains(
        r#"<failure type="critical" message="network ACL allows all traffic from the whole internet at fixtures/examples/nacl-entry.json:7:18">"#
    ));
    assert!(xml.contains(r#"<error type="syntax-error""#), "{xml}");

    let Some((valid, problems)) = validate("junit-jenkins.xsd", &path) else {
        return missing("python3 with xmlschema");
    };
    assert!(valid, "schema violations:\n{problems}");

    let broken_path = dir.path().join("broken.xml");
    std::fs::write(&broken_path, xml.replacen(" tests=", " total=", 2)).unwrap();
    let (valid, problems) = validate("junit-jenkins.xsd", &broken_path).unwrap();
    assert!(!valid && problems.contains("tests"), "{problems}");
}

/// Microsoft's SARIF validator checks the schema and the spec's own rules; it reports errors
/// and warnings as results of a SARIF log of its own, which must have none.
#[test]
fn sarif_passes_the_sarif_multitool_validator() {
    let Some(multitool) = std::env::var_os("TIGHTEN_SARIF_MULTITOOL") else {
        return missing("Sarif.Multitool (TIGHTEN_SARIF_MULTITOOL)");
    };
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sarif_log(&dir);
    let report = dir.path().join("validation.sarif");

    let output = Command::new(multitool)
        .arg("validate")
        .arg(&path)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let validation: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let problems = validation["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(problems.is_empty(), "{}", serde_json::to_string_pretty(&problems).unwrap());
}

/// Reads a workflow command back as the Actions runner does: the command, its properties with
/// `%2C`, `%3A`, `%0A`, `%0D` and `%25` decoded, and the message.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let decode = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").unwrap();
    let (head, message) = rest.split_once("::").unwrap();
    let (command, properties) = head.split_once(' ').unwrap();
    let properties = properties
        .split(',')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (key.to_owned(), decode(value))
        })
        .collect();
    (command.to_owned(), properties, decode(message))
}

#[test]
fn github_annotations_carry_the_exact_range() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotations.txt");
    assert_eq!(check_to_file("github", dir.path(), &out), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    let commands: Vec<_> = text.lines().map(parse_command).collect();
    assert_eq!(commands.len(), 9, "{text}");

    let (command, properties, message) = commands
        .iter()
        .find(|(_, p, _)| {
            p[0].1 == "fixtures/examples/sam-orders-api.yaml"
                && p.iter().any(|(k, v)| k == "title" && v.starts_with("LAM001"))
        })
        .unwrap();
    assert_eq!(command, "error");
    let props: Vec<(&str, &str)> =
        properties.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        props,
        [
            ("file", "fixtures/examples/sam-orders-api.yaml"),
            ("line", "44"),
            ("endLine", "44"),
            ("col", "29"),
            ("endColumn", "60"),
            ("title", "LAM001 plaintext-secret"),
        ]
    );
    assert!(message.starts_with("environment variable PAYMENTS_API_KEY holds"), "{message}");
    assert!(message.contains("(critical)\n"), "{message}");

    let low = commands.iter().filter(|(c, _, _)| c == "notice").count();
    let broken = commands.iter().find(|(_, p, _)| p[0].1.ends_with("broken.json")).unwrap();
    assert_eq!((low, broken.0.as_str()), (2, "error"));
}

#[test]
fn output_goes_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    let output = tighten()
        .args(["check", "--format", "concise", "--output"])
        .arg(&out)
        .arg("fixtures/examples/nacl-entry.json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "fixtures/examples/nacl-entry.json:7:18: critical NET002 network ACL allows all traffic \
         from the whole internet\n"
    );

    let unwritable = dir.path().join("missing-dir/report.txt");
    let output = tighten()
        .args(["check", "--output"])
        .arg(&unwritable)
        .arg("fixtures/examples/nacl-entry.json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write the report to"));
}
