//! What the IAM policy grammar accepts, for IAM010: policy versions, condition operators and
//! the shape of a resource ARN.

/// The condition operators IAM knows, lowercase, before the `IfExists` suffix and the
/// `ForAllValues:`/`ForAnyValue:` prefixes.
const OPERATORS: &[&str] = &[
    "stringequals",
    "stringnotequals",
    "stringequalsignorecase",
    "stringnotequalsignorecase",
    "stringlike",
    "stringnotlike",
    "numericequals",
    "numericnotequals",
    "numericlessthan",
    "numericlessthanequals",
    "numericgreaterthan",
    "numericgreaterthanequals",
    "dateequals",
    "datenotequals",
    "datelessthan",
    "datelessthanequals",
    "dategreaterthan",
    "dategreaterthanequals",
    "bool",
    "binaryequals",
    "ipaddress",
    "notipaddress",
    "arnequals",
    "arnlike",
    "arnnotequals",
    "arnnotlike",
    "null",
];

/// Whether `operator` is a condition operator IAM accepts: a known one, optionally with the
/// `IfExists` suffix (not on `Null`, which already tests for presence) and a set prefix.
/// Compared without regard to case.
#[must_use]
pub fn is_known_operator(operator: &str) -> bool {
    let lower = operator.to_ascii_lowercase();
    let base = ["forallvalues:", "foranyvalue:"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower);
    match base.strip_suffix("ifexists") {
        Some(stripped) => stripped != "null" && OPERATORS.contains(&stripped),
        None => OPERATORS.contains(&base),
    }
}

/// What is wrong with a literal `Resource` value, if anything: it must be `*` or an ARN with
/// six colon-separated fields (`arn:partition:service:region:account:resource`), a partition,
/// a service and a resource.
#[must_use]
pub fn resource_problem(text: &str) -> Option<&'static str> {
    if text == "*" {
        return None;
    }
    if !text.starts_with("arn:") {
        return Some("is neither `*` nor an ARN");
    }
    let Some([_, partition, service, _, _, resource]) = super::arn_fields(text) else {
        return Some(
            "has fewer than the six fields of an ARN (arn:partition:service:region:account:resource)",
        );
    };
    if partition.is_empty() {
        return Some("has no partition (arn:aws:...)");
    }
    if service.is_empty() {
        return Some("has no service");
    }
    if resource.is_empty() {
        return Some("has no resource after the account field");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_with_prefixes_and_suffixes() {
        for operator in [
            "StringEquals",
            "stringequals",
            "StringLikeIfExists",
            "ForAnyValue:StringLike",
            "ForAllValues:ArnLikeIfExists",
            "NumericLessThanEquals",
            "DateGreaterThan",
            "Bool",
            "BoolIfExists",
            "Null",
            "IpAddress",
            "NotIpAddressIfExists",
            "BinaryEquals",
        ] {
            assert!(is_known_operator(operator), "{operator}");
        }
    }

    #[test]
    fn unknown_operators() {
        for operator in [
            "StringEqual",
            "StringEqualsIfExist",
            "NullIfExists",
            "ForAnyValues:StringLike",
            "ForAnyValue:",
            "StringMatches",
            "ArnNotEqual",
            "IfExists",
            "",
        ] {
            assert!(!is_known_operator(operator), "{operator}");
        }
    }

    #[test]
    fn resource_shapes() {
        for ok in [
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:aws:iam::123456789012:user/${aws:username}",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x:*",
            "arn:*:s3:::*",
            "arn:aws-cn:dynamodb:*:*:table/orders",
        ] {
            assert_eq!(resource_problem(ok), None, "{ok}");
        }
        assert_eq!(resource_problem("my-bucket"), Some("is neither `*` nor an ARN"));
        assert!(resource_problem("arn:aws:s3:bucket").unwrap().starts_with("has fewer"));
        assert_eq!(resource_problem("arn::s3:::bucket"), Some("has no partition (arn:aws:...)"));
        assert_eq!(resource_problem("arn:aws::::x"), Some("has no service"));
        assert!(resource_problem("arn:aws:sqs:eu-west-1:123456789012:").is_some());
    }
}
