"""Benchmark: the ``casummit`` command in a new process on the bundled data.

Targets (issue 2): ``casummit query`` under 1.5 s, ``casummit validate`` under 5 s.
Run: ``python benchmarks/bench_cli.py [--runs 5]``. Prints the median and worst wall time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "query powers-met-all-five": ["query", "powers-met-all-five", "--param", "year=2025"],
    "query summit-timeline --format json": ["query", "summit-timeline", "--format", "json"],
    "stats --coverage": ["stats", "--coverage"],
    "validate --no-reasoner": ["validate", "--no-reasoner"],
    "validate (SHACL + HermiT)": ["validate"],
}


def time_command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "casummit_rdf", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"casummit {' '.join(args)} failed: {done.stderr.decode().strip()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    time_command(["queries"], 1)  # warm the page cache and .pyc files
    print(f"{'command':46} {'median s':>9} {'worst s':>8}  ({args.runs} runs, new process each)")
    for name, command in COMMANDS.items():
        times = time_command(command, args.runs)
        print(f"casummit {name:37} {statistics.median(times):9.2f} {max(times):8.2f}")


if __name__ == "__main__":
    main()
