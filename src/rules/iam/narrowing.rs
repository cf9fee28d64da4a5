//! Whether a statement's condition narrows a public principal down to known callers.
//!
//! Condition clauses must all hold, so one clause that narrows is enough. A clause narrows when
//! its key identifies the caller (its account, organization, ARN, network or the resource
//! that calls on its behalf), its operator requires a match, and every value names something
//! specific.

use crate::model::iam::{Condition, ConditionClause};
use crate::model::{Value, ValueKind};

/// Keys whose value is the caller's identity or origin, lowercase. A match on one of these
/// with a specific value limits who can use the grant.
const CALLER_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:userid",
    "aws:username",
    "kms:calleraccount",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
    "lambda:functionarn",
];

/// Operators that require the key to match one of the values. Negated operators narrow
/// nothing (everyone but a few is still everyone), and `Null` only asks for presence.
const MATCHING_OPERATORS: &[&str] =
    &["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"];

/// The first clause of `condition` that narrows the callers, if any.
#[must_use]
pub fn narrowing_clause(condition: Option<&Condition>) -> Option<&ConditionClause> {
    condition?.clauses.iter().find(|clause| narrows(clause))
}

fn narrows(clause: &ConditionClause) -> bool {
    // A clause the extractor could not read, or one built at deploy time, gets the benefit
    // of the doubt, as it does in every other rule.
    let (Some(operator), Some(key)) = (clause.operator.as_literal(), clause.key.as_literal())
    else {
        return true;
    };
    let operator = operator.to_ascii_lowercase();

    // `ForAllValues` is true when the key is absent, and `IfExists` too: neither requires a
    // caller to match. `ForAnyValue` is false when the key is absent, like a plain operator.
    if operator.starts_with("forallvalues:") || operator.ends_with("ifexists") {
        return false;
    }
    let base = operator.strip_prefix("foranyvalue:").unwrap_or(&operator);
    let key = key.to_ascii_lowercase();

    // An EFS file system reached through a mount target: only from inside its network.
    if key == "elasticfilesystem:accessedviamounttarget" {
        return base == "bool"
            && !clause.values.items.is_empty()
            && clause.values.iter().all(|v| v.is("true"));
    }
    if !MATCHING_OPERATORS.contains(&base) {
        return false;
    }
    if !CALLER_KEYS.contains(&key.as_str()) {
        return false;
    }

    !clause.values.items.is_empty() && clause.values.iter().all(|value| is_specific(value, &key))
}

/// Whether `value` names a specific caller: not a wildcard, an ARN whose account (or, for
/// global names such as buckets, whose resource) is fixed, an address range smaller than the
/// whole internet. Values built at deploy time are taken as specific.
fn is_specific(value: &Value, key: &str) -> bool {
    value.alternatives().all(|alternative| match &alternative.kind {
        ValueKind::Literal(text) => is_specific_text(text, key),
        ValueKind::Interpolated(text) => !text.chars().all(|c| matches!(c, '*' | '?')),
        ValueKind::Reference { .. } | ValueKind::Unknown => true,
        ValueKind::Choice(_) => false,
    })
}

fn is_specific_text(text: &str, key: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.chars().all(|c| matches!(c, '*' | '?')) {
        return false;
    }
    if key.ends_with("sourceip") {
        return text.split_once('/').is_none_or(|(_, prefix)| prefix.trim() != "0");
    }
    if text.starts_with("arn:") {
        return is_specific_arn(text);
    }
    // An id pattern must spell out most of the id: `vpc-*` or `12*` is anyone's.
    text.find(['*', '?']).is_none_or(|wildcard| wildcard >= MIN_ID_PREFIX)
}

/// How much of an account, organization, VPC or user id a pattern must write out before its
/// first wildcard to name someone (`AROAEXAMPLEID:*`, `o-a1b2c3d4e5/*`).
const MIN_ID_PREFIX: usize = 8;

/// An ARN pattern that only the owner of one account can satisfy: its account is written out,
/// or it has no account (S3 buckets, whose names are global) and its resource starts with a
/// name. `arn:aws:iam::*:role/admin` matches a role anyone can create in their own account.
fn is_specific_arn(text: &str) -> bool {
    let Some([_, _, _, _, account, resource]) = super::arn_fields(text) else { return false };
    let fixed = |s: &str| !s.is_empty() && !s.contains(['*', '?']);
    if account.is_empty() {
        // The name must be spelt out in full: `my-*` is any bucket someone names so.
        return match resource.find(['*', '?']) {
            None => !resource.is_empty(),
            Some(wildcard) => resource[..wildcard].contains('/'),
        };
    }
    fixed(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Values;
    use crate::syntax::Span;

    fn clause(operator: &str, key: &str, values: &[&str]) -> ConditionClause {
        let lit = |t: &str| Value::literal(Span::default(), t);
        ConditionClause {
            operator: lit(operator),
            key: lit(key),
            values: Values {
                span: Span::default(),
                key_span: Span::default(),
                items: values.iter().map(|v| lit(v)).collect(),
            },
        }
    }

    #[test]
    fn specific_callers_narrow() {
        for (op, key, values) in [
            ("StringEquals", "aws:SourceAccount", &["123456789012"][..]),
            ("StringEquals", "AWS:SourceAccount", &["123456789012"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:s3:::my-bucket"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:s3:::my-bucket/*"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:sns:eu-west-1:123456789012:*"][..]),
            ("ArnEquals", "aws:PrincipalArn", &["arn:aws:iam::123456789012:role/app"][..]),
            ("StringEquals", "aws:PrincipalOrgID", &["o-abc123"][..]),
            ("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", &["o-a1b2c3d4e5/r-ab12/*"][..]),
            ("StringEquals", "aws:SourceVpce", &["vpce-1a2b3c"][..]),
            ("IpAddress", "aws:SourceIp", &["203.0.113.0/24", "198.51.100.7"][..]),
            ("StringEquals", "kms:CallerAccount", &["123456789012"][..]),
            ("StringLike", "aws:userid", &["AROAEXAMPLE:*"][..]),
            ("Bool", "elasticfilesystem:AccessedViaMountTarget", &["true"][..]),
        ] {
            assert!(narrows(&clause(op, key, values)), "{op} {key} {values:?}");
        }
    }

    #[test]
    fn wildcards_negations_and_absent_keys_do_not_narrow() {
        for (op, key, values) in [
            ("StringLike", "aws:PrincipalArn", &["*"][..]),
            ("ArnLike", "aws:PrincipalArn", &["arn:aws:iam::*:role/admin"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:sns:*:*:topic"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:s3:::*"][..]),
            ("ArnLike", "aws:SourceArn", &["arn:aws:s3:::logs-*"][..]),
            ("StringEquals", "aws:SourceAccount", &["123456789012", "*"][..]),
            ("StringLike", "aws:SourceVpc", &["vpc-*"][..]),
            ("StringLike", "aws:SourceAccount", &["1234*"][..]),
            ("StringNotEquals", "aws:SourceAccount", &["123456789012"][..]),
            ("StringEqualsIfExists", "aws:SourceAccount", &["123456789012"][..]),
            ("ForAllValues:StringEquals", "aws:PrincipalOrgID", &["o-abc123"][..]),
            ("NotIpAddress", "aws:SourceIp", &["10.0.0.0/8"][..]),
            ("IpAddress", "aws:SourceIp", &["0.0.0.0/0"][..]),
            ("Null", "aws:SourceArn", &["false"][..]),
            ("Bool", "aws:SecureTransport", &["true"][..]),
            ("Bool", "elasticfilesystem:AccessedViaMountTarget", &["false"][..]),
            ("BoolIfExists", "elasticfilesystem:AccessedViaMountTarget", &["true"][..]),
            ("StringEquals", "aws:PrincipalTag/team", &["ops"][..]),
            ("StringEquals", "aws:SourceAccount", &[][..]),
        ] {
            assert!(!narrows(&clause(op, key, values)), "{op} {key} {values:?}");
        }
    }

    #[test]
    fn deploy_time_values_narrow() {
        let mut c = clause("StringEquals", "aws:SourceAccount", &[]);
        c.values.items.push(Value {
            span: Span::default(),
            kind: ValueKind::Reference { function: "Ref".into(), target: "AWS::AccountId".into() },
        });
        assert!(narrows(&c));
        let mut c = clause("ArnLike", "aws:SourceArn", &[]);
        c.values.items.push(Value {
            span: Span::default(),
            kind: ValueKind::Interpolated("arn:${AWS::Partition}:s3:::${Bucket}".into()),
        });
        assert!(narrows(&c));
    }
}
