//! URL-encoded documents, the way IAM's query API returns policies (`GetRolePolicy`,
//! `GetPolicyVersion`, `GetAccountAuthorizationDetails`).

use std::ops::Range;

/// Whether `text` reads as a URL-encoded JSON object.
pub(super) fn is_url_encoded(text: &str) -> bool {
    text.get(..3).is_some_and(|prefix| prefix.eq_ignore_ascii_case("%7b"))
}

/// Decodes the `%XX` escapes of `text`. Yields the decoded text and, for each of its bytes, the
/// range of `text` it came from; or the range of the first escape that is malformed or breaks
/// UTF-8.
///
/// `+` stays a plus sign: the documents are encoded per RFC 3986, which spells a space `%20`.
pub(super) fn decode(text: &str) -> Result<(String, Vec<Range<u32>>), Range<usize>> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut sources = Vec::with_capacity(bytes.len());

    let mut i = 0;
    while i < bytes.len() {
        let len = if bytes[i] == b'%' {
            let escape = i..(i + 3).min(bytes.len());
            decoded.push(hex_byte(bytes.get(i + 1..i + 3)).ok_or(escape)?);
            3
        } else {
            decoded.push(bytes[i]);
            1
        };
        sources.push(i as u32..(i + len) as u32);
        i += len;
    }

    match String::from_utf8(decoded) {
        Ok(text) => Ok((text, sources)),
        Err(e) => {
            let bad = &sources[e.utf8_error().valid_up_to()];
            Err(bad.start as usize..bad.end as usize)
        }
    }
}

fn hex_byte(digits: Option<&[u8]>) -> Option<u8> {
    let digits = digits?;
    let value = |b: u8| char::from(b).to_digit(16);
    Some((value(digits[0])? * 16 + value(digits[1])?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_remember_their_triples() {
        let (text, sources) = decode("%7B%22a%22:%C3%A9+%7d").unwrap();
        assert_eq!(text, "{\"a\":é+}");
        assert_eq!(sources[0], 0..3);
        assert_eq!(sources[4], 10..11);
        assert_eq!(sources[5], 11..14);
        assert_eq!(sources[6], 14..17);
    }

    #[test]
    fn malformed_escapes_are_located() {
        assert_eq!(decode("%7B%2").unwrap_err(), 3..5);
        assert_eq!(decode("%7B%zz").unwrap_err(), 3..6);
        assert_eq!(decode("%7B%C3").unwrap_err(), 3..6);
    }

    #[test]
    fn only_an_encoded_brace_marks_a_document() {
        assert!(is_url_encoded("%7b%22"));
        assert!(!is_url_encoded("{\"a\": 1}"));
        assert!(!is_url_encoded("%7"));
    }
}
