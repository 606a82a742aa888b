"""The export in the Wikibase RDF model, as the Wikidata Query Service has it.

For each statement: the truthy ``wdt:`` triple, and the full statement node (``p:`` → node,
``ps:`` value, ``pq:`` qualifiers, ``wikibase:rank``, ``prov:wasDerivedFrom`` → reference node
with ``pr:`` values). Time values also get their **value nodes** — ``psv:``, ``pqv:`` and
``prv:`` → a ``wikibase:TimeValue`` with ``wikibase:timeValue``, ``timePrecision``,
``timeTimezone`` and ``timeCalendarModel`` — so that a query on precision answers as on WDQS.
The properties used are declared (``wikibase:directClaim``, ``wikibase:claim`` …).

The statements are exactly those the two QuickStatements phases write together, except that an
item that does not exist yet is written as a stable placeholder
(``https://w3id.org/casummit/wikibase/entity/<kind>-<local name>``) instead of waiting for a
Q-id, and that reconciliation is not needed: every entity that may get an item is in it.
Statement, reference and value nodes are named by a hash of their content, so the same data
gives the same bytes.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from casummit_rdf.formats import Format
from casummit_rdf.namespaces import PREFIXES, RDF_TYPE, XSD
from casummit_rdf.wikidata.build import Export
from casummit_rdf.wikidata.mapping import WikibaseMap
from casummit_rdf.wikidata.model import (
    NEW_ENTITY, PQ, PQV, PR, PRV, PS, PSV, REFERENCE, STATEMENT, VALUE, WD, WDT, WIKIBASE, P, Entity, Reference,
    Value, ValueKind, WikidataError,
)
from casummit_rdf.wikidata.plan import Known, placeholder

SCHEMA_ORG = "http://schema.org/"  # Wikidata's schema.org namespace (http, as WDQS has it)

WIKIBASE_PREFIXES = {
    "wd": WD, "wdt": WDT, "p": P, "ps": PS, "psv": PSV, "pq": PQ, "pqv": PQV, "pr": PR, "prv": PRV,
    "wikibase": WIKIBASE, "prov": PREFIXES["prov"], "rdf": PREFIXES["rdf"], "rdfs": PREFIXES["rdfs"],
    "schema": SCHEMA_ORG, "skos": PREFIXES["skos"], "xsd": XSD,
    "casnew": NEW_ENTITY, "casstmt": STATEMENT, "casref": REFERENCE, "casval": VALUE,
}

#: The serializations ``casummit wikidata --rdf --format`` offers.
RDF_FORMATS = (Format.TURTLE, Format.N_TRIPLES)

_N = ox.NamedNode
_TYPE = _N(RDF_TYPE)
_LABEL = _N(PREFIXES["rdfs"] + "label")
_ALT = _N(PREFIXES["skos"] + "altLabel")
_DESCRIPTION = _N(SCHEMA_ORG + "description")
_DERIVED = _N(PREFIXES["prov"] + "wasDerivedFrom")
_INTEGER = _N(XSD + "integer")
_DATETIME = _N(XSD + "dateTime")


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def _datetime(value: Value) -> str:
    parts = value.value.split("-")
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else "01"), (parts[2] if len(parts) > 2 else "01")
    return f"{year}-{month}-{day}T00:00:00Z"


def _is_iri(text: str) -> bool:
    if any(c.isspace() for c in text) or any(c in text for c in '<>"{}|\\^`'):
        return False
    try:
        _N(text)
    except ValueError:
        return False
    return True


class _Writer:
    def __init__(self, wmap: WikibaseMap):
        self.wmap = wmap
        self.out: set[ox.Triple] = set()
        self.property_types: dict[str, str] = {}
        self.items_used: set[str] = set()

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.out.add(ox.Triple(s, _N(p), o))

    def time_node(self, value: Value) -> ox.NamedNode:
        calendar = WD + self.wmap["gregorianCalendar"]
        node = _N(VALUE + _hash("time", _datetime(value), str(value.precision), calendar))
        self.out.add(ox.Triple(node, _TYPE, _N(WIKIBASE + "TimeValue")))
        self.add(node, WIKIBASE + "timeValue", ox.Literal(_datetime(value), datatype=_DATETIME))
        self.add(node, WIKIBASE + "timePrecision", ox.Literal(str(value.precision), datatype=_INTEGER))
        self.add(node, WIKIBASE + "timeTimezone", ox.Literal("0", datatype=_INTEGER))
        self.add(node, WIKIBASE + "timeCalendarModel", _N(calendar))
        return node

    def term(self, pid: str, value: Value, item_iri: str) -> ox.NamedNode | ox.Literal:
        if value.kind is ValueKind.TIME:
            self.property_types.setdefault(pid, "Time")
            return ox.Literal(_datetime(value), datatype=_DATETIME)
        if value.kind is ValueKind.STRING:
            self.property_types.setdefault(pid, "String")
            return ox.Literal(value.value)
        self.property_types.setdefault(pid, "WikibaseItem")
        if item_iri.startswith(WD):
            self.items_used.add(item_iri[len(WD):])
        return _N(item_iri)

    def reference(self, ref: Reference) -> ox.NamedNode:
        node = _N(REFERENCE + _hash(ref.url or "", ref.retrieved or "", ref.stated_in or ""))
        self.out.add(ox.Triple(node, _TYPE, _N(WIKIBASE + "Reference")))
        if ref.url:
            url_pid = self.wmap["referenceUrl"]
            self.property_types.setdefault(url_pid, "Url")
            self.add(node, PR + url_pid, _N(ref.url) if _is_iri(ref.url) else ox.Literal(ref.url))
        if ref.stated_in:
            pid = self.wmap["statedIn"]
            self.property_types.setdefault(pid, "WikibaseItem")
            self.add(node, PR + pid, _N(WD + ref.stated_in))
        if ref.retrieved:
            pid = self.wmap["retrieved"]
            self.property_types.setdefault(pid, "Time")
            day = Value.time(ref.retrieved)
            self.add(node, PR + pid, ox.Literal(_datetime(day), datatype=_DATETIME))
            self.add(node, PRV + pid, self.time_node(day))
        return node

    def declare_properties(self) -> None:
        links = (("directClaim", WDT), ("claim", P), ("statementProperty", PS), ("statementValue", PSV),
                 ("qualifier", PQ), ("qualifierValue", PQV), ("reference", PR), ("referenceValue", PRV))
        for pid, kind in self.property_types.items():
            prop = _N(WD + pid)
            self.out.add(ox.Triple(prop, _TYPE, _N(WIKIBASE + "Property")))
            self.add(prop, WIKIBASE + "propertyType", _N(WIKIBASE + kind))
            for name, namespace in links:
                self.add(prop, WIKIBASE + name, _N(namespace + pid))


def rdf_subject(entity: Entity, known: Known, wmap: WikibaseMap) -> str | None:
    """The item IRI an entity's statements hang on: ``wd:Q…``, a placeholder, or ``None`` (no item)."""
    qid = known.qid(entity.iri)
    if qid:
        return WD + qid
    if entity.not_creatable or not entity.has_instance_of(wmap["instanceOf"]):
        return None
    return placeholder(entity)


def wikibase_triples(export: Export, known: Known, wmap: WikibaseMap,
                     labels: dict[str, dict[str, str]] | None = None) -> list[ox.Triple]:
    """The export in the Wikibase RDF model (see the module docstring), sorted.

    ``labels`` (project IRI → language → label) gives the existing items the statements point at
    their labels, as a query service would have them.
    """
    w = _Writer(wmap)
    subjects = {e.iri: rdf_subject(e, known, wmap) for e in export.entities}
    for entity in export.entities:
        subject_iri = subjects[entity.iri]
        if subject_iri is None:
            continue
        subject = _N(subject_iri)
        w.out.add(ox.Triple(subject, _TYPE, _N(WIKIBASE + "Item")))
        if not subject_iri.startswith(WD):  # terms of existing items are left alone, as in the batch
            for lang, label in entity.labels.items():
                w.out.add(ox.Triple(subject, _LABEL, ox.Literal(label, language=lang)))
            for lang, description in entity.descriptions.items():
                w.out.add(ox.Triple(subject, _DESCRIPTION, ox.Literal(description, language=lang)))
            for lang, aliases in entity.aliases.items():
                for alias in aliases:
                    w.out.add(ox.Triple(subject, _ALT, ox.Literal(alias, language=lang)))
        for st in entity.statements:
            values = [st.value] + [v for _, v in st.qualifiers]
            iris = []
            for value in values:
                if value.kind is ValueKind.ITEM:
                    iris.append(WD + value.value)
                elif value.kind is ValueKind.ENTITY:
                    qid = known.qid(value.value)
                    iris.append(WD + qid if qid else subjects.get(value.value) or "")
                else:
                    iris.append("")
            if any(v.kind is ValueKind.ENTITY and not iri for v, iri in zip(values, iris)):
                continue  # points at something with no item: not exported (the batch header says why)
            main = w.term(st.property, st.value, iris[0])
            key = _hash(subject_iri, st.property, str(main),
                        *(f"{pid}={v.kind.value}:{v.value}" for pid, v in st.qualifiers))
            node = _N(STATEMENT + key)
            w.add(subject, WDT + st.property, main)
            w.add(subject, P + st.property, node)
            w.out.add(ox.Triple(node, _TYPE, _N(WIKIBASE + "Statement")))
            w.out.add(ox.Triple(node, _TYPE, _N(WIKIBASE + "BestRank")))
            w.add(node, WIKIBASE + "rank", _N(WIKIBASE + "NormalRank"))
            w.add(node, PS + st.property, main)
            if st.value.kind is ValueKind.TIME:
                w.add(node, PSV + st.property, w.time_node(st.value))
            for (pid, qualifier), iri in zip(st.qualifiers, iris[1:]):
                w.add(node, PQ + pid, w.term(pid, qualifier, iri))
                if qualifier.kind is ValueKind.TIME:
                    w.add(node, PQV + pid, w.time_node(qualifier))
            for ref in st.references:
                w.out.add(ox.Triple(node, _DERIVED, w.reference(ref)))
    w.declare_properties()
    if labels:
        by_qid = {qid: iri for iri, qid in known.all_qids().items()}
        for qid in sorted(w.items_used):
            for lang, label in sorted(labels.get(by_qid.get(qid, ""), {}).items()):
                if lang in ("en", "ru"):
                    w.out.add(ox.Triple(_N(WD + qid), _LABEL, ox.Literal(label, language=lang)))
    return sorted(w.out, key=str)


def serialize(triples: list[ox.Triple], fmt: Format) -> str:
    """Turtle or N-Triples, byte-stable."""
    from casummit_rdf.release.serialize import to_ntriples, to_turtle

    if fmt is Format.N_TRIPLES:
        return to_ntriples(triples).decode("utf-8")
    if fmt is Format.TURTLE:
        return to_turtle(triples, WIKIBASE_PREFIXES).decode("utf-8")
    raise WikidataError(
        f"the Wikibase RDF export is written as {' or '.join(f.value for f in RDF_FORMATS)}, not {fmt.value}"
    )
