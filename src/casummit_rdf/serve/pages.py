"""Dereferenceable entity IRIs: ``/id/{kind}/{name}`` as HTML for people, RDF for machines.

``https://w3id.org/casummit/id/summit/…`` is served at ``/id/summit/…``. The representation
is negotiated (``Accept``) or named by a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``,
``.html``); an IRI with no statements about it is a 404. The RDF is every triple with the
entity as subject or object; the HTML page shows labels, properties, the participants of a
summit, the summits of a person or format, what refers to the entity, and its sources.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from casummit_rdf.namespaces import CAS, ID, PREFIXES, RDF_TYPE, compact
from casummit_rdf.serve.cache import AnswerCache
from casummit_rdf.serve.execute import Answer, serialize_triples
from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.formats import Format
from casummit_rdf.serve.negotiation import ENTITY_FORMATS, choose, negotiate, split_suffix

RDFS_LABEL = PREFIXES["rdfs"] + "label"
PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
SCHEMA = PREFIXES["schema"]
_PATH_RE = re.compile(r"^/id/([a-z][a-z-]*)/([A-Za-z0-9][A-Za-z0-9._~-]*)$")
_ORDER_FIRST = [RDF_TYPE, RDFS_LABEL, PREFIXES["skos"] + "altLabel"]
#: Names for the reused vocabulary terms that have no label in the loaded ontology.
_PREDICATE_NAMES = {
    RDFS_LABEL: "label",
    PREFIXES["skos"] + "altLabel": "other name",
    PREFIXES["rdfs"] + "comment": "note",
    RDF_TYPE: "type",
}


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


class EntityPages:
    """Serves ``/id/…`` paths from the store."""

    def __init__(self, store: ox.Store, cache: AnswerCache):
        self.store = store
        self.cache = cache

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
        key = ("entity", entity.value, fmt)
        answer = self.cache.get(key)
        if answer is None:
            if fmt is Format.HTML:
                answer = Answer(200, fmt.content_type, self.render(entity).encode("utf-8"))
            else:
                answer = Answer(200, fmt.content_type, serialize_triples(self.triples(entity), fmt))
            self.cache.put(key, answer)
        return Response.from_answer(answer, Vary="Accept")

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
            body = _page("Not found", f"<h1>Not found</h1><p>There is nothing about <code>{h(iri)}</code> in this knowledge graph.</p>"
                         '<p><a href="/">Back to the explorer</a></p>')
            return Response(404, body.encode("utf-8"), Format.HTML.content_type)
        return Response.text(404, f"no such entity: {iri}")

    # -- RDF ----------------------------------------------------------------------------------

    def triples(self, entity: ox.NamedNode) -> list[ox.Triple]:
        """Every triple about ``entity``: as subject, then as object."""
        out = [q.triple for q in self.store.quads_for_pattern(entity, None, None)]
        out.extend(q.triple for q in self.store.quads_for_pattern(None, None, entity))
        return out

    # -- HTML ---------------------------------------------------------------------------------

    def _objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def _subjects(self, predicate: str, obj: ox.NamedNode) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), obj)]

    def _first(self, subject, predicate: str):  # noqa: ANN001, ANN202 - pyoxigraph terms
        values = self._objects(subject, predicate)
        return values[0] if values else None

    def label(self, node: object) -> str:
        """The English label of a node, else any label, else a description or its short IRI."""
        if isinstance(node, ox.Literal):
            return node.value
        if isinstance(node, ox.NamedNode) and node.value in _PREDICATE_NAMES:
            return _PREDICATE_NAMES[node.value]
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            return str(node)
        labels = self._objects(node, RDFS_LABEL)
        for wanted in ("en", None):
            for label in labels:
                if wanted is None or label.language == wanted:
                    return label.value
        summit = self._first(node, CAS + "atSummit")
        person = self._first(node, CAS + "participant")
        if summit is not None and person is not None:
            return f"{self.label(person)} at {self.label(summit)}"
        if isinstance(node, ox.NamedNode):
            return compact(node.value)
        return "_:" + node.value

    def link(self, node: object) -> str:
        """HTML for a term: a local link for project IRIs, an outside link for web IRIs."""
        if isinstance(node, ox.Literal):
            value = node.value
            if node.datatype.value == PREFIXES["xsd"] + "anyURI" and re.match(r"^https?://", value):
                return f'<a href="{h(value)}" rel="external noopener">{h(value)}</a>'
            lang = f' <span class="lang">{h(node.language)}</span>' if node.language else ""
            return f"{h(value)}{lang}"
        if isinstance(node, ox.NamedNode):
            text = h(self.label(node))
            if node.value.startswith(ID):
                return f'<a href="/id/{h(node.value[len(ID):])}">{text}</a>'
            if node.value.startswith(CAS):
                return f'<span title="{h(node.value)}">{text}</span>'
            if re.match(r"^https?://", node.value):
                return f'<a href="{h(node.value)}" rel="external noopener" title="{h(node.value)}">{text}</a>'
            return text
        return h(self.label(node))

    def render(self, entity: ox.NamedNode) -> str:
        """The HTML page of an entity."""
        types = self._objects(entity, RDF_TYPE)
        type_names = {t.value for t in types if isinstance(t, ox.NamedNode)}
        title = self.label(entity)
        local = entity.value[len(ID):]
        parts = [
            '<p class="kind">' + " · ".join(h(self.label(t)) for t in types) + "</p>",
            f"<h1>{h(title)}</h1>",
            f'<p class="iri"><code>{h(entity.value)}</code> · <a href="/id/{h(local)}.ttl">Turtle</a> · '
            f'<a href="/id/{h(local)}.jsonld">JSON-LD</a> · <a href="/id/{h(local)}.nt">N-Triples</a></p>',
        ]
        if CAS + "Summit" in type_names:
            parts.append(self._participants(entity))
        if CAS + "Person" in type_names:
            parts.append(self._attended(entity))
        if CAS + "Format" in type_names:
            parts.append(self._format_summits(entity))
        parts.append(self._properties(entity))
        parts.append(self._sources(entity))
        parts.append(self._referenced_by(entity))
        alternates = "".join(
            f'<link rel="alternate" type="{f.media_type}" href="/id/{h(local)}.{f.suffix}">'
            for f in (Format.TURTLE, Format.JSON_LD, Format.N_TRIPLES, Format.RDF_XML)
        )
        return _page(title, "\n".join(p for p in parts if p), head=alternates)

    def _properties(self, entity: ox.NamedNode) -> str:
        grouped: dict[str, list] = defaultdict(list)
        for quad in self.store.quads_for_pattern(entity, None, None):
            if quad.predicate.value in (RDF_TYPE, PROV_DERIVED):
                continue
            grouped[quad.predicate.value].append(quad.object)
        if not grouped:
            return ""
        order = sorted(grouped, key=lambda p: (_ORDER_FIRST.index(p) if p in _ORDER_FIRST else 99, self.label(ox.NamedNode(p)).lower()))
        rows = []
        for predicate in order:
            values = sorted(grouped[predicate], key=lambda o: (getattr(o, "language", "") != "en", self.label(o).lower()))
            cells = "".join(f"<li>{self.link(v)}</li>" for v in values)
            rows.append(f'<tr><th scope="row" title="{h(predicate)}">{h(self.label(ox.NamedNode(predicate)))}</th><td><ul>{cells}</ul></td></tr>')
        return '<section><h2>Properties</h2><table class="props">' + "".join(rows) + "</table></section>"

    def _sources(self, entity: ox.NamedNode) -> str:
        sources = self._objects(entity, PROV_DERIVED)
        if not sources:
            return ""
        items = []
        for source in sorted(sources, key=lambda s: self.label(s)):
            url = self._first(source, SCHEMA + "url")
            title = self._first(source, PREFIXES["dct"] + "title")
            publisher = self._first(source, PREFIXES["dct"] + "publisher")
            issued = self._first(source, PREFIXES["dct"] + "issued")
            name = h(title.value if title is not None else (url.value if url is not None else self.label(source)))
            text = f'<a href="{h(url.value)}" rel="external noopener">{name}</a>' if url is not None and re.match(r"^https?://", url.value) else name
            extra = ", ".join(h(x.value) for x in (publisher, issued) if x is not None)
            record = f' <a class="record" href="/id/{h(source.value[len(ID):])}">record</a>' if isinstance(source, ox.NamedNode) and source.value.startswith(ID) else ""
            items.append(f"<li>{text}{' — ' + extra if extra else ''}{record}</li>")
        return '<section><h2>Sources</h2><ol class="sources">' + "".join(items) + "</ol></section>"

    def _referenced_by(self, entity: ox.NamedNode) -> str:
        grouped: dict[str, list] = defaultdict(list)
        for quad in self.store.quads_for_pattern(None, None, entity):
            if quad.predicate.value in (CAS + "atSummit",) and self._first(quad.subject, CAS + "participant") is not None:
                continue  # shown in the participants table
            grouped[quad.predicate.value].append(quad.subject)
        if not grouped:
            return ""
        rows = []
        for predicate in sorted(grouped, key=lambda p: self.label(ox.NamedNode(p)).lower()):
            subjects = sorted(grouped[predicate], key=lambda s: self.label(s).lower())
            shown = subjects[:200]
            more = f"<li>… and {len(subjects) - len(shown)} more</li>" if len(subjects) > len(shown) else ""
            cells = "".join(f"<li>{self.link(s)}</li>" for s in shown) + more
            rows.append(f'<tr><th scope="row">{h(self.label(ox.NamedNode(predicate)))} this</th><td><ul>{cells}</ul></td></tr>')
        return '<section><h2>Referenced by</h2><table class="props">' + "".join(rows) + "</table></section>"

    def _participations(self, participations: Iterable) -> list[dict[str, object]]:
        rows = []
        for part in participations:
            rows.append({
                "node": part,
                "summit": self._first(part, CAS + "atSummit"),
                "person": self._first(part, CAS + "participant"),
                "state": self._first(part, CAS + "represents"),
                "roles": self._objects(part, CAS + "role"),
                "mode": self._first(part, CAS + "attendanceMode"),
                "office": self._first(part, CAS + "inCapacityOf"),
                "for": self._objects(part, CAS + "standsInFor"),
            })
        return rows

    def _mode_cell(self, row: dict[str, object]) -> str:
        mode = row["mode"]
        css = "mode-" + (mode.value.rsplit("#", 1)[-1].lower() if isinstance(mode, ox.NamedNode) else "unknown")
        text = self.link(mode) if mode is not None else "not recorded"
        stand_in = "".join(f'<div class="standin">stands in for {self.link(p)}</div>' for p in row["for"])  # type: ignore[union-attr]
        return f'<td class="{css}">{text}{stand_in}</td>'

    def _participants(self, summit: ox.NamedNode) -> str:
        rows = self._participations(self._subjects(CAS + "atSummit", summit))
        if not rows:
            return ""
        rows.sort(key=lambda r: (self.label(r["state"]) if r["state"] is not None else "", self.label(r["person"])))
        body = "".join(
            "<tr>"
            f'<td>{self.link(r["state"]) if r["state"] is not None else ""}</td>'
            f'<td>{self.link(r["person"]) if r["person"] is not None else ""}'
            f'{"<div class=office>" + self.link(r["office"]) + "</div>" if r["office"] is not None else ""}</td>'
            f'<td>{", ".join(self.link(x) for x in r["roles"])}</td>'  # type: ignore[union-attr]
            + self._mode_cell(r)
            + f'<td><a href="/id/{h(r["node"].value[len(ID):])}">record</a></td>'  # type: ignore[union-attr]
            "</tr>"
            for r in rows
        )
        return ('<section><h2>Participants</h2><div class="scroll"><table class="grid participants">'
                "<thead><tr><th>Represents</th><th>Person</th><th>Role</th><th>Attendance</th><th></th></tr></thead>"
                f"<tbody>{body}</tbody></table></div></section>")

    def _attended(self, person: ox.NamedNode) -> str:
        rows = self._participations(self._subjects(CAS + "participant", person))
        if not rows:
            return ""
        dated = [(self._first(r["summit"], SCHEMA + "startDate") if r["summit"] is not None else None, r) for r in rows]
        dated.sort(key=lambda item: item[0].value if item[0] is not None else "")
        body = "".join(
            "<tr>"
            f"<td>{h(d.value) if d is not None else ''}</td>"
            f'<td>{self.link(r["summit"]) if r["summit"] is not None else ""}</td>'
            f'<td>{self.link(r["state"]) if r["state"] is not None else ""}</td>'
            f'<td>{", ".join(self.link(x) for x in r["roles"])}</td>'  # type: ignore[union-attr]
            + self._mode_cell(r)
            + "</tr>"
            for d, r in dated
        )
        return ('<section><h2>Summits</h2><div class="scroll"><table class="grid">'
                "<thead><tr><th>Date</th><th>Summit</th><th>Represents</th><th>Role</th><th>Attendance</th></tr></thead>"
                f"<tbody>{body}</tbody></table></div></section>")

    def _format_summits(self, fmt: ox.NamedNode) -> str:
        summits = self._subjects(SCHEMA + "superEvent", fmt)
        if not summits:
            return ""
        dated = sorted(((self._first(s, SCHEMA + "startDate"), s) for s in summits), key=lambda i: i[0].value if i[0] is not None else "")
        items = "".join(f"<li><time>{h(d.value) if d is not None else ''}</time> {self.link(s)}</li>" for d, s in dated)
        return f'<section><h2>Summits</h2><ol class="summits">{items}</ol></section>'


def _page(title: str, body: str, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(title)} · casummit</title>"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        f'<link rel="stylesheet" href="/static/app.css">{head}</head>'
        '<body><header class="site"><a class="brand" href="/">casummit</a>'
        '<nav><a href="/#query">Query</a><a href="/#timeline">Timeline</a><a href="/#matrix">Matrix</a>'
        '<a href="/api/openapi.json">API</a></nav></header>'
        f'<main class="entity">{body}</main></body></html>\n'
    )
