//! The JSON loader against `serde_json` on any text: each accepts what the other accepts, and
//! the trees hold the same values. `serde_json` stops at 128 levels of nesting, so deeper
//! input is left to the `json_loader` target. The one difference allowed: `serde_json` refuses
//! numbers beyond `f64` (`1e400`), which tighten keeps as text.
#![no_main]

use serde_json::Value;
use tighten::syntax::{Node, NodeKind, ScalarStyle, json};

/// Nesting that `serde_json` reads, with room to spare.
const MAX_DEPTH: usize = 100;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if bracket_depth(text) > MAX_DEPTH {
        return;
    }

    let limits = tighten_fuzz::limits();
    let ours = json::parse(text, 0, &limits);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(root), Ok(value)) => {
            tighten_fuzz::check_tree(text, root);
            same(root, value);
        }
        (Err(error), Err(_)) => tighten_fuzz::check_span(text, error.span, "error"),
        (Ok(_), Err(refusal)) => {
            let message = refusal.to_string();
            assert!(message.starts_with("number out of range"), "accepted; serde_json: {message}");
        }
        (Err(error), Ok(_)) => panic!("refused, serde_json accepts: {error:?}"),
    }
});

/// The deepest bracket nesting outside strings, counted as `serde_json` would meet it.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Asserts that `node` holds `value`. Duplicate keys: the last one is `serde_json`'s.
fn same(node: &Node, value: &Value) {
    match (&node.kind, value) {
        (NodeKind::Scalar(scalar), _) if scalar.style == ScalarStyle::JsonString => {
            assert_eq!(Some(&*scalar.text), value.as_str());
        }
        (NodeKind::Scalar(scalar), Value::Number(_)) => {
            let number: Value = serde_json::from_str(&scalar.text).unwrap();
            assert_eq!(&number, value);
        }
        (NodeKind::Scalar(scalar), _) => {
            let literal = match value {
                Value::Bool(true) => "true",
                Value::Bool(false) => "false",
                Value::Null => "null",
                _ => panic!("{scalar:?} / {value:?}"),
            };
            assert_eq!(&*scalar.text, literal);
        }
        (NodeKind::Sequence(items), Value::Array(values)) => {
            assert_eq!(items.len(), values.len());
            for (item, value) in items.iter().zip(values) {
                same(item, value);
            }
        }
        (NodeKind::Mapping(entries), Value::Object(map)) => {
            let mut keys: Vec<&str> = entries.iter().map(|e| &*e.key.text).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), map.len());
            for (key, value) in map {
                same(node.get(key).unwrap(), value);
            }
        }
        _ => panic!("{:?} / {value:?}", node.kind),
    }
}
