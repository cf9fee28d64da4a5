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
///
/// Columns are counted from the line start, except deep into a long line (a minified policy
/// or template is one line of megabytes): there they are counted from the nearest block
/// boundary, so that a hundred thousand findings on one line cost a hundred thousand short
/// counts, not a hundred thousand counts of the whole line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; `line_starts[0]` is always 0.
    line_starts: Vec<u32>,
    len: u32,
    /// For a file with a line longer than [`BLOCK`]: the units before every block boundary of
    /// the file (`blocks[k]` counts bytes `0..k * BLOCK`). Empty otherwise.
    blocks: Vec<Units>,
}

/// Bytes between two column checkpoints of a long line.
const BLOCK: usize = 4096;

/// Characters and UTF-16 code units in some range of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Units {
    chars: u32,
    utf16: u32,
}

impl Units {
    /// Counted on bytes, so that a range may start or end inside a character: every byte but a
    /// continuation byte starts a character, and a four-byte one is two UTF-16 units.
    fn of(bytes: &[u8]) -> Self {
        let chars = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        let astral = bytes.iter().filter(|&&b| b >= 0xF0).count();
        Self { chars: chars as u32, utf16: (chars + astral) as u32 }
    }

    fn plus(self, other: Self) -> Self {
        Self { chars: self.chars + other.chars, utf16: self.utf16 + other.utf16 }
    }

    /// Saturating: a text other than the indexed one must not underflow.
    fn minus(self, other: Self) -> Self {
        Self {
            chars: self.chars.saturating_sub(other.chars),
            utf16: self.utf16.saturating_sub(other.utf16),
        }
    }
}

impl LineIndex {
    #[must_use]
    pub fn new(source: &str) -> Self {
        let mut line_starts = Vec::with_capacity(source.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(
            memchr_newlines(source.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        let len = u32::try_from(source.len()).unwrap_or(u32::MAX);

        let long = line_starts.windows(2).any(|w| (w[1] - w[0]) as usize > BLOCK)
            || (len - line_starts.last().copied().unwrap_or(0)) as usize > BLOCK;
        let mut blocks = Vec::new();
        if long {
            let mut before = Units::default();
            blocks.push(before);
            for block in source.as_bytes().chunks_exact(BLOCK) {
                before = before.plus(Units::of(block));
                blocks.push(before);
            }
        }
        Self { line_starts, len, blocks }
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

    /// 1-based line and code-point column of `offset`. `source` is the text the index was
    /// built from.
    #[must_use]
    pub fn line_col(&self, offset: u32, source: &str) -> LineCol {
        let (line, units) = self.units_before(offset, source);
        LineCol { line: line as u32 + 1, column: units.chars + 1 }
    }

    /// 1-based line and column counted in UTF-16 code units, as LSP clients expect by default.
    #[must_use]
    pub fn line_col_utf16(&self, offset: u32, source: &str) -> LineCol {
        let (line, units) = self.units_before(offset, source);
        LineCol { line: line as u32 + 1, column: units.utf16 + 1 }
    }
}

impl LineIndex {
    /// The 0-based line of `offset` and the units of that line before it.
    fn units_before(&self, offset: u32, source: &str) -> (usize, Units) {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let bytes = source.as_bytes();

        // Near the line start, or in a file without long lines, the line's bytes before the
        // offset are counted; deep into a long line, both ends count from their block.
        let mut units = if (offset - start) as usize <= BLOCK || self.blocks.is_empty() {
            Units::of(bytes.get(start as usize..offset as usize).unwrap_or_default())
        } else {
            self.units_to(offset, bytes).minus(self.units_to(start, bytes))
        };

        // A byte order mark opening the file is no column: editors hide it.
        if start == 0 && offset >= 3 && source.starts_with('\u{feff}') {
            units = units.minus(Units { chars: 1, utf16: 1 });
        }
        (line, units)
    }

    /// The units of `bytes[..at]`, counted on from the block checkpoint before `at`.
    fn units_to(&self, at: u32, bytes: &[u8]) -> Units {
        let at = (at as usize).min(bytes.len());
        let block = at / BLOCK;
        let base = self.blocks.get(block).copied().unwrap_or_default();
        base.plus(Units::of(&bytes[(block * BLOCK).min(at)..at]))
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

    /// Deep into a line longer than a block, columns come from the block counts: they must be
    /// what counting from the line start gives, multibyte characters across block boundaries
    /// and a byte order mark included.
    #[test]
    fn columns_deep_into_long_lines_match_counting_from_the_line_start() {
        let mut src = String::from("\u{feff}{\"a\": 1,\n");
        for i in 0..3000 {
            src.push_str(if i % 7 == 0 { "\"é😀\", " } else { "\"ab\", " });
        }
        src.push('\n');
        let long = src.clone() + &"x".repeat(2 * BLOCK);
        for text in [&src[3..], &src, &long] {
            let index = LineIndex::new(text);
            assert!(!index.blocks.is_empty());
            for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(37) {
                let line = index.line_of(offset as u32);
                let start = index.line_starts[line] as usize;
                let prefix = text[start..offset].trim_start_matches('\u{feff}');
                let chars = prefix.chars().count() as u32 + 1;
                let utf16 = prefix.encode_utf16().count() as u32 + 1;
                assert_eq!(index.line_col(offset as u32, text).column, chars, "{offset}");
                assert_eq!(index.line_col_utf16(offset as u32, text).column, utf16, "{offset}");
            }
        }
    }

    #[test]
    fn offsets_past_the_end_clamp_to_the_last_line() {
        let src = "a\nb";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(99, src), LineCol { line: 2, column: 2 });
    }
}
