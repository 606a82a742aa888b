"""``dump``, ``publish`` and ``wikidata``: argument parsing only.

A remote store that fails or answers differently during a publish exits 1 (the target graph is
left as it was); unusable input — an output path that is a file, a malformed URL, a graph IRI
that is not an IRI, an endpoint that cannot be reached — exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casummit_rdf.cli.exits import OK, UsageError
from casummit_rdf.cli.options import add_data


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``dump``, ``publish`` and ``wikidata`` on the ``casummit`` parser."""
    dump = commands.add_parser("dump", help="write the release bundle (5 syntaxes, base and/or full edition, VoID/DCAT, checksums, docs)")
    dump.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (replaced atomically)")
    add_data(dump)
    dump.add_argument(
        "--edition", choices=["base", "full", "both"], default="both",
        help="base: asserted triples; full: plus what the ontology entails; both (default)",
    )
    dump.add_argument(
        "--base-url", default=None, metavar="URL",
        help="URL releases are published under, ending in '/'; the files of this release are under URL<version>/ "
             "(the DCAT download URLs)",
    )
    dump.set_defaults(run=_cmd_dump)

    publish = commands.add_parser("publish", help="replace a named graph on a SPARQL 1.1 store atomically")
    publish.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint")
    publish.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint (default: --endpoint)")
    publish.add_argument("--gsp", metavar="URL", help="Graph Store Protocol endpoint, used for loading when given")
    publish.add_argument("--graph", metavar="IRI", help="target named graph (default: https://w3id.org/casummit/graph/<edition>)")
    publish.add_argument("--edition", choices=["base", "full"], default="base", help="which edition to publish")
    add_data(publish)
    publish.add_argument("--batch-size", type=int, default=1000, metavar="N", help="triples per INSERT DATA request (Virtuoso fails above a few thousand)")
    publish.add_argument("--http-auth", choices=["basic", "digest"], default="basic", help="HTTP authentication scheme")
    publish.add_argument("--retries", type=int, default=5, metavar="N", help="retries on 429/502/503/504 (bounded backoff)")
    publish.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per HTTP request")
    publish.add_argument("--dry-run", action="store_true", help="print the requests that would be sent; send nothing")
    publish.set_defaults(run=_cmd_publish)

    wikidata = commands.add_parser("wikidata", help="print a Wikidata export: QuickStatements v1 or Wikibase RDF")
    mode = wikidata.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quickstatements", action="store_true", help="QuickStatements v1 batch (for review; never posted)")
    mode.add_argument("--rdf", action="store_true", help="Wikibase RDF model (wd:, wdt:, p:, ps:, pq:, pr:) as N-Triples")
    add_data(wikidata)
    wikidata.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    wikidata.set_defaults(run=_cmd_wikidata)


def _cmd_dump(args: argparse.Namespace) -> int:
    from casummit_rdf.release import DEFAULT_BASE_URL, Edition, write_bundle

    editions = tuple(Edition) if args.edition == "both" else (Edition(args.edition),)
    report = write_bundle(args.out, args.data, base_url=args.base_url or DEFAULT_BASE_URL, editions=editions)
    base = report.stats
    summary = ", ".join(f"{edition.value} {st.triples} triples" for edition, st in base.items())
    print(f"wrote {len(report.files)} files to {report.out} ({summary}; release {report.release.version}, issued {report.release.issued})")
    return OK


def _cmd_publish(args: argparse.Namespace) -> int:
    from casummit_rdf.publish import PublishOptions, publish
    from casummit_rdf.release import Edition

    options = PublishOptions.from_args(
        endpoint=args.endpoint,
        update_endpoint=args.update_endpoint,
        gsp=args.gsp,
        graph=args.graph,
        edition=Edition(args.edition),
        batch_size=args.batch_size,
        http_auth=args.http_auth,
        retries=args.retries,
        timeout=args.timeout,
    )
    report = publish(options, data=args.data, dry_run=args.dry_run, out=sys.stdout)
    if not args.dry_run:
        print(report.summary())
    return OK


def _cmd_wikidata(args: argparse.Namespace) -> int:
    from casummit_rdf.files import write_atomic
    from casummit_rdf.wikidata import export_quickstatements, export_wikibase_rdf

    text = export_quickstatements(args.data) if args.quickstatements else export_wikibase_rdf(args.data)
    if args.output is None:
        sys.stdout.write(text)
        return OK
    if args.output.is_dir():
        raise UsageError(f"{args.output}: is a folder, expected a file name")
    try:
        write_atomic(args.output, text)
    except OSError as error:
        raise UsageError(f"{args.output}: cannot write: {error.strerror or error}") from None
    return OK
