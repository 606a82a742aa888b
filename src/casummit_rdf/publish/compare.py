"""Comparing a canned query's answer on the store with the local one, as it is, with no rewriting.

The SPARQL Protocol cannot bind a parameter, and rewriting query text to paste values in is how
queries break; so the check runs a canned query that needs no value — one without parameters, or
whose parameters are all optional and are left unbound on both sides — exactly as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from casummit_rdf.namespaces import XSD
from casummit_rdf.publish.errors import PublishInputError
from casummit_rdf.queries import CannedQuery


def runs_unbound(query: CannedQuery) -> bool:
    """Whether ``query`` can run with no value given: no parameter, or only optional ones without default."""
    return all(p.optional and p.default is None for p in query.parameters)


def check_query(queries: Mapping[str, CannedQuery], name: str | None = None) -> CannedQuery | None:
    """The canned query to compare after publishing.

    ``name`` chooses one (it must run unbound), or ``"none"`` for no comparison (the counts are
    still checked); else the query tagged ``flagship`` if it runs unbound, else the first by
    name that does; ``None`` if no query can.
    """
    if name == "none":
        return None
    if name is not None:
        if name not in queries:
            raise PublishInputError(f"unknown query {name!r} to check the published graph with")
        if not runs_unbound(queries[name]):
            needed = ", ".join(p.name for p in queries[name].parameters if not p.optional or p.default is not None)
            raise PublishInputError(
                f"query {name} needs a value ({needed}), which a remote store cannot be given; choose a query without one"
            )
        return queries[name]
    candidates = [q for _, q in sorted(queries.items()) if runs_unbound(q)]
    flagship = [q for q in candidates if "flagship" in q.tags]
    return (flagship or candidates or [None])[0]


def normalize_rows(result: Mapping[str, Any], variables: Iterable[str] | None = None) -> Counter:
    """SPARQL JSON rows as a multiset of comparable tuples.

    Hidden (parameter) columns are dropped; ``typed-literal`` is read as ``literal``; ``xsd:string``
    is the plain literal; numbers compare by value and booleans as 1/0; language tags
    case-insensitively; blank nodes as one placeholder. Stores differ in exactly these ways
    without differing in meaning.
    """
    head = list(variables) if variables is not None else list(result.get("head", {}).get("vars", []))
    head = [v for v in head if not v.startswith("_")]
    rows: Counter = Counter()
    for binding in result.get("results", {}).get("bindings", []):
        rows[tuple(_norm_term(binding.get(v)) for v in head)] += 1
    return rows


_NUMERIC = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                              "unsignedLong", "double", "float")}


def _norm_term(term: Mapping[str, str] | None) -> tuple[str, ...]:
    if term is None:
        return ("unbound",)
    kind = term.get("type")
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", term["value"])
    datatype = term.get("datatype")
    lang = term.get("xml:lang")
    if lang:
        return ("literal", term["value"], "@" + lang.lower())
    if datatype == XSD + "boolean":
        # Virtuoso has no boolean type and answers 1/0 (as xsd:integer) for true/false.
        return ("number", "1" if term["value"] in ("true", "1") else "0")
    if datatype in _NUMERIC:
        try:
            return ("number", str(Decimal(term["value"]).normalize()))
        except InvalidOperation:
            pass
    if datatype in (None, XSD + "string"):
        return ("literal", term["value"])
    return ("literal", term["value"], datatype)


def answers_match(query_text: str, remote: Counter, local: Counter) -> bool:
    """Whether two normalized answers agree: as multisets, or as sets for ``SELECT DISTINCT``.

    Virtuoso 7.2 repeats rows of some DISTINCT queries with long ORDER BY lists; the rows are the
    same, so for a DISTINCT query the sets are compared.
    """
    if re.search(r"\bSELECT\s+DISTINCT\b", query_text, re.IGNORECASE):
        return set(remote) == set(local)
    return remote == local


def local_answer(store: ox.Store, query_name: str, params: Mapping[str, str] | None = None) -> tuple[list[str], Counter]:
    """Run a canned query locally (parameters bound by the engine); return its visible variables and rows."""
    from casummit_rdf.queries import load_queries
    from casummit_rdf.sparql import run_query

    result = run_query(load_queries()[query_name], params, graph=store)
    return result.variables, normalize_rows(result.to_json(), result.variables)


def unbound_local_answer(store: ox.Store, query: CannedQuery) -> Counter:
    """Run ``query`` locally with every parameter left unbound (as it runs on a remote store)."""
    from casummit_rdf.sparql import run_query

    result = run_query(query, None, graph=store)
    return normalize_rows(result.to_json(), result.variables)


def remote_answer(select: Any, query: CannedQuery, graph: str) -> Counter:
    """Run ``query`` as written on a store (``select`` is :meth:`RemoteStore.select`) over ``graph``."""
    return normalize_rows(select(query.text, f"query {query.name}", default_graph=graph))
