"""Run one SPARQL query on a pyoxigraph store and write the answer in a negotiated format.

Used in the query worker processes (see :mod:`casummit_rdf.serve.pool`) and, for the trusted
canned queries, in the server process. Results are streamed from the engine and counted, so a
query that would return more than the configured number of rows or triples stops early.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.queries import QueryResult, ResultKind, solution_rows
from casummit_rdf.serve.negotiation import Format

_RDF_FORMATS = {
    Format.TURTLE: ox.RdfFormat.TURTLE,
    Format.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    Format.JSON_LD: ox.RdfFormat.JSON_LD,
    Format.RDF_XML: ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Answer:
    """An HTTP-ready answer: status code, content type and body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def execute(
    store: ox.Store,
    text: str,
    result_format: Format,
    graph_format: Format,
    *,
    max_results: int,
    substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    hidden: Sequence[str] = (),
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> Answer:
    """Run ``text`` and serialise the answer: SELECT/ASK in ``result_format``, graphs in ``graph_format``.

    Errors come back as answers too: 400 for a syntax or evaluation error (with the parser's
    message), 413 when the result has more than ``max_results`` rows or triples.
    """
    options: dict[str, object] = {}
    if substitutions:
        options["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(text, **options)
        if isinstance(answer, ox.QueryBoolean):
            result = QueryResult(ResultKind.ASK, boolean=bool(answer))
            return Answer(200, result_format.content_type, _format_results(result, result_format))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables if v.value not in hidden]
            rows = solution_rows(answer, variables, limit=max_results)
            if len(rows) > max_results:
                return _too_many(max_results, "rows")
            result = QueryResult(ResultKind.SELECT, variables=variables, rows=rows)
            return Answer(200, result_format.content_type, _format_results(result, result_format))
        triples = []
        for triple in answer:
            if len(triples) >= max_results:
                return _too_many(max_results, "triples")
            triples.append(triple)
        return Answer(200, graph_format.content_type, serialize_triples(triples, graph_format))
    except SyntaxError as error:
        return Answer.error(400, f"SPARQL syntax error: {_one_line(error)}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return Answer.error(400, f"query failed: {_one_line(error)}")


def _too_many(limit: int, what: str) -> Answer:
    return Answer.error(
        413, f"result too large: more than {limit} {what} (the server's result cap); add a LIMIT or narrow the query"
    )


def _format_results(result: QueryResult, fmt: Format) -> bytes:
    from casummit_rdf.results import ResultFormat, format_result

    mapping = {
        Format.SPARQL_JSON: ResultFormat.JSON,
        Format.SPARQL_XML: ResultFormat.XML,
        Format.CSV: ResultFormat.CSV,
        Format.TSV: ResultFormat.TSV,
    }
    return format_result(result, mapping.get(fmt, ResultFormat.JSON)).encode("utf-8")


def serialize_triples(triples: Sequence[ox.Triple], fmt: Format) -> bytes:
    """Serialise triples in an RDF format, with the project prefixes where the syntax has them."""
    rdf_format = _RDF_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
    if rdf_format is ox.RdfFormat.N_TRIPLES:
        return ox.serialize(triples, format=rdf_format)
    return ox.serialize(triples, format=rdf_format, prefixes=used_prefixes(triples))


def used_prefixes(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """The project prefixes whose namespace occurs in ``triples`` (keeps Turtle headers short)."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}
