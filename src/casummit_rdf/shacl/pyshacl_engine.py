"""pySHACL as an engine: run it, and read its W3C validation report into located problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.shacl.explain import explain_logical
from casummit_rdf.shacl.naming import clean_message, constraint_name, rule_name

if TYPE_CHECKING:  # pragma: no cover
    import rdflib


def pyshacl_problems(graph: KnowledgeGraph, shapes: rdflib.Graph, focus: set[str] | None = None) -> list[Problem]:
    import pyshacl
    from rdflib import URIRef

    if focus is not None and not focus:
        return []
    _conforms, results, _text = pyshacl.validate(
        graph.rdf,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
        focus_nodes=sorted(URIRef(n) for n in focus) if focus is not None else None,
    )
    return list(read_results(results, shapes, graph))


def read_results(results: rdflib.Graph, shapes: rdflib.Graph, graph: KnowledgeGraph) -> Iterator[Problem]:
    from rdflib import RDF as R, URIRef
    from rdflib.namespace import SH as S

    for result in results.subjects(R.type, S.ValidationResult):
        focus = results.value(result, S.focusNode)
        path = results.value(result, S.resultPath)
        value = results.value(result, S.value)
        message = results.value(result, S.resultMessage)
        severity = Severity.from_shacl(str(results.value(result, S.resultSeverity) or ""))
        shape = results.value(result, S.sourceShape)
        component = results.value(result, S.sourceConstraintComponent)
        source_constraint = results.value(result, S.sourceConstraint)
        subject = str(focus)
        predicate = str(path) if isinstance(path, URIRef) else None
        if source_constraint is not None and (source_constraint, S.select, None) in shapes:
            rule = constraint_name(shapes, shape, source_constraint)
        else:
            rule = rule_name(shapes, shape, component)
        text = clean_message(str(message) if message else rule)
        explanation = explain_logical(shapes, shape, component, value, graph)
        if explanation:
            text = f"{text} — {explanation}"
        yield Problem(
            severity=severity,
            rule=rule,
            subject=subject,
            message=text,
            predicate=predicate,
            value=None if value is None else str(value),
            location=graph.locate(subject, predicate),
        )
