//! SAM resources: `AWS::Serverless::Function` with its `Policies`, `Environment`, `VpcConfig`,
//! `FunctionUrlConfig`, `Runtime` and `Role`, and `Globals.Function` merged into each.
//!
//! The merge is SAM's: a value the function sets replaces the global one, two mappings merge
//! key by key and two lists concatenate. SAM refuses `Role`, `Policies` and `FunctionName` in
//! `Globals`, so those are read from the function only. Every merged value keeps the span and
//! path of the place it is written, in the function or in `Globals`.

use super::lambda::{Property, environment_vars, is_list, merged, vpc_config};
use super::{ResourceDef, ResourceExtractor, Template, intrinsics};
use crate::formats::Extraction;
use crate::formats::fields::{field, key_value, value};
use crate::formats::policy::push_document;
use crate::model::iam::PolicyKind;
use crate::model::lambda::{Function, FunctionUrl};
use crate::model::{Value, child_path, index_path};
use crate::syntax::Node;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] =
    &[("AWS::Serverless::Function", function)];

/// Where `Globals.Function` is in the document.
const GLOBALS_PATH: &str = "Globals.Function";

/// `Globals.Function` as one function sees it: minus what its `IgnoreGlobals` names.
struct Globals<'a> {
    node: Option<&'a Node>,
    /// `IgnoreGlobals`: `*` for every property, or a list of property names.
    ignored: Option<&'a Node>,
}

impl<'a> Globals<'a> {
    fn get(&self, key: &str) -> Option<&'a Node> {
        let ignored = self.ignored.is_some_and(|ignored| {
            ignored.as_str() == Some("*")
                || ignored
                    .items()
                    .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(key)))
        });
        if ignored { None } else { self.node?.get(key) }
    }
}

fn function(resource: &ResourceDef<'_>, template: &Template<'_>, out: &mut Extraction<'_>) {
    let properties = resource.properties();
    let properties_path = resource.properties_path();
    let globals = Globals {
        node: template.function_globals.filter(|g| intrinsics::is_object(g)),
        ignored: resource.node.get("IgnoreGlobals"),
    };
    let local = |key: &str| properties.and_then(|p| p.get(key));

    let environment_path = child_path(&properties_path, "Environment");
    let global_environment_path = child_path(GLOBALS_PATH, "Environment");
    let environment = environment_vars(
        globals.get("Environment").map(|node| Property { node, path: &global_environment_path }),
        local("Environment").map(|node| Property { node, path: &environment_path }),
    );

    let mut function = Function {
        path: resource.path.clone(),
        span: resource.node.span,
        logical_id: Some(resource.logical_id.into()),
        name: properties.and_then(|p| field(p, "FunctionName")),
        runtime: merged_field(globals.get("Runtime"), local("Runtime")),
        role: properties.and_then(|p| field(p, "Role")),
        kms_key: merged_field(globals.get("KmsKeyArn"), local("KmsKeyArn")),
        env: environment,
        vpc: vpc_config(globals.get("VpcConfig"), local("VpcConfig")),
        ..Function::default()
    };
    if let Some(policies) = local("Policies") {
        function.policies_key = properties.and_then(|p| p.entry("Policies")).map(|e| e.key.span);
        let path = child_path(&properties_path, "Policies");
        read_policies(policies, &path, resource.logical_id, &mut function, out);
    }
    out.model.functions.push(function);

    let url_path = child_path(&properties_path, "FunctionUrlConfig");
    let global_url_path = child_path(GLOBALS_PATH, "FunctionUrlConfig");
    let urls = function_urls(
        globals.get("FunctionUrlConfig").map(|node| Property { node, path: &global_url_path }),
        local("FunctionUrlConfig").map(|node| Property { node, path: &url_path }),
        resource.logical_id,
    );
    out.model.function_urls.extend(urls);
}

/// A scalar property: the function's value when it sets the key (even to `AWS::NoValue`,
/// which SAM passes on for CloudFormation to remove), the global value otherwise.
fn merged_field(global: Option<&Node>, local: Option<&Node>) -> Option<Value> {
    match local {
        Some(local) => value(local),
        None => global.and_then(value),
    }
}

/// `Policies`: one policy or a list of them, each a managed policy name or ARN, a policy
/// document, or a SAM policy template (`S3ReadPolicy: {BucketName: ...}`). An `Fn::If` gives
/// the policies of both branches.
fn read_policies(
    node: &Node,
    path: &str,
    logical_id: &str,
    function: &mut Function,
    out: &mut Extraction<'_>,
) {
    for whole in intrinsics::branches(node) {
        let items: Vec<(String, &Node)> = match whole.items().filter(|_| is_list(whole)) {
            Some(items) => {
                items.iter().enumerate().map(|(i, item)| (index_path(path, i), item)).collect()
            }
            None => vec![(path.to_owned(), whole)],
        };
        for (path, item) in items {
            for policy in intrinsics::branches(item) {
                read_policy(policy, &path, logical_id, function, out);
            }
        }
    }
}

fn read_policy(
    node: &Node,
    path: &str,
    logical_id: &str,
    function: &mut Function,
    out: &mut Extraction<'_>,
) {
    if !intrinsics::is_object(node) {
        function.managed_policies.extend(value(node));
        return;
    }
    if node.get("Statement").is_none() {
        let templates = node.entries().unwrap_or_default();
        function.policy_templates.extend(templates.iter().map(|entry| key_value(&entry.key)));
        return;
    }

    // The function's generated role holds the document: it is attached to the function.
    let before = out.model.policies.len();
    push_document(node, path.to_owned(), PolicyKind::Identity, None, out);
    for policy in &mut out.model.policies[before..] {
        policy.logical_id = Some(logical_id.into());
        policy.attached_to = vec![logical_id.into()];
    }
}

/// `FunctionUrlConfig`: the function's, merged with a global one key by key. A config given by
/// an `Fn::If` gives a URL for each branch.
fn function_urls(
    global: Option<Property<'_>>,
    local: Option<Property<'_>>,
    logical_id: &str,
) -> Vec<FunctionUrl> {
    let url = |property: Property<'_>, node: &Node, auth_type| FunctionUrl {
        path: property.path.to_owned(),
        span: node.span,
        logical_id: Some(logical_id.into()),
        auth_type,
        target: None,
        function_id: Some(logical_id.into()),
    };

    let object = |p: &Property<'_>| intrinsics::is_object(p.node);
    match merged(global, local, object) {
        (Some(global), Some(local)) => {
            let auth_type = merged_field(global.node.get("AuthType"), local.node.get("AuthType"));
            vec![url(local, local.node, auth_type)]
        }
        (global, local) => {
            let Some(property) = local.or(global) else { return Vec::new() };
            intrinsics::branches(property.node)
                .filter(|node| intrinsics::is_object(node))
                .map(|node| url(property, node, field(node, "AuthType")))
                .collect()
        }
    }
}
