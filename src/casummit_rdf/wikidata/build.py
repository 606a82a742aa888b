"""From the data to the export's items: formats, summits and documents with referenced statements.

Every statement carries the references that support that very fact (:mod:`.provenance`); a fact
without one is not exported and is listed instead. What each statement rests on:

============================  =======================================================
statement                     the properties whose sources are its references
============================  =======================================================
summit P31 summit             ``rdf:type``, ``cas:meetingLevel`` of the summit
P585 (one-day) / P580, P582   ``schema:startDate`` (and ``endDate``) / each date alone
P276 location                 ``cas:venue`` when the venue has an item, else ``cas:city``
P17 country                   ``cas:city`` (the country is the city's)
P179 series (+ P1545)         ``schema:superEvent`` (+ ``cas:editionNumber``)
P155 / P156                   ``cas:follows`` / ``cas:followedBy``
P710 participant              the participation: ``cas:represents``, ``cas:attendanceMode``
P3831 role, P664 organizer    the participation's ``cas:role``
P488 chairperson              the participation's ``cas:role`` and ``cas:participant``
document P31 / P585 / P1891   ``rdf:type`` / ``cas:adoptedOn`` / ``cas:signatory``
format P31 recurring event    ``rdf:type``
============================  =======================================================

Summits that did not take place are never given a point in time or a start and end (see
:func:`summit_policy`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from casummit_rdf.namespaces import CAS, RDF_TYPE, SCHEMA, XSD, compact
from casummit_rdf.resources import internal_query
from casummit_rdf.sparql import run_sparql
from casummit_rdf.wikidata import text
from casummit_rdf.wikidata.mapping import WikibaseMap
from casummit_rdf.wikidata.model import Entity, EntityKind, Reference, Statement, Value
from casummit_rdf.wikidata.provenance import Provenance

_PRECISION = {XSD + "date": 11, XSD + "dateTime": 11, XSD + "gYearMonth": 10, XSD + "gYear": 9}
_GUEST_LIKE = {CAS + "Guest", CAS + "Observer"}
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

#: The statuses of a summit that took place; every other status (planned, postponed, cancelled,
#: a past date without a sourced outcome) is a summit that has not (or not yet) taken place.
HELD = CAS + "Held"
#: Statuses of summits that may get a new item: a planned summit is an event in preparation
#: that sources name; a cancelled or postponed one gets no item (see summit_policy).
CREATABLE_NOT_HELD = {CAS + "Planned"}


@dataclass
class Export:
    """The items of an export, and notes on what the data holds but the export leaves out."""

    entities: list[Entity]
    notes: list[str] = field(default_factory=list)


class _Data:
    """Look-ups over the loaded store, each query run once."""

    def __init__(self, store: ox.Store, qids: Mapping[str, str]):
        self.store = store
        self.qids = qids
        self.provenance = Provenance(store)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.aliases: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in run_sparql(internal_query("wikidata/terms"), graph=store).rows:
            node, term = row["node"]["value"], row["text"]
            lang = term.get("xml:lang", "")
            if row["kind"]["value"] == "label":
                self.labels[node].setdefault(lang, term["value"])
            else:
                self.aliases[node][lang].append(term["value"])
        self._values: dict[str, dict[str, list[dict[str, str]]]] = {}
        self.data_qids = {
            row["node"]["value"]: row["qid"]["value"]
            for row in run_sparql(internal_query("wikidata/wikidata-ids"), graph=store).rows
        }

    def instances(self, cls: str) -> list[str]:
        rows = run_sparql(internal_query("wikidata/instances"), graph=self.store, bindings={"_class": ox.NamedNode(cls)}).rows
        return [r["node"]["value"] for r in rows]

    def values(self, node: str) -> dict[str, list[dict[str, str]]]:
        """Every property value of ``node`` as SPARQL-JSON terms, by property IRI."""
        if node not in self._values:
            found: dict[str, list[dict[str, str]]] = defaultdict(list)
            rows = run_sparql(internal_query("wikidata/node-values"), graph=self.store, bindings={"_node": ox.NamedNode(node)}).rows
            for row in rows:
                found[row["property"]["value"]].append(row["value"])
            self._values[node] = found
        return self._values[node]

    def first(self, node: str, prop: str) -> dict[str, str] | None:
        values = self.values(node).get(prop, [])
        return values[0] if values else None

    def first_value(self, node: str, prop: str) -> str | None:
        term = self.first(node, prop)
        return term["value"] if term else None

    def all_values(self, node: str, prop: str) -> list[str]:
        return sorted({t["value"] for t in self.values(node).get(prop, [])})

    def is_document_class(self, cls: str) -> bool:
        """Whether ``cls`` is ``cas:Document`` or one of its subclasses (stated in the ontology)."""
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current == CAS + "Document":
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(self.all_values(current, RDFS_SUBCLASS))
        return False

    def label(self, node: str | None, lang: str) -> str | None:
        return self.labels.get(node, {}).get(lang) if node else None

    def participations(self, meeting: str) -> list[str]:
        rows = run_sparql(internal_query("wikidata/participations"), graph=self.store,
                          bindings={"_meeting": ox.NamedNode(meeting)}).rows
        return [r["participation"]["value"] for r in rows]


def _time(term: dict[str, str] | None) -> Value | None:
    if term is None:
        return None
    precision = _PRECISION.get(term.get("datatype", ""))
    if precision is None:
        return None
    return Value.time(term["value"][:10], precision)


class _Builder:
    """Adds statements to one entity, or notes why a fact is left out."""

    def __init__(self, entity: Entity, d: _Data):
        self.entity = entity
        self.d = d

    def refs(self, node: str, properties: list[str]) -> tuple[Reference, ...]:
        return self.d.provenance.references(node, properties)

    def why_unsourced(self, node: str, properties: list[str]) -> str:
        prov = self.d.provenance
        if node in prov.meetings:
            if not prov.has_qualified_derivations(node):
                return "the summit cites no source per fact (no qualified derivation), so no source can be shown to support it"
            return f"no qualified derivation of {compact(node)} names {' or '.join(compact(p) for p in properties)}"
        return f"{compact(node)} has no source with a URL that supports it (code lists are never references)"

    def add(self, pid: str, value: Value, fact: str, node: str, properties: list[str],
            qualifiers: tuple[tuple[str, Value], ...] = (), refs: tuple[Reference, ...] | None = None) -> bool:
        refs = self.refs(node, properties) if refs is None else refs
        if not refs:
            self.entity.unexported.append(f"{pid} {fact}: {self.why_unsourced(node, properties)}")
            return False
        self.entity.statements.append(Statement(pid, value, qualifiers, refs, fact))
        return True

    def terms(self) -> None:
        iri = self.entity.iri
        for lang in ("en", "ru"):
            label = self.d.label(iri, lang)
            if label:
                self.entity.labels[lang] = text.bare_label(label)
            aliases = sorted({text.bare_label(a) for a in self.d.aliases.get(iri, {}).get(lang, [])})
            aliases = [a for a in aliases if a != self.entity.labels.get(lang)]
            if aliases:
                self.entity.aliases[lang] = aliases


def summit_policy(status: str | None) -> str | None:
    """Why a summit with ``status`` gets no new item (``None``: it may get one).

    Wikidata has no convention the project could verify for events that did not take place (no
    item for "cancelled event" or "postponed event", no status qualifier), so a cancelled or
    postponed summit, or one whose outcome no source reports, is exported only as edits to an item
    that already exists — and even then without a date. A planned summit may be created, without
    a date too.
    """
    if status == HELD or status in CREATABLE_NOT_HELD:
        return None
    word = compact(status) if status else "no status"
    return (f"{word}: no item is created for a summit that has not taken place "
            "(Wikidata practice for such events is unverified; see ontology/wikidata-map.ttl)")


def _summit_texts(d: _Data, summit: str) -> tuple[str | None, str | None]:
    """The English and Russian descriptions of a summit (also used in its documents' descriptions)."""
    fmt = d.first_value(summit, SCHEMA + "superEvent")
    city = d.first_value(summit, CAS + "city")
    start = d.first_value(summit, SCHEMA + "startDate")
    end = d.first_value(summit, SCHEMA + "endDate")
    status = d.first_value(summit, SCHEMA + "eventStatus")
    status_word = status[len(CAS):] if status and status != HELD and status.startswith(CAS) else None
    en = text.summit_description_en(d.label(fmt, "en"), d.label(city, "en"), start, end, status_word)
    ru = text.summit_description_ru(d.label(fmt, "ru"), d.label(city, "ru"), start, end, status_word)
    return en, ru


def _format(b: _Builder, wmap: WikibaseMap) -> None:
    iri = b.entity.iri
    b.terms()
    partner = b.d.first_value(iri, CAS + "partner")
    b.entity.descriptions["en"] = text.format_description_en(b.d.label(partner, "en"))
    b.entity.descriptions["ru"] = text.format_description_ru(b.d.label(partner, "ru"))
    item = wmap.classes.get(CAS + "Format", wmap["recurringEventItem"])
    b.add(wmap["instanceOf"], Value.item(item), f"instance of {item} (a format)", iri, [RDF_TYPE])


def _summit(b: _Builder, wmap: WikibaseMap) -> None:
    d, iri, entity = b.d, b.entity.iri, b.entity
    b.terms()
    entity.descriptions = {k: v for k, v in zip(("en", "ru"), _summit_texts(d, iri)) if v}
    status = d.first_value(iri, SCHEMA + "eventStatus")
    entity.not_creatable = summit_policy(status)
    if status != HELD and status not in CREATABLE_NOT_HELD:
        entity.unexported.append(
            f"every statement: {compact(status) if status else 'no status'} (nothing is written about a summit "
            "that has not taken place; an existing item is left as it is)"
        )
        return
    item = wmap.classes.get(CAS + "Summit", wmap["summitItem"])
    b.add(wmap["instanceOf"], Value.item(item), f"instance of {item} (a summit)", iri, [RDF_TYPE, CAS + "meetingLevel"])
    start, end = _time(d.first(iri, SCHEMA + "startDate")), _time(d.first(iri, SCHEMA + "endDate"))
    if status != HELD:
        if start:
            entity.unexported.append(
                f"date {start.value}: {compact(status)} — no point in time or start/end is stated for a summit "
                "that has not taken place (no verified Wikidata qualifier for a planned date)"
            )
    elif start and (end is None or end.value == start.value):
        b.add(wmap["pointInTime"], start, f"point in time {start.value}", iri, [SCHEMA + "startDate", SCHEMA + "endDate"])
    elif start and end:
        b.add(wmap["startTime"], start, f"start time {start.value}", iri, [SCHEMA + "startDate"])
        b.add(wmap["endTime"], end, f"end time {end.value}", iri, [SCHEMA + "endDate"])
    venue, city = d.first_value(iri, CAS + "venue"), d.first_value(iri, CAS + "city")
    if venue and (venue in d.qids or venue in d.data_qids):
        b.add(wmap["location"], Value.entity(venue), f"location {compact(venue)}", iri, [CAS + "venue"])
    elif city:
        b.add(wmap["location"], Value.entity(city), f"location {compact(city)}", iri, [CAS + "city"])
    country = d.first_value(city, CAS + "inCountry") if city else None
    if country:
        b.add(wmap["country"], Value.entity(country), f"country {compact(country)} (of {compact(city)})", iri, [CAS + "city"])
    _series(b, wmap)
    for prop, slot in ((CAS + "follows", "follows"), (CAS + "followedBy", "followedBy")):
        for other in d.all_values(iri, prop):
            b.add(wmap[slot], Value.entity(other), f"{slot} {compact(other)}", iri, [prop])
    if status == HELD:
        _participants(b, wmap)


def _series(b: _Builder, wmap: WikibaseMap) -> None:
    d, iri = b.d, b.entity.iri
    fmt = d.first_value(iri, SCHEMA + "superEvent")
    if not fmt:
        return
    series_refs = b.refs(iri, [SCHEMA + "superEvent"])
    edition = d.first_value(iri, CAS + "editionNumber")
    qualifiers: tuple[tuple[str, Value], ...] = ()
    refs = series_refs
    fact = f"part of the series {compact(fmt)}"
    if edition and series_refs:
        edition_refs = b.refs(iri, [CAS + "editionNumber"])
        if edition_refs:
            qualifiers = ((wmap["seriesOrdinal"], Value.string(edition)),)
            refs = tuple(sorted(set(series_refs) | set(edition_refs), key=lambda r: (r.url or "", r.source)))
            fact += f", ordinal {edition}"
        else:
            b.entity.unexported.append(f"{wmap['seriesOrdinal']} series ordinal {edition}: "
                                       f"{b.why_unsourced(iri, [CAS + 'editionNumber'])}")
    b.add(wmap["partOfTheSeries"], Value.entity(fmt), fact, iri, [SCHEMA + "superEvent"], qualifiers, refs)


def _participants(b: _Builder, wmap: WikibaseMap) -> None:
    d, entity = b.d, b.entity
    by_actor: dict[str, list[str]] = defaultdict(list)
    for part in d.participations(entity.iri):
        actor = d.first_value(part, CAS + "represents")
        if actor:
            by_actor[actor].append(part)
    role_props = [CAS + "role"]
    for actor, parts in sorted(by_actor.items()):
        counted = []
        for part in parts:
            roles = set(d.all_values(part, CAS + "role"))
            in_person = d.first_value(part, CAS + "attendanceMode") == CAS + "InPerson"
            stand_in = bool(d.all_values(part, CAS + "standsInFor"))
            if in_person and not stand_in and not (roles and roles <= _GUEST_LIKE):
                counted.append((part, roles))
        if not counted:
            entity.unexported.append(
                f"{wmap['participant']} {compact(actor)}: attended virtually, was absent, a guest or observer, or was "
                "represented by a stand-in (no verified qualifier says so, and a plain P710 would overstate it)"
            )
            continue
        roles = sorted({role for _, rs in counted for role in rs})
        mapped = [role for role in roles if role in wmap.roles]
        unmapped = [role for role in roles if role not in wmap.roles and role != CAS + "Participant"]
        if unmapped:
            entity.unexported.append(
                f"{wmap['objectHasRole']} on {compact(actor)}: no verified item for role(s) "
                f"{', '.join(compact(r) for r in unmapped)}"
            )
        qualifiers = tuple((wmap["objectHasRole"], Value.item(wmap.roles[role])) for role in mapped)
        props = [CAS + "represents", CAS + "attendanceMode"] + (role_props if mapped else [])
        refs = _union(b.refs(part, props) for part, _ in counted)
        b.add(wmap["participant"], Value.entity(actor), f"participant {compact(actor)}", counted[0][0], props,
              qualifiers, refs)
        if CAS + "Host" in roles:
            host_parts = [part for part, rs in counted if CAS + "Host" in rs]
            b.add(wmap["organizer"], Value.entity(actor), f"organizer {compact(actor)} (host)", host_parts[0],
                  role_props, refs=_union(b.refs(part, role_props) for part in host_parts))
        for part, rs in counted:
            person = d.first_value(part, CAS + "participant")
            if CAS + "Chair" in rs and person:
                b.add(wmap["chairperson"], Value.entity(person), f"chairperson {compact(person)}", part,
                      [CAS + "role", CAS + "participant"])


def _union(groups) -> tuple[Reference, ...]:
    merged: set[Reference] = set()
    for group in groups:
        merged |= set(group)
    return tuple(sorted(merged, key=lambda r: (r.url or "", r.source)))


def _document(b: _Builder, wmap: WikibaseMap) -> None:
    d, iri, entity = b.d, b.entity.iri, b.entity
    b.terms()
    classes = [c for c in d.all_values(iri, RDF_TYPE) if d.is_document_class(c)]
    specific = sorted(c for c in classes if c != CAS + "Document") or classes or [CAS + "Document"]
    mapped = [c for c in specific if c in wmap.classes]
    cls = mapped[0] if mapped else specific[0]
    date = d.first(iri, CAS + "adoptedOn")
    summit = d.first_value(iri, CAS + "adoptedAt")
    summit_en, summit_ru = _summit_texts(d, summit) if summit else (None, None)
    for lang, summit_text, writer in (("en", summit_en, text.document_description_en),
                                      ("ru", summit_ru, text.document_description_ru)):
        described = writer(d.label(cls, lang), summit_text, date["value"] if date else None)
        if described:
            entity.descriptions[lang] = described
    item = wmap.classes.get(cls)
    if item:
        b.add(wmap["instanceOf"], Value.item(item), f"instance of {item} ({compact(cls)})", iri, [RDF_TYPE])
    else:
        kind = d.label(cls, "en") or compact(cls)
        entity.unexported.append(f"{wmap['instanceOf']} instance of: no verified Wikidata class for the kind '{kind}'")
        entity.not_creatable = f"no verified Wikidata class for the kind '{kind}', so a new item would have no P31"
    when = _time(date)
    if when:
        b.add(wmap["pointInTime"], when, f"point in time {when.value} (adopted)", iri, [CAS + "adoptedOn"])
    for actor in d.all_values(iri, CAS + "signatory"):
        b.add(wmap["signatory"], Value.entity(actor), f"signatory {compact(actor)}", iri, [CAS + "signatory"])


def build_export(store: ox.Store, wmap: WikibaseMap, qids: Mapping[str, str]) -> Export:
    """Formats, summits and documents of the store with their referenced statements, in a stable order.

    ``qids`` are the Q-ids known so far (the data's, the reviewed decisions', created items');
    they decide only which place a summit's P276 names (its venue when the venue has an item).
    """
    d = _Data(store, qids)
    entities: list[Entity] = []
    notes: list[str] = []
    summits = set(d.instances(CAS + "Summit"))
    for meeting in d.instances(CAS + "Meeting"):
        if meeting not in summits:
            level = d.first_value(meeting, CAS + "meetingLevel")
            notes.append(f"{compact(meeting)}: a meeting at {compact(level) if level else 'an unstated'} level; "
                         "only leaders' summits are exported (no verified Wikidata class for the other levels)")
    for kind, cls, builder in (
        (EntityKind.FORMAT, CAS + "Format", _format),
        (EntityKind.SUMMIT, CAS + "Summit", _summit),
        (EntityKind.DOCUMENT, CAS + "Document", _document),
    ):
        for iri in d.instances(cls):
            entity = Entity(iri, kind, qid=d.data_qids.get(iri))
            builder(_Builder(entity, d), wmap)
            entities.append(entity)
    return Export(entities, notes)
