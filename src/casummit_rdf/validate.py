"""Validate data: parse, SHACL shapes, QC checks, OWL consistency — every problem located by file and line.

This module only orchestrates: the shapes are :mod:`casummit_rdf.shacl`'s, the named checks
:mod:`casummit_rdf.checks`', the reasoner's verdict :mod:`casummit_rdf.owl`'s; they all speak in
:class:`~casummit_rdf.problems.Problem` objects.

The named QC checks of :mod:`casummit_rdf.checks` (undeclared terms, dangling references,
duplicates, label and source hygiene, date plausibility, the ``queries/checks/*.rq`` queries) run
after the shapes; a QC profile (:class:`casummit_rdf.checks.Profile`) can change the level of any
rule, SHACL or check, or switch it off.

``changed=[files]`` validates only what a change touches: the subjects written in those files and
the entities they reference (the *focus nodes*). The problems are exactly those a full run reports
for the focus nodes (the test suite checks this too).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from casummit_rdf.errors import DataError, ReasonerUnavailable
from casummit_rdf.graph import KnowledgeGraph, PathLike, discover, load_graph
from casummit_rdf.namespaces import RDF_TYPE
from casummit_rdf.problems import Problem, Scope, Severity, Stage, ValidationReport  # noqa: F401 - Severity re-exported
from casummit_rdf.shacl import ShaclEngine, load_shapes, run_shacl

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from casummit_rdf.checks import Profile

__all__ = [
    "DataError",
    "Problem",
    "Severity",
    "ShaclEngine",
    "ValidationReport",
    "focus_nodes",
    "validate",
]


def validate(
    paths: Iterable[PathLike] | None = None,
    *,
    shapes: PathLike | None = None,
    reasoner: bool = True,
    engine: ShaclEngine = ShaclEngine.TURBO,
    checks: bool = True,
    profile: Profile | PathLike | None = None,
    changed: Iterable[PathLike] | None = None,
    require_reasoner: bool = False,
) -> ValidationReport:
    """Validate files (default: the bundled data) against the shapes, the QC checks and the ontology.

    ``profile`` is a :class:`~casummit_rdf.checks.Profile` or the path of a profile file (default:
    the bundled ``ontology/qc-profile.txt``). ``changed`` limits the run to the focus nodes of
    those files (see the module docstring); changed files outside ``paths`` are loaded too.

    Without Java the OWL part is reported as skipped; with ``require_reasoner`` that raises
    :class:`~casummit_rdf.errors.ReasonerUnavailable` instead.

    Raises :class:`~casummit_rdf.errors.DataError` when a file cannot be read or parsed, and
    :class:`~casummit_rdf.shacl.ShapesRejected` when the engine refuses the shapes.
    """
    from casummit_rdf import checks as qc

    paths = list(paths) if paths is not None else None
    changed_files = discover(changed) if changed is not None else None
    if changed_files is not None:
        base = discover(paths)
        known = {p.resolve() for p in base}
        paths = base + [p for p in changed_files if p.resolve() not in known]
    graph = load_graph(paths)
    focus = None
    if changed_files is not None:
        focus = focus_nodes(t for f in changed_files for t in graph.by_file[graph.find_file(f)])
    shapes_graph = load_shapes(shapes)
    report = ValidationReport(files=graph.data_files, triples=len(graph), focus=focus)
    owl_future = None
    if reasoner:
        # HermiT runs in a JVM subprocess: start it first and let SHACL run meanwhile.
        from concurrent.futures import ThreadPoolExecutor

        _ = graph.store, graph.index  # build the shared views before the thread can race to build them
        pool = ThreadPoolExecutor(max_workers=1)
        owl_future = pool.submit(_owl, graph)
        pool.shutdown(wait=False)
    outcome = run_shacl(graph, shapes_graph, engine=engine, focus=focus)
    problems = list(outcome.problems)
    report.shacl = outcome
    report.checks.append(Stage("SHACL", engine.label))
    if checks:
        context = qc.CheckContext.build(graph)
        problems.extend(qc.dedupe(qc.run_checks(context, qc.all_checks()), problems))
        report.checks.append(Stage("QC"))
    if owl_future is not None:
        found, stage = owl_future.result()
        if stage.skipped and require_reasoner:
            raise ReasonerUnavailable(f"the OWL check cannot run: {stage.skipped}")
        problems.extend(found)
        report.checks.append(stage)
    if focus is not None:
        touched = {f.resolve() for f in changed_files or []}
        problems = [
            p for p in problems
            if (p.scope is Scope.NODE and p.subject in focus)
            or p.scope is Scope.GRAPH
            or (p.scope is Scope.FILE and p.location is not None and p.location.path.resolve() in touched)
        ]
    if not isinstance(profile, qc.Profile):
        profile = qc.Profile.load(profile)
    report.problems = sorted(profile.apply(problems), key=Problem.sort_key)
    return report


def _owl(graph: KnowledgeGraph) -> tuple[list[Problem], Stage]:
    from casummit_rdf.owl import owl_problems

    try:
        return owl_problems(graph), Stage("OWL", "HermiT")
    except ReasonerUnavailable as error:
        return [], Stage("OWL", "HermiT", skipped=str(error))


def focus_nodes(triples: Iterable[ox.Triple]) -> set[str]:
    """The subjects written in ``triples`` and the IRIs they reference (objects)."""
    import pyoxigraph as ox

    focus: set[str] = set()
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            focus.add(triple.subject.value)
        if isinstance(triple.object, ox.NamedNode) and triple.predicate.value != RDF_TYPE:
            focus.add(triple.object.value)
    return focus
