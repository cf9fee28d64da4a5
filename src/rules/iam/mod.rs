//! IAM rules: what policy statements allow.

mod admin_managed_policy;
mod allow_not_action;
mod allow_not_resource;
pub(crate) mod escalation;
mod full_admin;
mod grammar;
mod invalid_policy;
mod narrowing;
pub(crate) mod pattern;
pub mod privilege;
mod privilege_escalation;
mod public_principal;
mod unknown_action;
mod web_identity;
mod wildcard_action;
mod wildcard_resource;

pub use admin_managed_policy::AdminManagedPolicy;
pub use allow_not_action::AllowNotAction;
pub use allow_not_resource::AllowNotResource;
pub use full_admin::FullAdmin;
pub use invalid_policy::InvalidPolicy;
pub use privilege_escalation::PrivilegeEscalation;
pub use public_principal::PublicPrincipal;
pub use unknown_action::UnknownAction;
pub use wildcard_action::WildcardAction;
pub use wildcard_resource::WildcardResource;

use crate::model::iam::{Policy, PolicyKind, Statement};
use crate::model::{Value, Values, child_path, index_path};

/// Whether the statement's `Resource` names what its own principal may act on. In resource
/// and trust policies `Resource` is the resource holding the policy, so a `*` there is not an
/// over-broad grant. An unknown policy with a principal is read as a resource policy.
fn governs_identity(policy: &Policy, statement: &Statement) -> bool {
    match policy.kind {
        PolicyKind::Identity => true,
        PolicyKind::Resource | PolicyKind::Trust => false,
        PolicyKind::Unknown => statement.principal.is_none() && statement.not_principal.is_none(),
    }
}

/// The document path of one item of a field: `Statement[0].Resource[1]`, or
/// `Statement[0].Resource` when the field is a single string.
fn item_path(statement: &Statement, field: &str, values: &Values, index: usize) -> String {
    let field_path = child_path(&statement.path, field);
    let single = values.items.len() == 1 && values.items[0].span == values.span;
    if single { field_path } else { index_path(&field_path, index) }
}

/// A wildcard standing for every action of every service whatever the catalog: `*`, `*:*`,
/// or any other spelling made only of stars on both sides of the colon (`*:**`).
fn is_every_action(action: &str) -> bool {
    let stars = |part: &str| !part.is_empty() && part.bytes().all(|c| c == b'*');
    action == "*" || action.split_once(':').is_some_and(|(s, n)| stars(s) && stars(n))
}

/// The literal `*` items of a field (or alternatives of an `Fn::If` item), with their index.
fn stars(values: &Values) -> impl Iterator<Item = (usize, &Value)> {
    values.indexed_literals().filter(|(_, _, text)| *text == "*").map(|(i, value, _)| (i, value))
}

/// What IAM003 reports: an Allow of every action on every resource, with no condition. The
/// other wildcard rules stay quiet on such a statement, since this finding says it all.
struct Admin<'a> {
    /// The `*` action and its index in `Action`.
    action: (usize, &'a Value),
    /// The `*` resource and its index in `Resource`.
    resource: (usize, &'a Value),
}

fn full_admin<'a>(policy: &Policy, statement: &'a Statement) -> Option<Admin<'a>> {
    if !statement.is_allow() || statement.has_condition() || !governs_identity(policy, statement) {
        return None;
    }
    let action = statement
        .action
        .as_ref()?
        .indexed_literals()
        .find(|(_, _, text)| is_every_action(text))
        .map(|(i, value, _)| (i, value))?;
    let resource = stars(statement.resource.as_ref()?).next()?;
    Some(Admin { action, resource })
}

/// `first`, `first and 1 more action`, `first and 3 more actions`: a list in a message.
fn first_and_more(items: &[&str], noun: &str) -> String {
    match items {
        [] => format!("the listed {noun}s"),
        [one] => (*one).to_owned(),
        [first, rest @ ..] if rest.len() == 1 => format!("{first} and 1 more {noun}"),
        [first, rest @ ..] => format!("{first} and {} more {noun}s", rest.len()),
    }
}

/// The text of every literal or interpolated item of a field, as written, for messages.
fn written_texts(values: &Values) -> Vec<&str> {
    values
        .iter()
        .flat_map(Value::alternatives)
        .filter_map(|value| match &value.kind {
            crate::model::ValueKind::Literal(text)
            | crate::model::ValueKind::Interpolated(text) => Some(&**text),
            _ => None,
        })
        .collect()
}

/// The six fields of an ARN (`arn`, partition, service, region, account, resource), split at
/// the colons that are not inside a `${...}` placeholder (`arn:${AWS::Partition}:s3:::b`). The
/// resource keeps its own colons. `None` when there are fewer than six fields.
fn arn_fields(text: &str) -> Option<[&str; 6]> {
    let mut fields = [""; 6];
    let (mut start, mut count, mut depth) = (0, 0, 0_usize);
    let bytes = text.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                fields[count] = &text[start..i];
                count += 1;
                start = i + 1;
                // The resource is the rest, colons and all: no need to read it.
                if count == 5 {
                    break;
                }
            }
            _ => {}
        }
    }
    if count < 5 {
        return None;
    }
    fields[5] = &text[start..];
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::arn_fields;

    #[test]
    fn arn_fields_skip_placeholder_colons() {
        assert_eq!(
            arn_fields("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"),
            Some(["arn", "${AWS::Partition}", "iam", "", "${AWS::AccountId}", "role/*"])
        );
        assert_eq!(
            arn_fields("arn:aws:logs:eu-west-1:123:log-group:/aws/x:*"),
            Some(["arn", "aws", "logs", "eu-west-1", "123", "log-group:/aws/x:*"])
        );
        assert_eq!(arn_fields("arn:aws:s3:::bucket"), Some(["arn", "aws", "s3", "", "", "bucket"]));
        assert_eq!(arn_fields("arn:aws:s3"), None);
        assert_eq!(arn_fields("*"), None);
    }
}
