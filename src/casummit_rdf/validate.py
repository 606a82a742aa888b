"""Validate data: parse, SHACL shapes, QC checks, OWL consistency — every problem located by file and line.

SHACL runs in two parts so that it stays fast as the data grows: the core constraints
(cardinality, datatype, class, pattern, …) are evaluated natively over the parsed triples by
:mod:`casummit_rdf.shacl_native` (or by pySHACL when the shapes use a component it lacks), and
each SHACL-SPARQL constraint of the shapes runs *once over the whole graph* on pyoxigraph
instead of once per focus node on rdflib's engine. ``engine=ShaclEngine.PYSHACL`` runs plain
pySHACL over everything, which gives the same problems (the test suite checks this) and serves
as the reference.

The named QC checks of :mod:`casummit_rdf.checks` (undeclared terms, dangling references,
duplicates, label and source hygiene, date plausibility, the ``queries/checks/*.rq`` queries) run
after the shapes; a QC profile (:class:`casummit_rdf.checks.Profile`) can change the level of any
rule, SHACL or check, or switch it off.

``changed=[files]`` validates only what a change touches: the subjects written in those files and
the entities they reference (the *focus nodes*). The problems are exactly those a full run reports
for the focus nodes (the test suite checks this too).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casummit_rdf import resources
from casummit_rdf.graph import (
    DataError,
    KnowledgeGraph,
    Location,
    ParsedFiles,
    PathLike,
    discover,
    parse_file,
    read_files,
)
from casummit_rdf.namespaces import PREFIXES, compact

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    import rdflib

    from casummit_rdf.checks import Profile

SH = PREFIXES["sh"]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]

__all__ = [
    "DataError",
    "Problem",
    "Severity",
    "ShaclEngine",
    "ValidationReport",
    "focus_nodes",
    "load_shapes",
    "owl_problems",
    "shacl_problems",
    "split_sparql_constraints",
    "validate",
]


class Severity(enum.IntEnum):
    """How serious a problem is; ordered so that ``ERROR`` is the highest."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def from_shacl(cls, iri: str | None) -> Severity:
        return {SH + "Info": cls.INFO, SH + "Warning": cls.WARNING}.get(iri or "", cls.ERROR)

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a level as written in profiles and on the command line (``error``, ``warn``, ``info``)."""
        name = text.strip().upper()
        name = {"WARN": "WARNING", "VIOLATION": "ERROR"}.get(name, name)
        try:
            return cls[name]
        except KeyError:
            raise ValueError(f"unknown level {text!r} (use ERROR, WARN or INFO)") from None

    def __str__(self) -> str:
        return self.name.lower()


class ShaclEngine(enum.Enum):
    """How SHACL is evaluated."""

    FAST = "fast"  # native core constraints (pySHACL fallback), SPARQL constraints on pyoxigraph
    PYSHACL = "pyshacl"  # pySHACL for everything (slow reference)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the checks allow.

    ``message`` says what is wrong; ``hint`` (where the rule has one beyond the message) says how
    to fix it.
    """

    severity: Severity
    rule: str
    subject: str
    message: str
    predicate: str | None = None
    value: str | None = None
    location: Location | None = None
    hint: str | None = None

    def key(self) -> tuple[str, str, str | None, str | None]:
        """Identity used to compare two validation runs: rule, subject, predicate, value."""
        return (self.rule, self.subject, self.predicate, self.value)

    def sort_key(self) -> tuple[Any, ...]:
        """Most serious first, then by file and line."""
        where = self.location
        return (
            -self.severity,
            str(where.path) if where else "~",
            where.line if where else 0,
            self.subject,
            self.rule,
            self.predicate or "",
            self.value or "",
        )

    def with_severity(self, severity: Severity) -> Problem:
        from dataclasses import replace

        return replace(self, severity=severity)

    def __str__(self) -> str:
        where = str(self.location) if self.location else "<graph>"
        what = compact(self.subject)
        if self.predicate:
            what += " " + compact(self.predicate)
        text = f"{where}: {self.severity}: {what}: {self.message}"
        if self.value is not None and self.value not in self.message and compact(self.value) not in self.message:
            text += f" (value: {compact(self.value)})"
        if self.hint and self.hint not in self.message:
            text += f"; fix: {self.hint}"
        return f"{text} [{self.rule}]"


@dataclass
class ValidationReport:
    """All problems found, most serious first, and what ran."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    checks: list[str] = field(default_factory=list)
    focus: set[str] | None = None

    @property
    def conforms(self) -> bool:
        """True when no problem is an error (warnings and infos are allowed)."""
        return not self.fails(Severity.ERROR)

    def fails(self, level: Severity | None) -> bool:
        """True when some problem is at ``level`` or above (``None``: never fails)."""
        return level is not None and any(p.severity >= level for p in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def summary(self) -> str:
        errors, warnings, infos = (self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
        verdict = "conforms" if self.conforms else "does not conform"
        scope = f", {len(self.focus)} focus nodes" if self.focus is not None else ""
        return (
            f"{len(self.files)} files, {self.triples} triples{scope}: {verdict} "
            f"({errors} errors, {warnings} warnings, {infos} infos; checks: {', '.join(self.checks)})"
        )


def validate(
    paths: Iterable[PathLike] | None = None,
    *,
    shapes: PathLike | None = None,
    reasoner: bool = True,
    engine: ShaclEngine = ShaclEngine.FAST,
    checks: bool = True,
    profile: Profile | PathLike | None = None,
    changed: Iterable[PathLike] | None = None,
) -> ValidationReport:
    """Validate files (default: the bundled data) against the shapes, the QC checks and the ontology.

    ``profile`` is a :class:`~casummit_rdf.checks.Profile` or the path of a profile file (default:
    the bundled ``ontology/qc-profile.txt``). ``changed`` limits the run to the focus nodes of
    those files (see the module docstring); changed files outside ``paths`` are loaded too.

    Raises :class:`~casummit_rdf.graph.DataError` when a file cannot be read or parsed.
    """
    from casummit_rdf import checks as qc

    paths = list(paths) if paths is not None else None
    changed_files = discover(changed) if changed is not None else None
    if changed_files is not None:
        base = discover(paths)
        known = {p.resolve() for p in base}
        paths = base + [p for p in changed_files if p.resolve() not in known]
    parsed = read_files(paths)
    graph = KnowledgeGraph(parsed)
    by_file = triples_by_file(parsed)
    focus = focus_nodes(t for f in changed_files for t in by_file[_find(by_file, f)]) if changed_files is not None else None
    shapes_graph = load_shapes(shapes)
    ontology = {p.resolve() for p in resources.ontology_files()}
    report = ValidationReport(
        files=[f for f in graph.files if f.resolve() not in ontology], triples=len(graph), focus=focus
    )
    owl_future = None
    if reasoner:
        # HermiT runs in a JVM subprocess: start it first and let SHACL run meanwhile.
        from concurrent.futures import ThreadPoolExecutor

        _ = graph.store  # build the shared views before the thread can race to build them
        pool = ThreadPoolExecutor(max_workers=1)
        owl_future = pool.submit(owl_problems, graph)
        pool.shutdown(wait=False)
    problems = shacl_problems(graph, shapes_graph, engine=engine, focus=focus)
    report.checks.append(f"SHACL ({engine.value})")
    if checks:
        context = qc.CheckContext.build(graph, by_file, ontology)
        problems.extend(qc.dedupe(qc.run_checks(context), problems))
        report.checks.append("QC")
    if owl_future is not None:
        problems.extend(owl_future.result())
        report.checks.append("OWL (HermiT)")
    if focus is not None:
        touched = {f.resolve() for f in changed_files or []}
        problems = [
            p for p in problems
            if p.subject in focus
            or p.subject == "<graph>"
            or (p.subject == "<file>" and p.location is not None and p.location.path.resolve() in touched)
        ]
    if not isinstance(profile, qc.Profile):
        profile = qc.Profile.load(profile)
    report.problems = sorted(profile.apply(problems), key=Problem.sort_key)
    return report


def triples_by_file(parsed: ParsedFiles) -> dict[Path, list[ox.Triple]]:
    """Split the parsed triples back into their files (they are concatenated in file order)."""
    out: dict[Path, list[ox.Triple]] = {}
    start = 0
    for path in parsed.files:
        count = parsed.file_of_triple_count.get(path, 0)
        out[path] = parsed.triples[start : start + count]
        start += count
    return out


def _find(by_file: dict[Path, Any], path: Path) -> Path:
    resolved = path.resolve()
    for candidate in by_file:
        if candidate.resolve() == resolved:
            return candidate
    raise DataError("not among the loaded files", path=path)


def focus_nodes(triples: Iterable[ox.Triple]) -> set[str]:
    """The subjects written in ``triples`` and the IRIs they reference (objects)."""
    import pyoxigraph as ox

    focus: set[str] = set()
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            focus.add(triple.subject.value)
        if isinstance(triple.object, ox.NamedNode) and triple.predicate.value != RDF + "type":
            focus.add(triple.object.value)
    return focus


def load_shapes(path: PathLike | None = None) -> rdflib.Graph:
    """Parse the SHACL shapes file (default: the bundled ``ontology/shapes.ttl``)."""
    from casummit_rdf.graph import to_rdflib

    return to_rdflib(parse_file(Path(path) if path else resources.shapes_file()))


# ---------------------------------------------------------------------------------------------
# SHACL


def shacl_problems(
    graph: KnowledgeGraph,
    shapes: rdflib.Graph,
    *,
    engine: ShaclEngine = ShaclEngine.FAST,
    focus: set[str] | None = None,
) -> list[Problem]:
    """Evaluate the shapes over the graph (or only over ``focus`` nodes) and return located problems."""
    if engine is ShaclEngine.PYSHACL:
        return _pyshacl_problems(graph, shapes, focus)
    from casummit_rdf import shacl_native

    core, constraints = split_sparql_constraints(shapes)
    if shacl_native.supports(core):
        problems = shacl_native.native_problems(graph, core, focus)
    else:  # shapes use a component the native evaluator lacks: pySHACL for the core part
        problems = _pyshacl_problems(graph, core, focus)
    for constraint in constraints:
        problems.extend(constraint.evaluate(graph, focus))
    return problems


def _pyshacl_problems(graph: KnowledgeGraph, shapes: rdflib.Graph, focus: set[str] | None = None) -> list[Problem]:
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
        text = _clean_message(str(message) if message else rule)
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


def explain_logical(shapes: rdflib.Graph, shape: Any, component: Any, value: Any, graph: KnowledgeGraph) -> str:
    """Say in words why a value failed ``sh:or`` / ``sh:xone`` / ``sh:and`` / ``sh:not`` / ``sh:node``.

    pySHACL only reports that the logical constraint failed; contributors need to know what was
    expected and what the value actually is. Returns ``""`` for other components.
    """
    from rdflib.collection import Collection
    from rdflib.namespace import SH as S

    name = _local(component) if component is not None else ""
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
        parts.append(f"a node of kind {_local(kind)}")
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
        kind = f"@{value.language}" if value.language else compact(str(value.datatype or PREFIXES["xsd"] + "string"))
        return f"it is a literal {kind}"
    node = ox.BlankNode(str(value)) if isinstance(value, BNode) else ox.NamedNode(str(value))
    types = sorted(compact(q.object.value) for q in graph.store.quads_for_pattern(node, ox.NamedNode(RDF + "type"), None))
    if not types:
        return "it has no rdf:type in the loaded data: is it declared, and spelt right?"
    return f"it is typed {', '.join(types)}"


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

    def evaluate(self, graph: KnowledgeGraph, focus: set[str] | None = None) -> list[Problem]:
        """Run the query; with ``focus``, keep only rows whose ``$this`` is a focus node."""
        from casummit_rdf.queries import run_sparql

        result = run_sparql(self.query, graph=graph)
        problems = []
        seen = set()
        for row in result.rows:
            subject = row["this"]["value"]
            if focus is not None and subject not in focus:
                continue
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
        culprits = disjoint_type_clashes(graph)
        for node, first, second in culprits:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "owl.consistency",
                    node,
                    f"{report.message}: {compact(node)} is typed both {compact(first)} and {compact(second)}, "
                    "which the ontology declares disjoint",
                    predicate=RDF + "type",
                    value=second,
                    location=graph.locate(node, RDF + "type"),
                    hint="give the node one of the two types, or split it into two nodes",
                )
            )
        if not culprits:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "owl.consistency",
                    "<graph>",
                    report.message,
                    hint="look for a node typed with two disjoint classes (e.g. cas:Person and cas:State), "
                    "a functional property with two values, or a value outside a property's range",
                )
            )
    for iri in report.unsatisfiable:
        problems.append(
            Problem(
                Severity.ERROR,
                "owl.unsatisfiable-class",
                iri,
                f"class {compact(iri)} can have no members (unsatisfiable under the ontology's axioms)",
                location=graph.locate(iri),
                hint="check its rdfs:subClassOf and owl:disjointWith axioms in ontology/casummit.ttl",
            )
        )
    return problems


_DISJOINT_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION { ?b owl:disjointWith ?a }
  UNION { ?all a owl:AllDisjointClasses ; owl:members ?list .
          ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER (?a != ?b) }
  ?node rdf:type/rdfs:subClassOf* ?a .
  ?node rdf:type/rdfs:subClassOf* ?b .
  FILTER (isIRI(?node) && STR(?a) < STR(?b))
}
"""


def disjoint_type_clashes(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """Nodes typed (directly or through subclasses) with two classes declared disjoint.

    HermiT only says *that* the graph is inconsistent; this names the usual culprit so the
    problem can point at a file and line.
    """
    from casummit_rdf.queries import run_sparql

    result = run_sparql(_DISJOINT_QUERY, graph=graph)
    clashes = {(row["node"]["value"], row["a"]["value"], row["b"]["value"]) for row in result.rows}
    return sorted(clashes)
