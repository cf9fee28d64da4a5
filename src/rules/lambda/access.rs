//! What the invocation rules share: who a principal is, and how to name a function.

use crate::model::Value;

/// Whether a principal is everyone: `*`, or an AWS account principal `*` written out.
pub(super) fn is_everyone(principal: &Value) -> bool {
    principal.as_literal().is_some_and(|p| p.trim() == "*")
}

/// The function's name from a name, an ARN (`...:function:name[:qualifier]`) or a partial ARN,
/// for messages; `None` for a reference or an intrinsic.
pub(super) fn function_label(value: &Value) -> Option<&str> {
    let text = value.as_literal()?.trim();
    let name = match text.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => text,
    };
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    #[test]
    fn function_names_from_arns() {
        let label =
            |text: &str| function_label(&Value::literal(Span::default(), text)).map(str::to_owned);
        assert_eq!(
            label("arn:aws:lambda:eu-west-1:123456789012:function:orders"),
            Some("orders".into())
        );
        assert_eq!(
            label("arn:aws:lambda:eu-west-1:123456789012:function:orders:live"),
            Some("orders".into())
        );
        assert_eq!(label("123456789012:function:orders"), Some("orders".into()));
        assert_eq!(label("orders"), Some("orders".into()));
        assert_eq!(label(""), None);
    }
}
