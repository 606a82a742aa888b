"""The one SPARQL runner: a query text or a bound canned query, over a store or a graph → QueryResult.

Every query of the library goes through here — canned queries, ad-hoc SPARQL, the QC checks,
SHACL-SPARQL constraints, the Wikidata export, statistics — so that one place decides the engine,
binds parameters as RDF terms (never pasted into the text) and keeps queries offline unless the
caller allows otherwise (:mod:`casummit_rdf.sparql_safety`).

pyoxigraph is the default engine; rdflib's engine is there for comparison (``--engine rdflib``)
and runs on the same triples, whatever the caller passed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from casummit_rdf.errors import QueryError
from casummit_rdf.queries import BoundQuery, CannedQuery, find_query
from casummit_rdf.results import QueryResult, ResultKind, solution_rows
from casummit_rdf.sparql_safety import Reach, UnsafeQuery, check_reach

if TYPE_CHECKING:  # pragma: no cover
    from casummit_rdf.graph import KnowledgeGraph

Bindings = Mapping[str, ox.NamedNode | ox.Literal]


class Engine(enum.Enum):
    """SPARQL engines the library can run a query on."""

    OXIGRAPH = "oxigraph"
    RDFLIB = "rdflib"


def _hidden(variable: str) -> bool:
    # Parameter variables (?_name_type) are projected for the engine's sake, never shown.
    return variable.startswith("_")


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _run_oxigraph(store: ox.Store, text: str, bindings: Bindings) -> QueryResult:
    try:
        answer = store.query(text, substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(ResultKind.ASK, boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables if not _hidden(v.value)]
            return QueryResult(ResultKind.SELECT, variables=variables, rows=solution_rows(answer, variables))
        return QueryResult(ResultKind.GRAPH, triples=list(answer))
    except SyntaxError as error:
        from casummit_rdf.sparql_syntax import explain

        raise explain(text, str(error)) from None
    except (RuntimeError, ValueError, OSError) as error:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {_one_line(error)}") from None


def _rdflib_dataset(graph: KnowledgeGraph | ox.Store) -> Any:
    """An rdflib Dataset of the caller's triples: its default graph holds them all."""
    import rdflib

    from casummit_rdf.terms import rdflib_graph

    if isinstance(graph, ox.Store):
        source = rdflib_graph(q.triple for q in graph)
    else:
        source = graph.rdf
    dataset = rdflib.Dataset()
    default = dataset.default_graph
    for prefix, namespace in source.namespaces():
        dataset.bind(prefix, namespace, override=True)
    default += source
    return dataset


def _run_rdflib(graph: KnowledgeGraph | ox.Store, text: str, bindings: Bindings) -> QueryResult:
    from casummit_rdf.terms import ox_triples, to_rdflib

    import warnings

    dataset = _rdflib_dataset(graph)
    try:
        with warnings.catch_warnings():
            # rdflib's own Dataset calls its deprecated default_context while it evaluates (lazily,
            # so the rows are read inside this block too): not the caller's concern.
            warnings.simplefilter("ignore", DeprecationWarning)
            answer = dataset.query(text, initBindings={k: to_rdflib(v) for k, v in bindings.items()})
            if answer.type == "ASK":
                return QueryResult(ResultKind.ASK, boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = [str(v) for v in answer.vars if not _hidden(str(v))]
                return QueryResult(ResultKind.SELECT, variables=variables, rows=solution_rows(answer, variables))
            return QueryResult(ResultKind.GRAPH, triples=ox_triples(answer))
    except Exception as error:  # noqa: BLE001 - rdflib raises pyparsing and assorted errors
        raise QueryError(f"query failed: {_one_line(error)}") from None


def run_sparql(
    text: str,
    *,
    graph: KnowledgeGraph | ox.Store | None = None,
    engine: Engine = Engine.OXIGRAPH,
    bindings: Bindings | None = None,
    reach: Reach = Reach.NONE,
) -> QueryResult:
    """Run SPARQL text over ``graph`` (default: the bundled data) on the chosen engine.

    Offline unless ``reach`` says otherwise: a query with ``SERVICE`` (or, on rdflib's engine,
    which downloads them, ``FROM`` / ``FROM NAMED`` IRIs) raises :class:`QueryError`. pyoxigraph
    reads ``FROM`` IRIs as graph names of the local store and never fetches them.
    """
    bindings = bindings or {}
    allowed = reach | Reach.DATASET if engine is Engine.OXIGRAPH else reach
    try:
        check_reach(text, allowed)
    except UnsafeQuery as error:
        hint = "; pass --allow-service to allow it" if error.reason in ("service", "dataset") else ""
        raise QueryError(f"{error}{hint}") from None
    if graph is None:
        from casummit_rdf.graph import load_graph, load_store

        graph = load_store() if engine is Engine.OXIGRAPH else load_graph()
    if engine is Engine.OXIGRAPH:
        store = graph if isinstance(graph, ox.Store) else graph.store
        return _run_oxigraph(store, text, bindings)
    return _run_rdflib(graph, text, bindings)


def run_query(
    query: BoundQuery | CannedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    graph: KnowledgeGraph | ox.Store | None = None,
    engine: Engine = Engine.OXIGRAPH,
    reach: Reach = Reach.NONE,
) -> QueryResult:
    """Run a canned query — bound already, or an object or name with parameter values as strings.

    >>> result = run_query("powers-met-all-five", {"year": "abc"})
    Traceback (most recent call last):
    ...
    casummit_rdf.errors.QueryError: parameter year: 'abc' is not an integer
    """
    if isinstance(query, str):
        query = find_query(query)
    bound = query if isinstance(query, BoundQuery) else query.bind(params)
    return run_sparql(bound.text, graph=graph, engine=engine, bindings=bound.bindings, reach=reach)
