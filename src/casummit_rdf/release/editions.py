"""The statements of a release: the asserted base edition, and the full edition with what the ontology entails.

Named graphs::

    https://w3id.org/casummit/graph/ontology   every ontology/*.ttl except shapes.ttl
    https://w3id.org/casummit/graph/data       the data files (data/**/*.ttl)
    https://w3id.org/casummit/graph/inferred   full edition only: the entailed triples
"""

from __future__ import annotations

import enum
import heapq
from collections.abc import Iterable

import pyoxigraph as ox

from casummit_rdf.graph import PathLike, load_graph
from casummit_rdf.release.entailment import entailed

GRAPH_BASE = "https://w3id.org/casummit/graph/"
GRAPH_ONTOLOGY = GRAPH_BASE + "ontology"
GRAPH_DATA = GRAPH_BASE + "data"
GRAPH_INFERRED = GRAPH_BASE + "inferred"


class Edition(enum.Enum):
    """Which statements a dump holds."""

    BASE = "base"  #: asserted triples of ontology and data
    FULL = "full"  #: base plus what the ontology's axioms entail (:mod:`casummit_rdf.release.entailment`)


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
    """The triples the ontology's axioms entail from ``triples`` and that are not among them.

    Computed by the rules of :mod:`casummit_rdf.release.entailment` (SPARQL CONSTRUCT on
    pyoxigraph): no tautologies, nothing about other vocabularies' terms.
    """
    return entailed(triples)


def canonicalize(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """RDFC-1.0 blank-node labels, duplicates removed, sorted by their N-Quads form."""
    return [q for _, q in _keyed(_canonical_dataset(quads))]


def edition_datasets(
    editions: Iterable[Edition], data: Iterable[PathLike] | None = None
) -> dict[Edition, list[ox.Quad]]:
    """The canonical, sorted quads of each edition asked for.

    Blank nodes get the RDFC-1.0 labels of the base edition in both editions (the rules add no
    blank nodes), so a blank node has the same label in every file of a release, and the
    canonicalization runs once.
    """
    wanted = list(dict.fromkeys(editions))
    base = _keyed(_canonical_dataset(collect_quads(data)))
    out: dict[Edition, list[ox.Quad]] = {}
    for edition in wanted:
        if edition is Edition.BASE:
            out[edition] = [q for _, q in base]
        else:
            graph = ox.NamedNode(GRAPH_INFERRED)
            inferred = _keyed(ox.Quad(t.subject, t.predicate, t.object, graph) for t in infer(q.triple for _, q in base))
            out[edition] = [q for _, q in heapq.merge(base, inferred, key=lambda kq: kq[0])]
    return out


def _canonical_dataset(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The distinct quads with RDFC-1.0 blank-node labels.

    RDFC-1.0 hashes a blank node from the quads that mention it (and, through them, other blank
    nodes), never from a quad without blank nodes; so only those quads go through the algorithm,
    which gives the same labels as canonicalizing everything, in a fraction of the time.
    """
    with_blank, without = [], []
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) or isinstance(q.graph_name, ox.BlankNode):
            with_blank.append(q)
        else:
            without.append(q)
    dataset = ox.Dataset(with_blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(dataset) + list(dict.fromkeys(without))


def _keyed(quads: Iterable[ox.Quad]) -> list[tuple[str, ox.Quad]]:
    """(N-Quads form, quad) pairs in the order of their N-Quads form, computed once."""
    return sorted(((str(q), q) for q in quads), key=lambda kq: kq[0])


def edition_quads(edition: Edition, data: Iterable[PathLike] | None = None) -> list[ox.Quad]:
    """The canonical, sorted quads of one edition (see the module docstring for the graphs)."""
    return edition_datasets([edition], data)[edition]


def unique_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of quads sorted by their N-Quads form, in N-Triples order (a triple in
    two graphs appears once).

    No second sort is needed: a quad's N-Quads form is its triple's N-Triples form, a space and
    the graph name, so N-Quads order is N-Triples order with the quads of one triple adjacent.
    """
    return list(dict.fromkeys(q.triple for q in quads))
