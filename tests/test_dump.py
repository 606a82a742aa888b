"""`casummit dump`: the release bundle is complete, loads everywhere, and is byte-identical."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import resources
from casummit_rdf.release import bundle as release_bundle, describe as release_describe, editions
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
    expected = {release_describe.DEFAULT_BASE_URL + n for n in (p.name for p in first.iterdir()) if n.startswith("casummit-")}
    assert urls == expected


def test_base_url_sets_download_urls(tmp_path: Path) -> None:
    report = write_bundle(tmp_path / "b", [SMALL], base_url="https://example.org/releases/0.1.0/")
    text = (report.out / "void.ttl").read_text(encoding="utf-8")
    assert "<https://example.org/releases/0.1.0/casummit-base.nt.gz>" in text
    with pytest.raises(ExportError):
        write_bundle(tmp_path / "c", [SMALL], base_url="ftp:/nope")
    assert not (tmp_path / "c").exists()


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
    bundles: tuple[Path, Path], oxigraph_server: OxigraphServer
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
