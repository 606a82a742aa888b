"""A shapes graph prepared for the engines: parsed once, blank-node shapes given names.

Engines relabel blank nodes, so a result whose ``sh:sourceShape`` is a blank-node property shape
could not be traced back to the shape that produced it (and so not named ``Shape.path.Component``).
Before a run, every blank node that *is* a shape — the object of ``sh:property``, a subject of
``sh:path`` — and every blank-node SPARQL constraint gets a reserved IRI; reports are mapped back to
the original blank nodes before anyone sees them. Property paths and lists stay blank nodes, as
SHACL requires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.graph import PathLike, parse_file
from casummit_rdf.namespaces import SH

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

SKOLEM = "urn:casummit:shape:"
_SHAPE_OBJECTS = {SH + "property", SH + "sparql", SH + "node", SH + "qualifiedValueShape", SH + "not"}


def skolem(node: ox.BlankNode) -> ox.NamedNode:
    return ox.NamedNode(SKOLEM + node.value)


def unskolem(term: object) -> object:
    """The original blank node of a reserved shape IRI; any other term unchanged."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM):
        return ox.BlankNode(term.value[len(SKOLEM):])
    return term


@dataclass
class Shapes:
    """The triples of a shapes file (or several), ready for the engines."""

    triples: list[ox.Triple]
    paths: list[Path] = field(default_factory=list)

    def without(self, triples: set[ox.Triple]) -> Shapes:
        """The same shapes without ``triples`` (constraints that run outside the engine)."""
        return Shapes([t for t in self.triples if t not in triples], self.paths)

    @cached_property
    def named(self) -> list[ox.Triple]:
        """The triples with blank-node shapes and constraints renamed to reserved IRIs."""
        shape_nodes = {
            t.object for t in self.triples if t.predicate.value in _SHAPE_OBJECTS and isinstance(t.object, ox.BlankNode)
        } | {t.subject for t in self.triples if t.predicate.value == SH + "path" and isinstance(t.subject, ox.BlankNode)}

        def rename(term: object) -> object:
            return skolem(term) if term in shape_nodes else term

        return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in self.triples]  # type: ignore[arg-type]

    @cached_property
    def ntriples(self) -> str:
        """The renamed triples as N-Triples, the engines' input."""
        return ox.serialize(self.named, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    @cached_property
    def rdf(self) -> rdflib.Graph:
        """An rdflib graph of the original triples, for naming rules and explaining results."""
        from casummit_rdf.terms import rdflib_graph

        return rdflib_graph(self.triples)


def load_shapes(paths: PathLike | list[PathLike] | None = None) -> Shapes:
    """Parse shapes files (default: the bundled ``ontology/shapes.ttl``)."""
    if paths is None:
        files = [resources.shapes_file()]
    elif isinstance(paths, (str, Path)):
        files = [Path(paths)]
    else:
        files = [Path(p) for p in paths]
    triples: list[ox.Triple] = []
    for path in files:
        triples.extend(parse_file(path))
    return Shapes(triples, files)
