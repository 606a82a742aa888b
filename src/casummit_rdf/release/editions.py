"""The statements of a release: the asserted base edition, and the full edition with what OWL 2 RL entails.

Named graphs::

    https://w3id.org/casummit/graph/ontology   every ontology/*.ttl except shapes.ttl
    https://w3id.org/casummit/graph/data       the data files (data/**/*.ttl)
    https://w3id.org/casummit/graph/inferred   full edition only: triples the reasoner added
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import pyoxigraph as ox

from casummit_rdf.graph import PathLike, load_graph
from casummit_rdf.namespaces import OWL, RDF, RDFS, XSD

GRAPH_BASE = "https://w3id.org/casummit/graph/"
GRAPH_ONTOLOGY = GRAPH_BASE + "ontology"
GRAPH_DATA = GRAPH_BASE + "data"
GRAPH_INFERRED = GRAPH_BASE + "inferred"
#: Namespaces whose own terms the reasoner may describe but a dump should not (axioms about RDF itself).
_BUILTIN = (RDF, RDFS, OWL, XSD)


class Edition(enum.Enum):
    """Which statements a dump holds."""

    BASE = "base"  #: asserted triples of ontology and data
    FULL = "full"  #: base plus the OWL 2 RL closure (owlrl), minus trivial entailments


def collect_quads(data: Iterable[PathLike] | None = None) -> list[ox.Quad]:
    """Parse ontology and data files into quads, one named graph per kind of file.

    ``data`` defaults to the bundled data. Blank nodes stay distinct per file.
    """
    graph = load_graph(data)
    ontology, data_graph = ox.NamedNode(GRAPH_ONTOLOGY), ox.NamedNode(GRAPH_DATA)
    quads: list[ox.Quad] = []
    for path, triples in graph.by_file.items():
        name = ontology if path.resolve() in graph.ontology_files else data_graph
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    return quads


def infer(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples the OWL 2 RL rules (owlrl, no axiomatic or datatype axioms) add to ``triples``.

    Trivial entailments are dropped because they say nothing about the domain: reflexive
    ``owl:sameAs``/``equivalentClass``/``subClassOf``/…, ``rdf:type owl:Thing``, statements about
    RDF/RDFS/OWL/XSD terms themselves, and statements with a literal subject.
    """
    import owlrl
    import rdflib

    from casummit_rdf.terms import quiet_literals, to_ox, to_rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    add = graph.add
    with quiet_literals():
        for t in triples:
            add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    asserted = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    thing = rdflib.URIRef(OWL + "Thing")
    out: list[ox.Triple] = []
    for s, p, o in graph:
        if (s, p, o) in asserted or isinstance(s, rdflib.Literal) or s == o:
            continue
        if str(s).startswith(_BUILTIN) or (p == rdflib.RDF.type and o == thing):
            continue
        if p == rdflib.RDF.type and isinstance(o, rdflib.URIRef) and str(o).startswith(XSD):
            continue
        out.append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
    return out


def canonicalize(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """RDFC-1.0 blank-node labels, duplicates removed, sorted by their N-Quads form."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: str(q))


def edition_quads(edition: Edition, data: Iterable[PathLike] | None = None) -> list[ox.Quad]:
    """The canonical, sorted quads of one edition (see the module docstring for the graphs)."""
    quads = collect_quads(data)
    if edition is Edition.FULL:
        graph = ox.NamedNode(GRAPH_INFERRED)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in infer(q.triple for q in quads)]
    return canonicalize(quads)


def unique_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of sorted quads, in order (a triple in two graphs appears once)."""
    return sorted({q.triple for q in quads}, key=lambda t: str(t))
