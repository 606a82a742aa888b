"""``/id/``: the records by kind, with a search by name in English and Russian (``?q=``)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from casummit_rdf.formats import Format
from casummit_rdf.i18n import kind_name, plural_word, t
from casummit_rdf.namespaces import ID
from casummit_rdf.serve.describe import Describer
from casummit_rdf.serve.layout import h, page, request_language
from casummit_rdf.serve.messages import Request, Response, single

#: Reached from their meetings and people, not listed on their own.
NOT_LISTED = {"participation", "term"}
KIND_ORDER = ["summit", "meeting", "format", "actor", "person", "office", "document", "commitment", "place", "area",
              "source", "participation", "term", "plan", "count", "conflict", "milestone"]


class IndexPage:
    """The index of the records of a store."""

    def __init__(self, describer: Describer):
        self.describer = describer
        self._listed: list[str] | None = None

    def listed(self) -> list[str]:
        """The records the index lists: every project IRI but participations and office terms."""
        if self._listed is None:
            store = self.describer.store
            subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None)
                        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID)}
            self._listed = sorted(i for i in subjects if i[len(ID):].split("/", 1)[0] not in NOT_LISTED)
        return self._listed

    def render(self, request: Request) -> Response:
        """``/id/``: entities by kind; ``?q=`` searches names in both languages, ``?kind=`` narrows."""
        lang = request_language(request)
        query = (single(request.params, "q") or "").strip()[:200]
        kind = single(request.params, "kind") or ""
        table = self.describer.labels.table()
        listed = self.listed()
        if query:
            needle = query.casefold()
            found = set(self.describer.labels.search(query))
            # records without a label (commitments, plans …) are found by their key facts
            found.update(iri for iri in listed if iri not in table and needle in self.describer.name(ox.NamedNode(iri), lang).casefold())
            iris = sorted(iri for iri in found if iri in listed)
        else:
            iris = listed
        if kind:
            iris = [iri for iri in iris if iri[len(ID):].split("/", 1)[0] == kind]
        by_kind: dict[str, list[str]] = defaultdict(list)
        for iri in iris:
            by_kind[iri[len(ID):].split("/", 1)[0]].append(iri)
        kinds = sorted({iri[len(ID):].split("/", 1)[0] for iri in listed},
                       key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))
        options = "".join(f'<option value="{h(k)}"{" selected" if k == kind else ""}>{h(kind_name(k, lang))}</option>' for k in kinds)
        form = (f'<form class="search" method="get" action="/id/" role="search">'
                f'<label for="index-q">{h(t("index.search", lang))}</label>'
                f'<input id="index-q" name="q" type="search" value="{h(query)}" autocomplete="off">'
                f'<label for="index-kind">{h(t("index.kind", lang))}</label>'
                f'<select id="index-kind" name="kind"><option value="">{h(t("index.all", lang))}</option>{options}</select>'
                f'<input type="hidden" name="lang" value="{lang}"><button type="submit">{h(t("index.go", lang))}</button></form>')
        sections = []
        for name in sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k)):
            entries = sorted(by_kind[name], key=lambda iri: (self.describer.sort_date(ox.NamedNode(iri)) if name in ("summit", "meeting") else "",
                                                             self.describer.labels.text(ox.NamedNode(iri), lang).lower()),
                             reverse=name in ("summit", "meeting"))
            items = "".join(f"<li>{self.describer.link(ox.NamedNode(iri), lang, facts=True)}</li>" for iri in entries)
            sections.append(f'<section class="index-kind" id="kind-{h(name)}"><h2>{h(kind_name(name, lang))} <span class="count">({len(entries)})</span></h2>'
                            f'<ul class="index-list">{items}</ul></section>')
        count = len(iris)
        summary = (t("index.results", lang, count=count, records=plural_word("records", count, lang)) if iris
                   else t("index.none", lang, text=query))
        body = (f'<h1>{h(t("index.heading", lang))}</h1>{form}<p class="legend" id="index-count">{h(summary)}</p>' + "".join(sections))
        html_page = page(request, lang, t("index.heading", lang), body, main_class="entity index")
        return Response(200, html_page.encode("utf-8"), Format.HTML.content_type, {"Vary": "Accept-Language"})
