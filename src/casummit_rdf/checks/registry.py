"""What a QC check is, what it looks at, and the registry the checks enter themselves in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.locations import Location
from casummit_rdf.namespaces import CAS, DCT, OWL, PREFIXES, PROV, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS
from casummit_rdf.problems import Problem, Severity

ORG = PREFIXES["org"]
_CLASS_TYPES = {OWL + "Class", RDFS + "Class", RDFS + "Datatype"}
_PROPERTY_TYPES = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
    OWL + "FunctionalProperty",
    OWL + "TransitiveProperty",
    OWL + "SymmetricProperty",
    OWL + "InverseFunctionalProperty",
}
#: Terms a data file may use without the ontology declaring them (CONTRIBUTING.md). The ontology
#: states nothing about other vocabularies' terms, so the reused properties are listed here; how
#: the data uses them is constrained in ontology/shapes.ttl.
KNOWN_TERMS = frozenset(
    {
        RDF_TYPE,
        RDFS + "label",
        RDFS + "comment",
        SKOS + "altLabel",
        PROV + "wasDerivedFrom",
        PROV + "qualifiedDerivation",
        PROV + "entity",
        SCHEMA + "url",
        SCHEMA + "startDate",
        SCHEMA + "endDate",
        SCHEMA + "eventStatus",
        SCHEMA + "superEvent",
        SCHEMA + "currency",
        ORG + "memberOf",
        DCT + "publisher",
        DCT + "title",
        DCT + "issued",
        DCT + "creator",
        CAS + "retrievedOn",
    }
)
#: Classes of other vocabularies a data file may use as types without the ontology declaring them.
KNOWN_CLASSES = frozenset({PROV + "Derivation"})


@dataclass
class CheckContext:
    """What the checks look at: the whole graph, the data triples per file, the declared terms."""

    graph: KnowledgeGraph
    data_files: dict[Path, list[ox.Triple]]
    declared: set[str]
    classes: set[str]
    properties: set[str]

    @classmethod
    def build(cls, graph: KnowledgeGraph) -> CheckContext:
        """The context of ``graph``: its data files, and the terms its ontology files declare."""
        declared: set[str] = set()
        classes: set[str] = set()
        properties: set[str] = set()
        data: dict[Path, list[ox.Triple]] = {}
        for path, triples in graph.by_file.items():
            if path.resolve() not in graph.ontology_files:
                data[path] = triples
                continue
            for t in triples:
                if isinstance(t.subject, ox.NamedNode):
                    declared.add(t.subject.value)
                    if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                        if t.object.value in _CLASS_TYPES:
                            classes.add(t.subject.value)
                        elif t.object.value in _PROPERTY_TYPES:
                            properties.add(t.subject.value)
        properties |= KNOWN_TERMS
        classes |= KNOWN_CLASSES
        return cls(graph, data, declared | KNOWN_TERMS | KNOWN_CLASSES, classes, properties)

    @property
    def data_triples(self) -> Iterator[ox.Triple]:
        for triples in self.data_files.values():
            yield from triples

    def problem(self, check: Check, subject: str, message: str, predicate: str | None = None,
                value: str | None = None, hint: str | None = None, location: Location | None = None) -> Problem:
        return Problem(
            severity=check.level,
            rule=check.name,
            subject=subject,
            message=message,
            predicate=predicate,
            value=value,
            location=location or self.graph.locate(subject, predicate),
            hint=hint or check.hint,
        )


@dataclass(frozen=True)
class Check:
    """A named check with its default level, a description and a generic fix hint."""

    name: str
    level: Severity
    description: str
    hint: str
    run: Callable[[Check, CheckContext], Iterable[Problem]]


REGISTRY: dict[str, Check] = {}


def check(name: str, level: Severity, description: str, hint: str) -> Callable[[Callable], Callable]:
    """Register a Python check under ``name``."""

    def register(function: Callable[[Check, CheckContext], Iterable[Problem]]) -> Callable:
        REGISTRY[name] = Check(name, level, description, hint, function)
        return function

    return register




def run_checks(context: CheckContext, checks: Iterable[Check]) -> list[Problem]:
    """Run ``checks`` and return their problems."""
    problems: list[Problem] = []
    for item in checks:
        problems.extend(item.run(item, context))
    return problems


def dedupe(found: Iterable[Problem], shacl: Iterable[Problem]) -> list[Problem]:
    """Drop check problems that a SHACL problem already reports (same subject, property, value).

    Some checks also cover nodes the shapes do not target (labels on any node, for instance); on
    nodes both cover, the contributor should see one message, not two — unless the check knows
    more: a "did you mean" suggestion for a typo is kept beside the shape's message.
    """
    seen = {(p.subject, p.predicate, p.value) for p in shacl}
    return [
        p for p in found
        if (p.subject, p.predicate, p.value) not in seen or (p.hint or "").startswith("did you mean")
    ]


