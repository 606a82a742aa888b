"""Dereferenceable entity IRIs: ``/id/{kind}/{name}`` as HTML for people, RDF for machines; ``/id/``.

``https://w3id.org/casummit/id/summit/…`` is served at ``/id/summit/…``. The representation
is negotiated (``Accept``) or named by a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``,
``.html``); an IRI with no statements about it is a 404. The RDF is every triple with the
entity as subject or object.

The HTML page is written for people, in English or Russian (``?lang=``, then
``Accept-Language``): names from the data in that language (a fallback is marked), dates and
amounts as the language writes them, relations read from the entity's side in proper words
("took part in", "preceded by"), related records by name with their key facts, sources by title,
publisher and date with the facts each supports, and the codes in a "For data users" block.
``/id/`` lists the entities by kind, with a search by name in both languages (``?q=``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

import pyoxigraph as ox

from casummit_rdf.formats import Format
from casummit_rdf.i18n import (
    format_amount,
    format_date,
    format_number,
    format_period,
    inverse_label,
    t,
)
from casummit_rdf.namespaces import CAS, ID, PREFIXES, RDF_TYPE
from casummit_rdf.serve.cache import AnswerCache
from casummit_rdf.serve.execute import Answer, serialize_triples
from casummit_rdf.labels import short_name
from casummit_rdf.serve.describe import MEETING_TYPES, Describer
from casummit_rdf.serve.index_page import IndexPage
from casummit_rdf.serve.layout import h, page, request_language
from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.serve.negotiation import ENTITY_FORMATS, choose, negotiate, split_suffix

RDFS_LABEL = PREFIXES["rdfs"] + "label"
RDFS_COMMENT = PREFIXES["rdfs"] + "comment"
SKOS_ALT = PREFIXES["skos"] + "altLabel"
PROV = PREFIXES["prov"]
PROV_DERIVED = PROV + "wasDerivedFrom"
PROV_QUALIFIED = PROV + "qualifiedDerivation"
DCT = PREFIXES["dct"]
SCHEMA = PREFIXES["schema"]
_PATH_RE = re.compile(r"^/id/([a-z][a-z-]*)/([A-Za-z0-9][A-Za-z0-9._~-]*)$")
#: Properties shown in "For data users", not among the facts: codes and join keys.
_CODES = [CAS + "cameoCode", CAS + "ploverCategory", CAS + "isoCode", CAS + "wikidataId", DCT + "identifier"]
#: Properties the page shows in their own sections.
_OWN_SECTIONS = {RDF_TYPE, PROV_DERIVED, PROV_QUALIFIED, RDFS_LABEL}
_ORDER_FIRST = [SKOS_ALT, SCHEMA + "startDate", SCHEMA + "endDate", SCHEMA + "eventStatus", SCHEMA + "superEvent",
                CAS + "meetingLevel", CAS + "city", CAS + "venue"]
_ACTOR_TYPES = {CAS + "State", CAS + "InternationalOrganisation", CAS + "StateGroup"}



class EntityPages(Describer):
    """Serves ``/id/…`` paths from the store."""

    def __init__(self, store: ox.Store, cache: AnswerCache):
        super().__init__(store)
        self.cache = cache
        self.index_page = IndexPage(self)

    # -- routing ------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        path = request.path
        suffix = None
        entity = self._entity(path)
        if entity is None:
            base, suffix = split_suffix(path)
            entity = self._entity(base) if suffix else None
            if entity is None:
                return self._not_found(request, path)
        fmt = negotiate(suffix, request.header("Accept"), ENTITY_FORMATS, what="entities", error=HttpError)
        lang = request_language(request) if fmt is Format.HTML else ""
        key = ("entity", entity.value, fmt, lang, request.query if fmt is Format.HTML else "")
        answer = self.cache.get(key)
        if answer is None:
            if fmt is Format.HTML:
                answer = Answer(200, fmt.content_type, self.render(entity, lang, request).encode("utf-8"))
            else:
                answer = Answer(200, fmt.content_type, serialize_triples(self.triples(entity), fmt))
            self.cache.put(key, answer)
        return Response.from_answer(answer, Vary="Accept, Accept-Language")

    def _entity(self, path: str) -> ox.NamedNode | None:
        match = _PATH_RE.match(path)
        if not match:
            return None
        node = ox.NamedNode(ID + path[len("/id/"):])
        return node if self._has_subject(node) else None

    def _has_subject(self, node: ox.NamedNode) -> bool:
        return next(iter(self.store.quads_for_pattern(node, None, None)), None) is not None

    def _not_found(self, request: Request, path: str) -> Response:
        iri = ID + path[len("/id/"):] if path.startswith("/id/") else path
        if choose(request.header("Accept"), (Format.HTML, Format.TURTLE)) is Format.HTML:
            lang = request_language(request)
            body = page(request, lang, t("entity.not-found", lang),
                        f"<h1>{h(t('entity.not-found', lang))}</h1><p>{h(t('entity.not-found.text', lang, iri=iri))}</p>"
                        f'<p><a href="/?lang={lang}">{h(t("entity.back", lang))}</a> · <a href="/id/?lang={lang}">{h(t("nav.index", lang))}</a></p>')
            return Response(404, body.encode("utf-8"), Format.HTML.content_type)
        return Response.text(404, f"no such entity: {iri}")

    def index(self, request: Request) -> Response:
        """``/id/``: the index of the records."""
        return self.index_page.render(request)

    # -- RDF ----------------------------------------------------------------------------------

    def triples(self, entity: ox.NamedNode) -> list[ox.Triple]:
        """Every triple about ``entity``: as subject, then as object."""
        out = [q.triple for q in self.store.quads_for_pattern(entity, None, None)]
        out.extend(q.triple for q in self.store.quads_for_pattern(None, None, entity))
        return out

    # -- the page -------------------------------------------------------------------------------

    def render(self, entity: ox.NamedNode, lang: str = "en", request: Request | None = None) -> str:
        """The HTML page of an entity in ``lang``."""
        request = request or Request("GET", "/id/" + entity.value[len(ID):])
        types = self.types(entity)
        label = self.labels.get(entity, lang)
        title = label.text if self.has_label(entity) else (self.describe(entity, lang) or label.text)
        local = entity.value[len(ID):]
        kinds = " · ".join(h(self.labels.text(ox.NamedNode(t_), lang)) for t_ in sorted(types))
        fallback = ""
        if self.has_label(entity) and label.fallback:
            fallback = f' <span class="fallback-note">({h(t("entity.fallback", lang, wanted=lang, other=label.lang or "?"))})</span>'
        parts = [f'<p class="kind">{kinds}</p>', f"<h1>{h(title)}{fallback}</h1>"]
        summary = self.key_facts(entity, lang)
        if summary:
            parts.append(f'<p class="key-facts">{h(summary)}</p>')
        wikidata = self.first(entity, CAS + "wikidataId")
        if wikidata is not None and re.fullmatch(r"Q[0-9]+", wikidata.value):
            parts.append(f'<p class="wikidata"><a href="https://www.wikidata.org/wiki/{h(wikidata.value)}" rel="external noopener">'
                         f'{h(t("entity.wikidata", lang))}: {h(wikidata.value)}</a></p>')
        if types & MEETING_TYPES:
            parts.append(self._participants(entity, lang))
        if CAS + "Person" in types:
            parts.append(self._attended(entity, lang))
        if types & _ACTOR_TYPES:
            parts.append(self._represented(entity, lang))
        if CAS + "Format" in types:
            parts.append(self._format_meetings(entity, lang))
        parts.append(self._facts(entity, lang))
        parts.append(self._sources(entity, lang))
        parts.append(self._related(entity, lang, types))
        parts.append(self._data_users(entity, lang, local))
        alternates = "".join(
            f'<link rel="alternate" type="{f.media_type}" href="/id/{h(local)}.{f.suffix}">'
            for f in (Format.TURTLE, Format.JSON_LD, Format.N_TRIPLES, Format.RDF_XML)
        )
        return page(request, lang, title, "\n".join(p for p in parts if p), head=alternates)

    def _facts(self, entity: ox.NamedNode, lang: str) -> str:
        grouped: dict[str, list] = defaultdict(list)
        for quad in self.store.quads_for_pattern(entity, None, None):
            if quad.predicate.value in _OWN_SECTIONS or quad.predicate.value in _CODES:
                continue
            grouped[quad.predicate.value].append(quad.object)
        if not grouped:
            return ""

        def order(p: str) -> tuple[int, str]:
            return (_ORDER_FIRST.index(p) if p in _ORDER_FIRST else (98 if p == RDFS_COMMENT else 50),
                    self.labels.text(ox.NamedNode(p), lang).lower())

        rows = []
        for predicate in sorted(grouped, key=order):
            values = grouped[predicate]
            # in the reader's language first, then English
            values.sort(key=lambda o: (getattr(o, "language", None) not in (lang, None), getattr(o, "language", "") != "en", self.name(o, lang).lower()))
            if predicate == RDFS_COMMENT or any(getattr(v, "language", None) == lang for v in values):
                preferred = [v for v in values if getattr(v, "language", None) in (lang, None)]
                values = preferred or values
            if predicate == CAS + "amount":
                currency = self.first(entity, SCHEMA + "currency")
                cells = "".join(f"<li>{h(format_amount(v.value, currency.value if currency is not None else None, lang))} "
                                f'<span class="facts">({h(format_number(v.value, lang))})</span></li>' for v in values)
            else:
                cells = "".join(f"<li>{self.link(v, lang)}</li>" for v in values)
            name = self.labels.text(ox.NamedNode(predicate), lang)
            rows.append(f'<tr><th scope="row">{h(name)}</th><td><ul>{cells}</ul></td></tr>')
        return f'<section class="facts-section"><h2>{h(t("entity.facts", lang))}</h2><table class="props">{"".join(rows)}</table></section>'

    def _derivations(self, entity: ox.NamedNode) -> dict[str, set[str]]:
        """Source IRI → the properties it is cited for (empty: the whole node)."""
        out: dict[str, set[str]] = {}
        for qualified in self.objects(entity, PROV_QUALIFIED):
            source = self.first(qualified, PROV + "entity")
            if source is None:
                continue
            out.setdefault(source.value, set()).update(p.value for p in self.objects(qualified, CAS + "supportsProperty"))
        for source in self.objects(entity, PROV_DERIVED):
            out.setdefault(source.value, set())
        return out

    def _sources(self, entity: ox.NamedNode, lang: str) -> str:
        derivations = self._derivations(entity)
        if not derivations:
            return ""
        items = []
        for iri in sorted(derivations, key=lambda s: self.name(ox.NamedNode(s), lang).lower()):
            source = ox.NamedNode(iri)
            url = self.first(source, SCHEMA + "url")
            title = self.first(source, DCT + "title")
            publisher = self.first(source, DCT + "publisher")
            issued = self.first(source, DCT + "issued")
            publisher_name = (self.labels.text(publisher, lang) if isinstance(publisher, ox.NamedNode)
                              else (publisher.value if publisher is not None else ""))
            host = urlsplit(url.value).hostname or "" if url is not None else ""
            # An untitled source is named by its publisher (or site), not by a bare address.
            name = title.value if title is not None else (publisher_name or host or self.name(source, lang))
            text = (f'<a href="{h(url.value)}" rel="external noopener" class="source-title">{h(name)}</a>'
                    if url is not None and re.match(r"^https?://", url.value) else f'<span class="source-title">{h(name)}</span>')
            meta = [publisher_name if title is not None else "", format_date(issued.value, lang) if issued is not None else "",
                    host if title is None and publisher_name else ""]
            meta_html = f' <span class="source-meta">— {h(" · ".join(m for m in meta if m))}</span>' if any(meta) else ""
            facts = derivations[iri]
            supports = (t("entity.supports", lang, facts=", ".join(sorted(self.labels.text(ox.NamedNode(p), lang) for p in facts)))
                        if facts else t("entity.whole", lang))
            record = f' <a class="record" href="/id/{h(iri[len(ID):])}?lang={lang}">{h(t("entity.record", lang))}</a>' if iri.startswith(ID) else ""
            items.append(f'<li>{text}{meta_html}<div class="supports">{h(supports)}{record}</div></li>')
        return f'<section><h2>{h(t("entity.sources", lang))}</h2><ol class="sources">{"".join(items)}</ol></section>'

    def _related(self, entity: ox.NamedNode, lang: str, types: set[str]) -> str:
        grouped: dict[str, list] = defaultdict(list)
        for quad in self.store.quads_for_pattern(None, None, entity):
            predicate = quad.predicate.value
            if predicate in (CAS + "atSummit", CAS + "atMeeting") and types & MEETING_TYPES:
                continue  # the participants table
            if predicate == CAS + "participant" and CAS + "Person" in types:
                continue  # the meetings-attended table
            if predicate == CAS + "represents" and types & _ACTOR_TYPES:
                continue  # the participations table
            if predicate == SCHEMA + "superEvent" and CAS + "Format" in types:
                continue  # the format's meetings
            if predicate == PROV + "entity":
                for derivation in self.subjects(PROV_QUALIFIED, quad.subject) if isinstance(quad.subject, ox.BlankNode) else []:
                    grouped[PROV_DERIVED].append(derivation)
                continue
            grouped[predicate].append(quad.subject)
        if not grouped:
            return ""
        rows = []
        for predicate in sorted(grouped, key=lambda p: inverse_label(p, lang).lower()):
            subjects = sorted(set(grouped[predicate]), key=lambda s: (self.key_facts(s, lang) == "", self.sort_date(s), self.name(s, lang).lower()))
            shown = subjects[:200]
            more = f"<li>{h(t('entity.more', lang, count=len(subjects) - len(shown)))}</li>" if len(subjects) > len(shown) else ""
            cells = "".join(f"<li>{self.link(s, lang, facts=True)}</li>" for s in shown) + more
            forward = self.labels.text(ox.NamedNode(predicate), lang)
            rows.append(f'<tr><th scope="row">{h(inverse_label(predicate, lang, forward))}</th><td><ul>{cells}</ul></td></tr>')
        return f'<section class="related"><h2>{h(t("entity.related", lang))}</h2><table class="props">{"".join(rows)}</table></section>'

    def _data_users(self, entity: ox.NamedNode, lang: str, local: str) -> str:
        rows = [f'<tr><th scope="row">{h(t("entity.iri", lang))}</th><td><code>{h(entity.value)}</code></td></tr>']
        types = ", ".join(f"<code>{h(short_name(t_))}</code>" for t_ in sorted(self.types(entity)))
        if types:
            rows.append(f'<tr><th scope="row">rdf:type</th><td>{types}</td></tr>')
        for predicate in _CODES:
            for value in self.objects(entity, predicate):
                rows.append(f'<tr><th scope="row">{h(self.labels.text(ox.NamedNode(predicate), lang))}</th><td><code>{h(value.value)}</code></td></tr>')
        downloads = " · ".join(f'<a href="/id/{h(local)}.{f.suffix}">{h(name)}</a>' for f, name in (
            (Format.TURTLE, "Turtle"), (Format.JSON_LD, "JSON-LD"), (Format.N_TRIPLES, "N-Triples"), (Format.RDF_XML, "RDF/XML")))
        rows.append(f'<tr><th scope="row">{h(t("entity.download", lang))}</th><td>{downloads}</td></tr>')
        return (f'<section class="data-users"><details><summary>{h(t("entity.data-users", lang))}</summary>'
                f'<table class="props">{"".join(rows)}</table></details></section>')

    # -- participations ---------------------------------------------------------------------------

    def _participations(self, participations: Iterable) -> list[dict[str, object]]:
        rows = []
        for part in participations:
            rows.append({
                "node": part,
                "meeting": self.first(part, CAS + "atSummit") or self.first(part, CAS + "atMeeting"),
                "person": self.first(part, CAS + "participant"),
                "state": self.first(part, CAS + "represents"),
                "roles": self.objects(part, CAS + "role"),
                "mode": self.first(part, CAS + "attendanceMode"),
                "office": self.first(part, CAS + "inCapacityOf"),
                "for": self.objects(part, CAS + "standsInFor"),
            })
        return rows

    def _mode_cell(self, row: dict[str, object], lang: str) -> str:
        mode = row["mode"]
        css = "mode-" + (mode.value.rsplit("#", 1)[-1].lower() if isinstance(mode, ox.NamedNode) else "unknown")
        text = self.link(mode, lang) if mode is not None else h(t("mode.none", lang))
        stand_in = "".join(f'<div class="standin">{h(t("entity.stands-in", lang, name=self.name(p, lang)))}</div>' for p in row["for"])  # type: ignore[union-attr]
        return f'<td class="{css}" data-label="{h(t("col.attendance", lang))}">{text}{stand_in}</td>'

    def _roles(self, row: dict[str, object], lang: str) -> str:
        return ", ".join(self.link(x, lang) for x in row["roles"])  # type: ignore[union-attr]

    def _participants(self, meeting: ox.NamedNode, lang: str) -> str:
        subjects = self.subjects(CAS + "atSummit", meeting) + self.subjects(CAS + "atMeeting", meeting)
        rows = self._participations(dict.fromkeys(subjects))
        if not rows:
            return ""
        rows.sort(key=lambda r: (self.name(r["state"], lang) if r["state"] is not None else "", self.name(r["person"], lang) if r["person"] is not None else ""))
        body = "".join(
            "<tr>"
            f'<td data-label="{h(t("col.state", lang))}">{self.link(r["state"], lang) if r["state"] is not None else ""}</td>'
            f'<td data-label="{h(t("col.person", lang))}">{self.link(r["person"], lang) if r["person"] is not None else ""}'
            f'{"<div class=office>" + self.link(r["office"], lang) + "</div>" if r["office"] is not None else ""}</td>'
            f'<td data-label="{h(t("col.role", lang))}">{self._roles(r, lang)}</td>'
            + self._mode_cell(r, lang)
            + "</tr>"
            for r in rows
        )
        return (f'<section><h2>{h(t("entity.participants", lang))}</h2><table class="grid participants stack">'
                f'<thead><tr><th>{h(t("col.state", lang))}</th><th>{h(t("col.person", lang))}</th><th>{h(t("col.role", lang))}</th>'
                f'<th>{h(t("col.attendance", lang))}</th></tr></thead><tbody>{body}</tbody></table></section>')

    def _dated(self, rows: list[dict[str, object]]) -> list[tuple[str, dict[str, object]]]:
        dated = [(self.sort_date(r["meeting"]), r) for r in rows]
        dated.sort(key=lambda item: (item[0] == "", item[0]))
        return dated

    def _meeting_cells(self, date: str, row: dict[str, object], lang: str) -> str:
        meeting = row["meeting"]
        end = self.first(meeting, SCHEMA + "endDate")
        return (f'<td data-label="{h(t("col.date", lang))}"><time datetime="{h(date)}">'
                f'{h(format_period(date, end.value if end is not None else None, lang))}</time></td>'
                f'<td data-label="{h(t("col.meeting", lang))}">{self.link(meeting, lang) if meeting is not None else ""}</td>')

    def _attended(self, person: ox.NamedNode, lang: str) -> str:
        rows = self._participations(self.subjects(CAS + "participant", person))
        if not rows:
            return ""
        body = "".join(
            "<tr>" + self._meeting_cells(d, r, lang)
            + f'<td data-label="{h(t("col.state", lang))}">{self.link(r["state"], lang) if r["state"] is not None else ""}</td>'
            f'<td data-label="{h(t("col.role", lang))}">{self._roles(r, lang)}</td>'
            + self._mode_cell(r, lang) + "</tr>"
            for d, r in self._dated(rows)
        )
        return (f'<section><h2>{h(t("entity.attended", lang))}</h2><table class="grid attended stack">'
                f'<thead><tr><th>{h(t("col.date", lang))}</th><th>{h(t("col.meeting", lang))}</th><th>{h(t("col.state", lang))}</th>'
                f'<th>{h(t("col.role", lang))}</th><th>{h(t("col.attendance", lang))}</th></tr></thead><tbody>{body}</tbody></table></section>')

    def _represented(self, actor: ox.NamedNode, lang: str) -> str:
        rows = self._participations(self.subjects(CAS + "represents", actor))
        if not rows:
            return ""
        body = "".join(
            "<tr>" + self._meeting_cells(d, r, lang)
            + f'<td data-label="{h(t("col.person", lang))}">{self.link(r["person"], lang) if r["person"] is not None else ""}</td>'
            f'<td data-label="{h(t("col.role", lang))}">{self._roles(r, lang)}</td>'
            + self._mode_cell(r, lang) + "</tr>"
            for d, r in self._dated(rows)
        )
        return (f'<section><h2>{h(t("entity.state-participations", lang))}</h2><table class="grid state-participations stack">'
                f'<thead><tr><th>{h(t("col.date", lang))}</th><th>{h(t("col.meeting", lang))}</th><th>{h(t("col.person", lang))}</th>'
                f'<th>{h(t("col.role", lang))}</th><th>{h(t("col.attendance", lang))}</th></tr></thead><tbody>{body}</tbody></table></section>')

    def _format_meetings(self, fmt: ox.NamedNode, lang: str) -> str:
        meetings = self.subjects(SCHEMA + "superEvent", fmt)
        if not meetings:
            return ""
        dated = sorted(meetings, key=lambda m: (self.sort_date(m) == "", self.sort_date(m)))
        items = "".join(f'<li><time datetime="{h(self.sort_date(m))}">{h(self.key_facts(m, lang))}</time> {self.link(m, lang)}</li>' for m in dated)
        return f'<section><h2>{h(t("entity.format-meetings", lang))}</h2><ol class="summits">{items}</ol></section>'
