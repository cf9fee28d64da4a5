//! What the IAM action catalog costs. Loading finds the services; each service's actions are
//! indexed on the first lookup that reaches it. `load` is what every run with a policy pays,
//! `first_lookup` what a typical policy adds (two services), `index_everything` the worst
//! case, a pattern over every service (`*:Get*`) on a fresh catalog.

use tighten::catalog::Catalog;

fn main() {
    divan::main();
}

fn fresh() -> Catalog {
    Catalog::parse_builtin().expect("the compiled-in catalog loads")
}

#[divan::bench]
fn load() -> Catalog {
    fresh()
}

#[divan::bench]
fn first_lookup(bencher: divan::Bencher) {
    bencher.with_inputs(fresh).bench_local_refs(|catalog| {
        let object = catalog.action(divan::black_box("s3:GetObject")).map(|a| a.level());
        let item = catalog.action(divan::black_box("dynamodb:PutItem")).map(|a| a.level());
        (object, item)
    });
}

#[divan::bench]
fn index_everything(bencher: divan::Bencher) {
    bencher
        .with_inputs(fresh)
        .bench_local_refs(|catalog| catalog.expand(divan::black_box("*:Get*")).actions.len());
}

/// Lookups and expansions on a catalog whose services are all indexed.
#[divan::bench(args = ["s3:GetObject", "s3:Get*", "ec2:*Instance*", "*:Get*"])]
fn expand(pattern: &str) -> usize {
    Catalog::builtin().expand(divan::black_box(pattern)).actions.len()
}

#[divan::bench]
fn suggest() -> Option<&'static str> {
    let catalog = Catalog::builtin();
    let s3 = catalog.service("s3")?;
    catalog.suggest_action(s3, divan::black_box("GetObjekt")).map(|a| a.name())
}
