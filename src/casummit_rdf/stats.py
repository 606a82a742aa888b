"""Counts that describe the graph: triples, entities per class, summits per format and status."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from casummit_rdf.namespaces import CAS, PREFIXES, compact
from casummit_rdf.queries import run_sparql

_CLASS_COUNTS = f"""
PREFIX cas: <{CAS}>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(cas:)))
  FILTER NOT EXISTS {{ ?s a <{PREFIXES['owl']}Class> }}
}} GROUP BY ?class ORDER BY ?class
"""

_SUMMITS = f"""
PREFIX cas: <{CAS}>
PREFIX schema: <{PREFIXES['schema']}>
SELECT ?format ?status (COUNT(?summit) AS ?n) WHERE {{
  ?summit a cas:Summit ; schema:superEvent ?format ; schema:eventStatus ?status .
}} GROUP BY ?format ?status ORDER BY ?format ?status
"""


@dataclass
class GraphStats:
    """Triples, instances per ontology class, and summits per format and status."""

    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    summits: dict[str, dict[str, int]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"triples: {self.triples}", "instances per class:"]
        out += [f"  {compact(c)}: {n}" for c, n in self.classes.items()]
        out.append("summits per format (by status):")
        for fmt, statuses in self.summits.items():
            detail = ", ".join(f"{compact(s)} {n}" for s, n in statuses.items())
            out.append(f"  {compact(fmt)}: {detail}")
        return out


def graph_stats(store: ox.Store) -> GraphStats:
    """Compute :class:`GraphStats` for a loaded store."""
    stats = GraphStats(triples=len(store))
    for row in run_sparql(_CLASS_COUNTS, graph=store).rows:
        stats.classes[row["class"]["value"]] = int(row["n"]["value"])
    for row in run_sparql(_SUMMITS, graph=store).rows:
        stats.summits.setdefault(row["format"]["value"], {})[row["status"]["value"]] = int(row["n"]["value"])
    return stats
