//! Bare policy documents, JSON and YAML.

use tighten::model::iam::PolicyKind;

use crate::{load, texts};

#[test]
fn identity_policy_statements_carry_paths_and_token_spans() {
    let f = load("policy/identity.json", "iam-policy");
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!((policy.path.as_str(), policy.kind), ("", PolicyKind::Identity));
    assert_eq!(f.opt(policy.version.as_ref(), "2012-10-17"), "2:16 \"2012-10-17\"");
    assert!(policy.name.is_none());

    let paths: Vec<_> = policy.statements.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["Statement[0]", "Statement[1]", "Statement[2]"]);

    let logs = &policy.statements[0];
    assert_eq!(f.opt(logs.sid.as_ref(), "WriteLogs"), "5:20 \"WriteLogs\"");
    assert!(logs.is_allow() && !logs.has_condition());
    let actions = logs.action.as_ref().unwrap();
    assert_eq!(texts(Some(actions)), ["logs:CreateLogStream", "logs:PutLogEvents"]);
    assert_eq!(f.lit(&actions.items[1], "logs:PutLogEvents"), "9:17 \"logs:PutLogEvents\"");
    assert_eq!(f.at(actions.key_span), "7:13 \"Action\"");

    let table = &policy.statements[1];
    let action = &table.action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "dynamodb:*"), "16:23 \"dynamodb:*\"");
    assert_eq!(f.lit(&table.resource.as_ref().unwrap().items[0], "*"), "17:25 \"*\"");
}

#[test]
fn condition_clauses_pair_operator_key_and_values() {
    let f = load("policy/identity.json", "iam-policy");
    let statement = &f.extracted.model.policies[0].statements[2];
    let condition = statement.condition.as_ref().unwrap();
    assert!(statement.has_condition());
    assert_eq!(f.at(condition.span).lines().next(), Some("24:26 {"));

    let [via, transport] = condition.clauses.as_slice() else { panic!("two clauses") };
    assert_eq!(f.lit(&via.operator, "StringEquals"), "25:17 \"StringEquals\"");
    assert_eq!(f.lit(&via.key, "kms:ViaService"), "26:21 \"kms:ViaService\"");
    assert_eq!(f.at(via.values.key_span), "26:21 \"kms:ViaService\"");
    let service = "secretsmanager.us-east-1.amazonaws.com";
    assert_eq!(f.lit(&via.values.items[1], service), format!("28:25 \"{service}\""));

    assert_eq!(f.lit(&transport.operator, "Bool"), "31:17 \"Bool\"");
    assert_eq!(f.lit(&transport.values.items[0], "true"), "32:44 \"true\"");
}

#[test]
fn a_principal_makes_a_resource_policy() {
    let f = load("policy/resource.json", "iam-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.kind, PolicyKind::Resource);

    let public = policy.statements[0].principal.as_ref().unwrap();
    assert_eq!(public.any.map(|span| f.at(span)).as_deref(), Some("8:26 \"*\""));
    assert_eq!(f.at(public.key_span), "8:13 \"Principal\"");
    assert!(public.entries.is_empty());

    let accounts = policy.statements[1].principal.as_ref().unwrap();
    assert!(accounts.any.is_none());
    let [aws] = accounts.entries.as_slice() else { panic!("one principal type") };
    assert_eq!(f.lit(&aws.kind, "AWS"), "16:17 \"AWS\"");
    let reporting = "arn:aws:iam::210987654321:role/reporting";
    assert_eq!(f.lit(&aws.values.items[1], reporting), format!("18:21 \"{reporting}\""));

    let deny = &policy.statements[2];
    assert!(deny.is_deny());
    assert_eq!(
        deny.principal.as_ref().and_then(|p| p.any).map(|s| f.at(s)).as_deref(),
        Some("27:26 \"*\"")
    );
    assert_eq!(
        f.lit(&deny.condition.as_ref().unwrap().clauses[0].values.items[0], "false"),
        "35:44 \"false\""
    );
}

#[test]
fn assume_role_actions_with_a_principal_make_a_trust_policy() {
    let f = load("policy/trust.json", "iam-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.kind, PolicyKind::Trust);

    let statement = &policy.statements[0];
    let action = &statement.action.as_ref().unwrap().items[0];
    assert_eq!(
        f.lit(action, "sts:AssumeRoleWithWebIdentity"),
        "9:23 \"sts:AssumeRoleWithWebIdentity\""
    );
    let federated = &statement.principal.as_ref().unwrap().entries[0];
    assert_eq!(f.lit(&federated.kind, "Federated"), "7:17 \"Federated\"");

    let clauses = &statement.condition.as_ref().unwrap().clauses;
    let operators: Vec<_> = clauses.iter().filter_map(|c| c.operator.as_literal()).collect();
    assert_eq!(operators, ["StringEquals", "StringLike"]);
    let sub = "repo:example-org/orders-api:*";
    assert_eq!(f.lit(&clauses[1].values.items[0], sub), format!("15:64 \"{sub}\""));
}

#[test]
fn a_single_statement_object_is_read_as_one_statement() {
    let f = load("policy/scp.json", "iam-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.kind, PolicyKind::Identity);

    let [statement] = policy.statements.as_slice() else { panic!("one statement") };
    assert_eq!(statement.path, "Statement");
    assert!(statement.action.is_none());
    let not_action = statement.not_action.as_ref().unwrap();
    assert_eq!(f.at(not_action.key_span), "6:9 \"NotAction\"");
    assert_eq!(texts(Some(not_action)), ["iam:*", "organizations:*", "sts:*", "support:*"]);
    assert_eq!(f.lit(&not_action.items[3], "support:*"), "10:13 \"support:*\"");

    let region = &statement.condition.as_ref().unwrap().clauses[0];
    assert_eq!(f.lit(&region.values.items[1], "eu-central-1"), "17:21 \"eu-central-1\"");
}

#[test]
fn yaml_identity_policy() {
    let f = load("policy/identity.yaml", "iam-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.kind, PolicyKind::Identity);
    assert_eq!(f.opt(policy.version.as_ref(), "2012-10-17"), "2:10 \"2012-10-17\"");

    let [read, publish] = policy.statements.as_slice() else { panic!("two statements") };
    assert_eq!((read.path.as_str(), publish.path.as_str()), ("Statement[0]", "Statement[1]"));
    assert_eq!(f.opt(read.sid.as_ref(), "ReadOrders"), "4:10 ReadOrders");
    assert_eq!(
        f.lit(&read.action.as_ref().unwrap().items[1], "dynamodb:Query"),
        "8:9 dynamodb:Query"
    );
    assert_eq!(f.lit(&publish.resource.as_ref().unwrap().items[0], "*"), "13:15 '*'");
}

#[test]
fn yaml_trust_policy() {
    let f = load("policy/trust.yaml", "iam-policy");
    let policy = &f.extracted.model.policies[0];
    assert_eq!(policy.kind, PolicyKind::Trust);

    let statement = &policy.statements[0];
    assert_eq!(texts(statement.action.as_ref()), ["sts:AssumeRole", "sts:TagSession"]);
    let service = &statement.principal.as_ref().unwrap().entries[0];
    assert_eq!(f.lit(&service.kind, "Service"), "5:7 Service");
    let edge = "edgelambda.amazonaws.com";
    assert_eq!(f.lit(&service.values.items[1], edge), format!("7:11 {edge}"));
}
