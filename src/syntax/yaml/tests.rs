use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use super::*;
use crate::syntax::{NodeKind, ScalarStyle};

fn load(text: &str) -> Node {
    match parse(text, 0, &Limits::default()) {
        Ok(node) => node,
        Err(e) => panic!("{e:?}"),
    }
}

fn fail(text: &str, limits: &Limits) -> LoadError {
    match parse(text, 0, limits) {
        Ok(node) => panic!("parsed: {node:?}"),
        Err(e) => e,
    }
}

fn scalar(node: &Node) -> (&str, ScalarStyle) {
    let s = node.scalar().unwrap();
    (&*s.text, s.style)
}

fn tag_of<'t>(node: &Node, text: &'t str) -> (String, &'t str) {
    let tag = node.tag.as_deref().unwrap();
    (tag.text.to_string(), tag.span.slice(text))
}

#[test]
fn keys_values_and_tags_keep_their_spans() {
    let text = "Effect: Allow\nAction: [\"s3:GetObject\", 's3:Put*']\nResource: !Sub arn:${X}\n";
    let root = load(text);

    let effect = root.entry("Effect").unwrap();
    assert_eq!(effect.key.span.slice(text), "Effect");
    assert_eq!(effect.value.span.slice(text), "Allow");

    let action = root.entry("Action").unwrap();
    assert_eq!(action.value.span.slice(text), "[\"s3:GetObject\", 's3:Put*']");
    let items = action.value.items().unwrap();
    assert_eq!(items[0].span.slice(text), "\"s3:GetObject\"");
    assert_eq!(scalar(&items[1]), ("s3:Put*", ScalarStyle::SingleQuoted));

    let resource = root.get("Resource").unwrap();
    assert_eq!(resource.span.slice(text), "arn:${X}");
    assert_eq!(tag_of(resource, text), ("!Sub".to_owned(), "!Sub"));
    assert_eq!(root.span.slice(text), text.trim_end());
}

#[test]
fn block_collections_run_from_first_to_last_byte() {
    let text = "Outer:\n  Items:\n    - a\n    - b: 1\n      c: [x]\n\n  # note\nLast: {k: v}\n";
    let root = load(text);
    assert_eq!(root.span.slice(text), text.trim_end());

    let outer = root.get("Outer").unwrap();
    assert_eq!(outer.span.slice(text), "Items:\n    - a\n    - b: 1\n      c: [x]");
    let items = outer.get("Items").unwrap();
    assert_eq!(items.span.slice(text), "- a\n    - b: 1\n      c: [x]");
    assert_eq!(items.items().unwrap()[1].span.slice(text), "b: 1\n      c: [x]");
    assert_eq!(root.get("Last").unwrap().span.slice(text), "{k: v}");
}

#[test]
fn a_sequence_at_its_parent_indentation_starts_at_its_dash() {
    let text = "List:\n- !Ref A\n-\n- - x\n  - y\nNext: 1\n";
    let root = load(text);
    let list = root.get("List").unwrap();
    assert_eq!(list.span.slice(text), "- !Ref A\n-\n- - x\n  - y");

    let items = list.items().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items[1].is_null());
    assert_eq!(items[2].span.slice(text), "- x\n  - y");
}

#[test]
fn scalars_are_decoded_in_every_style() {
    let text = concat!(
        "plain: some text\n",
        "single: 'it''s'\n",
        "double: \"tab\\tline\\n\\u00e9\"\n",
        "literal: |\n  one\n  two\n\n",
        "folded: >-\n  one\n  two\n",
        "kept: |+ # note\n  x\n\n",
        "empty:\n",
        "tilde: ~\n",
    );
    let root = load(text);
    let cases = [
        ("plain", "some text", ScalarStyle::Plain, "some text"),
        ("single", "it's", ScalarStyle::SingleQuoted, "'it''s'"),
        ("double", "tab\tline\né", ScalarStyle::DoubleQuoted, "\"tab\\tline\\n\\u00e9\""),
        ("literal", "one\ntwo\n", ScalarStyle::Literal, "|\n  one\n  two"),
        ("folded", "one two", ScalarStyle::Folded, ">-\n  one\n  two"),
        ("kept", "x\n\n", ScalarStyle::Literal, "|+ # note\n  x"),
        ("tilde", "~", ScalarStyle::Plain, "~"),
    ];
    for (key, decoded, style, source) in cases {
        let node = root.get(key).unwrap();
        assert_eq!(scalar(node), (decoded, style), "{key}");
        assert_eq!(node.span.slice(text), source, "{key}");
    }

    let empty = root.get("empty").unwrap();
    assert_eq!(scalar(empty), ("", ScalarStyle::Plain));
    assert!(empty.is_null() && empty.span.is_empty());
}

#[test]
fn cloudformation_short_forms_keep_their_tags() {
    let text = concat!(
        "Role: !GetAtt Role.Arn\n",
        "Policy: !Sub |\n  {\"Version\": \"${V}\"}\n",
        "Pick: !If [IsProd, a, b]\n",
        "Refs:\n  - !Ref Bucket\n  - !Ref Queue\n",
        "Name: !Join ['', [ !Ref A, '-x' ]]\n",
        "Core: !!str 22\n",
    );
    let root = load(text);

    let role = root.get("Role").unwrap();
    assert_eq!(tag_of(role, text), ("!GetAtt".to_owned(), "!GetAtt"));
    assert_eq!(role.span.slice(text), "Role.Arn");

    let policy = root.get("Policy").unwrap();
    assert_eq!(tag_of(policy, text).0, "!Sub");
    assert_eq!(scalar(policy), ("{\"Version\": \"${V}\"}\n", ScalarStyle::Literal));
    assert_eq!(policy.span.slice(text), "|\n  {\"Version\": \"${V}\"}");

    let pick = root.get("Pick").unwrap();
    assert_eq!(tag_of(pick, text).0, "!If");
    assert_eq!(pick.span.slice(text), "[IsProd, a, b]");
    assert_eq!(pick.items().unwrap().len(), 3);

    let refs = root.get("Refs").unwrap().items().unwrap();
    assert_eq!(tag_of(&refs[1], text), ("!Ref".to_owned(), "!Ref"));
    assert_eq!(refs[1].as_str(), Some("Queue"));

    let join = root.get("Name").unwrap();
    assert_eq!(tag_of(join, text).0, "!Join");
    let parts = join.items().unwrap()[1].items().unwrap();
    assert_eq!(tag_of(&parts[0], text).0, "!Ref");
    assert_eq!(parts[0].span.slice(text), "A");
    assert_eq!(scalar(&parts[1]), ("-x", ScalarStyle::SingleQuoted));

    let core = root.get("Core").unwrap();
    assert_eq!(tag_of(core, text), ("!!str".to_owned(), "!!str"));
}

#[test]
fn aliases_share_the_anchored_node() {
    let text = "base: &b {Effect: Allow}\ncopy: *b\nmerged:\n  <<: *b\n  Sid: x\nname: &n !Ref N\nagain: *n\n";
    let root = load(text);

    let base = root.get("base").unwrap();
    let copy = root.get("copy").unwrap();
    assert_eq!(base.span.slice(text), "{Effect: Allow}");
    assert_eq!(copy.span.slice(text), "*b");
    assert_eq!(copy.resolve().span.slice(text), "{Effect: Allow}");
    assert_eq!(copy.get("Effect").and_then(Node::as_str), Some("Allow"));
    let (NodeKind::Alias(a), NodeKind::Alias(b)) = (&base.kind, &copy.kind) else {
        panic!("anchored nodes and their aliases share one Arc");
    };
    assert!(Arc::ptr_eq(a, b));

    let merged = root.get("merged").unwrap().entries().unwrap();
    assert_eq!(&*merged[0].key.text, "<<");
    assert_eq!(merged[0].value.span.slice(text), "*b");

    assert_eq!(root.get("name").unwrap().tag(), Some("!Ref"));
    let again = root.get("again").unwrap();
    assert_eq!(again.resolve().tag(), Some("!Ref"));
    assert_eq!(again.as_str(), Some("N"));
}

#[test]
fn alias_bombs_fail_fast() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..=9 {
        let prev = char::from(b'a' + level - 1);
        let name = char::from(b'a' + level);
        let refs = vec![format!("*{prev}"); 10].join(", ");
        writeln!(text, "{name}: &{name} [{refs}]").unwrap();
    }

    let started = Instant::now();
    let err = fail(&text, &Limits::default());
    assert!(started.elapsed().as_secs() < 2);
    assert_eq!(err.kind, LoadErrorKind::AliasExpansion);
    assert_eq!(err.span.slice(&text), "*e");
    assert_eq!(err.message, "aliases stand for more than 1000000 nodes");
}

#[test]
fn an_alias_inside_its_own_anchor_is_refused() {
    let text = "a: &a [1, *a]\n";
    let err = fail(text, &Limits::default());
    assert_eq!(err.kind, LoadErrorKind::AliasExpansion);
    assert_eq!(err.span.slice(text), "*a");
}

#[test]
fn deep_flow_nesting_is_refused() {
    let text = "[".repeat(100_000);
    let err = fail(&text, &Limits::default());
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span, Span::new(256, 257));
}

#[test]
fn deep_block_nesting_on_one_line_is_refused() {
    let text = format!("{}x\n", "- ".repeat(100_000));
    let err = fail(&text, &Limits::default());
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span, Span::new(512, 513));
}

#[test]
fn deep_indented_nesting_is_refused() {
    let mut text = String::new();
    for indent in 0..1000 {
        writeln!(text, "{}k:", " ".repeat(indent)).unwrap();
    }
    let err = fail(&text, &Limits::default());
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    let line = text.lines().nth(256).unwrap();
    assert_eq!(err.span.start as usize, text.find(&format!("\n{line}\n")).unwrap() + 257);
}

#[test]
fn flow_and_block_nesting_count_together() {
    let limits = Limits { max_depth: 4, ..Limits::default() };
    let text = "a:\n  b:\n    - [[x]]\n";
    let err = fail(text, &limits);
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span, Span::new(15, 16));
    assert!(parse("a:\n  b:\n    - [x]\n", 0, &limits).is_ok());
}

#[test]
fn node_budget_is_enforced() {
    let limits = Limits { max_nodes: 5, ..Limits::default() };
    assert!(parse("a: [1, 2]\nb: 3\n", 0, &limits).is_ok());
    let text = "a: [1, 2, 3]\nb: [4]\n";
    let err = fail(text, &limits);
    assert_eq!(err.kind, LoadErrorKind::TooManyNodes);
    assert_eq!(err.span, Span::new(16, 17));
}

#[test]
fn syntax_errors_point_at_the_fault_without_quoting_it() {
    let text = "Policy: [1, 2\n";
    let err = fail(text, &Limits::default());
    assert_eq!((err.kind, err.span.slice(text)), (LoadErrorKind::Syntax, "["));
    assert_eq!(err.message, "invalid YAML: unclosed bracket '['");

    let text = "password: @hunter2\n";
    let err = fail(text, &Limits::default());
    assert_eq!(err.span.slice(text), "@");
    assert_eq!(err.message, "invalid YAML: unexpected character");

    let text = "key: value: x\n";
    let err = fail(text, &Limits::default());
    assert_eq!(err.span, Span::new(10, 11));
    assert_eq!(err.message, "invalid YAML: mapping values are not allowed in this context");
}

#[test]
fn spans_are_bytes_after_multibyte_text() {
    let text = "désc: \"ünï 😀\"\nnom: 'é'\n";
    let root = load(text);
    let desc = root.entry("désc").unwrap();
    assert_eq!(desc.key.span.slice(text), "désc");
    assert_eq!(desc.value.span.slice(text), "\"ünï 😀\"");
    assert_eq!(root.get("nom").unwrap().span, Span::new(25, 29));

    let shifted = parse(text, 3, &Limits::default()).unwrap();
    assert_eq!(shifted.get("nom").unwrap().span, Span::new(28, 32));
}

#[test]
fn empty_streams_give_a_null_root() {
    for text in ["", "# only a comment\n", "---\n", "\n\n"] {
        let root = parse(text, 3, &Limits::default()).unwrap();
        assert_eq!(scalar(&root), ("", ScalarStyle::Plain), "{text:?}");
        assert!(root.is_null());
    }
    assert_eq!(parse("", 3, &Limits::default()).unwrap().span, Span::at(3));
}

#[test]
fn only_the_first_document_is_read() {
    let root = load("a: 1\n---\nb: 2\n--- [unclosed\n");
    assert_eq!(root.get("a").and_then(Node::as_str), Some("1"));
    assert!(root.get("b").is_none());
}

#[test]
fn duplicate_keys_and_complex_keys_are_kept() {
    let text = "a: 1\na: 2\n[x, y]: 3\n";
    let root = load(text);
    let entries = root.entries().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(root.get("a").and_then(Node::as_str), Some("2"));
    assert_eq!(&*entries[2].key.text, "[x, y]");
    assert_eq!(entries[2].key.span.slice(text), "[x, y]");
}

#[test]
fn comments_come_with_their_spans() {
    let text = "# header\nFromPort: 22 # tighten:ignore NET001 -- bastion\nx: '# not one'\n";
    let (root, comments) = parse_with_comments(text, 0, &Limits::default()).unwrap();
    assert_eq!(root.get("FromPort").and_then(Node::as_str), Some("22"));
    let found: Vec<_> = comments.iter().map(|c| (c.span.slice(text), &*c.text)).collect();
    assert_eq!(
        found,
        [
            ("# header", " header"),
            ("# tighten:ignore NET001 -- bastion", " tighten:ignore NET001 -- bastion"),
        ]
    );
}

#[test]
fn long_comment_blocks_do_not_fail_the_file() {
    let mut block = String::new();
    for line in 0..500 {
        writeln!(block, "  # line {line}").unwrap();
    }
    let text = format!("a:\n{block}  - x\nb: 1\n");
    let (root, comments) = parse_with_comments(&text, 0, &Limits::default()).unwrap();
    assert_eq!(comments.len(), 500);
    assert_eq!(root.get("a").unwrap().items().map(<[Node]>::len), Some(1));
}

#[test]
fn deep_trees_within_a_raised_budget_build_without_recursion() {
    let limits = Limits { max_depth: 100_000, ..Limits::default() };
    let text = format!("{}x{}", "[".repeat(20_000), "]".repeat(20_000));
    let root = parse(&text, 0, &limits).unwrap();
    assert_eq!(root.span.slice(&text), text);

    let mut node = &root;
    let mut depth = 0;
    while let Some([inner]) = node.items() {
        node = inner;
        depth += 1;
    }
    assert_eq!((depth, node.as_str()), (20_000, Some("x")));
}

#[test]
fn odd_corners_keep_exact_spans() {
    let text = "[a: b , c]";
    let root = load(text);
    let pair = &root.items().unwrap()[0];
    assert_eq!(pair.span.slice(text), "a: b");

    let text = "|\n  root\n";
    let root = load(text);
    assert_eq!(root.span.slice(text), "|\n  root");

    let text = "a: |\r\n  x\r\n  y\r\n\r\nb: 1\r\n";
    let root = load(text);
    assert_eq!(root.get("a").unwrap().span.slice(text), "|\r\n  x\r\n  y");
    assert_eq!(root.get("a").and_then(Node::as_str), Some("x\ny\n"));

    let text = "? |\n  long key\n: v\n";
    let root = load(text);
    let entry = &root.entries().unwrap()[0];
    assert_eq!((&*entry.key.text, entry.key.span.slice(text)), ("long key\n", "|\n  long key"));
}
