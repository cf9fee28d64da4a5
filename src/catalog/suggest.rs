//! Did-you-mean: the known name closest in spelling to a misspelt one.

/// The candidate whose name is closest to `wanted` by edit distance (ASCII case-insensitive),
/// if it is close enough to be a plausible typo: at most a third of the longer name's
/// characters differ, and never more than 4. Ties go to the first candidate.
pub(super) fn closest<T>(
    wanted: &str,
    candidates: impl Iterator<Item = T>,
    name: impl Fn(&T) -> &str,
) -> Option<T> {
    let wanted: Vec<u8> = wanted.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let mut best: Option<(usize, T)> = None;
    let mut row = Vec::new();

    for candidate in candidates {
        let text = name(&candidate);
        let limit = (wanted.len().max(text.len()) / 3).clamp(1, 4);
        // Names whose lengths differ by more than the limit cannot be within it.
        if wanted.len().abs_diff(text.len()) > limit {
            continue;
        }
        let distance = levenshtein(&wanted, text.as_bytes(), &mut row);
        if distance <= limit && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Edit distance between `a` (lowercase) and `b` (any case), reusing `row` between calls.
fn levenshtein(a: &[u8], b: &[u8], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=a.len());
    for (j, &cb) in b.iter().enumerate() {
        let cb = cb.to_ascii_lowercase();
        let mut diagonal = row[0];
        row[0] = j + 1;
        for (i, &ca) in a.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[i + 1];
            row[i + 1] = substitution.min(row[i] + 1).min(diagonal + 1);
        }
    }
    row[a.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let mut row = Vec::new();
        assert_eq!(levenshtein(b"getobject", b"GetObject", &mut row), 0);
        assert_eq!(levenshtein(b"getobjekt", b"GetObject", &mut row), 1);
        assert_eq!(levenshtein(b"", b"abc", &mut row), 3);
        assert_eq!(levenshtein(b"kitten", b"sitting", &mut row), 3);
    }

    #[test]
    fn closest_within_the_limit() {
        let names = ["GetObject", "PutObject", "GetBucketPolicy"];
        assert_eq!(closest("getobjet", names.iter(), |n| n), Some(&"GetObject"));
        assert_eq!(closest("Putobject", names.iter(), |n| n), Some(&"PutObject"));
        assert_eq!(closest("DeleteEverything", names.iter(), |n| n), None);
    }
}
