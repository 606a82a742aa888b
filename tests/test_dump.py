"""`casummit dump`: the release bundle is complete, loads everywhere, and is byte-identical."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import resources
from casummit_rdf.graph import parse_file
from casummit_rdf.release import describe as release_describe, editions
from casummit_rdf.errors import ExportError
from casummit_rdf.release import Edition, write_bundle
from casummit_rdf.publish import local_answer, normalize_rows
from casummit_rdf.queries import load_queries

import servers
from servers import OxigraphServer, inline_bindings, sparql_select

oxigraph_server = servers.oxigraph_server  # a fixture

SYNTAXES = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
EDITIONS = ("base", "full")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_THING = ox.NamedNode("http://www.w3.org/2002/07/owl#Thing")
OWN = "https://w3id.org/casummit/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
DCAT_AP = Path(__file__).parent / "dcat-ap" / "3.0.1"
#: A one-subject data file: bundles of it (plus the ontology) are quick to build.
SMALL = Path(__file__).parent / "fixtures" / "publish" / "previous.ttl"


def run_dump(out: Path, seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "casummit_rdf", "dump", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two dumps made by separate processes with different hash seeds."""
    root = tmp_path_factory.mktemp("dump")
    first, second = root / "one", root / "two"
    for out, seed in ((first, "0"), (second, "4242")):
        done = run_dump(out, seed)
        assert done.returncode == 0, done.stderr
    return first, second


def canonical(path: Path) -> list[str]:
    """A file's triples (quads flattened to the default graph) in canonical, sorted N-Triples."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
        path = path.with_suffix("")
    quads = ox.parse(data, format=SYNTAXES[path.suffix[1:]])
    triples = {q.triple if isinstance(q, ox.Quad) else q for q in quads}
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q.triple) for q in dataset)


def test_two_processes_with_different_hash_seeds_write_identical_bytes(bundles: tuple[Path, Path]) -> None:
    first, second = bundles
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_bundle_has_every_syntax_edition_and_gzip_variant(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    names = {p.name for p in first.iterdir()}
    for edition in EDITIONS:
        for suffix in SYNTAXES:
            assert f"casummit-{edition}.{suffix}" in names
            assert f"casummit-{edition}.{suffix}.gz" in names
    assert {"void.ttl", "ontology.html", "SHA256SUMS"} <= names
    assert not [n for n in names if n.startswith(".")], "temp files left behind"


def test_checksums_cover_every_other_file_and_match(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    lines = (first / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == {p.name for p in first.iterdir()} - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest, name


def test_gzip_files_have_no_timestamp_or_name_and_match_their_source(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    for path in first.glob("*.gz"):
        raw = path.read_bytes()
        assert raw[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime is set"
        assert not raw[3] & 0x08, f"{path.name}: gzip header carries a file name"
        assert gzip.decompress(raw) == path.with_suffix("").read_bytes()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_syntax_holds_the_same_graph(bundles: tuple[Path, Path], edition: str) -> None:
    first, _ = bundles
    reference = canonical(first / f"casummit-{edition}.nt")
    assert reference
    for suffix in SYNTAXES:
        for name in (f"casummit-{edition}.{suffix}", f"casummit-{edition}.{suffix}.gz"):
            assert canonical(first / name) == reference, name


def test_ntriples_are_sorted_and_base_edition_is_the_asserted_graph(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    lines = (first / "casummit-base.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    from casummit_rdf.graph import load_graph

    asserted = load_graph().triples
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in asserted)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert canonical(first / "casummit-base.nt") == sorted({str(q.triple) for q in dataset})


def test_full_edition_adds_inferred_triples_in_their_own_graph(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    base = set(canonical(first / "casummit-base.nt"))
    full = set(canonical(first / "casummit-full.nt"))
    assert base < full
    quads = list(ox.parse(path=first / "casummit-full.nq", format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {editions.GRAPH_ONTOLOGY, editions.GRAPH_DATA, editions.GRAPH_INFERRED}
    inferred = [q for q in quads if q.graph_name.value == editions.GRAPH_INFERRED]
    # The closure types summits as schema:Event through cas:Summit rdfs:subClassOf schema:Event.
    summits = {q.subject for q in quads if q.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
               and q.object.value == "https://w3id.org/casummit/ontology#Summit"}
    event_types = {q.subject for q in inferred if q.object == ox.NamedNode("https://schema.org/Event")}
    assert summits and summits <= event_types | {q.subject for q in quads if q.graph_name.value != editions.GRAPH_INFERRED
                                                  and q.object == ox.NamedNode("https://schema.org/Event")}
    assert not [q for q in inferred if q.subject == q.object], "trivial reflexive entailments kept"


def test_jsonld_is_compacted_with_a_subset_of_the_checked_in_context(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    document = json.loads((first / "casummit-base.jsonld").read_text(encoding="utf-8"))
    checked_in = json.loads((resources.ontology_dir() / "context.jsonld").read_text())["@context"]
    assert set(document["@context"]) <= set(checked_in)
    assert all(checked_in[k] == v for k, v in document["@context"].items())
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    assert "summit:2025-12-20-japan-central-asia-tokyo" in ids or any(i.startswith("summit:") for i in ids)
    # rdflib reads the same graph back from the compact form.
    import rdflib

    graph = rdflib.Graph().parse(data=(first / "casummit-base.jsonld").read_text(encoding="utf-8"), format="json-ld")
    assert len(graph) == len(canonical(first / "casummit-base.nt"))


def _canonical_triples(triples) -> list[str]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q.triple) for q in dataset)


def test_jsonld_has_short_keys_for_web_developers(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    document = json.loads((first / "casummit-base.jsonld").read_text(encoding="utf-8"))
    nodes = {node["@id"]: node for node in document["@graph"]}
    summit = nodes["summit:2025-12-20-japan-central-asia-tokyo"]
    assert summit["@type"] == "Summit"
    assert summit["startDate"] == "2025-12-19" and summit["superEvent"] == "format:japan-central-asia"
    assert summit["eventStatus"] == "cas:Held" and summit["city"] == "place:tokyo" and summit["editionNumber"] == 1
    assert set(summit["label"]) >= {"en", "ru"} and isinstance(summit["label"]["en"], str)
    participation = next(n for i, n in nodes.items() if i.startswith("participation:2025-12-20-japan-central-asia-tokyo"))
    assert participation["atSummit"] == "summit:2025-12-20-japan-central-asia-tokyo"
    assert participation["participant"].startswith("person:")
    source = next(n for i, n in nodes.items() if i.startswith("source:"))
    assert source["url"].startswith("http") and "publisher" in source
    # Data nodes use short keys only; "office" is the prefix of office IRIs, so cas:office keeps its prefix.
    data_prefixes = {p for p, ns in document["@context"].items() if str(ns).startswith(OWN + "id/")}
    long_keys = {k for i, n in nodes.items() if i.split(":")[0] in data_prefixes for k in n if ":" in k}
    assert long_keys <= {"cas:office"}, long_keys


@pytest.mark.parametrize("edition", EDITIONS)
def test_jsonld_reads_back_as_the_same_graph_in_rdflib_oxigraph_and_pyld(bundles: tuple[Path, Path], edition: str) -> None:
    import rdflib
    from pyld import jsonld

    first, _ = bundles
    path = first / f"casummit-{edition}.jsonld"
    reference = canonical(first / f"casummit-{edition}.nt")
    assert canonical(path) == reference  # pyoxigraph
    from casummit_rdf.terms import ox_triples

    graph = rdflib.Graph().parse(data=path.read_text(encoding="utf-8"), format="json-ld")
    assert _canonical_triples(ox_triples(graph)) == reference
    quads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {"format": "application/n-quads"})
    assert _canonical_triples(q.triple for q in ox.parse(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) == reference


def test_jsonld_compaction_is_what_pyld_makes_with_the_checked_in_context(bundles: tuple[Path, Path]) -> None:
    from pyld import jsonld

    first, _ = bundles
    document = json.loads((first / "casummit-base.jsonld").read_text(encoding="utf-8"))
    context = json.loads((resources.ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))

    def norm(value: object) -> object:
        # blank node labels are the flattener's own: compare what the blank nodes say, not their labels
        if isinstance(value, str) and value.startswith("_:"):
            return "_:"
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        return value

    def blank(nodes: list) -> list:
        return sorted((json.dumps(norm(n), sort_keys=True, ensure_ascii=False) for n in nodes if n["@id"].startswith("_:")))

    flattened = jsonld.flatten(document, context)["@graph"]
    ours = {n["@id"]: norm(n) for n in document["@graph"] if not n["@id"].startswith("_:")}
    theirs = {n["@id"]: norm(n) for n in flattened if not n["@id"].startswith("_:")}
    assert len(ours) > 900
    assert ours == theirs
    assert blank(document["@graph"]) == blank(flattened)


def test_jsonld_values_that_do_not_fit_a_term_keep_an_explicit_form(tmp_path: Path) -> None:
    from casummit_rdf.release.jsonld import to_jsonld

    cas, xsd = "https://w3id.org/casummit/ontology#", "http://www.w3.org/2001/XMLSchema#"
    s = ox.NamedNode("https://w3id.org/casummit/id/summit/x")
    triples = [
        ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("no language tag")),
        ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("x", language="en")),
        ox.Triple(s, ox.NamedNode(cas + "city"), ox.Literal("Tokyo")),
        ox.Triple(s, ox.NamedNode("https://schema.org/startDate"), ox.Literal("2025", datatype=ox.NamedNode(xsd + "gYear"))),
        ox.Triple(s, ox.NamedNode(cas + "editionNumber"), ox.Literal("007", datatype=ox.NamedNode(xsd + "integer"))),
        ox.Triple(s, ox.NamedNode(cas + "someNewProperty"), ox.NamedNode("https://example.org/y")),
        ox.Triple(s, ox.NamedNode(cas + "office"), ox.NamedNode("https://w3id.org/casummit/id/office/z")),
    ]
    text = to_jsonld(triples)
    (node,) = json.loads(text)["@graph"]
    assert node["rdfs:label"] == "no language tag" and node["label"] == {"en": "x"}
    assert node["cas:city"] == "Tokyo" and node["schema:startDate"] == {"@value": "2025", "@type": "xsd:gYear"}
    assert node["editionNumber"] == "007"  # not canonical: a JSON number would read back as "7"
    assert node["someNewProperty"] == {"@id": "https://example.org/y"} and node["cas:office"] == {"@id": "office:z"}
    assert _canonical_triples(ox.parse(text, format=ox.RdfFormat.JSON_LD)) == _canonical_triples(triples)


def test_context_terms_name_real_terms_and_shadow_no_cas_term() -> None:
    from casummit_rdf.graph import load_graph
    from casummit_rdf.release.jsonld import load_context

    context = load_context()
    graph = load_graph()
    full = list(graph.triples) + editions.infer(graph.triples)
    used = {t.predicate.value for t in full} | {t.subject.value for t in full if isinstance(t.subject, ox.NamedNode)}
    # PROV's qualified derivation is the project's model for sources of single facts.
    used |= {"http://www.w3.org/ns/prov#qualifiedDerivation", "http://www.w3.org/ns/prov#entity"}
    stale = sorted(term.name for term in context.terms.values() if term.iri not in used)
    assert stale == []
    cas_names = {t.subject.value.split("#", 1)[1] for t in graph.triples
                 if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(context.vocab)}
    shadowing = sorted(name for name, term in context.terms.items() if name in cas_names and term.iri != context.vocab + name)
    assert shadowing == []
    assert context.by_iri["https://schema.org/startDate"].coerce == "http://www.w3.org/2001/XMLSchema#date"
    assert context.by_iri[context.vocab + "participant"].coerce == "@id"
    assert context.by_iri["http://www.w3.org/2000/01/rdf-schema#label"].language_map


def test_void_describes_counts_partitions_release_and_download_urls(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    store = ox.Store()
    store.load(path=first / "void.ttl", format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX void: <http://rdfs.org/ns/void#> PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT ?ds ?triples ?issued ?license (COUNT(DISTINCT ?cp) AS ?classes) (COUNT(DISTINCT ?pp) AS ?props)
        WHERE { ?ds a void:Dataset ; void:triples ?triples ; dct:issued ?issued ; dct:license ?license ;
                    void:classPartition ?cp ; void:propertyPartition ?pp }
        GROUP BY ?ds ?triples ?issued ?license ORDER BY ?ds"""))
    assert len(rows) == 2
    release = release_describe.Release.from_package()
    for row, edition in zip(rows, EDITIONS):
        lines = (first / f"casummit-{edition}.nt").read_text(encoding="utf-8").splitlines()
        assert int(row["triples"].value) == len(lines)
        assert row["issued"].value == release.issued
        assert row["license"].value == release_describe.LICENSE
        assert int(row["classes"].value) > 5 and int(row["props"].value) > 10
    urls = {r["url"].value for r in store.query(
        "SELECT ?url WHERE { ?d <http://www.w3.org/ns/dcat#downloadURL> ?url }")}
    # The release's version is in every download URL: the next release cannot overwrite these files.
    versioned = f"{release_describe.DEFAULT_BASE_URL}{release.version}/"
    expected = {versioned + n for n in (p.name for p in first.iterdir()) if n.startswith("casummit-")}
    assert urls == expected


def test_base_url_sets_versioned_download_urls(tmp_path: Path) -> None:
    report = write_bundle(tmp_path / "b", [SMALL], base_url="https://example.org/releases/")
    text = (report.out / "void.ttl").read_text(encoding="utf-8")
    assert f"<https://example.org/releases/{report.release.version}/casummit-base.nt.gz>" in text
    for bad in ("ftp:/nope", "https://example.org/no-slash", "", "https://example.org/a b/"):
        with pytest.raises(ExportError, match="http"):
            write_bundle(tmp_path / "c", [SMALL], base_url=bad)
    assert not (tmp_path / "c").exists()


def test_checksums_in_void_match_the_files(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    store = ox.Store()
    store.load(path=first / "void.ttl", format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?value WHERE {
          ?d dcat:downloadURL ?url ; dcat:byteSize ?size ; spdx:checksum ?c .
          ?c a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?value }"""))
    assert len(rows) == 20
    for row in rows:
        path = first / row["url"].value.rsplit("/", 1)[1]
        assert int(row["size"].value) == path.stat().st_size
        assert row["value"].value == hashlib.sha256(path.read_bytes()).hexdigest()


def test_void_entities_count_exactly_the_iris_under_the_uri_space(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    void = ox.Store()
    void.load(path=first / "void.ttl", format=ox.RdfFormat.TURTLE)
    for edition in EDITIONS:
        dataset = ox.NamedNode(f"{release_describe.DATASET_BASE}{release_describe.Release.from_package().version}/{edition}")
        (row,) = void.query("""PREFIX void: <http://rdfs.org/ns/void#>
            SELECT ?ds ?space ?entities WHERE { ?ds void:uriSpace ?space ; void:entities ?entities }""",
                            substitutions={ox.Variable("ds"): dataset})
        space = row["space"].value
        triples = list(ox.parse(path=first / f"casummit-{edition}.nt", format=ox.RdfFormat.N_TRIPLES))
        iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
                if isinstance(term, ox.NamedNode) and term.value.startswith(space)}
        assert int(row["entities"].value) == len(iris) > 700
        # and every class partition counts only its instances under the URI space
        for part in void.query("""PREFIX void: <http://rdfs.org/ns/void#>
                SELECT ?ds ?class ?entities WHERE { ?ds void:classPartition [ void:class ?class ; void:entities ?entities ] }""",
                               substitutions={ox.Variable("ds"): dataset}):
            members = {t.subject.value for t in triples if t.predicate.value == RDF_TYPE
                       and t.object == part["class"] and isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(space)}
            assert int(part["entities"].value) == len(members), part["class"]


def test_ontology_html_documents_classes_in_both_languages(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    page = (first / "ontology.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="cas:Summit"' in page and "саммит (ru)" in page and 'id="cas:atSummit"' in page


# --- bad output paths and crashes ---------------------------------------------------------------


def test_output_path_that_is_a_file_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    target.write_text("keep me")
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "dump", "--out", str(target)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "not a folder" in done.stderr
    assert target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_foreign_non_empty_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("x")
    with pytest.raises(ExportError, match="refusing to overwrite"):
        write_bundle(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_earlier_bundle_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "rel"
    write_bundle(target, [SMALL])
    (target / "stale.txt").write_text("old")
    write_bundle(target, [SMALL])
    assert not (target / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]


def test_crash_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(ExportError, match="No space left"):
        write_bundle(tmp_path / "out", [SMALL])
    assert list(tmp_path.iterdir()) == []


# --- the bundle in a real store --------------------------------------------------------------


def _put(server: OxigraphServer, path: Path, graph: str | None) -> None:
    suffix = path.suffix[1:]
    media = {"ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads",
             "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}[suffix]
    url = server.store_url + ("?" + urllib.parse.urlencode({"graph": graph}) if graph else "")
    request = urllib.request.Request(url, data=path.read_bytes(), method="POST", headers={"Content-Type": media})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (200, 201, 204)


def test_every_file_loads_into_oxigraph_and_every_query_answers_as_locally(
    bundles: tuple[Path, Path], oxigraph_server: OxigraphServer  # noqa: F811 - the fixture imported above
) -> None:
    first, _ = bundles
    queries = load_queries()
    for edition in EDITIONS:
        local_store = ox.Store()
        local_store.load(path=first / f"casummit-{edition}.nt", format=ox.RdfFormat.N_TRIPLES)
        local = {name: local_answer(local_store, name)[1] for name in queries}
        for suffix in SYNTAXES:
            name = f"casummit-{edition}.{suffix}"
            if suffix == "nq":
                _put(oxigraph_server, first / name, None)  # a dataset: the quads keep their graphs
                graphs = [editions.GRAPH_ONTOLOGY, editions.GRAPH_DATA] + ([editions.GRAPH_INFERRED] if edition == "full" else [])
            else:
                graphs = [f"urn:casummit:test:{name}"]
                _put(oxigraph_server, first / name, graphs[0])
            for query_name, query in queries.items():
                text = inline_bindings(query.text, query.bindings())
                remote = sparql_select_graphs(oxigraph_server.query_url, text, graphs)
                assert normalize_rows(remote) == local[query_name], f"{name}: {query_name}"


def sparql_select_graphs(endpoint: str, query: str, graphs: list[str]) -> dict:
    if len(graphs) == 1:
        return sparql_select(endpoint, query, graphs[0])
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(query)
    for graph in graphs:
        wrapper.addDefaultGraph(graph)
    return json.loads(wrapper.query().response.read())


def test_editions_enum_matches_file_names() -> None:
    assert [e.value for e in Edition] == list(EDITIONS)


# --- the release description passes DCAT-AP 3.0.1 ---------------------------------------------

#: Shape sets of the vendored DCAT-AP 3.0.1 release (tests/dcat-ap/README.md).
DCAT_AP_SETS = {
    "shacl": ["shacl/dcat-ap-SHACL.ttl"],
    "shacl+ranges": ["shacl/dcat-ap-SHACL.ttl", "shacl/ranges.ttl"],
    "html-shacl": ["html/shacl/shapes.ttl", "html/shacl/range.ttl", "html/shacl/shapes_recommended.ttl",
                   "html/shacl/deprecateduris.ttl"],
}
#: Recommended properties the description leaves out, per shape set: (class of the node, property) →
#: results. Each needs a fact the project does not have (a contact point, a homepage, EU theme and
#: place codes, a promise of availability); see tests/dcat-ap/README.md.
DCAT_AP_WARNINGS = {
    "shacl": {},
    "shacl+ranges": {},
    "html-shacl": {
        ("dcat:Catalog", "dcat:themeTaxonomy"): 1, ("dcat:Catalog", "foaf:homepage"): 1, ("dcat:Catalog", "dct:spatial"): 1,
        ("dcat:Dataset", "dcat:contactPoint"): 2, ("dcat:Dataset", "dcat:theme"): 2, ("dcat:Dataset", "dct:spatial"): 2,
        ("dcat:Dataset", "dct:temporal"): 2, ("dcat:Distribution", "dcatap:availability"): 20,
        ("dct:LicenseDocument", "dct:type"): 1, ("foaf:Agent", "dct:type"): 1,
    },
}


def dcat_ap_shapes(files: list[str]):
    """The shapes graph of ``files``, without the ``sh:property`` links to shapes no file defines
    (DCAT-AP 3.0.1 has such links; pySHACL stops at them)."""
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph()
    for name in files:
        shapes.parse(DCAT_AP / name, format="turtle")
    for node, target in list(shapes.subject_objects(SH.property)):
        if isinstance(target, rdflib.URIRef) and not list(shapes.predicate_objects(target)):
            shapes.remove((node, SH.property, target))
    return shapes


@pytest.mark.parametrize("shape_set", sorted(DCAT_AP_SETS))
def test_release_description_passes_the_dcat_ap_shapes(bundles: tuple[Path, Path], shape_set: str) -> None:
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH

    first, _ = bundles
    data = rdflib.Graph().parse(first / "void.ttl", format="turtle")
    data.bind("dcatap", "http://data.europa.eu/r5r/")
    _, report, _ = pyshacl.validate(data, shacl_graph=dcat_ap_shapes(DCAT_AP_SETS[shape_set]), inference="none")
    violations, warnings = [], {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = f"{focus} {report.value(result, SH.resultPath)}: {report.value(result, SH.resultMessage)}"
        if report.value(result, SH.resultSeverity) == SH.Violation:
            violations.append(message)
            continue
        kinds = sorted(data.namespace_manager.normalizeUri(k) for k in data.objects(focus, RDF.type))
        kind = next(k for k in kinds if k != "void:Dataset")  # a dataset is both void: and dcat:
        key = (kind, data.namespace_manager.normalizeUri(report.value(result, SH.resultPath)))
        warnings[key] = warnings.get(key, 0) + 1
    print(f"DCAT-AP 3.0.1 {shape_set}: {len(violations)} violations; warnings: {sorted(warnings.items())}")
    assert violations == []
    assert warnings == DCAT_AP_WARNINGS[shape_set]


def test_dcat_ap_shapes_catch_what_the_description_once_got_wrong(bundles: tuple[Path, Path]) -> None:
    """The vendored shapes do bite: a literal media type, an untyped checksum, no accessURL."""
    import pyshacl
    import rdflib

    first, _ = bundles
    text = (first / "void.ttl").read_text(encoding="utf-8")
    broken = rdflib.Graph().parse(data=text, format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    dist = next(broken.subjects(rdflib.RDF.type, dcat.Distribution))
    broken.remove((dist, dcat.accessURL, None))
    broken.set((dist, dcat.mediaType, rdflib.Literal("text/turtle")))
    broken.remove((broken.value(dist, spdx.checksum), rdflib.RDF.type, None))
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=dcat_ap_shapes(DCAT_AP_SETS["shacl+ranges"]), inference="none")
    assert not conforms
    paths = {str(p) for p in report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#resultPath"))}
    assert {str(dcat.accessURL), str(dcat.mediaType), str(spdx.checksum)} <= paths


# --- editions and the entailment rules ---------------------------------------------------------


def test_edition_option_writes_only_the_chosen_edition(tmp_path: Path) -> None:
    for edition, expected in (("base", {"base"}), ("full", {"full"}), ("both", {"base", "full"})):
        out = tmp_path / edition
        done = subprocess.run([sys.executable, "-m", "casummit_rdf", "dump", "--out", str(out), "--data", str(SMALL),
                               "--edition", edition], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        written = {p.name.split(".")[0].removeprefix("casummit-") for p in out.glob("casummit-*")}
        assert written == expected
        described = set(re.findall(r"<https://w3id.org/casummit/dataset/[^/>]+/(base|full)>", (out / "void.ttl").read_text()))
        assert described == expected


def owlrl_reference(triples: list[ox.Triple]) -> tuple[set[ox.Triple], dict[str, int]]:
    """What owlrl's generic OWL 2 RL closure adds, without the statements the full edition leaves
    out on purpose; also how many of each kind were left out."""
    import owlrl
    import rdflib

    from casummit_rdf.terms import quiet_literals, to_ox, to_rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    with quiet_literals():
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    asserted = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    kept: set[ox.Triple] = set()
    dropped: dict[str, int] = {}
    for s, p, o in set(graph) - asserted:
        if isinstance(s, rdflib.Literal):
            reason = "a literal typed by a range"
        elif s == o:
            reason = "reflexive (x sameAs x, C subClassOf C, …)"
        elif o == rdflib.OWL.Thing:
            reason = "owl:Thing"
        elif isinstance(s, rdflib.URIRef) and not str(s).startswith(OWN):
            reason = "about another vocabulary's term (or RDF/OWL itself)"
        else:
            kept.add(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
            continue
        dropped[reason] = dropped.get(reason, 0) + 1
    return kept, dropped


def test_entailment_rules_give_what_owlrl_gives_minus_tautologies_on_the_bundled_data() -> None:
    base = [q.triple for q in editions.collect_quads()]
    ours = editions.infer(base)
    assert len(ours) == len(set(ours)) and not set(ours) & set(base)
    expected, dropped = owlrl_reference(base)
    print(f"owlrl adds {len(expected) + sum(dropped.values())}; left out: {dropped}")
    assert set(ours) == expected
    assert len(ours) > 2000 and dropped.get("owl:Thing", 0) > 100


def test_entailment_rules_follow_inverses_and_subproperties_like_owlrl(tmp_path: Path) -> None:
    path = tmp_path / "chain.ttl"
    path.write_text(
        "@prefix cas: <https://w3id.org/casummit/ontology#> .\n"
        "@prefix summit: <https://w3id.org/casummit/id/summit/> .\n"
        "@prefix participation: <https://w3id.org/casummit/id/participation/> .\n"
        "summit:b cas:follows summit:a .\n"
        "participation:x cas:atSummit summit:b ; cas:participant <https://w3id.org/casummit/id/person/p> .\n"
        "<https://w3id.org/casummit/id/document/d> cas:adoptedAt summit:a .\n",
        encoding="utf-8",
    )
    base = [q.triple for q in editions.collect_quads([path])]
    ours = set(editions.infer(base))
    expected, _ = owlrl_reference(base)
    assert ours == expected
    cas, summit = "https://w3id.org/casummit/ontology#", "https://w3id.org/casummit/id/summit/"
    assert ox.Triple(ox.NamedNode(summit + "a"), ox.NamedNode(cas + "followedBy"), ox.NamedNode(summit + "b")) in ours
    assert ox.Triple(ox.NamedNode("https://w3id.org/casummit/id/participation/x"), ox.NamedNode(cas + "atMeeting"),
                     ox.NamedNode(summit + "b")) in ours
    assert ox.Triple(ox.NamedNode(summit + "a"), ox.NamedNode(RDF_TYPE), ox.NamedNode("https://schema.org/Event")) in ours


def test_two_values_of_a_functional_property_are_not_merged(tmp_path: Path) -> None:
    """owlrl would infer owl:sameAs between the two offices; the full edition does not (the shapes
    report the second value as an error instead)."""
    path = tmp_path / "two-offices.ttl"
    path.write_text(
        "@prefix cas: <https://w3id.org/casummit/ontology#> .\n"
        "<https://w3id.org/casummit/id/participation/x> cas:inCapacityOf <https://w3id.org/casummit/id/office/a> ,"
        " <https://w3id.org/casummit/id/office/b> .\n",
        encoding="utf-8",
    )
    base = [q.triple for q in editions.collect_quads([path])]
    same_as = "http://www.w3.org/2002/07/owl#sameAs"
    expected, _ = owlrl_reference(base)
    assert any(t.predicate.value == same_as for t in expected)
    ours = set(editions.infer(base))
    assert not any(t.predicate.value == same_as for t in ours)
    assert ours < expected  # everything else owlrl derives, the rules derive too


def test_full_edition_has_no_tautologies_and_says_nothing_about_other_vocabularies(bundles: tuple[Path, Path]) -> None:
    first, _ = bundles
    quads = list(ox.parse(path=first / "casummit-full.nq", format=ox.RdfFormat.N_QUADS))
    inferred = [q.triple for q in quads if q.graph_name.value == editions.GRAPH_INFERRED]
    assert inferred
    assert [t for t in inferred if t.object == OWL_THING] == []
    assert [t for t in inferred if t.subject == t.object] == []
    assert [t for t in inferred if isinstance(t.subject, ox.NamedNode) and not t.subject.value.startswith(OWN)] == []
    assert [t for t in inferred if isinstance(t.subject, ox.Literal)] == []


def test_every_cas_property_has_a_term_that_fixes_its_value_form() -> None:
    """Links get "@type": "@id", typed values their datatype, text a language map: add a line to
    ontology/context.jsonld with each new property."""
    from casummit_rdf.release.jsonld import load_context

    context = load_context()
    ontology = parse_file(resources.ontology_dir() / "casummit.ttl")
    kinds = {(t.subject.value, t.object.value) for t in ontology if t.predicate.value == RDF_TYPE}
    ranges = {t.subject.value: t.object.value for t in ontology if t.predicate.value.endswith("#range")}
    missing = []
    for iri, kind in sorted(kinds):
        local = iri.removeprefix(context.vocab)
        if local == iri or local in context.prefixes:  # not a cas: term, or its name is an IRI prefix (office)
            continue
        term = context.by_iri.get(iri)
        if kind.endswith("#ObjectProperty"):
            expected = "@id"
        elif kind.endswith("#DatatypeProperty") and ranges.get(iri, XSD_STRING) != XSD_STRING:
            expected = "@language" if ranges[iri].endswith("#langString") else ranges[iri]
        else:
            continue
        found = None if term is None else "@language" if term.language_map else term.coerce
        if found != expected:
            missing.append(f"{local}: {found} (expected {expected})")
    assert missing == []


def test_unique_triples_of_sorted_quads_are_in_ntriples_order() -> None:
    quads = editions.edition_quads(Edition.FULL)
    triples = editions.unique_triples(quads)
    assert triples == sorted({q.triple for q in quads}, key=str)


def test_canonical_labels_are_those_of_rdfc_over_the_whole_dataset() -> None:
    quads = editions.collect_quads()
    assert any(isinstance(q.subject, ox.BlankNode) for q in quads)
    whole = ox.Dataset(quads)
    whole.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert editions.canonicalize(quads) == sorted(whole, key=str)
