//! Lambda function configuration shapes and the function's resource policy.

use tighten::model::iam::PolicyKind;
use tighten::model::lambda::Function;

use crate::{Loaded, all, embedded, load, load_inline, string_value};

/// `path = name@position -> value@position` for each variable.
fn env(f: &Loaded, function: &Function) -> Vec<String> {
    function
        .env
        .iter()
        .map(|var| format!("{} = {} -> {}", var.path, f.at(var.name.span), f.at(var.value.span)))
        .collect()
}

#[test]
fn function_configuration_output() {
    let f = load("lambda/get-function-configuration.json", "lambda-function-configuration");
    let [function] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(function.path, "");
    assert_eq!(f.opt(function.name.as_ref(), "orders-api"), "2:21 \"orders-api\"");
    assert_eq!(f.opt(function.runtime.as_ref(), "python3.8"), "4:16 \"python3.8\"");
    let role = "arn:aws:iam::123456789012:role/service-role/orders-api-role-x1y2z3w4";
    assert_eq!(f.opt(function.role.as_ref(), role), format!("5:13 \"{role}\""));
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(f.opt(function.kms_key.as_ref(), key), format!("32:18 \"{key}\""));

    assert_eq!(
        env(&f, function),
        [
            "Environment.Variables.TABLE_NAME = 27:13 \"TABLE_NAME\" -> 27:27 \"orders\"",
            concat!(
                "Environment.Variables.DB_PASSWORD = 28:13 \"DB_PASSWORD\" ",
                "-> 28:28 \"hunter2-prod-2024\""
            ),
            "Environment.Variables.MAX_RETRIES = 29:13 \"MAX_RETRIES\" -> 29:28 \"3\"",
        ]
    );
    assert_eq!(function.env[1].name.as_literal(), Some("DB_PASSWORD"));
    assert_eq!(function.env[1].value.as_literal(), Some("hunter2-prod-2024"));

    let vpc = function.vpc.as_ref().unwrap();
    assert_eq!(f.at(vpc.span).lines().next(), Some("14:18 {"));
    assert_eq!(all(&vpc.subnet_ids), ["subnet-0931fc2fa5e6f7a8b", "subnet-0a2b4c6d8e0f1a3b5"]);
    assert_eq!(
        f.lit(&vpc.subnet_ids[1], "subnet-0a2b4c6d8e0f1a3b5"),
        "17:13 \"subnet-0a2b4c6d8e0f1a3b5\""
    );
    assert_eq!(
        f.lit(&vpc.security_group_ids[0], "sg-0fedcba9876543210"),
        "20:13 \"sg-0fedcba9876543210\""
    );
}

#[test]
fn get_function_reads_the_configuration_under_its_key() {
    let f = load("lambda/get-function.json", "lambda-get-function");
    let [function] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(function.path, "Configuration");
    let password = &function.env[1];
    assert_eq!(password.path, "Configuration.Environment.Variables.DB_PASSWORD");
    assert_eq!(f.at(password.name.span), "29:17 \"DB_PASSWORD\"");
    assert_eq!(f.at(password.value.span), "29:32 \"hunter2-prod-2024\"");
}

#[test]
fn list_functions_gives_every_function() {
    let f = load("lambda/list-functions.json", "lambda-list-functions");
    let functions = &f.extracted.model.functions;
    let paths: Vec<_> = functions.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["Functions[0]", "Functions[1]"]);

    let worker = &functions[1];
    assert_eq!(f.opt(worker.runtime.as_ref(), "nodejs20.x"), "61:24 \"nodejs20.x\"");
    assert!(worker.vpc.is_none() && worker.kms_key.is_none());
    let token = &worker.env[1];
    assert_eq!(token.path, "Functions[1].Environment.Variables.PAYMENTS_API_TOKEN");
    assert_eq!(f.at(token.name.span), "74:21 \"PAYMENTS_API_TOKEN\"");
    assert_eq!(f.at(token.value.span), "74:43 \"tok_9f8e7d6c5b4a3f2e1d0c\"");
}

#[test]
fn create_function_request() {
    let f = load("lambda/create-function.json", "lambda-create-function");
    let [function] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(function.runtime.as_ref().and_then(|v| v.as_literal()), Some("nodejs16.x"));
    assert_eq!(f.opt(function.kms_key.as_ref(), ""), "20:18 \"\"");
    assert_eq!(
        env(&f, function)[1],
        "Environment.Variables.SMTP_PASSWORD = 17:13 \"SMTP_PASSWORD\" -> 17:30 \"Tr0ub4dor&3\""
    );
}

#[test]
fn update_function_configuration_request() {
    let f =
        load("lambda/update-function-configuration.json", "lambda-update-function-configuration");
    let [function] = f.extracted.model.functions.as_slice() else { panic!("one function") };
    assert_eq!(f.opt(function.runtime.as_ref(), "python3.12"), "19:16 \"python3.12\"");
    assert_eq!(all(&function.vpc.as_ref().unwrap().subnet_ids), ["subnet-0931fc2fa5e6f7a8b"]);
    assert_eq!(
        env(&f, function)[1],
        "Environment.Variables.DB_PASSWORD = 16:13 \"DB_PASSWORD\" -> 16:28 \"hunter2-prod-2024\""
    );
}

#[test]
fn get_policy_output_is_the_function_resource_policy() {
    let f = load("lambda/get-policy.json", "lambda-get-policy");
    assert!(f.extracted.model.functions.is_empty());
    let [policy] = f.extracted.model.policies.as_slice() else { panic!("one policy") };
    assert_eq!((policy.path.as_str(), policy.kind), ("Policy", PolicyKind::Resource));

    let string = string_value(&f, "Policy");
    let [invoke, url] = policy.statements.as_slice() else { panic!("two statements") };
    assert_eq!(url.path, "Policy.Statement[1]");
    embedded(
        &f,
        &invoke.principal.as_ref().unwrap().entries[0].values.items[0],
        "apigateway.amazonaws.com",
        string,
    );
    embedded(&f, &invoke.condition.as_ref().unwrap().clauses[0].key, "AWS:SourceArn", string);
    let public = url.principal.as_ref().unwrap();
    assert!(public.any.is_some_and(|span| string.contains(span)));

    // Each statement is also a permission, its conditions read back into their fields.
    let [api, anyone] = f.extracted.model.permissions.as_slice() else { panic!("two") };
    assert_eq!(api.path, "Policy.Statement[0]");
    embedded(&f, api.principal.as_ref().unwrap(), "apigateway.amazonaws.com", string);
    embedded(&f, api.action.as_ref().unwrap(), "lambda:InvokeFunction", string);
    let source = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/orders";
    embedded(&f, api.source_arn.as_ref().unwrap(), source, string);
    assert!(api.source_account.is_none() && api.function_url_auth_type.is_none());
    assert_eq!(anyone.path, "Policy.Statement[1]");
    assert_eq!(anyone.principal.as_ref().and_then(|p| p.as_literal()), Some("*"));
    embedded(&f, anyone.function_url_auth_type.as_ref().unwrap(), "NONE", string);
}

#[test]
fn function_url_configs_and_add_permission_requests() {
    let f = load_inline(
        r#"{"FunctionUrl": "https://abc.lambda-url.us-east-1.on.aws/", "AuthType": "NONE",
  "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f", "InvokeMode": "BUFFERED"}"#,
        "lambda-function-url-config",
    );
    let [url] = f.extracted.model.function_urls.as_slice() else { panic!("one url") };
    assert_eq!(f.opt(url.auth_type.as_ref(), "NONE"), "1:73 \"NONE\"");
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
    assert_eq!(url.target.as_ref().and_then(|t| t.as_literal()), Some(arn));

    let f = load_inline(
        r#"{"FunctionName": "f", "Qualifier": "live", "AuthType": "AWS_IAM"}"#,
        "lambda-function-url-config-request",
    );
    assert_eq!(f.extracted.model.function_urls[0].target.as_ref().unwrap().as_literal(), Some("f"));

    let f = load_inline(
        r#"{"FunctionName": "f", "StatementId": "s3", "Action": "lambda:InvokeFunction",
  "Principal": "s3.amazonaws.com", "SourceArn": "arn:aws:s3:::b", "SourceAccount": ""}"#,
        "lambda-add-permission",
    );
    let [permission] = f.extracted.model.permissions.as_slice() else { panic!("one") };
    assert_eq!(
        f.opt(permission.principal.as_ref(), "s3.amazonaws.com"),
        "2:16 \"s3.amazonaws.com\""
    );
    assert!(permission.source_arn.is_some());
    assert!(permission.source_account.is_none(), "an empty field is unset");
}

#[test]
fn a_function_outside_any_vpc_has_no_vpc_config() {
    let f = load_inline(
        r#"{"FunctionName": "f", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
  "Runtime": "python3.12", "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""},
  "Environment": {"Variables": {"EMPTY": null, "PORT": 8080}}}"#,
        "lambda-function-configuration",
    );
    let function = &f.extracted.model.functions[0];
    assert!(function.vpc.is_none());
    assert_eq!(env(&f, function), ["Environment.Variables.PORT = 3:48 \"PORT\" -> 3:56 8080"]);
}
