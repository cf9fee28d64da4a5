//! Match expressions: what a rule file writes under `match`, checked when the file is loaded
//! and evaluated on every object of the rule's target.
//!
//! A condition is a mapping with one operator and an optional `field`, which moves the subject
//! from the object to that field's content. A scalar test on a list holds when it holds for
//! one item; on an `Fn::If` when it holds for one branch. A value that is only known at deploy
//! time (a `Ref`, a `!Sub`) never passes a scalar test, so rules do not guess.

use std::ops::{Bound, RangeBounds};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::RuleFileError;
use super::object::{Node, Object};
use super::predicates::{self, Predicate};
use super::schema::{Shape, Target};
use crate::model::ValueKind;
use crate::rules::Settings;
use crate::rules::network::cidr::{self, Cidr};
use crate::syntax::Span;

/// A condition as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CondSpec {
    field: Option<Spanned<String>>,
    all: Option<Vec<Spanned<CondSpec>>>,
    any: Option<Vec<Spanned<CondSpec>>>,
    not: Option<Box<Spanned<CondSpec>>>,
    any_item: Option<Box<Spanned<CondSpec>>>,
    all_items: Option<Box<Spanned<CondSpec>>>,
    equals: Option<Scalar>,
    one_of: Option<Vec<Scalar>>,
    glob: Option<Spanned<String>>,
    regex: Option<Spanned<String>>,
    covers: Option<Spanned<String>>,
    covered_by: Option<Spanned<String>>,
    in_range: Option<Spanned<Vec<f64>>>,
    gt: Option<f64>,
    ge: Option<f64>,
    lt: Option<f64>,
    le: Option<f64>,
    exists: Option<bool>,
    call: Option<Spanned<String>>,
    #[serde(default)]
    args: Vec<Scalar>,
}

/// A literal in a rule file: text, a number or a boolean, compared as text.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Self::Bool(b) => b.to_string(),
            Self::Int(n) => n.to_string(),
            Self::Float(n) => n.to_string(),
            Self::Text(t) => t.clone(),
        }
    }
}

/// A checked condition.
#[derive(Debug)]
pub struct Cond {
    field: Vec<String>,
    op: Op,
}

#[derive(Debug)]
enum Op {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    AnyItem(Box<Cond>),
    AllItems(Box<Cond>),
    Equals(Vec<String>),
    Glob(globset::GlobMatcher),
    Regex(regex_lite::Regex),
    Covers(Cidr),
    CoveredBy(Cidr),
    Range(Bound<f64>, Bound<f64>),
    Exists(bool),
    Call(Predicate),
}

/// What a condition matched: the narrowest span it stands on, and the value there.
#[derive(Clone, Debug)]
pub struct Hit {
    pub span: Span,
    pub value: Option<String>,
}

/// What a condition sees: the object, the settings, the file's text.
pub struct Scope<'a, 'm> {
    pub object: &'a Object<'m>,
    pub settings: &'a Settings,
}

fn error(at: &serde_saphyr::Location, message: String) -> RuleFileError {
    RuleFileError::at(at.line(), at.column(), message)
}

impl Cond {
    /// Checks `spec` against the fields of `target`.
    pub fn compile(spec: &Spanned<CondSpec>, target: Target) -> Result<Self, RuleFileError> {
        Self::compile_on(spec, Subject::Object(target))
    }

    fn compile_on(spec: &Spanned<CondSpec>, subject: Subject) -> Result<Self, RuleFileError> {
        let at = &spec.referenced;
        let s = &spec.value;

        let (field, subject) = match &s.field {
            None => (Vec::new(), subject),
            Some(name) => {
                let path: Vec<String> = name.value.split('.').map(str::to_owned).collect();
                let shape =
                    resolve(subject, &path).map_err(|message| error(&name.referenced, message))?;
                (path, shape)
            }
        };

        let mut ops = Vec::new();
        let scalar_only = |name: &str| -> Result<(), RuleFileError> {
            match subject {
                Subject::Value | Subject::Values => Ok(()),
                _ => Err(error(at, format!("`{name}` tests a value; name a field with `field`"))),
            }
        };
        let list = |cs: &[Spanned<CondSpec>], sub| {
            cs.iter().map(|c| Self::compile_on(c, sub)).collect::<Result<Vec<_>, _>>()
        };
        if let Some(cs) = &s.all {
            ops.push(Op::All(list(cs, subject)?));
        }
        if let Some(cs) = &s.any {
            ops.push(Op::Any(list(cs, subject)?));
        }
        if let Some(c) = &s.not {
            ops.push(Op::Not(Box::new(Self::compile_on(c, subject)?)));
        }
        for (name, inner, all) in
            [("any-item", &s.any_item, false), ("all-items", &s.all_items, true)]
        {
            let Some(c) = inner else { continue };
            let item = match subject {
                Subject::Values => Subject::Value,
                Subject::Objects(t) => Subject::Object(t),
                _ => return Err(error(at, format!("`{name}` needs a list field"))),
            };
            let c = Box::new(Self::compile_on(c, item)?);
            ops.push(if all { Op::AllItems(c) } else { Op::AnyItem(c) });
        }
        if let Some(value) = &s.equals {
            scalar_only("equals")?;
            ops.push(Op::Equals(vec![value.text()]));
        }
        if let Some(values) = &s.one_of {
            scalar_only("one-of")?;
            ops.push(Op::Equals(values.iter().map(Scalar::text).collect()));
        }
        if let Some(glob) = &s.glob {
            scalar_only("glob")?;
            let matcher = globset::GlobBuilder::new(&glob.value)
                .case_insensitive(true)
                .literal_separator(false)
                .build()
                .map_err(|e| error(&glob.referenced, format!("invalid glob: {}", e.kind())))?;
            ops.push(Op::Glob(matcher.compile_matcher()));
        }
        if let Some(regex) = &s.regex {
            scalar_only("regex")?;
            let compiled = regex_lite::Regex::new(&regex.value)
                .map_err(|e| error(&regex.referenced, format!("invalid regex: {e}")))?;
            ops.push(Op::Regex(compiled));
        }
        for (name, text, outer) in
            [("covers", &s.covers, true), ("covered-by", &s.covered_by, false)]
        {
            let Some(text) = text else { continue };
            scalar_only(name)?;
            let block = cidr::parse(&text.value).ok_or_else(|| {
                error(&text.referenced, format!("invalid CIDR block `{}`", text.value))
            })?;
            ops.push(if outer { Op::Covers(block) } else { Op::CoveredBy(block) });
        }
        if let Some(range) = &s.in_range {
            scalar_only("in-range")?;
            let [low, high] = range.value[..] else {
                return Err(error(&range.referenced, "`in-range` takes [low, high]".to_owned()));
            };
            ops.push(Op::Range(Bound::Included(low), Bound::Included(high)));
        }
        for (name, bound) in [("gt", s.gt), ("ge", s.ge), ("lt", s.lt), ("le", s.le)] {
            let Some(n) = bound else { continue };
            scalar_only(name)?;
            ops.push(match name {
                "gt" => Op::Range(Bound::Excluded(n), Bound::Unbounded),
                "ge" => Op::Range(Bound::Included(n), Bound::Unbounded),
                "lt" => Op::Range(Bound::Unbounded, Bound::Excluded(n)),
                _ => Op::Range(Bound::Unbounded, Bound::Included(n)),
            });
        }
        if let Some(exists) = s.exists {
            ops.push(Op::Exists(exists));
        }
        if let Some(call) = &s.call {
            let predicate = Predicate::parse(&call.value, &s.args, subject.target())
                .map_err(|message| error(&call.referenced, message))?;
            ops.push(Op::Call(predicate));
        } else if !s.args.is_empty() {
            return Err(error(at, "`args` belongs with `call`".to_owned()));
        }

        match ops.len() {
            1 => Ok(Self { field, op: ops.remove(0) }),
            0 => Err(error(
                at,
                "a condition needs an operator: all, any, not, any-item, all-items, \
                 equals, one-of, glob, regex, covers, covered-by, in-range, gt, ge, lt, le, \
                 exists or call"
                    .to_owned(),
            )),
            _ => Err(error(
                at,
                "a condition takes one operator; combine several with `all`".to_owned(),
            )),
        }
    }

    /// Whether the condition holds on the scope's object.
    #[must_use]
    pub fn eval(&self, scope: &Scope<'_, '_>) -> Option<Hit> {
        let node = Node::Object(scope.object.clone());
        self.eval_on(&node, scope)
    }

    fn eval_on(&self, node: &Node<'_>, scope: &Scope<'_, '_>) -> Option<Hit> {
        let subject = if self.field.is_empty() {
            node
        } else {
            match node {
                Node::Object(object) => object.get(&self.field).unwrap_or(&Node::Absent),
                _ => &Node::Absent,
            }
        };
        let anchor = || Hit { span: anchor_of(node, scope), value: None };

        match &self.op {
            Op::All(conds) => {
                let hits: Option<Vec<Hit>> =
                    conds.iter().map(|c| c.eval_on(subject, scope)).collect();
                let hits = hits?;
                // The token of the last part that stood on a value: rules put the test that
                // decides last, after the ones that pick the objects it applies to.
                Some(hits.into_iter().rev().find(|h| h.value.is_some()).unwrap_or_else(anchor))
            }
            Op::Any(conds) => conds.iter().find_map(|c| c.eval_on(subject, scope)),
            Op::Not(cond) => match cond.eval_on(subject, scope) {
                Some(_) => None,
                None => Some(value_hit(subject).unwrap_or_else(anchor)),
            },
            Op::AnyItem(cond) => items(subject).iter().find_map(|item| cond.eval_on(item, scope)),
            Op::AllItems(cond) => {
                let list = items(subject);
                let hits: Option<Vec<Hit>> =
                    list.iter().map(|item| cond.eval_on(item, scope)).collect();
                hits?;
                Some(value_hit(subject).unwrap_or_else(anchor))
            }
            Op::Exists(wanted) => {
                let present = match subject {
                    Node::Absent => false,
                    Node::List(items) => !items.is_empty(),
                    _ => true,
                };
                (present == *wanted)
                    .then(|| value_hit(subject).filter(|_| present).unwrap_or_else(anchor))
            }
            Op::Call(predicate) => predicates::call(*predicate, subject, scope),
            test @ (Op::Glob(_) | Op::Regex(_)) => texts(subject, &|text| test.holds(text)),
            test => scalar(subject, &|text| test.holds(text)),
        }
    }
}

impl Op {
    fn holds(&self, text: &str) -> bool {
        let text = text.trim();
        match self {
            Self::Equals(options) => options.iter().any(|o| o.eq_ignore_ascii_case(text)),
            Self::Glob(glob) => glob.is_match(text),
            Self::Regex(regex) => regex.is_match(text),
            Self::Covers(block) => cidr::parse(text).is_some_and(|c| c.contains(*block)),
            Self::CoveredBy(block) => cidr::parse(text).is_some_and(|c| block.contains(c)),
            Self::Range(low, high) => text.parse::<f64>().is_ok_and(|n| (*low, *high).contains(&n)),
            _ => false,
        }
    }
}

/// The first literal of `node` (any item of a list, any branch of an `Fn::If`) for which
/// `test` holds.
pub fn scalar(node: &Node<'_>, test: &dyn Fn(&str) -> bool) -> Option<Hit> {
    match node {
        Node::Value(value) => value
            .literal_alternatives()
            .find(|(_, text)| test(text))
            .map(|(v, text)| Hit { span: v.span, value: Some(text.to_owned()) }),
        Node::List(items) => items.iter().find_map(|item| scalar(item, test)),
        Node::Object(_) | Node::Absent => None,
    }
}

/// [`scalar`], also on text assembled at deploy time (`!Sub`), with its references as
/// `${...}` placeholders: a pattern can say what such text must look like.
fn texts(node: &Node<'_>, test: &dyn Fn(&str) -> bool) -> Option<Hit> {
    match node {
        Node::Value(value) => value.alternatives().find_map(|v| {
            let (ValueKind::Literal(written) | ValueKind::Interpolated(written)) = &v.kind else {
                return None;
            };
            test(written).then(|| Hit { span: v.span, value: Some(written.to_string()) })
        }),
        Node::List(items) => items.iter().find_map(|item| texts(item, test)),
        Node::Object(_) | Node::Absent => None,
    }
}

fn items<'n, 'm>(node: &'n Node<'m>) -> &'n [Node<'m>] {
    match node {
        Node::List(items) => items,
        _ => &[],
    }
}

/// The node's own token, when it is a value.
fn value_hit(node: &Node<'_>) -> Option<Hit> {
    match node {
        Node::Value(value) => {
            Some(Hit { span: value.span, value: value.as_literal().map(str::to_owned) })
        }
        Node::Object(object) => Some(Hit { span: object.anchor, value: None }),
        _ => None,
    }
}

fn anchor_of(node: &Node<'_>, scope: &Scope<'_, '_>) -> Span {
    match node {
        Node::Object(object) => object.anchor,
        _ => scope.object.anchor,
    }
}

/// What a condition applies to, as far as loading can tell.
#[derive(Clone, Copy, Debug)]
pub enum Subject {
    Object(Target),
    Objects(Target),
    Value,
    Values,
}

impl Subject {
    #[must_use]
    pub const fn target(self) -> Option<Target> {
        match self {
            Self::Object(t) => Some(t),
            _ => None,
        }
    }
}

/// The subject the dotted `path` names from `subject`, or a message saying what is wrong.
pub fn resolve(subject: Subject, path: &[String]) -> Result<Subject, String> {
    let mut current = subject;
    for name in path {
        let Subject::Object(target) = current else {
            return Err(format!(
                "`{name}` is inside a list or a value; use `any-item` or `all-items`"
            ));
        };
        let Some(shape) = target.field(name) else {
            let known: Vec<&str> = target.fields().iter().map(|(n, _)| *n).collect();
            let message = format!(
                "unknown field `{name}` of {}{}",
                target.noun(),
                super::hint(name, &known, "it has")
            );
            return Err(message);
        };
        current = match shape {
            Shape::Scalar => Subject::Value,
            Shape::Scalars => Subject::Values,
            Shape::Object(t) => Subject::Object(t),
            Shape::Objects(t) => Subject::Objects(t),
        };
    }
    Ok(current)
}
