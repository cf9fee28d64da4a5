//! Hiding secrets in source text before any renderer shows it.
//!
//! Masking keeps every byte offset valid: each byte of a hidden character becomes one `*`, so a
//! two-byte `é` turns into `**`. Line breaks are never masked, so the [`LineIndex`] of the
//! original text also describes the masked text, and spans, line numbers and excerpts line up.
//!
//! [`LineIndex`]: crate::syntax::LineIndex

use std::borrow::Cow;

use crate::syntax::Span;

/// Secrets at least this many characters long show their first [`SHOWN_PREFIX`] characters;
/// shorter ones show none, since a prefix of a short secret is a large share of it.
const MIN_LEN_FOR_PREFIX: usize = 16;
const SHOWN_PREFIX: usize = 2;

/// `source` with the text of every `redact` span replaced by `*`.
///
/// Quote characters that open and close a span stay visible, and a secret of at least 16
/// characters keeps its first 2. Spans may overlap or reach past the end of `source`; a span
/// that cuts a character in half masks the whole character.
#[must_use]
pub fn masked<'a>(source: &'a str, redact: &[Span]) -> Cow<'a, str> {
    let secrets = merged(source, redact);
    if secrets.is_empty() {
        return Cow::Borrowed(source);
    }

    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    for secret in secrets {
        out.push_str(&source[copied..secret.start]);
        mask_secret(&source[secret.clone()], &mut out);
        copied = secret.end;
    }
    out.push_str(&source[copied..]);
    Cow::Owned(out)
}

/// `source` reduced to its shape: every character except whitespace and the JSON/YAML
/// punctuation `{ } [ ] , : " '` becomes `*`, byte for byte.
///
/// This is what excerpts of input errors show. A file that could not be parsed was never
/// searched for secrets, so nothing in it may be shown; its brackets, quotes and indentation
/// still let a reader see where a comma or a closing brace is missing.
#[must_use]
pub fn shape_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for ch in source.chars() {
        if ch.is_ascii_whitespace() || matches!(ch, '{' | '}' | '[' | ']' | ',' | ':' | '"' | '\'')
        {
            out.push(ch);
        } else {
            push_stars(&mut out, ch.len_utf8());
        }
    }
    out
}

/// The redact spans as sorted, disjoint byte ranges on character boundaries within `source`.
fn merged(source: &str, redact: &[Span]) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<_> = redact
        .iter()
        .map(|span| widen_to_chars(source, span.range()))
        .filter(|range| !range.is_empty())
        .collect();
    ranges.sort_by_key(|range| range.start);

    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Clamps `range` to `source` and moves its ends outwards to character boundaries, so that a
/// span that is off by a byte hides more, never less.
fn widen_to_chars(source: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start.min(source.len());
    let mut end = range.end.clamp(start, source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn mask_secret(secret: &str, out: &mut String) {
    let (open, inner, close) = split_quotes(secret);
    out.push_str(open);

    let shown = if inner.chars().count() >= MIN_LEN_FOR_PREFIX { SHOWN_PREFIX } else { 0 };
    for (i, ch) in inner.chars().enumerate() {
        if i < shown || matches!(ch, '\n' | '\r') {
            out.push(ch);
        } else {
            push_stars(out, ch.len_utf8());
        }
    }

    out.push_str(close);
}

/// Splits off a matching pair of quotes around `secret`, if it has one.
fn split_quotes(secret: &str) -> (&str, &str, &str) {
    for quote in ['"', '\''] {
        if secret.len() >= 2 && secret.starts_with(quote) && secret.ends_with(quote) {
            return (&secret[..1], &secret[1..secret.len() - 1], &secret[secret.len() - 1..]);
        }
    }
    ("", secret, "")
}

fn push_stars(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('*', count));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(source: &str, needle: &str) -> Span {
        let start = source.find(needle).unwrap();
        Span::from_range(start..start + needle.len())
    }

    #[test]
    fn long_secret_keeps_quotes_and_a_two_character_prefix() {
        let src = r#"{"DB_PASSWORD": "hunter2-correct-horse", "x": 1}"#;
        let out = masked(src, &[span_of(src, r#""hunter2-correct-horse""#)]);
        assert_eq!(out, r#"{"DB_PASSWORD": "hu*******************", "x": 1}"#);
    }

    #[test]
    fn short_secret_shows_no_prefix() {
        let src = "TOKEN: 'abc123def456'\n";
        let out = masked(src, &[span_of(src, "'abc123def456'")]);
        assert_eq!(out, "TOKEN: '************'\n");
    }

    #[test]
    fn fifteen_and_sixteen_characters_are_the_threshold() {
        let src = "a=123456789012345 b=1234567890123456";
        let out = masked(src, &[span_of(src, "123456789012345"), span_of(src, "1234567890123456")]);
        assert_eq!(out, "a=*************** b=12**************");
    }

    #[test]
    fn unquoted_span_is_masked_whole() {
        let src = "key: s3cr3t\n";
        assert_eq!(masked(src, &[span_of(src, "s3cr3t")]), "key: ******\n");
    }

    #[test]
    fn multibyte_characters_become_one_star_per_byte() {
        let src = "p: \"pässwörd\" ok";
        let out = masked(src, &[span_of(src, "\"pässwörd\"")]);
        assert_eq!(out.len(), src.len());
        assert_eq!(out, "p: \"**********\" ok");
        assert!(out.ends_with(" ok"));
    }

    #[test]
    fn line_breaks_survive_so_lines_stay_aligned() {
        let src = "key: |\n  line-one\r\n  line-two\nnext: 1\n";
        let start = src.find("  line-one").unwrap();
        let end = src.find("next").unwrap();
        let out = masked(src, &[Span::from_range(start..end)]);
        assert_eq!(out, "key: |\n  ********\r\n**********\nnext: 1\n");
    }

    #[test]
    fn overlapping_and_out_of_range_spans_do_not_panic() {
        let src = "ab\"secret\"é";
        let out = masked(src, &[Span::new(3, 7), Span::new(5, 9), Span::new(11, 99)]);
        assert_eq!(out, "ab\"******\"**");
    }

    #[test]
    fn span_inside_a_character_masks_the_whole_character() {
        let src = "x=é!";
        let out = masked(src, &[Span::new(3, 3 + 1)]);
        assert_eq!(out, "x=**!");
    }

    #[test]
    fn no_redaction_borrows() {
        assert!(matches!(masked("abc", &[]), Cow::Borrowed("abc")));
        assert!(matches!(masked("abc", &[Span::new(1, 1)]), Cow::Borrowed("abc")));
    }

    #[test]
    fn shape_keeps_structure_and_hides_every_word() {
        let src = "{ \"Key\": [\"v-1\", 42],\r\n\t'é': x }";
        let out = shape_only(src);
        assert_eq!(out, "{ \"***\": [\"***\", **],\r\n\t'**': * }");
        assert_eq!(out.len(), src.len());
    }
}
