"""RDF terms between the two libraries the project uses, and their text forms.

pyoxigraph terms are the project's own currency (parsing, the store, queries); rdflib terms are
needed only where rdflib-based tools run (pySHACL, rdflib's SPARQL engine). Conversion is exact:
lexical forms, datatypes and language tags are kept, so ``"01"^^xsd:integer`` stays ``"01"``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pyoxigraph as ox

from casummit_rdf.namespaces import PREFIXES, XSD

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

#: A term in the SPARQL 1.1 Query Results JSON form: {"type": "uri"|"literal"|"bnode", ...}.
JsonTerm = dict[str, str]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib(term: object) -> rdflib.term.Node:
    """The rdflib term equal to a pyoxigraph term."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


def to_ox(term: rdflib.term.Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


class _DropLiteralWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def quiet_literals() -> Iterator[None]:
    """Silence rdflib's traceback per ill-typed literal for the duration (SHACL reports them).

    A filter on rdflib's logger for the duration of the block, removed afterwards: the caller's
    logging configuration is left as it was.
    """
    logger = logging.getLogger("rdflib.term")
    drop = _DropLiteralWarnings()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph of ``triples``, with the project prefixes bound."""
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    add = graph.add
    with quiet_literals():
        for triple in triples:
            add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def ox_triples(graph: Iterable[tuple[object, object, object]]) -> list[ox.Triple]:
    """pyoxigraph triples of an rdflib graph (or any iterable of rdflib triples)."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


def json_term(term: object) -> JsonTerm:
    """The SPARQL-JSON form of a pyoxigraph or rdflib term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, rdflib.BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, rdflib.Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD + "string":
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"unsupported term {term!r}")


def from_json(term: JsonTerm) -> OxTerm:
    """The pyoxigraph term of a SPARQL-JSON term."""
    if term["type"] == "uri":
        return ox.NamedNode(term["value"])
    if term["type"] == "bnode":
        return ox.BlankNode(term["value"])
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def ntriples(term: object) -> str:
    """A pyoxigraph term in N-Triples syntax (also valid in SPARQL and Turtle)."""
    return str(term)


def node_id(term: object) -> str:
    """The IRI of a named node or the label of a blank node; a literal's text otherwise."""
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)
