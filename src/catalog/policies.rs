//! A user's catalog in cfn-lint's `Policies.json` shape (`cfnlint/data/AdditionalSpecs/`),
//! the same input `scripts/gen-iam-catalog.py` reads:
//!
//! ```json
//! {"s3": {"Actions": {"getobject": {"Resources": ["object"]}, "listallmybuckets": {}},
//!         "Resources": {"object": {"ARNFormats": ["arn:${Partition}:s3:::.*/.*"]}}}}
//! ```
//!
//! Every service needs an `Actions` object; `Resources` (of services and actions),
//! `ARNFormats` and `ConditionKeys` are optional, and other keys are ignored. `Policies.json`
//! has no access levels: an action the compiled-in catalog knows keeps its level and spelling,
//! any other is of unknown level and spelt as the file spells it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::{Catalog, CatalogError};

#[derive(Deserialize)]
struct ServiceSpec {
    #[serde(rename = "Actions")]
    actions: BTreeMap<String, ActionSpec>,
    #[serde(rename = "Resources", default)]
    resources: BTreeMap<String, ResourceSpec>,
}

#[derive(Deserialize)]
struct ActionSpec {
    #[serde(rename = "Resources", default)]
    resources: Vec<String>,
}

#[derive(Deserialize)]
struct ResourceSpec {
    #[serde(rename = "ARNFormats", default)]
    arn_formats: Vec<String>,
    #[serde(rename = "ConditionKeys", default)]
    condition_keys: Vec<String>,
}

/// Converts `Policies.json` to the catalog text format, taking access levels from `known`.
pub(super) fn convert(json: &str, known: &Catalog) -> Result<String, CatalogError> {
    let services: BTreeMap<String, ServiceSpec> = serde_json::from_str(json).map_err(|e| {
        CatalogError::new(format!(
            "not in the Policies.json shape at line {} column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        ))
    })?;

    // The text format sorts case-insensitively and has no escapes: names are lowercased for
    // the order and checked for characters that would break a line apart.
    let mut sorted: BTreeMap<String, &ServiceSpec> = BTreeMap::new();
    for (prefix, spec) in &services {
        check_name("service prefix", prefix)?;
        sorted.entry(prefix.to_ascii_lowercase()).or_insert(spec);
    }

    let mut text = String::with_capacity(json.len() / 2);
    text.push_str("# a catalog converted from Policies.json\n");
    for (prefix, spec) in sorted {
        let _ = writeln!(text, "@{prefix}");
        let types: Vec<&String> = spec.resources.keys().collect();
        for (name, resource) in &spec.resources {
            check_field("resource type", name)?;
            text.push('%');
            text.push_str(name);
            for arn in &resource.arn_formats {
                check_field("ARN format", arn)?;
                text.push('\t');
                text.push_str(arn);
            }
            text.push('\n');
        }

        // The service's own condition keys, as the generator writes them: global `aws:` keys
        // left out.
        let mut keys: Vec<&str> = spec
            .resources
            .values()
            .flat_map(|r| &r.condition_keys)
            .map(String::as_str)
            .filter(|key| !key.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("aws:")))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        if !keys.is_empty() {
            for key in &keys {
                check_field("condition key", key)?;
            }
            let _ = writeln!(text, "?{}", keys.join("\t"));
        }

        let mut actions: BTreeMap<String, (&str, &ActionSpec)> = BTreeMap::new();
        for (name, action) in &spec.actions {
            check_name("action", name)?;
            actions.entry(name.to_ascii_lowercase()).or_insert((name, action));
        }
        for (written, action) in actions.into_values() {
            let builtin = known.service(&prefix).and_then(|s| s.action(written));
            let name = builtin.map_or(written, |a| a.name());
            let level = builtin.map_or('?', |a| {
                let letter = a.level().letter();
                if a.level_inferred() { letter.to_ascii_lowercase() } else { letter }
            });
            let _ = write!(text, "{name}\t{level}");
            // Actions name their resource types in any case (`Secret` for `secret`).
            let mut indices: Vec<usize> = action
                .resources
                .iter()
                .filter_map(|t| types.iter().position(|known| known.eq_ignore_ascii_case(t)))
                .collect();
            indices.sort_unstable();
            indices.dedup();
            let indices: Vec<String> = indices.iter().map(ToString::to_string).collect();
            if !indices.is_empty() {
                let _ = write!(text, "\t{}", indices.join(","));
            }
            text.push('\n');
        }
    }
    Ok(text)
}

/// A prefix or action name: no whitespace or control characters, and not starting with a
/// character the text format gives a meaning.
fn check_name(what: &str, name: &str) -> Result<(), CatalogError> {
    let bad = name.is_empty()
        || name.starts_with(['#', '@', '%'])
        || name.chars().any(|c| c.is_whitespace() || c.is_control() || c == ':' || c == ',');
    if bad {
        return Err(CatalogError::new(format!(
            "{what} `{}` is not a valid name",
            name.escape_debug()
        )));
    }
    Ok(())
}

/// A resource type or ARN: one line, no tab.
fn check_field(what: &str, text: &str) -> Result<(), CatalogError> {
    if text.chars().any(char::is_control) {
        return Err(CatalogError::new(format!(
            "{what} `{}` has a control character",
            text.escape_debug()
        )));
    }
    Ok(())
}

/// `serde_json` appends " at line L column C", which the message already says first.
fn strip_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |i| &message[..i])
}
