"""Counts that describe the graph, and the coverage report behind ``casummit stats --coverage``.

The coverage report answers "how complete and how traceable is the record?": held summits per
format and year, held meetings per format, level and year, commitments per document, facts of
meetings that no per-fact source names and fact-bearing nodes without a source (both must be
zero), entities without a Wikidata Q-id, and entities missing a label in a language.
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
    #: format -> level -> year -> held meetings (summits are the leaders' level)
    meetings: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)
    #: (document, meeting, commitments written in it)
    commitments_per_document: list[tuple[str, str, int]] = field(default_factory=list)
    #: (meeting, property) pairs that no qualified derivation names
    without_fact_source: list[tuple[str, str]] = field(default_factory=list)
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
        out += self._meeting_lines()
        coded = [row for row in self.commitments_per_document if row[2]]
        out.append(f"commitments per document ({sum(n for *_, n in coded)} in {len(coded)} of "
                   f"{len(self.commitments_per_document)} documents):")
        out += [f"  {compact(doc)}: {n}" for doc, _meeting, n in coded]
        out.append(f"facts of meetings without a per-fact source: {len(self.without_fact_source)}")
        out += [f"  {compact(node)} {compact(prop)}" for node, prop in self.without_fact_source]
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

    def _meeting_lines(self) -> list[str]:
        years = sorted({y for per in self.meetings.values() for by_year in per.values() for y in by_year})
        total = sum(n for per in self.meetings.values() for by_year in per.values() for n in by_year.values())
        out = [f"held meetings per format, level and year ({total} in all):"]
        if not years:
            return out
        keys = [(compact(f), compact(level)) for f, per in self.meetings.items() for level in per]
        width = max([len(f"{f} {level}") for f, level in keys] + [14])
        out.append("  " + "format level".ljust(width) + "".join(f"{str(y)[2:]:>3}" for y in years) + "  total")
        for fmt, per in self.meetings.items():
            for level, by_year in per.items():
                cells = "".join(f"{by_year.get(y, 0) or '.':>3}" for y in years)
                out.append("  " + f"{compact(fmt)} {compact(level)}".ljust(width) + cells + f"{sum(by_year.values()):>7}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "held_summits": {f: {str(y): n for y, n in per.items()} for f, per in self.held_per_format_year.items()},
            "held_total": self.held_total,
            "held_meetings": {
                f: {level: {str(y): n for y, n in by_year.items()} for level, by_year in per.items()}
                for f, per in self.meetings.items()
            },
            "commitments_per_document": [
                {"document": d, "meeting": m, "commitments": n} for d, m, n in self.commitments_per_document
            ],
            "without_fact_source": [{"node": n, "property": p} for n, p in self.without_fact_source],
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
    for row in _rows("meetings-per-format-level-year", store):
        per = report.meetings.setdefault(row["format"]["value"], {}).setdefault(row["level"]["value"], {})
        per[int(row["year"]["value"])] = int(row["n"]["value"])
    report.commitments_per_document = [
        (r["document"]["value"], r["meeting"]["value"], int(r["n"]["value"])) for r in _rows("commitments-per-document", store)
    ]
    report.without_fact_source = [
        (r["node"]["value"], r["property"]["value"]) for r in _rows("facts-without-derivation", store)
    ]
    report.unsourced = [(r["node"]["value"], r["class"]["value"]) for r in _rows("unsourced", store)]
    report.without_wikidata = [(r["node"]["value"], r["class"]["value"]) for r in _rows("without-wikidata", store)]
    for lang in (*LANGUAGES, *NATIVE_LANGUAGES):
        report.missing_labels[lang] = []
    for row in _rows("missing-labels", store):
        report.missing_labels[row["lang"]["value"]].append(row["node"]["value"])
    for row in _rows("missing-native-labels", store):
        report.missing_labels[row["lang"]["value"]].append(row["node"]["value"])
    return report
