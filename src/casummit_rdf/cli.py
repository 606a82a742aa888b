"""The ``casummit`` command: argument parsing only; every command calls the library.

Exit codes: 0 success (or data conforms), 1 validation found errors, 2 unusable input
(missing or unparsable file, unknown query, bad parameter value, SPARQL syntax error).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from casummit_rdf import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A one-line error for the user; exits with status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casummit",
        description="Query, validate and describe the Central Asia summit knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"casummit-rdf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    query = commands.add_parser("query", help="run a canned query by name")
    query.add_argument("name", help="query name (see 'casummit queries')")
    query.add_argument(
        "-p", "--param", action="append", default=[], metavar="KEY=VALUE", help="parameter value (repeatable)"
    )
    _add_result_options(query)
    query.set_defaults(run=_cmd_query)

    queries = commands.add_parser("queries", help="list the canned queries with their parameters")
    queries.add_argument("--format", choices=["text", "json"], default="text")
    queries.set_defaults(run=_cmd_queries)

    sparql = commands.add_parser("sparql", help="run a SPARQL query given inline or in a file")
    sparql.add_argument("query", nargs="?", help="SPARQL query text")
    sparql.add_argument("-f", "--file", type=Path, help="read the query from this file")
    _add_result_options(sparql)
    sparql.set_defaults(run=_cmd_sparql)

    stats = commands.add_parser("stats", help="count triples, entities and summits")
    stats.add_argument("--data", action="append", type=Path, metavar="PATH", help="data files or folders")
    stats.add_argument(
        "--coverage", action="store_true",
        help="coverage report: held summits per format and year, unsourced facts, missing Q-ids and labels",
    )
    stats.add_argument("--format", choices=["text", "json"], default="text")
    stats.set_defaults(run=_cmd_stats)

    # Commands of the other areas live beside their library modules' CLI faces.
    from casummit_rdf import cli_publish, cli_quality, cli_serve

    cli_quality.add_commands(commands)
    cli_publish.add_commands(commands)
    cli_serve.add_commands(commands)
    return parser


def _add_result_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["table", "csv", "tsv", "json", "xml", "md"], default="table",
        help="result format (json = SPARQL 1.1 Query Results JSON)",
    )
    parser.add_argument("--data", action="append", type=Path, metavar="PATH", help="data files or folders (default: bundled)")
    parser.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph", help="SPARQL engine")
    parser.add_argument(
        "--allow-service", action="store_true",
        help="let the query reach the network: follow SERVICE clauses (and, on rdflib, fetch FROM IRIs)",
    )


def _load(args: argparse.Namespace):  # noqa: ANN202 - returns the engine's graph type
    from casummit_rdf.graph import load_graph, load_store

    if getattr(args, "engine", "oxigraph") == "rdflib":
        return load_graph(args.data)
    return load_store(args.data)


def _reach(args: argparse.Namespace):  # noqa: ANN202 - sparql_safety.Reach
    from casummit_rdf.sparql_safety import Reach

    return Reach.SERVICE | Reach.DATASET if args.allow_service else Reach.NONE


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"parameter {pair!r} is not KEY=VALUE")
        params[key.strip()] = value
    return params


def _cmd_query(args: argparse.Namespace) -> int:
    from casummit_rdf.queries import Engine, QueryError, load_queries, run_query
    from casummit_rdf.results import ResultFormat, format_result

    queries = load_queries()
    if args.name not in queries:
        raise QueryError(f"unknown query {args.name!r} (run 'casummit queries' to list them)")
    query = queries[args.name]
    params = _parse_params(args.param)
    query.bindings(params)  # check parameters before loading data
    result = run_query(query, params, graph=_load(args), engine=Engine(args.engine), reach=_reach(args))
    sys.stdout.write(format_result(result, ResultFormat(args.format)))
    return EXIT_OK


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
                    {"name": p.name, "type": p.type.label, "default": p.default, "description": p.description}
                    for p in q.parameters
                ],
            }
            for q in queries.values()
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    for q in queries.values():
        print(f"{q.name}: {q.summary}")
        for p in q.parameters:
            default = f" (default {p.default})" if p.default is not None else ""
            description = f": {p.description}" if p.description else ""
            print(f"    --param {p.name}=<{p.type.label}>{default}{description}")
    return EXIT_OK


def _cmd_sparql(args: argparse.Namespace) -> int:
    from casummit_rdf.queries import Engine, run_sparql
    from casummit_rdf.results import ResultFormat, format_result

    if (args.query is None) == (args.file is None):
        raise CliError("give a SPARQL query either inline or with -f FILE (not both)")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as error:
            raise CliError(f"{args.file}: cannot read query file: {error.strerror or error}") from None
    else:
        text = args.query
    result = run_sparql(text, graph=_load(args), engine=Engine(args.engine), reach=_reach(args))
    sys.stdout.write(format_result(result, ResultFormat(args.format)))
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from casummit_rdf.graph import load_store
    from casummit_rdf.stats import coverage, graph_stats

    store = load_store(args.data)
    report = coverage(store) if args.coverage else graph_stats(store)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casummit`` console script."""
    from casummit_rdf.graph import DataError
    from casummit_rdf.queries import QueryError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (DataError, QueryError, CliError) as error:
        print(f"casummit: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `casummit query … | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
