use super::*;
use crate::model::iam::{Condition, ConditionClause};
use crate::model::{Model, Value};
use crate::rules::testing::{Source, any_principal, policy, run, statement};

/// A written policy: the Statement key and `version` (when given) precede the statements.
fn written(
    src: &mut Source,
    version: Option<&str>,
    kind: PolicyKind,
    build: impl FnOnce(&mut Source) -> Vec<Statement>,
) -> Model {
    let version = version.map(|v| src.str(v));
    let key = src.raw("\"Statement\":");
    let statements = build(src);
    let mut model = policy(kind, statements);
    model.policies[0].version = version;
    model.policies[0].statement_key = Some(key);
    model
}

fn allow(src: &mut Source, index: usize, action: &str, resource: &str) -> Statement {
    let (a, r) = (src.one(action), src.one(resource));
    statement(src, index, "Allow", a, r)
}

fn messages(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.message.as_str()).collect()
}

#[test]
fn a_valid_policy_passes() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        vec![allow(src, 0, "s3:GetObject", "arn:aws:iam::123456789012:user/${aws:username}")]
    });
    assert!(run(&InvalidPolicy, &model, &src).is_empty());
}

#[test]
fn versions_missing_old_and_unknown() {
    let mut src = Source::new();
    let model = written(&mut src, None, PolicyKind::Identity, |src| {
        vec![allow(src, 0, "s3:GetObject", "*")]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(
        messages(&findings),
        ["policy has no Version, so IAM reads it with the 2008-10-17 language"]
    );
    assert_eq!(findings[0].severity, Severity::Low);
    assert_eq!(findings[0].span.slice(&src.text), "\"Statement\":");

    // A policy variable makes the old language a real problem.
    let mut src = Source::new();
    let model = written(&mut src, Some("2008-10-17"), PolicyKind::Identity, |src| {
        vec![allow(src, 0, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(findings[0].severity, Severity::Medium);
    assert_eq!(findings[0].span.slice(&src.text), "\"2008-10-17\"");

    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-18"), PolicyKind::Identity, |src| {
        vec![allow(src, 0, "s3:GetObject", "*")]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(messages(&findings), ["policy Version 2012-10-18 is not one IAM knows"]);
    assert_eq!(findings[0].severity, Severity::High);
}

#[test]
fn implied_policies_are_skipped() {
    let mut src = Source::new();
    let mut stmt = allow(&mut src, 0, "lambda:GetLayerVersion", "not-an-arn");
    stmt.principal = None;
    let model = policy(PolicyKind::Resource, vec![stmt]);
    assert!(run(&InvalidPolicy, &model, &src).is_empty());
}

#[test]
fn effects_and_negated_pairs() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let lower = allow(src, 0, "s3:GetObject", "*");
        let mut lower = lower;
        lower.effect = Some(src.str("allow"));
        let mut both = allow(src, 1, "s3:GetObject", "*");
        both.not_action = Some(src.one("s3:PutObject"));
        both.not_resource = Some(src.one("arn:aws:s3:::x"));
        let mut no_effect = allow(src, 2, "s3:GetObject", "*");
        no_effect.effect = None;
        vec![lower, both, no_effect]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(
        messages(&findings),
        [
            "Effect allow is neither Allow nor Deny",
            "statement has both Action and NotAction",
            "statement has both Resource and NotResource",
            "statement has no Effect",
        ]
    );
    assert_eq!(findings[0].span.slice(&src.text), "\"allow\"");
    assert_eq!(findings[1].labels[0].message, "Action");
    assert_eq!(findings[3].span.slice(&src.text), "\"Field\":", "the Action key anchors it");
}

#[test]
fn required_fields_by_kind() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let mut no_resource = allow(src, 0, "s3:GetObject", "*");
        no_resource.resource = None;
        let mut no_action = allow(src, 1, "s3:GetObject", "*");
        no_action.action = None;
        let mut principal = allow(src, 2, "s3:GetObject", "*");
        principal.principal = Some(any_principal(src));
        vec![no_resource, no_action, principal]
    });
    assert_eq!(
        messages(&run(&InvalidPolicy, &model, &src)),
        [
            "statement of an identity policy has no Resource",
            "statement has no Action",
            "identity policy has a Principal",
        ]
    );

    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Resource, |src| {
        let mut no_resource = allow(src, 0, "s3:GetObject", "*");
        no_resource.resource = None;
        vec![no_resource]
    });
    assert_eq!(
        messages(&run(&InvalidPolicy, &model, &src)),
        ["statement of a resource or trust policy has no Principal"],
        "a resource policy needs no Resource check here, but a Principal"
    );
}

#[test]
fn malformed_resources() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let (a, r) = (
            src.one("s3:GetObject"),
            src.list(&["arn:aws:s3:::ok/*", "orders-bucket", "arn:aws:s3:orders"]),
        );
        let mut stmt = statement(src, 0, "Allow", a, r);
        let reference = Value {
            span: src.raw("!Ref Bucket"),
            kind: crate::model::ValueKind::Reference {
                function: "Ref".into(),
                target: "Bucket".into(),
            },
        };
        stmt.resource.as_mut().unwrap().items.push(reference);
        vec![stmt]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0].message, "Resource orders-bucket is neither `*` nor an ARN");
    assert_eq!(findings[0].path, "Statement[0].Resource[1]");
    assert_eq!(findings[1].span.slice(&src.text), "\"arn:aws:s3:orders\"");
}

#[test]
fn unknown_operators_once_per_key() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let mut stmt = allow(src, 0, "s3:GetObject", "*");
        let good = src.str("ForAnyValue:StringLikeIfExists");
        let bad = src.str("StringEqualsIfExist");
        let clause = |operator: &Value, src: &mut Source, key: &str| ConditionClause {
            operator: operator.clone(),
            key: src.str(key),
            values: src.one("x"),
        };
        let clauses = vec![
            clause(&good, src, "aws:TagKeys"),
            clause(&bad, src, "aws:SourceVpc"),
            clause(&bad, src, "aws:SourceVpce"),
        ];
        stmt.condition = Some(Condition { span: good.span.cover(bad.span), clauses });
        vec![stmt]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(
        messages(&findings),
        ["condition operator StringEqualsIfExist is not one IAM knows"]
    );
    assert_eq!(findings[0].span.slice(&src.text), "\"StringEqualsIfExist\"");
}

#[test]
fn duplicate_sids_but_not_across_branches() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let mut a = allow(src, 0, "s3:GetObject", "*");
        a.sid = Some(src.str("Read"));
        let mut b = allow(src, 1, "s3:PutObject", "*");
        b.sid = Some(src.str("Read"));
        // The other branch of statement 1's `Fn::If`.
        let mut c = allow(src, 1, "s3:DeleteObject", "*");
        c.sid = Some(src.str("Write"));
        let mut d = allow(src, 1, "s3:DeleteObject", "*");
        d.sid = Some(src.str("Write"));
        vec![a, b, c, d]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(messages(&findings), ["Sid Read is used by another statement of the policy"]);
    assert_eq!(findings[0].labels[0].message, "first used here");
    assert!(findings[0].span.start > findings[0].labels[0].span.start);
}

#[test]
fn an_empty_statement_is_one_finding() {
    let mut src = Source::new();
    let model = written(&mut src, Some("2012-10-17"), PolicyKind::Identity, |src| {
        let mut stmt = allow(src, 0, "s3:GetObject", "*");
        stmt.effect = None;
        stmt.action = None;
        stmt.resource = None;
        stmt.span = src.raw("\"not a statement\"");
        vec![stmt]
    });
    let findings = run(&InvalidPolicy, &model, &src);
    assert_eq!(messages(&findings), ["statement is empty or not an object"]);
    assert_eq!(findings[0].span.slice(&src.text), "\"not a statement\"");
}

#[test]
fn policy_variables_are_found_in_any_case_and_only_as_variables() {
    assert!(super::has_policy_variable("arn:aws:s3:::home/${aws:username}/*"));
    assert!(super::has_policy_variable("arn:aws:s3:::home/${AWS:userid}"));
    assert!(super::has_policy_variable("$$${aws:PrincipalTag/team}"));
    assert!(!super::has_policy_variable("arn:aws:s3:::price-$5/${s3:prefix}"));
    assert!(!super::has_policy_variable("arn:aws:s3:::${aws"));
    assert!(!super::has_policy_variable("${é}"));
}
