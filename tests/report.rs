//! Rendering of findings and input errors in every output format.

use clap::ValueEnum;
use serde_json::Value;
use tighten::lint::{Options, lint_bytes};
use tighten::report::{FileResult, FileStatus, Finding, Format, RenderOptions, Severity, render};
use tighten::syntax::{LoadError, LoadErrorKind, Span};

const CANARY: &str = "hunter2-CANARY-9f8e7d6c5b4a";

fn span_of(source: &str, needle: &str) -> Span {
    let start = source.find(needle).unwrap_or_else(|| panic!("{needle:?} not in source"));
    Span::from_range(start..start + needle.len())
}

/// A checked file with its source, ready for findings.
fn checked(path: &str, source: &str) -> FileResult {
    let mut result = FileResult::new(path.to_owned(), FileStatus::Checked { format: "test" });
    source.clone_into(&mut result.source);
    result
}

fn rendered(format: Format, results: &[FileResult]) -> String {
    let mut out = Vec::new();
    render(format, results, &RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

const INGRESS: &str = r#"{
  "GroupId": "sg-0123",
  "IpPermissions": [{
    "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
    "IpRanges": [{ "CidrIp": "0.0.0.0/0", "Description": "wörld" }]
  }]
}
"#;

const FUNCTION: &str = "{\n  \"FunctionName\": \"api\",\n  \"Environment\": {\n    \"Variables\": {\n      \"DB_PASSWORD\": \"hunter2-CANARY-9f8e7d6c5b4a\"\n    }\n  }\n}\n";

fn ingress() -> FileResult {
    let mut result = checked("fixtures/examples/authorize-ingress.json", INGRESS);
    result.findings.push(
        Finding::new(
            "NET005",
            "wide-port-range",
            Severity::Medium,
            span_of(INGRESS, "80, \"ToPort\": 80"),
        )
        .message("rule opens ports 80 to 80")
        .path("IpPermissions[0]")
        .value_key("80-80"),
    );
    result.findings.push(
        Finding::new("NET001", "public-ingress", Severity::Low, span_of(INGRESS, "\"0.0.0.0/0\""))
            .message("security group allows HTTP (80) from the whole internet")
            .label("every IPv4 address")
            .secondary(span_of(INGRESS, "\"FromPort\": 80"), "port 80")
            .help("serve public web traffic through a load balancer")
            .path("IpPermissions[0].IpRanges[0].CidrIp")
            .value_key("0.0.0.0/0"),
    );
    result
}

fn function() -> FileResult {
    let secret = span_of(FUNCTION, &format!("\"{CANARY}\""));
    let mut result = checked("fixtures/examples/function-config.json", FUNCTION);
    result.findings.push(
        Finding::new("LAM001", "plaintext-secret", Severity::High, secret)
            .message("environment variable DB_PASSWORD holds a literal secret")
            .label("27 characters, shown masked")
            .secondary(span_of(FUNCTION, "\"FunctionName\""), "this function")
            .help("store it in Secrets Manager or SSM SecureString and pass its ARN")
            .path("Environment.Variables.DB_PASSWORD")
            .value_key("DB_PASSWORD")
            .redact(secret),
    );
    result
}

fn unreadable() -> FileResult {
    let mut result = FileResult::new("fixtures/missing.json".to_owned(), FileStatus::Failed);
    result.errors.push(
        LoadError::new(LoadErrorKind::Io, Span::at(0), "cannot read file: not found".to_owned())
            .with_help("check the path"),
    );
    result
}

#[test]
fn concise_prints_exactly_one_line_per_finding_and_error() {
    let skipped = FileResult::new("fixtures/examples/readme.json".to_owned(), FileStatus::Skipped);
    let results = [ingress(), function(), unreadable(), skipped];

    assert_eq!(
        rendered(Format::Concise, &results),
        "fixtures/examples/authorize-ingress.json:4:38: medium NET005 rule opens ports 80 to 80\n\
         fixtures/examples/authorize-ingress.json:5:30: low NET001 security group allows HTTP (80) \
         from the whole internet\n\
         fixtures/examples/function-config.json:5:22: high LAM001 environment variable \
         DB_PASSWORD holds a literal secret\n\
         fixtures/missing.json:1:1: error io-error cannot read file: not found\n"
    );
}

#[test]
fn json_carries_positions_labels_fingerprints_and_errors() {
    let results = [ingress(), function(), unreadable()];
    let out = rendered(Format::Json, &results);
    assert!(out.ends_with("}\n"));
    let json: Value = serde_json::from_str(&out).unwrap();

    assert_eq!(json["version"], 1);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);

    let net001 = &findings[1];
    assert_eq!(net001["code"], "NET001");
    assert_eq!(net001["name"], "public-ingress");
    assert_eq!(net001["severity"], "low");
    assert_eq!(net001["message"], "security group allows HTTP (80) from the whole internet");
    assert_eq!(net001["help"], "serve public web traffic through a load balancer");
    assert_eq!(net001["path"], "fixtures/examples/authorize-ingress.json");
    assert_eq!(net001["document_path"], "IpPermissions[0].IpRanges[0].CidrIp");
    let cidr = span_of(INGRESS, "\"0.0.0.0/0\"");
    assert_eq!(net001["start"], serde_json::json!({"line": 5, "column": 30, "offset": cidr.start}));
    assert_eq!(net001["end"], serde_json::json!({"line": 5, "column": 41, "offset": cidr.end}));
    assert_eq!(net001["label"], "every IPv4 address");
    assert_eq!(net001["labels"][0]["message"], "port 80");
    assert_eq!(net001["labels"][0]["start"]["line"], 4);
    assert_eq!(net001["labels"][0]["start"]["column"], 26);
    assert_eq!(net001["labels"][0]["end"]["column"], 40);
    assert_eq!(net001["fingerprint"], results[0].findings[1].fingerprint(&results[0].path));
    assert!(findings[2]["help"].is_string() && findings[0]["help"].is_null());

    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], "io-error");
    assert_eq!(errors[0]["message"], "cannot read file: not found");
    assert_eq!(errors[0]["help"], "check the path");
    assert_eq!(errors[0]["path"], "fixtures/missing.json");
    assert_eq!(errors[0]["start"], serde_json::json!({"line": 1, "column": 1, "offset": 0}));
}

/// A finding in a template resource, on a value taken from a parameter's default.
fn from_parameter() -> FileResult {
    let mut result = ingress();
    let finding = &mut result.findings[1];
    finding.resource = Some("WebSg".into());
    finding.notes.push("the value is the default of parameter AllowedCidr".to_owned());
    result
}

#[test]
fn json_names_the_resource_and_carries_notes() {
    let json: Value = serde_json::from_str(&rendered(Format::Json, &[from_parameter()])).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings[1]["resource"], "WebSg");
    assert_eq!(
        findings[1]["notes"],
        serde_json::json!(["the value is the default of parameter AllowedCidr"])
    );
    assert!(findings[0]["resource"].is_null());
    assert_eq!(findings[0]["notes"], serde_json::json!([]));
}

#[test]
fn pretty_names_the_resource_and_puts_notes_after_the_help() {
    let out = rendered(Format::Pretty, &[from_parameter()]);
    assert!(
        out.contains("NET001 public-ingress (low) in WebSg: security group allows HTTP"),
        "{out}"
    );
    let help = out.find("help: serve public web traffic").unwrap();
    let note = out.find("note: the value is the default of parameter AllowedCidr").unwrap();
    assert!(help < note, "{out}");
    assert!(out.contains("NET005 wide-port-range (medium): rule opens"), "{out}");
}

#[test]
fn json_keys_keep_a_fixed_order() {
    let out = rendered(Format::Json, &[ingress()]);
    let order = [
        "\"code\"",
        "\"name\"",
        "\"severity\"",
        "\"message\"",
        "\"help\"",
        "\"notes\"",
        "\"path\"",
        "\"document_path\"",
        "\"resource\"",
        "\"start\"",
        "\"end\"",
        "\"label\"",
        "\"labels\"",
        "\"fingerprint\"",
    ];
    let first = &out[out.find("\"findings\"").unwrap()..];
    let positions: Vec<usize> = order.iter().map(|key| first.find(key).unwrap()).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{positions:?}");
    assert!(out.find("\"version\"").unwrap() < out.find("\"findings\"").unwrap());
    assert!(out.find("\"findings\"").unwrap() < out.find("\"errors\"").unwrap());
}

#[test]
fn json_with_nothing_to_report_is_still_one_object() {
    let out = rendered(Format::Json, &[]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"version": 1, "findings": [], "suppressed": [], "errors": []})
    );
}

#[test]
fn pretty_shows_header_location_masked_excerpt_and_help() {
    let out = rendered(Format::Pretty, &[ingress(), function()]);

    assert!(out.contains(
        "  ☞ NET001 public-ingress (low): security group allows HTTP (80) from the whole internet\n"
    ));
    assert!(out.contains("  ⚠ NET005 wide-port-range (medium): rule opens ports 80 to 80\n"));
    assert!(out.contains(
        "  × LAM001 plaintext-secret (high): environment variable DB_PASSWORD holds a literal secret\n"
    ));
    // The excerpt header agrees with the concise format on line and character column.
    assert!(out.contains("╭─[fixtures/examples/authorize-ingress.json:5:30]\n"));
    assert!(out.contains("╭─[fixtures/examples/function-config.json:5:22]\n"));
    assert!(out.contains(" 5 │       \"DB_PASSWORD\": \"hu*************************\"\n"));
    assert!(out.contains("╰── 27 characters, shown masked\n"));
    assert!(out.contains("  help: serve public web traffic through a load balancer\n"));
    assert!(
        out.contains("  help: store it in Secrets Manager or SSM SecureString and pass its ARN\n")
    );
    assert!(!out.contains(CANARY));
}

#[test]
fn pretty_separates_reports_and_adds_nothing_after_the_last() {
    let out = rendered(Format::Pretty, &[ingress(), unreadable()]);
    assert_eq!(out.matches("\n\n  ").count(), 2, "{out}");
    assert!(out.ends_with("  help: check the path\n\n"), "{out}");
}

/// Files whose text holds the canary: a detected secret, a secret next to another finding,
/// input errors from the real loaders, and one built by hand.
fn canary_results() -> Vec<FileResult> {
    let mut results = vec![function()];

    let mut neighbour = function();
    "fixtures/neighbour.json".clone_into(&mut neighbour.path);
    let name = span_of(FUNCTION, "\"FunctionName\"");
    neighbour.findings.insert(
        0,
        Finding::new("LAM004", "deprecated-runtime", Severity::Low, name)
            .message("runtime is deprecated")
            .secondary(span_of(FUNCTION, "\"DB_PASSWORD\""), "next to a secret"),
    );
    results.push(neighbour);

    let broken: [(&str, &[u8]); 7] = [
        ("missing-comma.json", br#"{"p": "hunter2-CANARY-9f8e7d6c5b4a" "q": 1}"#),
        ("bare-word.json", br#"{"p": hunter2-CANARY-9f8e7d6c5b4a}"#),
        ("unterminated.json", br#"{"p": "hunter2-CANARY-9f8e7d6c5b4a"#),
        ("bad-escape.json", br#"{"p": "hunter2-CANARY-\q9f8e7d6c5b4a"}"#),
        ("single-quoted.json", br#"{"p": 'hunter2-CANARY-9f8e7d6c5b4a'}"#),
        ("invalid-utf8.json", b"{\"p\": \"hunter2-CANARY-9f8e7d6c5b4a\xff\"}"),
        ("unterminated.yaml", b"Resources:\n  Secret: \"hunter2-CANARY-9f8e7d6c5b4a\n"),
    ];
    for (path, bytes) in broken {
        let result = lint_bytes(path, bytes, &Options::default());
        assert!(!result.errors.is_empty(), "{path} should fail to load");
        results.push(result);
    }

    let source = format!("{{\n  \"Policy\": \"{{\\\"Statement\\\": {CANARY}\"\n}}\n");
    let mut embedded = checked("fixtures/embedded.json", &source);
    embedded.errors.push(LoadError::new(
        LoadErrorKind::Embedded,
        span_of(&source, CANARY),
        "embedded policy document is not valid JSON".to_owned(),
    ));
    results.push(embedded);

    results.sort_by(|a, b| a.path.cmp(&b.path));
    results
}

#[test]
fn canary_never_appears_in_any_format() {
    let results = canary_results();
    let windows: Vec<&str> = (0..=CANARY.len() - 6).map(|i| &CANARY[i..i + 6]).collect();

    for &format in Format::value_variants() {
        for color in [false, true] {
            let mut out = Vec::new();
            render(
                format,
                &results,
                &RenderOptions { color, width: 80, ..RenderOptions::default() },
                &mut out,
            )
            .unwrap();
            let out = String::from_utf8(out).unwrap();

            assert!(out.contains("LAM001"), "{format:?} rendered nothing");
            for window in &windows {
                assert!(!out.contains(window), "{format:?} leaks {window:?}:\n{out}");
            }
        }
    }
}

#[test]
fn canary_files_are_all_reported() {
    let results = canary_results();
    let errors: usize = results.iter().map(|r| r.errors.len()).sum();
    let findings: usize = results.iter().map(|r| r.findings.len()).sum();
    assert_eq!(rendered(Format::Concise, &results).lines().count(), errors + findings);
    assert!(rendered(Format::Pretty, &results).contains("\"hu*************************\""));
}
