#!/usr/bin/env python3
"""Regenerate data/lambda-runtimes.tsv from cfn-lint's Lambda runtime lifecycle table.

cfn-lint (MIT-0) ships the dates AWS publishes for each Lambda runtime in
cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json. Fetch and unpack it, then run:

    pip download --no-deps -d /tmp/wheels cfn-lint
    unzip -o /tmp/wheels/cfn_lint-*.whl \
        'cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json' -d /tmp/cfnlint
    scripts/lambda_runtimes.py /tmp/cfnlint/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json \
        --source "cfn-lint 1.58.0" > data/lambda-runtimes.tsv

Standard library only. The output is sorted by runtime name so regenerations diff cleanly.
"""

import argparse
import datetime
import json
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COLUMNS = ("deprecated", "create-block", "update-block", "successor")


def cell(entry, key, runtime):
    value = entry.get(key)
    if value is None:
        return "-"
    if not isinstance(value, str) or not value or any(c in value for c in "\t\n "):
        sys.exit(f"{runtime}: unexpected {key} {value!r}")
    if key != "successor" and not DATE.match(value):
        sys.exit(f"{runtime}: {key} is not a YYYY-MM-DD date: {value!r}")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lifecycle", help="path to LmbdRuntimeLifecycle.json")
    parser.add_argument("--source", default="cfn-lint", help="where the table came from")
    args = parser.parse_args()

    with open(args.lifecycle, encoding="utf-8") as f:
        table = json.load(f)
    if not isinstance(table, dict) or not table:
        sys.exit("the lifecycle table is not a non-empty JSON object")

    today = datetime.date.today().isoformat()
    print("# Lambda runtime lifecycle: the date each runtime is deprecated, the dates after which")
    print("# functions using it can no longer be created and updated, and the runtime to move to.")
    print(f"# Derived from {args.source}, cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json")
    print(f"# (MIT-0), on {today}, by scripts/lambda_runtimes.py. `-` means no date announced.")
    print("# runtime\t" + "\t".join(COLUMNS))
    for runtime in sorted(table):
        entry = table[runtime]
        if not isinstance(entry, dict) or not runtime or any(c in runtime for c in "\t\n "):
            sys.exit(f"unexpected entry {runtime!r}")
        print("\t".join([runtime] + [cell(entry, key, runtime) for key in COLUMNS]))


if __name__ == "__main__":
    main()
