"""SHACL-SPARQL constraints that are provably the same run once over the whole graph.

A SHACL engine runs a SPARQL constraint once per focus node, with ``$this`` pre-bound (SHACL
§5.3.1). pyshacl-turbo does so with a cost per run that grows with the graph, so at a million
triples the project's few constraints took minutes. For one class of constraints pre-binding is
exactly a join: when ``$this`` occurs in a triple pattern of the query's top-level group, every
solution binds it there, so the solutions of the query over the whole graph whose ``?this`` is a
focus node are, focus node by focus node, the solutions under pre-binding (OPTIONAL, FILTER,
EXISTS and BIND see ``$this`` bound either way). Such a constraint runs here once, on pyoxigraph,
with hash joins, and its rows are joined with the shape's targets in Python.

Everything else goes to the engine, untouched: a constraint whose ``$this`` is bound only inside
OPTIONAL, UNION, FILTER or BIND; one that uses ``$PATH``, ``$currentShape`` or ``$shapesGraph``;
one on a property shape or a shape reached through ``sh:node`` / logical constraints; one with
aggregates, LIMIT/OFFSET, sub-queries, VALUES, MINUS or SERVICE (the last four are prohibited by
SHACL and the engine refuses them); a deactivated one. The tests run the project's shapes both
ways on every fixture, the bundled data and synthetic graphs, and the W3C suite through the
combined path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from casummit_rdf.locations import Location
from casummit_rdf.namespaces import OWL, RDF_TYPE, RDFS, SH, XSD, compact
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.resources import internal_query

_REFERENCES = {SH + p for p in ("node", "property", "not", "qualifiedValueShape", "and", "or", "xone", "first")}
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_FORBIDDEN_PARTS = {"MinusGraphPattern", "InlineData", "SubSelect", "ServiceGraphPattern"}
_SPECIAL_VARIABLES = {"PATH", "currentShape", "shapesGraph"}


@dataclass(frozen=True)
class WholeGraphConstraint:
    """A SHACL-SPARQL constraint of a node shape that runs once over the whole graph."""

    shape: ox.NamedNode | ox.BlankNode
    constraint: ox.NamedNode | ox.BlankNode
    select: str
    prefixes: dict[str, str]
    message: str | None
    severity: str
    targets: dict[str, list[object]] = field(default_factory=dict)


def _objects(triples: list[ox.Triple], subject: object, predicate: str) -> list[object]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def _prefixes(triples: list[ox.Triple], constraint: object) -> dict[str, str] | None:
    prefixes: dict[str, str] = {}
    # sh:prefixes names a node whose sh:declare values count, and those of what it owl:imports.
    holders = list(_objects(triples, constraint, SH + "prefixes"))
    for holder in holders:
        holders += [o for o in _objects(triples, holder, OWL + "imports") if o not in holders]
    for holder in holders:
        for declaration in _objects(triples, holder, SH + "declare"):
            prefix = _objects(triples, declaration, SH + "prefix")
            namespace = _objects(triples, declaration, SH + "namespace")
            if len(prefix) != 1 or len(namespace) != 1:
                return None
            prefixes[prefix[0].value] = namespace[0].value  # type: ignore[attr-defined]
    return prefixes


def _mentions(node: object, name: str) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable) and str(item) == name:
            return True
        if isinstance(item, CompValue):
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
    return False


def _forbidden(node: object) -> bool:
    """Prohibited or special forms anywhere: MINUS, VALUES, sub-queries, SERVICE, aggregates, $PATH…"""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in _FORBIDDEN_PARTS or item.name.startswith("Aggregate_"):
                return True
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
        elif isinstance(item, Variable) and str(item) in _SPECIAL_VARIABLES:
            return True
    return False


def _this_only_where_joined(group: object, top: bool) -> tuple[bool, bool]:
    """(every $this of ``group`` sits where a join binds it, some triple pattern of it binds $this).

    Allowed places: triple patterns of the top-level group and of an OPTIONAL directly in it
    (joined on $this), FILTER and BIND expressions of those groups (EXISTS sees the solution's
    $this). A nested group, UNION or GRAPH block evaluates on its own, where $this would be unbound.
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    binds = False
    for part in group.get("part", []) if "part" in group else []:  # type: ignore[union-attr]
        if not isinstance(part, CompValue):
            continue
        if part.name == "TriplesBlock":
            binds = binds or _mentions(part, "this")
        elif part.name in ("Filter", "Bind"):
            continue
        elif part.name == "OptionalGraphPattern" and top:
            inner = part["graph"]
            if inner.name != "GroupGraphPatternSub":
                return False, binds
            ok, _ = _this_only_where_joined(inner, top=False)
            if not ok:
                return False, binds
        elif _mentions(part, "this"):
            return False, binds
    return True, binds


def joins_this_at_top(select: str, prefixes: dict[str, str]) -> bool:
    """True when the query's shape makes pre-binding ``$this`` the same as joining on it."""
    from rdflib.plugins.sparql.parser import parseQuery

    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    try:
        tree = parseQuery(header + select)
    except Exception:  # noqa: BLE001 - a query this check cannot read goes to the engine
        return False
    query = tree[1]
    if query.name != "SelectQuery" or any(k in query for k in ("groupby", "having", "limitoffset", "valuesClause")):
        return False
    if "projection" in query:
        names = set()
        for item in query["projection"]:
            name = str(item["var"] if "var" in item else item["evar"])
            if "expr" in item and name in ("this", "value"):
                return False  # AS $this / AS ?value: prohibited
            names.add(name)
        if "this" not in names:
            return False
    if _forbidden(query):
        return False
    ok, binds = _this_only_where_joined(query["where"], top=True)
    return ok and binds


def split_constraints(triples: list[ox.Triple]) -> tuple[list[WholeGraphConstraint], set[ox.Triple]]:
    """The constraints that run here, and the triples of the shapes graph the engine no longer needs."""
    referenced = {t.object for t in triples if t.predicate.value in _REFERENCES}
    classes = {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(RDFS + "Class")}
    found: list[WholeGraphConstraint] = []
    removed: set[ox.Triple] = set()
    true = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    for link in [t for t in triples if t.predicate.value == SH + "sparql"]:
        shape, constraint = link.subject, link.object
        if shape in referenced or _objects(triples, shape, SH + "path") or true in _objects(triples, shape, SH + "deactivated"):
            continue
        selects = _objects(triples, constraint, SH + "select")
        if len(selects) != 1 or true in _objects(triples, constraint, SH + "deactivated"):
            continue
        targets = {name: _objects(triples, shape, SH + name) for name in _TARGETS}
        if shape in classes:
            targets["targetClass"] = [*targets["targetClass"], shape]
        if not any(targets.values()):
            continue
        prefixes = _prefixes(triples, constraint)
        select = selects[0].value  # type: ignore[attr-defined]
        if prefixes is None or not joins_this_at_top(select, prefixes):
            continue
        messages = _objects(triples, constraint, SH + "message") or _objects(triples, shape, SH + "message")
        severities = _objects(triples, constraint, SH + "severity") or _objects(triples, shape, SH + "severity")
        found.append(WholeGraphConstraint(
            shape=shape,  # type: ignore[arg-type]
            constraint=constraint,  # type: ignore[arg-type]
            select=select,
            prefixes=prefixes,
            message=messages[0].value if messages else None,  # type: ignore[attr-defined]
            severity=severities[0].value if severities else SH + "Violation",  # type: ignore[attr-defined]
            targets=targets,
        ))
        removed.add(link)
    return found, removed


def _focus_nodes(store: ox.Store, targets: dict[str, list[object]], cache: dict[tuple[str, object], set[object]]) -> set[object]:
    """The focus nodes of a shape's targets (each target worked out once per run)."""
    found: set[object] = set()
    rdf_type = ox.NamedNode(RDF_TYPE)
    for name, values in targets.items():
        for value in values:
            key = (name, value)
            if key not in cache:
                if name == "targetNode":
                    cache[key] = {value}
                elif name == "targetClass":
                    classes = {row["class"] for row in store.query(internal_query("shacl/targetClass"),
                                                                   substitutions={ox.Variable("_value"): value})}
                    classes.add(value)
                    cache[key] = {q.subject for c in classes for q in store.quads_for_pattern(None, rdf_type, c)}
                else:
                    query = internal_query(f"shacl/{name}")
                    cache[key] = {row["this"] for row in store.query(query, substitutions={ox.Variable("_value"): value})}
            found |= cache[key]
    return found


def _fill(template: str, row: ox.QuerySolution, variables: list[str]) -> str:
    text = template
    for name in variables:
        term = row[name]
        shown = compact(term.value) if isinstance(term, ox.NamedNode) else (term.value if term is not None else "")
        text = text.replace("{?%s}" % name, shown).replace("{$%s}" % name, shown)
    return " ".join(text.split())


@dataclass
class WholeGraphRun:
    """Results of the constraints that ran here: problems, and the same as W3C report triples."""

    problems: list[Problem] = field(default_factory=list)
    report: list[ox.Triple] = field(default_factory=list)


def evaluate(
    constraints: Iterable[WholeGraphConstraint],
    store: ox.Store,
    rule_of: Callable[[WholeGraphConstraint], str],
    locate: Callable[[str, str | None], Location | None],
    focus: set[str] | None = None,
) -> WholeGraphRun:
    """Run each constraint once over ``store`` and keep the rows whose ``?this`` is a target."""
    run = WholeGraphRun()
    component = ox.NamedNode(SH + "SPARQLConstraintComponent")
    cache: dict[tuple[str, object], set[object]] = {}
    for constraint in constraints:
        targets = _focus_nodes(store, constraint.targets, cache)
        answer = store.query(constraint.select, prefixes=constraint.prefixes)
        variables = [v.value for v in answer.variables]  # type: ignore[union-attr]
        seen: set[tuple] = set()
        for row in answer:  # type: ignore[union-attr]
            this = row["this"]
            if this not in targets or (focus is not None and (not isinstance(this, ox.NamedNode) or this.value not in focus)):
                continue
            value = row["value"] if "value" in variables and row["value"] is not None else this
            path = row["path"] if "path" in variables else None
            key = (this, path, value)
            if key in seen:
                continue
            seen.add(key)
            message = row["message"].value if "message" in variables and row["message"] is not None else None
            text = message or _fill(constraint.message or "", row, variables) or rule_of(constraint)
            subject = this.value
            predicate = path.value if isinstance(path, ox.NamedNode) else None
            run.problems.append(Problem(
                severity=Severity.from_shacl(constraint.severity),
                rule=rule_of(constraint),
                subject=subject,
                message=text,
                predicate=predicate,
                value=value.value,
                location=locate(subject, predicate),
                shacl_severity=None if constraint.severity in (SH + "Violation", SH + "Warning", SH + "Info") else constraint.severity,
            ))
            node = ox.BlankNode()
            run.report += [
                ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationResult")),
                ox.Triple(node, ox.NamedNode(SH + "focusNode"), this),
                ox.Triple(node, ox.NamedNode(SH + "value"), value),
                ox.Triple(node, ox.NamedNode(SH + "resultSeverity"), ox.NamedNode(constraint.severity)),
                ox.Triple(node, ox.NamedNode(SH + "sourceConstraintComponent"), component),
                ox.Triple(node, ox.NamedNode(SH + "sourceShape"), constraint.shape),
                ox.Triple(node, ox.NamedNode(SH + "sourceConstraint"), constraint.constraint),
                ox.Triple(node, ox.NamedNode(SH + "resultMessage"), ox.Literal(text)),
            ]
            if path is not None:
                run.report.append(ox.Triple(node, ox.NamedNode(SH + "resultPath"), path))
    return run
