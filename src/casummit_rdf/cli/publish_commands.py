"""``dump``, ``publish`` and ``wikidata``: argument parsing only.

A remote store that fails or answers differently during a publish exits 1 (the message says what
state the target graph is in); unusable input — an output path that is a file, a malformed URL, a
graph IRI that is not an IRI, an address where nothing answers — exits 2.
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

    publish = commands.add_parser(
        "publish", help="replace a named graph on a SPARQL 1.1 store atomically",
        description=(
            "Replace a named graph on a SPARQL 1.1 store with an edition of the graph, atomically, then check it. "
            "Give the store's base address (e.g. http://127.0.0.1:7878) or one of its endpoints: the query, update "
            "and Graph Store endpoints are found from its service description or the layouts of Oxigraph, Fuseki, "
            "Virtuoso, GraphDB and QLever; --update-endpoint and --gsp override what is found. "
            "Credentials: CASUMMIT_USER/CASUMMIT_PASSWORD are sent only to the update endpoint's host and port (or, "
            "without --update-endpoint, the address's); ~/.netrc (or $NETRC) entries only to their own host."
        ),
    )
    publish.add_argument("--endpoint", metavar="URL", help="the store's base address or its SPARQL query endpoint")
    publish.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint (default: found from --endpoint)")
    publish.add_argument("--gsp", metavar="URL", help="Graph Store Protocol endpoint (default: found from --endpoint); alone, it names the store")
    publish.add_argument("--graph", metavar="IRI", help="target named graph (default: https://w3id.org/casummit/graph/<edition>)")
    publish.add_argument("--edition", choices=["base", "full"], default="base", help="which edition to publish")
    add_data(publish)
    publish.add_argument(
        "--method", choices=["auto", "put", "gsp", "update"], default="auto",
        help="put: one Graph Store PUT to the target (atomic on Oxigraph); gsp/update: load a staging graph by "
             "Graph Store PUT or INSERT DATA batches, count it, MOVE it onto the target; auto (default): put on "
             "Oxigraph, else gsp where there is a Graph Store endpoint, else update",
    )
    publish.add_argument("--batch-size", type=int, default=1000, metavar="N", help="triples per INSERT DATA request (Virtuoso fails above a few thousand)")
    publish.add_argument("--http-auth", choices=["basic", "digest"], default="basic", help="basic: send credentials with the first request to their host; digest: only answer its challenge")
    publish.add_argument("--retries", type=int, default=5, metavar="N", help="retries on 429/502/503/504 (bounded backoff, Retry-After honoured)")
    publish.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds for each whole HTTP request (connect, send, answer)")
    publish.add_argument("--check-query", metavar="NAME", help="canned query (one that needs no value) to compare after publishing, or 'none' (counts only); default: the flagship if it needs no value, else the first query that needs none")
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

    if not args.endpoint and not args.gsp:
        raise UsageError("publish needs --endpoint URL (a store's base address or query endpoint) or --gsp URL")
    for flag, value in (("--batch-size", args.batch_size), ("--retries", args.retries)):
        if value < (1 if flag == "--batch-size" else 0):
            raise UsageError(f"{flag} must be at least {1 if flag == '--batch-size' else 0}")
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    options = PublishOptions.from_args(
        endpoint=args.endpoint,
        update_endpoint=args.update_endpoint,
        gsp=args.gsp,
        graph=args.graph,
        edition=Edition(args.edition),
        method=args.method,
        batch_size=args.batch_size,
        http_auth=args.http_auth,
        retries=args.retries,
        timeout=args.timeout,
        check_query=args.check_query,
    )
    report = publish(options, data=args.data, dry_run=args.dry_run, out=sys.stdout)
    if not args.dry_run:
        print(report.store_line())
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
