//! Decoding of YAML literal block scalars (`|`, `|-`, `|+`, `|2`) with their offset tables.

use super::flow::line_break;
use super::table::TableBuilder;
use crate::syntax::Span;

/// Decodes the literal block scalar at `span` of `source`, whose loader-decoded text is
/// `expected`.
///
/// Loaders disagree on where a block scalar's span starts: at its `|` header, or at the first
/// character of content, after the first line's indentation. Both are read here. Chomping is
/// left to [`TableBuilder::finish`], which reconciles the final line breaks with `expected`.
pub(super) fn literal(span: Span, source: &str, expected: &str) -> Option<TableBuilder> {
    let raw = span.slice(source);
    let bytes = raw.as_bytes();

    let (body, indent, first_line_indented) = if raw.starts_with('|') {
        let header_end = raw.find(['\n', '\r']).unwrap_or(raw.len());
        let body = header_end + line_break(bytes, header_end, bytes.len()).unwrap_or(0);
        (body, detect_indent(raw.get(body..)?, expected)?, true)
    } else {
        (0, indent_before(span, source)?, false)
    };
    let mut table = TableBuilder::new(span.start, body, raw.len() - body);

    let mut at = body;
    let mut indented = first_line_indented;
    while at < bytes.len() {
        let line_end = raw.get(at..)?.find(['\n', '\r']).map_or(bytes.len(), |n| at + n);
        let line = &bytes[at..line_end];
        let spaces = line.iter().take_while(|&&b| b == b' ').count();

        let content = if !indented {
            Some(at)
        } else if spaces >= indent {
            Some(at + indent)
        } else if spaces == line.len() {
            None
        } else {
            // A less indented line with content ends the scalar: a comment after it.
            break;
        };

        if let Some(from) = content {
            for (i, c) in raw.get(from..line_end)?.char_indices() {
                table.push(c, from + i..from + i + c.len_utf8());
            }
        }
        let brk = line_break(bytes, line_end, bytes.len()).unwrap_or(0);
        if brk > 0 {
            table.push('\n', line_end..line_end + brk);
        }
        at = line_end + brk;
        indented = true;
    }
    Some(table)
}

/// The content indentation of a block whose lines are `body`, given its decoded text.
///
/// Without an indentation indicator it is the first content line's indentation. With one, the
/// decoded text keeps the spaces beyond it, so the difference between the two gives it without
/// knowing the parent node's indentation.
fn detect_indent(body: &str, expected: &str) -> Option<usize> {
    let leading_spaces = |line: &str| line.bytes().take_while(|&b| b == b' ').count();
    let has_content = |line: &&str| line.bytes().any(|b| !matches!(b, b' ' | b'\r'));

    let source_line = body.split('\n').find(has_content)?;
    let decoded_line = expected.split('\n').find(has_content)?;
    leading_spaces(source_line).checked_sub(leading_spaces(decoded_line))
}

/// The indentation of the line holding `span.start`, which must be all spaces.
fn indent_before(span: Span, source: &str) -> Option<usize> {
    let before = source.get(..span.start as usize)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let indent = &before[line_start..];
    indent.bytes().all(|b| b == b' ').then_some(indent.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literal block scalar of `source`: from its header to the end when `with_header`,
    /// else from its first content character, as the two kinds of loader report it.
    fn block_span(source: &str, with_header: bool) -> Span {
        let header = source.find('|').unwrap();
        let start = if with_header {
            header
        } else {
            let after = header + source[header..].find('\n').unwrap() + 1;
            after + source[after..].find(|c| c != ' ').unwrap()
        };
        Span::from_range(start..source.len())
    }

    fn map(source: &str, with_header: bool, expected: &str, needle: &str) -> String {
        let span = block_span(source, with_header);
        let table = literal(span, source, expected).unwrap().finish(expected).unwrap();
        let at = expected.find(needle).unwrap();
        table.map(Span::from_range(at..at + needle.len())).slice(source).to_owned()
    }

    #[test]
    fn indentation_is_stripped_either_way_the_span_starts() {
        let source = "Doc: |\n  {\n    \"Effect\": \"Allow\"\n  }\n";
        let expected = "{\n  \"Effect\": \"Allow\"\n}\n";
        for with_header in [true, false] {
            assert_eq!(map(source, with_header, expected, "\"Allow\""), "\"Allow\"");
            let span = block_span(source, with_header);
            let table = literal(span, source, expected).unwrap();
            assert_eq!(table.text(), expected);
        }
    }

    #[test]
    fn an_indentation_indicator_keeps_leading_spaces() {
        let source = "a: |2\n     lead\n   b\n";
        let expected = "   lead\n b\n";
        assert_eq!(map(source, true, expected, "lead"), "lead");
        assert_eq!(map(source, true, expected, " b"), " b");
    }

    #[test]
    fn chomping_and_crlf_are_reconciled() {
        let source = "a: |-\r\n  [1,\r\n\r\n   2]\r\n\r\n";
        let expected = "[1,\n\n 2]";
        assert_eq!(map(source, true, expected, "\n\n"), "\r\n\r\n");
        assert_eq!(map(source, false, expected, " 2]"), " 2]");
    }

    #[test]
    fn a_less_indented_comment_ends_the_block() {
        let source = "a: |\n  x\n # c\n";
        let span = block_span(source, true);
        assert_eq!(literal(span, source, "x\n").unwrap().text(), "x\n");
    }

    #[test]
    fn content_before_the_span_on_its_line_gives_no_table() {
        let source = "a: x|\n  y\n";
        let span = Span::from_range(3..source.len());
        assert!(literal(span, source, "x|\ny\n").is_none());
    }
}
