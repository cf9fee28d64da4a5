//! CloudFormation intrinsic functions, in long form (`{"Fn::Sub": "..."}`, `{"Ref": "X"}`) and
//! YAML short form (`!Sub "..."`, `!Ref X`), read as the values rules see: a literal when the
//! function yields fixed text, a reference, interpolated text, a choice between the branches
//! of an `Fn::If`, or unknown. Never a mapping that a rule could misread.

use crate::model::{Value, ValueKind};
use crate::syntax::{Node, NodeKind};

/// An intrinsic function call found at a node.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    /// The long name: `Ref`, `Condition`, `Fn::Sub`, `Fn::GetAtt`, ...
    pub name: &'a str,
    /// The argument: the mapping's value in long form, the tagged node itself in short form.
    pub args: &'a Node,
}

/// The intrinsic function `node` calls, if any. A short-form tag (`!Sub`) counts whatever the
/// tagged node holds; a long form is a mapping with exactly one key, `Ref` or `Fn::*`.
#[must_use]
pub fn call(node: &Node) -> Option<Call<'_>> {
    let node = node.resolve();
    if let Some(tag) = node.tag() {
        let name = tag.strip_prefix('!').filter(|name| !name.starts_with('!'))?;
        let name = match name {
            "Ref" | "Condition" => name,
            _ => LONG_NAMES.iter().find(|long| long[4..] == *name).copied()?,
        };
        return Some(Call { name, args: node });
    }

    let [entry] = node.entries()? else { return None };
    let name = &*entry.key.text;
    (name == "Ref" || name.starts_with("Fn::")).then_some(Call { name, args: &entry.value })
}

/// The long names of the functions a short tag may stand for.
const LONG_NAMES: &[&str] = &[
    "Fn::And",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::Equals",
    "Fn::FindInMap",
    "Fn::ForEach",
    "Fn::GetAZs",
    "Fn::GetAtt",
    "Fn::If",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Length",
    "Fn::Not",
    "Fn::Or",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::ToJsonString",
    "Fn::Transform",
];

/// Whether `node` is `Ref: AWS::NoValue`, which removes the property or list item it stands in.
#[must_use]
pub fn is_no_value(node: &Node) -> bool {
    call(node).is_some_and(|c| c.name == "Ref" && c.args.as_str() == Some("AWS::NoValue"))
}

/// The branch nodes of an `Fn::If` (`[condition, then, else]`), without `AWS::NoValue`, or
/// `None` when `node` is no `Fn::If`.
#[must_use]
pub fn if_branches(node: &Node) -> Option<Vec<&Node>> {
    let call = call(node).filter(|c| c.name == "Fn::If")?;
    let [_, then, otherwise] = call.args.items()? else { return Some(Vec::new()) };
    Some([then, otherwise].into_iter().filter(|branch| !is_no_value(branch)).collect())
}

/// The nodes `node` may stand for: each branch of an `Fn::If`, nested ones flattened, or the
/// node itself. `AWS::NoValue` stands for nothing.
#[must_use]
pub fn branches(node: &Node) -> Branches<'_> {
    Branches { next: Some(node), stack: Vec::new() }
}

/// The iterator of [`branches`]. Extractors ask for the branches of every statement, item and
/// property; a node without `Fn::If` passes through without allocating.
#[derive(Clone, Debug, Default)]
pub struct Branches<'a> {
    next: Option<&'a Node>,
    /// Branches still to visit, the next one last.
    stack: Vec<&'a Node>,
}

impl<'a> Iterator for Branches<'a> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        loop {
            let node = self.next.take().or_else(|| self.stack.pop())?;
            if is_no_value(node) {
                continue;
            }
            match if_branches(node) {
                Some(branches) => self.stack.extend(branches.into_iter().rev()),
                None => return Some(node),
            }
        }
    }
}

/// The value of an intrinsic function call at `node`; `None` for `AWS::NoValue`. A value that
/// is the call itself spans it whole, a short form's tag included.
#[must_use]
pub fn value(node: &Node, call: Call<'_>) -> Option<Value> {
    let node = node.resolve();
    let span = node.tag.as_ref().map_or(node.span, |tag| tag.span.cover(node.span));
    let unknown = Value::unknown(span);
    let value = match call.name {
        "Ref" => match call.args.as_str() {
            Some("AWS::NoValue") => return None,
            Some(target) => reference(span, "Ref", target),
            None => unknown,
        },
        "Fn::GetAtt" => {
            get_att(call.args).map_or(unknown, |target| reference(span, "Fn::GetAtt", &target))
        }
        "Fn::Sub" => sub(call.args).unwrap_or(unknown),
        "Fn::Join" => join(span, call.args).unwrap_or(unknown),
        "Fn::If" => {
            let branches = if_branches(node).unwrap_or_default();
            let mut choices: Vec<Value> =
                branches.into_iter().filter_map(super::super::fields::value).collect();
            match choices.len() {
                0 => unknown,
                1 => choices.remove(0),
                _ => Value { span, kind: ValueKind::Choice(choices) },
            }
        }
        _ => unknown,
    };
    Some(value)
}

fn reference(span: crate::syntax::Span, function: &str, target: &str) -> Value {
    Value { span, kind: ValueKind::Reference { function: function.into(), target: target.into() } }
}

/// `Resource.Attribute` from `!GetAtt Resource.Attribute` or `[Resource, Attribute]`.
fn get_att(args: &Node) -> Option<String> {
    if let Some(text) = args.as_str() {
        return Some(text.to_owned());
    }
    match args.items()? {
        [resource, attribute] => Some(format!("{}.{}", resource.as_str()?, attribute.as_str()?)),
        _ => None,
    }
}

/// `Fn::Sub` with a string, or `[string, {variables}]`. Text without `${...}` placeholders is a
/// literal (with `${!` unescaped to `${`), spanning the string.
fn sub(args: &Node) -> Option<Value> {
    let template = match args.items() {
        Some([template, _variables]) => template,
        Some(_) => return None,
        None => args,
    };
    let text = template.scalar()?.text.as_ref();
    let kind = if has_placeholder(text) {
        ValueKind::Interpolated(text.into())
    } else {
        ValueKind::Literal(text.replace("${!", "${").into())
    };
    Some(Value { span: template.span, kind })
}

#[must_use]
/// Whether a `Fn::Sub` template holds a `${name}` that is replaced (`${!name}` is literal).
pub fn has_placeholder(text: &str) -> bool {
    text.match_indices("${").any(|(at, _)| !text[at + 2..].starts_with('!'))
}

/// `Fn::Join [delimiter, [parts]]`: literal text when every part is literal, interpolated
/// text with a placeholder for each other part otherwise.
fn join(span: crate::syntax::Span, args: &Node) -> Option<Value> {
    let [delimiter, parts] = args.items()? else { return None };
    let delimiter = delimiter.as_str()?;
    let parts = parts.items()?;

    let mut text = String::new();
    let mut literal = true;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(delimiter);
        }
        match super::super::fields::value(part).map(|v| v.kind) {
            Some(ValueKind::Literal(part)) => text.push_str(&part),
            Some(ValueKind::Reference { target, .. }) => {
                literal = false;
                text.push_str("${");
                text.push_str(&target);
                text.push('}');
            }
            Some(ValueKind::Interpolated(part)) => {
                literal = false;
                text.push_str(&part);
            }
            None => {}
            Some(_) => {
                literal = false;
                text.push_str("${?}");
            }
        }
    }
    let kind = if literal {
        ValueKind::Literal(text.into())
    } else {
        ValueKind::Interpolated(text.into())
    };
    Some(Value { span, kind })
}

/// Whether the node is a mapping that is no intrinsic call: a real object.
#[must_use]
pub fn is_object(node: &Node) -> bool {
    matches!(node.resolve().kind, NodeKind::Mapping(_)) && call(node).is_none()
}

#[cfg(test)]
mod tests {
    use super::super::super::fields;
    use crate::model::ValueKind;
    use crate::syntax::{Limits, Syntax, parse};

    /// The value of `Key` in a one-line YAML or JSON document, and the source text it spans.
    fn value_of(text: &str) -> (ValueKind, String) {
        let syntax = if text.starts_with('{') { Syntax::Json } else { Syntax::Yaml };
        let doc = parse(text, syntax, &Limits::default()).unwrap();
        let value = fields::field(&doc.root, "Key").expect("a value");
        (value.kind, value.span.slice(text).to_owned())
    }

    fn reference(function: &str, target: &str) -> ValueKind {
        ValueKind::Reference { function: function.into(), target: target.into() }
    }

    #[test]
    fn ref_and_get_att_are_references_in_both_forms() {
        assert_eq!(value_of("Key: !Ref WebSg"), (reference("Ref", "WebSg"), "!Ref WebSg".into()));
        assert_eq!(value_of(r#"{"Key": {"Ref": "WebSg"}}"#).0, reference("Ref", "WebSg"));
        assert_eq!(value_of("Key: !GetAtt Role.Arn").0, reference("Fn::GetAtt", "Role.Arn"));
        assert_eq!(
            value_of(r#"{"Key": {"Fn::GetAtt": ["Role", "Arn"]}}"#).0,
            reference("Fn::GetAtt", "Role.Arn")
        );
    }

    #[test]
    fn sub_without_placeholders_is_a_literal_on_its_string() {
        let (kind, span) = value_of("Key: !Sub 'arn:aws:s3:::*'");
        assert_eq!(
            (kind, span),
            (ValueKind::Literal("arn:aws:s3:::*".into()), "'arn:aws:s3:::*'".into())
        );
        let (kind, span) = value_of(r#"{"Key": {"Fn::Sub": ["${!Literal}*", {}]}}"#);
        assert_eq!(
            (kind, span),
            (ValueKind::Literal("${Literal}*".into()), r#""${!Literal}*""#.into())
        );
    }

    #[test]
    fn sub_with_placeholders_is_interpolated() {
        let (kind, _) = value_of("Key: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'");
        assert_eq!(kind, ValueKind::Interpolated("arn:${AWS::Partition}:s3:::${Bucket}/*".into()));
    }

    #[test]
    fn join_is_literal_only_when_every_part_is() {
        let (kind, span) = value_of(r#"{"Key": {"Fn::Join": [":", ["arn", "aws", "s3"]]}}"#);
        assert_eq!(kind, ValueKind::Literal("arn:aws:s3".into()));
        assert!(span.starts_with(r#"{"Fn::Join""#), "{span}");
        let (kind, _) = value_of("Key: !Join ['', ['arn:aws:s3:::', !Ref Bucket, '/*']]");
        assert_eq!(kind, ValueKind::Interpolated("arn:aws:s3:::${Bucket}/*".into()));
        let (kind, _) = value_of("Key: !Join ['', [!ImportValue Shared, '/*']]");
        assert_eq!(kind, ValueKind::Interpolated("${?}/*".into()));
    }

    #[test]
    fn if_is_a_choice_of_its_branches_with_their_own_spans() {
        let text = "Key: !If [IsProd, 10.0.0.0/8, 0.0.0.0/0]";
        let doc = parse(text, Syntax::Yaml, &Limits::default()).unwrap();
        let value = fields::field(&doc.root, "Key").unwrap();
        let spans: Vec<(&str, &str)> =
            value.literal_alternatives().map(|(v, t)| (t, v.span.slice(text))).collect();
        assert_eq!(spans, [("10.0.0.0/8", "10.0.0.0/8"), ("0.0.0.0/0", "0.0.0.0/0")]);
        assert!(matches!(value.kind, ValueKind::Choice(_)));
    }

    #[test]
    fn no_value_removes_the_value_and_the_branch() {
        let doc = parse("Key: !Ref AWS::NoValue", Syntax::Yaml, &Limits::default()).unwrap();
        assert!(fields::field(&doc.root, "Key").is_none());
        let (kind, span) = value_of("Key: !If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]");
        assert_eq!((kind, span), (reference("Ref", "KeyArn"), "!Ref KeyArn".into()));
    }

    #[test]
    fn other_functions_and_unknown_tags_are_unknown() {
        for text in [
            "Key: !ImportValue SharedCidr",
            "Key: !FindInMap [Cidrs, Prod, Block]",
            "Key: !Select [0, !GetAZs '']",
            r#"{"Key": {"Fn::Base64": "x"}}"#,
            "Key: !Custom thing",
        ] {
            assert_eq!(value_of(text).0, ValueKind::Unknown, "{text}");
        }
    }

    #[test]
    fn lists_flatten_if_items_and_whole_list_ifs() {
        let texts = |text: &str| {
            let doc = parse(text, Syntax::Yaml, &Limits::default()).unwrap();
            let items = fields::list_field(&doc.root, "Key");
            items.iter().filter_map(|v| v.as_literal().map(str::to_owned)).collect::<Vec<_>>()
        };
        assert_eq!(texts("Key: [a, !If [C, b, !Ref AWS::NoValue], c]"), ["a", "b", "c"]);
        assert_eq!(texts("Key: !If [D, [c, d], [e]]"), ["c", "d", "e"]);
    }

    #[test]
    fn objects_of_a_list_under_if_come_from_both_branches() {
        let text = "Rules: !If [C, [{Port: 22}, !Ref AWS::NoValue], [{Port: 80}]]";
        let doc = parse(text, Syntax::Yaml, &Limits::default()).unwrap();
        let found: Vec<(String, Option<&str>)> = fields::objects(&doc.root, "Rules", "")
            .map(|(path, node)| (path, node.get("Port").and_then(crate::syntax::Node::as_str)))
            .collect();
        assert_eq!(
            found,
            [("Rules[0]".to_owned(), Some("22")), ("Rules[0]".to_owned(), Some("80"))]
        );
    }

    #[test]
    fn a_mapping_with_more_keys_is_no_call() {
        let doc = parse(r#"{"Ref": "A", "Other": 1}"#, Syntax::Json, &Limits::default()).unwrap();
        assert!(super::call(&doc.root).is_none());
        assert!(super::is_object(&doc.root));
        let doc = parse("!!str text", Syntax::Yaml, &Limits::default()).unwrap();
        assert!(super::call(&doc.root).is_none());
    }

    #[test]
    fn malformed_arguments_never_panic() {
        for text in [
            "Key: !If [OnlyCondition]",
            "Key: !If {a: 1}",
            "Key: !Join [',']",
            "Key: !Join [',', notalist]",
            "Key: !Sub [a, b, c]",
            "Key: !GetAtt [a]",
            "Key: !Ref [a]",
            r#"{"Key": {"Fn::Sub": {"x": 1}}}"#,
        ] {
            assert_eq!(value_of(text).0, ValueKind::Unknown, "{text}");
        }
    }
}
