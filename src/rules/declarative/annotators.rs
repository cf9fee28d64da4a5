//! Named annotators: what a declarative rule's finding gets from code after it matched, such
//! as a secondary label on a related object of the model, or a note. The rule's file names one
//! with `annotate:`.

use super::object::{Object, Origin, Target};
use crate::model::Model;
use crate::report::Finding;

pub type Annotator = fn(Finding, &Object<'_>, &Model) -> Finding;

/// Every annotator: its name, the target it reads, and the function.
const ANNOTATORS: &[(&str, Target, Annotator)] =
    &[("function-url-access", Target::FunctionUrl, function_url_access)];

pub fn find(name: &str, target: Target) -> Result<Annotator, String> {
    let Some((_, wanted, annotator)) = ANNOTATORS.iter().find(|(n, ..)| *n == name) else {
        let known: Vec<&str> = ANNOTATORS.iter().map(|(n, ..)| *n).collect();
        return Err(format!("unknown annotator `{name}`; known: {}", known.join(", ")));
    };
    if *wanted != target {
        return Err(format!(
            "annotator `{name}` reads a {}, not a {}",
            wanted.noun(),
            target.noun()
        ));
    }
    Ok(*annotator)
}

/// LAM002's context: the permission that opens the URL to everyone, or a note on what does.
fn function_url_access(finding: Finding, object: &Object<'_>, model: &Model) -> Finding {
    match object.origin {
        Origin::FunctionUrl(url) => {
            crate::rules::lambda::public_function_url::with_permission_context(finding, url, model)
        }
        Origin::Other => finding,
    }
}
