//! Every fixture with each of its nodes replaced by a value of another type: extraction never
//! panics, and every span it returns lies inside the file.

use serde_json::Value as Json;
use tighten::model::{Model, Value, Values};
use tighten::syntax::Span;

use crate::{extract_text, read};

const FIXTURES: &[&str] = &[
    "policy/identity.json",
    "policy/resource.json",
    "policy/scp.json",
    "iam/get-role.json",
    "iam/create-role.json",
    "iam/get-account-authorization-details.json",
    "ec2/describe-security-groups.json",
    "ec2/authorize-ingress-flat.json",
    "ec2/describe-security-group-rules.json",
    "ec2/describe-network-acls.json",
    "ec2/create-network-acl-entry.json",
    "lambda/get-function.json",
    "lambda/create-function.json",
    "lambda/get-policy.json",
];

fn replacements() -> [Json; 5] {
    [Json::Null, Json::from(7), Json::from("*"), Json::Array(vec![]), serde_json::json!({"x": [1]})]
}

/// Calls `visit` with a pointer to every node of `json`, root excluded.
fn pointers(json: &Json, at: &str, out: &mut Vec<String>) {
    let children: Vec<(String, &Json)> = match json {
        Json::Object(map) => map.iter().map(|(k, v)| (format!("{at}/{k}"), v)).collect(),
        Json::Array(items) => {
            items.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v)).collect()
        }
        _ => return,
    };
    for (pointer, child) in children {
        out.push(pointer.clone());
        pointers(child, &pointer, out);
    }
}

fn value_spans(value: &Value, out: &mut Vec<Span>) {
    out.push(value.span);
}

fn values_spans(values: &Values, out: &mut Vec<Span>) {
    out.extend([values.span, values.key_span]);
    out.extend(values.iter().map(|v| v.span));
}

/// The spans of everything in the model that points into the file.
fn spans(model: &Model) -> Vec<Span> {
    let mut out = Vec::new();
    for policy in &model.policies {
        out.push(policy.span);
        for statement in &policy.statements {
            out.push(statement.span);
            let fields = [
                &statement.action,
                &statement.not_action,
                &statement.resource,
                &statement.not_resource,
            ];
            fields.into_iter().flatten().for_each(|v| values_spans(v, &mut out));
            for principal in [&statement.principal, &statement.not_principal].into_iter().flatten()
            {
                out.extend(principal.any);
                for entry in &principal.entries {
                    value_spans(&entry.kind, &mut out);
                    values_spans(&entry.values, &mut out);
                }
            }
            for clause in statement.condition.iter().flat_map(|c| &c.clauses) {
                value_spans(&clause.operator, &mut out);
                value_spans(&clause.key, &mut out);
                values_spans(&clause.values, &mut out);
            }
        }
    }
    for rule in model.security_groups.iter().flat_map(|g| &g.rules) {
        out.push(rule.span);
        let lists = [&rule.ipv4, &rule.ipv6, &rule.prefix_lists, &rule.groups];
        out.extend(lists.into_iter().flatten().map(|v| v.span));
        out.extend(
            [&rule.protocol, &rule.from_port, &rule.to_port].into_iter().flatten().map(|v| v.span),
        );
    }
    for entry in model.network_acls.iter().flat_map(|a| &a.entries) {
        out.push(entry.span);
        let fields = [
            &entry.rule_number,
            &entry.action,
            &entry.protocol,
            &entry.from_port,
            &entry.to_port,
            &entry.ipv4,
            &entry.ipv6,
        ];
        out.extend(fields.into_iter().flatten().map(|v| v.span));
    }
    for attached in &model.attached_policies {
        out.push(attached.arn.span);
        out.extend(attached.holder.as_ref().map(|h| h.span));
    }
    for function in &model.functions {
        out.push(function.span);
        out.extend(function.env.iter().flat_map(|var| [var.name.span, var.value.span]));
        out.extend(
            [&function.runtime, &function.role, &function.kms_key]
                .into_iter()
                .flatten()
                .map(|v| v.span),
        );
    }
    out
}

#[test]
fn nodes_of_any_type_anywhere_never_panic_and_spans_stay_in_the_file() {
    let mut recognized = 0;
    let mut variants = 0;
    for name in FIXTURES {
        let original: Json = serde_json::from_str(&read(name)).unwrap();
        let mut all = Vec::new();
        pointers(&original, "", &mut all);

        for pointer in &all {
            for replacement in replacements() {
                let mut variant = original.clone();
                *variant.pointer_mut(pointer).unwrap() = replacement;
                let text = serde_json::to_string_pretty(&variant).unwrap();
                variants += 1;

                let Some(extracted) = extract_text(&text).unwrap() else { continue };
                recognized += 1;
                let len = text.len() as u32;
                for span in spans(&extracted.model)
                    .into_iter()
                    .chain(extracted.errors.iter().map(|e| e.span))
                {
                    assert!(
                        span.start <= span.end && span.end <= len,
                        "{name} {pointer}: {span:?}"
                    );
                }
            }
        }
    }

    // Most variants keep their characteristic keys and are still recognized.
    assert!(variants > 2000, "{variants}");
    assert!(recognized * 2 > variants, "{recognized} of {variants}");
}

#[test]
fn every_rule_takes_any_variant_without_panicking() {
    let options = tighten::lint::Options::default();
    let mut linted = 0;
    for name in FIXTURES {
        let original: Json = serde_json::from_str(&read(name)).unwrap();
        let mut all = Vec::new();
        pointers(&original, "", &mut all);

        for pointer in &all {
            for replacement in replacements() {
                let mut variant = original.clone();
                *variant.pointer_mut(pointer).unwrap() = replacement;
                let text = serde_json::to_string_pretty(&variant).unwrap();
                let result = tighten::lint::lint_bytes("variant.json", text.as_bytes(), &options);
                for finding in &result.findings {
                    assert!(finding.span.end as usize <= text.len(), "{name} {pointer}");
                }
                linted += 1;
            }
        }
    }
    assert!(linted > 2000, "{linted}");
}
