"""`casummit wikidata`: a QuickStatements batch a patroller would pass.

Most tests run on the fictional per-fact fixture (tests/fixtures/wikidata/graph, described in its
files) and again on the bundled data, which may still be in the older model (plain
prov:wasDerivedFrom only on meetings): the exporter must work on both.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import cli
from casummit_rdf.errors import DataError
from casummit_rdf.graph import load_store
from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.resources import ontology_dir
from casummit_rdf.wikidata import Session, WikibaseMap, WikidataError

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
GRAPH = FIXTURES / "graph"
DECISIONS = FIXTURES / "decisions.tsv"
SUMMIT = PREFIXES["summit"]
SOURCE = PREFIXES["source"]
TIME = re.compile(r"^\+\d{4}-\d{2}-\d{2}T00:00:00Z/(9|10|11)$")
CODE_LIST_URLS = ("https://codes.example.org/", "AlifCor/media-focus", "openeventdata/PLOVER")


def _url(source: str, store: ox.Store) -> str:
    return next(iter(store.quads_for_pattern(ox.NamedNode(SOURCE + source), ox.NamedNode("https://schema.org/url"), None))).object.value


def _all_new_decisions(tmp_path: Path, data: list[Path] | None = None) -> Path:
    """A decisions file saying "new" for every entity the export would create (as a reviewer might)."""
    session = Session.open(data)
    lines = ["entity\tdecision\tevidence\tnote"]
    for entity in session.export.entities:
        if entity.qid is None:
            lines.append(f"{entity.iri}\tnew\thttps://wikibase.example.org/search?q=x\ttest")
    path = tmp_path / "decisions.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_session() -> Session:
    return Session.open([GRAPH], decisions=DECISIONS)


@pytest.fixture(scope="module")
def fixture_batch(fixture_session: Session) -> str:
    return fixture_session.quickstatements()


@pytest.fixture(scope="module")
def bundled_session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return Session.open(decisions=_all_new_decisions(tmp_path_factory.mktemp("decisions")))


@pytest.fixture(scope="module")
def bundled_batch(bundled_session: Session) -> str:
    return bundled_session.quickstatements()


def _blocks(batch: str) -> dict[str, list[str]]:
    """Command lines per item, keyed by the project IRI of the ``/* kind IRI — … */`` line before them."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in batch.splitlines():
        header = re.match(r"^/\* (format|summit|document) (\S+) ", line)
        if header:
            current = header.group(2)
            blocks[current] = []
        elif current and not line.startswith("/*"):
            blocks[current].append(line)
    return blocks


def _statements(lines: list[str], prop: str) -> list[list[str]]:
    return [line.split("\t") for line in lines if len(line.split("\t")) > 2 and line.split("\t")[1] == prop]


def _refs(parts: list[str]) -> dict[str, str]:
    """The S… pairs of a command line."""
    return {parts[i]: parts[i + 1] for i in range(len(parts) - 1) if re.match(r"^S\d+$", parts[i])}


def _cited(lines: list[str], prop: str, value: str | None = None) -> set[str]:
    """Every reference (URL or stated-in item) of the statements of ``prop`` (with ``value``)."""
    found = set()
    for parts in _statements(lines, prop):
        if value is None or parts[2] == value:
            refs = _refs(parts)
            found.add(refs.get("S854", "").strip('"') or refs["S248"])
    return found


# --- references: per statement, never a code list -------------------------------------------------


def test_references_come_from_the_sources_that_name_the_fact(fixture_batch: str, fixture_session: Session) -> None:
    """A sample per kind of fact: summit property, participation, role, document, format."""
    store = fixture_session.store
    url = lambda name: _url(name, store)  # noqa: E731
    s1 = _blocks(fixture_batch)[SUMMIT + "2030-05-01-fx-series-astana"]
    # "instance of summit" rests on the source naming the meeting level, not on the status notice.
    assert _cited(s1, "P31") == {url("fx-news-a")}
    # The start date: the two sources that name it, never the code list that also claims to.
    assert _cited(s1, "P580") == {url("fx-news-a"), "Q900000500"}
    assert _cited(s1, "P582") == {url("fx-news-a")}
    assert _cited(s1, "P276") == {url("fx-news-a")}  # the city (the venue has no item)
    # Participations cite their own sources; the chair's role adds the source that names the role.
    assert _cited(s1, "P710", "Q232") == {url("fx-news-a"), url("fx-chair-report")}
    assert _cited(s1, "P710", "Q813") == {url("fx-news-a")}
    assert _cited(s1, "P710", "Q900000001") == {url("fx-news-b")}  # not the code list it also cites
    assert _cited(s1, "P488") == {url("fx-news-a"), url("fx-chair-report")}
    treaty = _blocks(fixture_batch)[PREFIXES["document"] + "fx-s1-treaty"]
    assert _cited(treaty, "P31") == {url("fx-treaty-text")}  # fx-news-b supports only the date
    assert _cited(treaty, "P585") == {url("fx-treaty-text"), url("fx-news-b")}
    dialogue = _blocks(fixture_batch)[PREFIXES["format"] + "fx-dialogue"]
    assert {u.replace("%7C", "|") for u in _cited(dialogue, "P31")} == {url("fx-format-site")}


def test_no_statement_is_referenced_by_a_code_list(fixture_batch: str, bundled_batch: str,
                                                   fixture_session: Session, bundled_session: Session) -> None:
    for batch, session in ((fixture_batch, fixture_session), (bundled_batch, bundled_session)):
        lines = [line for line in batch.splitlines() if not line.startswith("/*")]
        assert lines, "the batch must write something"
        assert not any(marker in line for line in lines for marker in CODE_LIST_URLS)
        cited = {r.source for e in session.export.entities for st in e.statements for r in st.references}
        assert cited and not cited & _code_list_sources(session.store)


def _code_list_sources(store: ox.Store) -> set[str]:
    rows = store.query("""PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/>
        SELECT DISTINCT ?s WHERE { { ?t dct:source ?s } UNION
          { ?s schema:url ?u FILTER(CONTAINS(STR(?u), "CAMEO") || CONTAINS(STR(?u), "PLOVER")
                                    || CONTAINS(STR(?u), "codes.example.org")) } }""")
    return {row["s"].value for row in rows}


def test_summit_statements_cite_only_sources_of_a_qualified_derivation_naming_them(
    bundled_session: Session, fixture_session: Session
) -> None:
    """On any data: a summit's own statements never cite a source that no qualified derivation of it names."""
    summit_props = {"P31", "P585", "P580", "P582", "P276", "P17", "P179", "P155", "P156"}
    for session in (bundled_session, fixture_session):
        qualified = {
            (row["n"].value, row["s"].value) for row in session.store.query("""
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?n ?s WHERE { ?n prov:qualifiedDerivation/prov:entity ?s }""")
        }
        for entity in session.export.entities:
            if entity.kind.value != "summit":
                continue
            for st in entity.statements:
                if st.property in summit_props:
                    assert all((entity.iri, ref.source) in qualified for ref in st.references), (entity.iri, st)


def test_an_unmigrated_summit_cites_nothing_and_its_facts_are_listed(fixture_batch: str, bundled_batch: str,
                                                                    bundled_session: Session) -> None:
    unmigrated = "summit:2034-07-01-fx-series-unmigrated"
    assert SUMMIT + "2034-07-01-fx-series-unmigrated" not in _blocks(fixture_batch)
    header = [line for line in fixture_batch.splitlines() if line.startswith("/*")]
    for prop in ("P31", "P585", "P276", "P179"):
        assert any(line.startswith(f"/* {unmigrated} {prop} ") and "no qualified derivation" in line for line in header), prop
    # The bundled data: every summit without qualified derivations is listed, never cited.
    without = {
        row["s"].value for row in bundled_session.store.query("""
        PREFIX cas: <https://w3id.org/casummit/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s WHERE { ?s a cas:Summit ; cas:city ?c FILTER NOT EXISTS { ?s prov:qualifiedDerivation ?d } }""")
    }
    blocks = _blocks(bundled_batch)
    for iri in without:
        assert not any(line.split("\t")[1] in ("P31", "P585", "P580", "P276") for line in blocks.get(iri, []))
        curie = "summit:" + iri[len(SUMMIT):]
        assert any(line.startswith(f"/* {curie} ") for line in bundled_batch.splitlines()), iri


def test_every_statement_has_a_reference_and_every_line_is_well_formed(fixture_batch: str, bundled_batch: str) -> None:
    for batch in (fixture_batch, bundled_batch):
        for line in batch.splitlines():
            if line.startswith("/*"):
                assert line.endswith("*/") and "*/" not in line[2:-2], line
                continue
            if line == "CREATE":
                continue
            parts = line.split("\t")
            assert re.match(r"^(LAST|Q[1-9]\d*)$", parts[0]), line
            if re.match(r"^[LDA](en|ru)$", parts[1]):
                assert parts[0] == "LAST" and len(parts) == 3 and parts[2].startswith('"') and parts[2].endswith('"'), line
                continue
            assert re.match(r"^P\d+$", parts[1]), line
            assert len(parts) % 2 == 1, line  # subject, then property-value pairs
            refs = _refs(parts)
            assert "S854" in refs or "S248" in refs, line
            if "S854" in refs:
                assert refs["S854"].startswith('"http') and "|" not in refs["S854"], line
            if "S813" in refs:
                assert TIME.match(refs["S813"]), line
            for prop, value in zip(parts[1::2], parts[2::2]):
                if prop in ("P585", "P580", "P582", "S813"):
                    assert TIME.match(value), line


def test_retrieved_dates_are_the_sources_own(bundled_batch: str) -> None:
    store = load_store()
    known = {(row["u"].value, row["d"].value) for row in store.query(
        "PREFIX cas: <https://w3id.org/casummit/ontology#> PREFIX schema: <https://schema.org/> "
        "SELECT ?u ?d WHERE { ?s schema:url ?u ; cas:retrievedOn ?d }")}
    for line in bundled_batch.splitlines():
        refs = _refs(line.split("\t"))
        if "S813" in refs:
            assert (refs["S854"].strip('"'), refs["S813"][1:11]) in known, line


# --- summits that did not take place ---------------------------------------------------------------


def test_summits_not_held_get_no_point_in_time_start_or_end(fixture_batch: str, bundled_batch: str,
                                                           fixture_session: Session, bundled_session: Session) -> None:
    for batch, session in ((fixture_batch, fixture_session), (bundled_batch, bundled_session)):
        not_held = {row["s"].value: row["st"].value for row in session.store.query("""
            PREFIX cas: <https://w3id.org/casummit/ontology#> PREFIX schema: <https://schema.org/>
            SELECT ?s ?st WHERE { ?s a cas:Summit ; schema:eventStatus ?st FILTER(?st != cas:Held) }""")}
        assert not_held
        blocks = _blocks(batch)
        for iri, status in not_held.items():
            lines = blocks.get(iri, [])
            assert not _statements(lines, "P585") and not _statements(lines, "P580") and not _statements(lines, "P582"), iri
            if not status.endswith("#Planned"):
                assert "CREATE" not in lines, iri
    planned = _blocks(fixture_batch)[SUMMIT + "2040-09-16-fx-series-planned"]
    assert planned[0] == "CREATE" and _statements(planned, "P31")
    assert "LAST\tDen\t\"planned Partneria–Central Asia summit in Astana, 16 September 2040\"" in planned


# --- labels, descriptions, quotes ------------------------------------------------------------------


def test_labels_carry_no_disambiguation_and_descriptions_read_well(fixture_batch: str, bundled_batch: str) -> None:
    for batch in (fixture_batch, bundled_batch):
        terms = [line.split("\t") for line in batch.splitlines() if re.match(r"^LAST\t[LD](en|ru)\t", line)]
        assert terms
        for _, key, value in terms:
            if key.startswith("L"):
                assert not value.endswith(')"'), value
            assert not re.search(r"summit summit|саммит саммит|meeting summit", value, re.IGNORECASE), value
            if key.startswith("D"):
                assert not value.endswith('."'), value
    s1 = _blocks(fixture_batch)[SUMMIT + "2030-05-01-fx-series-astana"]
    assert 'LAST\tLen\t"First Partneria–Central Asia Summit"' in s1
    assert 'LAST\tDen\t"Partneria–Central Asia summit in Astana, 1–2 May 2030"' in s1
    assert 'LAST\tDru\t"саммит «Партнерия — Центральная Азия», Астана, 1–2 мая 2030 года"' in s1


def test_a_double_quote_is_written_the_quickstatements_way(fixture_batch: str) -> None:
    dialogue = _blocks(fixture_batch)[PREFIXES["format"] + "fx-dialogue"]
    line = next(line for line in dialogue if line.startswith("LAST\tLen\t"))
    assert line == 'LAST\tLen\t""Central Asia plus Partneria" Dialogue"'
    # The v1 parser (quickstatements_rs parse_value) takes all between the first and last quote.
    assert re.match(r'^"(.*)"$', line.split("\t")[2]).group(1) == '"Central Asia plus Partneria" Dialogue'
    assert "\\" not in fixture_batch


def test_a_string_with_a_bar_is_not_written_and_is_listed(fixture_batch: str) -> None:
    assert "C5|P" not in "\n".join(line for line in fixture_batch.splitlines() if not line.startswith("/*"))
    assert any("C5|P" in line for line in fixture_batch.splitlines() if line.startswith("/*"))


# --- documents ------------------------------------------------------------------------------------


def test_documents_get_p31_from_the_map_and_unmapped_kinds_are_named(fixture_batch: str, bundled_batch: str) -> None:
    treaty = _blocks(fixture_batch)[PREFIXES["document"] + "fx-s1-treaty"]
    assert _statements(treaty, "P31")[0][2] == "Q131569"
    header = [line for line in fixture_batch.splitlines() if line.startswith("/*")]
    assert "/* declaration: 1 document(s) */" in header
    assert any(line.startswith("/* document:fx-s1-declaration: not created: no verified Wikidata class") for line in header)
    # Every created document has a P31.
    for batch in (fixture_batch, bundled_batch):
        for iri, lines in _blocks(batch).items():
            if iri.startswith(PREFIXES["document"]) and lines and lines[0] == "CREATE":
                assert _statements(lines, "P31"), iri


# --- two phases -----------------------------------------------------------------------------------


def _created_file(batch: str, tmp_path: Path, start: int = 900100000) -> Path:
    iris = re.findall(r"^/\* \d+ (https://\S+) \*/$", batch, re.MULTILINE)
    assert iris
    path = tmp_path / "QIDS.tsv"
    path.write_text("entity\tqid\n" + "".join(f"{iri}\tQ{start + n}\n" for n, iri in enumerate(iris)), encoding="utf-8")
    return path


def test_phase_one_leaves_links_to_new_items_for_phase_two(fixture_batch: str) -> None:
    lines = [line for line in fixture_batch.splitlines() if not line.startswith("/*")]
    assert not any(line.split("\t")[1:2] in (["P179"], ["P155"], ["P156"]) for line in lines)
    assert "/* summit:2030-05-01-fx-series-astana P179 part of the series format:fx-series, ordinal 1 */" in fixture_batch


def test_phase_two_links_every_series_with_its_ordinal(fixture_batch: str, tmp_path: Path) -> None:
    created = _created_file(fixture_batch, tmp_path)
    qids = dict(line.split("\t") for line in created.read_text(encoding="utf-8").splitlines()[1:])
    phase2 = Session.open([GRAPH], decisions=DECISIONS, created=created).phase_two()
    lines = [line.split("\t") for line in phase2.splitlines() if not line.startswith("/*")]
    s1, s2 = qids[SUMMIT + "2030-05-01-fx-series-astana"], qids[SUMMIT + "2032-06-10-fx-series-oldtown"]
    series = qids[PREFIXES["format"] + "fx-series"]
    p179 = [parts for parts in lines if parts[0] == s1 and parts[1] == "P179"]
    assert p179 and all(parts[2] == series and parts[3:5] == ["P1545", '"1"'] for parts in p179)
    assert any(parts[:3] == [s1, "P156", s2] for parts in lines)
    assert any(parts[:3] == [s2, "P155", s1] for parts in lines)
    # S2's edition number has no source: its P179 is written without an ordinal, and the header says so.
    assert all("P1545" not in parts for parts in lines if parts[0] == s2)
    # Every created summit with a referenced series gets its P179 in phase 2.
    for iri, qid in qids.items():
        if iri.startswith(SUMMIT):
            assert any(parts[0] == qid and parts[1] == "P179" for parts in lines), iri
    # Nothing of phase 1 is repeated.
    assert not any(parts[1] in ("P31", "P710", "P585", "P580") for parts in lines)
    # The Wikibase RDF takes the created Q-ids instead of placeholders.
    rdf = ox.Store()
    rdf.load(Session.open([GRAPH], decisions=DECISIONS, created=created).wikibase_rdf().encode("utf-8"),
             format=ox.RdfFormat.TURTLE)
    wd = "http://www.wikidata.org/entity/"
    assert list(rdf.quads_for_pattern(ox.NamedNode(wd + s1), ox.NamedNode("http://www.wikidata.org/prop/direct/P179"),
                                      ox.NamedNode(wd + series)))
    assert not list(rdf.quads_for_pattern(ox.NamedNode("https://w3id.org/casummit/wikibase/entity/summit-2030-05-01-fx-series-astana"), None, None))


def test_phase_two_on_the_bundled_data_links_every_series(bundled_batch: str, bundled_session: Session, tmp_path: Path) -> None:
    created = _created_file(bundled_batch, tmp_path)
    phase2 = Session.open(decisions=_all_new_decisions(tmp_path), created=created).phase_two()
    qids = dict(line.split("\t") for line in created.read_text(encoding="utf-8").splitlines()[1:])
    lines = [line.split("\t") for line in phase2.splitlines() if not line.startswith("/*")]
    for entity in bundled_session.export.entities:
        series = [st for st in entity.statements if st.property == "P179"]
        if entity.iri in qids and series and series[0].value.value in qids:
            assert any(parts[0] == qids[entity.iri] and parts[1] == "P179" for parts in lines), entity.iri


def test_a_created_file_with_a_bad_line_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "QIDS.tsv"
    path.write_text("entity\tqid\nformat:fx-series\tX12\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"QIDS.tsv:2: 'X12' for format:fx-series is not a Q-id"):
        Session.open([GRAPH], decisions=DECISIONS, created=path)
    assert cli.main(["wikidata", "--created", str(path), "--data", str(GRAPH), "--decisions", str(DECISIONS)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    path.write_text("entity\tqid\nperson:fx-head-kaz\tQ900000999\n", encoding="utf-8")
    with pytest.raises(WikidataError, match="contradicts its known Q-id Q900000200"):
        Session.open([GRAPH], decisions=DECISIONS, created=path)


# --- decisions ------------------------------------------------------------------------------------


def test_an_existing_item_is_edited_never_created(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.tsv"
    text = DECISIONS.read_text(encoding="utf-8").replace(
        "format:fx-series\tnew", "format:fx-series\tQ900000100").replace(
        "summit:2030-05-01-fx-series-astana\tnew", "summit:2030-05-01-fx-series-astana\tQ900000700")
    decisions.write_text(text, encoding="utf-8")
    batch = Session.open([GRAPH], decisions=decisions).quickstatements()
    commands = [line for line in batch.splitlines() if not line.startswith("/*")]
    # The summit's statements go to its item, its labels are left alone, and its series is linked at once.
    s1 = [line for line in commands if line.startswith("Q900000700\t")]
    assert s1 and not any(re.match(r"^Q900000700\t[LDA]", line) for line in s1)
    assert any(line.startswith("Q900000700\tP179\tQ900000100\tP1545\t\"1\"\t") for line in s1)
    assert batch.count("CREATE") == len(re.findall(r"^/\* \d+ https://", batch, re.MULTILINE)) == 5


def test_a_decision_that_contradicts_the_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "decisions.tsv"
    path.write_text("entity\tdecision\tevidence\tnote\nactor:kaz\tQ900000999\thttps://e.example/\t\n", encoding="utf-8")
    with pytest.raises(WikidataError, match=r"decisions.tsv:2: decision Q900000999 for actor:kaz contradicts its cas:wikidataId Q232"):
        Session.open([GRAPH], decisions=path)


def test_the_bundled_decisions_file_is_reviewed_evidence() -> None:
    from casummit_rdf.wikidata.decisions import read_decisions

    decisions = read_decisions()
    assert decisions
    store = load_store()
    for iri, decision in decisions.items():
        assert decision.evidence.startswith("https://github.com/") and "/blob/" in decision.evidence, iri
        assert list(store.quads_for_pattern(ox.NamedNode(iri), None, None)), f"{iri} is not in the data"
    qids = {row["s"].value: row["q"].value for row in store.query(
        "PREFIX cas: <https://w3id.org/casummit/ontology#> SELECT ?s ?q WHERE { ?s cas:wikidataId ?q }")}
    assert not set(qids) & set(decisions), "a decision repeats a cas:wikidataId of the data"


def test_a_bad_decisions_file_is_a_one_line_error_naming_the_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "decisions.tsv"
    path.write_text("# reviewed\nentity\tdecision\tevidence\tnote\nperson:x\tQ12\tnot-a-url\tn\n", encoding="utf-8")
    assert cli.main(["wikidata", "--quickstatements", "--data", str(GRAPH), "--decisions", str(path)]) == 2
    err = capsys.readouterr().err
    assert "decisions.tsv:3: decision for person:x has no evidence URL" in err and err.count("\n") == 1
    path.write_text("entity\tdecision\tevidence\tnote\nperson:fx-head-kaz\tmaybe\thttps://e.org/\t\n", encoding="utf-8")
    with pytest.raises(DataError, match=r":2: decision 'maybe' for person:fx-head-kaz is neither a Q-id nor 'new'"):
        Session.open([GRAPH], decisions=path)


# --- the map ------------------------------------------------------------------------------------


def test_ids_come_from_the_map_file(tmp_path: Path) -> None:
    text = (ontology_dir() / "wikidata-map.ttl").read_text(encoding="utf-8")
    path = tmp_path / "map.ttl"
    path.write_text(text.replace('casw:instanceOf casw:wikibaseId "P31"', 'casw:instanceOf casw:wikibaseId "P5"'),
                    encoding="utf-8")
    session = Session.open([GRAPH], decisions=DECISIONS, map_path=path)
    batch = session.quickstatements()
    assert "\tP5\tQ1072326\t" in batch and "\tP31\t" not in batch


def test_a_map_without_a_needed_id_is_a_one_line_error(tmp_path: Path) -> None:
    text = (ontology_dir() / "wikidata-map.ttl").read_text(encoding="utf-8")
    path = tmp_path / "map.ttl"
    path.write_text(text.replace('casw:seriesOrdinal casw:wikibaseId "P1545"', 'casw:seriesOrdinal rdfs:comment "gone"'),
                    encoding="utf-8")
    with pytest.raises(WikidataError, match="casw:seriesOrdinal") as error:
        WikibaseMap.load(path)
    assert "\n" not in str(error.value)


def test_the_map_maps_every_ontology_term_and_speaks_only_of_its_own() -> None:
    ontology = ox.Store()
    ontology.load(path=ontology_dir() / "casummit.ttl", format=ox.RdfFormat.TURTLE)
    mapping = ox.Store()
    mapping.load(path=ontology_dir() / "wikidata-map.ttl", format=ox.RdfFormat.TURTLE)
    described = {q.subject.value for q in mapping}
    terms = {row["t"].value for row in ontology.query("""
        SELECT DISTINCT ?t WHERE {
          VALUES ?k { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2002/07/owl#ObjectProperty>
                      <http://www.w3.org/2002/07/owl#DatatypeProperty> }
          ?t a ?k FILTER(isIRI(?t) && STRSTARTS(STR(?t), "https://w3id.org/casummit/ontology#")) }""")}
    assert terms and terms <= described
    own = ("https://w3id.org/casummit/ontology#", "https://w3id.org/casummit/wikidata-map#")
    assert all(subject.startswith(own) for subject in described), sorted(s for s in described if not s.startswith(own))


# --- command line -------------------------------------------------------------------------------


def test_cli_writes_the_batch_and_refuses_bad_combinations(tmp_path: Path, capsys) -> None:
    out = tmp_path / "batch.qs"
    args = ["--data", str(GRAPH), "--decisions", str(DECISIONS)]
    assert cli.main(["wikidata", "--quickstatements", *args, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("/* casummit-rdf QuickStatements v1 batch, phase 1 of 2")
    for bad, message in (
        (["--quickstatements", "-o", str(tmp_path)], "is a folder"),
        ([], "choose --quickstatements"),
        (["--quickstatements", "--api", "http://127.0.0.1:9/w/api.php"], "--api is only used with --reconcile"),
        (["--quickstatements", "--format", "nt"], "--format is only used with --rdf"),
        (["--rdf", "--reconcile"], "--reconcile goes alone or with --quickstatements"),
    ):
        assert cli.main(["wikidata", *bad, *args]) == 2, bad
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, (bad, err)


def test_the_default_batch_creates_nothing_unreconciled() -> None:
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "wikidata", "--quickstatements"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "CREATE" not in done.stdout.splitlines()
    assert "/* format:c5-plus-1: not created: not reconciled against a Wikibase, and no decision is recorded */" in done.stdout


def test_the_text_helpers_do_what_their_examples_say() -> None:
    import doctest

    from casummit_rdf.wikidata import text

    failures, tried = doctest.testmod(text)
    assert tried >= 6 and failures == 0
