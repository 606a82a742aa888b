"""The ``casummit`` command: exit codes, one-line errors, output formats (run as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
PEOPLE = FIXTURES / "two-subjects.ttl"
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX cas: <https://w3id.org/casummit/ontology#> "
    'SELECT ?p ?label WHERE { ?p a cas:Person ; rdfs:label ?label FILTER(LANG(?label) = "en") } ORDER BY ?label'
)


def casummit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casummit_rdf", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_version_and_help() -> None:
    assert casummit("--version").stdout.startswith("casummit-rdf ")
    help_text = casummit("--help").stdout
    for command in ("query", "queries", "sparql", "stats", "validate"):
        assert command in help_text


def test_sparql_inline_over_given_data_as_table_csv_json() -> None:
    table = casummit("sparql", LABELS, "--data", str(PEOPLE))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["p", "label"]
    assert "person:first-person" in lines[2] and "First Person" in lines[2]
    assert lines[-1] == "(2 rows)"

    csv_out = casummit("sparql", LABELS, "--data", str(PEOPLE), "--format", "csv").stdout
    assert csv_out.splitlines()[1] == "https://w3id.org/casummit/id/person/first-person,First Person"

    doc = json.loads(casummit("sparql", LABELS, "--data", str(PEOPLE), "--format", "json").stdout)
    assert doc["head"]["vars"] == ["p", "label"]
    assert doc["results"]["bindings"][1]["label"] == {"type": "literal", "value": "Second Person", "xml:lang": "en"}


def test_both_engines_answer_alike_through_the_cli() -> None:
    ox_rows = casummit("sparql", LABELS, "--data", str(PEOPLE), "--format", "json").stdout
    rdflib_rows = casummit("sparql", LABELS, "--data", str(PEOPLE), "--format", "json", "--engine", "rdflib").stdout
    assert json.loads(ox_rows) == json.loads(rdflib_rows)


def test_sparql_from_file_and_ask(tmp_path: Path) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    done = casummit("sparql", "-f", str(query), "--data", str(PEOPLE))
    assert (done.returncode, done.stdout) == (0, "true\n")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        # (a SPARQL syntax error adds the query's line and a caret: tests/test_sparql_syntax.py)
        (("sparql", "-f", "no-such-query.rq"), "no-such-query.rq: cannot read file"),
        (("sparql",), "give a SPARQL query"),
        (("sparql", LABELS, "--data", "no-such-dir"), "no-such-dir: no such file or folder"),
        (("sparql", LABELS, "--data", str(FIXTURES / "unterminated-string.ttl")), "unterminated-string.ttl:3"),
        (("query", "no-such-query"), "unknown query 'no-such-query'"),
        (("query", "powers-met-all-five", "--param", "year=abc"), "parameter year: 'abc' is not an integer"),
        (("query", "powers-met-all-five", "--param", "colour=red"), "has no parameter 'colour'"),
        (("query", "powers-met-all-five", "--param", "year"), "is not KEY=VALUE"),
        (
            ("query", "powers-met-all-five", "--param", "year=2025 } UNION { ?s ?p ?o"),
            "is not an integer",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_line(args: tuple[str, ...], fragment: str) -> None:
    done = casummit(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("casummit: error: ")
    assert fragment in done.stderr


def test_queries_lists_names_summaries_and_parameters() -> None:
    listing = casummit("queries").stdout
    assert "powers-met-all-five:" in listing
    assert "--param year=<integer> (optional)" in listing
    payload = json.loads(casummit("queries", "--format", "json").stdout)
    flagship = next(q for q in payload if q["name"] == "powers-met-all-five")
    assert flagship["parameters"][0]["name"] == "year"
    assert flagship["parameters"][0]["type"] == "integer"
    assert flagship["parameters"][0]["required"] is False


def test_stats_counts_the_given_data() -> None:
    done = casummit("stats", "--data", str(PEOPLE), "--format", "json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["classes"]["https://w3id.org/casummit/ontology#Person"] == 2


# -- offline by default ------------------------------------------------------------------------------


def test_sparql_is_offline_by_default_and_follows_service_only_when_allowed(listener) -> None:  # noqa: ANN001
    from conftest import service_corpus

    for case in service_corpus():
        query = case["query"].replace("{url}", listener.url)
        for engine in ("oxigraph", "rdflib"):
            done = casummit("sparql", query, "--data", str(PEOPLE), "--engine", engine)
            assert done.returncode == 2, (case["name"], engine, done.stdout, done.stderr)
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert "Traceback" not in done.stderr
    assert listener.connections == []
    plain = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    refused = casummit("sparql", plain, "--data", str(PEOPLE))
    assert "--allow-service" in refused.stderr
    allowed = casummit("sparql", plain, "--data", str(PEOPLE), "--allow-service")
    assert allowed.returncode == 0, allowed.stderr
    assert len(listener.connections) == 1


def test_rdflib_engine_does_not_download_from_iris_unless_allowed(listener) -> None:  # noqa: ANN001
    query = f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}"
    done = casummit("sparql", query, "--data", str(PEOPLE), "--engine", "rdflib")
    assert done.returncode == 2
    assert "FROM" in done.stderr and "--allow-service" in done.stderr
    assert casummit("sparql", query, "--data", str(PEOPLE)).returncode == 0  # pyoxigraph: a local graph name
    assert listener.connections == []


KAZ_CONSTRUCT = ("CONSTRUCT { <https://w3id.org/casummit/id/actor/kaz> ?p ?o } "
                 "WHERE { <https://w3id.org/casummit/id/actor/kaz> ?p ?o }")


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(None, "turtle"), ("ttl", "turtle"), ("nt", "nt"),
                                                     ("jsonld", "json-ld"), ("rdf", "xml")])
def test_sparql_prints_graphs_in_rdf_formats(fmt: str | None, rdflib_format: str) -> None:
    import rdflib

    done = casummit("sparql", KAZ_CONSTRUCT, *(["--format", fmt] if fmt else []))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n")
    graph = rdflib.Graph().parse(data=done.stdout, format=rdflib_format)
    kaz = rdflib.URIRef("https://w3id.org/casummit/id/actor/kaz")
    assert (kaz, rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in graph
    if fmt is None:
        assert done.stdout.startswith("@prefix")  # Turtle by default


@pytest.mark.parametrize(("query", "fmt", "fits"), [
    (KAZ_CONSTRUCT, "json", "ttl, nt, jsonld, rdf"),
    (KAZ_CONSTRUCT, "csv", "ttl, nt, jsonld, rdf"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ttl", "table, csv, tsv, json, xml, md"),
])
def test_a_format_that_does_not_fit_the_query_is_refused_in_one_line(query: str, fmt: str, fits: str) -> None:
    done = casummit("sparql", query, "--format", fmt)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.rstrip().endswith(f"use one of {fits}")
