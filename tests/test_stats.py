"""Counts and the coverage report (``casummit stats --coverage``) on the bundled data."""

from __future__ import annotations

import json
import subprocess
import sys

from casummit_rdf.graph import load_store
from casummit_rdf.namespaces import CAS, PREFIXES
from casummit_rdf.stats import coverage, graph_stats

FORMAT = PREFIXES["format"]


def test_every_fact_has_a_source_and_every_head_of_state_native_labels() -> None:
    report = coverage(load_store())
    assert report.unsourced == []
    for lang in ("en", "ru", "kk", "ky", "tg", "tk", "uz"):
        assert report.missing_labels[lang] == [], lang


def test_held_summits_cover_the_record_up_to_2025() -> None:
    held = coverage(load_store()).held_per_format_year
    up_to_2025 = sum(n for per in held.values() for year, n in per.items() if year <= 2025)
    assert up_to_2025 >= 23
    assert held[FORMAT + "consultative-meeting"] == {2018: 1, 2019: 1, 2021: 1, 2022: 1, 2023: 1, 2024: 1, 2025: 2}
    assert held[FORMAT + "c5-plus-1"] == {2023: 1, 2025: 1}
    assert held[FORMAT + "russia-central-asia"] == {2022: 1, 2025: 1}
    assert held[FORMAT + "germany-central-asia"] == {2023: 1, 2024: 1}
    assert sum(held[FORMAT + "eu-central-asia"].values()) + sum(
        held[FORMAT + "eu-central-asia-high-level-meeting"].values()
    ) == 3


def test_planned_and_postponed_summits_are_not_counted_as_held() -> None:
    stats = graph_stats(load_store())
    assert stats.summits[FORMAT + "gcc-central-asia"] == {CAS + "Held": 1, CAS + "Postponed": 1}
    assert CAS + "Held" not in stats.summits[FORMAT + "korea-central-asia"]


def test_coverage_through_the_cli_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "casummit_rdf", "stats", "--coverage", "--format", "json"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["unsourced"] == []
    assert report["held_total"] >= 23
    assert {"node", "class"} <= set(report["without_wikidata"][0])
