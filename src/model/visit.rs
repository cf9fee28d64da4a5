//! One pass over every value of the model, for rewrites that apply to all of them alike (a
//! template's parameter defaults).

use super::iam::{Condition, Policy, Principal, Statement};
use super::{Model, Value, Values};

impl Model {
    /// Calls `f` on every value of the model, the alternatives of each choice included.
    pub fn visit_values_mut(&mut self, f: &mut impl FnMut(&mut Value)) {
        for policy in &mut self.policies {
            visit_policy(policy, f);
        }
        for role in &mut self.roles {
            each(role.name.iter_mut().chain(&mut role.managed_policies), f);
            each(role.permissions_boundary.iter_mut(), f);
        }
        for attached in &mut self.attached_policies {
            each(std::iter::once(&mut attached.arn).chain(&mut attached.holder), f);
        }
        for group in &mut self.security_groups {
            each(group.id.iter_mut(), f);
            for rule in &mut group.rules {
                let scalars = [&mut rule.protocol, &mut rule.from_port, &mut rule.to_port];
                each(scalars.into_iter().flatten(), f);
                each(rule.ipv4.iter_mut().chain(&mut rule.ipv6), f);
                each(rule.prefix_lists.iter_mut().chain(&mut rule.groups), f);
            }
        }
        for acl in &mut self.network_acls {
            each(acl.id.iter_mut(), f);
            for entry in &mut acl.entries {
                let scalars = [
                    &mut entry.rule_number,
                    &mut entry.action,
                    &mut entry.protocol,
                    &mut entry.from_port,
                    &mut entry.to_port,
                    &mut entry.ipv4,
                    &mut entry.ipv6,
                ];
                each(scalars.into_iter().flatten(), f);
            }
        }
        for function in &mut self.functions {
            let scalars = [
                &mut function.name,
                &mut function.runtime,
                &mut function.role,
                &mut function.kms_key,
            ];
            each(scalars.into_iter().flatten(), f);
            each(function.env.iter_mut().map(|var| &mut var.value), f);
            each(function.managed_policies.iter_mut(), f);
            if let Some(vpc) = &mut function.vpc {
                each(vpc.security_group_ids.iter_mut().chain(&mut vpc.subnet_ids), f);
            }
        }
        for permission in &mut self.permissions {
            let scalars = [
                &mut permission.action,
                &mut permission.principal,
                &mut permission.function,
                &mut permission.source_arn,
                &mut permission.source_account,
                &mut permission.principal_org_id,
                &mut permission.function_url_auth_type,
            ];
            each(scalars.into_iter().flatten(), f);
        }
        for url in &mut self.function_urls {
            each([&mut url.auth_type, &mut url.target].into_iter().flatten(), f);
        }
    }
}

impl Policy {
    /// Calls `f` on every value of the policy, the alternatives of each choice included.
    pub fn visit_values_mut(&mut self, f: &mut impl FnMut(&mut Value)) {
        visit_policy(self, f);
    }
}

fn each<'a>(values: impl Iterator<Item = &'a mut Value>, f: &mut impl FnMut(&mut Value)) {
    for value in values {
        value.visit_mut(f);
    }
}

fn visit_policy(policy: &mut Policy, f: &mut impl FnMut(&mut Value)) {
    each(policy.name.iter_mut().chain(&mut policy.version), f);
    each(policy.attachments.iter_mut(), f);
    for statement in &mut policy.statements {
        visit_statement(statement, f);
    }
}

fn visit_statement(statement: &mut Statement, f: &mut impl FnMut(&mut Value)) {
    each(statement.sid.iter_mut().chain(&mut statement.effect), f);
    let lists = [
        &mut statement.action,
        &mut statement.not_action,
        &mut statement.resource,
        &mut statement.not_resource,
    ];
    for values in lists.into_iter().flatten() {
        visit_values(values, f);
    }
    for principal in [&mut statement.principal, &mut statement.not_principal].into_iter().flatten()
    {
        visit_principal(principal, f);
    }
    if let Some(condition) = &mut statement.condition {
        visit_condition(condition, f);
    }
}

fn visit_values(values: &mut Values, f: &mut impl FnMut(&mut Value)) {
    each(values.items.iter_mut(), f);
}

fn visit_principal(principal: &mut Principal, f: &mut impl FnMut(&mut Value)) {
    for entry in &mut principal.entries {
        entry.kind.visit_mut(f);
        visit_values(&mut entry.values, f);
    }
}

fn visit_condition(condition: &mut Condition, f: &mut impl FnMut(&mut Value)) {
    for clause in &mut condition.clauses {
        clause.operator.visit_mut(f);
        clause.key.visit_mut(f);
        visit_values(&mut clause.values, f);
    }
}
