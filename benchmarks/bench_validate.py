"""Benchmark `casummit validate`: the bundled data in a new process, and the fast SHACL engine
against plain pySHACL on synthetic summit graphs (with a check that both give identical results).

    python benchmarks/bench_validate.py                      # bundled data + 1k, 10k, 100k
    python benchmarks/bench_validate.py --sizes 1000 10000   # smaller run
    python benchmarks/bench_validate.py --write-only 100000 --out synthetic.ttl

Synthetic data mimics the project's real summits: per summit an en+ru label, format, dates,
status, city, edition and source; 8 participations (participant, represented state, office, role, attendance mode, source), 1–3
declarations and one commitment (decimal amount, currency); persons come with offices and
terms of office. About half of the summits are "C5+X" (five C5 heads of state plus three
guests, drawn from 60 states). 0.5 % deliberate violations are injected: end before start, a
participant not in office on the day, a lower-case currency. About 92 triples per summit; the
ontology adds about 1.4k.

This is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PREFIXES = """@prefix cas: <https://w3id.org/casummit/ontology#> .
@prefix actor: <https://w3id.org/casummit/id/actor/> .
@prefix person: <https://w3id.org/casummit/id/person/> .
@prefix office: <https://w3id.org/casummit/id/office/> .
@prefix term: <https://w3id.org/casummit/id/term/> .
@prefix place: <https://w3id.org/casummit/id/place/> .
@prefix format: <https://w3id.org/casummit/id/format/> .
@prefix summit: <https://w3id.org/casummit/id/summit/> .
@prefix participation: <https://w3id.org/casummit/id/participation/> .
@prefix document: <https://w3id.org/casummit/id/document/> .
@prefix commitment: <https://w3id.org/casummit/id/commitment/> .
@prefix source: <https://w3id.org/casummit/id/source/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
C5 = ["xca", "xcb", "xcc", "xcd", "xce"]


def synthetic_turtle(target_triples: int, seed: int = 7) -> tuple[str, int]:
    """A synthetic summit graph of about ``target_triples`` triples; returns (Turtle, summits)."""
    rng = random.Random(seed)
    out = [PREFIXES]
    w = out.append
    w('source:synthetic a cas:Source ; schema:url "https://example.org/synthetic"^^xsd:anyURI ; '
      'dct:publisher "Synthetic" ; cas:retrievedOn "2026-01-01"^^xsd:date .\n')
    w('actor:synthetic-group a cas:StateGroup ; rdfs:label "Group"@en , "Группа"@ru ; prov:wasDerivedFrom source:synthetic .\n')
    w('place:synthetic-city a cas:City ; rdfs:label "City"@en , "Город"@ru ; prov:wasDerivedFrom source:synthetic .\n')
    states: set[str] = set()
    persons: dict[str, str] = {}  # state -> person holding its presidency

    def state(code: str) -> None:
        if code in states:
            return
        states.add(code)
        w(f'actor:{code} a cas:State ; rdfs:label "State {code}"@en , "Государство {code}"@ru ; '
          f'cas:wikidataId "Q{1000 + len(states)}" ; prov:wasDerivedFrom source:synthetic .\n')
        w(f'office:president-{code} a cas:Office ; rdfs:label "President of {code}"@en , "Президент {code}"@ru ; '
          f'cas:officeOf actor:{code} ; cas:officeKind cas:HeadOfState ; prov:wasDerivedFrom source:synthetic .\n')
        person = f"leader-{code}"
        persons[code] = person
        w(f'person:{person} a cas:Person ; rdfs:label "Leader {code}"@en , "Лидер {code}"@ru ; prov:wasDerivedFrom source:synthetic .\n')
        w(f'term:{person}-president-{code} a cas:OfficeTerm ; cas:holder person:{person} ; cas:office office:president-{code} ; '
          f'schema:startDate "1990-01-01"^^xsd:date ; schema:endDate "2090-01-01"^^xsd:date ; prov:wasDerivedFrom source:synthetic .\n')

    for code in C5:
        state(code)
    n_summits = max(1, (target_triples - 1400) // 92)  # the ontology adds about 1.4k triples
    start = date(2000, 1, 1)
    for i in range(n_summits):
        fmt = f"f{i % 40}"
        if i < 40:
            w(f'format:{fmt} a cas:Format ; rdfs:label "Format {fmt}"@en , "Формат {fmt}"@ru ; '
              f'cas:memberGroup actor:synthetic-group ; prov:wasDerivedFrom source:synthetic .\n')
        # Dates stay in the past at every size (a held summit in the future is a violation).
        day = start + timedelta(days=(i * 3 + rng.randrange(3)) % 9000)
        end = day - timedelta(days=1) if rng.random() < 0.005 else day  # injected: end before start
        sid = f"{day.isoformat()}-{fmt}-{i}"
        w(f'summit:{sid} a cas:Summit ; rdfs:label "Summit {i}"@en , "Саммит {i}"@ru ; schema:superEvent format:{fmt} ; '
          f'cas:editionNumber "{i // 40 + 1}"^^xsd:integer ; schema:startDate "{day}"^^xsd:date ; '
          f'schema:endDate "{end}"^^xsd:date ; schema:eventStatus cas:Held ; cas:city place:synthetic-city ; '
          f'prov:wasDerivedFrom source:synthetic .\n')
        c5_plus = rng.random() < 0.5
        members = C5 + [f"x{rng.randrange(60):03d}" for _ in range(3)] if c5_plus else [f"x{rng.randrange(60):03d}" for _ in range(8)]
        for k, code in enumerate(dict.fromkeys(members)):
            state(code)
            person = persons[code]
            if rng.random() < 0.005:  # injected: a participant without a term on the day
                person = f"stranger-{i}-{k}"
                w(f'person:{person} a cas:Person ; rdfs:label "Stranger {i}-{k}"@en , "Незнакомец {i}-{k}"@ru ; prov:wasDerivedFrom source:synthetic .\n')
            role = "cas:Host" if k == 0 else "cas:Participant"
            w(f'participation:{sid}-{code} a cas:Participation ; cas:atSummit summit:{sid} ; cas:participant person:{person} ; '
              f'cas:represents actor:{code} ; cas:inCapacityOf office:president-{code} ; cas:role {role} ; '
              f'cas:attendanceMode cas:InPerson ; prov:wasDerivedFrom source:synthetic .\n')
        for d in range(rng.randrange(1, 4)):
            w(f'document:{sid}-d{d} a cas:Declaration ; rdfs:label "Declaration {i}.{d}"@en , "Декларация {i}.{d}"@ru ; '
              f'cas:adoptedAt summit:{sid} ; cas:adoptedOn "{day}"^^xsd:date ; prov:wasDerivedFrom source:synthetic .\n')
        currency = "usd" if rng.random() < 0.005 else "USD"  # injected: lower-case currency
        w(f'commitment:{sid}-c a cas:Commitment ; cas:announcedAt summit:{sid} ; cas:pledgedBy actor:{members[0]} ; '
          f'cas:amount "{rng.randrange(1, 10**9)}"^^xsd:decimal ; schema:currency "{currency}" ; prov:wasDerivedFrom source:synthetic .\n')
    return "".join(out), n_summits


def _time_process(args: list[str], repeat: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        code = subprocess.run(args, capture_output=True, check=False).returncode
        times.append(time.perf_counter() - started)
    return statistics.median(times), code


def bench_bundled(repeat: int) -> None:
    print("## Bundled data, `casummit validate` in a new process (median of", repeat, "runs)")
    for extra in ([], ["--no-reasoner"]):
        seconds, code = _time_process([sys.executable, "-m", "casummit_rdf", "validate", *extra], repeat)
        print(f"- validate {' '.join(extra) or '(with HermiT)'}: {seconds:.2f} s (exit {code})")


def _cache_file(cache: Path | None, text: str) -> Path | None:
    """Where plain pySHACL's result for this graph and these shapes is kept (it takes minutes)."""
    import hashlib

    from casummit_rdf import resources

    if cache is None:
        return None
    digest = hashlib.sha256((text + resources.shapes_file().read_text(encoding="utf-8")).encode()).hexdigest()[:16]
    return cache / f"pyshacl-{digest}.json"


def bench_synthetic(size: int, pyshacl_limit: int, cache: Path | None = None) -> None:
    import json

    from casummit_rdf.graph import load_graph
    from casummit_rdf.validate import ShaclEngine, load_shapes, shacl_problems

    text, summits = synthetic_turtle(size)
    cached = _cache_file(cache, text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic-{size}.ttl"
        path.write_text(text, encoding="utf-8")
        graph = load_graph([path])
        _ = graph.rdf, graph.store  # build both views outside the timed part (shared by both engines)
        shapes = load_shapes()
        started = time.perf_counter()
        fast = shacl_problems(graph, shapes, engine=ShaclEngine.FAST)
        fast_s = time.perf_counter() - started
        line = f"- {size:>7} target, {len(graph):>7} triples ({summits} summits): fast {fast_s:7.2f} s, {len(fast)} problems"
        if cached is not None and cached.is_file():
            stored = json.loads(cached.read_text(encoding="utf-8"))
            ref_s, reference_keys, count = stored["seconds"], {tuple(k) for k in stored["keys"]}, stored["problems"]
            same = {p.key() for p in fast} == reference_keys
            line += f"; pySHACL {ref_s:7.2f} s (cached run), {count} problems; speed-up {ref_s / fast_s:5.1f}x; identical: {same}"
        elif size <= pyshacl_limit:
            started = time.perf_counter()
            reference = shacl_problems(graph, shapes, engine=ShaclEngine.PYSHACL)
            ref_s = time.perf_counter() - started
            same = {p.key() for p in fast} == {p.key() for p in reference}
            line += f"; pySHACL {ref_s:7.2f} s, {len(reference)} problems; speed-up {ref_s / fast_s:5.1f}x; identical: {same}"
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                keys = sorted({p.key() for p in reference}, key=lambda k: tuple(str(x) for x in k))
                cached.write_text(json.dumps({"seconds": ref_s, "problems": len(reference), "keys": keys}), encoding="utf-8")
        else:
            line += "; pySHACL skipped (--pyshacl-limit)"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000, 100000], help="target triple counts")
    parser.add_argument("--pyshacl-limit", type=int, default=10**9, help="skip plain pySHACL above this size")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the bundled-data benchmark")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-data benchmark")
    parser.add_argument("--write-only", type=int, metavar="SIZE", help="only write a synthetic graph")
    parser.add_argument("--out", type=Path, help="where --write-only writes (default: stdout)")
    parser.add_argument("--cache", type=Path, help="keep plain pySHACL's results here and reuse them on the next run")
    args = parser.parse_args()
    if args.write_only:
        text, _ = synthetic_turtle(args.write_only)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    if not args.no_bundled:
        bench_bundled(args.repeat)
    print("## Synthetic graphs: SHACL only (graph loaded beforehand), fast engine vs plain pySHACL")
    for size in args.sizes:
        bench_synthetic(size, args.pyshacl_limit, args.cache)


if __name__ == "__main__":
    main()
