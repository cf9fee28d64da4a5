//! The pipeline's stages one at a time on generated templates of growing size: load (bytes to
//! tree), extract (tree to model) and rules (model to findings). Each stage gets its input
//! ready-made, so its own cost is measured; throughput that stays flat across sizes shows
//! that the cost is linear. Run with `cargo bench --bench stages`.

use std::fmt::Write as _;
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use tighten::formats::{self, Extracted};
use tighten::rules::{self, Context, Settings};
use tighten::syntax::{self, Document, Limits, Syntax};

// The same allocator as the `tighten` binary, so the figures are what a run sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Resource groups per template (a role, a security group and a function each).
const GROUPS: &[usize] = &[100, 1_000, 10_000];

struct Input {
    groups: usize,
    text: String,
    document: Document,
    extracted: Extracted,
}

/// Each size built, loaded and extracted once.
static INPUTS: LazyLock<Vec<Input>> = LazyLock::new(|| {
    let limits = Limits::default();
    GROUPS
        .iter()
        .map(|&groups| {
            let text = template(groups);
            let document = syntax::parse(&text, Syntax::Json, &limits).unwrap();
            let extracted = formats::extract(&document, &text, &limits).unwrap();
            assert_eq!(extracted.format, "cloudformation-template");
            Input { groups, text, document, extracted }
        })
        .collect()
});

fn input(groups: usize) -> &'static Input {
    INPUTS.iter().find(|i| i.groups == groups).unwrap()
}

#[divan::bench(args = GROUPS, sample_count = 10)]
fn load(bencher: Bencher, groups: usize) {
    let input = input(groups);
    let limits = Limits::default();
    bencher
        .counter(BytesCount::of_str(&input.text))
        .bench(|| syntax::parse(black_box(&input.text), Syntax::Json, &limits).unwrap());
}

#[divan::bench(args = GROUPS, sample_count = 10)]
fn extract(bencher: Bencher, groups: usize) {
    let input = input(groups);
    let limits = Limits::default();
    bencher
        .counter(ItemsCount::new(3 * groups))
        .bench(|| formats::extract(black_box(&input.document), &input.text, &limits).unwrap());
}

#[divan::bench(args = GROUPS, sample_count = 10)]
fn run_rules(bencher: Bencher, groups: usize) {
    let input = input(groups);
    let settings = Settings::default();
    bencher.counter(ItemsCount::new(3 * groups)).bench(|| {
        // A fresh context each time: what rules remember about a document is part of the cost.
        let cx = Context::new(&input.extracted.model, &input.text, &settings);
        rules::run(rules::builtin(), black_box(&cx))
    });
}

/// A JSON template with `groups` times a role with an inline policy, a security group and a
/// function that uses both. One group in ten is open to the internet or holds a secret, so
/// the rules have findings to build.
fn template(groups: usize) -> String {
    let mut out = String::from("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n");
    out.push_str("  \"Resources\": {");
    for i in 0..groups {
        let sep = if i == 0 { "" } else { "," };
        let open = i % 10 == 0;
        let action = if open { "s3:*" } else { "s3:GetObject" };
        let cidr = if open { "0.0.0.0/0".to_owned() } else { format!("10.{}.0.0/16", i % 256) };
        let secret = if open { "hunter2-Orders-2026!" } else { "info" };
        let _ = write!(
            out,
            r#"{sep}
    "Role{i}": {{
      "Type": "AWS::IAM::Role",
      "Properties": {{
        "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
          "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}},
        "Policies": [{{"PolicyName": "app", "PolicyDocument": {{"Version": "2012-10-17",
          "Statement": [{{"Effect": "Allow", "Action": ["{action}", "dynamodb:Query"],
            "Resource": ["arn:aws:s3:::bucket-{i}/*", "*"]}}]}}}}]
      }}
    }},
    "Sg{i}": {{
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": {{
        "GroupDescription": "group {i}",
        "SecurityGroupIngress": [{{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
          "CidrIp": "{cidr}"}}, {{"IpProtocol": "tcp", "FromPort": 1000, "ToPort": 9000,
          "CidrIp": "172.16.0.0/12"}}]
      }}
    }},
    "Fn{i}": {{
      "Type": "AWS::Lambda::Function",
      "Properties": {{
        "Runtime": "python3.12", "Handler": "app.handler",
        "Role": {{"Fn::GetAtt": ["Role{i}", "Arn"]}},
        "Environment": {{"Variables": {{"TABLE": "table-{i}", "DB_PASSWORD": "{secret}"}}}},
        "VpcConfig": {{"SecurityGroupIds": [{{"Ref": "Sg{i}"}}], "SubnetIds": ["subnet-1"]}}
      }}
    }}"#,
        );
    }
    out.push_str("\n  }\n}\n");
    out
}
