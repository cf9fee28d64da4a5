use super::*;
use crate::model::iam::PolicyKind;
use crate::rules::testing::{Source, policy, run, statement};

fn allow(src: &mut Source, index: usize, actions: &[&str], resources: &[&str]) -> Statement {
    let (a, r) = (src.list(actions), src.list(resources));
    statement(src, index, "Allow", a, r)
}

fn check(src: &Source, statements: Vec<Statement>) -> Vec<Finding> {
    run(&PrivilegeEscalation, &policy(PolicyKind::Identity, statements), src)
}

#[test]
fn a_combination_split_across_statements_counts() {
    let mut src = Source::new();
    let pass = allow(&mut src, 0, &["iam:PassRole"], &["*"]);
    let create = allow(&mut src, 1, &["lambda:CreateFunction", "lambda:InvokeFunction"], &["*"]);
    let findings = check(&src, vec![pass, create]);

    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(
        f.message,
        "policy allows privilege escalation through iam:PassRole with lambda:CreateFunction and \
         lambda:InvokeFunction"
    );
    assert_eq!(f.span.slice(&src.text), "\"iam:PassRole\"");
    assert_eq!(f.label.as_deref(), Some("grants iam:PassRole on every role"));
    assert_eq!(f.path, "Statement[0].Action[0]");
    assert_eq!(f.labels.len(), 2);
    assert_eq!(f.labels[0].span.slice(&src.text), "\"lambda:CreateFunction\"");
    assert_eq!(f.labels[1].message, "with lambda:InvokeFunction");
    assert_eq!(f.value_key, "pass-role-lambda-invoke");
}

#[test]
fn pass_role_on_named_roles_is_not_on_every_role() {
    let mut src = Source::new();
    let pass = allow(
        &mut src,
        0,
        &["iam:PassRole"],
        &["arn:aws:iam::123456789012:role/worker", "arn:aws:iam::123456789012:role/app-*"],
    );
    let run_code = allow(&mut src, 1, &["ec2:RunInstances", "lambda:CreateFunction"], &["*"]);
    assert!(check(&src, vec![pass, run_code]).is_empty());

    let mut src = Source::new();
    let pass = allow(
        &mut src,
        0,
        &["iam:PassRole"],
        &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
    );
    let ec2 = allow(&mut src, 1, &["ec2:RunInstances"], &["*"]);
    assert_eq!(check(&src, vec![pass, ec2]).len(), 1, "role/* is every role");
}

#[test]
fn one_wildcard_token_gives_one_finding_for_all_its_methods() {
    let mut src = Source::new();
    let put = allow(&mut src, 0, &["iam:Put*"], &["*"]);
    let findings = check(&src, vec![put]);

    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].message,
        "policy allows privilege escalation in 3 ways, first through iam:PutUserPolicy"
    );
    assert_eq!(findings[0].label.as_deref(), Some("grants iam:Put*"));
    assert_eq!(findings[0].notes.len(), 4, "one per method, and the reference");
    assert!(findings[0].notes[2].starts_with("iam:PutRolePolicy lets the principal write"));
}

#[test]
fn the_narrowest_token_is_labelled() {
    let mut src = Source::new();
    let stmt = allow(
        &mut src,
        0,
        &["iam:*", "IAM:attachrolepolicy"],
        &["arn:aws:iam::123456789012:role/app"],
    );
    let findings = check(&src, vec![stmt]);
    let attach = findings.iter().find(|f| f.value_key == "attach-role-policy").unwrap();
    assert_eq!(attach.span.slice(&src.text), "\"IAM:attachrolepolicy\"");
    let others = findings.iter().find(|f| f.value_key != "attach-role-policy").unwrap();
    assert_eq!(others.span.slice(&src.text), "\"iam:*\"");
    assert_eq!(findings.len(), 2);
}

#[test]
fn access_keys_for_oneself_are_self_service() {
    let mut src = Source::new();
    let own = allow(
        &mut src,
        0,
        &["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
        &["arn:aws:iam::123456789012:user/${aws:username}"],
    );
    assert!(check(&src, vec![own]).is_empty());

    let mut src = Source::new();
    let anyone =
        allow(&mut src, 0, &["iam:CreateAccessKey"], &["arn:aws:iam::123456789012:user/*"]);
    assert_eq!(check(&src, vec![anyone]).len(), 1);
}

#[test]
fn full_admin_is_left_to_iam003_and_denies_take_actions_away() {
    let mut src = Source::new();
    let admin = allow(&mut src, 0, &["*"], &["*"]);
    let mut with_mfa = allow(&mut src, 1, &["*", "iam:PassRole"], &["*"]);
    with_mfa.condition = Some(crate::rules::testing::condition(&mut src));
    assert!(check(&src, vec![admin, with_mfa]).is_empty());

    let mut src = Source::new();
    let iam = allow(&mut src, 0, &["iam:*", "sts:AssumeRole"], &["*"]);
    let deny = {
        let (a, r) = (src.list(&["iam:*", "sts:*"]), src.one("*"));
        statement(&mut src, 1, "Deny", a, r)
    };
    assert!(check(&src, vec![iam, deny]).is_empty());
}

#[test]
fn not_action_leaves_escalation_in() {
    let mut src = Source::new();
    let mut stmt = allow(&mut src, 0, &["s3:*", "ec2:*"], &["*"]);
    stmt.not_action = stmt.action.take();
    let findings = check(&src, vec![stmt]);

    assert_eq!(findings.len(), 1, "every method shares the NotAction key");
    assert_eq!(findings[0].span.slice(&src.text), "\"Field\":");
    assert_eq!(findings[0].path, "Statement[0].NotAction");
    assert_eq!(findings[0].label.as_deref(), Some("NotAction leaves iam:CreatePolicyVersion in"));
}

#[test]
fn resources_of_another_service_grant_nothing() {
    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["*"], &["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]);
    assert!(check(&src, vec![stmt]).is_empty());

    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["iam:PutRolePolicy"], &["arn:aws:iam::123456789012:role/x"]);
    assert_eq!(check(&src, vec![stmt]).len(), 1, "one role is enough to put a policy into");
}

#[test]
fn case_insensitive_patterns_and_assume_role() {
    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["STS:assumerole"], &["arn:aws:iam::*:role/*"]);
    let findings = check(&src, vec![stmt]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].message, "policy allows privilege escalation through sts:AssumeRole");

    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["sts:AssumeRole"], &["arn:aws:iam::123456789012:role/deploy"]);
    assert!(check(&src, vec![stmt]).is_empty());
}

#[test]
fn template_references_count_for_their_own_service_only() {
    use crate::model::Resource as TemplateResource;
    use crate::syntax::Span;

    let reference = |src: &mut Source, target: &str| Value {
        span: src.raw(target),
        kind: ValueKind::Reference { function: "Fn::GetAtt".into(), target: target.into() },
    };
    let mut src = Source::new();
    let mut stmt = allow(&mut src, 0, &["s3:*", "ec2:*"], &[]);
    stmt.not_action = stmt.action.take();
    let bucket = reference(&mut src, "Bucket.Arn");
    stmt.resource.as_mut().unwrap().items.push(bucket);
    let mut model = policy(PolicyKind::Identity, vec![stmt]);
    let resource = |id: &str, kind: &str| TemplateResource {
        logical_id: id.into(),
        kind: kind.into(),
        span: Span::default(),
    };
    model.resources = vec![resource("Bucket", "AWS::S3::Bucket")];
    assert!(run(&PrivilegeEscalation, &model, &src).is_empty(), "a bucket is no IAM resource");

    model.resources = vec![resource("Bucket", "AWS::IAM::ManagedPolicy")];
    let findings = run(&PrivilegeEscalation, &model, &src);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].message.contains("iam:CreatePolicyVersion"), "{}", findings[0].message);
}

#[test]
fn pass_role_alone_is_medium() {
    let mut src = Source::new();
    let pass = allow(&mut src, 0, &["iam:PassRole"], &["*"]);
    let findings = check(&src, vec![pass]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Medium);
    assert_eq!(findings[0].message, "policy allows privilege escalation through iam:PassRole");
    assert_eq!(findings[0].value_key, "pass-any-role");
}

#[test]
fn function_code_counts_on_every_function_only() {
    let named = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
    for (resource, found) in [
        (named, false),
        ("arn:aws:lambda:eu-west-1:123456789012:function:app-*", false),
        ("arn:aws:lambda:*:123456789012:function:*", true),
        ("arn:aws:lambda:*:123456789012:function:*:*", true),
        ("*", true),
    ] {
        let mut src = Source::new();
        let stmt = allow(&mut src, 0, &["lambda:UpdateFunctionCode"], &[resource]);
        assert_eq!(check(&src, vec![stmt]).len(), usize::from(found), "{resource}");
    }

    // With PassRole on every role, one function is enough: give it any role, then new code.
    let mut src = Source::new();
    let pass = allow(&mut src, 0, &["iam:PassRole"], &["arn:aws:iam::123456789012:role/*"]);
    let update = allow(
        &mut src,
        1,
        &["lambda:UpdateFunctionConfiguration", "lambda:UpdateFunctionCode"],
        &[named],
    );
    let findings = check(&src, vec![pass, update]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].value_key, "pass-role-lambda-update");
}

#[test]
fn a_role_path_is_not_every_role() {
    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["sts:AssumeRole"], &["arn:aws:iam::123456789012:role/ci/*"]);
    assert!(check(&src, vec![stmt]).is_empty());
    let mut src = Source::new();
    let stmt = allow(&mut src, 0, &["sts:AssumeRole"], &["arn:aws:iam::123456789012:role*"]);
    assert_eq!(check(&src, vec![stmt]).len(), 1);
}

#[test]
fn statements_of_other_services_are_weeded_out_but_patterns_over_services_are_not() {
    let mut src = Source::new();
    let data = allow(&mut src, 0, &["s3:GetObject", "dynamodb:Query"], &["*"]);
    let service_pattern = allow(&mut src, 1, &["I?M:Pass*"], &["*"]);
    let every_service = allow(&mut src, 2, &["*:PassRole"], &["*"]);
    assert!(!may_grant_a_method(&data));
    assert!(may_grant_a_method(&service_pattern) && may_grant_a_method(&every_service));
    assert!(method_services().contains(&"iam") && method_services().contains(&"lambda"));

    // Weeding does not change what a policy with an escalation reports.
    let pass = allow(&mut src, 3, &["iam:PassRole", "lambda:CreateFunction"], &["*"]);
    let findings = check(&src, vec![data, pass]);
    assert_eq!(findings.len(), 1, "{findings:?}");
}
