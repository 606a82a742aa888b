"""``dump``, ``publish`` and ``wikidata``: argument parsing only.

A remote store that fails or answers differently during a publish exits 1 (the message says what
state the target graph is in); unusable input — an output path that is a file, a malformed URL, a
graph IRI that is not an IRI, an address where nothing answers — exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casummit_rdf.cli.exits import OK, UsageError
from casummit_rdf.cli.options import add_data


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``dump``, ``publish`` and ``wikidata`` on the ``casummit`` parser."""
    dump = commands.add_parser("dump", help="write the release bundle (5 syntaxes, base+full, VoID, checksums, docs)")
    dump.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (replaced atomically)")
    add_data(dump)
    dump.add_argument(
        "--base-url", default=None, metavar="URL",
        help="URL the bundle will be published under, ending in '/' (for the DCAT download URLs)",
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

    wikidata = commands.add_parser("wikidata", help="print a Wikidata export: QuickStatements v1 or Wikibase RDF")
    mode = wikidata.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quickstatements", action="store_true", help="QuickStatements v1 batch (for review; never posted)")
    mode.add_argument("--rdf", action="store_true", help="Wikibase RDF model (wd:, wdt:, p:, ps:, pq:, pr:) as N-Triples")
    add_data(wikidata)
    wikidata.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    wikidata.set_defaults(run=_cmd_wikidata)


def _cmd_dump(args: argparse.Namespace) -> int:
    from casummit_rdf.release import DEFAULT_BASE_URL, write_bundle

    report = write_bundle(args.out, args.data, base_url=args.base_url or DEFAULT_BASE_URL)
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
