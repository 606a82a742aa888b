"""Which sources support which fact: the per-fact provenance model, read for the references.

The data cites a source in two ways (PROV-O's qualification pattern):

* a **qualified derivation** (``prov:qualifiedDerivation [ prov:entity S ; cas:supportsProperty P … ]``)
  says that S supports the values of P (and only those) on its node;
* a **plain** ``prov:wasDerivedFrom S`` says that S supports the node. Because the qualified
  form implies the plain one, a node keeps the plain link to every qualified source too; a plain
  source that is also the entity of one of the node's qualified derivations therefore supports
  only what that derivation names.

A reference for a statement built from the properties ``P1, P2 …`` of a node is then:

* for a **meeting** (a summit or a ministerial meeting): each source whose qualified derivation
  names one of those properties. Meetings cite sources only that way, so a meeting without
  qualified derivations (data not yet migrated) gets no reference at all — never every source of
  the node;
* for a **fact node** (a participation, a document, a format): each source that supports the
  whole node, plus each qualified source that names one of the properties.

A **code list** (the CAMEO event-code table, the PLOVER mapping — a source cited with
``dct:source`` on a term of a vocabulary) is never a reference, whatever a node says, and a source
with neither a URL nor an item cannot be written as one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from casummit_rdf.namespaces import CAS
from casummit_rdf.resources import internal_query
from casummit_rdf.sparql import run_sparql
from casummit_rdf.wikidata.model import Reference


def _rows(store: ox.Store, name: str, bindings: dict[str, ox.NamedNode] | None = None) -> list[dict[str, str]]:
    result = run_sparql(internal_query(f"wikidata/{name}"), graph=store, bindings=bindings)
    return [{key: term["value"] for key, term in row.items()} for row in result.rows]


class Provenance:
    """The sources of every node, indexed once per export."""

    def __init__(self, store: ox.Store):
        self.meetings = {r["node"] for r in _rows(store, "instances", {"_class": ox.NamedNode(CAS + "Meeting")})}
        self.code_lists = {r["source"] for r in _rows(store, "code-lists")}
        self._plain: dict[str, set[str]] = defaultdict(set)
        for r in _rows(store, "plain-derivations"):
            self._plain[r["node"]].add(r["source"])
        #: node → source → properties it supports (an empty set: a qualified derivation naming nothing)
        self._qualified: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for r in _rows(store, "qualified-derivations"):
            named = self._qualified[r["node"]][r["source"]]
            if "property" in r:
                named.add(r["property"])
        self._details: dict[str, Reference] = {}
        for r in _rows(store, "source-details"):
            # Rows are sorted by retrieval date: a source with two dates keeps the earliest.
            self._details.setdefault(r["source"], Reference(r.get("url"), r.get("retrieved"), r.get("qid"), r["source"]))

    def is_code_list(self, source: str) -> bool:
        """Whether ``source`` is a code list (vocabulary, not evidence)."""
        return source in self.code_lists

    def whole_node_sources(self, node: str) -> set[str]:
        """Sources that support every fact of ``node`` (none for a meeting)."""
        if node in self.meetings:
            return set()
        return self._plain.get(node, set()) - set(self._qualified.get(node, {}))

    def sources_for(self, node: str, properties: Iterable[str]) -> set[str]:
        """Sources that support the values of ``properties`` on ``node`` (see the module docstring)."""
        wanted = set(properties)
        found = self.whole_node_sources(node)
        for source, named in self._qualified.get(node, {}).items():
            if named & wanted:
                found.add(source)
        return found

    def has_qualified_derivations(self, node: str) -> bool:
        """Whether ``node`` cites any source through a qualified derivation."""
        return bool(self._qualified.get(node))

    def references(self, node: str, properties: Iterable[str]) -> tuple[Reference, ...]:
        """The references a statement from ``properties`` of ``node`` carries, sorted by URL.

        Code lists and sources that have neither a URL nor an item are left out.
        """
        refs = []
        for source in self.sources_for(node, properties):
            if self.is_code_list(source):
                continue
            ref = self._details.get(source)
            if ref is None or (ref.url is None and ref.stated_in is None):
                continue
            refs.append(ref)
        return tuple(sorted(refs, key=lambda r: (r.url or "", r.source)))
