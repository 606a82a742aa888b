"""Counts that describe the graph, and the coverage report behind ``casummit stats --coverage``.

The coverage report answers "how complete and how traceable is the record?": held summits per
format and year, fact-bearing nodes without a source (must be zero), entities without a
Wikidata Q-id, and entities missing a label in a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from casummit_rdf.namespaces import compact
from casummit_rdf.resources import internal_query
from casummit_rdf.sparql import run_sparql

#: Languages every labelled entity needs; the heads of the five states need their own language too.
LANGUAGES = ("en", "ru")
NATIVE_LANGUAGES = ("kk", "ky", "tg", "tk", "uz")  # as in sparql_resources/stats/missing-native-labels.rq


def _rows(name: str, store: ox.Store) -> list[dict[str, dict[str, str]]]:
    return run_sparql(internal_query(f"stats/{name}"), graph=store).rows


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

    def to_json(self) -> dict[str, Any]:
        return {"triples": self.triples, "classes": self.classes, "summits": self.summits}


def graph_stats(store: ox.Store) -> GraphStats:
    """Compute :class:`GraphStats` for a loaded store."""
    stats = GraphStats(triples=len(store))
    for row in _rows("class-counts", store):
        stats.classes[row["class"]["value"]] = int(row["n"]["value"])
    for row in _rows("summits-per-format", store):
        stats.summits.setdefault(row["format"]["value"], {})[row["status"]["value"]] = int(row["n"]["value"])
    return stats


@dataclass
class Coverage:
    """The coverage report: completeness and traceability of the record."""

    held_per_format_year: dict[str, dict[int, int]] = field(default_factory=dict)
    unsourced: list[tuple[str, str]] = field(default_factory=list)
    without_wikidata: list[tuple[str, str]] = field(default_factory=list)
    missing_labels: dict[str, list[str]] = field(default_factory=dict)

    @property
    def held_total(self) -> int:
        return sum(sum(years.values()) for years in self.held_per_format_year.values())

    def lines(self) -> list[str]:
        years = sorted({y for per in self.held_per_format_year.values() for y in per})
        out = [f"held summits per format and year ({self.held_total} in all):"]
        width = max([len(compact(f)) for f in self.held_per_format_year] + [6])
        out.append("  " + "format".ljust(width) + "".join(f"{y:>6}" for y in years) + "  total")
        for fmt, per in self.held_per_format_year.items():
            cells = "".join(f"{per.get(y, 0) or '.':>6}" for y in years)
            out.append("  " + compact(fmt).ljust(width) + cells + f"{sum(per.values()):>7}")
        out.append(f"facts without a source: {len(self.unsourced)}")
        out += [f"  {compact(node)} ({compact(cls)})" for node, cls in self.unsourced]
        out.append(f"entities without a Wikidata Q-id: {len(self.without_wikidata)}")
        by_class: dict[str, int] = {}
        for _node, cls in self.without_wikidata:
            by_class[cls] = by_class.get(cls, 0) + 1
        out += [f"  {compact(cls)}: {n}" for cls, n in sorted(by_class.items())]
        out.append("missing labels per language:")
        for lang, nodes in self.missing_labels.items():
            out.append(f"  @{lang}: {len(nodes)}" + (f" ({', '.join(compact(n) for n in nodes[:8])}{' …' if len(nodes) > 8 else ''})" if nodes else ""))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "held_summits": {f: {str(y): n for y, n in per.items()} for f, per in self.held_per_format_year.items()},
            "held_total": self.held_total,
            "unsourced": [{"node": n, "class": c} for n, c in self.unsourced],
            "without_wikidata": [{"node": n, "class": c} for n, c in self.without_wikidata],
            "missing_labels": self.missing_labels,
        }


def coverage(store: ox.Store) -> Coverage:
    """Compute the :class:`Coverage` report for a loaded store."""
    report = Coverage()
    for row in _rows("held-per-format-year", store):
        report.held_per_format_year.setdefault(row["format"]["value"], {})[int(row["year"]["value"])] = int(
            row["n"]["value"]
        )
    report.unsourced = [(r["node"]["value"], r["class"]["value"]) for r in _rows("unsourced", store)]
    report.without_wikidata = [(r["node"]["value"], r["class"]["value"]) for r in _rows("without-wikidata", store)]
    for lang in (*LANGUAGES, *NATIVE_LANGUAGES):
        report.missing_labels[lang] = []
    for row in _rows("missing-labels", store):
        report.missing_labels[row["lang"]["value"]].append(row["node"]["value"])
    for row in _rows("missing-native-labels", store):
        report.missing_labels[row["lang"]["value"]].append(row["node"]["value"])
    return report
