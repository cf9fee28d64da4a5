//! Tokens: whitespace, strings and their escapes, numbers and the three literals.

use super::parser::Parser;
use crate::syntax::LoadError;

/// Bytes that end the plain run of a string body: the closing quote, the start of an escape,
/// and the control characters RFC 8259 forbids unescaped.
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        stops[byte] = true;
        byte += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// The offset of the first byte at or after `from` that ends a plain run, or the length.
/// Eight bytes are tested at a time while none of them is a stop, then one at a time.
fn plain_run(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if has_stop(word) {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter().position(|&b| STOPS[usize::from(b)]).map_or(bytes.len(), |i| at + i)
}

/// Whether any of the eight bytes of `word` is a quote, a backslash or below U+0020. Each test
/// sets a byte's high bit when the byte matches, and can only err on the side of a match in
/// bytes after a true one (the borrow of the subtraction), which the byte loop then sorts out.
fn has_stop(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    below(word, 0x20) | below(quote, 1) | below(backslash, 1) != 0
}

/// Bytes that continue a bare word or a number. A run of them is one token in an error span, so
/// that `NaN`, `0x1F` or an unquoted string is underlined whole; bytes of non-ASCII characters
/// are included, which keeps the run on character boundaries.
pub(super) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'.' | b'+' | b'-') || byte >= 0x80
}

impl Parser<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips the four whitespace characters of RFC 8259, and no others. The indentation after
    /// a line break is passed eight spaces at a time: in a pretty-printed file it is most of
    /// the bytes.
    pub(super) fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\r' | b'\t' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    while self.bytes.get(self.pos..self.pos + 8) == Some(b"        ") {
                        self.pos += 8;
                    }
                }
                _ => return,
            }
        }
    }

    /// Reads the string whose opening quote is at `pos` and returns its decoded text, leaving
    /// `pos` after the closing quote. A string without escapes is copied once from the text.
    pub(super) fn string(&mut self) -> Result<Box<str>, LoadError> {
        let open = self.pos;
        let body = open + 1;
        self.pos = plain_run(self.bytes, body);
        if self.peek() == Some(b'"') {
            let text = &self.text[body..self.pos];
            self.pos += 1;
            return Ok(text.into());
        }
        self.escaped_string(open, body)
    }

    /// The rest of a string from the first byte that stops a plain run, decoded into the
    /// shared scratch buffer and then copied once into a box of its exact size.
    fn escaped_string(&mut self, open: usize, body: usize) -> Result<Box<str>, LoadError> {
        let text = self.text;
        let mut decoded = std::mem::take(&mut self.scratch);
        decoded.clear();
        decoded.push_str(&text[body..self.pos]);

        loop {
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') => decoded.push(self.escape(open)?),
                Some(byte) => return Err(self.control_character(self.pos, byte)),
                None => return Err(self.unterminated_string(open)),
            }
            let from = self.pos;
            self.pos = plain_run(self.bytes, from);
            decoded.push_str(&text[from..self.pos]);
        }

        self.pos += 1;
        let boxed = Box::from(decoded.as_str());
        self.scratch = decoded;
        Ok(boxed)
    }

    /// Decodes the escape whose backslash is at `pos`, in the string opened at `open`.
    fn escape(&mut self, open: usize) -> Result<char, LoadError> {
        let at = self.pos;
        let Some(&letter) = self.bytes.get(at + 1) else {
            return Err(self.unterminated_string(open));
        };
        self.pos = at + 2;
        Ok(match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(at),
            _ => return Err(self.invalid_escape(at)),
        })
    }

    /// A `\uXXXX` escape at `at`; a high surrogate must be followed by the escape of its low
    /// half, and the pair stands for one character.
    fn unicode_escape(&mut self, at: usize) -> Result<char, LoadError> {
        let unit = self.hex_unit(at)?;
        if let Some(c) = char::from_u32(u32::from(unit)) {
            return Ok(c);
        }
        if unit >= 0xDC00 {
            return Err(self.lone_low_surrogate(at));
        }

        let low_at = self.pos;
        if !self.bytes[low_at..].starts_with(b"\\u") {
            return Err(self.unpaired_high_surrogate(at));
        }
        let low = self.hex_unit(low_at)?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.unpaired_high_surrogate(at));
        }
        let code = 0x1_0000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
        // Always a scalar value: the pair covers U+10000 to U+10FFFF exactly.
        char::from_u32(code).ok_or_else(|| self.unpaired_high_surrogate(at))
    }

    /// The four hex digits of the `\u` escape at `at`, leaving `pos` after them.
    fn hex_unit(&mut self, at: usize) -> Result<u16, LoadError> {
        let mut unit = 0u16;
        for offset in at + 2..at + 6 {
            let digit = self.bytes.get(offset).and_then(|&b| char::from(b).to_digit(16));
            let Some(digit) = digit else { return Err(self.bad_unicode_escape(at, offset)) };
            unit = unit << 4 | digit as u16;
        }
        self.pos = at + 6;
        Ok(unit)
    }

    /// Reads the number at `pos` (a `-` or a digit) and returns it as written.
    pub(super) fn number(&mut self) -> Result<Box<str>, LoadError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.leading_zero(start));
                }
            }
            Some(b'1'..=b'9') => _ = self.digits(),
            _ => return Err(self.number_without_digits(start)),
        }

        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.digits() {
                return Err(self.missing_digit(start, "after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.digits() {
                return Err(self.missing_digit(start, "in the exponent"));
            }
        }

        if self.peek().is_some_and(is_word_byte) {
            return Err(self.malformed_number(start));
        }
        Ok(self.text[start..self.pos].into())
    }

    /// Skips a run of decimal digits; whether there was one.
    fn digits(&mut self) -> bool {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos > from
    }

    /// Reads `true`, `false` or `null` at `pos` when the word there is exactly one of them.
    pub(super) fn literal(&mut self) -> Option<&'static str> {
        let rest = &self.bytes[self.pos..];
        let word =
            ["true", "false", "null"].into_iter().find(|w| rest.starts_with(w.as_bytes()))?;
        if rest.get(word.len()).is_some_and(|&b| is_word_byte(b)) {
            return None;
        }
        self.pos += word.len();
        Some(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_run_stops_at_the_first_stop_byte_wherever_it_is() {
        let stops = (0..0x20).chain([b'"', b'\\']);
        let others = [b' ', b'a', b'!', b'#', b'[', b']', b'\x7f', 0x80, 0xff, 0x21, 0x5b, 0x5d];
        for stop in stops {
            for len in 0..24 {
                for at in 0..=len {
                    let mut bytes: Vec<u8> = (0..len).map(|i| others[i % others.len()]).collect();
                    let expected = if at < len {
                        bytes[at] = stop;
                        at
                    } else {
                        len
                    };
                    assert_eq!(plain_run(&bytes, 0), expected, "{stop:#x} at {at} of {len}");
                    if at > 0 {
                        assert_eq!(plain_run(&bytes, 1), expected.max(1), "{stop:#x} from 1");
                    }
                }
            }
        }
    }
}
