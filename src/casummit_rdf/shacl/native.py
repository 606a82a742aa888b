"""SHACL core constraints evaluated directly over the pyoxigraph store, one pass per property shape.

pySHACL walks the rdflib graph focus node by focus node and spends most of its time in rdflib's
triple lookups; this module reads each property shape's values for *all* focus nodes in one scan
of the store and applies the constraint components in plain Python. It implements the
components the project's shapes use — ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
``sh:datatype``, ``sh:in``, ``sh:pattern`` (with ``sh:flags``), ``sh:nodeKind``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:or``, ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount`` — with pySHACL's exact semantics (datatype
well-formedness is decided by rdflib's own literal parsing, as pySHACL does). Shapes using
anything else make :func:`supports` return False, and the caller falls back to pySHACL.

The test suite checks that this gives the same (rule, focus node, path, value) set as pySHACL
on every fixture and on the bundled data; the benchmark checks it on synthetic graphs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.shacl.explain import explain_logical
from casummit_rdf.shacl.naming import clean_message, rule_name
from casummit_rdf.terms import to_ox, to_rdflib

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

    from casummit_rdf.graph import KnowledgeGraph

SH = PREFIXES["sh"]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
XSD = PREFIXES["xsd"]

_ANNOTATIONS = {SH + p for p in ("name", "description", "message", "severity", "order", "group", "deactivated")} | {
    RDF + "type", RDFS + "label", RDFS + "comment",
}
_VALUE_PARAMS = {SH + p for p in ("class", "datatype", "in", "pattern", "flags", "nodeKind", "languageIn", "minInclusive")}
_PROPERTY_PARAMS = _ANNOTATIONS | _VALUE_PARAMS | {
    SH + p for p in ("path", "minCount", "maxCount", "uniqueLang", "or", "qualifiedValueShape",
                     "qualifiedMinCount", "qualifiedMaxCount")
}
_MEMBER_PARAMS = _ANNOTATIONS | _VALUE_PARAMS
_NODE_PARAMS = _ANNOTATIONS | {SH + p for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "property")}
_TARGETS = {SH + p for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")}


def supports(shapes: rdflib.Graph) -> bool:
    """True when every shape uses only the components this module implements."""
    from rdflib import URIRef
    from rdflib.namespace import SH as S

    for node in _node_shapes(shapes):
        if any(str(p) not in _NODE_PARAMS for p in shapes.predicates(node, None)):
            return False
        if (node, S.deactivated, None) in shapes:
            return False
        for prop in shapes.objects(node, S.property):
            if any(str(p) not in _PROPERTY_PARAMS for p in shapes.predicates(prop, None)):
                return False
            if (prop, S.deactivated, None) in shapes:
                return False
            path = shapes.value(prop, S.path)
            if not isinstance(path, URIRef) and _inverse(shapes, path) is None:
                return False
            members = list(_list(shapes, shapes.value(prop, S["or"]))) + list(shapes.objects(prop, S.qualifiedValueShape))
            for member in members:
                if any(str(p) not in _MEMBER_PARAMS for p in shapes.predicates(member, None)):
                    return False
            if (prop, S.qualifiedValueShapesDisjoint, None) in shapes:
                return False
    return True


def _node_shapes(shapes: rdflib.Graph) -> list[Any]:
    from rdflib import RDF as R
    from rdflib.namespace import SH as S

    found = set(shapes.subjects(R.type, S.NodeShape))
    for target in _TARGETS:
        found |= set(shapes.subjects(_uri(target), None))
    return sorted(found, key=str)


def _uri(iri: str) -> Any:
    from rdflib import URIRef

    return URIRef(iri)


def _list(shapes: rdflib.Graph, head: Any) -> Iterable[Any]:
    from rdflib.collection import Collection

    return Collection(shapes, head) if head is not None else []


def _inverse(shapes: rdflib.Graph, path: Any) -> Any:
    from rdflib import URIRef
    from rdflib.namespace import SH as S

    if path is None:
        return None
    inverse = shapes.value(path, S.inversePath)
    preds = set(shapes.predicates(path, None))
    return inverse if isinstance(inverse, URIRef) and preds == {S.inversePath} else None


class _Evaluator:
    """Evaluates shapes over one graph, caching class extents and rdflib literal conversions."""

    def __init__(self, graph: KnowledgeGraph, shapes: rdflib.Graph):
        self.graph = graph
        self.store = graph.store
        self.shapes = shapes
        self._instances: dict[str, set[Any]] = {}
        self._rdflib: dict[Any, Any] = {}
        self._specs: dict[Any, tuple] = {}
        # Values come from the parsed triples, not the store: Oxigraph canonicalises typed
        # literals ("1"^^xsd:positiveInteger is stored as "1"^^xsd:integer), pySHACL does not.
        self.by_predicate: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
        for triple in graph.triples:
            self.by_predicate[triple.predicate.value].append((triple.subject, triple.object))

    # Data access -----------------------------------------------------------------------------

    def instances(self, cls: str) -> set[Any]:
        if cls not in self._instances:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF}type>/<{RDFS}subClassOf>* <{cls}> }}"
            self._instances[cls] = {s["x"] for s in self.store.query(query)}
        return self._instances[cls]

    def targets(self, node: Any) -> set[Any]:
        from rdflib.namespace import SH as S

        found: set[Any] = set()
        for cls in self.shapes.objects(node, S.targetClass):
            found |= self.instances(str(cls))
        for target in self.shapes.objects(node, S.targetNode):
            found.add(_to_ox(target))
        for predicate in self.shapes.objects(node, S.targetSubjectsOf):
            found |= {s for s, _o in self.by_predicate.get(str(predicate), [])}
        for predicate in self.shapes.objects(node, S.targetObjectsOf):
            found |= {o for _s, o in self.by_predicate.get(str(predicate), [])}
        return found

    def values(self, predicate: str, focus: set[Any], inverse: bool) -> dict[Any, list[Any]]:
        """Value nodes per focus node for a predicate path (or its inverse), in one store scan."""
        out: dict[Any, list[Any]] = defaultdict(list)
        seen = set()
        for subject, obj in self.by_predicate.get(predicate, []):
            owner, value = (obj, subject) if inverse else (subject, obj)
            if owner in focus and (owner, value) not in seen:
                seen.add((owner, value))
                out[owner].append(value)
        return out

    def rdflib_term(self, term: Any) -> Any:
        """The rdflib term pySHACL would see (rdflib normalises some literals)."""
        found = self._rdflib.get(term)
        if found is None:
            found = self._rdflib[term] = to_rdflib(term)
        return found

    # Node-level tests (shared by property shapes, sh:or members and qualified shapes) ---------

    def value_failures(self, shape: Any, value: Any) -> list[str]:
        """The components of ``shape`` that ``value`` fails (node-level parameters only)."""
        spec = self._specs.get(shape)
        if spec is None:
            spec = self._specs[shape] = self._spec(shape)
        classes, datatypes, kinds, allowed, patterns, languages, minima = spec
        failed = []
        for cls in classes:
            if value not in self.instances(cls):
                failed.append("ClassConstraintComponent")
        if datatypes or patterns:
            term = self.rdflib_term(value)
            for datatype in datatypes:
                if not _datatype_ok(term, datatype):
                    failed.append("DatatypeConstraintComponent")
            for compiled in patterns:
                if not _pattern_ok(term, compiled):
                    failed.append("PatternConstraintComponent")
        for kind in kinds:
            if not _node_kind_ok(value, kind):
                failed.append("NodeKindConstraintComponent")
        for members in allowed:
            if value not in members:
                failed.append("InConstraintComponent")
        for needed in languages:
            if not _language_ok(value, needed):
                failed.append("LanguageInConstraintComponent")
        for minimum in minima:
            if not _at_least(self.rdflib_term(value), minimum):
                failed.append("MinInclusiveConstraintComponent")
        return failed

    def _spec(self, shape: Any) -> tuple[list[str], list[str], list[str], list[set[Any]], list[re.Pattern[str]], list[set[str]], list[Any]]:
        """Read a shape's node-level parameters once (rdflib lookups per value are the slow part)."""
        from rdflib.namespace import SH as S

        shapes = self.shapes
        flags = shapes.value(shape, S.flags)
        return (
            [str(c) for c in shapes.objects(shape, S["class"])],
            [str(d) for d in shapes.objects(shape, S.datatype)],
            [str(k) for k in shapes.objects(shape, S.nodeKind)],
            [{_to_ox(item) for item in _list(shapes, head)} for head in shapes.objects(shape, S["in"])],
            [_compile(str(p), str(flags) if flags else "") for p in shapes.objects(shape, S.pattern)],
            [{str(item).lower() for item in _list(shapes, head)} for head in shapes.objects(shape, S.languageIn)],
            list(shapes.objects(shape, S.minInclusive)),
        )

    # Property shapes -------------------------------------------------------------------------

    def evaluate(self, focus_filter: set[str] | None) -> list[Problem]:
        from rdflib.namespace import SH as S

        problems: list[Problem] = []
        for node in _node_shapes(self.shapes):
            focus = self.targets(node)
            if focus_filter is not None:
                focus = {f for f in focus if isinstance(f, ox.NamedNode) and f.value in focus_filter}
            if not focus:
                continue
            for prop in self.shapes.objects(node, S.property):
                problems.extend(self._property(prop, focus))
        return problems

    def _property(self, prop: Any, focus: set[Any]) -> list[Problem]:
        from rdflib import URIRef
        from rdflib.namespace import SH as S

        shapes = self.shapes
        path = shapes.value(prop, S.path)
        inverse = _inverse(shapes, path)
        predicate = str(inverse if inverse is not None else path)
        values = self.values(predicate, focus, inverse is not None)
        result_path = str(path) if isinstance(path, URIRef) else None
        results: list[tuple[Any, str, Any]] = []  # (focus, component, value or None)
        min_count = shapes.value(prop, S.minCount)
        max_count = shapes.value(prop, S.maxCount)
        unique_lang = shapes.value(prop, S.uniqueLang)
        or_members = [list(_list(shapes, head)) for head in shapes.objects(prop, S["or"])]
        qualified = list(shapes.objects(prop, S.qualifiedValueShape))
        q_min = shapes.value(prop, S.qualifiedMinCount)
        q_max = shapes.value(prop, S.qualifiedMaxCount)
        for node in focus:
            found = values.get(node, [])
            if min_count is not None and len(found) < int(min_count.toPython()):
                results.append((node, "MinCountConstraintComponent", None))
            if max_count is not None and len(found) > int(max_count.toPython()):
                results.append((node, "MaxCountConstraintComponent", None))
            for value in found:
                for component in self.value_failures(prop, value):
                    results.append((node, component, value))
                for members in or_members:
                    if not any(not self.value_failures(m, value) for m in members):
                        results.append((node, "OrConstraintComponent", value))
            if unique_lang is not None and unique_lang.toPython() is True:
                langs = [v.language.lower() for v in found if isinstance(v, ox.Literal) and v.language]
                for _lang in {l for l in langs if langs.count(l) > 1}:
                    results.append((node, "UniqueLangConstraintComponent", None))
            for shape in qualified:
                count = sum(1 for v in found if not self.value_failures(shape, v))
                if q_min is not None and count < int(q_min.toPython()):
                    results.append((node, "QualifiedMinCountConstraintComponent", None))
                if q_max is not None and count > int(q_max.toPython()):
                    results.append((node, "QualifiedMaxCountConstraintComponent", None))
        return [self._problem(prop, focus_node, component, value, result_path) for focus_node, component, value in results]

    def _problem(self, prop: Any, focus: Any, component: str, value: Any, path: str | None) -> Problem:
        from rdflib.namespace import SH as S

        shapes = self.shapes
        component_iri = _uri(SH + component)
        rule = rule_name(shapes, prop, component_iri)
        message = shapes.value(prop, S.message)
        text = clean_message(str(message)) if message else f"{component.removesuffix('ConstraintComponent')} constraint not met"
        rdflib_value = self.rdflib_term(value) if value is not None else None
        explanation = explain_logical(shapes, prop, component_iri, rdflib_value, self.graph)
        if explanation:
            text = f"{text} — {explanation}"
        subject = focus.value if isinstance(focus, (ox.NamedNode, ox.BlankNode)) else str(focus)
        severity = shapes.value(prop, S.severity)
        return Problem(
            severity=Severity.from_shacl(str(severity) if severity is not None else None),
            rule=rule,
            subject=subject,
            message=text,
            predicate=path,
            value=None if rdflib_value is None else str(rdflib_value),
            location=self.graph.locate(subject, path),
        )


def native_problems(graph: KnowledgeGraph, shapes: rdflib.Graph, focus: set[str] | None = None) -> list[Problem]:
    """Evaluate the (SPARQL-free) shapes natively; check :func:`supports` first."""
    return _Evaluator(graph, shapes).evaluate(focus)


# ---------------------------------------------------------------------------------------------
# Node-level semantics, as pySHACL implements them


def _to_ox(term: Any) -> Any:
    return to_ox(term)


def _datatype_ok(value: Any, datatype: Any) -> bool:
    """pySHACL's DatatypeConstraintComponent test on an rdflib term."""
    from rdflib import Literal

    rule = str(datatype)
    if not isinstance(value, Literal):
        return False
    if value.datatype is not None and str(value.datatype) == rule:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value.value, rule)
    if rule == RDFS + "Literal":
        return True
    if rule == RDFS + "Datatype" and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD + "string":
        return _actual_datatype(value.value, rule)
    if rule == RDF + "langString" and value.language:
        return _actual_datatype(value.value, rule)
    return False


def _actual_datatype(python_value: Any, rule: str) -> bool:
    checks = {
        XSD + "string": (str, bytes),
        RDF + "langString": (str, bytes),
        XSD + "integer": int,
        XSD + "float": float,
        XSD + "decimal": Decimal,
        XSD + "boolean": bool,
        XSD + "date": date,
        XSD + "time": time,
        XSD + "dateTime": datetime,
    }
    expected = checks.get(rule)
    return True if expected is None else isinstance(python_value, expected)


def _node_kind_ok(value: Any, kind: str) -> bool:
    iri, blank, literal = isinstance(value, ox.NamedNode), isinstance(value, ox.BlankNode), isinstance(value, ox.Literal)
    return {
        SH + "IRI": iri,
        SH + "BlankNode": blank,
        SH + "Literal": literal,
        SH + "BlankNodeOrIRI": blank or iri,
        SH + "BlankNodeOrLiteral": blank or literal,
        SH + "IRIOrLiteral": iri or literal,
    }.get(kind, False)


def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    bits = 0
    for flag, bit in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE)):
        if flag in flags:
            bits |= bit
    return re.compile(pattern, bits)


def _pattern_ok(value: Any, compiled: re.Pattern[str]) -> bool:
    from rdflib import BNode, Literal

    if isinstance(value, BNode):
        return False
    if isinstance(value, Literal) and value.value is not None and str(value.datatype or "") in ("", RDF + "langString", XSD + "string"):
        text = str(value.value)
    else:
        text = str(value)
    return bool(compiled.match(text) or compiled.search(text))


def _language_ok(value: Any, needed: set[str]) -> bool:
    if not isinstance(value, ox.Literal) or not value.language:
        return False
    lang = value.language.lower()
    return "*" in needed or lang in needed or lang.split("-")[0] in needed


def _at_least(value: Any, minimum: Any) -> bool:
    """pySHACL's MinInclusiveConstraintComponent: the value compares >= the bound; else it fails."""
    from rdflib import Literal

    if not isinstance(value, Literal) or getattr(value, "ill_typed", None) is True:
        return False
    try:
        return bool(value.value >= minimum.value) if value.value is not None else False
    except TypeError:
        return False
