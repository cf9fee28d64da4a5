//! LAM002 public-function-url: a function URL that anyone can call without authenticating.
//!
//! `AuthType: NONE` is the finding. Whether a resource policy also lets everyone invoke the
//! URL decides if the URL answers or refuses; a template shows that only for itself (SAM adds
//! the permission on its own, the console and CLI add it elsewhere), so the rule reports the
//! auth type in every case and points at the public permission when it sees one.

use super::access::is_everyone;
use crate::model::Model;
use crate::model::lambda::{FunctionUrl, Permission};
use crate::report::Finding;
use crate::rules::declarative::Builtin;
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM002", "public-function-url", High);

/// The rule's logic is the `match` of its file; [`with_permission_context`] adds what needs
/// the model's links.
static RULE: Builtin = Builtin::new(&META);

pub struct PublicFunctionUrl;

impl Rule for PublicFunctionUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        RULE.check(cx, out);
    }
}

/// The `AuthType: NONE` tokens of a URL (either branch of an `Fn::If` may be one).
pub(super) fn open_auth_types(url: &FunctionUrl) -> impl Iterator<Item = &crate::model::Value> {
    let alternatives = url.auth_type.iter().flat_map(crate::model::Value::literal_alternatives);
    alternatives.filter(|(_, text)| text.trim().eq_ignore_ascii_case("NONE")).map(|(v, _)| v)
}

/// Points at the template's permission that opens the URL to everyone, or says what opens it
/// when the template holds none.
pub(crate) fn with_permission_context(
    finding: Finding,
    url: &FunctionUrl,
    model: &Model,
) -> Finding {
    let Some(function_id) = &url.function_id else { return finding };
    let opening = model
        .permissions
        .iter()
        .find(|p| p.function_id.as_ref() == Some(function_id) && opens_url(p));
    match (opening, &url.target) {
        (Some(permission), _) => match &permission.principal {
            Some(principal) => finding.secondary(principal.span, "everyone may invoke the URL"),
            None => finding,
        },
        // A SAM `FunctionUrlConfig`: SAM adds the permission itself.
        (None, None) => {
            finding.note("SAM adds a permission that lets everyone invoke a URL with AuthType NONE")
        }
        (None, Some(_)) => finding.note(
            "no permission of this template lets everyone invoke the URL, so it refuses calls \
             until one is added (the console adds it when it creates the URL)",
        ),
    }
}

/// `lambda:InvokeFunctionUrl` for everyone.
fn opens_url(permission: &Permission) -> bool {
    let action = permission.action.as_ref().and_then(|a| a.as_literal());
    let url_action = action.is_some_and(|a| {
        a.eq_ignore_ascii_case("lambda:InvokeFunctionUrl")
            || a == "*"
            || a.eq_ignore_ascii_case("lambda:*")
    });
    url_action && permission.principal.as_ref().is_some_and(is_everyone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::rules::testing::{Source, run};

    fn url(src: &mut Source, auth: &str, target: Option<&str>) -> FunctionUrl {
        FunctionUrl {
            path: "Resources.Url.Properties".to_owned(),
            auth_type: Some(src.str(auth)),
            target: target.map(|t| src.str(t)),
            ..FunctionUrl::default()
        }
    }

    #[test]
    fn auth_type_none_is_reported_on_its_token() {
        let mut src = Source::new();
        let arn = "arn:aws:lambda:eu-west-1:123456789012:function:webhook";
        let model = Model {
            function_urls: vec![
                url(&mut src, "NONE", Some(arn)),
                url(&mut src, "AWS_IAM", Some(arn)),
                url(&mut src, "none", None),
            ],
            ..Model::default()
        };
        let findings = run(&PublicFunctionUrl, &model, &src);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].span.slice(&src.text), "\"NONE\"");
        assert_eq!(
            findings[0].message,
            "function URL of webhook lets anyone invoke it without authentication"
        );
        assert_eq!(findings[0].label.as_deref(), Some("no authentication"));
        // The object's path; the pipeline extends it to the token's (`...AuthType`).
        assert_eq!(findings[0].path, "Resources.Url.Properties");
        assert_eq!(
            findings[1].message,
            "function URL lets anyone invoke it without authentication"
        );
        assert!(findings.iter().all(|f| f.notes.is_empty()), "no link, nothing to say");
    }

    #[test]
    fn the_permission_that_opens_the_url_is_labelled() {
        let mut src = Source::new();
        let mut open = url(&mut src, "NONE", Some("x"));
        open.function_id = Some("Fn".into());
        let permission = Permission {
            action: Some(src.str("lambda:InvokeFunctionUrl")),
            principal: Some(src.str("*")),
            function_id: Some("Fn".into()),
            ..Permission::default()
        };
        let model = Model {
            function_urls: vec![open.clone()],
            permissions: vec![permission],
            ..Model::default()
        };
        let findings = run(&PublicFunctionUrl, &model, &src);
        assert_eq!(findings[0].labels[0].span.slice(&src.text), "\"*\"");
        assert_eq!(findings[0].labels[0].message, "everyone may invoke the URL");

        let alone = Model { function_urls: vec![open.clone()], ..Model::default() };
        let findings = run(&PublicFunctionUrl, &alone, &src);
        assert!(findings[0].notes[0].starts_with("no permission of this template"));

        open.target = None;
        let sam = Model { function_urls: vec![open], ..Model::default() };
        let findings = run(&PublicFunctionUrl, &sam, &src);
        assert!(findings[0].notes[0].starts_with("SAM adds a permission"));
    }
}
