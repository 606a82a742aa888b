"""Say in words why a value failed a logical constraint (``sh:or``, ``sh:xone``, ``sh:and``, ``sh:not``, ``sh:node``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.namespaces import RDF_TYPE, XSD, compact
from casummit_rdf.shacl.naming import local_name

if TYPE_CHECKING:  # pragma: no cover
    import rdflib


def explain_logical(shapes: rdflib.Graph, shape: Any, component: Any, value: Any, graph: KnowledgeGraph) -> str:
    """Say in words why a value failed ``sh:or`` / ``sh:xone`` / ``sh:and`` / ``sh:not`` / ``sh:node``.

    pySHACL only reports that the logical constraint failed; contributors need to know what was
    expected and what the value actually is. Returns ``""`` for other components.
    """
    from rdflib.collection import Collection
    from rdflib.namespace import SH as S

    name = local_name(component) if component is not None else ""
    lists = {
        "OrConstraintComponent": (S["or"], "is none of"),
        "XoneConstraintComponent": (S.xone, "must be exactly one of"),
        "AndConstraintComponent": (S["and"], "must be all of"),
    }
    if value is None:
        return ""
    actual = _describe_value(value, graph)
    if name in lists:
        predicate, verb = lists[name]
        head = shapes.value(shape, predicate)
        if head is None:
            return ""
        members = [_describe_shape(shapes, m) for m in Collection(shapes, head)]
        return f"{compact(str(value))} {verb}: {'; '.join(members)} ({actual})"
    if name == "NotConstraintComponent":
        member = shapes.value(shape, S["not"])
        return f"{compact(str(value))} must not be {_describe_shape(shapes, member)} ({actual})"
    if name == "NodeConstraintComponent":
        member = shapes.value(shape, S.node)
        return f"{compact(str(value))} does not conform to {_describe_shape(shapes, member)} ({actual})"
    return ""


def _describe_shape(shapes: rdflib.Graph, member: Any) -> str:
    from rdflib.namespace import RDFS as RS, SH as S

    parts = []
    for cls in shapes.objects(member, S["class"]):
        parts.append(f"a {compact(str(cls))}")
    for datatype in shapes.objects(member, S.datatype):
        parts.append(f"a literal typed {compact(str(datatype))}")
    for kind in shapes.objects(member, S.nodeKind):
        parts.append(f"a node of kind {local_name(kind)}")
    for value in shapes.objects(member, S.hasValue):
        parts.append(f"the value {compact(str(value))}")
    for pattern in shapes.objects(member, S.pattern):
        parts.append(f"text matching {pattern}")
    for node in shapes.objects(member, S.node):
        parts.append(f"conforming to {_describe_shape(shapes, node)}")
    if not parts:
        label = shapes.value(member, RS.label) or shapes.value(member, S.name)
        parts.append(f"the shape {label or compact(str(member))}")
    return " and ".join(parts)


def _describe_value(value: Any, graph: KnowledgeGraph) -> str:
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(value, Literal):
        kind = f"@{value.language}" if value.language else compact(str(value.datatype or XSD + "string"))
        return f"it is a literal {kind}"
    node = ox.BlankNode(str(value)) if isinstance(value, BNode) else ox.NamedNode(str(value))
    types = sorted(compact(q.object.value) for q in graph.store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None))
    if not types:
        return "it has no rdf:type in the loaded data: is it declared, and spelt right?"
    return f"it is typed {', '.join(types)}"
