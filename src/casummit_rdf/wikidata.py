"""Wikidata-style export: a QuickStatements v1 batch and a Wikibase RDF dump, every statement referenced.

Items exported: formats (P31 recurring event), summits (P31 summit; P585 for a one-day summit,
else P580 + P582, day precision; P276 venue else city; P17 the city's country; P710 participants;
P664 host; P488 chair; P179 format; P155/P156 previous/next) and documents (P31 where the class
is mapped; P585 adoption date; P1891 signatories). Every id comes from ``ontology/wikidata-map.ttl``
(another Wikibase edits that file, not this code).

Rules:

* **References**: a statement gets one reference per source of the node that states the fact
  (the summit, the participation, the document): ``S854`` the source's URL, plus ``S813`` its
  ``cas:retrievedOn`` date when known, plus ``S248`` when the source itself has a
  ``cas:wikidataId``. A source without a retrieval date gets no ``S813`` — no date is made up.
  A fact whose node has no source with a URL is not exported.
* **No duplicates**: a node with ``cas:wikidataId`` is edited by its Q-id, never ``CREATE``d;
  its labels are left alone. New items get ``CREATE`` + ``LAST`` and English and Russian labels
  and descriptions (descriptions are built from the ontology's class labels and the data).
* **Values that cannot be written** are left out and listed in a ``/* … */`` comment: a value
  entity without a Q-id, a value that is a new item of the same batch (QuickStatements v1 can only
  point at ``LAST``), a role (``P3831``) without a mapped item.
* **Participants (P710)**: a party is a participant when its leader attended in person in a role
  other than guest or observer — not a stand-in (``cas:standsInFor``). Virtual attendance,
  absences, guests and stand-ins have no sourced qualifier yet, and an unqualified P710 would
  overstate them; they are listed in comments instead.
* The batch is printed for review; nothing is ever posted.

The Wikibase RDF dump uses the model of the Wikidata Query Service: ``wdt:`` truthy statements,
``p:``/``ps:``/``pq:`` statement nodes, ``prov:wasDerivedFrom`` to ``pr:`` reference nodes.
Existing items are ``wd:Q…``; new items get stable placeholder IRIs
``https://w3id.org/casummit/wikibase/entity/<kind>-<local name>``; statement and reference nodes
live under ``https://w3id.org/casummit/wikibase/statement/`` and ``…/reference/`` and are named by
a hash of their content, so the dump is the same bytes every run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.errors import CasummitError
from casummit_rdf.graph import PathLike, load_store
from casummit_rdf.namespaces import CAS, PREFIXES, XSD

CASW = "https://w3id.org/casummit/wikidata-map#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
PR = "http://www.wikidata.org/prop/reference/"
WIKIBASE = "http://wikiba.se/ontology#"
NEW_ENTITY = "https://w3id.org/casummit/wikibase/entity/"
STATEMENT = "https://w3id.org/casummit/wikibase/statement/"
REFERENCE = "https://w3id.org/casummit/wikibase/reference/"

WIKIBASE_PREFIXES = {
    "wd": WD, "wdt": WDT, "p": P, "ps": PS, "pq": PQ, "pr": PR, "wikibase": WIKIBASE,
    "prov": PREFIXES["prov"], "rdfs": PREFIXES["rdfs"], "schema": "http://schema.org/", "xsd": XSD,
    "casnew": NEW_ENTITY, "casstmt": STATEMENT, "casref": REFERENCE,
}

#: Slots the exporter needs from the map (local names under casw:).
REQUIRED_SLOTS = (
    "instanceOf", "pointInTime", "startTime", "endTime", "location", "country", "participant",
    "objectHasRole", "organizer", "chairperson", "partOfTheSeries", "follows", "followedBy",
    "signatory", "referenceUrl", "retrieved", "statedIn", "summitItem", "recurringEventItem",
)


class WikidataError(CasummitError):
    """The map file is missing an id, or the data cannot be read. One line."""


# ---------------------------------------------------------------------------------------------
# The map


@dataclass(frozen=True)
class WikibaseMap:
    """Ids from ``ontology/wikidata-map.ttl``: slots, class items and role items."""

    slots: dict[str, str]  # slot local name → "P31" / "Q1072326"
    classes: dict[str, str]  # ontology class IRI → item id (P31 value)
    roles: dict[str, str]  # cas role IRI → item id (P3831 value)

    def __getitem__(self, slot: str) -> str:
        return self.slots[slot]

    @classmethod
    def load(cls, path: Path | None = None) -> WikibaseMap:
        from casummit_rdf.graph import parse_file

        path = path or resources.ontology_dir() / "wikidata-map.ttl"
        if not path.is_file():
            raise WikidataError(f"{path}: the Wikidata map file is missing")
        triples = parse_file(path)
        ids: dict[str, str] = {}
        slot_of: dict[str, list[str]] = defaultdict(list)
        roles: dict[str, str] = {}
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            if not isinstance(s, ox.NamedNode):
                continue
            if p == CASW + "wikibaseId" and isinstance(o, ox.Literal):
                ids[s.value] = o.value
            elif p == CASW + "slotOf" and isinstance(o, ox.NamedNode):
                slot_of[s.value].append(o.value)
            elif (p == PREFIXES["skos"] + "exactMatch" and isinstance(o, ox.NamedNode)
                  and o.value.startswith(WD + "Q") and s.value in _ROLE_IRIS):
                roles[s.value] = o.value[len(WD):]
        slots = {iri[len(CASW):]: value for iri, value in ids.items() if iri.startswith(CASW)}
        missing = [slot for slot in REQUIRED_SLOTS if slot not in slots]
        if missing:
            raise WikidataError(f"{path}: no casw:wikibaseId for slot(s) {', '.join('casw:' + m for m in missing)}")
        classes = {
            target: ids[iri]
            for iri, targets in slot_of.items() if ids.get(iri, "").startswith("Q")
            for target in targets
        }
        return cls(slots, classes, roles)


_ROLE_IRIS = {CAS + r for r in ("Host", "Chair", "CoChair", "Participant", "Guest", "Observer")}


# ---------------------------------------------------------------------------------------------
# The model: entities and referenced statements


@dataclass(frozen=True)
class Reference:
    """One reference: a URL, and the retrieval date / stated-in item where known."""

    url: str
    retrieved: str | None = None  # YYYY-MM-DD
    stated_in: str | None = None  # Q-id


@dataclass(frozen=True)
class Value:
    """A statement value: an item (Q-id or a local IRI of a new item) or a time."""

    kind: str  # "item" | "new" | "time"
    value: str
    precision: int = 11  # Wikibase time precision: 11 day, 10 month, 9 year


@dataclass(frozen=True)
class Statement:
    """A property, a value, qualifiers and references."""

    property: str
    value: Value
    qualifiers: tuple[tuple[str, Value], ...] = ()
    references: tuple[Reference, ...] = ()


@dataclass
class Entity:
    """An item to create or edit."""

    iri: str  # the project's IRI
    kind: str  # "format" | "summit" | "document"
    qid: str | None
    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _q(store: ox.Store, text: str) -> list[dict[str, object]]:
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    answer = store.query(prefixes + text)
    variables = [v.value for v in answer.variables]  # type: ignore[union-attr]
    return [{name: solution[name] for name in variables} for solution in answer]  # type: ignore[union-attr]


def _v(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


class _Data:
    """Look-ups over the loaded store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.qids = {str(_v(r["s"])): str(_v(r["id"])) for r in _q(store, "SELECT ?s ?id WHERE { ?s cas:wikidataId ?id }")}
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        for r in _q(store, 'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) IN ("en", "ru")) } ORDER BY ?s ?l'):
            term = r["l"]
            self.labels[str(_v(r["s"]))].setdefault(term.language, term.value)  # type: ignore[attr-defined]
        self.sources: dict[str, list[Reference]] = defaultdict(list)
        rows = _q(store, """
            SELECT ?node ?url ?retrieved ?qid WHERE {
              ?node prov:wasDerivedFrom ?source . ?source schema:url ?url .
              OPTIONAL { ?source cas:retrievedOn ?retrieved }
              OPTIONAL { ?source cas:wikidataId ?qid }
            } ORDER BY ?node ?url ?retrieved""")
        seen: set[tuple[str, str]] = set()
        for r in rows:
            node, url = str(_v(r["node"])), str(_v(r["url"]))
            if (node, url) in seen:
                continue  # a source with two retrieval dates: keep the earliest (sorted first)
            seen.add((node, url))
            self.sources[node].append(Reference(url, _v(r["retrieved"]), _v(r["qid"])))

    def label(self, iri: str, lang: str) -> str | None:
        return self.labels.get(iri, {}).get(lang)


# ---------------------------------------------------------------------------------------------
# Building the model


def build_entities(data: Iterable[PathLike] | None = None, wmap: WikibaseMap | None = None) -> list[Entity]:
    """Formats, summits and documents with their referenced statements, in a stable order."""
    wmap = wmap or WikibaseMap.load()
    store = load_store(data)
    d = _Data(store)
    entities: list[Entity] = []
    kinds = {"format": "Format", "summit": "Summit", "document": "Document"}
    for kind, cls in kinds.items():
        rows = _q(store, f"SELECT DISTINCT ?s WHERE {{ ?s a/rdfs:subClassOf* cas:{cls} FILTER(isIRI(?s)) }} ORDER BY ?s")
        for row in rows:
            iri = str(_v(row["s"]))
            entity = Entity(iri, kind, d.qids.get(iri))
            builder = {"format": _format, "summit": _summit, "document": _document}[kind]
            builder(entity, d, wmap)
            entities.append(entity)
    return entities


def _refs(d: _Data, node: str) -> tuple[Reference, ...]:
    return tuple(d.sources.get(node, ()))


def _item(d: _Data, iri: str, own_kinds: set[str] | None = None) -> Value | None:
    if iri in d.qids:
        return Value("item", d.qids[iri])
    if own_kinds is not None:
        return Value("new", iri)
    return None


def _add(entity: Entity, prop: str, value: Value | None, refs: tuple[Reference, ...], what: str,
         qualifiers: tuple[tuple[str, Value], ...] = ()) -> None:
    if value is None:
        entity.skipped.append(f"{prop} {what}: no Q-id")
        return
    if not refs:
        entity.skipped.append(f"{prop} {what}: no source with a URL")
        return
    entity.statements.append(Statement(prop, value, qualifiers, refs))


def _labels(entity: Entity, d: _Data, en: str | None, ru: str | None) -> None:
    for lang in ("en", "ru"):
        label = d.label(entity.iri, lang)
        if label:
            entity.labels[lang] = label
    if en:
        entity.descriptions["en"] = en
    if ru:
        entity.descriptions["ru"] = ru


def _format(entity: Entity, d: _Data, wmap: WikibaseMap) -> None:
    refs = _refs(d, entity.iri)
    _labels(entity, d, d.label(CAS + "Format", "en"), d.label(CAS + "Format", "ru"))
    _add(entity, wmap["instanceOf"], Value("item", wmap["recurringEventItem"]), refs, "recurring event")


def _summit(entity: Entity, d: _Data, wmap: WikibaseMap) -> None:
    iri = entity.iri
    refs = _refs(d, iri)
    rows = _q(d.store, f"""
        SELECT ?start ?end ?format ?city ?venue ?country ?follows ?followedBy WHERE {{
          OPTIONAL {{ <{iri}> schema:startDate ?start }}
          OPTIONAL {{ <{iri}> schema:endDate ?end }}
          OPTIONAL {{ <{iri}> schema:superEvent ?format }}
          OPTIONAL {{ <{iri}> cas:city ?city OPTIONAL {{ ?city cas:inCountry ?country }} }}
          OPTIONAL {{ <{iri}> cas:venue ?venue }}
          OPTIONAL {{ <{iri}> cas:follows ?follows }}
          OPTIONAL {{ <{iri}> cas:followedBy ?followedBy }}
        }} ORDER BY ?start ?end ?format ?city ?venue ?country ?follows ?followedBy LIMIT 1""")
    row = rows[0] if rows else {}
    start, end = _v(row.get("start")), _v(row.get("end"))
    fmt, city, venue = _v(row.get("format")), _v(row.get("city")), _v(row.get("venue"))
    format_en = d.label(fmt, "en") if fmt else None
    format_ru = d.label(fmt, "ru") if fmt else None
    city_en = d.label(city, "en") if city else None
    city_ru = d.label(city, "ru") if city else None
    year = start[:4] if start else None
    en = ru = None
    if format_en and city_en and year:
        en = f"{format_en} summit in {city_en}, {year}"
    if format_ru and city_ru and year:
        ru = f"саммит формата «{format_ru}», {city_ru}, {year}"
    _labels(entity, d, en, ru)
    _add(entity, wmap["instanceOf"], Value("item", wmap["summitItem"]), refs, "summit")
    if start and (end is None or end == start):
        _add(entity, wmap["pointInTime"], Value("time", start), refs, "date")
    elif start and end:
        _add(entity, wmap["startTime"], Value("time", start), refs, "start")
        _add(entity, wmap["endTime"], Value("time", end), refs, "end")
    place = None
    if venue and venue in d.qids:
        place = Value("item", d.qids[venue])
    elif city:
        place = _item(d, city)
    if venue or city:
        _add(entity, wmap["location"], place, refs, f"location {venue or city}")
    country = _v(row.get("country"))
    if country:
        _add(entity, wmap["country"], _item(d, country), refs, f"country {country}")
    if fmt:
        _add(entity, wmap["partOfTheSeries"], _item(d, fmt, {"format"}), refs, f"series {fmt}")
    for key, slot in (("follows", "follows"), ("followedBy", "followedBy")):
        other = _v(row.get(key))
        if other:
            _add(entity, wmap[slot], _item(d, other, {"summit"}), refs, f"{slot} {other}")
    _participants(entity, d, wmap)


def _participants(entity: Entity, d: _Data, wmap: WikibaseMap) -> None:
    rows = _q(d.store, f"""
        SELECT ?part ?actor ?person ?mode ?role ?standIn WHERE {{
          ?part cas:atSummit <{entity.iri}> ; cas:represents ?actor .
          OPTIONAL {{ ?part cas:participant ?person }}
          OPTIONAL {{ ?part cas:attendanceMode ?mode }}
          OPTIONAL {{ ?part cas:role ?role }}
          OPTIONAL {{ ?part cas:standsInFor ?standIn }}
        }} ORDER BY ?actor ?part ?role""")
    parts: dict[str, dict[str, object]] = {}
    for r in rows:
        part = str(_v(r["part"]))
        info = parts.setdefault(part, {"actor": _v(r["actor"]), "person": _v(r["person"]), "mode": _v(r["mode"]),
                                       "roles": set(), "standIn": _v(r["standIn"])})
        if r["role"] is not None:
            info["roles"].add(_v(r["role"]))  # type: ignore[union-attr]
    by_actor: dict[str, list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for part, info in sorted(parts.items()):
        by_actor[str(info["actor"])].append((part, info))
    guest_like = {CAS + "Guest", CAS + "Observer"}
    for actor, items in sorted(by_actor.items()):
        counted = [
            (part, info) for part, info in items
            if info["mode"] == CAS + "InPerson" and not info["standIn"]
            and not (info["roles"] and info["roles"] <= guest_like)
        ]
        if not counted:
            entity.skipped.append(f"{wmap['participant']} {actor}: virtual, absent, guest or stand-in only (no sourced qualifier)")
            continue
        refs = tuple(dict.fromkeys(ref for part, _ in counted for ref in _refs(d, part)))
        roles = sorted({role for _, info in counted for role in info["roles"]})  # type: ignore[union-attr]
        qualifiers = tuple(
            (wmap["objectHasRole"], Value("item", wmap.roles[role])) for role in roles if role in wmap.roles
        )
        unmapped = [r for r in roles if r not in wmap.roles and r != CAS + "Participant"]
        if unmapped:
            entity.skipped.append(
                f"{wmap['objectHasRole']} on {actor}: no item for role(s) {', '.join(r[len(CAS):] for r in unmapped)}"
            )
        _add(entity, wmap["participant"], _item(d, actor), refs, f"participant {actor}", qualifiers)
        if CAS + "Host" in roles:
            _add(entity, wmap["organizer"], _item(d, actor), refs, f"organizer {actor}")
        for part, info in counted:
            if CAS + "Chair" in info["roles"] and info["person"]:  # type: ignore[operator]
                _add(entity, wmap["chairperson"], _item(d, str(info["person"])), _refs(d, part), f"chairperson {info['person']}")


def _document(entity: Entity, d: _Data, wmap: WikibaseMap) -> None:
    iri = entity.iri
    refs = _refs(d, iri)
    rows = _q(d.store, f"""
        SELECT ?cls ?date ?summit WHERE {{
          <{iri}> a ?cls . ?cls rdfs:subClassOf* cas:Document .
          OPTIONAL {{ <{iri}> cas:adoptedOn ?date }}
          OPTIONAL {{ <{iri}> cas:adoptedAt ?summit }}
        }} ORDER BY DESC(?cls != cas:Document) ?cls ?date ?summit""")
    classes = sorted({str(_v(r["cls"])) for r in rows})
    specific = [c for c in classes if c != CAS + "Document"] or classes
    cls = specific[0] if specific else CAS + "Document"
    date = next((_v(r["date"]) for r in rows if r["date"] is not None), None)
    summit = next((_v(r["summit"]) for r in rows if r["summit"] is not None), None)
    cls_en, cls_ru = d.label(cls, "en"), d.label(cls, "ru")
    summit_en = d.label(summit, "en") if summit else None
    summit_ru = d.label(summit, "ru") if summit else None
    _labels(
        entity, d,
        f"{cls_en} adopted at the {summit_en}" if cls_en and summit_en else cls_en,
        f"{cls_ru} ({summit_ru})" if cls_ru and summit_ru else cls_ru,
    )
    item = wmap.classes.get(cls)
    if item:
        _add(entity, wmap["instanceOf"], Value("item", item), refs, "class")
    else:
        entity.skipped.append(f"{wmap['instanceOf']}: no item mapped for class {cls[len(CAS):]}")
    if date:
        _add(entity, wmap["pointInTime"], Value("time", date), refs, "adoption date")
    for r in _q(d.store, f"SELECT ?actor WHERE {{ <{iri}> cas:signatory ?actor }} ORDER BY ?actor"):
        actor = str(_v(r["actor"]))
        _add(entity, wmap["signatory"], _item(d, actor), refs, f"signatory {actor}")


# ---------------------------------------------------------------------------------------------
# QuickStatements v1


def _qs_time(value: Value) -> str:
    return f"+{value.value}T00:00:00Z/{value.precision}"


def _qs_string(text: str) -> str | None:
    if '"' in text or "\t" in text or "\n" in text:
        return None
    return f'"{text}"'


def _qs_value(value: Value) -> str:
    return _qs_time(value) if value.kind == "time" else value.value


def _qs_reference(ref: Reference, wmap: WikibaseMap) -> str:
    parts = [f"S{wmap['referenceUrl'][1:]}", f'"{ref.url}"']
    if ref.retrieved:
        parts += [f"S{wmap['retrieved'][1:]}", _qs_time(Value("time", ref.retrieved))]
    if ref.stated_in:
        parts += [f"S{wmap['statedIn'][1:]}", ref.stated_in]
    return "\t".join(parts)


def to_quickstatements(entities: Iterable[Entity], wmap: WikibaseMap) -> str:
    """Render entities as a QuickStatements v1 batch (TAB-separated, one command per line)."""
    lines = [
        "/* casummit-rdf QuickStatements v1 batch: review before running; never posted by casummit */",
    ]
    for entity in entities:
        lines.append(f"/* {entity.kind} {entity.iri} */")
        if entity.qid:
            subject = entity.qid
        else:
            lines.append("CREATE")
            subject = "LAST"
            for lang in ("en", "ru"):
                for prefix, texts in (("L", entity.labels), ("D", entity.descriptions)):
                    if lang in texts:
                        quoted = _qs_string(texts[lang])
                        if quoted:
                            lines.append(f"{subject}\t{prefix}{lang}\t{quoted}")
                        else:
                            entity.skipped.append(f"{prefix}{lang}: holds a double quote or tab; add it by hand")
        for st in entity.statements:
            if st.value.kind == "new":
                entity.skipped.append(f"{st.property} {st.value.value}: a new item of this batch; add it once it has a Q-id")
                continue
            qualifiers = "".join(f"\t{prop}\t{_qs_value(v)}" for prop, v in st.qualifiers)
            for ref in st.references:
                lines.append(f"{subject}\t{st.property}\t{_qs_value(st.value)}{qualifiers}\t{_qs_reference(ref, wmap)}")
        for note in entity.skipped:
            lines.append(f"/* not exported: {note.replace('*/', '* /')} */")
    return "\n".join(lines) + "\n"


def export_quickstatements(data: Iterable[PathLike] | None = None) -> str:
    """The QuickStatements v1 batch for the data (default: bundled)."""
    wmap = WikibaseMap.load()
    return to_quickstatements(build_entities(data, wmap), wmap)


# ---------------------------------------------------------------------------------------------
# Wikibase RDF


def _entity_iri(entity_or_iri: Entity | str, d_qids: dict[str, str], kinds: dict[str, str]) -> str:
    iri = entity_or_iri.iri if isinstance(entity_or_iri, Entity) else entity_or_iri
    if iri in d_qids:
        return WD + d_qids[iri]
    kind = kinds.get(iri, "item")
    local = iri.rstrip("/").rsplit("/", 1)[-1]
    return f"{NEW_ENTITY}{kind}-{local}"


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def to_wikibase_triples(entities: list[Entity], data: Iterable[PathLike] | None = None) -> list[ox.Triple]:
    """The entities in the Wikibase RDF model (see module docstring)."""
    n = ox.NamedNode
    rdf_type = n(PREFIXES["rdf"] + "type")
    label = n(PREFIXES["rdfs"] + "label")
    description = n("http://schema.org/description")
    qids = {e.iri: e.qid for e in entities if e.qid}
    kinds = {e.iri: e.kind for e in entities}
    out: set[ox.Triple] = set()
    referenced: set[str] = set()

    def value_term(value: Value) -> ox.NamedNode | ox.Literal:
        if value.kind == "time":
            return ox.Literal(f"{value.value}T00:00:00Z", datatype=n(XSD + "dateTime"))
        if value.kind == "new":
            return n(_entity_iri(value.value, qids, kinds))
        referenced.add(value.value)
        return n(WD + value.value)

    for entity in entities:
        subject = n(_entity_iri(entity, qids, kinds))
        out.add(ox.Triple(subject, rdf_type, n(WIKIBASE + "Item")))
        for lang, text in entity.labels.items():
            out.add(ox.Triple(subject, label, ox.Literal(text, language=lang)))
        for lang, text in entity.descriptions.items():
            out.add(ox.Triple(subject, description, ox.Literal(text, language=lang)))
        for st in entity.statements:
            value = value_term(st.value)
            key = _hash(subject.value, st.property, str(value), *(f"{p}={v.kind}:{v.value}" for p, v in st.qualifiers))
            node = n(STATEMENT + key)
            out |= {
                ox.Triple(subject, n(WDT + st.property), value),
                ox.Triple(subject, n(P + st.property), node),
                ox.Triple(node, rdf_type, n(WIKIBASE + "Statement")),
                ox.Triple(node, rdf_type, n(WIKIBASE + "BestRank")),
                ox.Triple(node, n(WIKIBASE + "rank"), n(WIKIBASE + "NormalRank")),
                ox.Triple(node, n(PS + st.property), value),
            }
            for prop, qualifier in st.qualifiers:
                out.add(ox.Triple(node, n(PQ + prop), value_term(qualifier)))
            for ref in st.references:
                ref_node = n(REFERENCE + _hash(ref.url, ref.retrieved or "", ref.stated_in or ""))
                out.add(ox.Triple(node, n(PREFIXES["prov"] + "wasDerivedFrom"), ref_node))
                out.add(ox.Triple(ref_node, rdf_type, n(WIKIBASE + "Reference")))
                out.add(ox.Triple(ref_node, n(PR + "P854"), n(ref.url) if _is_iri(ref.url) else ox.Literal(ref.url)))
                if ref.retrieved:
                    out.add(ox.Triple(ref_node, n(PR + "P813"), ox.Literal(f"{ref.retrieved}T00:00:00Z", datatype=n(XSD + "dateTime"))))
                if ref.stated_in:
                    out.add(ox.Triple(ref_node, n(PR + "P248"), n(WD + ref.stated_in)))
    # Labels of the existing items the statements point at, as a query service would have them.
    store = load_store(data)
    d = _Data(store)
    by_qid = {qid: iri for iri, qid in d.qids.items()}
    for qid in sorted(referenced):
        iri = by_qid.get(qid)
        if iri is None:
            continue
        for lang, text in d.labels.get(iri, {}).items():
            out.add(ox.Triple(n(WD + qid), label, ox.Literal(text, language=lang)))
    return sorted(out, key=str)


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return " " not in text


def export_wikibase_rdf(data: Iterable[PathLike] | None = None) -> str:
    """The Wikibase RDF dump as Turtle (deterministic)."""
    from casummit_rdf.release.serialize import to_turtle

    wmap = WikibaseMap.load()
    entities = build_entities(data, wmap)
    return to_turtle(to_wikibase_triples(entities, data), WIKIBASE_PREFIXES).decode("utf-8")
