#!/usr/bin/env python3
"""Whole-process timings of the release binary: median of several runs, and peak memory.

    scripts/bench.py [--runs N] [--peer-runs N] [--corpus DIR] [--skip-trees] [--skip-peers]

Builds `target/release/tighten` and the `jsonc_baseline` example, then times, each as a whole
process: one small file; a generated 20 MB policy, beside a bare `jsonc-parser` parse of it;
the real-world corpus in ../shared/corpus on two cores and on one; and generated trees
of 10,000 and 100,000 small files. When the peer linters are installed
(`bash ../shared/peers/setup.sh .peers-venv`), times cfn-lint and checkov on the corpus and
prints the ratios. Ends with the targets and whether each was met.
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
BASELINE = ROOT / "target" / "release" / "examples" / "jsonc_baseline"
EXTENSIONS = (".yaml", ".yml", ".json", ".template")


def one_cpu():
    """Pins the calling process to the first CPU it may run on."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(argv, cwd=None, env=None, pin=False):
    """Runs argv once, on one CPU if `pin`; returns (seconds, exit code).

    Pinned in the child before exec rather than by `taskset`, whose own exec would be timed.
    """
    start = time.perf_counter()
    status = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=one_cpu if pin else None)
    return time.perf_counter() - start, status.returncode


def peak_rss_mb(argv, cwd=None, env=None):
    """Peak resident memory of one run, measured by /usr/bin/time.

    A child forked from this script would count the script's own pages until exec.
    """
    if not Path("/usr/bin/time").exists():
        return float("nan")
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name] + argv, cwd=cwd, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1]) / 1024


# Run by the peers' Python (which has PyYAML): lists the templates with a resource whose Type
# is not a string, on which checkov aborts its whole scan.
UNTYPED = """
import json, pathlib, sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if path.suffix not in (".yaml", ".yml", ".json", ".template"):
        continue
    try:
        text = path.read_text()
        doc = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=Loader)
    except Exception:
        continue
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    if isinstance(resources, dict) and any(
            isinstance(r, dict) and not isinstance(r.get("Type"), str)
            for r in resources.values()):
        print(path.name)
"""


def measure(label, argv, runs, cwd=None, env=None, warm=True):
    """Median wall-clock seconds of `runs` runs after one warm-up, and peak RSS of one more."""
    if warm:
        timed(argv, cwd, env)  # warm the page cache
    samples = [timed(argv, cwd, env) for _ in range(runs)]
    seconds = statistics.median(s[0] for s in samples)
    codes = sorted({s[1] for s in samples})
    rss = peak_rss_mb(argv, cwd, env)
    print(f"{label:<46} median {seconds * 1000:9.1f} ms  (of {runs})   peak RSS {rss:6.1f} MB"
          f"   exit {codes}", flush=True)
    return seconds, rss


def compare(first, second, runs):
    """Times two commands in alternation, `runs` times each after a warm-up of both, and prints
    them as measure does. Returns the first command's median seconds and peak RSS, and the
    median of the per-pair ratios second / first: on a shared machine, load that drifts during
    the runs weighs on both sides of each pair alike.

    `first` and `second` are (label, argv, env, pin) tuples, `pin` as in timed.
    """
    for _, argv, env, pin in (first, second):
        timed(argv, env=env, pin=pin)
    pairs = [(timed(first[1], env=first[2], pin=first[3]),
              timed(second[1], env=second[2], pin=second[3])) for _ in range(runs)]
    medians = []
    for index, (label, argv, env, _) in enumerate((first, second)):
        samples = [pair[index] for pair in pairs]
        seconds = statistics.median(s[0] for s in samples)
        codes = sorted({s[1] for s in samples})
        rss = peak_rss_mb(argv, env=env)
        medians.append((seconds, rss))
        print(f"{label:<46} median {seconds * 1000:9.1f} ms  (of {runs})   peak RSS {rss:6.1f} MB"
              f"   exit {codes}", flush=True)
    seconds, rss = medians[0]
    return seconds, rss, statistics.median(b[0] / a[0] for a, b in pairs)


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


def small_files(n):
    """The texts of n small files in the shapes tighten reads, one in ten with a finding."""
    for i in range(n):
        kind = i % 4
        bad = (i // 4) % 10 == 0
        if kind == 0:
            text = json.dumps({"Version": "2012-10-17", "Statement": [statement(i)] + (
                [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}] if bad else [])},
                indent=2)
            yield f"policy-{i}.json", text
        elif kind == 1:
            cidr = "0.0.0.0/0" if bad else f"10.{i % 256}.0.0/16"
            yield f"sg-{i}.json", json.dumps({"GroupId": f"sg-{i:017x}", "IpPermissions": [{
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "IpRanges": [{"CidrIp": cidr}]}]}, indent=2)
        elif kind == 2:
            variables = {"LOG_LEVEL": "info", "TABLE": f"table-{i}"}
            if bad:
                variables["DB_PASSWORD"] = "hunter2-Orders-2026!"
            yield f"fn-{i}.json", json.dumps({
                "FunctionName": f"fn-{i}", "Runtime": "python3.12", "Handler": "app.handler",
                "Role": f"arn:aws:iam::123456789012:role/fn-{i}",
                "Environment": {"Variables": variables}}, indent=2)
        else:
            action = "sqs:*" if bad else "sqs:SendMessage"
            yield f"template-{i}.yaml", (
                "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                "    Type: AWS::Serverless::Function\n    Properties:\n"
                "      Runtime: python3.12\n      Handler: app.handler\n      Policies:\n"
                f"        - Statement:\n            - Effect: Allow\n              Action: {action}\n"
                f"              Resource: !GetAtt Queue{i}.Arn\n")


def tree(root, n):
    """Writes n small files into root, 500 to a directory."""
    for i, (name, text) in enumerate(small_files(n)):
        folder = root / f"d{i // 500:04d}"
        if i % 500 == 0:
            folder.mkdir(parents=True)
        (folder / name).write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--peer-runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--skip-trees", action="store_true", help="skip the generated trees")
    parser.add_argument("--skip-peers", action="store_true", help="skip cfn-lint and checkov")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "tighten",
                    "--example", "jsonc_baseline"], cwd=ROOT, check=True)
    check = [str(BINARY), "check", "--format", "concise"]
    # One checking thread on one core: discovery runs in a thread of its own, which on a
    # second core would make the one-thread run a two-core run.
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    results = {}

    small = ROOT / "fixtures" / "examples" / "function-config.json"
    results["small"] = measure("one small file", check + [str(small)], args.runs * 3)

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "policy-20mb.json"
        policy_file(big, 20 * 1024 * 1024)
        mb = big.stat().st_size / 1e6
        ours, _, ratio = compare(
            (f"generated policy ({mb:.1f} MB)", check + [str(big)], None, False),
            ("  bare jsonc-parser parse of it", [str(BASELINE), str(big)], None, False),
            args.runs)
        results["big"] = ratio
        print(f"{'':<46} {mb / ours:.0f} MB/s whole process, {ratio:.2f}x the bare parse's"
              " speed (median of paired runs)")

    if args.corpus.is_dir():
        count = sum(1 for p in args.corpus.rglob("*") if p.suffix in EXTENSIONS)
        corpus, rss, speedup = compare(
            (f"corpus ({count} files)", check + [str(args.corpus)], None, False),
            ("  one thread on one core", check + [str(args.corpus)], one_thread, True),
            args.runs * 3)
        results["corpus"] = (corpus, rss)
        results["speedup"] = speedup
        print(f"{'':<46} 1 -> 2 cores: {speedup:.2f}x (median of paired runs)")
    else:
        print(f"corpus not found at {args.corpus}; skipped")
        corpus = None

    if not args.skip_trees:
        for n in (10_000, 100_000):
            with tempfile.TemporaryDirectory() as tmp:
                tree(Path(tmp), n)
                seconds, _ = measure(f"generated tree ({n} files)", check + [tmp],
                                     max(3, args.runs // 2))
                print(f"{'':<46} {n / seconds:.0f} files/s")

    peers = ROOT / ".peers-venv" / "bin"
    compare_peers = corpus is not None and not args.skip_peers
    if compare_peers and (peers / "cfn-lint").exists():
        templates = [str(p) for p in sorted(args.corpus.rglob("*")) if p.suffix in EXTENSIONS]
        theirs, _ = measure("cfn-lint on the corpus", [str(peers / "cfn-lint"), "--"] + templates,
                            args.peer_runs, warm=False)
        print(f"{'':<46} tighten is {theirs / corpus:.0f}x faster")
    if compare_peers and (peers / "checkov").exists():
        skipped = subprocess.run([str(peers / "python"), "-c", UNTYPED, str(args.corpus)],
                                 capture_output=True, text=True, check=True).stdout.split()
        skips = [arg for path in skipped for arg in ("--skip-path", path)]
        theirs, _ = measure(f"checkov on the corpus ({len(skipped)} skipped)", [
            str(peers / "checkov"), "-d", str(args.corpus), "--quiet", "--compact",
            "--framework", "cloudformation", "--skip-download"] + skips, args.peer_runs, warm=False)
        print(f"{'':<46} tighten is {theirs / corpus:.0f}x faster")

    print("\ntargets:")
    target = lambda name, ok, text: print(f"  {'met   ' if ok else 'MISSED'} {name}: {text}")
    seconds, _ = results["small"]
    target("one small file <= 5 ms", seconds <= 0.005, f"{seconds * 1000:.1f} ms")
    target("20 MB file >= half the bare parse's speed", results["big"] >= 0.5,
           f"{results['big']:.2f}x")
    if "corpus" in results:
        seconds, rss = results["corpus"]
        target("corpus <= 0.4 s", seconds <= 0.4, f"{seconds:.3f} s")
        target("corpus peak RSS < 50 MB", rss < 50, f"{rss:.1f} MB")
        target("1 -> 2 cores near 2x", results["speedup"] >= 1.7, f"{results['speedup']:.2f}x")
    print(f"  load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
          f" on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
