//! Byte ranges into a file, and their conversion to lines and columns.

use std::fmt;

/// A byte range `start..end` into the bytes of one file.
///
/// Offsets are `u32`: the file size budget keeps every input far below 4 GiB, and findings
/// carry several spans, so the narrower type halves their size.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// Builds a span from `usize` offsets, saturating at `u32::MAX`.
    #[must_use]
    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self { start: clamp(range.start), end: clamp(range.end) }
    }

    /// An empty span at `offset`.
    #[must_use]
    pub const fn at(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }

    #[must_use]
    pub const fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The span moved `by` bytes to the right.
    #[must_use]
    pub const fn shifted(self, by: u32) -> Self {
        Self { start: self.start.saturating_add(by), end: self.end.saturating_add(by) }
    }

    /// The smallest span that covers both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text under the span, or `""` when the span does not fit the source.
    #[must_use]
    pub fn slice(self, source: &str) -> &str {
        source.get(self.range()).unwrap_or("")
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start as usize, span.len() as usize).into()
    }
}

/// A 1-based line and column.
///
/// `column` counts Unicode scalar values from the start of the line, which is what editors show
/// and what SARIF calls `unicodeCodePoints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line start offsets of one file, for offset to line/column conversion by binary search.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; `line_starts[0]` is always 0.
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    #[must_use]
    pub fn new(source: &str) -> Self {
        let mut line_starts = Vec::with_capacity(source.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(
            memchr_newlines(source.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        Self { line_starts, len: u32::try_from(source.len()).unwrap_or(u32::MAX) }
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Zero-based line number of the line holding `offset`.
    #[must_use]
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of zero-based `line`, without its line terminator.
    #[must_use]
    pub fn line_span(&self, line: usize, source: &str) -> Span {
        let start = self.line_starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.line_starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && source.as_bytes().get(end as usize - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// Byte offset of the start of zero-based `line`.
    #[must_use]
    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// 1-based line and code-point column of `offset`.
    #[must_use]
    pub fn line_col(&self, offset: u32, source: &str) -> LineCol {
        let (line, prefix) = self.prefix(offset, source);
        LineCol { line: line as u32 + 1, column: prefix.chars().count() as u32 + 1 }
    }

    /// 1-based line and column counted in UTF-16 code units, as LSP clients expect by default.
    #[must_use]
    pub fn line_col_utf16(&self, offset: u32, source: &str) -> LineCol {
        let (line, prefix) = self.prefix(offset, source);
        let units: usize = prefix.chars().map(char::len_utf16).sum();
        LineCol { line: line as u32 + 1, column: units as u32 + 1 }
    }
}

impl LineIndex {
    /// The 0-based line of `offset` and the text of that line before it. A byte order mark
    /// opening the file is no column: editors hide it.
    fn prefix<'s>(&self, offset: u32, source: &'s str) -> (usize, &'s str) {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let prefix = source.get(start..offset.min(self.len) as usize).unwrap_or("");
        let prefix =
            if start == 0 { prefix.strip_prefix('\u{feff}').unwrap_or(prefix) } else { prefix };
        (line, prefix)
    }
}

/// Every line feed: a vectorized search, since every file with a finding is indexed, the
/// largest ones included.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let src = "ab\ncd\r\nef";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(0, src), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(4, src), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(7, src), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_span(1, src).slice(src), "cd");
    }

    #[test]
    fn a_byte_order_mark_is_no_column() {
        let src = "\u{feff}ab\n\u{feff}c";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(3, src), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(4, src), LineCol { line: 1, column: 2 });
        assert_eq!(index.line_col_utf16(4, src), LineCol { line: 1, column: 2 });
        assert_eq!(index.line_col(9, src), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn columns_count_code_points_and_utf16_units() {
        let src = "x: \"é😀z\"";
        let index = LineIndex::new(src);
        let z = src.find('z').unwrap() as u32;
        assert_eq!(index.line_col(z, src).column, 7);
        assert_eq!(index.line_col_utf16(z, src).column, 8);
    }

    #[test]
    fn offsets_past_the_end_clamp_to_the_last_line() {
        let src = "a\nb";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(99, src), LineCol { line: 2, column: 2 });
    }
}
