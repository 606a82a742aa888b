"""SHACL-SPARQL constraints rewritten to run once over the whole graph on pyoxigraph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.namespaces import RDF, RDFS
from casummit_rdf.problems import Problem, Severity, problems_from_rows
from casummit_rdf.shacl.naming import constraint_name, node_shape_of

if TYPE_CHECKING:  # pragma: no cover
    import rdflib


@dataclass
class WholeGraphConstraint:
    """A SHACL-SPARQL constraint rewritten to run once over the whole graph."""

    rule: str
    query: str
    message: str
    severity: Severity
    path: str | None

    def evaluate(self, graph: KnowledgeGraph, focus: set[str] | None = None) -> list[Problem]:
        """Run the query; with ``focus``, keep only rows whose ``$this`` is a focus node."""
        from casummit_rdf.sparql import run_sparql

        result = run_sparql(self.query, graph=graph)
        return problems_from_rows(result.rows, self.rule, self.severity, self.message, graph.locate,
                                  path=self.path, focus=focus)


def split_sparql_constraints(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[WholeGraphConstraint]]:
    """Return (shapes without SHACL-SPARQL constraints, those constraints as whole-graph queries)."""
    from rdflib import Graph
    from rdflib.namespace import SH as S

    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    constraints: list[WholeGraphConstraint] = []
    sparql_nodes = set()
    for shape, constraint in shapes.subject_objects(S.sparql):
        sparql_nodes.add(constraint)
        select = shapes.value(constraint, S.select)
        if select is None:
            continue
        targets = _target_patterns(shapes, node_shape_of(shapes, shape))
        if not targets:
            continue
        prefix_lines = _prefix_declarations(shapes, constraint)
        owner = node_shape_of(shapes, shape)
        path = shapes.value(shape, S.path) if owner != shape else None
        union = " UNION ".join("{ " + t + " }" for t in targets)
        query = f"{prefix_lines}\nSELECT DISTINCT * WHERE {{\n  {union}\n  {{\n{select}\n  }}\n}}"
        severity = shapes.value(constraint, S.severity) or shapes.value(shape, S.severity)
        message = shapes.value(constraint, S.message) or shapes.value(shape, S.message) or ""
        constraints.append(
            WholeGraphConstraint(
                rule=constraint_name(shapes, shape, constraint),
                query=query,
                message=str(message),
                severity=Severity.from_shacl(str(severity) if severity else None),
                path=str(path) if path is not None else None,
            )
        )
    for triple in shapes:
        if triple[1] == S.sparql or triple[0] in sparql_nodes:
            continue
        core.add(triple)
    return core, constraints


def _target_patterns(shapes: rdflib.Graph, shape: Any) -> list[str]:
    from rdflib import RDF as R, RDFS as RS
    from rdflib.namespace import SH as S

    patterns = []
    classes = list(shapes.objects(shape, S.targetClass))
    if (shape, R.type, RS.Class) in shapes:
        classes.append(shape)
    for cls in classes:
        patterns.append(f"?this <{RDF}type>/<{RDFS}subClassOf>* <{cls}> .")
    for node in shapes.objects(shape, S.targetNode):
        patterns.append(f"BIND(<{node}> AS ?this)")
    for predicate in shapes.objects(shape, S.targetSubjectsOf):
        patterns.append(f"?this <{predicate}> [] .")
    for predicate in shapes.objects(shape, S.targetObjectsOf):
        patterns.append(f"[] <{predicate}> ?this .")
    return patterns


def _prefix_declarations(shapes: rdflib.Graph, constraint: Any) -> str:
    from rdflib.namespace import SH as S

    lines = []
    for holder in shapes.objects(constraint, S.prefixes):
        for declaration in shapes.objects(holder, S.declare):
            prefix = shapes.value(declaration, S.prefix)
            namespace = shapes.value(declaration, S.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))
