"""Names of nodes and terms in the reader's language, with a visible fallback.

A node's name is its ``rdfs:label`` in the chosen language; failing that, English, Russian or any
label, and the page says so (:attr:`Label.fallback`). Properties and classes of the project are
named by their ontology labels; reused terms (``schema:startDate`` …) by ``web/term-labels.json``;
a few basic RDF terms by :data:`casummit_rdf.i18n.BASIC_TERM_LABELS`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.i18n import BASIC_TERM_LABELS, DEFAULT_LANGUAGE, LANGUAGES
from casummit_rdf.namespaces import CAS, ID, PREFIXES, compact

RDFS_LABEL = PREFIXES["rdfs"] + "label"
TERM_LABELS_FILE = Path(__file__).resolve().parent / "web" / "term-labels.json"


@dataclass(frozen=True)
class Label:
    """A name and the language it is in (``None`` for a name made from the IRI)."""

    text: str
    lang: str | None
    wanted: str

    @property
    def fallback(self) -> bool:
        """True when the name is not in the language asked for."""
        return self.lang != self.wanted


def read_term_labels(path: Path = TERM_LABELS_FILE) -> dict[str, dict[str, str]]:
    """``{iri: {"en": …, "ru": …}}`` of the reused vocabulary terms."""
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): {str(lk): str(lv) for lk, lv in v.items()} for k, v in loaded.items() if isinstance(v, dict)}


class Labels:
    """Label look-up over a read-only store; the table is built once, on first use."""

    def __init__(self, store: ox.Store, term_labels: dict[str, dict[str, str]] | None = None):
        self.store = store
        self._terms = read_term_labels() if term_labels is None else term_labels
        self._table: dict[str, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def table(self) -> dict[str, dict[str, str]]:
        """IRI → {language: label} for every labelled node (first label per language wins)."""
        with self._lock:
            if self._table is None:
                table: dict[str, dict[str, str]] = {}
                for quad in self.store.quads_for_pattern(None, ox.NamedNode(RDFS_LABEL), None):
                    if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                        entry = table.setdefault(quad.subject.value, {})
                        entry.setdefault(quad.object.language or "", quad.object.value)
                for iri, names in self._terms.items():  # reused terms: the side file decides
                    if not iri.startswith(CAS):
                        table[iri] = dict(names)
                for iri, names in BASIC_TERM_LABELS.items():
                    table.setdefault(iri, dict(names))
                self._table = table
            return self._table

    def get(self, node: object, lang: str) -> Label:
        """The name of ``node`` in ``lang``, else in another language, else from its IRI."""
        if isinstance(node, ox.Literal):
            return Label(node.value, node.language or lang, lang)
        iri = node.value if isinstance(node, (ox.NamedNode, ox.BlankNode)) else str(node)
        names = self.table().get(iri)
        if names:
            for candidate in (lang, DEFAULT_LANGUAGE, *LANGUAGES, ""):
                if candidate in names:
                    return Label(names[candidate], candidate or None, lang)
            first = next(iter(names))
            return Label(names[first], first or None, lang)
        if isinstance(node, ox.BlankNode):
            return Label("_:" + node.value, None, lang)
        return Label(short_name(iri), None, lang)

    def text(self, node: object, lang: str) -> str:
        return self.get(node, lang).text

    def search(self, text: str) -> list[str]:
        """Project IRIs whose label in any language contains ``text`` (case-insensitive)."""
        needle = text.casefold().strip()
        if not needle:
            return []
        return sorted(iri for iri, names in self.table().items()
                      if iri.startswith(ID) and any(needle in name.casefold() for name in names.values()))


def short_name(iri: str) -> str:
    """``summit:2025-…`` for project IRIs, the local name of other terms."""
    compacted = compact(iri)
    if compacted != iri:
        return compacted
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
