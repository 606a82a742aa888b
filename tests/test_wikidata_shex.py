"""The summit EntitySchema (ontology/summit-entityschema.shex) against the Wikibase RDF, with PyShEx."""

from __future__ import annotations

from pathlib import Path

import pyshex
import pytest
import rdflib

from casummit_rdf.resources import ontology_dir
from casummit_rdf.wikidata import Session

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
SCHEMA = ontology_dir() / "summit-entityschema.shex"
P31 = rdflib.URIRef("http://www.wikidata.org/prop/direct/P31")
ITEM = rdflib.URIRef("http://wikiba.se/ontology#Item")
SUMMIT = rdflib.URIRef("http://www.wikidata.org/entity/Q1072326")
BROKEN = "https://w3id.org/casummit/wikibase/entity/summit-"


def _validate(graph: rdflib.Graph, focus: list[str]) -> dict[str, tuple[bool, str]]:
    results = pyshex.ShExEvaluator(rdf=graph, schema=SCHEMA.read_text(encoding="utf-8"), focus=focus).evaluate()
    return {str(r.focus): (bool(r.result), r.reason or "") for r in results}


def _graph(text: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=text, format="turtle")
    return graph


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_the_schema_validates_every_exported_summit(which: str) -> None:
    if which == "fixture":
        session = Session.open([FIXTURES / "graph"], decisions=FIXTURES / "decisions.tsv")
    else:
        session = Session.open()
    graph = _graph(session.wikibase_rdf())
    focus = sorted(str(s) for s in graph.subjects(P31, SUMMIT))
    expected = sum(1 for e in session.export.entities if e.kind.value == "summit" and e.has_instance_of("P31")
                   and not e.not_creatable)
    assert len(focus) == expected
    if which == "fixture":
        assert len(focus) == 4  # held S1, S2, S7 and the planned S5
    results = _validate(graph, focus) if focus else {}
    failed = {f: reason for f, (ok, reason) in results.items() if not ok}
    assert not failed, failed


def test_the_schema_fails_on_broken_summits() -> None:
    graph = _graph((FIXTURES / "broken-summits.ttl").read_text(encoding="utf-8"))
    focus = sorted(str(s) for s in graph.subjects(rdflib.RDF.type, ITEM))
    assert len(focus) == 7
    results = _validate(graph, focus)
    assert {f for f, (ok, _) in results.items() if ok} == set(), results
    # The reasons name what is wrong, as a patroller would read them.
    assert "wasDerivedFrom" in results[BROKEN + "unreferenced"][1]
    assert "Q900000999 not in value set" in results[BROKEN + "other-calendar"][1]
