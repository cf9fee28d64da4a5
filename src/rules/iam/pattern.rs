//! IAM's wildcard matching of action names: `*` for any run of characters, `?` for one,
//! ASCII case-insensitive, over the whole name.

/// Whether the action pattern `pattern` (as granted: `iam:Put*`, `*`) covers `action`: the
/// catalog's matcher, which is IAM's.
pub use crate::catalog::glob_matches as matches;

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
