//! Source text for miette that finds lines by binary search.
//!
//! miette's own `SourceCode` for strings walks the text from byte 0 on every call, and its
//! graphical handler calls it several times per label: on a file of some megabytes that is tens
//! of milliseconds per diagnostic. [`IndexedSource`] answers the same questions from a
//! [`LineIndex`] in logarithmic time, and returns the same excerpts.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::syntax::{LineIndex, Span};

/// Lines longer than this many bytes are never shown whole. A minified policy or template is
/// one line of megabytes: miette would print all of it for every finding on it, and it cannot
/// place a label more than 65,535 columns into a line (its padding is a format width). A label
/// on a long line is shown in a window of that line ([`IndexedSource::window`]); a long line
/// next to a label is left out of its context lines.
pub const LONG_LINE: u32 = 512;

/// Bytes of a long line shown before a label's start, and at most after it.
const WINDOW_BEFORE: u32 = 40;
const WINDOW_AFTER: u32 = 80;

/// One file's text as miette reads it, with the file name for the excerpt header.
///
/// `index` must be the line index of `text` (or of a text with the same line breaks, such as
/// the original of a masked text).
#[derive(Clone, Copy, Debug)]
pub struct IndexedSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    /// The text whose characters the header column counts; see [`Self::columns_from`].
    columns: &'a str,
    /// The part of a long line shown instead of whole lines; see [`Self::window`].
    window: Option<Span>,
}

impl<'a> IndexedSource<'a> {
    #[must_use]
    pub fn new(name: &'a str, text: &'a str, index: &'a LineIndex) -> Self {
        Self { name, text, index, columns: text, window: None }
    }

    /// Counts columns in `original`, the text that `text` masks, so that the excerpt header
    /// names the same column as the other formats: masking turns each byte of a hidden
    /// character into one `*`. Only character counts are taken from `original`, never text.
    /// Ignored unless both texts have the same length.
    #[must_use]
    pub fn columns_from(mut self, original: &'a str) -> Self {
        if original.len() == self.text.len() {
            self.columns = original;
        }
        self
    }

    #[must_use]
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Whether a line that `span` touches is longer than [`LONG_LINE`].
    #[must_use]
    pub fn touches_long_line(&self, span: Span) -> bool {
        let first = self.index.line_of(span.start);
        let last = self.index.line_of(span.end);
        (first..=last).any(|line| self.is_long(line))
    }

    /// Shows, for `span`, only a window of its first line around its start, without context
    /// lines; returns `span` cut to the window. The header still names the span's own line and
    /// column.
    #[must_use]
    pub fn window(mut self, span: Span) -> (Self, Span) {
        let line = self.index.line_span(self.index.line_of(span.start), self.text);
        let start = span.start.clamp(line.start, line.end);
        let from = floor_char(self.text, start.saturating_sub(WINDOW_BEFORE).max(line.start));
        let to = ceil_char(self.text, start.saturating_add(WINDOW_AFTER).min(line.end));
        self.window = Some(Span::new(from, to));
        (self, Span::new(start, span.end.clamp(start, to)))
    }

    fn is_long(&self, line: usize) -> bool {
        self.index.line_span(line, self.text).len() > LONG_LINE
    }

    /// The excerpt for `span` with context lines around it.
    ///
    /// Conventions follow miette's own sources, so that excerpts render identically: with no
    /// lines of context before, the excerpt starts at the span itself (not at its line start);
    /// with none after, it ends at the span's end; otherwise it covers whole lines, line
    /// terminators included.
    ///
    /// Three differences. Long lines ([`LONG_LINE`]) are left out of the context lines, and a
    /// windowed source answers every read with context by its window. The column is counted
    /// in characters, as in every other output of tighten, where miette counts bytes.
    /// `line_count` is the number of line breaks from the excerpt's first line to its end,
    /// where miette's own sources count from the top of the file: miette merges two labels'
    /// excerpts when the first one's line plus its `line_count` reaches the second, so with the
    /// count from the top, a label 40 lines away pulled every line between into one excerpt.
    /// Lines break at `\n` only (a lone `\r` is not a line break here), as in [`LineIndex`].
    fn contents(
        &self,
        span: &SourceSpan,
        context_before: usize,
        context_after: usize,
    ) -> Result<MietteSpanContents<'a>, MietteError> {
        let start = span.offset();
        let end = start.checked_add(span.len()).ok_or(MietteError::OutOfBounds)?;
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }

        let first_line = self.index.line_of(start as u32);
        if let Some(window) = self.window.filter(|_| context_before + context_after > 0)
            && window.start as usize <= start
            && end <= window.end as usize
        {
            return Ok(MietteSpanContents::new_named(
                self.name.to_owned(),
                &self.text.as_bytes()[window.range()],
                (window.start as usize, window.len() as usize).into(),
                first_line,
                0,
                0,
            ));
        }
        let tail = self.tail(start, end);
        let last_line = match tail {
            Some(tail) if self.text.as_bytes()[tail - 1] == b'\n' => {
                self.index.line_of(tail as u32 - 1) + 1
            }
            Some(tail) => self.index.line_of(tail as u32 - 1),
            None => first_line,
        };

        let (data_start, line, column) = if context_before == 0 {
            let column = self.index.line_col(start as u32, self.columns).column as usize - 1;
            (start, first_line, column)
        } else {
            let shown = (1..=context_before.min(first_line))
                .take_while(|n| !self.is_long(first_line - n))
                .count();
            let line = first_line - shown;
            (self.index.line_start(line) as usize, line, 0)
        };

        let data_end = if context_after == 0 {
            tail.unwrap_or(end)
        } else {
            let lines = self.index.line_count();
            let shown = (1..=context_after)
                .take_while(|n| last_line + n < lines && !self.is_long(last_line + n))
                .count();
            self.index.line_start(last_line + shown + 1) as usize
        };
        let data_end = data_end.max(data_start);

        let bytes =
            self.text.as_bytes().get(data_start..data_end).ok_or(MietteError::OutOfBounds)?;
        let line_count = self.index.line_of(data_end as u32).saturating_sub(line);
        Ok(MietteSpanContents::new_named(
            self.name.to_owned(),
            bytes,
            (data_start, data_end - data_start).into(),
            line,
            column,
            line_count,
        ))
    }
}

impl IndexedSource<'_> {
    /// The end of the span as miette's sources see it: after its last byte, and after the
    /// `\n` of a CRLF whose `\r` ends the span. An empty span has no last byte, except at
    /// offset 0, where miette takes the first byte.
    fn tail(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let last = if end > start {
            end - 1
        } else if start == 0 && !bytes.is_empty() {
            0
        } else {
            return None;
        };

        if bytes[last] == b'\r' && bytes.get(last + 1) == Some(&b'\n') {
            Some(last + 2)
        } else {
            Some(last + 1)
        }
    }
}

/// `at` moved back to the start of the character it is in.
fn floor_char(text: &str, mut at: u32) -> u32 {
    while !text.is_char_boundary(at as usize) {
        at -= 1;
    }
    at
}

/// `at` moved on to the end of the character it is in.
fn ceil_char(text: &str, mut at: u32) -> u32 {
    while !text.is_char_boundary(at as usize) {
        at += 1;
    }
    at
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.contents(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq)]
    struct Excerpt {
        data: String,
        span: SourceSpan,
        line: usize,
        column: usize,
        line_count: usize,
    }

    fn excerpt(source: &dyn SourceCode, span: SourceSpan, before: usize, after: usize) -> Excerpt {
        let contents = source.read_span(&span, before, after).unwrap();
        Excerpt {
            data: String::from_utf8_lossy(contents.data()).into_owned(),
            span: *contents.span(),
            line: contents.line(),
            column: contents.column(),
            line_count: contents.line_count(),
        }
    }

    /// Compares with miette's `String` source; columns are compared in characters, which is
    /// what the stock source counts on ASCII text.
    fn assert_same(text: &str, span: SourceSpan, before: usize, after: usize) {
        let index = LineIndex::new(text);
        let indexed = IndexedSource::new("f.json", text, &index);
        let ours = excerpt(&indexed, span, before, after);
        let mut stock = excerpt(&text.to_owned(), span, before, after);
        let stock_start = stock.span.offset();
        let line_start = text[..stock_start].rfind('\n').map_or(0, |i| i + 1);
        if before == 0 {
            stock.column = text[line_start..span.offset()].chars().count();
        }
        stock.line_count -= stock.line;
        assert_eq!(ours, stock, "span {span:?} context {before}/{after} in {text:?}");
    }

    const CONTEXTS: [(usize, usize); 5] = [(0, 0), (1, 1), (2, 2), (0, 1), (1, 0)];

    #[test]
    fn matches_stock_source_on_chosen_spans() {
        let text = "{\n  \"a\": 1,\r\n  \"b\": \"é😀\",\n  \"c\": [\n    true\n  ]\n}";
        let find = |s: &str| text.find(s).unwrap();
        let spans: Vec<SourceSpan> = vec![
            (0, 1).into(),                                       // first line
            (text.len() - 1, 1).into(),                          // last line, no trailing newline
            (find("\"a\""), 3).into(),                           // line ending in CRLF
            (find("1,") + 1, 1).into(),                          // the comma before CRLF
            (find("\"é"), "\"é😀\"".len()).into(),               // multibyte
            (find("😀"), 0).into(), // empty span after a multibyte char
            (text.len(), 0).into(), // at EOF
            (find("[\n"), find("]\n") + 1 - find("[\n")).into(), // several lines
            (find("\"b\""), 0).into(), // empty span
        ];
        for span in spans {
            for (before, after) in CONTEXTS {
                assert_same(text, span, before, after);
            }
        }
    }

    #[test]
    fn matches_stock_source_on_every_span_of_small_texts() {
        let texts =
            ["a", "ab\ncd\nef", "ab\ncd\nef\n", "\n\nx\n\n", "x\r\ny\r\n\r\nz", "é\nü😀\nz"];
        for text in texts {
            // Offsets between the `\r` and `\n` of a CRLF are left out: miette's source then
            // moves by a byte in ways no real span needs.
            let splits_crlf = |i: usize| i > 0 && text[..i].ends_with('\r');
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i) && !splits_crlf(i)).collect();
            for &start in &boundaries {
                for &end in boundaries.iter().filter(|&&end| end >= start) {
                    for (before, after) in CONTEXTS {
                        assert_same(text, (start, end - start).into(), before, after);
                    }
                }
            }
        }
    }

    #[test]
    fn columns_are_characters_and_the_name_is_kept() {
        let text = "x\n  \"é😀\": 1";
        let index = LineIndex::new(text);
        let source = IndexedSource::new("dir/f.json", text, &index);
        let contents = source.read_span(&(text.find(':').unwrap(), 1).into(), 0, 0).unwrap();
        assert_eq!((contents.line(), contents.column()), (1, 6));
        assert_eq!(contents.name(), Some("dir/f.json"));
    }

    #[test]
    fn columns_can_be_counted_in_the_unmasked_original() {
        let original = "k: \"pé\" x";
        let shown = "k: \"***\" x";
        let index = LineIndex::new(original);
        let x = (original.find('x').unwrap(), 1).into();
        let plain = IndexedSource::new("f", shown, &index);
        let counted = plain.columns_from(original);
        assert_eq!(plain.read_span(&x, 0, 0).unwrap().column(), 9);
        assert_eq!(counted.read_span(&x, 0, 0).unwrap().column(), 8);
        assert_eq!(counted.read_span(&x, 0, 0).unwrap().data(), b"x");
        assert_eq!(plain.columns_from("short").read_span(&x, 0, 0).unwrap().column(), 9);
    }

    #[test]
    fn spans_past_the_end_are_out_of_bounds() {
        let text = "abc";
        let index = LineIndex::new(text);
        let source = IndexedSource::new("f", text, &index);
        assert!(source.read_span(&(2, 2).into(), 1, 1).is_err());
        assert!(source.read_span(&(usize::MAX, 2).into(), 1, 1).is_err());
        assert!(source.read_span(&(3, 0).into(), 1, 1).is_ok());
    }
}
