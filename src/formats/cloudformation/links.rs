//! Links between the resources of one template, by logical id: a function and its role and
//! security groups, a permission or URL and its function, a policy and the identities it is
//! attached to. Rules that judge a function by its role read these.

use std::collections::HashMap;

use crate::model::{Model, Resource, Value, ValueKind};

/// Resolves every link of `model` that names a resource of the same template.
pub(super) fn resolve(model: &mut Model) {
    let resources: HashMap<&str, &Resource> =
        model.resources.iter().map(|r| (&*r.logical_id, r)).collect();
    let is =
        |id: &str, kinds: &[&str]| resources.get(id).is_some_and(|r| kinds.contains(&&*r.kind));
    let role_names: HashMap<&str, &str> = model
        .roles
        .iter()
        .filter_map(|role| Some((role.name.as_ref()?.as_literal()?, &*role.logical_id)))
        .collect();
    let function_names: HashMap<&str, &str> = model
        .functions
        .iter()
        .filter_map(|f| Some((f.name.as_ref()?.as_literal()?, &**f.logical_id.as_ref()?)))
        .collect();
    let functions = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

    let mut role_links = Vec::new();
    for function in &model.functions {
        let role = function.role.as_ref().and_then(|role| {
            target(role).filter(|id| is(id, &["AWS::IAM::Role"])).map(str::to_owned).or_else(|| {
                crate::model::iam::role_name(role)
                    .and_then(|n| role_names.get(n))
                    .map(|&id| id.to_owned())
            })
        });
        let groups: Vec<Box<str>> = function
            .vpc
            .iter()
            .flat_map(|vpc| &vpc.security_group_ids)
            .filter_map(target)
            .filter(|id| is(id, &["AWS::EC2::SecurityGroup"]))
            .map(Into::into)
            .collect();
        role_links.push((role.map(Into::into), groups));
    }

    let function_of = |value: Option<&Value>| -> Option<Box<str>> {
        let value = value?;
        if let Some(id) = target(value).filter(|id| is(id, &functions)) {
            return Some(id.into());
        }
        let name = value.as_literal()?;
        let name = name.rsplit(":function:").next().unwrap_or(name);
        function_names.get(name).map(|&id| id.into())
    };
    let permission_links: Vec<_> =
        model.permissions.iter().map(|p| function_of(p.function.as_ref())).collect();
    let url_links: Vec<_> =
        model.function_urls.iter().map(|u| function_of(u.target.as_ref())).collect();

    let identities = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"];
    let attachment_links: Vec<Vec<Box<str>>> = model
        .policies
        .iter()
        .map(|policy| {
            policy
                .attachments
                .iter()
                .filter_map(|a| {
                    target(a)
                        .filter(|id| is(id, &identities))
                        .or_else(|| a.as_literal().and_then(|n| role_names.get(n).copied()))
                })
                .map(Into::into)
                .collect()
        })
        .collect();
    let managed_links: Vec<(Box<str>, Box<str>)> = model
        .roles
        .iter()
        .flat_map(|role| {
            role.managed_policies
                .iter()
                .filter_map(target)
                .filter(|id| is(id, &["AWS::IAM::ManagedPolicy"]))
                .map(|id| (id.into(), role.logical_id.clone()))
        })
        .collect();
    drop(resources);

    for (function, (role, groups)) in model.functions.iter_mut().zip(role_links) {
        function.role_id = role;
        if let Some(vpc) = &mut function.vpc {
            vpc.security_group_links = groups;
        }
    }
    for (permission, link) in model.permissions.iter_mut().zip(permission_links) {
        permission.function_id = permission.function_id.take().or(link);
    }
    for (url, link) in model.function_urls.iter_mut().zip(url_links) {
        url.function_id = url.function_id.take().or(link);
    }
    for (policy, links) in model.policies.iter_mut().zip(attachment_links) {
        for link in links {
            if !policy.attached_to.contains(&link) {
                policy.attached_to.push(link);
            }
        }
    }
    for (managed, role) in managed_links {
        let holder = model.policies.iter_mut().filter(|p| p.logical_id.as_ref() == Some(&managed));
        for policy in holder {
            if !policy.attached_to.contains(&role) {
                policy.attached_to.push(role.clone());
            }
        }
    }
}

/// The logical id a `Ref` or `Fn::GetAtt` points at.
pub(super) fn target(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::Reference { function, target } if &**function == "Ref" => Some(target),
        ValueKind::Reference { function, target } if &**function == "Fn::GetAtt" => {
            target.split('.').next()
        }
        _ => None,
    }
}
