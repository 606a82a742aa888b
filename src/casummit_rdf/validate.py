"""Validate data: parse, SHACL shapes, OWL consistency — every problem located by file and line.

SHACL runs in two parts so that it stays fast as the data grows: pySHACL checks the core
constraints (cardinality, datatype, class, pattern, …) and each SHACL-SPARQL constraint of the
shapes runs *once over the whole graph* on pyoxigraph instead of once per focus node on rdflib's
engine. ``engine=ShaclEngine.PYSHACL`` runs plain pySHACL over everything, which gives the same
problems (the test suite checks this) and serves as the reference.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casummit_rdf import resources
from casummit_rdf.graph import DataError, KnowledgeGraph, Location, PathLike, load_graph, parse_file
from casummit_rdf.namespaces import PREFIXES, compact

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

SH = PREFIXES["sh"]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]


class Severity(enum.IntEnum):
    """How serious a problem is; ordered so that ``ERROR`` is the highest."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def from_shacl(cls, iri: str | None) -> Severity:
        return {SH + "Info": cls.INFO, SH + "Warning": cls.WARNING}.get(iri or "", cls.ERROR)

    def __str__(self) -> str:
        return self.name.lower()


class ShaclEngine(enum.Enum):
    """How SHACL is evaluated."""

    FAST = "fast"  # pySHACL for core constraints, pyoxigraph for SPARQL constraints
    PYSHACL = "pyshacl"  # pySHACL for everything (slow reference)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the checks allow."""

    severity: Severity
    rule: str
    subject: str
    message: str
    predicate: str | None = None
    value: str | None = None
    location: Location | None = None

    def key(self) -> tuple[str, str, str | None, str | None]:
        """Identity used to compare two validation runs: rule, subject, predicate, value."""
        return (self.rule, self.subject, self.predicate, self.value)

    def __str__(self) -> str:
        where = str(self.location) if self.location else "<graph>"
        what = compact(self.subject)
        if self.predicate:
            what += " " + compact(self.predicate)
        text = f"{where}: {self.severity}: {what}: {self.message}"
        if self.value is not None and self.value not in self.message:
            text += f" (value: {compact(self.value)})"
        return f"{text} [{self.rule}]"


@dataclass
class ValidationReport:
    """All problems found, most serious first, and what ran."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    checks: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no problem is an error (warnings and infos are allowed)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def summary(self) -> str:
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{len(self.files)} files, {self.triples} triples: {verdict} "
            f"({errors} errors, {warnings} warnings; checks: {', '.join(self.checks)})"
        )


def validate(
    paths: Iterable[PathLike] | None = None,
    *,
    shapes: PathLike | None = None,
    reasoner: bool = True,
    engine: ShaclEngine = ShaclEngine.FAST,
) -> ValidationReport:
    """Validate files (default: the bundled data) against the shapes and the ontology.

    Raises :class:`~casummit_rdf.graph.DataError` when a file cannot be read or parsed.
    """
    graph = load_graph(paths)
    shapes_graph = load_shapes(shapes)
    report = ValidationReport(files=[f for f in graph.files if f not in resources.ontology_files()], triples=len(graph))
    report.problems.extend(shacl_problems(graph, shapes_graph, engine=engine))
    report.checks.append(f"SHACL ({engine.value})")
    if reasoner:
        report.problems.extend(owl_problems(graph))
        report.checks.append("OWL (HermiT)")
    report.problems.sort(key=lambda p: (-p.severity, str(p.location or ""), p.subject, p.rule))
    return report


def load_shapes(path: PathLike | None = None) -> rdflib.Graph:
    """Parse the SHACL shapes file (default: the bundled ``ontology/shapes.ttl``)."""
    from casummit_rdf.graph import to_rdflib

    return to_rdflib(parse_file(Path(path) if path else resources.shapes_file()))


# ---------------------------------------------------------------------------------------------
# SHACL


def shacl_problems(
    graph: KnowledgeGraph, shapes: rdflib.Graph, *, engine: ShaclEngine = ShaclEngine.FAST
) -> list[Problem]:
    """Evaluate the shapes over the graph and return located problems."""
    if engine is ShaclEngine.PYSHACL:
        return _pyshacl_problems(graph, shapes)
    core, constraints = split_sparql_constraints(shapes)
    problems = _pyshacl_problems(graph, core)
    for constraint in constraints:
        problems.extend(constraint.evaluate(graph))
    return problems


def _pyshacl_problems(graph: KnowledgeGraph, shapes: rdflib.Graph) -> list[Problem]:
    import pyshacl

    _conforms, results, _text = pyshacl.validate(
        graph.rdf,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
    )
    return list(_read_results(results, shapes, graph))


def _read_results(results: rdflib.Graph, shapes: rdflib.Graph, graph: KnowledgeGraph) -> Iterator[Problem]:
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
            rule = _constraint_name(shapes, shape, source_constraint)
        else:
            rule = _rule_name(shapes, shape, component)
        yield Problem(
            severity=severity,
            rule=rule,
            subject=subject,
            message=_clean_message(str(message) if message else rule),
            predicate=predicate,
            value=None if value is None else str(value),
            location=graph.locate(subject, predicate),
        )


def _clean_message(message: str) -> str:
    return " ".join(message.split())


def _local(iri: Any) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def _node_shape_of(shapes: rdflib.Graph, shape: Any) -> Any:
    from rdflib import BNode
    from rdflib.namespace import SH as S

    if isinstance(shape, BNode):
        parent = shapes.value(None, S.property, shape)
        if parent is not None:
            return parent
    return shape


def _rule_name(shapes: rdflib.Graph, shape: Any, component: Any) -> str:
    from rdflib.namespace import SH as S

    owner = _node_shape_of(shapes, shape)
    parts = [_local(owner)]
    path = shapes.value(shape, S.path)
    if path is not None and owner != shape:
        parts.append(compact(str(path)))
    if component is not None:
        parts.append(_local(component).removesuffix("ConstraintComponent"))
    return ".".join(parts)


def _constraint_name(shapes: rdflib.Graph, shape: Any, constraint: Any) -> str:
    from rdflib.namespace import RDFS as RS, SH as S

    label = shapes.value(constraint, RS.label) or shapes.value(constraint, S.name)
    owner = _node_shape_of(shapes, shape)
    return f"{_local(owner)}.{label}" if label else f"{_local(owner)}.SPARQL"


@dataclass
class WholeGraphConstraint:
    """A SHACL-SPARQL constraint rewritten to run once over the whole graph."""

    rule: str
    query: str
    message: str
    severity: Severity
    path: str | None

    def evaluate(self, graph: KnowledgeGraph) -> list[Problem]:
        from casummit_rdf.queries import run_sparql

        result = run_sparql(self.query, graph=graph)
        problems = []
        seen = set()
        for row in result.rows:
            subject = row["this"]["value"]
            value = row.get("value", {}).get("value")
            path = row.get("path", {}).get("value") or self.path
            if (subject, value, path) in seen:
                continue
            seen.add((subject, value, path))
            message = self.message.replace("{$this}", compact(subject)).replace("{?this}", compact(subject))
            message = message.replace("{$value}", compact(value or "")).replace("{?value}", compact(value or ""))
            problems.append(
                Problem(
                    severity=self.severity,
                    rule=self.rule,
                    subject=subject,
                    message=_clean_message(message),
                    predicate=path,
                    value=value,
                    location=graph.locate(subject, path),
                )
            )
        return problems


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
        targets = _target_patterns(shapes, _node_shape_of(shapes, shape))
        if not targets:
            continue
        prefix_lines = _prefix_declarations(shapes, constraint)
        owner = _node_shape_of(shapes, shape)
        path = shapes.value(shape, S.path) if owner != shape else None
        union = " UNION ".join("{ " + t + " }" for t in targets)
        query = f"{prefix_lines}\nSELECT DISTINCT * WHERE {{\n  {union}\n  {{\n{select}\n  }}\n}}"
        severity = shapes.value(constraint, S.severity) or shapes.value(shape, S.severity)
        message = shapes.value(constraint, S.message) or shapes.value(shape, S.message) or ""
        constraints.append(
            WholeGraphConstraint(
                rule=_constraint_name(shapes, shape, constraint),
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


# ---------------------------------------------------------------------------------------------
# OWL


def owl_problems(graph: KnowledgeGraph) -> list[Problem]:
    """Run HermiT and turn inconsistency or unsatisfiable classes into problems."""
    from casummit_rdf.reasoning import ReasonerUnavailable, check_consistency

    try:
        report = check_consistency(graph.triples)
    except ReasonerUnavailable as error:
        return [Problem(Severity.WARNING, "owl.reasoner-unavailable", "<graph>", str(error))]
    problems = []
    if not report.consistent and not report.unsatisfiable:
        problems.append(Problem(Severity.ERROR, "owl.consistency", "<graph>", report.message))
    for iri in report.unsatisfiable:
        problems.append(
            Problem(
                Severity.ERROR,
                "owl.unsatisfiable-class",
                iri,
                "class can have no members (unsatisfiable under the ontology's axioms)",
                location=graph.locate(iri),
            )
        )
    return problems
