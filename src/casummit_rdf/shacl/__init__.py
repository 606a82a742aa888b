"""SHACL for validation: which engine evaluates the shapes, and the problems they report.

The core constraints (cardinality, datatype, class, pattern, …) are evaluated natively over the
parsed triples by :mod:`casummit_rdf.shacl.native` (or by pySHACL when the shapes use a
component it lacks), and each SHACL-SPARQL constraint runs *once over the whole graph* on
pyoxigraph (:mod:`casummit_rdf.shacl.sparql_constraints`). ``engine=ShaclEngine.PYSHACL`` runs
plain pySHACL over everything and serves as the reference.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

from casummit_rdf import resources
from casummit_rdf.graph import KnowledgeGraph, PathLike, parse_file
from casummit_rdf.problems import Problem
from casummit_rdf.shacl import native
from casummit_rdf.shacl.pyshacl_engine import pyshacl_problems
from casummit_rdf.shacl.sparql_constraints import split_sparql_constraints
from casummit_rdf.terms import quiet_literals, rdflib_graph

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = ["ShaclEngine", "load_shapes", "shacl_problems", "split_sparql_constraints"]


class ShaclEngine(enum.Enum):
    """How SHACL is evaluated."""

    FAST = "fast"  # native core constraints (pySHACL fallback), SPARQL constraints on pyoxigraph
    PYSHACL = "pyshacl"  # pySHACL for everything (slow reference)


def load_shapes(path: PathLike | None = None) -> rdflib.Graph:
    """Parse the SHACL shapes file (default: the bundled ``ontology/shapes.ttl``)."""
    return rdflib_graph(parse_file(Path(path) if path else resources.shapes_file()))


def shacl_problems(
    graph: KnowledgeGraph,
    shapes: rdflib.Graph,
    *,
    engine: ShaclEngine = ShaclEngine.FAST,
    focus: set[str] | None = None,
) -> list[Problem]:
    """Evaluate the shapes over the graph (or only over ``focus`` nodes) and return located problems."""
    # rdflib logs a traceback per ill-typed literal it meets; SHACL reports those literals itself.
    with quiet_literals():
        if engine is ShaclEngine.PYSHACL:
            return pyshacl_problems(graph, shapes, focus)
        core, constraints = split_sparql_constraints(shapes)
        if native.supports(core):
            problems = native.native_problems(graph, core, focus)
        else:  # shapes use a component the native evaluator lacks: pySHACL for the core part
            problems = pyshacl_problems(graph, core, focus)
        for constraint in constraints:
            problems.extend(constraint.evaluate(graph, focus))
        return problems
