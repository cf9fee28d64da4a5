//! CloudFormation and SAM templates, JSON or YAML: each resource of a type tighten knows is
//! extracted into the model with its values' own spans, parameters' defaults are followed, and
//! the links between resources (a function and its role, a permission and its function) are
//! resolved by logical id.

mod iam;
pub mod intrinsics;
mod lambda;
mod links;
mod network;
mod parameters;
mod sam;

use std::collections::HashMap;

use super::Extraction;
use crate::model::{Resource, child_path};
use crate::syntax::Node;

/// A template as the resource extractors read it.
pub(super) struct Template<'a> {
    /// `Parameters`, by name: each parameter's definition.
    pub parameters: HashMap<&'a str, &'a Node>,
    /// SAM `Globals.Function`, merged into every `AWS::Serverless::Function`.
    pub function_globals: Option<&'a Node>,
}

/// One entry of `Resources`, with a `Type`.
pub(super) struct ResourceDef<'a> {
    pub logical_id: &'a str,
    /// The resource's definition (`Type`, `Properties`, ...).
    pub node: &'a Node,
    /// `Resources.<logical id>`.
    pub path: String,
}

impl<'a> ResourceDef<'a> {
    /// `Properties`, when it is a mapping.
    pub fn properties(&self) -> Option<&'a Node> {
        self.node.get("Properties").filter(|p| intrinsics::is_object(p))
    }

    /// `Resources.<logical id>.Properties`.
    pub fn properties_path(&self) -> String {
        child_path(&self.path, "Properties")
    }
}

/// Extracts one resource of a known type into the model.
type ResourceExtractor = fn(&ResourceDef<'_>, &Template<'_>, &mut Extraction<'_>);

/// Claims a template: a mapping whose `Resources` is a mapping with at least one entry that
/// has a string `Type`. `AWSTemplateFormatVersion` and `Transform` are optional, as many SAM
/// templates omit them.
pub(super) fn extract(root: &Node, out: &mut Extraction<'_>) -> Option<&'static str> {
    let resources = root.get("Resources")?.entries()?;
    let typed = |node: &Node| node.get("Type").and_then(Node::as_str).map(str::to_owned);
    if !resources.iter().any(|entry| typed(&entry.value).is_some()) {
        return None;
    }

    let template = Template {
        parameters: parameters::definitions(root),
        function_globals: root.get("Globals").and_then(|g| g.get("Function")),
    };
    let mut serverless = root.get("Transform").is_some_and(is_serverless_transform);

    for entry in resources {
        let Some(kind) = entry.value.get("Type").and_then(Node::as_str) else { continue };
        let resource = ResourceDef {
            logical_id: &entry.key.text,
            node: &entry.value,
            path: child_path("Resources", &entry.key.text),
        };
        serverless |= kind.starts_with("AWS::Serverless::");
        out.model.resources.push(Resource {
            logical_id: resource.logical_id.into(),
            kind: kind.into(),
            span: entry.key.span.cover(entry.value.span),
        });

        let families = [iam::RESOURCES, network::RESOURCES, lambda::RESOURCES, sam::RESOURCES];
        let extractor = families.iter().flat_map(|f| f.iter()).find(|(name, _)| *name == kind);
        if let Some((_, extractor)) = extractor {
            extractor(&resource, &template, out);
        }
    }

    network::finish(out);
    parameters::record(root, out);
    parameters::follow_defaults(&template, out);
    links::resolve(&mut out.model);
    Some(if serverless { "sam-template" } else { "cloudformation-template" })
}

/// `Transform: AWS::Serverless-2016-10-31`, alone or in a list.
fn is_serverless_transform(node: &Node) -> bool {
    let is_sam = |n: &Node| n.as_str().is_some_and(|t| t.starts_with("AWS::Serverless"));
    node.items().map_or_else(|| is_sam(node), |items| items.iter().any(is_sam))
}
