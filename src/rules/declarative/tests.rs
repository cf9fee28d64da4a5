//! The match language through the real pipeline: small rules on small inputs, asserting what
//! each operator matches and which token it points at.

use super::*;
use crate::lint::{self, Options};
use crate::report::Severity;

/// A rule of `target` with `body` (its `match`, templates) as a built-in file would hold it.
fn rule(target: &str, body: &str) -> Result<Declarative, RuleFileError> {
    let doc = format!(
        "code: T001\nname: t\nseverity: low\nfamily: network\ntarget: {target}\nsummary: s\n\
         why: w\nfix: f\nexamples: {{fail: [], pass: []}}\n{body}"
    );
    let meta = Box::leak(Box::new(RuleMeta {
        code: "T001",
        name: "t",
        severity: Severity::Low,
        doc: Box::leak(doc.into_boxed_str()),
    }));
    compile(meta).map(|(_, rule)| rule.expect("the rule has a match"))
}

/// The text under each finding, and its message.
fn hits(target: &str, body: &str, input: &str) -> Vec<(String, String)> {
    let rule: &'static Declarative = Box::leak(Box::new(rule(target, body).unwrap()));
    let options = Options { rules: vec![rule], ..Options::default() };
    let result = lint::lint_bytes("input.json", input.as_bytes(), &options);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result.findings.iter().map(|f| (f.span.slice(input).to_owned(), f.message.clone())).collect()
}

const GROUP: &str = r#"{"GroupId": "sg-1", "IpPermissions": [
  {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
   "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "192.168.1.0/24"}]},
  {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/1"}]},
  {"IpProtocol": "udp", "FromPort": 5000, "ToPort": 6000, "IpRanges": []}
]}"#;

fn group_hits(body: &str) -> Vec<String> {
    hits("security-group-rule", &format!("{body}\nmessage: m\n"), GROUP)
        .into_iter()
        .map(|(text, _)| text)
        .collect()
}

#[test]
fn scalar_tests_point_at_the_value_they_matched() {
    assert_eq!(group_hits("match: {field: protocol, equals: TCP}"), ["\"tcp\""]);
    assert_eq!(group_hits("match: {field: protocol, one-of: [udp, '-1']}"), ["\"-1\"", "\"udp\""]);
    assert_eq!(group_hits("match: {field: from_port, in-range: [1, 1023]}"), ["22"]);
    assert_eq!(group_hits("match: {field: to_port, gt: 5999}"), ["6000"]);
    assert_eq!(group_hits("match: {field: to_port, gt: 6000}"), Vec::<String>::new());
    assert_eq!(group_hits("match: {field: to_port, ge: 6000}"), ["6000"]);
    assert_eq!(group_hits("match: {field: to_port, lt: 22}"), Vec::<String>::new());
    assert_eq!(group_hits("match: {field: to_port, le: 22}"), ["22"]);
    assert_eq!(group_hits("match: {field: ipv4, glob: '192.168.*'}"), ["\"192.168.1.0/24\""]);
    assert_eq!(group_hits("match: {field: ipv4, regex: '^10\\.'}"), ["\"10.0.0.0/8\""]);
    // 10.0.0.0/8 and 0.0.0.0/1 hold 10.1.0.0/16; 192.168.1.0/24 lies inside 192.168.0.0/16.
    assert_eq!(
        group_hits("match: {field: ipv4, covers: 10.1.0.0/16}"),
        ["\"10.0.0.0/8\"", "\"0.0.0.0/1\""]
    );
    assert_eq!(
        group_hits("match: {field: ipv4, covered-by: 192.168.0.0/16}"),
        ["\"192.168.1.0/24\""]
    );
}

#[test]
fn lists_quantifiers_and_combinators() {
    // Two halves of the address space cover it together.
    assert_eq!(group_hits("match: {field: ipv4, call: covers_internet}"), ["\"0.0.0.0/1\""]);
    assert_eq!(
        group_hits("match: {field: ipv4, all-items: {covered-by: 10.0.0.0/8}}").len(),
        1,
        "only the empty list of the third rule: every item of none"
    );
    assert_eq!(
        group_hits("match: {field: ipv4, any-item: {equals: 10.0.0.0/8}}"),
        ["\"10.0.0.0/8\""]
    );
    assert_eq!(group_hits("match: {field: ipv4, exists: false}").len(), 1);
    assert_eq!(
        group_hits("match: {all: [{field: protocol, equals: tcp}, {field: ipv4, glob: '10.*'}]}"),
        ["\"10.0.0.0/8\""],
        "the token of the last part"
    );
    assert_eq!(
        group_hits(
            "match: {any: [{field: from_port, equals: 5000}, {field: from_port, equals: 22}]}"
        ),
        ["22", "5000"]
    );
    // `not` stands on its subject: the field when it names one, else the object's anchor.
    assert_eq!(group_hits("match: {field: protocol, not: {equals: tcp}}"), ["\"-1\"", "\"udp\""]);
    assert_eq!(group_hits("match: {not: {field: protocol, equals: tcp}}"), ["{", "{"]);
    assert_eq!(group_hits("match: {call: opens_port, args: [5432]}"), ["\"-1\"", "5000"]);
}

#[test]
fn templates_print_fields_and_mask_secrets() {
    let input = r#"{"FunctionName": "billing", "Runtime": "python3.12",
      "Environment": {"Variables": {"DB_PASSWORD": "hunter2-but-much-longer-9f8e7d", "STAGE": "prod"}}}"#;
    let found = hits(
        "environment-variable",
        "match: {call: looks_like_secret}\nmessage: \"{function.name} {variable.name}={value} {value}\"\n",
        input,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "\"hunter2-but-much-longer-9f8e7d\"");
    assert!(!found[0].1.contains("hunter2"), "{}", found[0].1);
    assert!(found[0].1.starts_with("billing DB_PASSWORD=hu****"), "{}", found[0].1);

    // The same value through a field path is masked too.
    let found = hits(
        "environment-variable",
        "match: {field: name, equals: DB_PASSWORD}\nmessage: \"{variable.value}\"\n",
        input,
    );
    assert_eq!(found[0].0, "\"DB_PASSWORD\"");
    assert!(!found[0].1.contains("hunter2"), "{}", found[0].1);
}

#[test]
fn rule_file_errors_name_their_place() {
    let error = |target: &str, body: &str| {
        let e = rule(target, body).unwrap_err();
        (e.line, e.column, e.message)
    };
    // The header above is 9 lines; the body starts on line 10.
    let (line, column, message) =
        error("function", "match: {field: kms_keys, exists: true}\nmessage: m\n");
    assert_eq!((line, column), (10, 16));
    assert_eq!(message, "unknown field `kms_keys` of function; did you mean `kms_key`?");

    let (line, _, message) = error("lambda", "match: {exists: true}\nmessage: m\n");
    assert_eq!(line, 5);
    assert!(message.starts_with("unknown target `lambda`; known: policy,"), "{message}");

    let (.., message) = error("function", "match: {field: name, regex: '(a'}\nmessage: m\n");
    assert!(message.starts_with("invalid regex"), "{message}");
    let (.., message) =
        error("nacl-entry", "match: {field: ipv4, covers: 10.0.0.0/33}\nmessage: m\n");
    assert_eq!(message, "invalid CIDR block `10.0.0.0/33`");
    let (.., message) = error("function", "match: {field: name, glob: 'a[b'}\nmessage: m\n");
    assert!(message.starts_with("invalid glob"), "{message}");
    let (.., message) =
        error("function", "match: {field: runtime, call: is_deprecatd_runtime}\nmessage: m\n");
    assert_eq!(
        message,
        "unknown predicate `is_deprecatd_runtime`; did you mean `is_deprecated_runtime`?"
    );
    let (line, column, message) =
        error("function", "match: {field: name, exists: true}\nmessage: \"{function.nam}\"\n");
    assert_eq!((line, column), (11, 10));
    assert!(message.starts_with("unknown template variable `function.nam`"), "{message}");
    let (.., message) = error("function", "match: {field: name, equals: a, glob: b}\nmessage: m\n");
    assert!(message.starts_with("a condition takes one operator"), "{message}");
    let (.., message) = error("function", "match: {equals: a}\nmessage: m\n");
    assert!(message.starts_with("`equals` tests a value"), "{message}");
    let (line, column, message) = error("function", "match: {field: name, equal: a}\nmessage: m\n");
    assert_eq!((line, column), (10, 22));
    assert!(message.contains("did you mean `equals`?"), "{message}");
    let (.., message) = error("function", "match: {field: name, exists: true}\n");
    assert_eq!(message, "a rule with a `match` needs a `message`");
}
