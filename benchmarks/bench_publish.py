"""Dump and publish times: the bundled data, and a synthetic graph of about 1M triples.

Measured, each once (wall-clock seconds, ``time.perf_counter``):

* ``dump``: :func:`casummit_rdf.export.write_bundle` — base edition (all five syntaxes, gzip,
  VoID, checksums, docs) and, for the bundled data, the full edition (owlrl OWL 2 RL closure);
* ``publish``: :func:`casummit_rdf.publish.publish` of the base edition into a fresh
  ``oxigraph serve`` (on disk, loopback), once through SPARQL Update batches and once through the
  Graph Store Protocol; both include staging, count checks, MOVE and the flagship comparison;
* with ``--virtuoso`` (needs Debian's virtuoso-opensource), the same SPARQL Update publish into
  Virtuoso for the bundled data.

    python benchmarks/bench_publish.py                    # bundled data + 1M synthetic
    python benchmarks/bench_publish.py --synthetic 100000 --full-synthetic --virtuoso

The synthetic graph repeats the project's shapes (summits with dates, cities, formats, eight
participations each, documents and a commitment, sourced) under ``https://example.org/synthetic/``;
the full edition of it is skipped unless ``--full-synthetic`` (owlrl works in pure Python and is
far too slow for a million triples).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
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


def timed(what: str, results: list[tuple[str, float, str]], fn, note: str = ""):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - start
    results.append((what, elapsed, note))
    print(f"{what:<58} {elapsed:8.2f} s  {note}", flush=True)
    return value


def publish_to_oxigraph(tmp: Path, label: str, results: list, data: list[Path] | None, *, gsp: bool, batch: int) -> None:
    from casummit_rdf.publish import PublishOptions, publish
    from servers import OxigraphServer

    server = OxigraphServer(tmp / f"oxigraph-{label}-{'gsp' if gsp else 'update'}").start()
    try:
        options = PublishOptions.from_args(
            server.query_url, server.update_url, server.store_url if gsp else None, batch_size=batch, timeout=600,
        )
        report = timed(
            f"publish {label} → oxigraph ({'GSP PUT' if gsp else f'UPDATE, {batch}/batch'})",
            results, lambda: publish(options, data, out=io.StringIO()),
        )
        print(f"    {report.summary()}")
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="triples in the synthetic graph (0: skip)")
    parser.add_argument("--full-synthetic", action="store_true", help="also dump the full edition of the synthetic graph")
    parser.add_argument("--virtuoso", action="store_true", help="also publish the bundled data into Virtuoso")
    args = parser.parse_args()

    from casummit_rdf.export import Edition, write_bundle

    results: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="casummit-bench-") as raw:
        tmp = Path(raw)
        report = timed("dump bundled data (base + full)", results, lambda: write_bundle(tmp / "bundle"))
        print(f"    base {report.stats[Edition.BASE].triples} triples, full {report.stats[Edition.FULL].triples}")
        timed("dump bundled data (base only)", results, lambda: write_bundle(tmp / "bundle-base", editions=(Edition.BASE,)))
        publish_to_oxigraph(tmp, "bundled", results, None, gsp=False, batch=1000)
        publish_to_oxigraph(tmp, "bundled", results, None, gsp=True, batch=1000)
        if args.virtuoso:
            publish_to_virtuoso(tmp, results)
        if args.synthetic:
            data = tmp / "synthetic"
            data.mkdir()
            count = timed(f"generate synthetic graph (~{args.synthetic} triples)", results,
                          lambda: synthetic(data / "synthetic.nt", args.synthetic))
            print(f"    {count} triples (+ ontology)")
            editions = (Edition.BASE, Edition.FULL) if args.full_synthetic else (Edition.BASE,)
            timed(f"dump synthetic ({'base + full' if args.full_synthetic else 'base'})", results,
                  lambda: write_bundle(tmp / "synthetic-bundle", [data], editions=editions))
            publish_to_oxigraph(tmp, "synthetic", results, [data], gsp=True, batch=10_000)
            publish_to_oxigraph(tmp, "synthetic", results, [data], gsp=False, batch=10_000)
    print("\n| step | seconds |\n|---|---|")
    for what, seconds, _ in results:
        print(f"| {what} | {seconds:.2f} |")
    return 0


def publish_to_virtuoso(tmp: Path, results: list) -> None:
    import os

    from casummit_rdf.publish import PublishOptions, publish
    from servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, VirtuosoServer

    directory = tmp / "virtuoso"
    directory.mkdir()
    server = VirtuosoServer(directory).start()
    os.environ["CASUMMIT_USER"], os.environ["CASUMMIT_PASSWORD"] = VIRTUOSO_USER, VIRTUOSO_PASSWORD
    try:
        options = PublishOptions.from_args(server.auth_url, http_auth="digest", batch_size=1000)
        report = timed("publish bundled → virtuoso (UPDATE, 1000/batch)", results,
                       lambda: publish(options, out=io.StringIO()))
        print(f"    {report.summary()}")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
