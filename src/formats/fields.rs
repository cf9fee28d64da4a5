//! Tree nodes to model values: the one place that decides what a scalar, a list, a null or an
//! unexpected collection becomes, so that every extractor reads fields the same way.

use super::cloudformation::intrinsics;
use crate::model::{Value, Values, child_path, index_path};
use crate::syntax::{Entry, Key, Node};

/// A scalar field's value: the literal text of a string, number or boolean, spanning its token.
/// A null (or `AWS::NoValue`) is absent. A CloudFormation intrinsic function becomes what it
/// yields (see [`intrinsics::value`]). Any other collection, or a scalar under a tag nobody
/// defines, is unknown: its value cannot be read here.
pub fn value(node: &Node) -> Option<Value> {
    if node.is_null() {
        return None;
    }
    if let Some(call) = intrinsics::call(node) {
        return intrinsics::value(node, call);
    }
    let foreign_tag = node.resolve().tag().is_some_and(|tag| !tag.starts_with("!!"));
    match node.scalar() {
        Some(scalar) if !foreign_tag => Some(Value::literal(node.span, &*scalar.text)),
        _ => Some(Value::unknown(node.span)),
    }
}

/// The value of `key` in the mapping `map`.
pub fn field(map: &Node, key: &str) -> Option<Value> {
    map.get(key).and_then(value)
}

/// A mapping key as a value: its text, spanning the key token.
pub fn key_value(key: &Key) -> Value {
    Value::literal(key.span, &*key.text)
}

/// A field AWS accepts as one string or a list of strings (`Action`, `Resource`, `AWS`).
/// Nulls inside the list are dropped; anything else that is not a scalar becomes unknown.
pub fn values(entry: &Entry) -> Option<Values> {
    let node = &entry.value;
    if node.is_null() {
        return None;
    }
    Some(Values { span: node.span, key_span: entry.key.span, items: list(node) })
}

/// [`values`] of `key` in `map`.
pub fn values_field(map: &Node, key: &str) -> Option<Values> {
    map.entry(key).and_then(values)
}

/// The scalars of a list, or the one scalar a list may be abbreviated to. An `Fn::If` that
/// stands for the whole list, or for one item, gives the items of both branches; any other
/// intrinsic function is one value.
pub fn list(node: &Node) -> Vec<Value> {
    if let Some(branches) = intrinsics::if_branches(node) {
        return branches.into_iter().flat_map(list).collect();
    }
    // A short-form call on a sequence (`!Join ["", [...]]`) is one value, not a list.
    if intrinsics::call(node).is_some() {
        return value(node).into_iter().collect();
    }
    match node.items() {
        Some(items) => items.iter().flat_map(intrinsics::branches).filter_map(value).collect(),
        None => value(node).into_iter().collect(),
    }
}

/// [`list`] of `key` in `map`; empty when the key is absent.
pub fn list_field(map: &Node, key: &str) -> Vec<Value> {
    map.get(key).map(list).unwrap_or_default()
}

/// `item_key` of every object in the list `list_key`: the `CidrIp` of each `IpRanges` entry.
/// An item that is not an object is unknown, since it could stand for anything.
pub fn nested(map: &Node, list_key: &str, item_key: &str) -> Vec<Value> {
    let Some(items) = map.get(list_key).and_then(Node::items) else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| match item.entries() {
            Some(_) => field(item, item_key),
            None => value(item).map(|v| Value::unknown(v.span)),
        })
        .collect()
}

/// The objects of the list `key`, each with its document path (`IpPermissions[1]`). Items that
/// are not objects are skipped but keep their index, so paths match the file. An item that is
/// an `Fn::If` gives the objects of both branches, at the item's index; so does a whole list
/// under `Fn::If` (the index is then within its branch).
pub fn objects<'a>(
    map: &'a Node,
    key: &str,
    parent: &str,
) -> impl Iterator<Item = (String, &'a Node)> {
    let list_path = child_path(parent, key);
    // The list itself may be an `Fn::If` between lists: each branch's items count.
    let lists = map.get(key).map(intrinsics::branches).unwrap_or_default();
    lists
        .into_iter()
        .filter_map(Node::items)
        .flat_map(|items| items.iter().enumerate())
        .flat_map(|(i, item)| intrinsics::branches(item).map(move |b| (i, b)))
        .filter(|(_, item)| intrinsics::is_object(item))
        .map(move |(i, item)| (index_path(&list_path, i), item))
}

/// Whether `key` holds a scalar that is not null: an id, a name, a number.
pub fn has_scalar(map: &Node, key: &str) -> bool {
    map.get(key).is_some_and(|node| node.scalar().is_some() && !node.is_null())
}

pub fn has_mapping(map: &Node, key: &str) -> bool {
    map.get(key).is_some_and(|node| node.entries().is_some())
}

pub fn has_list(map: &Node, key: &str) -> bool {
    map.get(key).is_some_and(|node| node.items().is_some())
}

/// The items of `key` when it is a non-empty list of objects that all pass `accept`: the
/// characteristic wrapper of a describe or list output (`SecurityGroups`, `Functions`).
pub fn list_of<'a>(map: &'a Node, key: &str, accept: impl Fn(&Node) -> bool) -> Option<&'a [Node]> {
    let items = map.get(key)?.items()?;
    let all =
        !items.is_empty() && items.iter().all(|item| item.entries().is_some() && accept(item));
    all.then_some(items)
}

/// Whether a boolean field is literally true, as AWS writes `Egress` and `IsEgress`.
pub fn is_true(map: &Node, key: &str) -> bool {
    field(map, key).is_some_and(|v| v.is("true"))
}
