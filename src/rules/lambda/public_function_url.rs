//! LAM002 public-function-url: a function URL that anyone can call without authenticating.
//!
//! `AuthType: NONE` is the finding. Whether a resource policy also lets everyone invoke the
//! URL decides if the URL answers or refuses; a template shows that only for itself (SAM adds
//! the permission on its own, the console and CLI add it elsewhere), so the rule reports the
//! auth type in every case and points at the public permission when it sees one.

use super::access::{function_label, is_everyone};
use crate::model::Model;
use crate::model::lambda::{FunctionUrl, Permission};
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM002", "public-function-url", High);

pub struct PublicFunctionUrl;

impl Rule for PublicFunctionUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for url in &cx.model.function_urls {
            let Some(auth_type) = &url.auth_type else { continue };
            for (value, text) in auth_type.literal_alternatives() {
                if !text.trim().eq_ignore_ascii_case("NONE") {
                    continue;
                }
                let subject = match url.target.as_ref().and_then(function_label) {
                    Some(function) => format!("function URL of {function}"),
                    None => "function URL".to_owned(),
                };
                let mut finding = Finding::new(META.code, META.name, Severity::High, value.span)
                    .message(format!("{subject} lets anyone invoke it without authentication"))
                    .help(
                        "set AuthType to AWS_IAM and sign the requests, or put API Gateway or \
                         CloudFront with an authorizer in front; a URL that must stay public has \
                         to authenticate every request in the function's code",
                    )
                    .label("no authentication")
                    .path(crate::model::child_path(&url.path, "AuthType"));
                finding = with_permission_context(finding, url, cx.model);
                out.push(finding);
            }
        }
    }
}

/// Points at the template's permission that opens the URL to everyone, or says what opens it
/// when the template holds none.
fn with_permission_context(finding: Finding, url: &FunctionUrl, model: &Model) -> Finding {
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
        assert_eq!(findings[0].path, "Resources.Url.Properties.AuthType");
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
