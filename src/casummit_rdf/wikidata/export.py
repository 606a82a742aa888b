"""The export's entry points: load once, then write a batch, the Wikibase RDF, or a reconciliation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.formats import Format
from casummit_rdf.graph import PathLike, load_store
from casummit_rdf.namespaces import compact
from casummit_rdf.resources import internal_query
from casummit_rdf.sparql import run_sparql
from casummit_rdf.wikidata.api import WikibaseApi
from casummit_rdf.wikidata.build import Export, build_export
from casummit_rdf.wikidata.decisions import read_created, read_decisions
from casummit_rdf.wikidata.mapping import WikibaseMap
from casummit_rdf.wikidata.model import WikidataError
from casummit_rdf.wikidata.plan import Known
from casummit_rdf.wikidata.quickstatements import phase_one, phase_two
from casummit_rdf.wikidata.reconcile import Reconciliation, reconcile
from casummit_rdf.wikidata.wikibase_rdf import serialize, wikibase_triples


@dataclass
class Session:
    """The data, the map, the known Q-ids and the export's items, built once."""

    store: ox.Store
    wmap: WikibaseMap
    known: Known
    export: Export

    @classmethod
    def open(cls, data: Iterable[PathLike] | None = None, *, decisions: Path | None = None,
             created: Path | None = None, map_path: Path | None = None) -> Session:
        """Load ``data`` (default: bundled) with the decisions file (default: bundled) and created items."""
        wmap = WikibaseMap.load(map_path)
        store = load_store(data)
        data_qids = {
            row["node"]["value"]: row["qid"]["value"]
            for row in run_sparql(internal_query("wikidata/wikidata-ids"), graph=store).rows
        }
        decided = read_decisions(decisions)
        created_qids: dict[str, str] = {}
        for iri, (qid, where) in (read_created(created).items() if created else ()):
            have = data_qids.get(iri) or (decided[iri].qid if iri in decided else None)
            if have and have != qid:
                raise WikidataError(f"{where}: created item {qid} for {compact(iri)} contradicts its known Q-id {have}")
            created_qids[iri] = qid
        known = Known(data_qids, decided, created_qids)
        return cls(store, wmap, known, build_export(store, wmap, known.all_qids()))

    def reconcile(self, api: WikibaseApi) -> Reconciliation:
        """Ask the Wikibase for candidates of every entity without a Q-id or decision."""
        return reconcile(self.store, self.export.entities, self.known.data, self.known.decisions, api)

    def quickstatements(self, reconciliation: Reconciliation | None = None) -> str:
        """The phase-1 batch (creates only what reconciliation or a decision allows)."""
        return phase_one(self.export, self.known, self.wmap, reconciliation)

    def phase_two(self) -> str:
        """The phase-2 batch: links to the items listed as created."""
        return phase_two(self.export, self.known, self.wmap)

    def wikibase_rdf(self, fmt: Format = Format.TURTLE) -> str:
        """The Wikibase RDF model of the export, in Turtle or N-Triples."""
        labels: dict[str, dict[str, str]] = {}
        for row in run_sparql(internal_query("wikidata/terms"), graph=self.store).rows:
            if row["kind"]["value"] == "label":
                labels.setdefault(row["node"]["value"], {}).setdefault(row["text"].get("xml:lang", ""), row["text"]["value"])
        return serialize(wikibase_triples(self.export, self.known, self.wmap, labels), fmt)


def export_quickstatements(data: Iterable[PathLike] | None = None, *, decisions: Path | None = None,
                           api: WikibaseApi | None = None) -> str:
    """The phase-1 QuickStatements batch for the data (reconciled first when ``api`` is given)."""
    session = Session.open(data, decisions=decisions)
    return session.quickstatements(session.reconcile(api) if api else None)


def export_phase_two(created: Path, data: Iterable[PathLike] | None = None, *, decisions: Path | None = None) -> str:
    """The phase-2 QuickStatements batch from the items phase 1 created."""
    return Session.open(data, decisions=decisions, created=created).phase_two()


def export_wikibase_rdf(data: Iterable[PathLike] | None = None, *, fmt: Format = Format.TURTLE,
                        decisions: Path | None = None, created: Path | None = None) -> str:
    """The Wikibase RDF dump of the data (deterministic)."""
    return Session.open(data, decisions=decisions, created=created).wikibase_rdf(fmt)
