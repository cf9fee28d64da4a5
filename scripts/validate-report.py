#!/usr/bin/env python3
"""Validates reports against a schema: SARIF logs against a JSON schema (`.json`), JUnit XML
against an XML schema (`.xsd`).

    scripts/validate-report.py SCHEMA REPORT...

Prints each violation and exits 1 when there is any; exits 3 when the validator package
(`jsonschema` or `xmlschema`) is missing, so that callers can tell "invalid" from "cannot
check".
"""

import json
import sys


def json_problems(schema_path, reports):
    try:
        import jsonschema
    except ImportError:
        print("the jsonschema package is not installed", file=sys.stderr)
        sys.exit(3)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    for path in reports:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in validator.iter_errors(document):
            yield f"{path}: {error.json_path}: {error.message}"


def xml_problems(schema_path, reports):
    try:
        import xmlschema
    except ImportError:
        print("the xmlschema package is not installed", file=sys.stderr)
        sys.exit(3)
    schema = xmlschema.XMLSchema(schema_path)
    for path in reports:
        for error in schema.iter_errors(path):
            yield f"{path}: {error.path}: {error.reason}"


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema, reports = sys.argv[1], sys.argv[2:]
    check = xml_problems if schema.endswith(".xsd") else json_problems
    problems = 0
    for problem in check(schema, reports):
        problems += 1
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
