//! What the engine adds to every rule's findings from the document around them, so that no
//! rule has to: the template resource a finding is in, where a value taken from a parameter's
//! default came from, and one finding where several rules' visits met the same token.

use std::collections::HashSet;

use crate::model::Model;
use crate::report::Finding;

/// Annotates `findings` from `model` and drops exact repeats (a SAM global reaches every
/// function, and a finding on it must be reported once, where it is written).
pub(super) fn annotate(findings: &mut Vec<Finding>, model: &Model) {
    let mut seen = HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.span, f.message.clone())));

    let resources = model.resource_index();
    for finding in findings.iter_mut() {
        if finding.resource.is_none() {
            finding.resource = resources.at(finding.span).map(|r| r.logical_id.clone());
        }

        if model.approximate.contains(&finding.span) {
            finding.notes.push(
                "the position is the whole string: a folded string cannot be mapped character \
                 by character; write the document as a literal block (`|`) for exact positions"
                    .to_owned(),
            );
        }

        let spans: Vec<_> =
            std::iter::once(finding.span).chain(finding.labels.iter().map(|l| l.span)).collect();
        for used in model.parameter_uses.iter().filter(|u| spans.contains(&u.span)) {
            let label = format!("default of parameter {}", used.parameter);
            if finding.labels.iter().any(|l| l.span == used.default && l.message == label) {
                continue;
            }
            finding.labels.push(crate::report::Label { span: used.default, message: label });
            finding.notes.push(format!(
                "the value is the default of parameter {}; a deployment that passes another \
                 value is not checked",
                used.parameter
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ParameterUse, Resource};
    use crate::report::Severity;
    use crate::syntax::Span;

    fn finding(span: Span) -> Finding {
        Finding::new("NET001", "public-ingress", Severity::Critical, span).message("open")
    }

    fn model() -> Model {
        let resource = |id: &str, span| Resource { logical_id: id.into(), kind: "T".into(), span };
        Model {
            resources: vec![
                resource("Outer", Span::new(0, 100)),
                resource("Inner", Span::new(10, 50)),
            ],
            parameter_uses: vec![ParameterUse {
                span: Span::new(20, 30),
                parameter: "AllowedCidr".into(),
                default: Span::new(200, 211),
            }],
            ..Model::default()
        }
    }

    #[test]
    fn names_the_innermost_resource_and_none_outside_resources() {
        let mut findings = vec![
            finding(Span::new(12, 14)),
            finding(Span::new(60, 62)),
            finding(Span::new(150, 151)),
        ];
        annotate(&mut findings, &model());
        let ids: Vec<_> = findings.iter().map(|f| f.resource.as_deref()).collect();
        assert_eq!(ids, [Some("Inner"), Some("Outer"), None]);
    }

    #[test]
    fn a_value_from_a_parameter_default_gets_a_label_and_a_note_once() {
        let mut findings = vec![finding(Span::new(20, 30)), finding(Span::new(20, 30))];
        annotate(&mut findings, &model());
        let [only] = findings.as_slice() else { panic!("the repeat is dropped: {findings:?}") };
        assert_eq!(only.labels.len(), 1);
        assert_eq!(only.labels[0].span, Span::new(200, 211));
        assert_eq!(only.labels[0].message, "default of parameter AllowedCidr");
        assert_eq!(only.notes.len(), 1);
        assert!(only.notes[0].starts_with("the value is the default of parameter AllowedCidr"));
    }

    #[test]
    fn findings_elsewhere_get_no_parameter_note() {
        let mut findings = vec![finding(Span::new(21, 30))];
        annotate(&mut findings, &model());
        assert!(findings[0].labels.is_empty() && findings[0].notes.is_empty());
    }
}
