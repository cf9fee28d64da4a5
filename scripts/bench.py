#!/usr/bin/env python3
"""Whole-process timings of the release binary: median of several runs, and peak memory.

    scripts/bench.py [--runs N] [--corpus DIR]

Builds `target/release/tighten`, then times it on one small file, on a generated 20 MB
policy file, and on the real-world corpus in ../shared/corpus (skipped when absent). When
the peer linters are installed (../shared/peers/setup.sh into .peers-venv), times them on the
corpus too and prints the ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "tighten"


def timed(argv, cwd=None):
    """Runs argv once; returns (seconds, exit code)."""
    start = time.perf_counter()
    status = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, status.returncode


def peak_rss_mb(argv, cwd=None):
    """Peak resident memory of one run, measured by /usr/bin/time.

    A forked child's own rusage would count the benchmark script's pages until exec.
    """
    if not Path("/usr/bin/time").exists():
        return float("nan")
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name] + argv, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1]) / 1024


def measure(label, argv, runs, cwd=None):
    timed(argv, cwd)  # warm the page cache
    samples = [timed(argv, cwd) for _ in range(runs)]
    seconds = statistics.median(s[0] for s in samples)
    codes = sorted({s[1] for s in samples})
    rss = peak_rss_mb(argv, cwd)
    print(f"{label:<44} median {seconds * 1000:9.1f} ms   peak RSS {rss:6.1f} MB   exit {codes}")
    return seconds


def statement(i):
    return {
        "Sid": f"Statement{i}",
        "Effect": "Allow" if i % 7 else "Deny",
        "Action": ["s3:GetObject", "s3:PutObject", "dynamodb:Query", "sqs:SendMessage"],
        "Resource": [
            f"arn:aws:s3:::bucket-{i}/*",
            f"arn:aws:dynamodb:eu-west-1:123456789012:table/table-{i}",
        ],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    }


def policy_file(path, target_bytes):
    """Writes an identity policy of about target_bytes, indented as the AWS CLI prints."""
    sample = json.dumps({"Statement": [statement(i) for i in range(1000)]}, indent=4)
    count = target_bytes * 1000 // len(sample)
    document = {"Version": "2012-10-17", "Statement": [statement(i) for i in range(count)]}
    path.write_text(json.dumps(document, indent=4))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    check = [str(BINARY), "check", "--format", "concise"]

    small = ROOT / "fixtures" / "examples" / "function-config.json"
    measure("one small file", check + [str(small)], args.runs * 3)

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "policy-20mb.json"
        policy_file(big, 20 * 1024 * 1024)
        mb = big.stat().st_size / 1e6
        seconds = measure(f"generated policy ({mb:.1f} MB)", check + [str(big)], args.runs)
        print(f"{'':<44} {mb / seconds:.0f} MB/s whole process")

    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}; skipped")
        return 0
    ours = measure("corpus", check + [str(args.corpus)], args.runs)
    single = measure("corpus, one thread", ["env", "RAYON_NUM_THREADS=1"] + check + [str(args.corpus)], args.runs)
    print(f"{'':<44} 1 -> 2 threads speed-up {single / ours:.2f}x")

    peers = ROOT / ".peers-venv" / "bin"
    if (peers / "cfn-lint").exists():
        templates = [str(p) for p in sorted(args.corpus.rglob("*")) if p.suffix in (".yaml", ".yml", ".json", ".template")]
        theirs = measure("cfn-lint on the corpus", [str(peers / "cfn-lint"), "--"] + templates, 3)
        print(f"{'':<44} tighten is {theirs / ours:.0f}x faster")
    if (peers / "checkov").exists():
        theirs = measure("checkov on the corpus", [str(peers / "checkov"), "-d", str(args.corpus), "--quiet", "--compact"], 3)
        print(f"{'':<44} tighten is {theirs / ours:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
