//! Loader throughput on generated IAM policies.
//!
//! The design asks that `json::parse` (tighten's own one-pass parser, which builds the tree
//! with its spans directly) keeps at least half the throughput of a bare
//! `jsonc_parser::parse_to_ast` of the same bytes, a widely used parser that builds only its
//! own syntax tree. The sizes show whether the cost stays linear. Run with
//! `cargo bench --bench parse`.

use std::fmt::Write as _;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use tighten::syntax::{self, Limits, Syntax};

// The same allocator as the `tighten` binary, so the figures are what a run sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Sizes of the generated policy files, in megabytes.
const SIZES_MB: &[usize] = &[1, 5, 20];

#[divan::bench(args = SIZES_MB, sample_count = 20)]
fn jsonc_parser_ast(bencher: Bencher, mb: usize) {
    let text = policy_json(mb);
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let options = strict();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| jsonc_parser::parse_to_ast(black_box(text), &collect, &options).unwrap());
}

/// Strict JSON, as `json::parse` reads it: every tolerance of `jsonc-parser` off (the same
/// options as `examples/jsonc_baseline.rs`).
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

#[divan::bench(args = SIZES_MB, sample_count = 20)]
fn tighten_json(bencher: Bencher, mb: usize) {
    let text = policy_json(mb);
    let limits = Limits::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| syntax::json::parse(black_box(text), 0, &limits).unwrap());
}

/// A 1 MB policy given as a JSON string, as in a `put-role-policy --cli-input-json` request:
/// the outer file, then the inner document with its spans mapped back through the escapes.
/// Compare with `tighten_json(1)`, the same policy as a plain file.
#[divan::bench(sample_count = 20)]
fn tighten_embedded_policy(bencher: Bencher) {
    let request = cli_request(policy_json(1));
    let limits = Limits::default();
    bencher.counter(BytesCount::of_str(&request)).bench(|| {
        let file = syntax::json::parse(black_box(&request), 0, &limits).unwrap();
        let document = file.get("PolicyDocument").unwrap();
        syntax::parse_embedded_json(document, &request, &limits).unwrap().unwrap()
    });
}

/// The YAML loader on a template of the same shape.
#[divan::bench(args = [1, 5], sample_count = 20)]
fn tighten_yaml(bencher: Bencher, mb: usize) {
    let text = policy_yaml(mb);
    let limits = Limits::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| syntax::parse(black_box(&text), Syntax::Yaml, &limits).unwrap());
}

/// A pretty-printed policy document of about `mb` megabytes, built once per size.
fn policy_json(mb: usize) -> &'static str {
    static CORPUS: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    let corpus = CORPUS.get_or_init(|| SIZES_MB.iter().map(|&mb| (mb, generate(mb))).collect());
    corpus.iter().find(|(size, _)| *size == mb).map_or("", |(_, text)| text.as_str())
}

fn generate(mb: usize) -> String {
    let target = mb * 1_000_000;
    let mut out = String::with_capacity(target + 4096);
    out.push_str("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
    let mut n = 0;
    while out.len() < target {
        if n > 0 {
            out.push(',');
        }
        statement(&mut out, n);
        n += 1;
    }
    out.push_str("\n  ]\n}\n");
    out
}

const SERVICES: &[(&str, &[&str])] = &[
    ("s3", &["GetObject", "PutObject", "DeleteObject", "ListBucket", "GetBucketPolicy"]),
    ("dynamodb", &["GetItem", "PutItem", "Query", "Scan", "UpdateItem", "BatchWriteItem"]),
    ("sqs", &["SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes"]),
    ("lambda", &["InvokeFunction", "GetFunction", "UpdateFunctionCode"]),
    ("kms", &["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"]),
];

/// One statement of realistic shape; `n` varies its content so that no two are alike.
fn statement(out: &mut String, n: usize) {
    let (service, actions) = SERVICES[n % SERVICES.len()];
    let effect = if n.is_multiple_of(7) { "Deny" } else { "Allow" };
    let _ =
        write!(out, "\n    {{\n      \"Sid\": \"Stmt{n:07}\",\n      \"Effect\": \"{effect}\",");

    out.push_str("\n      \"Action\": [");
    let count = 1 + n % actions.len();
    for (i, action) in actions.iter().cycle().skip(n % actions.len()).take(count).enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}\n        \"{service}:{action}\"");
    }
    out.push_str("\n      ],");

    let account = 100_000_000_000u64 + (n as u64 * 7919) % 900_000_000_000;
    let _ = write!(
        out,
        "\n      \"Resource\": [\n        \"arn:aws:{service}:us-east-1:{account}:res-{n}/*\",\
         \n        \"arn:aws:{service}:eu-west-1:{account}:res-{n}/${{aws:username}}\"\n      ]",
    );

    if n.is_multiple_of(3) {
        let _ = write!(
            out,
            ",\n      \"Condition\": {{\n        \"StringEquals\": {{\
             \n          \"aws:PrincipalTag/team\": \"team-{}\"\n        }},\
             \n        \"IpAddress\": {{\n          \"aws:SourceIp\": [\
             \n            \"10.{}.0.0/16\",\n            \"192.168.{}.0/24\"\n          ]\
             \n        }},\n        \"Bool\": {{\n          \"aws:SecureTransport\": true\
             \n        }}\n      }}",
            n % 40,
            n % 256,
            n % 256,
        );
    }
    out.push_str("\n    }");
}

/// An IAM request holding `policy` as an escaped JSON string.
fn cli_request(policy: &str) -> String {
    let mut out = String::with_capacity(policy.len() * 2);
    out.push_str("{\"RoleName\": \"app\", \"PolicyName\": \"inline\", \"PolicyDocument\": \"");
    for c in policy.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}

/// The same statements as a YAML mapping, in block style.
fn policy_yaml(mb: usize) -> String {
    let target = mb * 1_000_000;
    let mut out = String::with_capacity(target + 4096);
    out.push_str("Version: '2012-10-17'\nStatement:\n");
    let mut n = 0;
    while out.len() < target {
        let (service, actions) = SERVICES[n % SERVICES.len()];
        let _ = write!(out, "  - Sid: Stmt{n:07}\n    Effect: Allow\n    Action:\n");
        for action in actions.iter().take(1 + n % actions.len()) {
            let _ = writeln!(out, "      - {service}:{action}");
        }
        let _ = write!(
            out,
            "    Resource: !Sub 'arn:aws:{service}:${{AWS::Region}}:${{AWS::AccountId}}:res-{n}/*'\
             \n    Condition:\n      StringEquals:\n        aws:PrincipalTag/team: team-{}\n",
            n % 40,
        );
        n += 1;
    }
    out
}
