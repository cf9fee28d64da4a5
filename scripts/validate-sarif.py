#!/usr/bin/env python3
"""Validates SARIF logs against the SARIF 2.1.0 JSON schema.

    scripts/validate-sarif.py SCHEMA LOG...

Prints each schema violation with its JSON path and exits 1 when there is any; exits 3 when
the `jsonschema` package is missing, so that callers can tell "invalid" from "cannot check".
"""

import json
import sys

try:
    import jsonschema
except ImportError:
    print("the jsonschema package is not installed", file=sys.stderr)
    sys.exit(3)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    invalid = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        for error in validator.iter_errors(log):
            invalid += 1
            print(f"{path}: {error.json_path}: {error.message}")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
