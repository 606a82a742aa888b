"""Publish against the wire: ``casummit publish`` vs a plain PUT of the same N-Triples, same server.

One in-memory ``oxigraph serve`` on loopback; a synthetic graph of about ``--triples`` triples
(the project's shapes, see :func:`synthetic`) plus the ontology. In each round, interleaved so
that the machine's state is shared fairly:

* ``plain PUT`` — the peer: ``curl -X PUT --data-binary @edition.nt`` (urllib when curl is
  missing) of the very N-Triples publish sends, to ``/store?graph=…``; nothing checked;
* ``publish (put)`` — :func:`casummit_rdf.publish.publish` with the edition's triples in memory:
  endpoint discovery, count, one Graph Store PUT, count, the check query on both sides;
* ``publish (put, counts only)`` — the same with ``--check-query none``: no local store is built
  for the comparison, which at this size costs about as much CPU as the server's PUT;
* ``publish (gsp)`` — the same through a staging graph: DROP, PUT, count, MOVE, count, check
  (what a store without an atomic PUT gets);
* ``publish from files`` — as ``casummit publish --data DIR`` does it, loading and building the
  edition from the Turtle/N-Triples files first (interpreter start-up not included).

Once, at the end: ``publish (update)``, INSERT DATA batches of ``--batch-size``.

    python benchmarks/bench_publish.py                    # ~100k triples, 5 rounds
    python benchmarks/bench_publish.py --triples 1000000 --rounds 3

Prints the median and min–max of each, and the ratio of medians to the plain PUT.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def synthetic(path: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` triples of summit-shaped data to an N-Triples file; return the count."""
    rng = random.Random(seed)
    cas = "https://w3id.org/casummit/ontology#"
    base = "https://example.org/synthetic/"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    schema = "https://schema.org/"
    prov = "http://www.w3.org/ns/prov#wasDerivedFrom"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    actors = [f"https://w3id.org/casummit/id/actor/{a}" for a in ("kaz", "kgz", "tjk", "tkm", "uzb", "chn", "rus", "usa", "jpn", "eu")]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        def t(s: str, p: str, o: str) -> None:
            nonlocal written
            out.write(f"<{s}> <{p}> {o} .\n")
            written += 1

        n = 0
        while written < triples:
            summit = f"{base}summit/{n}"
            source = f"{base}source/{n}"
            date = f"{rng.randint(1995, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            t(summit, rdf_type, f"<{cas}Summit>")
            t(summit, label, f'"Synthetic summit {n}"@en')
            t(summit, label, f'"Синтетический саммит {n}"@ru')
            t(summit, schema + "startDate", f'"{date}"^^<{xsd}date>')
            t(summit, schema + "endDate", f'"{date}"^^<{xsd}date>')
            t(summit, schema + "superEvent", f"<{base}format/{n % 12}>")
            t(summit, cas + "city", f"<{base}city/{n % 40}>")
            t(summit, schema + "eventStatus", f"<{cas}Held>")
            t(summit, prov, f"<{source}>")
            t(source, rdf_type, f"<{cas}Source>")
            t(source, schema + "url", f'"https://example.org/news/{n}"^^<{xsd}anyURI>')
            for k, actor in enumerate(rng.sample(actors, 8)):
                part = f"{base}participation/{n}-{k}"
                t(part, rdf_type, f"<{cas}Participation>")
                t(part, cas + "atSummit", f"<{summit}>")
                t(part, cas + "represents", f"<{actor}>")
                t(part, cas + "participant", f"<{base}person/{rng.randint(0, 400)}>")
                t(part, cas + "role", f"<{cas}Participant>")
                t(part, cas + "attendanceMode", f"<{cas}InPerson>")
                t(part, prov, f"<{source}>")
            for k in range(rng.randint(1, 3)):
                doc = f"{base}document/{n}-{k}"
                t(doc, rdf_type, f"<{cas}Declaration>")
                t(doc, label, f'"Declaration {n}-{k}"@en')
                t(doc, cas + "adoptedAt", f"<{summit}>")
                t(doc, prov, f"<{source}>")
            commitment = f"{base}commitment/{n}"
            t(commitment, rdf_type, f"<{cas}Commitment>")
            t(commitment, cas + "amount", f'"{rng.randint(1, 10**6) * 1000}"^^<{xsd}decimal>')
            t(commitment, schema + "currency", '"USD"')
            t(commitment, cas + "announcedAt", f"<{summit}>")
            n += 1
    return written


def plain_put(store_url: str, graph: str, path: Path) -> Callable[[], None]:
    """The peer: one PUT of the file, by curl if installed, else urllib."""
    url = store_url + "?" + urllib.parse.urlencode({"graph": graph})
    curl = shutil.which("curl")
    if curl:
        command = [curl, "-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "Content-Type: application/n-triples",
                   "--data-binary", f"@{path}", url]
        return lambda: subprocess.run(command, check=True)

    def put() -> None:
        request = urllib.request.Request(url, data=path.read_bytes(), method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()

    return put


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of this process (all its threads; not curl's)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="synthetic triples (plus the ontology)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median of these)")
    parser.add_argument("--batch-size", type=int, default=5000, help="INSERT DATA batch size for the update run")
    args = parser.parse_args()

    from casummit_rdf.publish import Method, PublishOptions, publish
    from casummit_rdf.release.editions import Edition, edition_quads, unique_triples
    from servers import OxigraphServer
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="casummit-bench-publish-") as raw:
        tmp = Path(raw)
        data = tmp / "data"
        data.mkdir()
        synthetic(data / "synthetic.nt", args.triples)
        triples = unique_triples(edition_quads(Edition.BASE, [data]))
        edition_nt = tmp / "edition.nt"
        edition_nt.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        print(f"{len(triples)} triples ({edition_nt.stat().st_size / 1e6:.1f} MB of N-Triples)", flush=True)
        server = OxigraphServer(tmp / "unused", in_memory=True).start()
        try:
            def run(method: Method, graph: str, from_files: bool = False, check: str | None = None) -> Callable[[], object]:
                options = PublishOptions.from_args(server.base, graph=graph, method=method, timeout=600,
                                                   batch_size=args.batch_size, check_query=check)
                if from_files:
                    return lambda: publish(options, [data])
                return lambda: publish(options, triples=triples)

            cases: dict[str, Callable[[], object]] = {
                "plain PUT (peer)": plain_put(server.store_url, "urn:bench:plain", edition_nt),
                "publish (put)": run(Method.PUT, "urn:bench:put"),
                "publish (put, counts only: --check-query none)": run(Method.PUT, "urn:bench:put-counts", check="none"),
                "publish (gsp: staging + MOVE)": run(Method.GSP, "urn:bench:gsp"),
                "publish from files (put)": run(Method.PUT, "urn:bench:files", from_files=True),
            }
            for fn in cases.values():  # warm-up: every graph exists, so each timed run replaces one
                fn()
            times: dict[str, list[float]] = {name: [] for name in cases}
            cpu: dict[str, list[float]] = {name: [] for name in cases}
            for round_number in range(args.rounds):
                for name, fn in cases.items():
                    wall, used = timed(fn)
                    times[name].append(wall)
                    cpu[name].append(used)
                print(f"round {round_number + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()), flush=True)
            update_time, _ = timed(run(Method.UPDATE, "urn:bench:update"))
        finally:
            server.stop()

    peer = statistics.median(times["plain PUT (peer)"])
    print(f"\n{len(triples)} triples, in-memory oxigraph serve, {args.rounds} interleaved rounds\n")
    print("| step | median | min–max | ratio to plain PUT | CPU of this process (median) |\n|---|---:|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        used = "— (curl)" if name.startswith("plain") and shutil.which("curl") else f"{statistics.median(cpu[name]):.2f} s"
        print(f"| {name} | {median:.2f} s | {min(values):.2f}–{max(values):.2f} s | {median / peer:.2f}x | {used} |")
    print(f"| publish (update, {args.batch_size}/batch), once | {update_time:.2f} s | — | {update_time / peer:.2f}x | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
