//! Recognition and extraction of every fixture under `fixtures/formats/`: the format each is
//! recognized as, the model extracted from it, and the exact source position of its values.

/// One module per family, under `tests/formats/`.
mod formats {
    mod cfn_iam;
    mod cfn_lambda;
    mod cfn_network;
    mod ec2;
    mod iam;
    mod lambda;
    mod policy;
    mod robustness;
}

use std::path::Path;

use tighten::formats::{Extracted, extract};
use tighten::model::{Value, ValueKind, Values};
use tighten::syntax::{Limits, LineIndex, LoadError, Span, Syntax, decode_text, parse, sniff};

/// A fixture with what was extracted from it.
struct Loaded {
    source: String,
    extracted: Extracted,
}

impl Loaded {
    /// `line:col text` of a span: where it starts, and exactly what it covers.
    fn at(&self, span: Span) -> String {
        let start = LineIndex::new(&self.source).line_col(span.start, &self.source);
        format!("{}:{} {}", start.line, start.column, span.slice(&self.source))
    }

    /// [`Loaded::at`] of a value, after checking that it is the literal `text`.
    fn lit(&self, value: &Value, text: &str) -> String {
        assert_eq!(value.as_literal(), Some(text), "value at {}", self.at(value.span));
        self.at(value.span)
    }

    /// [`Loaded::lit`] of an optional value.
    fn opt(&self, value: Option<&Value>, text: &str) -> String {
        self.lit(value.unwrap_or_else(|| panic!("missing value {text}")), text)
    }
}

/// The span of the JSON string that is the value of `key`, quotes included.
fn string_value(f: &Loaded, key: &str) -> Span {
    let key = format!("\"{key}\": \"");
    let start = f.source.find(&key).expect("key") + key.len() - 1;
    let bytes = f.source.as_bytes();
    let mut end = start + 1;
    while bytes[end] != b'"' {
        end += if bytes[end] == b'\\' { 2 } else { 1 };
    }
    Span::new(start as u32, end as u32 + 1)
}

/// Checks a value read from a document given as a JSON string: its text, and its span, which
/// is either exactly the escaped token or, until embedded spans are mapped exactly, the whole
/// string.
fn embedded(f: &Loaded, value: &Value, text: &str, string: Span) {
    assert_eq!(value.as_literal(), Some(text));
    if value.span == string {
        return;
    }
    let token = format!("\\\"{text}\\\"");
    let offset = string.slice(&f.source).find(&token).expect("token in the string");
    let start = string.start + offset as u32;
    assert_eq!(value.span, Span::new(start, start + token.len() as u32), "{}", f.at(value.span));
}

/// The literal texts of a `Values` field.
fn texts(values: Option<&Values>) -> Vec<&str> {
    values.map_or_else(Vec::new, |v| v.iter().filter_map(Value::as_literal).collect())
}

/// The literal texts of a list of values.
fn all(values: &[Value]) -> Vec<&str> {
    values.iter().filter_map(Value::as_literal).collect()
}

fn read(name: &str) -> String {
    let path = format!("{}/fixtures/formats/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Loads and extracts `source` the way the linter does: decode, parse (as JSON when the name
/// says so, as sniffed otherwise), extract.
fn extract_named(name: &str, source: &str) -> Result<Option<Extracted>, LoadError> {
    let limits = Limits::default();
    let text = decode_text(source.as_bytes(), &limits)?;
    let json = Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let syntax = if json { Syntax::Json } else { sniff(text) };
    let document = parse(text, syntax, &limits)?;
    Ok(extract(&document, text, &limits))
}

/// [`extract_named`] for inline text, whose syntax is sniffed.
fn extract_text(source: &str) -> Result<Option<Extracted>, LoadError> {
    extract_named("", source)
}

/// A fixture that must be recognized as `format`.
fn load(name: &str, format: &str) -> Loaded {
    let source = read(name);
    let extracted = extract_named(name, &source)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .unwrap_or_else(|| panic!("{name} was not recognized"));
    assert_eq!(extracted.format, format, "{name}");
    Loaded { source, extracted }
}

/// Inline JSON that must be recognized as `format`.
fn load_inline(source: &str, format: &str) -> Loaded {
    let extracted = extract_text(source).unwrap().expect("recognized");
    assert_eq!(extracted.format, format);
    Loaded { source: source.to_owned(), extracted }
}

const NOT_AWS_JSON: &[&str] = &[
    "not-aws/package.json",
    "not-aws/tsconfig.json",
    "not-aws/openapi.json",
    "not-aws/array.json",
    "not-aws/scalar.json",
    "not-aws/bank-statement.json",
    "not-aws/ec2-instances.json",
];

const NOT_AWS_YAML: &[&str] = &["not-aws/deployment.yaml", "not-aws/docker-compose.yaml"];

#[test]
fn documents_that_are_not_aws_artifacts_are_skipped() {
    for name in NOT_AWS_JSON {
        let extracted = extract_named(name, &read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(extracted.is_none(), "{name} was recognized as {:?}", extracted.map(|e| e.format));
    }
}

#[test]
fn yaml_documents_that_are_not_aws_artifacts_are_skipped() {
    for name in NOT_AWS_YAML {
        let extracted = extract_named(name, &read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(extracted.is_none(), "{name} was recognized as {:?}", extracted.map(|e| e.format));
    }
}

#[test]
fn nulls_are_absent_and_collections_where_scalars_belong_are_unknown() {
    let f = load_inline(
        r#"{"Version": "2012-10-17", "Statement": [null, {"Sid": null, "Effect": {"x": 1},
        "Action": ["s3:GetObject", null, ["nested"]], "Resource": null, "Principal": null}]}"#,
        "iam-policy",
    );
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.statements.len(), 1);

    let statement = &policy.statements[0];
    assert_eq!(statement.path, "Statement[1]");
    assert!(statement.sid.is_none() && statement.resource.is_none());
    assert!(statement.principal.is_none());
    let effect = statement.effect.as_ref().unwrap();
    assert_eq!((&effect.kind, f.at(effect.span)), (&ValueKind::Unknown, "1:71 {\"x\": 1}".into()));

    let action = statement.action.as_ref().unwrap();
    assert_eq!(action.items.len(), 2);
    assert_eq!(f.lit(&action.items[0], "s3:GetObject"), "2:20 \"s3:GetObject\"");
    assert_eq!(
        (&action.items[1].kind, f.at(action.items[1].span)),
        (&ValueKind::Unknown, "2:42 [\"nested\"]".into())
    );
    assert_eq!(f.at(action.key_span), "2:9 \"Action\"");
}

#[test]
fn numbers_and_booleans_keep_their_source_text() {
    let f = load_inline(
        r#"{"NetworkAclId": "acl-1", "RuleNumber": 1e2, "Protocol": -1, "RuleAction": "allow",
        "Egress": true, "CidrBlock": "0.0.0.0/0"}"#,
        "ec2-network-acl-entry",
    );
    let entry = &f.extracted.model.network_acls[0].entries[0];
    assert_eq!(f.opt(entry.rule_number.as_ref(), "1e2"), "1:41 1e2");
    assert_eq!(f.opt(entry.protocol.as_ref(), "-1"), "1:58 -1");
    assert_eq!(entry.direction, tighten::model::network::Direction::Egress);
}

#[test]
fn a_statement_key_alone_does_not_make_a_policy() {
    for text in [
        r#"{"Statement": "Monthly"}"#,
        r#"{"Statement": [{"Amount": 3}]}"#,
        r#"{"Statement": []}"#,
        r#"{"Version": {"major": 2}, "Statement": [{"Effect": "Allow"}]}"#,
    ] {
        assert!(extract_text(text).unwrap().is_none(), "{text}");
    }
    assert!(extract_text(r#"{"Version": "2012-10-17", "Statement": []}"#).unwrap().is_some());
}
