use super::*;
use crate::syntax::LineIndex;

fn load_json(source: &str) -> Node {
    json::parse(source, 0, &Limits::default()).unwrap()
}

fn embedded(node: &Node, source: &str) -> EmbeddedDocument {
    parse_embedded_json(node, source, &Limits::default()).unwrap().unwrap()
}

fn embedded_error(node: &Node, source: &str) -> LoadError {
    parse_embedded_json(node, source, &Limits::default()).unwrap().unwrap_err()
}

/// The value of the last key of a one-level YAML mapping, as the YAML parser reports it. With
/// `from_header`, a block scalar's span is widened back to its `|` or `>` header.
fn yaml_value(source: &str, from_header: bool) -> Node {
    use granit_parser::{Event, Parser, ScalarStyle as Yaml};

    let mut last = None;
    for event in Parser::new_from_str(source) {
        if let (Event::Scalar(text, style, ..), span) = event.unwrap() {
            let style = match style {
                Yaml::Plain => ScalarStyle::Plain,
                Yaml::SingleQuoted => ScalarStyle::SingleQuoted,
                Yaml::DoubleQuoted => ScalarStyle::DoubleQuoted,
                Yaml::Literal => ScalarStyle::Literal,
                Yaml::Folded => ScalarStyle::Folded,
            };
            let mut range = span.byte_range().unwrap();
            if from_header && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                range.start = source[..range.start].rfind(['|', '>']).unwrap();
            }
            let scalar = Scalar { text: text.as_ref().into(), style };
            last = Some(Node::new(Span::from_range(range), NodeKind::Scalar(scalar)));
        }
    }
    last.unwrap()
}

/// The `n`th statement of a policy document.
fn statement(root: &Node, n: usize) -> &Node {
    &root.get("Statement").unwrap().items().unwrap()[n]
}

const PUT_ROLE_POLICY: &str = r#"{
  "RoleName": "app",
  "PolicyName": "inline",
  "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"
}"#;

#[test]
fn cli_request_policy_spans_land_on_the_escaped_characters() {
    let file = load_json(PUT_ROLE_POLICY);
    let doc = embedded(file.get("PolicyDocument").unwrap(), PUT_ROLE_POLICY);
    assert_eq!(doc.mapping, SpanMapping::Exact);

    let effect = statement(&doc.root, 0).entry("Effect").unwrap();
    assert_eq!(effect.key.span.slice(PUT_ROLE_POLICY), r#"\"Effect\""#);
    assert_eq!(effect.value.span.slice(PUT_ROLE_POLICY), r#"\"Allow\""#);
    let resource = statement(&doc.root, 0).get("Resource").unwrap();
    assert_eq!(resource.span.slice(PUT_ROLE_POLICY), r#"\"*\""#);
    assert_eq!(resource.as_str(), Some("*"));

    let index = LineIndex::new(PUT_ROLE_POLICY);
    let at = index.line_col(resource.span.start, PUT_ROLE_POLICY);
    assert_eq!((at.line, at.column), (4, 120));
    let root = doc.root.span.slice(PUT_ROLE_POLICY);
    assert!(root.starts_with(r#"{\"Version\""#) && root.ends_with("}]}"), "{root}");
}

#[test]
fn unicode_escapes_and_surrogate_pairs_map_to_their_sequences() {
    let source =
        r#"{"Doc": "{\"Sid\": \"caf\u00e9\", \"Resource\": [\"\ud83d\ude00\", \"\\u00e9\"]}"}"#;
    let file = load_json(source);
    let doc = embedded(file.get("Doc").unwrap(), source);

    let sid = doc.root.get("Sid").unwrap();
    assert_eq!(sid.as_str(), Some("café"));
    assert_eq!(sid.span.slice(source), r#"\"caf\u00e9\""#);
    let resources = doc.root.get("Resource").unwrap().items().unwrap();
    assert_eq!(resources[0].as_str(), Some("😀"));
    assert_eq!(resources[0].span.slice(source), r#"\"\ud83d\ude00\""#);
    assert_eq!(resources[1].as_str(), Some("é"));
    assert_eq!(resources[1].span.slice(source), r#"\"\\u00e9\""#);
}

#[test]
fn a_parse_error_points_inside_the_string() {
    let source = r#"{"Doc": "{\"Effect\": \"Allow\" \"Action\": \"*\"}"}"#;
    let file = load_json(source);
    let err = embedded_error(file.get("Doc").unwrap(), source);
    assert_eq!(err.kind, LoadErrorKind::Embedded);
    assert!(err.message.starts_with("embedded policy document is not valid JSON: "), "{err:?}");
    // The parser reports the missing comma as an empty span right after the previous value.
    let after_allow = source.find(r#"\"Allow\""#).unwrap() + r#"\"Allow\""#.len();
    assert_eq!(err.span, Span::at(after_allow as u32));
}

#[test]
fn a_truncated_document_errs_at_the_end_of_the_string() {
    let source = r#"{"Doc": "{\"Effect\": "}"#;
    let file = load_json(source);
    let err = embedded_error(file.get("Doc").unwrap(), source);
    assert_eq!(err.kind, LoadErrorKind::Embedded);
    let whole = file.get("Doc").unwrap().span;
    // The end of the decoded text is the closing quote.
    assert_eq!(err.span, Span::at(whole.end - 1));
}

#[test]
fn budgets_apply_inside_the_string_and_keep_their_kind() {
    let source = format!(r#"{{"Doc": "{}"}}"#, "[".repeat(300));
    let file = load_json(&source);
    let err = embedded_error(file.get("Doc").unwrap(), &source);
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span, Span::new(265, 266));
}

#[test]
fn yaml_double_quoted_json_with_escaped_quotes() {
    let source = "Policy: \"{\\\"Effect\\\": \\\"Allow\\\",\n  \\\"Resource\\\": \\\"*\\\"}\"\n";
    let doc = embedded(&yaml_value(source, false), source);
    assert_eq!(doc.mapping, SpanMapping::Exact);
    let entry = doc.root.entry("Resource").unwrap();
    assert_eq!(entry.key.span.slice(source), "\\\"Resource\\\"");
    assert_eq!(entry.value.span.slice(source), "\\\"*\\\"");
}

#[test]
fn yaml_single_quoted_json_across_lines() {
    let source = "Policy: '{\"Effect\": \"Allow\",\n\n  \"Sid\": \"it''s\"}'\n";
    let doc = embedded(&yaml_value(source, false), source);
    let sid = doc.root.get("Sid").unwrap();
    assert_eq!(sid.as_str(), Some("it's"));
    assert_eq!(sid.span.slice(source), "\"it''s\"");
}

#[test]
fn yaml_literal_blocks_map_lines_back_with_their_indentation() {
    let source = "PolicyDocument: |-\n  {\n    \"Statement\": [\n      {\"Effect\": \"Allow\", \
                  \"Resource\": \"*\"}\n    ]\n  }\n\n";
    for from_header in [false, true] {
        let doc = embedded(&yaml_value(source, from_header), source);
        assert_eq!(doc.mapping, SpanMapping::Exact);
        let resource = statement(&doc.root, 0).get("Resource").unwrap();
        assert_eq!(resource.span.slice(source), "\"*\"");
        let index = LineIndex::new(source);
        let at = index.line_col(resource.span.start, source);
        assert_eq!((at.line, at.column), (4, 39));
        assert_eq!(doc.root.span.slice(source), &source[21..source.len() - 2]);
    }
}

#[test]
fn folded_blocks_fall_back_to_the_whole_string() {
    let source = "Policy: >\n  {\"Effect\":\n  \"Allow\"}\n";
    let node = yaml_value(source, true);
    let doc = embedded(&node, source);
    assert_eq!(doc.mapping, SpanMapping::WholeString);
    assert!(!doc.mapping.is_exact());
    assert_eq!(doc.root.get("Effect").unwrap().span, node.span);
    assert_eq!(doc.root.entry("Effect").unwrap().key.span, node.span);
}

#[test]
fn a_decoding_that_disagrees_with_the_loader_falls_back() {
    let source = r#""{\"a\": 1}""#;
    let text = r#"{"b": 1}"#;
    let scalar = Scalar { text: text.into(), style: ScalarStyle::JsonString };
    let node = Node::new(Span::from_range(0..source.len()), NodeKind::Scalar(scalar));
    let doc = embedded(&node, source);
    assert_eq!(doc.mapping, SpanMapping::WholeString);
    assert_eq!(doc.root.get("b").unwrap().span, node.span);
}

#[test]
fn url_encoded_documents_map_to_the_percent_escapes() {
    let source = r#"{"PolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}"#;
    let file = load_json(source);
    let doc = embedded(file.get("PolicyDocument").unwrap(), source);
    assert_eq!(doc.mapping, SpanMapping::Exact);
    let entry = statement(&doc.root, 0).entry("Resource").unwrap();
    assert_eq!(entry.key.span.slice(source), "%22Resource%22");
    assert_eq!(entry.value.span.slice(source), "%22*%22");
    assert_eq!(entry.value.as_str(), Some("*"));
}

#[test]
fn a_malformed_url_escape_is_located() {
    let source = r#"{"Doc": "%7B%22a%2"}"#;
    let file = load_json(source);
    let err = embedded_error(file.get("Doc").unwrap(), source);
    assert_eq!(err.kind, LoadErrorKind::Embedded);
    assert_eq!(err.span.slice(source), "%2");
}

#[test]
fn only_string_scalars_hold_documents() {
    let source = r#"{"n": 12, "m": {}}"#;
    let file = load_json(source);
    let limits = Limits::default();
    assert!(parse_json_string(file.get("n").unwrap(), source, &limits).is_none());
    assert!(parse_json_string(file.get("m").unwrap(), source, &limits).is_none());
}
