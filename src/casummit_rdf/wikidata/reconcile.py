"""Reconcile before create: ask a Wikibase which items may already be the entities the export would create.

For every summit, format and document the export would create, and every person, city and venue
it points at, that has no Q-id in the data and no reviewed decision, the English and Russian
labels are searched (``wbsearchentities``); any hit is a candidate, and an entity with a
candidate is not created until a reviewer records a decision (a Q-id, or ``new``) in the
decisions file. The items of the recorded decisions are fetched (``wbgetentities``) so that a
decision pointing at a deleted or redirected item is caught.

The report (:meth:`Reconciliation.report`) is tab-separated; for an entity without candidates it
gives the search as the evidence a reviewer may record with ``new``.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox

from casummit_rdf.namespaces import CAS, compact
from casummit_rdf.resources import internal_query
from casummit_rdf.sparql import run_sparql
from casummit_rdf.wikidata import text
from casummit_rdf.wikidata.api import WikibaseApi
from casummit_rdf.wikidata.decisions import Decision
from casummit_rdf.wikidata.model import Entity

#: Classes of the entities the export points at but never creates, with the name used in reports.
LINKED_KINDS = ((CAS + "Person", "person"), (CAS + "City", "city"), (CAS + "Venue", "venue"))


@dataclass(frozen=True)
class Candidate:
    """An item the Wikibase returned for an entity's label."""

    qid: str
    label: str
    description: str

    def __str__(self) -> str:
        described = f" — {self.description}" if self.description else ""
        return f"{self.qid} {self.label}{described}"


@dataclass
class Lookup:
    """The search for one entity."""

    iri: str
    kind: str
    labels: dict[str, str]
    candidates: list[Candidate] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)  # the request URLs, the evidence of "no candidate"


@dataclass(frozen=True)
class DecisionCheck:
    """A recorded decision as the Wikibase sees its item."""

    decision: Decision
    label: str | None
    problem: str | None  # None: the item exists and is not a redirect


@dataclass
class Reconciliation:
    """Everything one reconcile run learnt."""

    api: str
    lookups: dict[str, Lookup]
    checks: list[DecisionCheck]

    def candidates(self, iri: str) -> list[Candidate] | None:
        """The candidates of ``iri`` (``None``: it was not looked up)."""
        lookup = self.lookups.get(iri)
        return None if lookup is None else lookup.candidates

    @property
    def needs_decision(self) -> list[Lookup]:
        return [lookup for lookup in self.lookups.values() if lookup.candidates]

    @property
    def problems(self) -> list[DecisionCheck]:
        return [check for check in self.checks if check.problem]

    def report(self) -> str:
        """The tab-separated report: one line per entity looked up or decided."""
        lines = ["# casummit-rdf reconciliation against " + self.api,
                 "# 'needs a decision': record a Q-id or 'new' for the entity in the decisions file; "
                 "'no candidate': after review, 'new' may be recorded with the search as its evidence",
                 "entity\tkind\tlabel\tstatus\tcandidates\tevidence"]
        for iri, lookup in sorted(self.lookups.items()):
            label = lookup.labels.get("en") or lookup.labels.get("ru") or ""
            status = "needs a decision" if lookup.candidates else "no candidate"
            evidence = lookup.searches[0] if lookup.searches else ""
            cands = "; ".join(str(c) for c in lookup.candidates)
            lines.append("\t".join(_cell(v) for v in (compact(iri), lookup.kind, label, status, cands, evidence)))
        for check in sorted(self.checks, key=lambda c: c.decision.entity):
            status = f"decision problem: {check.problem}" if check.problem else "decided"
            label = check.label or ""
            lines.append("\t".join(_cell(v) for v in (compact(check.decision.entity), "decision", label, status,
                                                      check.decision.decision, check.decision.evidence)))
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        decided = len(self.checks) - len(self.problems)
        return (f"reconciled {len(self.lookups)} entities against {self.api}: {len(self.needs_decision)} need a decision, "
                f"{len(self.lookups) - len(self.needs_decision)} have no candidate; {decided} recorded decisions checked, "
                f"{len(self.problems)} with a problem")


def _cell(value: str) -> str:
    return " ".join(value.split())  # no TAB or line break inside a cell


def _linked_nodes(store: ox.Store) -> list[tuple[str, str]]:
    found = []
    for cls, kind in LINKED_KINDS:
        rows = run_sparql(internal_query("wikidata/instances"), graph=store, bindings={"_class": ox.NamedNode(cls)}).rows
        found.extend((r["node"]["value"], kind) for r in rows)
    return found


def _labels(store: ox.Store) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in run_sparql(internal_query("wikidata/terms"), graph=store).rows:
        if row["kind"]["value"] == "label":
            labels.setdefault(row["node"]["value"], {}).setdefault(row["text"].get("xml:lang", ""), row["text"]["value"])
    return labels


def reconcile(store: ox.Store, entities: list[Entity], data_qids: dict[str, str], decisions: dict[str, Decision],
              api: WikibaseApi) -> Reconciliation:
    """Look up every entity without a Q-id or decision, and check every recorded decision."""
    labels = _labels(store)
    targets: list[tuple[str, str, dict[str, str]]] = [(e.iri, e.kind.value, e.labels) for e in entities]
    targets += [(iri, kind, {lang: text.bare_label(t) for lang, t in labels.get(iri, {}).items()})
                for iri, kind in _linked_nodes(store)]
    lookups: dict[str, Lookup] = {}
    for iri, kind, names in targets:
        if iri in data_qids or iri in decisions or iri in lookups:
            continue
        lookup = Lookup(iri, kind, dict(names))
        seen: set[str] = set()
        for lang in ("en", "ru"):
            name = names.get(lang)
            if not name:
                continue
            lookup.searches.append(api.url + "?" + urllib.parse.urlencode(
                {"action": "wbsearchentities", "search": name, "language": lang, "type": "item"}))
            for hit in api.search(name, lang):
                if hit.qid not in seen:
                    seen.add(hit.qid)
                    lookup.candidates.append(Candidate(hit.qid, hit.label, hit.description))
        lookups[iri] = lookup
    relevant = [d for d in decisions.values() if d.qid]
    info = api.entities(d.qid for d in relevant) if relevant else {}
    checks = []
    for decision in sorted(relevant, key=lambda d: d.entity):
        item = info.get(decision.qid)
        if item is None or item.qid is None:
            checks.append(DecisionCheck(decision, None, f"{decision.qid} does not exist on the Wikibase"))
        elif item.redirected_to:
            checks.append(DecisionCheck(decision, item.labels.get("en"),
                                        f"{decision.qid} redirects to {item.redirected_to}; record {item.redirected_to}"))
        else:
            checks.append(DecisionCheck(decision, item.labels.get("en") or item.labels.get("ru"), None))
    return Reconciliation(api.url, lookups, checks)
