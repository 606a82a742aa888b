"""The P-id / Q-id map of the export, read from ``ontology/wikidata-map.ttl``.

Another Wikibase (where ``instance of`` is not P31) edits that file, not this code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.errors import DataError
from casummit_rdf.locations import display_path
from casummit_rdf.sparql import run_sparql
from casummit_rdf.wikidata.model import WD, WikidataError

CASW = "https://w3id.org/casummit/wikidata-map#"

#: Slots the exporter needs from the map (local names under ``casw:``).
REQUIRED_SLOTS = (
    "instanceOf", "pointInTime", "startTime", "endTime", "location", "country", "participant",
    "objectHasRole", "organizer", "chairperson", "partOfTheSeries", "seriesOrdinal", "follows",
    "followedBy", "signatory", "referenceUrl", "retrieved", "statedIn", "summitItem",
    "recurringEventItem", "gregorianCalendar",
)


def default_map_path() -> Path:
    """The bundled map file."""
    return resources.ontology_dir() / "wikidata-map.ttl"


@dataclass(frozen=True)
class WikibaseMap:
    """Ids from the map: slots (``casw:instanceOf`` → ``P31``), class items and role items."""

    slots: dict[str, str]  # slot local name → "P31" / "Q1072326"
    classes: dict[str, str]  # ontology class IRI → item id (the P31 value of its instances)
    roles: dict[str, str]  # cas role IRI → item id (the P3831 value)

    def __getitem__(self, slot: str) -> str:
        return self.slots[slot]

    @classmethod
    def load(cls, path: Path | None = None) -> WikibaseMap:
        """Read the map; a missing file or a missing slot is a :class:`WikidataError`."""
        from casummit_rdf.graph import parse_file

        path = path or default_map_path()
        if not path.is_file():
            raise WikidataError(f"{display_path(path)}: the Wikidata map file is missing")
        store = ox.Store()
        try:
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in parse_file(path))
        except DataError as error:
            raise WikidataError(str(error)) from None
        slots = {}
        for row in run_sparql(resources.internal_query("wikidata/map-ids"), graph=store).rows:
            slot = row["slot"]["value"]
            if slot.startswith(CASW):
                slots.setdefault(slot[len(CASW):], row["id"]["value"])
        missing = [slot for slot in REQUIRED_SLOTS if slot not in slots]
        if missing:
            raise WikidataError(
                f"{display_path(path)}: no casw:wikibaseId for slot(s) {', '.join('casw:' + m for m in missing)}"
            )
        classes = {
            row["class"]["value"]: row["id"]["value"]
            for row in run_sparql(resources.internal_query("wikidata/map-classes"), graph=store).rows
        }
        roles = {
            row["role"]["value"]: row["item"]["value"][len(WD):]
            for row in run_sparql(resources.internal_query("wikidata/map-roles"), graph=store).rows
        }
        return cls(slots, classes, roles)
