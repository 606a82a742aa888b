"""The SPARQL Update texts a publish sends.

The SPARQL 1.1 Protocol has no way to bind a value into an update, so the graph names and the
triples are written into the text — always as terms serialised by pyoxigraph
(``str(ox.NamedNode(iri))``, N-Triples lines from :func:`pyoxigraph.serialize`), never quoted
by hand, so an IRI cannot break out of its ``<…>``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox


def _graph(iri: str) -> str:
    return str(ox.NamedNode(iri))  # raises ValueError on a string that is not an IRI


def drop_silent(graph: str) -> str:
    """``DROP SILENT GRAPH <graph>``: remove a graph, no error if it is not there."""
    return f"DROP SILENT GRAPH {_graph(graph)}"


def move(source: str, target: str) -> str:
    """``MOVE SILENT GRAPH <source> TO GRAPH <target>``: one update, which the store runs as one transaction."""
    return f"MOVE SILENT GRAPH {_graph(source)} TO GRAPH {_graph(target)}"


def has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def insert_batches(graph: str, triples: Sequence[ox.Triple], batch_size: int) -> Iterator[str]:
    """SPARQL Update requests that insert ``triples`` into ``graph``, ``batch_size`` per request.

    A blank-node label names the same node only within one request, so the triples that share
    blank nodes (a connected group: a qualified derivation and the node that points at it) always
    go into the same request; groups are packed up to ``batch_size`` triples per request, a larger
    group goes alone. Those requests are ``INSERT { … } WHERE {}`` (a template), because some
    stores (Virtuoso) refuse blank nodes in ``INSERT DATA``; the template keeps their identity
    within the request. The others are ``INSERT DATA``.
    """
    name = _graph(graph)
    with_bnodes = [t for t in triples if has_blank_node(t)]
    plain = [t for t in triples if not has_blank_node(t)]
    batch: list[ox.Triple] = []
    for group in _blank_node_groups(with_bnodes):
        if batch and len(batch) + len(group) > batch_size:
            yield f"INSERT {{ GRAPH {name} {{\n{_lines(batch)}}} }} WHERE {{}}"
            batch = []
        batch.extend(group)
    if batch:
        yield f"INSERT {{ GRAPH {name} {{\n{_lines(batch)}}} }} WHERE {{}}"
    for start in range(0, len(plain), batch_size):
        yield f"INSERT DATA {{ GRAPH {name} {{\n{_lines(plain[start:start + batch_size])}}} }}"


def _blank_node_groups(triples: Sequence[ox.Triple]) -> list[list[ox.Triple]]:
    """``triples`` (each with a blank node) split into groups joined by shared blank nodes, in input order."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for t in triples:
        nodes = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
        root(nodes[0])
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t in triples:
        first = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        groups.setdefault(root(first), []).append(t)  # type: ignore[arg-type]
    return list(groups.values())


def _lines(triples: Sequence[ox.Triple]) -> str:
    # pyoxigraph's N-Triples writer: each line is "s p o ." and valid inside a SPARQL graph block.
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
