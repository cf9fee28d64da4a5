mod generate;
mod reference;

use std::path::Path;

use self::generate::Rng;
use super::*;
use crate::syntax::{Entry, LoadErrorKind, ScalarStyle};

fn load(text: &str) -> Result<Node, LoadError> {
    parse(text, 0, &Limits::default())
}

#[test]
fn keys_and_values_keep_their_spans() {
    let text = r#"{"Effect": "Allow", "Action": ["s3:*", 3]}"#;
    let root = load(text).unwrap();
    let entry = root.entry("Effect").unwrap();
    assert_eq!(entry.key.span.slice(text), r#""Effect""#);
    assert_eq!(entry.value.span.slice(text), r#""Allow""#);
    let actions = root.get("Action").unwrap();
    assert_eq!(actions.span.slice(text), r#"["s3:*", 3]"#);
    assert_eq!(actions.items().unwrap()[1].as_str(), Some("3"));
    assert_eq!(root.span.slice(text), text);
}

#[test]
fn spans_are_moved_by_the_base() {
    let root = parse(r#"{"a": [true]}"#, 3, &Limits::default()).unwrap();
    assert_eq!(root.span, Span::new(3, 16));
    assert_eq!(root.entry("a").unwrap().key.span, Span::new(4, 7));
    assert_eq!(root.get("a").unwrap().items().unwrap()[0].span, Span::new(10, 14));
}

#[test]
fn escapes_are_decoded() {
    let root = load(r#"{"a": "x\"y\u00e9", "b\n": "\ud83d\ude00\/\\\b\f\r\t\u0041"}"#).unwrap();
    assert_eq!(root.get("a").unwrap().as_str(), Some("x\"yé"));
    assert_eq!(root.get("b\n").unwrap().as_str(), Some("😀/\\\u{8}\u{c}\r\tA"));
}

#[test]
fn scalars_keep_their_style_and_numbers_their_text() {
    let text = r#"["1", 1e400, 12345678901234567890, -0.0E+0, true, false, null]"#;
    let root = load(text).unwrap();
    let scalars: Vec<_> = root.items().unwrap().iter().map(|n| n.scalar().unwrap()).collect();
    let texts: Vec<&str> = scalars.iter().map(|s| &*s.text).collect();
    assert_eq!(texts, ["1", "1e400", "12345678901234567890", "-0.0E+0", "true", "false", "null"]);
    assert_eq!(scalars[0].style, ScalarStyle::JsonString);
    assert!(scalars[1..].iter().all(|s| s.style == ScalarStyle::JsonLiteral));
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let root = load(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
    let keys: Vec<&str> = root.entries().unwrap().iter().map(|e| &*e.key.text).collect();
    assert_eq!(keys, ["a", "b", "a"]);
    assert_eq!(root.get("a").unwrap().as_str(), Some("3"));
}

#[test]
fn collections_hold_exactly_their_children() {
    let root = load(r#"[[], {}, [1, [2, 3]], {"a": {"b": []}}]"#).unwrap();
    let items = root.items().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].items().map(<[Node]>::len), Some(0));
    assert_eq!(items[1].entries().map(<[Entry]>::len), Some(0));
    assert_eq!(items[2].items().unwrap()[1].items().unwrap()[1].as_str(), Some("3"));
    assert_eq!(items[3].get("a").unwrap().get("b").unwrap().items().map(<[Node]>::len), Some(0));
}

#[test]
fn empty_text_is_an_empty_document_at_the_base() {
    for text in ["", " \n\t\r "] {
        let err = parse(text, 3, &Limits::default()).unwrap_err();
        assert_eq!((err.kind, err.span), (LoadErrorKind::Syntax, Span::at(3)));
        assert_eq!(err.message, "empty JSON document");
    }
}

/// Each mistake with its message and the text under its span (`None`: an empty span at the
/// offset given).
#[test]
fn each_mistake_has_its_message_and_span() {
    let cases: &[(&str, &str, Result<&str, usize>)] = &[
        (r#"{"a": 1,}"#, "trailing comma", Ok(",")),
        ("[1, 2 ,\n]", "trailing comma", Ok(",")),
        (r#"{"a": 1 "b": 2}"#, "expected ',' or '}' after an object member", Err(7)),
        ("[1\n  2]", "expected ',' or ']' after an array item", Err(2)),
        (r#"["a"x]"#, "expected ',' or ']' after an array item", Err(4)),
        (r#"{"a": 1]"#, "expected ',' or '}' after an object member, found ']'", Ok("]")),
        ("[1:", "expected ',' or ']' after an array item, found ':'", Ok(":")),
        (
            r#"{"a": 1"#,
            "expected ',' or '}' after an object member, found the end of the document",
            Err(7),
        ),
        (r#"{"a" 1}"#, "expected ':' after an object key, found a number", Ok("1")),
        (r#"{"a"}"#, "expected ':' after an object key, found '}'", Ok("}")),
        ("{a: 1}", "object keys must be strings in double quotes", Ok("a")),
        (r#"{"a": 1, b2: 1}"#, "object keys must be strings in double quotes", Ok("b2")),
        ("{'a': 1}", "single-quoted strings are not allowed", Ok("'")),
        (r#"{"a": 'b'}"#, "single-quoted strings are not allowed", Ok("'")),
        ("// note\n{}", "comments are not allowed", Ok("// note")),
        (r#"{"a": 1 /* c */}"#, "comments are not allowed", Ok("/* c */")),
        ("[1, /* open", "comments are not allowed", Ok("/* open")),
        ("{} // end", "comments are not allowed", Ok("// end")),
        (r#"{"a": "b\q"}"#, r"invalid escape '\q'", Ok(r"\q")),
        ("[\"\\é\"]", "invalid escape", Ok("\\é")),
        (r#"{"a": "b"#, "unterminated string", Ok("\"b")),
        ("\"abc\\", "unterminated string", Ok("\"abc\\")),
        ("[\"a\tb\"]", "control character U+0009 in a string", Ok("\t")),
        ("[\"a\nb\"]", "control character U+000A in a string", Ok("\n")),
        (
            r#"["\ud83d"]"#,
            "high surrogate escape without a low surrogate escape after it",
            Ok(r"\ud83d"),
        ),
        (
            r#"["\ud83d\u0041"]"#,
            "high surrogate escape without a low surrogate escape after it",
            Ok(r"\ud83d"),
        ),
        (
            r#"["\uDE00\uD83D"]"#,
            "low surrogate escape without a high surrogate escape before it",
            Ok(r"\uDE00"),
        ),
        (r#"["\u12g4"]"#, r"expected four hex digits after '\u'", Ok(r"\u12")),
        (r#"["\ud83d\u00"]"#, r"expected four hex digits after '\u'", Ok(r"\u00")),
        ("[01]", "numbers cannot have leading zeros", Ok("01")),
        ("{\n        \"a\":\n                 01}", "numbers cannot have leading zeros", Ok("01")),
        ("[-007]", "numbers cannot have leading zeros", Ok("-007")),
        ("[+1]", "numbers cannot start with '+'", Ok("+1")),
        ("[.5]", "numbers need a digit before the decimal point", Ok(".5")),
        ("[1.]", "expected a digit after the decimal point", Ok("1.")),
        ("[1.e3]", "expected a digit after the decimal point", Ok("1.e3")),
        ("[1e]", "expected a digit in the exponent", Ok("1e")),
        ("[2E+]", "expected a digit in the exponent", Ok("2E+")),
        ("[-]", "expected a digit after '-'", Ok("-")),
        ("[- 1]", "expected a digit after '-'", Ok("-")),
        ("[0x1F]", "hexadecimal numbers are not allowed", Ok("0x1F")),
        ("[1.2.3]", "invalid number", Ok("1.2.3")),
        ("[12px]", "invalid number", Ok("12px")),
        ("[NaN]", "NaN and Infinity are not allowed", Ok("NaN")),
        ("[-Infinity]", "NaN and Infinity are not allowed", Ok("-Infinity")),
        ("[+Infinity]", "NaN and Infinity are not allowed", Ok("+Infinity")),
        ("[True]", "true, false and null are written in lowercase", Ok("True")),
        ("[nul]", "unquoted text where a value was expected", Ok("nul")),
        ("[truex]", "unquoted text where a value was expected", Ok("truex")),
        (r#"{"p": hunter2-x}"#, "unquoted text where a value was expected", Ok("hunter2-x")),
        ("[", "expected a value or ']', found the end of the document", Err(1)),
        ("{\n  \"S\": [\n}", "expected a value or ']', found '}'", Ok("}")),
        (r#"{"a":"#, "expected a value after ':', found the end of the document", Err(5)),
        (r#"{"a": }"#, "expected a value after ':', found '}'", Ok("}")),
        ("[1,,2]", "expected a value after ',', found ','", Ok(",")),
        ("[1,", "expected a value after ',', found the end of the document", Err(3)),
        ("{,}", "expected a string key or '}', found ','", Ok(",")),
        (r#"{"a": 1,,}"#, "expected a string key after ',', found ','", Ok(",")),
        ("{\"a\": 1,\n", "expected a string key after ',', found the end of the document", Err(9)),
        ("]", "expected a value, found ']'", Ok("]")),
        ("#", "expected a value, found '#'", Ok("#")),
        ("[\u{b}]", "expected a value or ']', found the character U+000B", Ok("\u{b}")),
        ("{} {}", "unexpected text after the document", Ok("{")),
        (r#"{"a":1}}"#, "unexpected text after the document", Ok("}")),
        ("[1] x", "unexpected text after the document", Ok("x")),
        ("[1]\u{a0}", "unexpected text after the document", Ok("\u{a0}")),
    ];
    for &(text, message, at) in cases {
        let err = load(text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax, "{text:?}");
        assert_eq!(err.message, format!("invalid JSON: {message}"), "{text:?}");
        match at {
            Ok(slice) => assert_eq!(err.span.slice(text), slice, "{text:?}"),
            Err(offset) => assert_eq!(err.span, Span::at(offset as u32), "{text:?}"),
        }
    }
}

#[test]
fn error_spans_are_moved_by_the_base() {
    let err = parse("[1,]", 10, &Limits::default()).unwrap_err();
    assert_eq!(err.span, Span::new(12, 13));
}

#[test]
fn a_raw_control_character_keeps_its_message_and_help() {
    let mut text = format!("{{\"a\": \"{}\",\n\t\"b\": \"x\u{0}y\u{1}\"}}", "z".repeat(200));
    let err = load(&text).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.span.start as usize, text.find('\0').unwrap());
    assert_eq!(err.message, "invalid JSON: control character U+0000 in a string");
    assert_eq!(err.help.as_deref(), Some("remove it, or write it as the escape \\u0000"));

    text = text.replace('\0', "\\u0000").replace('\u{1}', "\\r");
    assert!(load(&text).is_ok());
    let err = load("{\"a\": \"open\n}").unwrap_err();
    assert!(err.help.unwrap().starts_with("close the string before the line ends"));
}

#[test]
fn deep_nesting_is_refused_at_the_first_bracket_too_deep() {
    let text = "[".repeat(100_000);
    let err = load(&text).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span, Span::new(256, 257));
    assert_eq!(err.message, "nesting deeper than 256 levels");
}

#[test]
fn deep_nesting_in_a_valid_document_is_refused_at_its_bracket() {
    let text = format!("{{\"a\": {}{}}}", "[".repeat(300), "]".repeat(300));
    let err = load(&text).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    // The root object is level 1, so the 256th bracket is the first collection too deep.
    let bracket = 6 + 255;
    assert_eq!(err.span, Span::new(bracket, bracket + 1));
    assert_eq!(err.span.slice(&text), "[");
}

#[test]
fn an_empty_collection_counts_as_a_level() {
    let limits = Limits { max_depth: 2, ..Limits::default() };
    assert!(parse("[[1], {}]", 0, &limits).is_ok());
    let err = parse("[[{}]]", 0, &limits).unwrap_err();
    assert_eq!((err.kind, err.span), (LoadErrorKind::TooDeep, Span::new(2, 3)));
}

/// The parser keeps open collections on a stack of its own, so the budget is the only limit.
#[test]
fn the_depth_budget_is_the_only_limit_on_nesting() {
    let nested = |n: usize| format!("{}0{}", "[{\"a\":".repeat(n), "}]".repeat(n));
    let limits = Limits { max_depth: 100_000, ..Limits::default() };
    let root = parse(&nested(50_000), 0, &limits).unwrap();
    assert_eq!(root.descendants().count(), 100_001);

    let err = parse(&nested(50_001), 0, &limits).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::TooDeep);
    assert_eq!(err.span.start as usize, 6 * 50_000);
}

#[test]
fn brackets_in_strings_do_not_count_as_depth() {
    let text = format!("{{\"a\": \"{}\", \"{}\": 1}}", "[".repeat(1000), "{".repeat(1000));
    assert!(load(&text).is_ok());
}

#[test]
fn node_budget_counts_scalars_and_collections_but_not_keys() {
    let limits = Limits { max_nodes: 3, ..Limits::default() };
    let err = parse("[1, 2, 3]", 0, &limits).unwrap_err();
    assert_eq!((err.kind, err.span), (LoadErrorKind::TooManyNodes, Span::new(7, 8)));
    assert!(parse(r#"{"a": 1, "b": 2}"#, 0, &limits).is_ok());
    assert!(parse(r#"{"a": 1, "b": []}"#, 0, &limits).is_ok());
    let err = parse("[1, [], 2]", 0, &limits).unwrap_err();
    assert_eq!(err.span, Span::new(8, 9));
    let err = parse("[[], 1, {}]", 0, &limits).unwrap_err();
    assert_eq!(err.span, Span::new(8, 9), "a collection counts at its opening bracket");
}

/// Every JSON fixture reads to the same tree as through the old loader.
#[test]
fn fixtures_read_as_the_old_loader_read_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs = vec![root];
    let mut compared = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let (body, base) = match text.strip_prefix('\u{feff}') {
                Some(body) => (body, 3),
                None => (text.as_str(), 0),
            };
            if !body.trim_start().starts_with(['{', '[']) {
                continue;
            }
            let what = path.display().to_string();
            let theirs = reference::parse(body, base).unwrap_or_else(|| panic!("{what}"));
            let ours = parse(body, base, &Limits::default()).unwrap();
            reference::assert_same(&ours, &theirs, &what);
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} JSON fixtures");
}

#[test]
fn generated_documents_read_as_the_old_loader_read_them() {
    let mut rng = Rng::new(9);
    for n in 0..3000 {
        let text = generate::document(&mut rng);
        let what = format!("document {n}: {text:?}");
        let theirs = reference::parse(&text, 0).unwrap_or_else(|| panic!("{what}"));
        let ours = load(&text).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        reference::assert_same(&ours, &theirs, &what);
    }
}

/// Generated documents with one byte changed: accepted exactly when `serde_json` accepts them
/// (numbers out of its `f64` range aside), and every span inside the text, on character
/// boundaries.
#[test]
fn mutated_documents_are_accepted_exactly_as_serde_json_accepts_them() {
    const BYTES: &[u8] = b"{}[],:\"\\ \t\n/*'+-.0123456789eEaflnrstux\x00\x7f";
    let mut rng = Rng::new(8259);
    for n in 0..6000 {
        let mut bytes = generate::document(&mut rng).into_bytes();
        let at = rng.below(bytes.len());
        match rng.below(3) {
            0 => bytes[at] = BYTES[rng.below(BYTES.len())],
            1 => _ = bytes.remove(at),
            _ => bytes.insert(at, BYTES[rng.below(BYTES.len())]),
        }
        let Ok(text) = String::from_utf8(bytes) else { continue };

        let ours = load(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let out_of_range = theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range"));
        let what = format!("mutation {n}: {text:?}: {ours:?}");
        if !out_of_range {
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{what}");
        }
        match &ours {
            Ok(root) => {
                for node in root.descendants() {
                    assert!(text.get(node.span.range()).is_some(), "{what}");
                }
            }
            Err(e) => assert!(text.get(e.span.range()).is_some(), "{what}: {e:?}"),
        }
    }
}
