"""casummit-rdf: a validated, sourced knowledge graph of Central Asia's leaders' summits.

The library is the product; the ``casummit`` command is a thin face over it::

    >>> from casummit_rdf import load_queries, run_query
    >>> result = run_query(load_queries()["powers-met-all-five"], {"year": "2025"})
    >>> "European Union" in {row["powerLabel"]["value"] for row in result.rows}
    True

Validation lives in its own module: ``from casummit_rdf.validate import validate``.

Heavy libraries (rdflib, pyshacl, owlready2) are imported only by the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "QueryError",
    "Location",
    "load_graph",
    "load_store",
    "load_queries",
    "run_query",
    "run_sparql",
    "__version__",
]

_LAZY = {
    "DataError": "casummit_rdf.errors",
    "QueryError": "casummit_rdf.errors",
    "Location": "casummit_rdf.locations",
    "load_graph": "casummit_rdf.graph",
    "load_store": "casummit_rdf.graph",
    "load_queries": "casummit_rdf.queries",
    "run_query": "casummit_rdf.sparql",
    "run_sparql": "casummit_rdf.sparql",
}

if TYPE_CHECKING:  # pragma: no cover
    from casummit_rdf.errors import DataError, QueryError
    from casummit_rdf.graph import load_graph, load_store
    from casummit_rdf.locations import Location
    from casummit_rdf.queries import load_queries
    from casummit_rdf.sparql import run_query, run_sparql


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'casummit_rdf' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
