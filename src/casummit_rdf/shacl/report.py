"""Read a W3C SHACL validation report into located problems, and write one for other tools.

Only the report's own results count: results nested in ``sh:detail`` explain a parent result and
are not problems of their own. A custom severity (an IRI other than sh:Violation, sh:Warning,
sh:Info) is kept as written in the W3C report and shown by its name; for ``--fail-on`` it counts as
an error, as SHACL treats every result as a failure to conform.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from casummit_rdf.locations import Location
from casummit_rdf.namespaces import PREFIXES, RDF_TYPE, SH, XSD, compact
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.resources import internal_query
from casummit_rdf.shacl.shapes import Shapes, unskolem
from casummit_rdf.terms import node_id, to_rdflib

_STANDARD = {SH + "Violation", SH + "Warning", SH + "Info"}


def report_triples(report: bytes) -> list[ox.Triple]:
    """The report's triples, with the engine-facing shape names mapped back to blank nodes."""
    out = []
    for triple in ox.parse(report, format=ox.RdfFormat.N_TRIPLES):
        out.append(ox.Triple(unskolem(triple.subject), triple.predicate, unskolem(triple.object)))  # type: ignore[arg-type]
    return out


def read_problems(
    report: Iterable[ox.Triple],
    shapes: Shapes,
    locate: Callable[[str, str | None], Location | None],
    explain: Callable[[object, object, object, object], str] | None = None,
) -> list[Problem]:
    """One :class:`Problem` per top-level result of the report, named after the shape that made it."""
    from casummit_rdf.shacl.naming import clean_message, constraint_name, rule_name

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in report)
    shapes_graph = shapes.rdf
    problems: list[Problem] = []
    seen: set[str] = set()
    for row in store.query(internal_query("shacl/results")):
        result = row["result"].value
        if result in seen:  # a result with two messages (two languages) is one problem
            continue
        seen.add(result)
        shape = to_rdflib(row["shape"]) if row["shape"] is not None else None
        component = to_rdflib(row["component"]) if row["component"] is not None else None
        constraint = row["constraint"]
        if constraint is not None and (to_rdflib(constraint), to_rdflib(ox.NamedNode(SH + "select")), None) in shapes_graph:
            rule = constraint_name(shapes_graph, shape, to_rdflib(constraint))
        else:
            rule = rule_name(shapes_graph, shape, component)
        path = row["path"] if isinstance(row["path"], ox.NamedNode) else None
        value = row["value"]
        message = row["message"]
        text = clean_message(message.value if message is not None else rule)
        for term in (row["focus"], value):  # engines fill {?value} with full IRIs: shorten ours
            if isinstance(term, ox.NamedNode) and term.value in text:
                text = text.replace(f"<{term.value}>", compact(term.value)).replace(term.value, compact(term.value))
        if explain is not None and value is not None:
            explanation = explain(shapes_graph, shape, component, to_rdflib(value))
            if explanation:
                text = f"{text} — {explanation}"
        severity_iri = row["severity"].value
        subject = node_id(row["focus"])
        predicate = path.value if path is not None else None
        problems.append(Problem(
            severity=Severity.from_shacl(severity_iri),
            rule=rule,
            subject=subject,
            message=text,
            predicate=predicate,
            value=None if value is None else value.value,
            location=locate(subject, predicate),
            shacl_severity=None if severity_iri in _STANDARD else severity_iri,
        ))
    return problems


def report_turtle(triples: Iterable[ox.Triple]) -> bytes:
    """A report as Turtle with the SHACL prefixes (what other SHACL tools read)."""
    prefixes = {p: PREFIXES[p] for p in ("sh", "rdf", "rdfs", "xsd")}
    return ox.serialize(list(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def report_of(problems: Iterable[Problem], conforms: bool, base: Iterable[ox.Triple] = ()) -> list[ox.Triple]:
    """A W3C report: the engine's results (``base``) plus one result per other problem.

    Problems of the QC checks and the reasoner become results whose ``sh:sourceShape`` names the
    rule (``https://w3id.org/casummit/checks#<rule>``), so one report carries a whole validation.
    """
    base = list(base)
    reports = [t.subject for t in base if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(SH + "ValidationReport")]
    report = reports[0] if reports else ox.BlankNode("report")
    out = [t for t in base if not (t.subject == report and t.predicate.value == SH + "conforms")]
    if not reports:
        out.append(ox.Triple(report, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationReport")))
    boolean = ox.Literal("true" if conforms else "false", datatype=ox.NamedNode(XSD + "boolean"))
    out.append(ox.Triple(report, ox.NamedNode(SH + "conforms"), boolean))
    for number, problem in enumerate(problems):
        node = ox.BlankNode(f"check{number}")
        severity = {Severity.ERROR: "Violation", Severity.WARNING: "Warning", Severity.INFO: "Info"}[problem.severity]
        out += [
            ox.Triple(report, ox.NamedNode(SH + "result"), node),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationResult")),
            ox.Triple(node, ox.NamedNode(SH + "resultSeverity"), ox.NamedNode(SH + severity)),
            ox.Triple(node, ox.NamedNode(SH + "sourceShape"), ox.NamedNode("https://w3id.org/casummit/checks#" + problem.rule)),
            ox.Triple(node, ox.NamedNode(SH + "resultMessage"), ox.Literal(problem.message)),
        ]
        if problem.subject:
            focus = ox.NamedNode(problem.subject) if ":" in problem.subject else ox.BlankNode(problem.subject)
            out.append(ox.Triple(node, ox.NamedNode(SH + "focusNode"), focus))
        if problem.predicate:
            out.append(ox.Triple(node, ox.NamedNode(SH + "resultPath"), ox.NamedNode(problem.predicate)))
    return out
