"""The OWL check runs HermiT for real (through owlready2 on the machine's Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf.graph import load_graph
from casummit_rdf.namespaces import XSD
from casummit_rdf.reasoning import check_consistency, owl_copy

pytestmark = [
    pytest.mark.reasoner,
    pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java"),
]

EX = "http://example.org/"


def test_owl_copy_maps_dates_into_the_owl2_datatype_map() -> None:
    date = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "d"), ox.Literal("2025-06-17", datatype=ox.NamedNode(XSD + "date")))
    year = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "y"), ox.Literal("2027", datatype=ox.NamedNode(XSD + "gYear")))
    broken = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "b"), ox.Literal("2025-13-45", datatype=ox.NamedNode(XSD + "date")))
    mapped = owl_copy([date, year, broken])
    assert [t.object for t in mapped] == [
        ox.Literal("2025-06-17T00:00:00", datatype=ox.NamedNode(XSD + "dateTime")),
        ox.Literal("2027", datatype=ox.NamedNode(XSD + "string")),
    ]


def test_bundled_ontology_and_data_are_consistent() -> None:
    report = check_consistency(load_graph().triples)
    assert report.consistent, report.message
    assert report.unsatisfiable == []


def test_disjointness_violation_is_inconsistent(tmp_path: Path) -> None:
    path = tmp_path / "person-and-state.ttl"
    path.write_text(
        "@prefix cas: <https://w3id.org/casummit/ontology#> .\n"
        "<http://example.org/x> a cas:Person , cas:State .\n",
        encoding="utf-8",
    )
    report = check_consistency(load_graph([path]).triples)
    assert not report.consistent
    assert "inconsistent" in report.message
