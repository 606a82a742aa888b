"""``query``, ``queries``, ``sparql`` and ``stats``: argument parsing only; the library does the work."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casummit_rdf.cli.exits import OK, UsageError
from casummit_rdf.cli.options import add_data, add_engine, add_format, add_params, chosen_format, parse_params
from casummit_rdf.formats import Format, Kind
from casummit_rdf.results import ResultKind


def add_commands(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="run a canned query by name")
    query.add_argument("name", help="query name (see 'casummit queries')")
    add_params(query)
    _add_result_options(query)
    query.add_argument(
        "--lang", choices=["en", "ru"], default="en",
        help="language of the terminal table: column names and the names of IRIs (ru: Russian labels from the data)",
    )
    query.set_defaults(run=_cmd_query)

    queries = commands.add_parser("queries", help="list the canned queries with their parameters")
    queries.add_argument("--format", choices=["text", "json"], default="text")
    queries.set_defaults(run=_cmd_queries)

    sparql = commands.add_parser("sparql", help="run a SPARQL query given inline or in a file")
    sparql.add_argument("query", nargs="?", help="SPARQL query text")
    sparql.add_argument("-f", "--file", type=Path, help="read the query from this file (UTF-8)")
    _add_result_options(sparql)
    sparql.set_defaults(run=_cmd_sparql)

    stats = commands.add_parser("stats", help="count triples, entities and summits")
    add_data(stats)
    stats.add_argument(
        "--coverage", action="store_true",
        help="coverage report: held summits per format and year, meetings per format, level and year, commitments per document, facts without a (per-fact) source, missing Q-ids and labels",
    )
    stats.add_argument("--format", choices=["text", "json"], default="text")
    stats.set_defaults(run=_cmd_stats)


def _add_result_options(parser: argparse.ArgumentParser) -> None:
    add_format(
        parser, Kind.RESULTS | Kind.GRAPH, default=None,
        help="result format; SELECT/ASK default to table, CONSTRUCT/DESCRIBE to Turtle (ttl);",
    )
    add_data(parser)
    add_engine(parser)
    parser.add_argument(
        "--allow-service", action="store_true",
        help="let the query reach the network: follow SERVICE clauses (and, on rdflib, fetch FROM IRIs)",
    )


def _load(args: argparse.Namespace):  # noqa: ANN202 - the engine's graph type
    from casummit_rdf.graph import load_graph, load_store

    if args.engine == "rdflib":
        return load_graph(args.data)
    return load_store(args.data)


def _reach(args: argparse.Namespace):  # noqa: ANN202 - sparql_safety.Reach
    from casummit_rdf.sparql_safety import Reach

    return Reach.SERVICE | Reach.DATASET if args.allow_service else Reach.NONE


def _write(result: object, args: argparse.Namespace) -> int:
    from casummit_rdf.results import UnfitFormat, format_result

    try:
        text = format_result(result, chosen_format(args, Kind.RESULTS | Kind.GRAPH))  # type: ignore[arg-type]
    except UnfitFormat as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(text)
    return OK


def _cmd_query(args: argparse.Namespace) -> int:
    from casummit_rdf.queries import find_query
    from casummit_rdf.sparql import Engine, run_query

    bound = find_query(args.name).bind(parse_params(args.param))  # parameters checked before loading data
    graph = _load(args)
    result = run_query(bound, graph=graph, engine=Engine(args.engine), reach=_reach(args))
    fmt = chosen_format(args, Kind.RESULTS | Kind.GRAPH)
    if args.lang != "en" and fmt in (None, Format.TABLE) and result.kind is ResultKind.SELECT:
        sys.stdout.write(_localized_table(result, args, graph))
        return OK
    return _write(result, args)


def _localized_table(result, args: argparse.Namespace, graph) -> str:  # noqa: ANN001 - engine types
    """The terminal table with column names and IRI names in ``args.lang``."""
    import pyoxigraph as ox

    from casummit_rdf.graph import load_store
    from casummit_rdf.i18n import column_name, rows_footer
    from casummit_rdf.labels import Labels
    from casummit_rdf.results import table

    store = graph if isinstance(graph, ox.Store) else load_store(args.data)
    labels = Labels(store)
    names = {}
    for row in result.rows:
        for term in row.values():
            if term.get("type") == "uri" and term["value"] not in names:
                label = labels.get(ox.NamedNode(term["value"]), args.lang)
                if label.lang == args.lang:  # only names the data has in that language
                    names[term["value"]] = label.text
    headers = {v: column_name(args.name, v, args.lang) for v in result.variables}
    return table(result, headers=headers, names=names, footer=lambda n: rows_footer(n, args.lang))


def _cmd_queries(args: argparse.Namespace) -> int:
    from casummit_rdf.queries import load_queries

    queries = load_queries()
    if args.format == "json":
        payload = [
            {
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "tags": list(q.tags),
                "parameters": [
                    {"name": p.name, "type": p.type.label, "default": p.default, "required": p.required,
                     "description": p.description}
                    for p in q.parameters
                ],
            }
            for q in queries.values()
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return OK
    for q in queries.values():
        print(f"{q.name}: {q.summary}")
        for p in q.parameters:
            default = f" (default {p.default})" if p.default is not None else " (optional)" if p.optional else " (required)"
            description = f": {p.description}" if p.description else ""
            print(f"    --param {p.name}=<{p.type.label}>{default}{description}")
    return OK


def _query_text(args: argparse.Namespace) -> str:
    if (args.query is None) == (args.file is None):
        raise UsageError("give a SPARQL query either inline or with -f FILE (not both)")
    if args.file is None:
        return args.query
    from casummit_rdf.files import read_text

    return read_text(args.file)  # refuses a FIFO or device, names a non-UTF-8 line


def _cmd_sparql(args: argparse.Namespace) -> int:
    from casummit_rdf.sparql import Engine, run_sparql

    from casummit_rdf.sparql_syntax import QuerySyntaxError

    text = _query_text(args)
    try:
        result = run_sparql(text, graph=_load(args), engine=Engine(args.engine), reach=_reach(args))
    except QuerySyntaxError as error:
        if args.file is None:
            raise
        from casummit_rdf.locations import display_path

        raise error.in_file(display_path(args.file)) from None
    return _write(result, args)


def _cmd_stats(args: argparse.Namespace) -> int:
    from casummit_rdf.graph import load_store
    from casummit_rdf.stats import coverage, graph_stats

    store = load_store(args.data)
    report = coverage(store) if args.coverage else graph_stats(store)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return OK
