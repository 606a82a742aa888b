"""SHACL for validation: which engine evaluates the shapes, and the located problems they report.

The default engine is pyshacl-turbo (:mod:`casummit_rdf.shacl.engines`), chosen by measurement:
it passes all 120 tests of the vendored W3C SHACL core and SPARQL suites, agrees with pySHACL on
the project's shapes, and is one to two orders of magnitude faster. pySHACL stays available as the
reference (``engine=ShaclEngine.PYSHACL``). There is no home-made evaluation path: whatever the
shapes use, a real engine evaluates it.

:func:`run_shacl` gives the engine's W3C report; :func:`shacl_problems` reads it into
:class:`~casummit_rdf.problems.Problem` objects located by file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.shacl.engines import EngineRun, ShaclEngine, ShapesRejected, run_engine
from casummit_rdf.shacl.report import read_problems, report_of, report_triples, report_turtle
from casummit_rdf.shacl.shapes import Shapes, load_shapes

__all__ = [
    "ShaclEngine",
    "ShaclOutcome",
    "Shapes",
    "ShapesRejected",
    "load_shapes",
    "report_of",
    "report_turtle",
    "run_shacl",
    "shacl_problems",
]


@dataclass(frozen=True)
class ShaclOutcome:
    """One SHACL run: whether the data conforms, the report's triples, its problems, the engine."""

    conforms: bool
    report: list[ox.Triple]
    problems: list[Problem]
    engine: ShaclEngine


def _data_ntriples(graph: KnowledgeGraph) -> str:
    # The triples as parsed (lexical forms kept): a store would canonicalise "01"^^xsd:integer.
    return graph.ntriples().decode("utf-8")


def run_shacl(
    graph: KnowledgeGraph,
    shapes: Shapes,
    *,
    engine: ShaclEngine = ShaclEngine.TURBO,
    focus: Iterable[str] | None = None,
    count_warnings: bool = False,
    whole_graph: bool = True,
) -> ShaclOutcome:
    """Evaluate ``shapes`` over ``graph`` (or only over the ``focus`` node IRIs).

    ``count_warnings=True`` is SHACL's own verdict (any result means "does not conform"); the
    default counts violations only, as ``casummit validate`` does before ``--fail-on``. With
    ``whole_graph``, SHACL-SPARQL constraints that are provably the same as a join run once over
    the whole graph (:mod:`casummit_rdf.shacl.whole_graph`), the rest in the engine.
    Raises :class:`ShapesRejected` when the engine refuses the shapes.
    """
    from casummit_rdf.shacl import whole_graph as wg
    from casummit_rdf.shacl.explain import explain_logical
    from casummit_rdf.shacl.naming import constraint_name
    from casummit_rdf.terms import quiet_literals, to_rdflib

    focus = sorted(focus) if focus is not None else None
    if focus is not None and not focus:
        return ShaclOutcome(True, [], [], engine)
    constraints, moved = wg.split_constraints(shapes.triples) if whole_graph else ([], set())
    engine_shapes = shapes.without(moved) if moved else shapes
    run: EngineRun = run_engine(_data_ntriples(graph), engine_shapes.ntriples, engine=engine, focus=focus,
                                count_warnings=count_warnings)
    triples = report_triples(run.report)

    def explain(shapes_graph: object, shape: object, component: object, value: object) -> str:
        return explain_logical(shapes_graph, shape, component, value, graph)  # type: ignore[arg-type]

    def rule_of(constraint: wg.WholeGraphConstraint) -> str:
        return constraint_name(shapes.rdf, to_rdflib(constraint.shape), to_rdflib(constraint.constraint))

    with quiet_literals():  # rdflib logs a traceback per ill-typed literal it meets
        problems = read_problems(triples, shapes, graph.locate, explain)
        extra = wg.evaluate(constraints, graph.store, rule_of, graph.locate, set(focus) if focus is not None else None)
    problems += extra.problems
    conforms = run.conforms and not any(
        count_warnings or p.severity is Severity.ERROR for p in extra.problems
    )
    return ShaclOutcome(conforms, _merge_reports(triples, extra.report, conforms), problems, engine)


def _merge_reports(report: list[ox.Triple], results: list[ox.Triple], conforms: bool) -> list[ox.Triple]:
    """The engine's report with the whole-graph results added under its sh:ValidationReport."""
    if not results:
        return report
    from casummit_rdf.namespaces import RDF_TYPE, SH, XSD

    node = next(t.subject for t in report if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(SH + "ValidationReport"))
    merged = [t for t in report if not (t.subject == node and t.predicate.value == SH + "conforms")]
    merged.append(ox.Triple(node, ox.NamedNode(SH + "conforms"),
                            ox.Literal("true" if conforms else "false", datatype=ox.NamedNode(XSD + "boolean"))))
    merged += results
    merged += [ox.Triple(node, ox.NamedNode(SH + "result"), t.subject) for t in results
               if t.predicate.value == RDF_TYPE]
    return merged


def shacl_problems(
    graph: KnowledgeGraph,
    shapes: Shapes,
    *,
    engine: ShaclEngine = ShaclEngine.TURBO,
    focus: set[str] | None = None,
) -> list[Problem]:
    """The located problems of ``shapes`` over ``graph`` (see :func:`run_shacl`)."""
    return run_shacl(graph, shapes, engine=engine, focus=focus).problems
