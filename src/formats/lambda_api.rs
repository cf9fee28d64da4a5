//! Lambda shapes: `get-function-configuration`, `get-function` and `list-functions` outputs,
//! `create-function` and `update-function-configuration` requests, and the resource policy of
//! `get-policy`.

use super::Extraction;
use super::cloudformation::intrinsics;
use super::fields::{
    field, has_mapping, has_scalar, key_value, list_field, list_of, objects, value,
};
use crate::model::child_path;
use crate::model::lambda::{EnvVar, Function, VpcConfig};
use crate::syntax::Node;

/// Settings an `update-function-configuration` request changes; it carries at least one.
const CONFIGURATION_KEYS: &[&str] = &[
    "Role",
    "Handler",
    "Runtime",
    "Environment",
    "VpcConfig",
    "KMSKeyArn",
    "Timeout",
    "MemorySize",
    "Layers",
];

pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    if let Some(configuration) = root.get("Configuration")
        && is_configuration(configuration)
        && has_mapping(root, "Code")
    {
        out.model.functions.push(function(configuration, "Configuration".to_owned()));
        return Some("lambda-get-function");
    }
    if list_of(root, "Functions", is_configuration).is_some() {
        for (path, configuration) in objects(root, "Functions", "") {
            out.model.functions.push(function(configuration, path));
        }
        return Some("lambda-list-functions");
    }
    if is_configuration(root) {
        out.model.functions.push(function(root, String::new()));
        return Some("lambda-function-configuration");
    }

    // Requests name the function but have no ARN yet; `Code` is what only creation sends.
    let request = has_scalar(root, "FunctionName") && root.get("FunctionArn").is_none();
    if request && has_scalar(root, "Role") && has_mapping(root, "Code") {
        out.model.functions.push(function(root, String::new()));
        return Some("lambda-create-function");
    }
    if request
        && root.get("Code").is_none()
        && CONFIGURATION_KEYS.iter().any(|key| root.get(key).is_some_and(|v| !v.is_null()))
    {
        out.model.functions.push(function(root, String::new()));
        return Some("lambda-update-function-configuration");
    }
    None
}

/// A function's configuration as Lambda returns it: its name, its ARN, and how it runs.
fn is_configuration(node: &Node) -> bool {
    has_scalar(node, "FunctionName")
        && has_scalar(node, "FunctionArn")
        && ["Role", "Runtime", "Handler", "PackageType"].iter().any(|key| has_scalar(node, key))
}

fn function(node: &Node, path: String) -> Function {
    Function {
        span: node.span,
        name: field(node, "FunctionName"),
        logical_id: None,
        runtime: field(node, "Runtime"),
        role: field(node, "Role"),
        env: env_vars(node, &path),
        vpc: node.get("VpcConfig").and_then(vpc_config),
        kms_key: field(node, "KMSKeyArn"),
        path,
        ..Function::default()
    }
}

/// `Environment.Variables`: each name spans its key, each value its token.
fn env_vars(node: &Node, path: &str) -> Vec<EnvVar> {
    let path = child_path(&child_path(path, "Environment"), "Variables");
    let variables = node.get("Environment").and_then(|env| env.get("Variables"));
    variables.map(|variables| variables_of(variables, &path)).unwrap_or_default()
}

/// The entries of a `Variables` mapping whose document path is `path`. A value that yields
/// nothing (a null, `AWS::NoValue` in a template) drops its variable.
pub(super) fn variables_of(variables: &Node, path: &str) -> Vec<EnvVar> {
    // An intrinsic is a mapping too; its one key is no variable.
    let Some(entries) = variables.entries().filter(|_| intrinsics::is_object(variables)) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            Some(EnvVar {
                path: child_path(path, &entry.key.text),
                name: key_value(&entry.key),
                value: value(&entry.value)?,
            })
        })
        .collect()
}

/// The function's VPC attachment. Lambda reports a function outside any VPC with empty lists
/// (`"SubnetIds": [], "VpcId": ""`); that is no attachment, so it becomes `None`.
fn vpc_config(node: &Node) -> Option<VpcConfig> {
    node.entries()?;
    let security_group_ids = list_field(node, "SecurityGroupIds");
    let subnet_ids = list_field(node, "SubnetIds");
    if security_group_ids.is_empty() && subnet_ids.is_empty() {
        return None;
    }
    Some(VpcConfig { span: node.span, security_group_ids, subnet_ids, ..VpcConfig::default() })
}
