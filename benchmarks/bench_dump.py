"""Benchmark `casummit dump`: both editions against the base edition alone and a pyoxigraph floor.

    python benchmarks/bench_dump.py                         # bundled data + ~100k triples, 5 rounds
    python benchmarks/bench_dump.py --sizes 10000 100000 --repeat 7
    python benchmarks/bench_dump.py --before /path/to/other/checkout   # also time that tree's dump

Every measurement is a new process, so imports and start-up count as they do for a user. Per
data set, one round runs each command once; rounds rotate the order of the commands (so that
no command always runs first or on a warm page cache), and the table gives the median and the
range (min–max) of the wall-clock times, and the median CPU time (user + system) of the process.

Commands:

* ``both``: ``casummit dump --edition both`` (the default): five syntaxes and their gzip files for
  each edition, VoID/DCAT, checksums, the ontology page;
* ``base`` and ``full``: ``casummit dump --edition base`` / ``--edition full``;
* ``floor``: pyoxigraph alone parses the same input files and writes the graph once in each of
  the five syntaxes (no sorting, no canonical blank nodes, no gzip, no inference) — the least a
  dump of the base edition could do;
* ``before`` (with ``--before DIR``): ``python -m casummit_rdf dump`` from another checkout's
  ``src/`` (its own ontology, the same data), run once per data set.

The synthetic data is ``synthetic_turtle`` of ``bench_validate.py`` (summits with participations,
documents and commitments, about 92 triples per summit), plus the ontology. This is a script, not
a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

_FLOOR = """
import sys
from pathlib import Path
import pyoxigraph as ox

out = Path(sys.argv[1])
triples = []
for name in sys.argv[2:]:
    triples.extend(ox.parse(path=name, format=ox.RdfFormat.TURTLE))
graph = ox.NamedNode("https://w3id.org/casummit/graph/data")
for suffix, fmt in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD),
                    ("rdf", ox.RdfFormat.RDF_XML)):
    ox.serialize(triples, str(out / f"floor.{suffix}"), format=fmt)
ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples], str(out / "floor.nq"),
             format=ox.RdfFormat.N_QUADS)
"""


def input_files(data: Path | None) -> list[Path]:
    """The files ``casummit dump`` reads for ``data`` (None: the bundled data), ontology included."""
    from casummit_rdf.graph import discover, with_ontology_files

    return with_ontology_files(discover([data] if data else None))


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to completion: (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(data: Path | None, out: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    data_args = ["--data", str(data)] if data else []
    dump = [sys.executable, "-m", "casummit_rdf", "dump", *data_args]
    cmds = {
        edition: ([*dump, "--out", str(out / edition), "--edition", edition], env)
        for edition in ("both", "base", "full")
    }
    floor_dir = out / "floor"
    floor_dir.mkdir(parents=True, exist_ok=True)
    cmds["floor"] = ([sys.executable, "-c", _FLOOR, str(floor_dir), *map(str, input_files(data))], env)
    return cmds


def measure(label: str, data: Path | None, tmp: Path, repeat: int, before: Path | None) -> list[tuple]:
    cmds = commands(data, tmp / label)
    names = list(cmds)
    walls: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    for round_ in range(repeat):
        order = names[round_ % len(names):] + names[: round_ % len(names)]
        for name in order:
            wall, cpu = run(*cmds[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
        print(f"  {label} round {round_ + 1}: " + ", ".join(f"{n} {walls[n][-1]:.2f}s" for n in names), flush=True)
    if before is not None:
        env = {**os.environ, "PYTHONPATH": str(before / "src")}
        data_args = ["--data", str(data)] if data else []
        wall, cpu = run([sys.executable, "-m", "casummit_rdf", "dump", *data_args, "--out", str(tmp / label / "before")], env)
        walls["before"], cpus["before"] = [wall], [cpu]
        names.append("before")
        print(f"  {label} before: {wall:.2f}s", flush=True)
    base = statistics.median(walls["base"])
    floor = statistics.median(walls["floor"])
    rows = []
    for name in names:
        median = statistics.median(walls[name])
        rows.append((label, name, median, min(walls[name]), max(walls[name]), statistics.median(cpus[name]),
                     median / base, median / floor, len(walls[name])))
    return rows


def triples_of(out: Path) -> str:
    nt = out / "casummit-base.nt"
    return f"{sum(1 for _ in nt.open('rb')):,}" if nt.is_file() else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="synthetic graph sizes (triples)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per data set")
    parser.add_argument("--before", type=Path, help="another checkout whose dump to time once per data set")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled data")
    args = parser.parse_args()

    from bench_validate import synthetic_turtle

    rows: list[tuple] = []
    sizes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="casummit-bench-dump-") as raw:
        tmp = Path(raw)
        sets: list[tuple[str, Path | None]] = [] if args.no_bundled else [("bundled", None)]
        for size in args.sizes:
            folder = tmp / f"data-{size}"
            folder.mkdir()
            text, _ = synthetic_turtle(size)
            (folder / "synthetic.ttl").write_text(text, encoding="utf-8")
            sets.append((f"~{size // 1000}k", folder))
        for label, data in sets:
            rows += measure(label, data, tmp, args.repeat, args.before)
            sizes[label] = triples_of(tmp / label / "base")
    print("\n| data (base triples) | command | median wall | min–max | median CPU | × base | × floor | runs |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, name, median, low, high, cpu, to_base, to_floor, runs in rows:
        print(f"| {label} ({sizes[label]}) | {name} | {median:.2f} s | {low:.2f}–{high:.2f} s | {cpu:.2f} s "
              f"| {to_base:.2f} | {to_floor:.1f} | {runs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
