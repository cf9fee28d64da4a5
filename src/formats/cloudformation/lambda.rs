//! Lambda resources of a template: functions, permissions and function URLs.
//!
//! The readers of `Environment` and `VpcConfig` take a global and a local node so that SAM
//! functions share them with `Globals.Function` merged in; a plain `AWS::Lambda::Function` has
//! no global side.

use super::{ResourceDef, ResourceExtractor, Template, intrinsics};
use crate::formats::Extraction;
use crate::formats::fields::{field, list};
use crate::formats::lambda_api::variables_of;
use crate::model::Value;
use crate::model::child_path;
use crate::model::lambda::{EnvVar, Function, FunctionUrl, Permission, VpcConfig};
use crate::syntax::Node;

pub(super) const RESOURCES: &[(&str, ResourceExtractor)] = &[
    ("AWS::Lambda::Function", function),
    ("AWS::Lambda::Permission", permission),
    ("AWS::Lambda::Url", url),
];

/// A property's node with its document path: in a resource's `Properties`, or in SAM
/// `Globals.Function`. Findings on what it holds land where it is written.
#[derive(Clone, Copy)]
pub(super) struct Property<'a> {
    pub node: &'a Node,
    pub path: &'a str,
}

fn function(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let properties = resource.properties();
    let get = |key: &str| properties.and_then(|p| p.get(key));
    let environment_path = child_path(&resource.properties_path(), "Environment");
    let environment = get("Environment").map(|node| Property { node, path: &environment_path });

    out.model.functions.push(Function {
        path: resource.path.clone(),
        span: resource.node.span,
        logical_id: Some(resource.logical_id.into()),
        name: properties.and_then(|p| field(p, "FunctionName")),
        runtime: properties.and_then(|p| field(p, "Runtime")),
        role: properties.and_then(|p| field(p, "Role")),
        kms_key: properties.and_then(|p| field(p, "KmsKeyArn")),
        env: environment_vars(None, environment),
        vpc: vpc_config(None, get("VpcConfig")),
        ..Function::default()
    });
}

fn permission(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    // A permission without properties grants nothing a rule could judge.
    let Some(properties) = resource.properties() else { return };
    out.model.permissions.push(Permission {
        path: resource.properties_path(),
        span: properties.span,
        logical_id: Some(resource.logical_id.into()),
        action: field(properties, "Action"),
        principal: field(properties, "Principal"),
        function: field(properties, "FunctionName"),
        source_arn: field(properties, "SourceArn"),
        source_account: field(properties, "SourceAccount"),
        principal_org_id: field(properties, "PrincipalOrgID"),
        function_url_auth_type: field(properties, "FunctionUrlAuthType"),
        function_id: None,
    });
}

fn url(resource: &ResourceDef<'_>, _: &Template<'_>, out: &mut Extraction<'_>) {
    let Some(properties) = resource.properties() else { return };
    out.model.function_urls.push(FunctionUrl {
        path: resource.properties_path(),
        span: properties.span,
        logical_id: Some(resource.logical_id.into()),
        auth_type: field(properties, "AuthType"),
        target: field(properties, "TargetFunctionArn"),
        function_id: None,
    });
}

/// What SAM keeps of a global and a local value of one property: the local value wins, except
/// that two objects (or two lists, when `same_kind` says lists) are merged, so both are kept.
/// An intrinsic counts as a plain value, as SAM merges before CloudFormation resolves it.
pub(super) fn merged<T>(
    global: Option<T>,
    local: Option<T>,
    same_kind: impl Fn(&T) -> bool,
) -> (Option<T>, Option<T>) {
    match (global, local) {
        (Some(global), Some(local)) if same_kind(&global) && same_kind(&local) => {
            (Some(global), Some(local))
        }
        (global, None) => (global, None),
        (_, local) => (None, local),
    }
}

/// Whether `node` is a list written as one, not an intrinsic that yields one.
pub(super) fn is_list(node: &Node) -> bool {
    node.items().is_some() && intrinsics::call(node).is_none()
}

/// The variables of `Environment`: the function's own, and for a SAM function those of
/// `Globals.Function` it does not redefine (SAM merges the two `Variables` by name). Each keeps
/// the path and span of the place it is written.
pub(super) fn environment_vars(
    global: Option<Property<'_>>,
    local: Option<Property<'_>>,
) -> Vec<EnvVar> {
    let object = |p: &Property<'_>| intrinsics::is_object(p.node);
    let (Some(global), Some(local)) = merged(global, local, object) else {
        return global.or(local).map(|env| variables_in(env)).unwrap_or_default();
    };

    let (global_vars, local_vars) =
        merged(global.node.get("Variables"), local.node.get("Variables"), |v| {
            intrinsics::is_object(v)
        });
    let global_path = child_path(global.path, "Variables");
    let local_path = child_path(local.path, "Variables");
    let own: Vec<EnvVar> =
        local_vars.map(|v| variables_of_branches(v, &local_path)).unwrap_or_default();
    let inherited = global_vars.map(|v| variables_of_branches(v, &global_path)).unwrap_or_default();

    let redefined = |var: &EnvVar| own.iter().any(|o| o.name.as_literal() == var.name.as_literal());
    let mut vars: Vec<EnvVar> = inherited.into_iter().filter(|var| !redefined(var)).collect();
    vars.extend(own);
    vars
}

/// The variables of one `Environment`, each branch of an `Fn::If` included.
fn variables_in(environment: Property<'_>) -> Vec<EnvVar> {
    let path = child_path(environment.path, "Variables");
    intrinsics::branches(environment.node)
        .filter(|env| intrinsics::is_object(env))
        .filter_map(|env| env.get("Variables"))
        .flat_map(|variables| variables_of_branches(variables, &path))
        .collect()
}

fn variables_of_branches(variables: &Node, path: &str) -> Vec<EnvVar> {
    let branches = intrinsics::branches(variables);
    branches.flat_map(|v| variables_of(v, path)).collect()
}

/// `VpcConfig`, with SAM's merge of a global one: the two mappings merge key by key, and two
/// lists of ids are concatenated, the global ids first. A config given by an `Fn::If` gives the
/// ids of every branch. No ids at all is no VPC attachment.
pub(super) fn vpc_config(global: Option<&Node>, local: Option<&Node>) -> Option<VpcConfig> {
    let (global, local) = merged(global, local, |n| intrinsics::is_object(n));
    let span = local.or(global)?.span;
    let locals: Vec<Option<&Node>> = match local {
        Some(local) => intrinsics::branches(local).map(Some).collect(),
        None => vec![None],
    };

    let mut vpc = VpcConfig { span, ..VpcConfig::default() };
    for local in locals.into_iter().filter(|l| l.is_none_or(intrinsics::is_object)) {
        vpc.security_group_ids.extend(ids(global, local, "SecurityGroupIds"));
        vpc.subnet_ids.extend(ids(global, local, "SubnetIds"));
    }
    let attached = !vpc.security_group_ids.is_empty() || !vpc.subnet_ids.is_empty();
    attached.then_some(vpc)
}

/// The ids of `key` in a VPC config, the global list first when SAM concatenates the two.
fn ids(global: Option<&Node>, local: Option<&Node>, key: &str) -> Vec<Value> {
    let global = global.and_then(|g| g.get(key));
    let local = local.and_then(|l| l.get(key));
    let (global, local) = merged(global, local, |n| is_list(n));
    global.into_iter().chain(local).flat_map(list).collect()
}
