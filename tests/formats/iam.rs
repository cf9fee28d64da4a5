//! IAM CLI outputs and requests.

use tighten::model::iam::{Policy, PolicyKind};
use tighten::syntax::LoadErrorKind;

use crate::{embedded, extract_text, load, load_inline, string_value, texts};

fn names(policies: &[Policy]) -> Vec<&str> {
    policies.iter().filter_map(|p| p.name.as_ref()?.as_literal()).collect()
}

fn paths(policies: &[Policy]) -> Vec<&str> {
    policies.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn get_policy_version_document_is_an_identity_policy() {
    let f = load("iam/get-policy-version.json", "iam-get-policy-version");
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!(
        (policy.path.as_str(), policy.kind),
        ("PolicyVersion.Document", PolicyKind::Identity)
    );
    assert_eq!(policy.statements[0].path, "PolicyVersion.Document.Statement[0]");

    let actions = policy.statements[0].action.as_ref().unwrap();
    assert_eq!(
        texts(Some(actions)),
        ["iam:PassRole", "lambda:CreateFunction", "lambda:UpdateFunctionCode"]
    );
    assert_eq!(f.lit(&actions.items[0], "iam:PassRole"), "9:25 \"iam:PassRole\"");
}

#[test]
fn url_encoded_documents_are_decoded() {
    let f = load("iam/get-policy-version-url-encoded.json", "iam-get-policy-version");
    assert!(f.extracted.errors.is_empty());
    let policy = &f.extracted.model.policies[0];
    assert_eq!(f.opt(policy.version.as_ref(), "2012-10-17"), "3:41 %222012-10-17%22");

    // Spans go through the percent escapes onto the characters that encode the token.
    let statement = &policy.statements[0];
    let resource = &statement.resource.as_ref().unwrap().items[0];
    assert_eq!(f.at(resource.span), "3:162 %22%2A%22");
    assert!(string_value(&f, "Document").contains(resource.span));
    assert_eq!(texts(statement.action.as_ref()), ["s3:*"]);
    assert_eq!(resource.as_literal(), Some("*"));
}

#[test]
fn get_role_trust_policy_is_named_after_the_role() {
    let f = load("iam/get-role.json", "iam-get-role");
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!(
        (policy.path.as_str(), policy.kind),
        ("Role.AssumeRolePolicyDocument", PolicyKind::Trust)
    );
    assert_eq!(
        f.opt(policy.name.as_ref(), "orders-api-role-x1y2z3w4"),
        "4:21 \"orders-api-role-x1y2z3w4\""
    );

    let ops = &policy.statements[1];
    assert_eq!(ops.path, "Role.AssumeRolePolicyDocument.Statement[1]");
    let account = &ops.principal.as_ref().unwrap().entries[0].values.items[0];
    let root = "arn:aws:iam::210987654321:root";
    assert_eq!(f.lit(account, root), format!("22:32 \"{root}\""));
    let tag = &ops.action.as_ref().unwrap().items[1];
    assert_eq!(f.lit(tag, "sts:TagSession"), "26:25 \"sts:TagSession\"");
}

#[test]
fn list_roles_gives_one_trust_policy_per_role() {
    let f = load("iam/list-roles.json", "iam-list-roles");
    let policies = &f.extracted.model.policies;
    assert_eq!(
        paths(policies),
        ["Roles[0].AssumeRolePolicyDocument", "Roles[1].AssumeRolePolicyDocument"]
    );
    assert_eq!(names(policies), ["deploy-from-github", "orders-api-role-x1y2z3w4"]);
    assert!(policies.iter().all(|p| p.kind == PolicyKind::Trust));
}

#[test]
fn inline_policy_outputs_name_the_policy() {
    let f = load("iam/get-role-policy.json", "iam-role-policy");
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!((policy.path.as_str(), policy.kind), ("PolicyDocument", PolicyKind::Identity));
    assert_eq!(f.opt(policy.name.as_ref(), "orders-api-inline"), "3:19 \"orders-api-inline\"");
    let queue = "arn:aws:sqs:us-east-1:123456789012:orders-events";
    let resource = &policy.statements[0].resource.as_ref().unwrap().items[0];
    assert_eq!(f.lit(resource, queue), format!("10:29 \"{queue}\""));

    let user = load("iam/get-user-policy.json", "iam-user-policy");
    assert_eq!(names(&user.extracted.model.policies), ["deploy-artifacts"]);
    let group = load("iam/get-group-policy.json", "iam-group-policy");
    assert_eq!(names(&group.extracted.model.policies), ["read-only-logs"]);
    let actions = group.extracted.model.policies[0].statements[0].action.as_ref();
    assert_eq!(texts(actions), ["logs:Get*"]);
}

#[test]
fn create_role_request_parses_its_trust_policy_string() {
    let f = load("iam/create-role.json", "iam-create-role");
    let string = string_value(&f, "AssumeRolePolicyDocument");
    assert_eq!(f.at(string).get(..5), Some("4:33 "));

    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!(
        (policy.path.as_str(), policy.kind),
        ("AssumeRolePolicyDocument", PolicyKind::Trust)
    );
    assert_eq!(f.opt(policy.name.as_ref(), "deploy-from-github"), "3:17 \"deploy-from-github\"");
    assert!(string.contains(policy.span));

    let statement = &policy.statements[0];
    assert_eq!(statement.path, "AssumeRolePolicyDocument.Statement[0]");
    let action = &statement.action.as_ref().unwrap().items[0];
    embedded(&f, action, "sts:AssumeRoleWithWebIdentity", string);
    let sub = &statement.condition.as_ref().unwrap().clauses[0].values.items[0];
    embedded(&f, sub, "repo:example-org/*", string);
}

#[test]
fn a_document_string_that_does_not_parse_is_an_error_not_a_skip() {
    let f = load("iam/create-role-invalid-document.json", "iam-create-role");
    assert!(f.extracted.model.policies.is_empty());
    let [error] = f.extracted.errors.as_slice() else { panic!("one error") };
    assert_eq!(error.kind, LoadErrorKind::Embedded);
    assert!(error.message.starts_with("embedded policy document "), "{}", error.message);
    assert!(string_value(&f, "AssumeRolePolicyDocument").contains(error.span));
}

#[test]
fn put_and_create_policy_requests_parse_their_documents() {
    let f = load("iam/put-role-policy.json", "iam-role-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(
        (policy.kind, names(&f.extracted.model.policies)),
        (PolicyKind::Identity, vec!["orders-api-secrets"])
    );
    let string = string_value(&f, "PolicyDocument");
    embedded(
        &f,
        &policy.statements[0].action.as_ref().unwrap().items[0],
        "secretsmanager:GetSecretValue",
        string,
    );

    let f = load("iam/create-policy.json", "iam-create-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(f.opt(policy.name.as_ref(), "lambda-deployer"), "2:19 \"lambda-deployer\"");
    let sids: Vec<_> =
        policy.statements.iter().filter_map(|s| s.sid.as_ref()?.as_literal()).collect();
    assert_eq!(sids, ["PassExecutionRoles", "ManageFunctions"]);
    embedded(
        &f,
        policy.statements[1].sid.as_ref().unwrap(),
        "ManageFunctions",
        string_value(&f, "PolicyDocument"),
    );
}

#[test]
fn create_policy_version_request_is_named_by_its_arn() {
    let f = load("iam/create-policy-version.json", "iam-create-policy-version");
    let policy = &f.extracted.model.policies[0];
    let arn = "arn:aws:iam::123456789012:policy/deploy/lambda-deployer";
    assert_eq!(f.opt(policy.name.as_ref(), arn), format!("2:18 \"{arn}\""));

    // The document was pretty-printed before being stored as a string: escapes everywhere.
    let not_action = &policy.statements[0].not_action.as_ref().unwrap().items[0];
    embedded(&f, not_action, "iam:*", string_value(&f, "PolicyDocument"));
}

#[test]
fn account_authorization_details_gives_every_policy_in_effect() {
    let f =
        load("iam/get-account-authorization-details.json", "iam-get-account-authorization-details");
    let policies = &f.extracted.model.policies;
    assert_eq!(
        paths(policies),
        [
            "UserDetailList[0].UserPolicyList[0].PolicyDocument",
            "RoleDetailList[0].AssumeRolePolicyDocument",
            "RoleDetailList[0].RolePolicyList[0].PolicyDocument",
            "Policies[0].PolicyVersionList[0].Document",
        ]
    );
    assert_eq!(
        names(policies),
        ["deploy-artifacts", "orders-api-role-x1y2z3w4", "orders-api-inline", "lambda-deployer"]
    );
    let kinds: Vec<_> = policies.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [PolicyKind::Identity, PolicyKind::Trust, PolicyKind::Identity, PolicyKind::Identity]
    );

    // The non-default version v1 allows `*` and is left out.
    let managed = &policies[3].statements[0];
    assert_eq!(managed.path, "Policies[0].PolicyVersionList[0].Document.Statement[0]");
    let action = &managed.action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "lambda:UpdateFunctionCode"), "114:43 \"lambda:UpdateFunctionCode\"");
}

#[test]
fn account_authorization_details_gives_every_attached_managed_policy() {
    let f =
        load("iam/get-account-authorization-details.json", "iam-get-account-authorization-details");
    let attached = &f.extracted.model.attached_policies;
    let arns: Vec<_> = attached.iter().filter_map(|a| a.arn.as_literal()).collect();
    assert_eq!(
        arns,
        [
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::123456789012:policy/deploy/lambda-deployer",
        ]
    );
    let holders: Vec<_> = attached.iter().filter_map(|a| a.holder.as_ref()?.as_literal()).collect();
    assert_eq!(holders, ["developers", "orders-api-role-x1y2z3w4"]);
    assert_eq!(attached[0].path, "GroupDetailList[0].AttachedManagedPolicies[0].PolicyArn");
    assert_eq!(
        f.lit(&attached[0].arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        "42:34 \"arn:aws:iam::aws:policy/ReadOnlyAccess\""
    );
}

#[test]
fn unused_aws_managed_policies_of_an_account_are_left_out() {
    let policy = |name: &str, arn: &str, count: u32| {
        format!(
            r#"{{"PolicyName": "{name}", "Arn": "{arn}", "AttachmentCount": {count},
  "PermissionsBoundaryUsageCount": 0, "PolicyVersionList": [{{"VersionId": "v1",
  "IsDefaultVersion": true, "Document": {{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}]}}"#
        )
    };
    let text = format!(
        r#"{{"Policies": [{}, {}, {}]}}"#,
        policy("AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", 0),
        policy("PowerUserAccess", "arn:aws:iam::aws:policy/PowerUserAccess", 2),
        policy("own", "arn:aws:iam::123456789012:policy/own", 0),
    );
    let f = load_inline(&text, "iam-get-account-authorization-details");
    assert_eq!(names(&f.extracted.model.policies), ["PowerUserAccess", "own"]);
}

#[test]
fn attach_requests_and_attached_lists_give_their_arns() {
    let request = load_inline(
        r#"{"RoleName": "app", "PolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}"#,
        "iam-attach-role-policy",
    );
    let [attached] = request.extracted.model.attached_policies.as_slice() else {
        panic!("one attachment")
    };
    assert_eq!(attached.holder.as_ref().and_then(|h| h.as_literal()), Some("app"));
    assert_eq!(attached.path, "PolicyArn");

    let listed = load_inline(
        r#"{"AttachedPolicies": [
  {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
  {"PolicyName": "app", "PolicyArn": "arn:aws:iam::123456789012:policy/app"}
], "IsTruncated": false}"#,
        "iam-list-attached-policies",
    );
    let paths: Vec<_> =
        listed.extracted.model.attached_policies.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["AttachedPolicies[0].PolicyArn", "AttachedPolicies[1].PolicyArn"]);
}

#[test]
fn one_broken_document_does_not_stop_the_others() {
    let f = load_inline(
        r#"{"Roles": [
  {"RoleName": "a", "Arn": "arn:aws:iam::123456789012:role/a",
   "AssumeRolePolicyDocument": "%7B%22Version"},
  {"RoleName": "b", "Arn": "arn:aws:iam::123456789012:role/b",
   "AssumeRolePolicyDocument": "{\"Statement\": []}"}
]}"#,
        "iam-list-roles",
    );
    assert_eq!(names(&f.extracted.model.policies), ["b"]);
    assert_eq!(f.extracted.model.policies[0].path, "Roles[1].AssumeRolePolicyDocument");
    let [error] = f.extracted.errors.as_slice() else { panic!("one error") };
    // The error points inside the string, where the document breaks off.
    assert_eq!(f.at(error.span), "3:36 %22Version");
}

#[test]
fn a_document_string_holding_no_object_is_an_error() {
    let text = r#"{"PolicyName": "p", "PolicyDocument": "[\"s3:*\"]"}"#;
    let extracted = extract_text(text).unwrap().unwrap();
    assert_eq!(extracted.format, "iam-create-policy");
    assert!(extracted.model.policies.is_empty());
    assert_eq!(extracted.errors[0].message, "embedded policy document is not a JSON object");
    assert_eq!(extracted.errors[0].span.slice(text), r#""[\"s3:*\"]""#);
}

#[test]
fn yaml_request_with_the_document_in_a_literal_block() {
    let f = load("iam/put-role-policy.yaml", "iam-role-policy");
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!(f.opt(policy.name.as_ref(), "orders-api-secrets"), "2:13 orders-api-secrets");
    assert_eq!(policy.statements[0].path, "PolicyDocument.Statement[0]");

    // Exactly on the token once block scalars are mapped, the whole block until then.
    let action = &policy.statements[0].action.as_ref().unwrap().items[0];
    let at = f.lit(action, "secretsmanager:GetSecretValue");
    assert!(at == "9:19 \"secretsmanager:GetSecretValue\"" || at.starts_with("3:17 |"), "{at}");
}
