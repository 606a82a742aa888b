"""Run one SPARQL query on a pyoxigraph store and write the answer in a negotiated format.

Used in the query worker processes (see :mod:`casummit_rdf.serve.pool`) and, for the trusted
canned queries, in the server process. Results are written by the engine's own serializers,
streamed into a buffer that stops the query as soon as the answer outgrows the byte cap; the row
(or triple) cap is checked on the way. Which format applies is decided here, from the kind of
answer the engine produced (results for SELECT/ASK, a graph for CONSTRUCT/DESCRIBE), so the query
form is the engine's own reading of the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.formats import Format

_RDF_FORMATS = {
    Format.TURTLE: ox.RdfFormat.TURTLE,
    Format.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    Format.JSON_LD: ox.RdfFormat.JSON_LD,
    Format.RDF_XML: ox.RdfFormat.RDF_XML,
}
_RESULT_FORMATS = {
    Format.SPARQL_JSON: ox.QueryResultsFormat.JSON,
    Format.SPARQL_XML: ox.QueryResultsFormat.XML,
    Format.CSV: ox.QueryResultsFormat.CSV,
    Format.TSV: ox.QueryResultsFormat.TSV,
}
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


@dataclass(frozen=True)
class Answer:
    """An HTTP-ready answer: status code, content type and body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Limits:
    """Caps on one answer: rows (or triples) and bytes."""

    max_results: int = 10_000
    max_bytes: int = 32 << 20


@dataclass(frozen=True)
class Formats:
    """The formats a client accepts for each kind of answer (``None``: none acceptable)."""

    results: Format | None
    graph: Format | None
    asked: str = "the requested format"  # how the client asked, for a 406 message


class _TooLarge(Exception):
    pass


class CappedBuffer:
    """A binary sink for the engine's serializers that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def execute(
    store: ox.Store,
    text: str,
    formats: Formats,
    *,
    limits: Limits = Limits(),
    substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    hidden: Sequence[str] = (),
) -> Answer:
    """Run ``text`` and serialise the answer; every failure is an :class:`Answer` too.

    400 for a syntax or evaluation error (with the parser's message), 403 for SPARQL Update,
    406 when the client accepts no format for this kind of answer, 413 over a cap.
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
        if isinstance(answer, ox.QueryTriples):
            return _graph_answer(answer, formats, limits)
        if hidden and isinstance(answer, ox.QuerySolutions):
            return _hidden_results_answer(answer, formats, limits, hidden)
        return _results_answer(answer, formats, limits)
    except SyntaxError as error:
        from casummit_rdf.sparql_safety import is_update

        if is_update(text):
            return Answer.error(403, READ_ONLY)
        from casummit_rdf.sparql_syntax import explain

        explained = explain(text, str(error))
        return Answer.error(400, f"{explained}\n{explained.detail}")
    except _TooLarge:
        return _too_large(limits)
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return Answer.error(400, f"query failed: {_one_line(error)}")


def _not_acceptable(kind: str, formats: Formats, offers: Sequence[Format]) -> Answer:
    from casummit_rdf.serve.negotiation import describe

    return Answer.error(406, f"cannot answer a {kind} query in {formats.asked}; available: {describe(offers)}")


def _results_answer(answer: ox.QuerySolutions | ox.QueryBoolean, formats: Formats, limits: Limits) -> Answer:
    from casummit_rdf.serve.negotiation import RESULT_FORMATS

    fmt = formats.results
    if fmt is None:
        kind = "ASK" if isinstance(answer, ox.QueryBoolean) else "SELECT"
        return _not_acceptable(kind, formats, RESULT_FORMATS)
    buffer = CappedBuffer(limits.max_bytes)
    answer.serialize(buffer, format=_RESULT_FORMATS[fmt])
    body = buffer.getvalue()
    if isinstance(answer, ox.QuerySolutions) and count_rows(body, fmt, limits.max_results) > limits.max_results:
        return _too_many(limits.max_results, "rows")
    return Answer(200, fmt.content_type, body)


def _hidden_results_answer(
    answer: ox.QuerySolutions, formats: Formats, limits: Limits, hidden: Sequence[str]
) -> Answer:
    # Canned queries project their parameter variables (pyoxigraph binds only projected ones);
    # the engine's writers cannot leave a column out, so these rows go through the library's.
    from casummit_rdf.results import QueryResult, ResultKind, format_result, solution_rows

    fmt = formats.results
    if fmt is None:
        from casummit_rdf.serve.negotiation import RESULT_FORMATS

        return _not_acceptable("SELECT", formats, RESULT_FORMATS)
    variables = [v.value for v in answer.variables if v.value not in hidden]
    rows = solution_rows(answer, variables, limit=limits.max_results)
    if len(rows) > limits.max_results:
        return _too_many(limits.max_results, "rows")
    body = format_result(QueryResult(ResultKind.SELECT, variables=variables, rows=rows), fmt).encode("utf-8")
    if len(body) > limits.max_bytes:
        return _too_large(limits)
    return Answer(200, fmt.content_type, body)


def _graph_answer(answer: ox.QueryTriples, formats: Formats, limits: Limits) -> Answer:
    from casummit_rdf.serve.negotiation import GRAPH_FORMATS

    fmt = formats.graph
    if fmt is None:
        return _not_acceptable("CONSTRUCT or DESCRIBE", formats, GRAPH_FORMATS)
    triples = []
    for triple in answer:
        if len(triples) >= limits.max_results:
            return _too_many(limits.max_results, "triples")
        triples.append(triple)
    body = serialize_triples(triples, fmt)
    if len(body) > limits.max_bytes:
        return _too_large(limits)
    return Answer(200, fmt.content_type, body)


def count_rows(body: bytes, fmt: Format, cap: int) -> int:
    """The number of solutions in a serialized SELECT answer, exactly when it could exceed ``cap``.

    A cheap count that can only over-estimate comes first (row separators may also occur inside
    values); only when it passes ``cap`` are the results parsed to count exactly.
    """
    if fmt is Format.TSV:
        return max(0, body.count(b"\n") - 1)  # TSV escapes newlines in values: one line per row
    if fmt is Format.SPARQL_XML:
        return body.count(b"<result>")  # values are XML-escaped: the tag occurs only as markup
    if fmt is Format.CSV:
        bound = max(0, body.count(b"\r\n") - 1)
        if bound <= cap:
            return bound
        import csv
        import io

        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1)
    bound = body.count(b"},{") + 1  # between rows of the engine's compact JSON, and maybe in values
    if bound <= cap:
        return bound
    return sum(1 for _ in ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))


def _too_many(limit: int, what: str) -> Answer:
    return Answer.error(
        413, f"result too large: more than {limit} {what} (the server's result cap); add a LIMIT or narrow the query"
    )


def _too_large(limits: Limits) -> Answer:
    return Answer.error(
        413,
        f"result too large: the answer passed the server's {limits.max_bytes / (1 << 20):g} MiB size cap; "
        "add a LIMIT or select fewer or shorter values",
    )


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
