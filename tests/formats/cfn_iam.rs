//! IAM resources of CloudFormation templates: roles, policies, managed policies, users, groups
//! and the resource policies of buckets, queues, topics, keys and Lambda layers.

use tighten::model::iam::{Policy, PolicyKind};
use tighten::model::{Value, ValueKind};

use crate::{Loaded, all, extract_text, load, load_inline, texts};

const TEMPLATE: &str = "cloudformation-template";

/// The policy whose document is at `path` (the first one, for a document under `Fn::If`).
fn policy<'a>(f: &'a Loaded, path: &str) -> &'a Policy {
    let policies = &f.extracted.model.policies;
    policies.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("no policy at {path}"))
}

fn interpolated(f: &Loaded, value: &Value, text: &str) -> String {
    assert_eq!(value.kind, ValueKind::Interpolated(text.into()), "{}", f.at(value.span));
    f.at(value.span)
}

fn reference(f: &Loaded, value: &Value, function: &str, target: &str) -> String {
    let want = ValueKind::Reference { function: function.into(), target: target.into() };
    assert_eq!(value.kind, want, "{}", f.at(value.span));
    f.at(value.span)
}

fn attached(policy: &Policy) -> Vec<&str> {
    policy.attached_to.iter().map(|id| &**id).collect()
}

#[test]
fn a_role_holds_its_trust_policy_and_its_inline_policies() {
    let f = load("cloudformation/iam/identities.yaml", TEMPLATE);
    assert!(f.extracted.errors.is_empty(), "{:?}", f.extracted.errors);

    let [role] = f.extracted.model.roles.as_slice() else { panic!("one role") };
    assert_eq!(
        (&*role.logical_id, role.path.as_str()),
        ("OrdersWorkerRole", "Resources.OrdersWorkerRole")
    );
    assert_eq!(f.at(role.span).lines().next(), Some("16:5 Type: AWS::IAM::Role"));
    let name = role.name.as_ref().unwrap();
    assert_eq!(interpolated(&f, name, "orders-worker-${Stage}"), "18:22 orders-worker-${Stage}");
    let basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    assert_eq!(f.lit(&role.managed_policies[0], basic), format!("28:11 {basic}"));
    let managed = &role.managed_policies[1];
    assert_eq!(reference(&f, managed, "Ref", "OrdersReadPolicy"), "29:11 !Ref OrdersReadPolicy");
    let boundary = role.permissions_boundary.as_ref().unwrap();
    let boundary_arn = "arn:aws:iam::${AWS::AccountId}:policy/workload-boundary";
    assert_eq!(interpolated(&f, boundary, boundary_arn), format!("30:33 {boundary_arn}"));

    let held: Vec<&Policy> = f
        .extracted
        .model
        .policies
        .iter()
        .filter(|p| p.logical_id.as_deref() == Some("OrdersWorkerRole"))
        .collect();
    let paths: Vec<&str> = held.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Resources.OrdersWorkerRole.Properties.AssumeRolePolicyDocument",
            "Resources.OrdersWorkerRole.Properties.Policies[0].PolicyDocument",
            "Resources.OrdersWorkerRole.Properties.Policies[1].PolicyDocument",
        ]
    );
    let kinds: Vec<PolicyKind> = held.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PolicyKind::Trust, PolicyKind::Identity, PolicyKind::Identity]);
    assert!(held.iter().all(|p| attached(p) == ["OrdersWorkerRole"] && p.attachments.is_empty()));

    let trust = held[0];
    let service = &trust.statements[0].principal.as_ref().unwrap().entries[0];
    assert_eq!(f.lit(&service.kind, "Service"), "25:15 Service");
    assert_eq!(texts(Some(&service.values)), ["lambda.amazonaws.com"]);
}

#[test]
fn inline_documents_keep_their_tokens_in_mappings_blocks_and_conditions() {
    let f = load("cloudformation/iam/identities.yaml", TEMPLATE);
    let table = policy(&f, "Resources.OrdersWorkerRole.Properties.Policies[0].PolicyDocument");
    assert_eq!(f.opt(table.name.as_ref(), "orders-table"), "32:23 orders-table");

    // The `!Sub` resource is deploy-time text, never the literal a wildcard rule looks for.
    let [items, decrypt] = table.statements.as_slice() else { panic!("two statements") };
    let arn = "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders";
    let resource = &items.resource.as_ref().unwrap().items[0];
    assert_eq!(interpolated(&f, resource, arn), format!("40:32 {arn}"));

    // The statement under `!If` keeps the index of its list item; `AWS::NoValue` adds nothing.
    assert_eq!(
        decrypt.path,
        "Resources.OrdersWorkerRole.Properties.Policies[0].PolicyDocument.Statement[1]"
    );
    assert_eq!(
        f.lit(&decrypt.action.as_ref().unwrap().items[0], "kms:Decrypt"),
        "44:27 kms:Decrypt"
    );
    let key = &decrypt.resource.as_ref().unwrap().items[0];
    assert_eq!(reference(&f, key, "Fn::GetAtt", "OrdersKey.Arn"), "45:29 !GetAtt OrdersKey.Arn");

    // A `|` block holding JSON: spans land on the characters inside the block.
    let artifacts = policy(&f, "Resources.OrdersWorkerRole.Properties.Policies[1].PolicyDocument");
    let name = artifacts.name.as_ref().unwrap();
    let name_text = "${AWS::StackName}-artifacts";
    assert_eq!(interpolated(&f, name, name_text), format!("47:28 {name_text}"));
    let statement = &artifacts.statements[0];
    assert_eq!(f.lit(&statement.action.as_ref().unwrap().items[0], "*"), "54:29 \"*\"");
    let bucket = "arn:aws:s3:::orders-artifacts/*";
    let resource = &statement.resource.as_ref().unwrap().items[0];
    assert_eq!(f.lit(resource, bucket), format!("55:31 \"{bucket}\""));
}

#[test]
fn users_and_groups_hold_their_inline_policies() {
    let f = load("cloudformation/iam/identities.yaml", TEMPLATE);

    let logs = policy(&f, "Resources.OperatorsGroup.Properties.Policies[0].PolicyDocument");
    assert_eq!(
        (logs.kind, logs.logical_id.as_deref()),
        (PolicyKind::Identity, Some("OperatorsGroup"))
    );
    assert_eq!(attached(logs), ["OperatorsGroup"]);
    assert_eq!(f.opt(logs.name.as_ref(), "read-logs"), "77:23 read-logs");
    let statement = &logs.statements[0];
    assert_eq!(
        statement.path,
        "Resources.OperatorsGroup.Properties.Policies[0].PolicyDocument.Statement"
    );
    assert_eq!(f.lit(&statement.resource.as_ref().unwrap().items[0], "*"), "82:25 \"*\"");

    // A quoted JSON string in YAML.
    let deploy = policy(&f, "Resources.ReleaseBot.Properties.Policies[0].PolicyDocument");
    assert_eq!(
        (deploy.logical_id.as_deref(), attached(deploy)),
        (Some("ReleaseBot"), vec!["ReleaseBot"])
    );
    let action = &deploy.statements[0].action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "lambda:UpdateFunctionCode"), "92:97 \"lambda:UpdateFunctionCode\"");
}

#[test]
fn policies_are_attached_to_the_identities_they_name() {
    let f = load("cloudformation/iam/identities.yaml", TEMPLATE);

    let deploy = policy(&f, "Resources.DeployPolicy.Properties.PolicyDocument");
    assert_eq!(
        (deploy.kind, deploy.logical_id.as_deref()),
        (PolicyKind::Identity, Some("DeployPolicy"))
    );
    assert_eq!(f.opt(deploy.name.as_ref(), "orders-deploy"), "97:19 orders-deploy");
    assert_eq!(all(&deploy.attachments), ["orders-worker-prod"]);
    assert_eq!(
        reference(&f, &deploy.attachments[0], "Ref", "OrdersWorkerRole"),
        "106:11 !Ref OrdersWorkerRole"
    );
    assert_eq!(
        reference(&f, &deploy.attachments[2], "Ref", "ReleaseBot"),
        "109:11 !Ref ReleaseBot"
    );
    assert_eq!(
        reference(&f, &deploy.attachments[3], "Ref", "OperatorsGroup"),
        "111:11 !Ref OperatorsGroup"
    );
    // `orders-worker-prod` names no role of the template: the role's name is built by `!Sub`.
    assert_eq!(attached(deploy), ["OrdersWorkerRole", "ReleaseBot", "OperatorsGroup"]);
    let action = &deploy.statements[0].action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "cloudformation:*"), "103:17 cloudformation:*");

    // A managed policy is attached to the roles whose `ManagedPolicyArns` reference it.
    let read = policy(&f, "Resources.OrdersReadPolicy.Properties.PolicyDocument");
    assert_eq!(f.opt(read.name.as_ref(), "orders-read"), "63:26 orders-read");
    assert!(read.attachments.is_empty());
    assert_eq!(attached(read), ["OrdersWorkerRole"]);
    let bucket = &read.statements[0].resource.as_ref().unwrap().items[0];
    assert_eq!(
        interpolated(&f, bucket, "arn:aws:s3:::${ArtifactBucket}/*"),
        "70:28 arn:aws:s3:::${ArtifactBucket}/*"
    );
}

#[test]
fn json_template_with_long_form_intrinsics() {
    let f = load("cloudformation/iam/identities.json", TEMPLATE);
    assert!(f.extracted.errors.is_empty(), "{:?}", f.extracted.errors);
    let [role] = f.extracted.model.roles.as_slice() else { panic!("one role") };
    assert_eq!(
        f.opt(role.name.as_ref(), "thumbnailer-execution"),
        "17:21 \"thumbnailer-execution\""
    );
    let managed = &role.managed_policies[1];
    assert_eq!(
        reference(&f, managed, "Ref", "ThumbnailerManagedPolicy"),
        "23:11 { \"Ref\": \"ThumbnailerManagedPolicy\" }"
    );

    // The trust policy is the JSON text of an `Fn::Sub`: placeholders make interpolated values.
    let trust = policy(&f, "Resources.ThumbnailerRole.Properties.AssumeRolePolicyDocument");
    assert_eq!(
        (trust.kind, trust.logical_id.as_deref()),
        (PolicyKind::Trust, Some("ThumbnailerRole"))
    );
    let statement = &trust.statements[0];
    let service = &statement.principal.as_ref().unwrap().entries[0].values.items[0];
    assert_eq!(
        interpolated(&f, service, "lambda.${AWS::URLSuffix}"),
        "19:122 \\\"lambda.${AWS::URLSuffix}\\\""
    );
    let assume = &statement.action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(assume, "sts:AssumeRole"), "19:165 \\\"sts:AssumeRole\\\"");

    let uploads = policy(&f, "Resources.ThumbnailerRole.Properties.Policies[0].PolicyDocument");
    let name = uploads.name.as_ref().unwrap();
    assert_eq!(
        interpolated(&f, name, "${AWS::StackName}-uploads"),
        "27:27 { \"Fn::Join\": [\"-\", [{ \"Ref\": \"AWS::StackName\" }, \"uploads\"]] }"
    );
    let [objects, tracing] = uploads.statements.as_slice() else { panic!("two statements") };
    let resource = &objects.resource.as_ref().unwrap().items[0];
    let arn = "arn:aws:s3:::${UploadsBucketName}/*";
    assert_eq!(interpolated(&f, resource, arn), format!("34:44 \"{arn}\""));
    assert_eq!(
        tracing.path,
        "Resources.ThumbnailerRole.Properties.Policies[0].PolicyDocument.Statement[1]"
    );
    assert_eq!(
        texts(tracing.action.as_ref()),
        ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    );

    let queue = policy(&f, "Resources.ThumbnailerRole.Properties.Policies[1].PolicyDocument");
    assert_eq!(attached(queue), ["ThumbnailerRole"]);
    let action = &queue.statements[0].action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "sqs:*"), "52:114 \\\"sqs:*\\\"");
}

#[test]
fn json_policies_link_by_reference_by_role_name_and_by_managed_arn() {
    let f = load("cloudformation/iam/identities.json", TEMPLATE);

    let managed = policy(&f, "Resources.ThumbnailerManagedPolicy.Properties.PolicyDocument");
    assert!(managed.name.is_none());
    assert_eq!(attached(managed), ["ImagingTeam", "ThumbnailerRole"]);
    let table = &managed.statements[0].resource.as_ref().unwrap().items[0];
    assert_eq!(
        reference(&f, table, "Fn::GetAtt", "ThumbnailsTable.Arn"),
        "66:27 { \"Fn::GetAtt\": [\"ThumbnailsTable\", \"Arn\"] }"
    );

    // A document under `Fn::If` is one policy per branch, at the same path.
    let path = "Resources.ThumbnailerLogsPolicy.Properties.PolicyDocument";
    let logs: Vec<&Policy> = f.extracted.model.policies.iter().filter(|p| p.path == path).collect();
    assert_eq!(logs.len(), 2);
    for branch in &logs {
        assert_eq!(f.opt(branch.name.as_ref(), "thumbnailer-logs"), "79:23 \"thumbnailer-logs\"");
        assert_eq!(all(&branch.attachments), ["thumbnailer-execution"]);
        assert_eq!(attached(branch), ["ThumbnailerRole"], "linked by the role's name");
    }
    let actions: Vec<&str> =
        logs.iter().flat_map(|p| texts(p.statements[0].action.as_ref())).collect();
    assert_eq!(actions, ["logs:*", "logs:PutLogEvents"]);
    assert_eq!(
        f.lit(&logs[0].statements[0].action.as_ref().unwrap().items[0], "logs:*"),
        "85:60 \"logs:*\""
    );
}

#[test]
fn resource_policies_of_buckets_queues_topics_and_keys() {
    let f = load("cloudformation/iam/resource-policies.yaml", TEMPLATE);
    assert!(f.extracted.errors.is_empty(), "{:?}", f.extracted.errors);
    let held: Vec<(&str, &str, PolicyKind)> = f
        .extracted
        .model
        .policies
        .iter()
        .map(|p| (p.path.as_str(), p.logical_id.as_deref().unwrap_or_default(), p.kind))
        .collect();
    assert_eq!(
        held,
        [
            (
                "Resources.AssetsBucketPolicy.Properties.PolicyDocument",
                "AssetsBucketPolicy",
                PolicyKind::Resource
            ),
            (
                "Resources.EventsQueuePolicy.Properties.PolicyDocument",
                "EventsQueuePolicy",
                PolicyKind::Resource
            ),
            (
                "Resources.EventsTopicPolicy.Properties.PolicyDocument",
                "EventsTopicPolicy",
                PolicyKind::Resource
            ),
            (
                "Resources.SharedLayerPermission.Properties",
                "SharedLayerPermission",
                PolicyKind::Resource
            ),
            (
                "Resources.PublicLayerPermission.Properties",
                "PublicLayerPermission",
                PolicyKind::Resource
            ),
        ]
    );
    assert!(f.extracted.model.policies.iter().all(|p| p.attached_to.is_empty()));

    let bucket = policy(&f, "Resources.AssetsBucketPolicy.Properties.PolicyDocument");
    let public = bucket.statements[0].principal.as_ref().unwrap();
    assert_eq!(public.any.map(|span| f.at(span)).as_deref(), Some("22:24 \"*\""));
    let objects = &bucket.statements[0].resource.as_ref().unwrap().items[0];
    assert_eq!(
        interpolated(&f, objects, "${AssetsBucket.Arn}/*"),
        "24:28 \"${AssetsBucket.Arn}/*\""
    );

    // `!Sub |` with a JSON body: exact spans inside the block, placeholders interpolated.
    let queue = policy(&f, "Resources.EventsQueuePolicy.Properties.PolicyDocument");
    let statement = &queue.statements[0];
    let arn = &statement.resource.as_ref().unwrap().items[0];
    assert_eq!(interpolated(&f, arn, "${EventsQueue.Arn}"), "42:27 \"${EventsQueue.Arn}\"");
    let source = &statement.condition.as_ref().unwrap().clauses[0];
    assert_eq!(f.lit(&source.key, "aws:SourceArn"), "43:43 \"aws:SourceArn\"");
    assert_eq!(
        interpolated(&f, &source.values.items[0], "${EventsTopic}"),
        "43:60 \"${EventsTopic}\""
    );

    let topic = policy(&f, "Resources.EventsTopicPolicy.Properties.PolicyDocument");
    let everyone = &topic.statements[0].principal.as_ref().unwrap().entries[0];
    assert_eq!(f.lit(&everyone.kind, "AWS"), "60:15 AWS");
    assert_eq!(f.lit(&everyone.values.items[0], "*"), "60:20 \"*\"");
}

#[test]
fn a_layer_permission_is_a_one_statement_resource_policy() {
    let f = load("cloudformation/iam/resource-policies.yaml", TEMPLATE);

    let shared = policy(&f, "Resources.SharedLayerPermission.Properties");
    let [statement] = shared.statements.as_slice() else { panic!("one statement") };
    assert!(statement.is_allow());
    assert_eq!(
        f.at(statement.effect.as_ref().unwrap().span),
        "73:11 AWS::Lambda::LayerVersionPermission"
    );
    let action = &statement.action.as_ref().unwrap().items[0];
    assert_eq!(f.lit(action, "lambda:GetLayerVersion"), "75:15 lambda:GetLayerVersion");
    let layer = &statement.resource.as_ref().unwrap().items[0];
    assert_eq!(reference(&f, layer, "Ref", "SharedLayer"), "76:24 !Ref SharedLayer");
    let principal = statement.principal.as_ref().unwrap();
    assert_eq!(principal.any.map(|span| f.at(span)).as_deref(), Some("77:18 \"*\""));
    assert_eq!(f.at(principal.key_span), "77:7 Principal");

    // The organization narrows the grant as IAM's `aws:PrincipalOrgID` would; the parameter's
    // default is followed.
    assert!(statement.has_condition());
    let [org] = statement.condition.as_ref().unwrap().clauses.as_slice() else {
        panic!("one clause")
    };
    assert_eq!(org.operator.as_literal(), Some("StringEquals"));
    assert_eq!(org.key.as_literal(), Some("aws:PrincipalOrgID"));
    assert_eq!(f.at(org.key.span), "78:7 OrganizationId");
    assert_eq!(f.lit(&org.values.items[0], "o-a1b2c3d4e5"), "78:23 !Ref OrganizationId");

    let open = policy(&f, "Resources.PublicLayerPermission.Properties");
    let statement = &open.statements[0];
    assert!(statement.condition.is_none() && !statement.has_condition());
    let any = statement.principal.as_ref().unwrap().any;
    assert_eq!(any.map(|span| f.at(span)).as_deref(), Some("85:18 '*'"));
}

#[test]
fn json_resource_policies_with_joins_strings_and_account_principals() {
    let f = load("cloudformation/iam/resource-policies.json", TEMPLATE);
    assert!(f.extracted.errors.is_empty(), "{:?}", f.extracted.errors);

    let bucket = policy(&f, "Resources.AuditLogBucketPolicy.Properties.PolicyDocument");
    let [read, deny] = bucket.statements.as_slice() else { panic!("two statements") };
    let account = &read.principal.as_ref().unwrap().entries[0].values.items[0];
    let root = "arn:aws:iam::${SecurityAccountId}:root";
    assert_eq!(interpolated(&f, account, root), format!("24:50 \"{root}\""));
    let objects = &read.resource.as_ref().unwrap().items[1];
    assert_eq!(interpolated(&f, objects, "${AuditLogBucket.Arn}/*").get(..8), Some("28:17 { "));
    assert!(deny.is_deny());
    let objects = &deny.resource.as_ref().unwrap().items[0];
    assert_eq!(
        interpolated(&f, objects, "arn:aws:s3:::${AuditLogBucket}/*").get(..8),
        Some("36:27 { ")
    );

    // A key policy given as a JSON string.
    let key = policy(&f, "Resources.AuditLogKey.Properties.KeyPolicy");
    assert_eq!((key.kind, key.logical_id.as_deref()), (PolicyKind::Resource, Some("AuditLogKey")));
    let statement = &key.statements[0];
    let everyone = &statement.principal.as_ref().unwrap().entries[0].values.items[0];
    assert_eq!(f.lit(everyone, "*"), "47:118 \\\"*\\\"");
    assert_eq!(
        f.lit(&statement.action.as_ref().unwrap().items[0], "kms:*"),
        "47:138 \\\"kms:*\\\""
    );

    // An account principal is an `AWS` principal, its id taken from the parameter's default.
    let layer = policy(&f, "Resources.ReportingLayerPermission.Properties");
    let principal = layer.statements[0].principal.as_ref().unwrap();
    assert!(principal.any.is_none());
    let [entry] = principal.entries.as_slice() else { panic!("one entry") };
    assert_eq!(f.lit(&entry.kind, "AWS"), "62:9 \"Principal\"");
    let id = &entry.values.items[0];
    assert_eq!(f.lit(id, "210987654321"), "62:22 { \"Ref\": \"SecurityAccountId\" }");
    assert!(layer.statements[0].condition.is_none());
}

#[test]
fn misshapen_iam_resources_are_skipped_without_a_panic() {
    let f = load_inline(
        r#"{"Resources": {
        "NoProperties": {"Type": "AWS::IAM::Role"},
        "ListProperties": {"Type": "AWS::IAM::Role", "Properties": ["RoleName"]},
        "BadRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": ["a"],
            "AssumeRolePolicyDocument": 42, "Policies": "none", "ManagedPolicyArns": {"x": 1}}},
        "BadPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p",
            "PolicyDocument": [1], "Roles": {"Ref": "BadRole"}}},
        "NoDocument": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b"}},
        "NullKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": null}},
        "BadLayer": {"Type": "AWS::Lambda::LayerVersionPermission",
            "Properties": {"Principal": ["*"], "OrganizationId": {"Ref": "AWS::NoValue"}}},
        "BareLayer": {"Type": "AWS::Lambda::LayerVersionPermission"},
        "BadUser": {"Type": "AWS::IAM::User", "Properties": {"Policies": [1, {"PolicyName": 2}]}}
        }}"#,
        TEMPLATE,
    );
    let model = &f.extracted.model;
    let roles: Vec<&str> = model.roles.iter().map(|r| &*r.logical_id).collect();
    assert_eq!(roles, ["NoProperties", "ListProperties", "BadRole"]);
    let bad = &model.roles[2];
    assert_eq!(bad.name.as_ref().map(|n| &n.kind), Some(&ValueKind::Unknown));
    assert_eq!(bad.managed_policies.len(), 1);
    assert_eq!(bad.managed_policies[0].kind, ValueKind::Unknown);

    // A number where a document belongs is an embedded error; a list is no document at all.
    assert_eq!(f.extracted.errors.len(), 1, "{:?}", f.extracted.errors);
    let [layer] = model.policies.as_slice() else { panic!("only the layer's policy") };
    assert_eq!(layer.logical_id.as_deref(), Some("BadLayer"));
    let principal = layer.statements[0].principal.as_ref().unwrap();
    assert!(principal.any.is_none());
    assert_eq!(texts(Some(&principal.entries[0].values)), ["*"]);
    assert!(layer.statements[0].condition.is_none(), "AWS::NoValue removes the organization");
}

#[test]
fn a_template_of_iam_resources_only_is_a_cloudformation_template() {
    let yaml = "Resources:\n  Admins:\n    Type: AWS::IAM::Group\n";
    let extracted = extract_text(yaml).unwrap().expect("recognized");
    assert_eq!(extracted.format, TEMPLATE);
    assert!(extracted.model.policies.is_empty() && extracted.model.roles.is_empty());
}

#[test]
fn role_user_and_group_policy_resources_name_their_one_identity() {
    let f = load_inline(
        "Resources:
  AuditRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: audit-reader
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Action: sts:AssumeRole}]}
  AuditReadPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: audit-reader
      PolicyName: audit-read
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: cloudtrail:LookupEvents, Resource: '*'}
  OnCallPolicy:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: !Ref OnCall
      PolicyName: pager
      PolicyDocument: {Statement: {Effect: Allow, Action: sns:Publish, Resource: '*'}}
  OnCall:
    Type: AWS::IAM::User
",
        TEMPLATE,
    );
    let read = policy(&f, "Resources.AuditReadPolicy.Properties.PolicyDocument");
    assert_eq!(
        (read.kind, read.logical_id.as_deref()),
        (PolicyKind::Identity, Some("AuditReadPolicy"))
    );
    assert_eq!(f.opt(read.name.as_ref(), "audit-read"), "11:19 audit-read");
    assert_eq!(f.lit(&read.attachments[0], "audit-reader"), "10:17 audit-reader");
    assert_eq!(attached(read), ["AuditRole"], "linked by the role's name");

    let pager = policy(&f, "Resources.OnCallPolicy.Properties.PolicyDocument");
    assert_eq!(reference(&f, &pager.attachments[0], "Ref", "OnCall"), "18:17 !Ref OnCall");
    assert_eq!(attached(pager), ["OnCall"]);
}
