//! Duplicate mapping keys: AWS rejects them, and the value that wins differs between parsers.

use std::collections::HashSet;

use super::{LoadError, LoadErrorKind, Node, NodeKind};

/// Mappings up to this size are searched pairwise; larger ones through a hash set, so that a
/// 100,000-key object stays linear.
const PAIRWISE_MAX: usize = 16;

/// One error per repeated key of every mapping under `root`, on the later key, in source order.
/// Aliases are followed only where their anchor is defined, so a shared subtree is looked at
/// once. YAML merge keys (`<<`) may repeat.
#[must_use]
pub fn duplicate_keys(root: &Node) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for node in root.descendants() {
        let NodeKind::Mapping(entries) = &node.kind else { continue };
        let keys: Vec<&str> = entries.iter().map(|e| &*e.key.text).collect();
        for later in repeats(&keys) {
            let key = &entries[later].key;
            errors.push(
                LoadError::new(
                    LoadErrorKind::DuplicateKey,
                    key.span,
                    format!("key `{}` is repeated", printable(&key.text)),
                )
                .with_help(
                    "keep one of the entries; tools differ on which one counts, and \
                     this check reads the last",
                ),
            );
        }
    }
    errors.sort_by_key(|e| e.span.start);
    errors
}

/// Indexes of the keys equal to an earlier key.
fn repeats(keys: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    if keys.len() <= PAIRWISE_MAX {
        for (i, key) in keys.iter().enumerate() {
            if *key == "<<" {
                continue;
            }
            if keys[..i].contains(key) {
                out.push(i);
            }
        }
        return out;
    }

    let mut seen: HashSet<&str> = HashSet::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        if *key != "<<" && !seen.insert(key) {
            out.push(i);
        }
    }
    out
}

/// The key as shown in a message: keys are names, not secrets, but a hostile file may put
/// anything there, so long keys are cut and control characters escaped.
fn printable(key: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out: String = key.chars().take(MAX_CHARS).flat_map(char::escape_default).collect();
    if key.chars().nth(MAX_CHARS).is_some() {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::syntax::{Limits, Syntax, parse};

    fn errors(text: &str, syntax: Syntax) -> Vec<(u32, String)> {
        let doc = parse(text, syntax, &Limits::default()).unwrap();
        duplicate_keys(&doc.root).into_iter().map(|e| (e.span.start, e.message)).collect()
    }

    #[test]
    fn the_later_key_is_reported_in_json_and_yaml() {
        let json = r#"{"Effect": "Allow", "Action": "*", "Effect": "Deny"}"#;
        let at = json.rfind("\"Effect\"").unwrap() as u32;
        assert_eq!(errors(json, Syntax::Json), [(at, "key `Effect` is repeated".to_owned())]);

        let yaml = "a:\n  b: 1\n  c: 2\n  b: 3\n";
        let at = yaml.rfind('b').unwrap() as u32;
        assert_eq!(errors(yaml, Syntax::Yaml), [(at, "key `b` is repeated".to_owned())]);
    }

    #[test]
    fn large_mappings_are_checked_in_linear_time_and_in_source_order() {
        let mut json = String::from("{");
        for i in 0..100_000 {
            let _ = write!(json, "\"k{i}\": {i},");
        }
        json.push_str("\"k7\": 0, \"k3\": 0}");
        let found = errors(&json, Syntax::Json);
        assert_eq!(found.len(), 2);
        assert!(found[0].1.contains("`k7`") && found[1].1.contains("`k3`"), "{found:?}");
    }

    #[test]
    fn anchors_are_checked_once_and_merge_keys_may_repeat() {
        let yaml = "x: &a {p: 1, p: 2}\ny: *a\nz: *a\nm:\n  <<: *a\n  <<: {q: 1}\n";
        let at = yaml.find("p: 2").unwrap() as u32;
        assert_eq!(errors(yaml, Syntax::Yaml), [(at, "key `p` is repeated".to_owned())]);
    }

    #[test]
    fn keys_in_messages_are_cut_and_escaped() {
        assert_eq!(printable("a\u{0}b"), "a\\u{0}b");
        assert_eq!(printable(&"k".repeat(100)).len(), 63);
    }
}
