//! LAM003 public-invoke-permission: a resource-based permission that lets everyone invoke the
//! function, or lets an AWS service invoke it on behalf of any account (the confused deputy).
//!
//! A service principal such as `s3.amazonaws.com` stands for that service acting for every
//! customer: without `SourceArn` or `SourceAccount`, anyone's bucket, topic or rule can be
//! pointed at the function. S3 is the special case: a bucket ARN has no account in it, and a
//! bucket name can be taken over once deleted, so S3 needs `SourceAccount` too.

use super::access::{function_label, is_everyone};
use crate::model::Value;
use crate::model::lambda::Permission;
use crate::report::{Finding, Severity};
use crate::rules::{Context, Rule, RuleMeta};

static META: RuleMeta = crate::rule_meta!("LAM003", "public-invoke-permission", Critical);

pub struct PublicInvokePermission;

impl Rule for PublicInvokePermission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for permission in &cx.model.permissions {
            if !grants_invoke(permission) {
                continue;
            }
            let Some(principal) = &permission.principal else { continue };
            // Each branch of an `Fn::If` is a principal the permission may be deployed with.
            for (value, text) in principal.literal_alternatives() {
                let judged = if is_everyone(value) {
                    everyone(permission, value)
                } else if is_service(text) {
                    service(permission, value, text.trim())
                } else {
                    None
                };
                out.extend(judged);
            }
        }
    }
}

/// The principal tokens that let everyone invoke the function through `permission`, with no
/// source or organization narrowing them: what LAM003 reports as public.
pub(super) fn public_principals(permission: &Permission) -> Vec<&Value> {
    if !grants_invoke(permission) {
        return Vec::new();
    }
    let alternatives = permission.principal.iter().flat_map(Value::alternatives);
    alternatives
        .filter(|value| is_everyone(value) && everyone(permission, value).is_some())
        .collect()
}

/// Whether the permission's action can invoke the function. An action given by a reference
/// could be anything, so it counts.
fn grants_invoke(permission: &Permission) -> bool {
    let Some(action) = &permission.action else { return true };
    action.alternatives().any(|value| match value.as_literal() {
        Some(action) => {
            let action = action.trim().to_ascii_lowercase();
            action == "*" || action == "lambda:*" || action.starts_with("lambda:invoke")
        }
        None => true,
    })
}

/// An AWS service principal: `s3.amazonaws.com`, `events.amazonaws.com`, China regions'
/// `.amazonaws.com.cn`.
fn is_service(principal: &str) -> bool {
    let p = principal.trim();
    let host = p.strip_suffix(".amazonaws.com").or_else(|| p.strip_suffix(".amazonaws.com.cn"));
    host.is_some_and(|h| !h.is_empty() && !h.contains(['*', ':', '/']))
}

/// Whether a condition field is set to something: a literal that is not empty, or a value
/// known at deploy time.
fn is_set(value: Option<&Value>) -> bool {
    value.is_some_and(|v| v.as_literal().is_none_or(|text| !text.trim().is_empty()))
}

/// Whether `SourceArn` names a source: set, and not `*`, an ARN whose account is a wildcard
/// (`arn:aws:sns:*:*:*`), which any account's resource matches, or whose resource is only `*`
/// (`arn:aws:s3:::*`, every bucket).
fn names_source(arn: Option<&Value>) -> bool {
    if !is_set(arn) {
        return false;
    }
    let Some(text) = arn.and_then(Value::as_literal).map(str::trim) else { return true };
    let account = text.split(':').nth(4);
    let resource = text.splitn(6, ':').nth(5);
    text != "*"
        && !account.is_some_and(|a| a.contains('*') || a.contains('?'))
        && resource.is_none_or(|r| !r.trim_start_matches('*').is_empty())
}

fn subject(permission: &Permission) -> String {
    let name = permission.function.as_ref().and_then(function_label);
    match name.or(permission.function_id.as_deref()) {
        Some(name) => format!("function {name}"),
        None => "the function".to_owned(),
    }
}

fn everyone(permission: &Permission, principal: &Value) -> Option<Finding> {
    let narrowed = names_source(permission.source_arn.as_ref())
        || is_set(permission.source_account.as_ref())
        || is_set(permission.principal_org_id.as_ref());
    if narrowed {
        return None;
    }
    let auth_type = permission.function_url_auth_type.as_ref();
    let subject = subject(permission);
    let finding = match auth_type.and_then(Value::as_literal).map(str::trim) {
        // Only IAM-authenticated callers get through the URL.
        Some(auth) if auth.eq_ignore_ascii_case("AWS_IAM") => return None,
        Some(auth) if auth.eq_ignore_ascii_case("NONE") => {
            Finding::new(META.code, META.name, Severity::High, principal.span)
                .message(format!(
                    "permission lets anyone invoke the URL of {subject} without authentication"
                ))
                .help(
                    "set the URL's AuthType and this FunctionUrlAuthType to AWS_IAM, unless the \
                     function authenticates every request itself",
                )
        }
        _ if is_set(auth_type) => return None,
        _ => Finding::new(META.code, META.name, Severity::Critical, principal.span)
            .message(format!("permission lets anyone invoke {subject}"))
            .help(
                "grant the permission to the account, service or organization that calls the \
                 function, and narrow a service with SourceArn and SourceAccount",
            ),
    };
    Some(finding.label("everyone").path(label_path(permission, "Principal")))
}

fn service(permission: &Permission, principal: &Value, service: &str) -> Option<Finding> {
    let has_arn = names_source(permission.source_arn.as_ref());
    let has_account = is_set(permission.source_account.as_ref());
    let has_org = is_set(permission.principal_org_id.as_ref());
    let subject = subject(permission);
    let is_s3 = service.starts_with("s3.");

    let finding = if !has_arn && !has_account && !has_org {
        Finding::new(META.code, META.name, Severity::Medium, principal.span)
            .message(format!("permission lets {service} invoke {subject} on behalf of any account"))
            .help(
                "add SourceArn with the ARN of the resource that calls the function, and \
                 SourceAccount with its account id",
            )
            .label("no SourceArn or SourceAccount")
    } else if is_s3 && !has_account && !has_org {
        let finding = Finding::new(META.code, META.name, Severity::Low, principal.span)
            .message(format!("permission lets {service} invoke {subject} without SourceAccount"))
            .help(
                "add SourceAccount with the bucket owner's account id: a bucket ARN has no \
                 account, and a deleted bucket's name can be taken by another account",
            )
            .label("no SourceAccount");
        match &permission.source_arn {
            Some(arn) => finding.secondary(arn.span, "bucket ARNs carry no account"),
            None => finding,
        }
    } else {
        return None;
    };
    Some(finding.path(label_path(permission, "Principal")))
}

fn label_path(permission: &Permission, field: &str) -> String {
    crate::model::child_path(&permission.path, field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::rules::testing::{Source, run};

    struct Spec<'a> {
        principal: &'a str,
        action: &'a str,
        source_arn: Option<&'a str>,
        source_account: Option<&'a str>,
        org: Option<&'a str>,
        url_auth: Option<&'a str>,
    }

    const BASE: Spec<'static> = Spec {
        principal: "*",
        action: "lambda:InvokeFunction",
        source_arn: None,
        source_account: None,
        org: None,
        url_auth: None,
    };

    fn findings(spec: &Spec<'_>) -> (Source, Vec<Finding>) {
        let mut src = Source::new();
        let permission = Permission {
            path: "Resources.P.Properties".to_owned(),
            function: Some(src.str("arn:aws:lambda:eu-west-1:123456789012:function:orders")),
            principal: Some(src.str(spec.principal)),
            action: Some(src.str(spec.action)),
            source_arn: spec.source_arn.map(|v| src.str(v)),
            source_account: spec.source_account.map(|v| src.str(v)),
            principal_org_id: spec.org.map(|v| src.str(v)),
            function_url_auth_type: spec.url_auth.map(|v| src.str(v)),
            ..Permission::default()
        };
        let model = Model { permissions: vec![permission], ..Model::default() };
        let out = run(&PublicInvokePermission, &model, &src);
        (src, out)
    }

    #[test]
    fn everyone_is_critical_and_labelled_on_the_principal() {
        let (src, out) = findings(&BASE);
        let [f] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.message, "permission lets anyone invoke function orders");
        assert_eq!(f.span.slice(&src.text), "\"*\"");
        assert_eq!(f.label.as_deref(), Some("everyone"));
        assert_eq!(f.path, "Resources.P.Properties.Principal");

        let (_, out) = findings(&Spec { action: "lambda:*", ..BASE });
        assert_eq!(out.len(), 1);
        let (_, out) = findings(&Spec { action: "lambda:GetFunction", ..BASE });
        assert!(out.is_empty());
    }

    #[test]
    fn conditions_narrow_everyone() {
        let arn = Some("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*");
        for spec in [
            Spec { source_arn: arn, ..BASE },
            Spec { source_account: Some("123456789012"), ..BASE },
            Spec { org: Some("o-a1b2c3d4e5"), ..BASE },
            Spec { url_auth: Some("AWS_IAM"), action: "lambda:InvokeFunctionUrl", ..BASE },
        ] {
            assert!(findings(&spec).1.is_empty());
        }
        let (_, out) = findings(&Spec { source_account: Some(""), ..BASE });
        assert_eq!(out.len(), 1, "an empty field narrows nothing");

        let (_, out) =
            findings(&Spec { url_auth: Some("NONE"), action: "lambda:InvokeFunctionUrl", ..BASE });
        assert_eq!(out[0].severity, Severity::High);
        assert_eq!(
            out[0].message,
            "permission lets anyone invoke the URL of function orders without authentication"
        );
    }

    #[test]
    fn a_wildcard_source_arn_names_no_source() {
        for arn in
            ["*", "arn:aws:sns:*:*:*", "arn:aws:execute-api:us-east-1:*:abc/*", "arn:aws:s3:::*"]
        {
            let (_, out) = findings(&Spec { source_arn: Some(arn), ..BASE });
            assert_eq!(out.len(), 1, "{arn}");
            let spec = Spec { principal: "sns.amazonaws.com", source_arn: Some(arn), ..BASE };
            assert_eq!(findings(&spec).1[0].severity, Severity::Medium, "{arn}");
        }
        let arn = Some("arn:aws:sns:*:123456789012:alerts-*");
        assert!(
            findings(&Spec { principal: "sns.amazonaws.com", source_arn: arn, ..BASE })
                .1
                .is_empty()
        );
    }

    #[test]
    fn services_need_a_source() {
        let (src, out) = findings(&Spec { principal: "sns.amazonaws.com", ..BASE });
        let [f] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(
            f.message,
            "permission lets sns.amazonaws.com invoke function orders on behalf of any account"
        );
        assert_eq!(f.span.slice(&src.text), "\"sns.amazonaws.com\"");

        let topic = Some("arn:aws:sns:eu-west-1:123456789012:orders");
        assert!(
            findings(&Spec { principal: "sns.amazonaws.com", source_arn: topic, ..BASE })
                .1
                .is_empty()
        );
        let account = Some("123456789012");
        assert!(
            findings(&Spec { principal: "events.amazonaws.com", source_account: account, ..BASE })
                .1
                .is_empty()
        );
        assert!(findings(&Spec { principal: "123456789012", ..BASE }).1.is_empty());
        assert!(
            findings(&Spec { principal: "arn:aws:iam::123456789012:root", ..BASE }).1.is_empty()
        );
    }

    #[test]
    fn s3_needs_the_account_beside_the_bucket() {
        let bucket = Some("arn:aws:s3:::orders-uploads");
        let (src, out) =
            findings(&Spec { principal: "s3.amazonaws.com", source_arn: bucket, ..BASE });
        let [f] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(f.severity, Severity::Low);
        assert_eq!(
            f.message,
            "permission lets s3.amazonaws.com invoke function orders without SourceAccount"
        );
        assert_eq!(f.labels[0].span.slice(&src.text), "\"arn:aws:s3:::orders-uploads\"");

        let account = Some("123456789012");
        let spec = Spec {
            principal: "s3.amazonaws.com",
            source_arn: bucket,
            source_account: account,
            ..BASE
        };
        assert!(findings(&spec).1.is_empty());
        let (_, out) = findings(&Spec { principal: "s3.amazonaws.com", ..BASE });
        assert_eq!(out[0].severity, Severity::Medium);
    }

    #[test]
    fn service_principal_shapes() {
        assert!(is_service("s3.amazonaws.com"));
        assert!(is_service("events.amazonaws.com.cn"));
        assert!(!is_service("amazonaws.com"));
        assert!(!is_service(".amazonaws.com"));
        assert!(!is_service("alexa-appkit.amazon.com"));
        assert!(!is_service("*.amazonaws.com"));
    }
}
