"""``dump``, ``publish`` and ``wikidata``: argument parsing only.

A remote store that fails or answers differently during a publish exits 1 (the target graph is
left as it was); unusable input — an output path that is a file, a malformed URL, a graph IRI
that is not an IRI, an endpoint that cannot be reached — exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casummit_rdf.cli.exits import OK, PROBLEMS, UsageError
from casummit_rdf.cli.options import add_data
from casummit_rdf.formats import Format
from casummit_rdf.wikidata.api import WIKIDATA_API

#: Serializations of ``wikidata --rdf`` (the same two as casummit_rdf.wikidata.wikibase_rdf.RDF_FORMATS).
_RDF_FORMATS = (Format.TURTLE, Format.N_TRIPLES)


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

    wikidata = commands.add_parser(
        "wikidata",
        help="Wikidata export for review: reconcile, a two-phase QuickStatements v1 batch, or Wikibase RDF",
        description=(
            "Prints a Wikidata export for review; nothing is ever posted. Phase 1 (--quickstatements) creates "
            "items and adds referenced statements; an item is created only when a reviewed decision says 'new' "
            "or --reconcile found no candidate item on the Wikibase. After running it, list the created items "
            "in a TAB-separated file (header 'entity<TAB>qid') and pass it to --created for phase 2, the links "
            "between new items (series P179 with ordinal P1545, P155/P156)."
        ),
    )
    mode = wikidata.add_mutually_exclusive_group()
    mode.add_argument("--quickstatements", action="store_true", help="phase-1 QuickStatements v1 batch (creates and edits)")
    mode.add_argument("--created", type=Path, metavar="QIDS.tsv",
                      help="phase-2 QuickStatements v1 batch: the links to the items listed in QIDS.tsv (entity<TAB>qid)")
    mode.add_argument(
        "--rdf", action="store_true",
        help="Wikibase RDF model (wd:, wdt:, p:, ps:, psv:, pq:, pqv:, pr:, prv: with wikibase:TimeValue nodes) "
             "in the --format chosen: Turtle (default) or N-Triples",
    )
    wikidata.add_argument(
        "--reconcile", action="store_true",
        help="ask the Wikibase (--api) for candidate items first: alone, print the reconciliation report "
             "(exit 1 when an entity needs a decision); with --quickstatements, create only entities without candidates",
    )
    wikidata.add_argument("--api", metavar="URL", help=f"Wikibase action API for --reconcile (default: {WIKIDATA_API})")
    wikidata.add_argument("--decisions", type=Path, metavar="FILE",
                          help="reviewed decisions (default: the bundled data/wikidata-decisions.tsv)")
    wikidata.add_argument("--format", choices=[name for f in _RDF_FORMATS for name in f.names() if "/" not in name],
                          metavar="FORMAT", help="with --rdf: ttl (Turtle, default) or nt (N-Triples)")
    wikidata.add_argument("--max-wait", type=float, default=60.0, metavar="S",
                          help="with --reconcile: longest Retry-After wait honoured, in seconds (default: 60)")
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
    from casummit_rdf.formats import Kind
    from casummit_rdf.wikidata import Session, WikibaseApi

    if not (args.quickstatements or args.created or args.rdf or args.reconcile):
        raise UsageError("choose --quickstatements, --created QIDS.tsv, --rdf or --reconcile")
    if args.reconcile and (args.created or args.rdf):
        raise UsageError("--reconcile goes alone or with --quickstatements (phase 2 and the RDF need no reconciliation)")
    if args.api and not args.reconcile:
        raise UsageError("--api is only used with --reconcile")
    if args.format and not args.rdf:
        raise UsageError("--format is only used with --rdf")
    if args.output is not None and args.output.is_dir():
        raise UsageError(f"{args.output}: is a folder, expected a file name")
    session = Session.open(args.data, decisions=args.decisions, created=args.created if args.created else None)
    status = OK
    if args.reconcile:
        api = WikibaseApi(args.api or WIKIDATA_API, max_wait=args.max_wait)
        reconciliation = session.reconcile(api)
        print(reconciliation.summary(), file=sys.stderr)
        if args.quickstatements:
            text = session.quickstatements(reconciliation)
        else:
            text = reconciliation.report()
            status = PROBLEMS if reconciliation.needs_decision or reconciliation.problems else OK
    elif args.quickstatements:
        text = session.quickstatements()
    elif args.created:
        text = session.phase_two()
    else:
        fmt = Format.by_name(args.format or "ttl", Kind.GRAPH)
        text = session.wikibase_rdf(fmt or Format.TURTLE)
    if args.output is None:
        sys.stdout.write(text)
        return status
    try:
        write_atomic(args.output, text)
    except OSError as error:
        raise UsageError(f"{args.output}: cannot write: {error.strerror or error}") from None
    return status
