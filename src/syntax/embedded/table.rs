//! The decoded-to-source offset table of one string scalar.

use std::ops::Range;

use crate::syntax::Span;

/// The file bytes that produced one decoded byte: the source character, escape sequence or line
/// break behind the decoded character that holds the byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Origin {
    start: u32,
    end: u32,
}

impl Origin {
    const fn at(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }
}

/// Collects the decoded text of a scalar together with the origin of each of its bytes.
pub(super) struct TableBuilder {
    text: String,
    origins: Vec<Origin>,
    /// File offset of the scalar's raw text; pushed ranges are relative to it.
    base: u32,
    /// File offset where the content starts, for documents that decode to nothing.
    start: u32,
}

impl TableBuilder {
    /// A builder for raw text at file offset `base` whose content starts `content` bytes in.
    pub(super) fn new(base: u32, content: usize, capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
            origins: Vec::with_capacity(capacity),
            base,
            start: base + content as u32,
        }
    }

    /// Appends `c`, produced by the raw bytes `raw`.
    pub(super) fn push(&mut self, c: char, raw: Range<usize>) {
        let origin =
            Origin { start: self.base + raw.start as u32, end: self.base + raw.end as u32 };
        self.text.push(c);
        self.origins.resize(self.text.len(), origin);
    }

    #[cfg(test)]
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Checks the decoded text against `expected`, the loader's own decoding, and yields the
    /// table when they agree.
    ///
    /// Runs of whitespace at either end may differ: loaders disagree on whether a block
    /// scalar's span takes in the empty lines around it, and chomping decides the final line
    /// breaks. A JSON parser skips that whitespace, so the table pads or trims it, mapping the
    /// padding to an empty span at the nearest content. Any other difference means the mapping
    /// would be wrong, and there is no table.
    pub(super) fn finish(mut self, expected: &str) -> Option<OffsetTable> {
        if self.text != expected {
            self.pad_leading_newlines(expected);
            self.match_trailing_whitespace(expected)?;
        }
        Some(OffsetTable { origins: self.origins, start: self.start })
    }

    fn pad_leading_newlines(&mut self, expected: &str) {
        let leading = |s: &str| s.bytes().take_while(|&b| b == b'\n').count();
        let missing = leading(expected).saturating_sub(leading(&self.text));
        if missing == 0 {
            return;
        }

        let at = self.origins.first().map_or(self.start, |o| o.start);
        self.text.insert_str(0, &"\n".repeat(missing));
        self.origins.splice(0..0, std::iter::repeat_n(Origin::at(at), missing));
    }

    fn match_trailing_whitespace(&mut self, expected: &str) -> Option<()> {
        let common = self.text.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
        let whitespace = |s: &str| s.chars().all(char::is_whitespace);
        let (ours, theirs) = (self.text.get(common..)?, expected.get(common..)?);
        if !whitespace(ours) || !whitespace(theirs) {
            return None;
        }

        self.text.truncate(common);
        self.origins.truncate(common);
        let end = self.origins.last().map_or(self.start, |o| o.end);
        self.text.push_str(theirs);
        self.origins.resize(self.text.len(), Origin::at(end));
        Some(())
    }
}

/// For every byte of a decoded string, the file bytes it came from.
#[derive(Debug)]
pub(crate) struct OffsetTable {
    origins: Vec<Origin>,
    start: u32,
}

impl OffsetTable {
    /// Maps a span of the decoded text to the file: from the start of the source of its first
    /// byte to the end of the source of its last. Empty spans stay empty, at the source of the
    /// byte they precede.
    pub(crate) fn map(&self, span: Span) -> Span {
        let tail = self.origins.last().map_or(self.start, |o| o.end);
        let start = self.origins.get(span.start as usize).map_or(tail, |o| o.start);
        if span.is_empty() {
            return Span::at(start);
        }
        let end = self.origins.get(span.end as usize - 1).map_or(tail, |o| o.end);
        Span::new(start, end.max(start))
    }

    /// The table of a second decoding layered on this one, given for each byte of the new text
    /// the range of this table's text it came from.
    pub(crate) fn remap(&self, sources: &[Range<u32>]) -> Self {
        let origins = sources
            .iter()
            .map(|r| {
                let span = self.map(Span::new(r.start, r.end));
                Origin { start: span.start, end: span.end }
            })
            .collect();
        Self { origins, start: self.start }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder(raw: &str, expected_len: usize) -> TableBuilder {
        let mut builder = TableBuilder::new(10, 0, expected_len);
        for (i, c) in raw.char_indices() {
            builder.push(c, i..i + c.len_utf8());
        }
        builder
    }

    #[test]
    fn multibyte_characters_map_as_a_whole() {
        let table = builder("aé", 3).finish("aé").unwrap();
        assert_eq!(table.map(Span::new(1, 3)), Span::new(11, 13));
        assert_eq!(table.map(Span::new(0, 1)), Span::new(10, 11));
        assert_eq!(table.map(Span::at(3)), Span::at(13));
    }

    #[test]
    fn whitespace_at_the_ends_is_reconciled() {
        let table = builder("x\n\n", 3).finish("\nx\n").unwrap();
        assert_eq!(table.map(Span::new(0, 1)), Span::at(10));
        assert_eq!(table.map(Span::new(1, 2)), Span::new(10, 11));
        assert_eq!(table.map(Span::new(2, 3)), Span::new(11, 12));
    }

    #[test]
    fn other_differences_leave_no_table() {
        assert!(builder("ab", 2).finish("ax").is_none());
        assert!(builder("a b", 3).finish("a  b").is_none());
    }

    #[test]
    fn layers_compose() {
        let outer = builder("%41b", 4).finish("%41b").unwrap();
        let inner = outer.remap(&[0..3, 3..4]);
        assert_eq!(inner.map(Span::new(0, 1)), Span::new(10, 13));
        assert_eq!(inner.map(Span::new(0, 2)), Span::new(10, 14));
    }
}
