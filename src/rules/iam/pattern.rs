//! IAM's wildcard matching of action names: `*` for any run of characters, `?` for one,
//! ASCII case-insensitive, over the whole name.

/// Whether the action pattern `pattern` (as granted: `iam:Put*`, `*`) covers `action`.
#[must_use]
pub fn matches(pattern: &str, action: &str) -> bool {
    let pattern = pattern.as_bytes();
    let action = action.as_bytes();

    // Classic greedy glob with backtracking to the last `*`: linear in practice, and never
    // worse than quadratic on hostile input.
    let (mut p, mut a) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while a < action.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, a));
                p += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&action[a]) => {
                p += 1;
                a += 1;
            }
            _ => match star {
                Some((star_p, star_a)) => {
                    p = star_p + 1;
                    a = star_a + 1;
                    star = Some((star_p, star_a + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// How many characters of `pattern` are not wildcards: the more, the narrower the pattern,
/// and the better it is as the token a finding points at.
#[must_use]
pub fn literal_len(pattern: &str) -> usize {
    pattern.chars().filter(|c| !matches!(c, '*' | '?')).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_case() {
        assert!(matches("*", "iam:PassRole"));
        assert!(matches("iam:*", "iam:PassRole"));
        assert!(matches("IAM:pass*", "iam:PassRole"));
        assert!(matches("iam:Put*Policy", "iam:PutRolePolicy"));
        assert!(matches("iam:*Role*", "iam:PassRole"));
        assert!(matches("iam:P?ssRole", "iam:PassRole"));
        assert!(matches("*:PassRole", "iam:PassRole"));
        assert!(matches("iam:PassRole**", "iam:PassRole"));
    }

    #[test]
    fn non_matches() {
        assert!(!matches("iam:Get*", "iam:PassRole"));
        assert!(!matches("iam:PassRol", "iam:PassRole"));
        assert!(!matches("iam:PassRolex", "iam:PassRole"));
        assert!(!matches("iam:P?Role", "iam:PassRole"));
        assert!(!matches("s3:*", "iam:PassRole"));
        assert!(!matches("", "iam:PassRole"));
        assert!(!matches("iam:*Policy", "iam:PutRolePolicyX"));
    }

    #[test]
    fn hostile_patterns_finish() {
        let pattern = "*a".repeat(200);
        assert!(!matches(&pattern, &"a".repeat(150)));
    }

    #[test]
    fn literal_length() {
        assert_eq!(literal_len("*"), 0);
        assert_eq!(literal_len("iam:*"), 4);
        assert_eq!(literal_len("iam:PassRole"), 12);
    }
}
