"""Names of SHACL rules as reports print them: ``Shape.path.Component`` or ``Shape.constraint-name``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casummit_rdf.namespaces import compact

if TYPE_CHECKING:  # pragma: no cover
    import rdflib


def clean_message(message: str) -> str:
    return " ".join(message.split())


def local_name(iri: Any) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def node_shape_of(shapes: rdflib.Graph, shape: Any) -> Any:
    from rdflib import BNode
    from rdflib.namespace import SH as S

    if isinstance(shape, BNode):
        parent = shapes.value(None, S.property, shape)
        if parent is not None:
            return parent
    return shape


def rule_name(shapes: rdflib.Graph, shape: Any, component: Any) -> str:
    from rdflib.namespace import SH as S

    owner = node_shape_of(shapes, shape)
    parts = [local_name(owner)]
    path = shapes.value(shape, S.path)
    if path is not None and owner != shape:
        parts.append(compact(str(path)))
    if component is not None:
        parts.append(local_name(component).removesuffix("ConstraintComponent"))
    return ".".join(parts)


def constraint_name(shapes: rdflib.Graph, shape: Any, constraint: Any) -> str:
    from rdflib.namespace import RDFS as RS, SH as S

    label = shapes.value(constraint, RS.label) or shapes.value(constraint, S.name)
    owner = node_shape_of(shapes, shape)
    return f"{local_name(owner)}.{label}" if label else f"{local_name(owner)}.SPARQL"
