//! SARIF 2.1.0, the format code scanning services read (GitHub, Azure DevOps, GitLab).
//!
//! One run with the rules that ran as `tool.driver.rules`, each carrying GitHub's
//! `security-severity`; one result per finding with its region (1-based lines, code point
//! columns as `columnKind` says, byte offset and length), its secondary labels as related
//! locations and the stable fingerprint as a partial fingerprint. Input errors become tool
//! execution notifications. Like the JSON format, SARIF shows no source text.

use std::io;

use serde::Serialize;

use super::{FileResult, Finding, Locator, RenderOptions, RuleDescriptor, Severity};
use crate::syntax::{LoadError, Span};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help<'a>,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    /// GitHub code scanning ranks alerts by this CVSS-like score, given as a string.
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    descriptor: DescriptorReference<'a>,
}

#[derive(Serialize)]
struct DescriptorReference<'a> {
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    /// For a finding a suppression silenced: code scanning shows it as dismissed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
}

/// tighten's fingerprint among a result's partial fingerprints; the key's suffix is the version
/// of the fingerprint recipe.
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "tighten/v1")]
    tighten: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    severity: Severity,
    #[serde(skip_serializing_if = "str::is_empty")]
    document_path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[expect(clippy::struct_field_names, reason = "SARIF's own property name")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<OwnedText>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    byte_offset: u32,
    byte_length: u32,
}

pub(super) fn render(
    results: &[FileResult],
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut run = Run {
        tool: Tool { driver: driver(&options.rules) },
        invocations: [Invocation {
            execution_successful: true,
            tool_execution_notifications: Vec::new(),
        }],
        column_kind: "unicodeCodePoints",
        results: Vec::new(),
    };

    for result in results {
        if result.findings.is_empty() && result.errors.is_empty() && result.suppressed.is_empty() {
            continue;
        }
        let uri = artifact_uri(&result.path);
        let locator = result.locator();
        let index = |code| options.rules.iter().position(|rule| rule.code == code);
        for finding in &result.findings {
            let index = index(finding.code);
            run.results.push(sarif_result(finding, index, &result.path, &uri, &locator));
        }
        for silenced in &result.suppressed {
            let finding = &silenced.finding;
            let mut sarif =
                sarif_result(finding, index(finding.code), &result.path, &uri, &locator);
            sarif.suppressions =
                vec![SarifSuppression { kind: "inSource", justification: &silenced.reason }];
            run.results.push(sarif);
        }
        let invocation = &mut run.invocations[0];
        for error in &result.errors {
            invocation.execution_successful = false;
            invocation.tool_execution_notifications.push(notification(error, &uri, &locator));
        }
    }

    let log = Log { schema: SCHEMA, version: "2.1.0", runs: [run] };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn driver(rules: &[RuleDescriptor]) -> Driver<'_> {
    Driver {
        name: "tighten",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: env!("CARGO_PKG_REPOSITORY"),
        rules: rules.iter().map(descriptor).collect(),
    }
}

fn descriptor(rule: &RuleDescriptor) -> ReportingDescriptor<'_> {
    let markdown = format!(
        "{}\n\n## Why it matters\n\n{}\n\n## What to do\n\n{}",
        rule.summary.trim(),
        rule.why.trim(),
        rule.fix.trim()
    );
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text { text: rule.summary.trim() },
        full_description: Text { text: rule.why.trim() },
        help: Help { text: rule.fix.trim(), markdown },
        help_uri: rule.help_uri(),
        default_configuration: Configuration { level: level(rule.severity) },
        properties: RuleProperties {
            tags: vec!["security", rule.family],
            security_severity: security_severity(rule.severity),
            precision: "high",
        },
    }
}

fn sarif_result<'a>(
    finding: &'a Finding,
    rule_index: Option<usize>,
    path: &str,
    uri: &str,
    locator: &Locator<'_>,
) -> SarifResult<'a> {
    let related_locations = finding
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| Location {
            id: Some(i + 1),
            physical_location: physical(uri, label.span, locator),
            message: Some(OwnedText { text: label.message.clone() }),
        })
        .collect();
    SarifResult {
        rule_id: finding.code,
        rule_index,
        level: level(finding.severity),
        message: Text { text: &finding.message },
        locations: [Location {
            id: None,
            physical_location: physical(uri, finding.span, locator),
            message: None,
        }],
        related_locations,
        partial_fingerprints: Fingerprints { tighten: finding.fingerprint(path) },
        suppressions: Vec::new(),
        properties: ResultProperties {
            severity: finding.severity,
            document_path: &finding.path,
            resource: finding.resource.as_deref(),
            notes: &finding.notes,
        },
    }
}

fn notification<'a>(error: &'a LoadError, uri: &str, locator: &Locator<'_>) -> Notification<'a> {
    Notification {
        level: "error",
        message: Text { text: &error.message },
        locations: [Location {
            id: None,
            physical_location: physical(uri, error.span, locator),
            message: None,
        }],
        descriptor: DescriptorReference { id: error.kind.code() },
    }
}

/// A region always names a real place: offsets are clamped to the file, and an empty span
/// (an error at one point) still covers one column, as SARIF viewers expect.
fn physical(uri: &str, span: Span, locator: &Locator<'_>) -> PhysicalLocation {
    let span = locator.clamp(span);
    let (from, to) = (locator.start(span), locator.end(span));
    let end_column =
        if (to.line, to.column) == (from.line, from.column) { from.column + 1 } else { to.column };
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri.to_owned() },
        region: Region {
            start_line: from.line,
            start_column: from.column,
            end_line: to.line,
            end_column,
            byte_offset: span.start,
            byte_length: span.end - span.start,
        },
    }
}

/// SARIF's result levels: a high or critical finding fails a code scanning check by default.
const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// The scores GitHub maps back to its critical, high, medium and low alert severities.
const fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// A relative URI reference for a path as the user gave it: forward slashes, and every byte
/// outside the unreserved set and `/` percent-encoded. Absolute paths become `file://` URIs.
fn artifact_uri(path: &str) -> String {
    let normalized = path.replace('\\', "/");
    let mut uri = String::with_capacity(normalized.len() + 8);
    if normalized.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in normalized.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            uri.extend([
                '%',
                char::from(HEX[usize::from(byte >> 4)]),
                char::from(HEX[usize::from(byte & 15)]),
            ]);
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_with_unsafe_bytes_encoded() {
        assert_eq!(artifact_uri("templates/api.yaml"), "templates/api.yaml");
        assert_eq!(artifact_uri("my stack/100%.json"), "my%20stack/100%25.json");
        assert_eq!(artifact_uri("dir\\é.json"), "dir/%C3%A9.json");
        assert_eq!(artifact_uri("/abs/a#b.json"), "file:///abs/a%23b.json");
    }

    #[test]
    fn levels_and_scores_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
        assert_eq!(security_severity(Severity::Low), "3.0");
    }
}
