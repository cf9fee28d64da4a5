use super::*;
use crate::rules::Settings;
use crate::syntax::{self, Limits, Syntax};

/// The run facts of a YAML or JSON text, functions included.
fn facts(text: &str, syntax: Syntax) -> RunFacts {
    let limits = Limits::default();
    let document = syntax::parse(text, syntax, &limits).unwrap();
    let extracted = crate::formats::extract(&document, text, &limits).unwrap();
    let settings = Settings::default();
    let cx = Context::new(&extracted.model, text, &settings);
    run_facts(&cx, true)
}

#[test]
fn a_role_policy_output_names_its_role_and_where_each_privilege_is() {
    let text = r#"{
  "RoleName": "jobs",
  "PolicyName": "jobs",
  "PolicyDocument": {
    "Statement": [
      {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
      {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}
    ]
  }
}"#;
    let facts = facts(text, Syntax::Json);
    assert!(facts.functions.is_empty());
    let [role] = facts.roles.as_slice() else { panic!("{facts:?}") };
    assert_eq!(role.name, "jobs");
    let at = LineCol { line: 7, column: 37 };
    assert_eq!(
        role.privileges,
        [(at, "every kms action on every resource".into(), Severity::High)]
    );
}

#[test]
fn authorization_details_give_roles_their_attached_admin_policies_only() {
    let text = r#"{
  "RoleDetailList": [
    {
      "RoleName": "ops",
      "Arn": "arn:aws:iam::123456789012:role/ops",
      "RolePolicyList": [],
      "AttachedManagedPolicies": [
        {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
      ]
    }
  ],
  "UserDetailList": [
    {
      "UserName": "ops",
      "Arn": "arn:aws:iam::123456789012:user/ops",
      "AttachedManagedPolicies": [
        {"PolicyName": "IAMFullAccess", "PolicyArn": "arn:aws:iam::aws:policy/IAMFullAccess"}
      ]
    }
  ]
}"#;
    let facts = facts(text, Syntax::Json);
    let [role] = facts.roles.as_slice() else { panic!("{facts:?}") };
    assert_eq!(role.name, "ops");
    assert_eq!(role.privileges.len(), 1, "the user's policy is not the role's");
    assert_eq!(role.privileges[0].2, Severity::Critical);
}

#[test]
fn functions_whose_role_is_elsewhere_are_pending_with_their_ways_in() {
    let text = r"
Resources:
  LocalRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: local
      ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
  Local:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt LocalRole.Arn
  Remote:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: remote-fn
      Role: arn:aws:iam::123456789012:role/team/remote
  RemoteUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Remote.Arn
      AuthType: NONE
";
    let facts = facts(text, Syntax::Yaml);
    assert_eq!(facts.roles.len(), 1);
    assert_eq!(facts.roles[0].name, "local");

    let [pending] = facts.functions.as_slice() else { panic!("{facts:?}") };
    assert_eq!(pending.role, "remote");
    assert_eq!(pending.subject, "function Remote");
    assert_eq!(pending.path, "Resources.Remote.Properties.Role");
    assert_eq!(pending.span.slice(text), "arn:aws:iam::123456789012:role/team/remote");
    let ways: Vec<(&str, &str)> =
        pending.exposures.iter().map(|l| (l.span.slice(text), l.message.as_str())).collect();
    assert_eq!(ways, [("NONE", "function URL without authentication")]);
}

#[test]
fn summary_leads_with_the_most_severe_grant() {
    let grant = |what: &str, severity| Grant {
        what: what.to_owned(),
        severity,
        place: Place::Here(Span::default()),
    };
    let mut grants = vec![
        grant("every s3 action on every resource", Severity::High),
        grant("every action on every resource", Severity::Critical),
        grant("privilege escalation through iam:PassRole", Severity::Medium),
    ];
    let (what, severity) = summary(&mut grants).unwrap();
    assert_eq!(what, "every action on every resource, and 2 more privileges");
    assert_eq!(severity, Severity::Critical);
    assert!(summary(&mut []).is_none());
}

#[test]
fn a_public_url_config_is_a_way_in_to_the_function_it_names() {
    let text = r#"{
  "FunctionUrl": "https://abc.lambda-url.eu-west-1.on.aws/",
  "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders:live",
  "AuthType": "NONE"
}"#;
    let found = facts(text, Syntax::Json);
    let way = WayIn {
        function: "orders".to_owned(),
        at: LineCol { line: 4, column: 15 },
        what: "function URL without authentication",
    };
    assert_eq!(found.ways_in, [way]);

    let signed = text.replace("NONE", "AWS_IAM");
    assert!(facts(&signed, Syntax::Json).is_empty());
}

#[test]
fn a_customer_policy_of_the_same_authorization_details_counts_for_its_roles() {
    let text = r#"{
  "RoleDetailList": [
    {
      "RoleName": "jobs",
      "Arn": "arn:aws:iam::123456789012:role/jobs",
      "AttachedManagedPolicies": [
        {"PolicyName": "jobs-access", "PolicyArn": "arn:aws:iam::123456789012:policy/app/jobs-access"}
      ]
    }
  ],
  "Policies": [
    {
      "PolicyName": "jobs-access",
      "Arn": "arn:aws:iam::123456789012:policy/app/jobs-access",
      "PolicyVersionList": [
        {"VersionId": "v2", "IsDefaultVersion": true, "Document": {
          "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}},
        {"VersionId": "v1", "IsDefaultVersion": false, "Document": {
          "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
      ]
    },
    {
      "PolicyName": "unattached",
      "Arn": "arn:aws:iam::123456789012:policy/unattached",
      "PolicyVersionList": [
        {"VersionId": "v1", "IsDefaultVersion": true, "Document": {
          "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
      ]
    }
  ]
}"#;
    let found = facts(text, Syntax::Json);
    let [role] = found.roles.as_slice() else { panic!("{found:?}") };
    assert_eq!(role.name, "jobs");
    let what: Vec<&str> = role.privileges.iter().map(|(_, what, _)| what.as_str()).collect();
    assert_eq!(what[0], "every iam action on every resource", "the default version only");
    assert!(what.iter().all(|w| !w.starts_with("every action")), "{what:?}");
}
