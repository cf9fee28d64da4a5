//! JSON with comments and trailing commas (`tsconfig.json`, editor settings, dev containers),
//! turned into strict JSON of the same length. AWS accepts neither, so such a file is never
//! read as an AWS artifact; it is read only to tell whether it claims to be one, since a walk
//! through a project meets many of them.

/// `text` with every comment and trailing comma outside strings replaced by spaces (line breaks
/// kept), so that every offset still points at the same character; `None` when there is none.
/// Text that is broken in other ways stays broken.
#[must_use]
pub fn blank(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let changed = blank_comments(&mut bytes) | blank_trailing_commas(&mut bytes);

    // Each byte replaced was a comma or part of a comment, whose characters went whole: the
    // text is still UTF-8.
    changed.then(|| String::from_utf8(bytes).unwrap_or_default())
}

/// Blanks `//` and `/* */` comments; an unclosed block comment runs to the end.
fn blank_comments(bytes: &mut [u8]) -> bool {
    let mut changed = false;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => at = string_end(bytes, at),
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                spaces(&mut bytes[at..end]);
                changed = true;
                at = end;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let close = memchr::memmem::find(&bytes[at + 2..], b"*/");
                let end = close.map_or(bytes.len(), |i| at + 2 + i + 2);
                spaces(&mut bytes[at..end]);
                changed = true;
                at = end;
            }
            _ => at += 1,
        }
    }
    changed
}

/// Blanks each comma that follows a value and that only whitespace separates from a closing
/// bracket. A comma after an opening bracket or another comma (`[,]`) is no trailing comma.
fn blank_trailing_commas(bytes: &mut [u8]) -> bool {
    let mut changed = false;
    let mut previous = b'[';
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'"' => at = string_end(bytes, at),
            b',' => {
                let next = bytes[at + 1..].iter().find(|b| !b.is_ascii_whitespace());
                if matches!(next, Some(b']' | b'}')) && !matches!(previous, b'[' | b'{' | b',') {
                    bytes[at] = b' ';
                    changed = true;
                }
                at += 1;
            }
            _ => at += 1,
        }
        if !byte.is_ascii_whitespace() {
            previous = byte;
        }
    }
    changed
}

/// The offset just past the string that opens at `start`, or the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    // An escape at the very end steps past it: `get` ends the loop there.
    while let Some(i) = bytes.get(at..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
        at += i;
        if bytes[at] == b'"' {
            return at + 1;
        }
        at += 2;
    }
    bytes.len()
}

/// Replaces every byte but line breaks by a space.
fn spaces(bytes: &mut [u8]) {
    for byte in bytes.iter_mut().filter(|b| !matches!(b, b'\n' | b'\r')) {
        *byte = b' ';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_become_spaces_of_the_same_length() {
        let text =
            "{\n  // the compiler's options\n  \"a\": [1, 2,], /* é */\n  \"b\": \"//,}\",\n}";
        let blanked = blank(text).unwrap();
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
        let value: serde_json::Value = serde_json::from_str(&blanked).unwrap();
        assert_eq!(value, serde_json::json!({"a": [1, 2], "b": "//,}"}));
    }

    #[test]
    fn strict_json_and_other_mistakes_are_left_alone() {
        assert_eq!(blank(r#"{"a": "x\"//", "b": [1, 2]}"#), None);
        assert_eq!(blank("{'a': 1}"), None);
        assert_eq!(blank("[1, 2"), None);
        assert_eq!(blank("{\"Statement\": [,]}"), None);
        assert_eq!(blank("{, }"), None);
    }

    #[test]
    fn unclosed_comments_and_strings_run_to_the_end() {
        assert_eq!(blank("{} /* open").as_deref(), Some("{}        "));
        assert_eq!(blank("[\"a\\").as_deref(), None);
        assert_eq!(blank("[\"a\\\"").as_deref(), None);
    }
}
