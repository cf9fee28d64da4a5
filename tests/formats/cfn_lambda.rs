//! Lambda and SAM resources of a template: functions, permissions, URLs, SAM `Policies` and
//! `Globals.Function` merged as SAM merges it, and the links between them.

use tighten::model::iam::PolicyKind;
use tighten::model::lambda::Function;
use tighten::model::{Value, ValueKind};

use crate::{Loaded, all, load, load_inline};

/// `path = name@position -> value@position` for each variable.
fn env(f: &Loaded, function: &Function) -> Vec<String> {
    function
        .env
        .iter()
        .map(|var| format!("{} = {} -> {}", var.path, f.at(var.name.span), f.at(var.value.span)))
        .collect()
}

/// `function target @ position` of a reference.
fn reference(f: &Loaded, value: Option<&Value>) -> String {
    let value = value.expect("a value");
    let ValueKind::Reference { function, target } = &value.kind else {
        panic!("not a reference: {value:?} at {}", f.at(value.span))
    };
    format!("{function} {target} @ {}", f.at(value.span))
}

/// The first line of what a span covers, with its position.
fn first_line(f: &Loaded, span: tighten::syntax::Span) -> String {
    f.at(span).lines().next().unwrap_or_default().to_owned()
}

fn function<'a>(f: &'a Loaded, logical_id: &str) -> &'a Function {
    let functions = &f.extracted.model.functions;
    functions
        .iter()
        .find(|function| function.logical_id.as_deref() == Some(logical_id))
        .unwrap_or_else(|| panic!("no function {logical_id}"))
}

#[test]
fn lambda_function_in_json_with_long_form_intrinsics() {
    let f = load("cloudformation/lambda/functions.json", "cloudformation-template");
    let [orders] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(orders.path, "Resources.OrdersFunction");
    assert_eq!(orders.logical_id.as_deref(), Some("OrdersFunction"));
    assert_eq!(first_line(&f, orders.span), "49:23 {");
    assert_eq!(f.opt(orders.name.as_ref(), "orders-api"), "52:25 \"orders-api\"");
    assert_eq!(f.opt(orders.runtime.as_ref(), "python3.12"), "53:20 \"python3.12\"");
    assert_eq!(
        reference(&f, orders.role.as_ref()),
        "Fn::GetAtt OrdersFunctionRole.Arn @ 56:17 { \"Fn::GetAtt\": [\"OrdersFunctionRole\", \"Arn\"] }"
    );
    assert_eq!(
        reference(&f, orders.kms_key.as_ref()),
        "Ref OrdersKeyArn @ 57:22 { \"Ref\": \"OrdersKeyArn\" }"
    );

    // `AWS::NoValue` removes TRACE_HEADER.
    let variables = "Resources.OrdersFunction.Properties.Environment.Variables";
    assert_eq!(
        env(&f, orders),
        [
            format!(
                "{variables}.TABLE_NAME = 60:13 \"TABLE_NAME\" -> 60:27 {{ \"Ref\": \"OrdersTable\" }}"
            ),
            format!(
                "{variables}.QUEUE_URL = 61:13 \"QUEUE_URL\" -> 61:39 \
                 \"https://sqs.${{AWS::Region}}.amazonaws.com/${{AWS::AccountId}}/orders\""
            ),
            format!(
                "{variables}.UPLOADS_ARN = 62:13 \"UPLOADS_ARN\" -> 62:28 \
                 {{ \"Fn::GetAtt\": [\"UploadsBucket\", \"Arn\"] }}"
            ),
            format!(
                "{variables}.DB_PASSWORD = 63:13 \"DB_PASSWORD\" -> 63:28 \
                 \"{{{{resolve:secretsmanager:prod/orders/db:SecretString:password}}}}\""
            ),
            format!("{variables}.LOG_LEVEL = 64:13 \"LOG_LEVEL\" -> 64:26 \"INFO\""),
        ]
    );
    assert_eq!(
        orders.env[1].value.kind,
        ValueKind::Interpolated(
            "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders".into()
        )
    );
    assert_eq!(
        orders.env[3].value.as_literal(),
        Some("{{resolve:secretsmanager:prod/orders/db:SecretString:password}}")
    );

    let vpc = orders.vpc.as_ref().expect("a VPC config");
    assert_eq!(first_line(&f, vpc.span), "68:22 {");
    assert_eq!(
        reference(&f, vpc.security_group_ids.first()),
        "Fn::GetAtt OrdersFunctionSecurityGroup.GroupId @ 69:32 \
         { \"Fn::GetAtt\": [\"OrdersFunctionSecurityGroup\", \"GroupId\"] }"
    );
    assert_eq!(
        reference(&f, vpc.subnet_ids.first()),
        "Ref PrivateSubnetA @ 70:25 { \"Ref\": \"PrivateSubnetA\" }"
    );
    assert_eq!(
        f.lit(&vpc.subnet_ids[1], "subnet-0a2b4c6d8e0f1a3b5"),
        "70:54 \"subnet-0a2b4c6d8e0f1a3b5\""
    );

    // Linked by logical id: the role by `Fn::GetAtt`, the group by `Fn::GetAtt ... GroupId`.
    assert_eq!(orders.role_id.as_deref(), Some("OrdersFunctionRole"));
    assert_eq!(vpc.security_group_links, ["OrdersFunctionSecurityGroup".into()]);
}

#[test]
fn permission_and_url_in_json_link_to_their_function() {
    let f = load("cloudformation/lambda/functions.json", "cloudformation-template");
    let [permission] = f.extracted.model.permissions.as_slice() else { panic!("one permission") };
    assert_eq!(permission.path, "Resources.UploadsInvokePermission.Properties");
    assert_eq!(permission.logical_id.as_deref(), Some("UploadsInvokePermission"));
    assert_eq!(first_line(&f, permission.span), "76:21 {");
    assert_eq!(
        f.opt(permission.action.as_ref(), "lambda:InvokeFunction"),
        "77:19 \"lambda:InvokeFunction\""
    );
    assert_eq!(
        f.opt(permission.principal.as_ref(), "s3.amazonaws.com"),
        "79:22 \"s3.amazonaws.com\""
    );
    assert_eq!(
        reference(&f, permission.source_arn.as_ref()),
        "Fn::GetAtt UploadsBucket.Arn @ 80:22 { \"Fn::GetAtt\": [\"UploadsBucket\", \"Arn\"] }"
    );
    assert_eq!(
        reference(&f, permission.source_account.as_ref()),
        "Ref AWS::AccountId @ 81:26 { \"Ref\": \"AWS::AccountId\" }"
    );
    assert!(permission.principal_org_id.is_none() && permission.function_url_auth_type.is_none());
    assert_eq!(permission.function_id.as_deref(), Some("OrdersFunction"));

    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one URL") };
    assert_eq!(url.path, "Resources.OrdersFunctionUrl.Properties");
    assert_eq!(url.logical_id.as_deref(), Some("OrdersFunctionUrl"));
    assert_eq!(f.opt(url.auth_type.as_ref(), "AWS_IAM"), "87:21 \"AWS_IAM\"");
    assert_eq!(
        reference(&f, url.target.as_ref()),
        "Fn::GetAtt OrdersFunction.Arn @ 88:30 { \"Fn::GetAtt\": [\"OrdersFunction\", \"Arn\"] }"
    );
    assert_eq!(url.function_id.as_deref(), Some("OrdersFunction"));
}

#[test]
fn lambda_resources_in_yaml_with_short_form_intrinsics() {
    let f = load("cloudformation/lambda/functions.yaml", "cloudformation-template");
    let webhook = function(&f, "WebhookFunction");
    assert_eq!(first_line(&f, webhook.span), "21:5 Type: AWS::Lambda::Function");
    assert_eq!(
        webhook.name.as_ref().map(|v| (&v.kind, f.at(v.span))),
        Some((
            &ValueKind::Interpolated("${AWS::StackName}-webhook".into()),
            "23:26 \"${AWS::StackName}-webhook\"".to_owned()
        ))
    );
    assert_eq!(f.opt(webhook.runtime.as_ref(), "nodejs20.x"), "24:16 nodejs20.x");
    assert_eq!(reference(&f, webhook.role.as_ref()), "Ref WebhookRole @ 29:13 !Ref WebhookRole");
    assert_eq!(webhook.role_id.as_deref(), Some("WebhookRole"));
    assert!(webhook.vpc.is_none() && webhook.kms_key.is_none());

    let variables = "Resources.WebhookFunction.Properties.Environment.Variables";
    assert_eq!(
        env(&f, webhook),
        [
            format!(
                "{variables}.SIGNING_SECRET = 32:11 SIGNING_SECRET -> 32:32 \
                 \"{{{{resolve:ssm-secure:/webhook/${{AWS::StackName}}/signing-secret}}}}\""
            ),
            format!("{variables}.STAGE = 33:11 STAGE -> 33:18 !If [IsProduction, prod, staging]"),
            format!(
                "{variables}.FORWARD_TO = 34:11 FORWARD_TO -> 34:23 \
                 !Join [\"\", [\"https://\", !ImportValue orders-api-domain, \"/events\"]]"
            ),
            format!("{variables}.MAX_BODY_BYTES = 35:11 MAX_BODY_BYTES -> 35:27 65536"),
        ]
    );
    let ValueKind::Choice(stages) = &webhook.env[1].value.kind else { panic!("a choice") };
    let stages: Vec<_> = stages.iter().map(|v| f.at(v.span)).collect();
    assert_eq!(stages, ["33:37 prod", "33:43 staging"]);
    assert_eq!(webhook.env[2].value.kind, ValueKind::Interpolated("https://${?}/events".into()));

    // An `Fn::If` list of groups gives the groups of its branches; `AWS::NoValue` gives none.
    let report = function(&f, "ReportFunction");
    let vpc = report.vpc.as_ref().expect("a VPC config");
    assert_eq!(first_line(&f, vpc.span), format!("47:9 SecurityGroupIds: {GROUPS_IF}"));
    assert_eq!(
        f.lit(&vpc.security_group_ids[0], "sg-0fedcba9876543210"),
        "47:47 sg-0fedcba9876543210"
    );
    assert_eq!(all(&vpc.subnet_ids), ["subnet-0931fc2fa5e6f7a8b"]);
    assert!(vpc.security_group_links.is_empty());
}

const GROUPS_IF: &str = "!If [IsProduction, [sg-0fedcba9876543210], !Ref \"AWS::NoValue\"]";

#[test]
fn permissions_and_url_in_yaml_link_by_ref_and_get_att() {
    let f = load("cloudformation/lambda/functions.yaml", "cloudformation-template");
    let [url_permission, org_permission] = f.extracted.model.permissions.as_slice() else {
        panic!("two permissions")
    };
    assert_eq!(url_permission.path, "Resources.WebhookUrlPermission.Properties");
    assert_eq!(
        f.opt(url_permission.action.as_ref(), "lambda:InvokeFunctionUrl"),
        "60:15 lambda:InvokeFunctionUrl"
    );
    assert_eq!(f.opt(url_permission.principal.as_ref(), "*"), "62:18 \"*\"");
    assert_eq!(f.opt(url_permission.function_url_auth_type.as_ref(), "NONE"), "63:28 NONE");
    assert_eq!(
        reference(&f, url_permission.function.as_ref()),
        "Ref WebhookFunction @ 61:21 !Ref WebhookFunction"
    );
    assert_eq!(url_permission.function_id.as_deref(), Some("WebhookFunction"));

    assert_eq!(
        f.opt(org_permission.principal_org_id.as_ref(), "o-a1b2c3d4e5"),
        "71:23 o-a1b2c3d4e5"
    );
    assert_eq!(
        reference(&f, org_permission.function.as_ref()),
        "Fn::GetAtt ReportFunction.Arn @ 69:21 !GetAtt ReportFunction.Arn"
    );
    assert_eq!(org_permission.function_id.as_deref(), Some("ReportFunction"));

    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one URL") };
    assert_eq!(
        (url.path.as_str(), url.logical_id.as_deref()),
        ("Resources.WebhookUrl.Properties", Some("WebhookUrl"))
    );
    assert_eq!(f.opt(url.auth_type.as_ref(), "NONE"), "54:17 NONE");
    assert_eq!(
        reference(&f, url.target.as_ref()),
        "Ref WebhookFunction @ 55:26 !Ref WebhookFunction"
    );
    assert_eq!(url.function_id.as_deref(), Some("WebhookFunction"));
}

#[test]
fn sam_globals_merge_into_each_function_keeping_where_each_value_is_written() {
    let f = load("cloudformation/sam/globals.yaml", "sam-template");
    let kms = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    // The function's own Runtime and LOG_LEVEL win; the rest comes from Globals, with its span
    // and path there.
    let api = function(&f, "ApiFunction");
    assert_eq!(api.path, "Resources.ApiFunction");
    assert_eq!(first_line(&f, api.span), "46:5 Type: AWS::Serverless::Function");
    assert_eq!(f.opt(api.runtime.as_ref(), "nodejs20.x"), "50:16 nodejs20.x");
    assert_eq!(f.opt(api.kms_key.as_ref(), kms), format!("16:16 {kms}"));
    assert_eq!(
        env(&f, api),
        [
            "Globals.Function.Environment.Variables.STAGE = 19:9 STAGE -> 19:16 prod",
            "Globals.Function.Environment.Variables.TABLE_NAME = 21:9 TABLE_NAME -> 21:21 !Ref OrdersTable",
            "Resources.ApiFunction.Properties.Environment.Variables.LOG_LEVEL = 53:11 LOG_LEVEL -> 53:22 DEBUG",
            concat!(
                "Resources.ApiFunction.Properties.Environment.Variables.ORDERS_QUEUE_URL = ",
                "54:11 ORDERS_QUEUE_URL -> 54:29 !Ref OrdersQueue"
            ),
        ]
    );

    // SAM concatenates the two lists of groups, the global ones first; subnets come from
    // Globals alone.
    let vpc = api.vpc.as_ref().expect("a VPC config");
    assert_eq!(first_line(&f, vpc.span), "56:9 SecurityGroupIds:");
    let groups: Vec<_> = vpc.security_group_ids.iter().map(|g| reference(&f, Some(g))).collect();
    assert_eq!(
        groups,
        [
            "Ref SharedSecurityGroup @ 24:11 !Ref SharedSecurityGroup",
            "Fn::GetAtt ApiSecurityGroup.GroupId @ 57:13 !GetAtt ApiSecurityGroup.GroupId",
        ]
    );
    assert_eq!(vpc.security_group_links, ["SharedSecurityGroup".into(), "ApiSecurityGroup".into()]);
    let subnets: Vec<_> = vpc.subnet_ids.iter().map(|s| f.at(s.span)).collect();
    assert_eq!(subnets, ["26:11 subnet-0931fc2fa5e6f7a8b", "27:11 subnet-0a2b4c6d8e0f1a3b5"]);

    // Everything inherited.
    let worker = function(&f, "WorkerFunction");
    assert_eq!(f.opt(worker.runtime.as_ref(), "python3.12"), "14:14 python3.12");
    assert_eq!(f.opt(worker.kms_key.as_ref(), kms), format!("16:16 {kms}"));
    assert_eq!(
        env(&f, worker),
        [
            "Globals.Function.Environment.Variables.STAGE = 19:9 STAGE -> 19:16 prod",
            "Globals.Function.Environment.Variables.LOG_LEVEL = 20:9 LOG_LEVEL -> 20:20 INFO",
            "Globals.Function.Environment.Variables.TABLE_NAME = 21:9 TABLE_NAME -> 21:21 !Ref OrdersTable",
        ]
    );
    let vpc = worker.vpc.as_ref().expect("the global VPC config");
    assert_eq!(first_line(&f, vpc.span), "23:7 SecurityGroupIds:");
    assert_eq!(vpc.security_group_links, ["SharedSecurityGroup".into()]);

    // `IgnoreGlobals` drops the properties it names, and only those.
    let image = function(&f, "ImageFunction");
    assert!(image.runtime.is_none() && image.vpc.is_none());
    assert_eq!(f.opt(image.kms_key.as_ref(), kms), format!("16:16 {kms}"));
    assert_eq!(image.env.len(), 3);
}

#[test]
fn sam_roles_policies_and_urls() {
    let f = load("cloudformation/sam/globals.yaml", "sam-template");

    // Without `Role`, SAM generates a role from `Policies`.
    let api = function(&f, "ApiFunction");
    assert!(api.role.is_none() && api.role_id.is_none());
    let managed: Vec<_> = api.managed_policies.iter().map(|v| f.at(v.span)).collect();
    assert_eq!(
        managed,
        [
            "59:11 AWSLambdaBasicExecutionRole",
            "68:11 !Ref ReadOnlyPolicyArn",
            "69:30 arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
        ]
    );
    assert_eq!(
        api.managed_policies[1].kind,
        ValueKind::Reference { function: "Ref".into(), target: "ReadOnlyPolicyArn".into() }
    );
    let templates: Vec<_> = api.policy_templates.iter().map(|v| f.at(v.span)).collect();
    assert_eq!(templates, ["60:11 DynamoDBCrudPolicy", "62:11 SQSSendMessagePolicy"]);

    // The template's own role is a policy holder too; the function's inline document is the
    // only one attached to the function.
    let function_policies: Vec<_> = f
        .extracted
        .model
        .policies
        .iter()
        .filter(|p| p.attached_to.iter().any(|a| &**a == "ApiFunction"))
        .collect();
    let [policy] = function_policies.as_slice() else { panic!("one inline policy") };
    assert_eq!(policy.path, "Resources.ApiFunction.Properties.Policies[3]");
    assert_eq!(policy.kind, PolicyKind::Identity);
    assert_eq!(policy.logical_id.as_deref(), Some("ApiFunction"));
    assert_eq!(policy.attached_to, ["ApiFunction".into()]);
    let statement = &policy.statements[0];
    assert_eq!(statement.path, "Resources.ApiFunction.Properties.Policies[3].Statement[0]");
    assert_eq!(
        f.opt(statement.action.as_ref().map(|a| &a.items[0]), "ssm:GetParameter"),
        "66:23 ssm:GetParameter"
    );

    let worker = function(&f, "WorkerFunction");
    assert_eq!(
        reference(&f, worker.role.as_ref()),
        "Fn::GetAtt WorkerRole.Arn @ 82:13 !GetAtt WorkerRole.Arn"
    );
    assert_eq!(worker.role_id.as_deref(), Some("WorkerRole"));

    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one URL") };
    assert_eq!(url.path, "Resources.WorkerFunction.Properties.FunctionUrlConfig");
    assert_eq!(first_line(&f, url.span), "84:9 AuthType: NONE");
    assert_eq!(f.opt(url.auth_type.as_ref(), "NONE"), "84:19 NONE");
    assert_eq!(url.function_id.as_deref(), Some("WorkerFunction"));
    assert!(url.target.is_none());
}

#[test]
fn sam_without_transform_or_globals() {
    let f = load("cloudformation/sam/no-transform.yaml", "sam-template");
    let [thumbnails] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(f.opt(thumbnails.name.as_ref(), "thumbnails"), "5:21 thumbnails");
    assert_eq!(f.opt(thumbnails.runtime.as_ref(), "nodejs18.x"), "8:16 nodejs18.x");
    assert_eq!(
        reference(&f, thumbnails.role.as_ref()),
        "Ref ThumbnailRole @ 9:13 !Ref ThumbnailRole"
    );
    assert_eq!(thumbnails.role_id.as_deref(), Some("ThumbnailRole"));
    assert_eq!(
        f.lit(&thumbnails.managed_policies[0], "AmazonS3ReadOnlyAccess"),
        "10:17 AmazonS3ReadOnlyAccess"
    );
    assert_eq!(
        env(&f, thumbnails),
        [concat!(
            "Resources.ThumbnailFunction.Properties.Environment.Variables.OUTPUT_BUCKET = ",
            "13:11 OUTPUT_BUCKET -> 13:26 media-thumbnails"
        )]
    );

    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one URL") };
    assert_eq!(f.opt(url.auth_type.as_ref(), "AWS_IAM"), "15:19 AWS_IAM");
    assert_eq!(url.function_id.as_deref(), Some("ThumbnailFunction"));
    // The function has no inline policies: the one policy is its role's trust policy.
    let [trust] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!(trust.path, "Resources.ThumbnailRole.Properties.AssumeRolePolicyDocument");
}

#[test]
fn sam_in_json_with_a_transform_list_and_a_global_url_config() {
    let f = load("cloudformation/sam/function.json", "sam-template");
    let [invoice] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(f.opt(invoice.runtime.as_ref(), "java21"), "6:18 \"java21\"");
    assert_eq!(
        env(&f, invoice),
        [
            concat!(
                "Globals.Function.Environment.Variables.JAVA_TOOL_OPTIONS = ",
                "10:11 \"JAVA_TOOL_OPTIONS\" -> 10:32 \"-XX:+TieredCompilation -XX:TieredStopAtLevel=1\""
            ),
            "Resources.InvoiceFunction.Properties.Environment.Variables.REGION = 27:13 \"REGION\" -> 27:23 \"eu-west-1\"",
        ]
    );

    // One document as `Policies`, not a list: its path has no index.
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one inline policy") };
    assert_eq!(policy.path, "Resources.InvoiceFunction.Properties.Policies");
    assert_eq!(first_line(&f, policy.span), "30:21 {");
    assert_eq!(policy.attached_to, ["InvoiceFunction".into()]);
    let resource = &policy.statements[0].resource.as_ref().expect("a resource").items[0];
    assert_eq!(
        resource.kind,
        ValueKind::Interpolated("arn:aws:s3:::invoices-${AWS::AccountId}/*".into())
    );

    // The function's config and the global one merge: AuthType comes from Globals.
    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one URL") };
    assert_eq!(url.path, "Resources.InvoiceFunction.Properties.FunctionUrlConfig");
    assert_eq!(first_line(&f, url.span), "40:30 {");
    assert_eq!(f.opt(url.auth_type.as_ref(), "NONE"), "15:21 \"NONE\"");
}

#[test]
fn lambda_functions_alone_make_a_cloudformation_template() {
    let f = load_inline(
        r#"{"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
        "Properties": {"Runtime": "python3.12", "Role": {"Fn::GetAtt": ["Missing", "Arn"]}}}}}"#,
        "cloudformation-template",
    );
    let [function] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert!(function.role_id.is_none(), "no role of that name in the template");
}

#[test]
fn wrong_types_are_skipped_or_unknown() {
    let f = load_inline(
        r#"{"Globals": {"Function": ["not", "a", "mapping"]}, "Resources": {
        "Broken": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": ["python3.12"], "Environment": {"Variables": ["A=1"]},
            "VpcConfig": "vpc-1", "Policies": [42, {"Statement": "nope"}, null],
            "FunctionUrlConfig": "NONE"}},
        "NoProperties": {"Type": "AWS::Lambda::Function"},
        "BadPermission": {"Type": "AWS::Lambda::Permission", "Properties": [1, 2]},
        "BadUrl": {"Type": "AWS::Lambda::Url", "Properties": {"AuthType": {"a": 1}}}}}"#,
        "sam-template",
    );
    let model = &f.extracted.model;
    let [broken, bare] = model.functions.as_slice() else { panic!("two functions") };
    assert_eq!(broken.runtime.as_ref().map(|v| &v.kind), Some(&ValueKind::Unknown));
    assert!(broken.env.is_empty() && broken.vpc.is_none());
    assert_eq!(all(&broken.managed_policies), ["42"]);
    assert!(bare.env.is_empty() && bare.runtime.is_none());
    assert!(model.permissions.is_empty() && model.function_urls.len() == 1);
    assert_eq!(
        model.function_urls[0].auth_type.as_ref().map(|v| &v.kind),
        Some(&ValueKind::Unknown)
    );
}
