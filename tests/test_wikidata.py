"""`casummit wikidata`: referenced QuickStatements, the Wikibase RDF model, and its canned query."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import cli
from casummit_rdf.graph import load_store
from casummit_rdf.queries import load_queries
from casummit_rdf.sparql import run_query
from casummit_rdf.resources import ontology_dir
from casummit_rdf.wikidata import (
    NEW_ENTITY,
    PR,
    WD,
    WikibaseMap,
    WikidataError,
    build_entities,
    export_quickstatements,
    export_wikibase_rdf,
    to_quickstatements,
)
import servers
from servers import OxigraphServer, inline_bindings, sparql_select

oxigraph_server = servers.oxigraph_server  # a fixture

TIME = re.compile(r"^\+\d{4}-\d{2}-\d{2}T00:00:00Z/11$")


@pytest.fixture(scope="module")
def batch() -> str:
    return export_quickstatements()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store()


def _rows(store: ox.Store, text: str) -> list[dict[str, str]]:
    prefix = "PREFIX cas: <https://w3id.org/casummit/ontology#> PREFIX schema: <https://schema.org/> "
    answer = store.query(prefix + text)
    names = [v.value for v in answer.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in answer]


def _blocks(batch: str) -> dict[str, list[str]]:
    """Lines per exported entity, keyed by the project IRI named in the ``/* kind IRI */`` header."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in batch.splitlines():
        header = re.match(r"^/\* (format|summit|document) (\S+) \*/$", line)
        if header:
            current = header.group(2)
            blocks[current] = []
        elif current:
            blocks[current].append(line)
    return blocks


def test_every_statement_carries_a_reference_url(batch: str) -> None:
    statements = [l for l in batch.splitlines() if l and not l.startswith("/*") and l != "CREATE"
                  and not re.match(r"^\S+\t[LD][a-z]+\t", l)]
    assert statements
    for line in statements:
        parts = line.split("\t")
        assert "S854" in parts, line
        url = parts[parts.index("S854") + 1]
        assert url.startswith('"http') and url.endswith('"'), line


def test_retrieved_dates_come_from_the_sources_never_invented(batch: str, store: ox.Store) -> None:
    known = {(r["url"], r["date"]) for r in _rows(store, "SELECT ?url ?date WHERE { ?s schema:url ?url ; cas:retrievedOn ?date }")}
    dated = 0
    for line in batch.splitlines():
        parts = line.split("\t")
        if "S813" in parts:
            url = parts[parts.index("S854") + 1].strip('"')
            date = parts[parts.index("S813") + 1]
            assert TIME.match(date), line
            assert (url, date[1:11]) in known, line
            dated += 1
    undated_sources = {r["url"] for r in _rows(store, """
        SELECT ?url WHERE { ?s a cas:Source ; schema:url ?url FILTER NOT EXISTS { ?s cas:retrievedOn ?d } }""")}
    for line in batch.splitlines():
        parts = line.split("\t")
        if "S854" in parts and parts[parts.index("S854") + 1].strip('"') in undated_sources:
            assert "S813" not in parts, line
    assert dated or not known


def test_items_with_a_qid_are_edited_never_created(batch: str, store: ox.Store) -> None:
    qids = {r["s"]: r["id"] for r in _rows(store, "SELECT ?s ?id WHERE { ?s cas:wikidataId ?id }")}
    blocks = _blocks(batch)
    assert blocks
    for iri, lines in blocks.items():
        if iri in qids:
            assert "CREATE" not in lines, iri
            assert all(l.startswith("/*") or l.startswith(qids[iri] + "\t") for l in lines), iri
            assert not any(re.match(r"^\S+\t[LD](en|ru)\t", l) for l in lines), "labels of existing items are not touched"
        else:
            assert lines[0] == "CREATE", iri
            assert all(l.startswith(("LAST\t", "/*")) for l in lines[1:]), iri


def test_new_items_get_english_and_russian_labels_and_descriptions(batch: str, store: ox.Store) -> None:
    blocks = _blocks(batch)
    summits = [r["s"] for r in _rows(store, "SELECT ?s WHERE { ?s a cas:Summit FILTER NOT EXISTS { ?s cas:wikidataId ?q } }")]
    assert summits
    for iri in summits:
        text = "\n".join(blocks[iri])
        for key in ("Len", "Lru", "Den", "Dru"):
            assert f"LAST\t{key}\t" in text or "not exported" in text, (iri, key)


def test_dates_use_day_precision_point_in_time_or_start_and_end(batch: str, store: ox.Store) -> None:
    blocks = _blocks(batch)
    rows = _rows(store, "SELECT ?s ?start ?end WHERE { ?s a cas:Summit ; schema:startDate ?start ; schema:endDate ?end }")
    assert rows
    for row in rows:
        text = "\n".join(blocks[row["s"]])
        if row["start"] == row["end"]:
            assert f"\tP585\t+{row['start']}T00:00:00Z/11\t" in text
            assert "\tP580\t" not in text
        else:
            assert f"\tP580\t+{row['start']}T00:00:00Z/11\t" in text
            assert f"\tP582\t+{row['end']}T00:00:00Z/11\t" in text
    for line in batch.splitlines():
        parts = line.split("\t")
        for prop in ("P585", "P580", "P582"):
            if len(parts) > 2 and parts[1] == prop:
                assert TIME.match(parts[2]), line


def test_summits_carry_type_place_participants_and_series(batch: str) -> None:
    lines = batch.splitlines()
    assert any("\tP31\tQ1072326\t" in l for l in lines)
    assert any("\tP276\t" in l for l in lines)
    assert any("\tP17\t" in l for l in lines)
    assert any("\tP710\tQ232\t" in l for l in lines)  # Kazakhstan
    assert any("\tP664\t" in l for l in lines)
    # Links to items that are new in this batch cannot be written in QuickStatements v1; they are listed.
    assert any(l.startswith("/* not exported: P179 ") or "\tP179\t" in l for l in lines)


def test_ids_come_from_the_map_file(tmp_path: Path) -> None:
    text = (ontology_dir() / "wikidata-map.ttl").read_text(encoding="utf-8")
    # A Wikibase where `instance of` is P5 (as on MetaBase) only edits the map.
    path = tmp_path / "map.ttl"
    path.write_text(text.replace('casw:instanceOf casw:wikibaseId "P31"', 'casw:instanceOf casw:wikibaseId "P5"'), encoding="utf-8")
    wmap = WikibaseMap.load(path)
    batch = to_quickstatements(build_entities(None, wmap), wmap)
    assert "\tP5\tQ1072326\t" in batch and "\tP31\t" not in batch


def test_a_map_without_a_needed_id_is_a_one_line_error(tmp_path: Path) -> None:
    text = (ontology_dir() / "wikidata-map.ttl").read_text(encoding="utf-8")
    path = tmp_path / "map.ttl"
    path.write_text(text.replace('casw:retrieved casw:wikibaseId "P813"', "casw:retrieved rdfs:comment \"gone\""), encoding="utf-8")
    with pytest.raises(WikidataError, match="casw:retrieved") as error:
        WikibaseMap.load(path)
    assert "\n" not in str(error.value)


def test_the_map_parses_and_maps_every_ontology_class_and_property() -> None:
    ontology = ox.Store()
    ontology.load(path=ontology_dir() / "casummit.ttl", format=ox.RdfFormat.TURTLE)
    mapping = ox.Store()
    mapping.load(path=ontology_dir() / "wikidata-map.ttl", format=ox.RdfFormat.TURTLE)
    described = {q.subject for q in mapping}
    terms = {r["t"] for r in (
        {"t": s["t"]} for s in ontology.query("""
            SELECT DISTINCT ?t WHERE {
              VALUES ?k { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2002/07/owl#ObjectProperty>
                          <http://www.w3.org/2002/07/owl#DatatypeProperty> }
              ?t a ?k FILTER(isIRI(?t) && STRSTARTS(STR(?t), "https://w3id.org/casummit/ontology#")) }"""))}
    assert terms and terms <= described


def test_cli_writes_the_batch_and_refuses_a_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "batch.qs"
    assert cli.main(["wikidata", "--quickstatements", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("/* casummit-rdf QuickStatements v1 batch")
    assert cli.main(["wikidata", "--quickstatements", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


# --- Wikibase RDF -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wikibase_ttl() -> str:
    return export_wikibase_rdf()


def test_wikibase_dump_is_deterministic_and_every_statement_is_referenced(wikibase_ttl: str) -> None:
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "wikidata", "--rdf"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": "77"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == wikibase_ttl
    store = ox.Store()
    store.load(wikibase_ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    unreferenced = list(store.query(f"""
        SELECT ?st WHERE {{ ?st a <http://wikiba.se/ontology#Statement>
          FILTER NOT EXISTS {{ ?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?ref . ?ref <{PR}P854> ?url }} }}"""))
    assert unreferenced == []
    items = {r["i"].value for r in store.query("SELECT ?i WHERE { ?i a <http://wikiba.se/ontology#Item> }")}
    assert items and all(i.startswith((WD + "Q", NEW_ENTITY)) for i in items)
    # Every truthy statement has its full statement node.
    loose = list(store.query("""
        SELECT ?s ?p WHERE { ?s ?wdt ?v FILTER(STRSTARTS(STR(?wdt), "http://www.wikidata.org/prop/direct/"))
          BIND(IRI(REPLACE(STR(?wdt), "/prop/direct/", "/prop/")) AS ?p)
          FILTER NOT EXISTS { ?s ?p ?st } }"""))
    assert loose == []


def test_wikidata_query_is_listed_and_silent_on_the_project_data() -> None:
    listed = subprocess.run([sys.executable, "-m", "casummit_rdf", "queries"], capture_output=True, text=True, timeout=60)
    assert "powers-met-all-five-wikidata:" in listed.stdout
    assert run_query("powers-met-all-five-wikidata").rows == []


def test_wikibase_dump_in_oxigraph_answers_like_the_local_flagship(
    wikibase_ttl: str, oxigraph_server: OxigraphServer, store: ox.Store
) -> None:
    request = urllib.request.Request(
        oxigraph_server.store_url + "?" + urllib.parse.urlencode({"graph": "urn:casummit:test:wikibase"}),
        data=wikibase_ttl.encode("utf-8"), method="PUT", headers={"Content-Type": "text/turtle"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (200, 201, 204)
    query = load_queries()["powers-met-all-five-wikidata"]
    qids = {r["s"]: r["id"] for r in _rows(store, "SELECT ?s ?id WHERE { ?s cas:wikidataId ?id }")}
    for year in ("2025", "2023"):
        local = run_query("powers-met-all-five", {"year": year}, graph=store)
        # A power without a verified Q-id cannot appear in a Wikibase; it is left out of both sides.
        expected = {
            (qids[r["power"]["value"]], r["summit"]["value"].rsplit("/", 1)[-1])
            for r in local.rows if r["power"]["value"] in qids
        }
        remote = sparql_select(oxigraph_server.query_url, inline_bindings(query.text, query.bindings({"year": year})),
                               "urn:casummit:test:wikibase")
        got = {
            (b["power"]["value"][len(WD):], b["summit"]["value"].rsplit("/", 1)[-1].removeprefix("summit-"))
            for b in remote["results"]["bindings"]
        }
        assert got == expected, year
        if year == "2025":
            assert expected, "the 2025 comparison must not be vacuous"
