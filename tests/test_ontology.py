"""The ontology speaks only for itself: no axiom, declaration or label on another vocabulary's terms.

Terms of schema.org, Dublin Core, ORG, PROV-O, SKOS, FOAF, … are used as their owners define them.
cas: terms may point at them (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``owl:equivalent*``,
SKOS mappings); constraints on how the data uses them live in the SHACL shapes, and their display
labels in ``web/term-labels.json``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import resources
from casummit_rdf.graph import load_graph, parse_file
from casummit_rdf.namespaces import CAS, OWL, RDF, RDF_TYPE

OWN = "https://w3id.org/casummit/"
TERM_LABELS = Path(resources.__file__).parent / "web" / "term-labels.json"
#: Predicates that say something about their object as much as about their subject: with a
#: foreign object they would state an axiom on that term.
SYMMETRIC_AXIOMS = {OWL + p for p in ("disjointWith", "inverseOf", "propertyDisjointWith", "sameAs", "differentFrom")}


def own(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(OWN)


def foreign(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and not term.value.startswith(OWN)


@pytest.mark.parametrize("path", resources.ontology_files(), ids=lambda p: p.name)
def test_no_triple_has_another_vocabularys_term_as_subject(path: Path) -> None:
    offending = sorted({str(t) for t in parse_file(path) if foreign(t.subject)})
    assert offending == [], f"{path.name}: {len(offending)} triples about terms the project does not own, e.g. {offending[:3]}"


def test_the_check_catches_a_hijacking_axiom(tmp_path: Path) -> None:
    path = tmp_path / "hijack.ttl"
    path.write_text("<https://schema.org/url> <http://www.w3.org/2000/01/rdf-schema#domain> "
                    "<https://w3id.org/casummit/ontology#Source> .\n", encoding="utf-8")
    assert [t for t in parse_file(path) if foreign(t.subject)]


@pytest.mark.parametrize("path", [p for p in resources.ontology_files() if p.name != "wikidata-map.ttl"], ids=lambda p: p.name)
def test_axioms_name_no_foreign_term_on_both_sides(path: Path) -> None:
    """Disjointness, inverses and class lists only name cas: terms (they would constrain the other too)."""
    triples = parse_file(path)
    bad = [t for t in triples if t.predicate.value in SYMMETRIC_AXIOMS and foreign(t.object)]
    # owl:AllDisjointClasses members are an rdf:List of blank nodes: walk each list.
    first, rest = {}, {}
    for t in triples:
        if t.predicate.value == RDF + "first":
            first[t.subject] = t.object
        elif t.predicate.value == RDF + "rest":
            rest[t.subject] = t.object
    for t in triples:
        if t.predicate.value == OWL + "members":
            node = t.object
            while node in first:
                if not own(first[node]):
                    bad.append(ox.Triple(t.subject, t.predicate, first[node]))
                node = rest.get(node)
    assert bad == [], [str(t) for t in bad]


def test_disjoint_classes_cover_the_controlled_value_classes() -> None:
    """The old list named skos:Concept; its cas: subclasses stand in for it now."""
    triples = parse_file(resources.ontology_dir() / "casummit.ttl")
    members = {t.object.value for t in triples if t.predicate.value == RDF + "first" and isinstance(t.object, ox.NamedNode)}
    assert "http://www.w3.org/2004/02/skos/core#Concept" not in members
    for concept_class in ("Role", "AttendanceMode", "SummitStatus", "CooperationArea", "Person", "Summit"):
        assert CAS + concept_class in members


def test_term_labels_give_english_and_russian_for_every_reused_property_of_the_data() -> None:
    labels = json.loads(TERM_LABELS.read_text(encoding="utf-8"))
    for iri, names in labels.items():
        assert iri.startswith(("http://", "https://")) and not iri.startswith(OWN), iri
        assert set(names) >= {"en", "ru"} and all(isinstance(v, str) and v.strip() for v in names.values()), iri
    graph = load_graph()
    used = {t.predicate.value for path in graph.data_files for t in graph.by_file[path]}
    reused = {p for p in used if not p.startswith(OWN)}
    assert RDF_TYPE in reused and "https://schema.org/startDate" in reused
    assert sorted(reused - set(labels)) == []
    assert labels["https://schema.org/startDate"] == {"en": "start date", "ru": "дата начала"}


# --- the reasoner still works on the slimmer ontology ------------------------------------------

@pytest.mark.reasoner
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_owlready2_loads_the_ontology_without_declarations_of_reused_terms(tmp_path: Path) -> None:
    import owlready2

    from casummit_rdf.reasoning import owl_copy

    path = tmp_path / "ontology.nt"
    triples = [t for p in resources.ontology_files() for t in parse_file(p)]
    path.write_bytes(ox.serialize(owl_copy(triples), format=ox.RdfFormat.N_TRIPLES))
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    summit = world[CAS + "Summit"]
    assert summit is not None and world[CAS + "Meeting"] in summit.is_a
    assert world[CAS + "atSummit"] is not None
    assert ontology is not None


@pytest.mark.reasoner
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_finds_ontology_and_data_consistent() -> None:
    from casummit_rdf.reasoning import check_consistency

    report = check_consistency(load_graph().triples)
    assert report.consistent, report.message
    assert report.unsatisfiable == []


@pytest.mark.reasoner
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_reused_property_on_another_kind_of_node_no_longer_clashes(tmp_path: Path) -> None:
    """schema:url once had rdfs:domain cas:Source: a person's home page made the person a source,
    and cas:Source is disjoint with cas:Person, so the graph became inconsistent."""
    from casummit_rdf.reasoning import check_consistency

    path = tmp_path / "homepage.ttl"
    path.write_text(
        "@prefix cas: <https://w3id.org/casummit/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<http://example.org/p> a cas:Person ; schema:url \"https://example.org/\"^^xsd:anyURI .\n",
        encoding="utf-8",
    )
    assert check_consistency(load_graph([path]).triples).consistent


@pytest.mark.reasoner
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_controlled_value_classes_are_still_disjoint_from_each_other_and_the_rest(tmp_path: Path) -> None:
    from casummit_rdf.reasoning import check_consistency

    for clash in ("cas:Host a cas:AttendanceMode .", "<http://example.org/x> a cas:Person , cas:Role ."):
        path = tmp_path / "clash.ttl"
        path.write_text("@prefix cas: <https://w3id.org/casummit/ontology#> .\n" + clash + "\n", encoding="utf-8")
        assert not check_consistency(load_graph([path]).triples).consistent, clash
