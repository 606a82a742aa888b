"""``casummit serve`` speaks the SPARQL 1.1 Protocol over plain HTTP (the outside clients: test_clients.py)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
import rdflib
from serve_support import (
    ID,
    http,
    running_server,
)

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
KAZ = ID + "actor/kaz"
CONSTRUCT_KAZ = f"CONSTRUCT {{ <{KAZ}> ?p ?o }} WHERE {{ <{KAZ}> ?p ?o }}"


@pytest.fixture(scope="module")
def server():
    with running_server(timeout=5, max_results=2000) as running:
        yield running


@pytest.fixture(scope="module")
def base(server) -> str:
    return server.url


def get_query(base: str, query: str, accept: str | None = None, path: str = "/sparql"):
    return http(base, path, params={"query": query}, accept=accept)


def count_of(reply) -> int:
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


# -- query methods ---------------------------------------------------------------------------


def test_get_post_form_and_post_direct_give_the_same_results(base: str) -> None:
    by_get = get_query(base, COUNT)
    by_form = http(base, "/sparql", data=urllib.parse.urlencode({"query": COUNT}).encode(),
                   content_type="application/x-www-form-urlencoded")
    by_body = http(base, "/sparql", data=COUNT.encode(), content_type="application/sparql-query")
    for reply in (by_get, by_form, by_body):
        assert reply.status == 200
        assert reply.content_type == "application/sparql-results+json"
    assert count_of(by_get) == count_of(by_form) == count_of(by_body) > 1000


def test_post_with_another_content_type_is_415(base: str) -> None:
    assert http(base, "/sparql", data=COUNT.encode(), content_type="text/plain").status == 415


# -- content negotiation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        # q-values decide, not the order in the header
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        # a specific range beats a wildcard, even one listed first
        ("*/*;q=0.1, text/csv", "text/csv"),
        ("text/*;q=0.2, text/csv;q=0, text/xml;q=0", "text/tab-separated-values"),
        # a browser: HTML is not offered, */* picks the default
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
    ],
)
def test_select_results_follow_the_accept_header(base: str, accept: str | None, expected: str) -> None:
    reply = get_query(base, COUNT, accept=accept)
    assert (reply.status, reply.content_type) == (200, expected)
    assert "Accept" in reply.headers.get("Vary", "")


def test_nothing_acceptable_is_406_with_the_offered_types(base: str) -> None:
    reply = get_query(base, COUNT, accept="text/turtle")
    assert reply.status == 406
    assert "application/sparql-results+json" in reply.text
    assert get_query(base, CONSTRUCT_KAZ, accept="text/csv").status == 406
    assert get_query(base, COUNT, accept="application/sparql-results+json;q=0").status == 406


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
)
def test_result_format_by_suffix_overrides_accept(base: str, suffix: str, expected: str) -> None:
    reply = get_query(base, COUNT, accept="application/sparql-results+json", path=f"/sparql.{suffix}")
    assert (reply.status, reply.content_type) == (200, expected)


def test_csv_and_tsv_bodies(base: str) -> None:
    assert get_query(base, COUNT, path="/sparql.csv").text.split("\r\n")[0] == "n"
    assert get_query(base, COUNT, path="/sparql.tsv").text.splitlines()[0] == "?n"


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/turtle;q=0.3, application/ld+json;q=0.7", "application/ld+json", "json-ld"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_construct_answers_in_rdf_formats(base: str, accept: str | None, expected: str, rdflib_format: str) -> None:
    reply = get_query(base, CONSTRUCT_KAZ, accept=accept)
    assert (reply.status, reply.content_type) == (200, expected)
    graph = rdflib.Graph().parse(data=reply.body, format=rdflib_format)
    assert (rdflib.URIRef(KAZ), rdflib.RDFS.label, rdflib.Literal("Kazakhstan", lang="en")) in graph


def test_describe_and_ask(base: str) -> None:
    described = get_query(base, f"DESCRIBE <{KAZ}>", accept="text/turtle")
    assert described.status == 200 and "Kazakhstan" in described.text
    ask = get_query(base, f"ASK {{ <{KAZ}> ?p ?o }}")
    assert json.loads(ask.body) == {"head": {}, "boolean": True}


def test_service_description(base: str) -> None:
    reply = http(base, "/sparql")
    assert (reply.status, reply.content_type) == (200, "text/turtle")
    graph = rdflib.Graph().parse(data=reply.body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    (service,) = graph.subjects(rdflib.RDF.type, sd.Service)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert str(service).endswith("/sparql")
    as_jsonld = http(base, "/sparql", accept="application/ld+json")
    assert as_jsonld.content_type == "application/ld+json"


def test_malformed_sparql_is_400_with_the_parser_message(base: str) -> None:
    reply = get_query(base, "SELECT * WHERE { ?s ?p ")
    assert reply.status == 400
    assert reply.text.startswith("SPARQL syntax error at line 1, column 16: ")
    assert "  1 | SELECT * WHERE { ?s ?p" in reply.text  # the line and a caret under the spot


def test_cors(base: str) -> None:
    assert get_query(base, COUNT).headers["Access-Control-Allow-Origin"] == "*"
    preflight = http(base, "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_concurrent_clients_get_the_same_answer(base: str) -> None:
    queries = [f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} # client {i % 4}" for i in range(48)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(lambda q: get_query(base, q), queries))
    assert {r.status for r in replies} == {200}
    assert len({count_of(r) for r in replies}) == 1


# -- dereferenceable IRIs ------------------------------------------------------------------------


def test_entity_iri_negotiates_html_turtle_and_jsonld(base: str) -> None:
    browser = http(base, "/id/actor/kaz", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert (browser.status, browser.content_type) == (200, "text/html")
    assert "Kazakhstan" in browser.text
    turtle = http(base, "/id/actor/kaz", accept="text/turtle")
    assert turtle.content_type == "text/turtle"
    graph = rdflib.Graph().parse(data=turtle.body, format="turtle")
    assert (rdflib.URIRef(KAZ), rdflib.RDF.type, None) in graph
    jsonld = http(base, "/id/actor/kaz", accept="application/ld+json")
    assert jsonld.content_type == "application/ld+json"
    assert len(rdflib.Graph().parse(data=jsonld.body, format="json-ld")) == len(graph)
    assert http(base, "/id/actor/kaz.nt").content_type == "application/n-triples"


def test_unknown_entity_is_404(base: str) -> None:
    assert http(base, "/id/actor/no-such-state", accept="text/turtle").status == 404
    assert http(base, "/id/actor/no-such-state", accept="text/html").status == 404
    assert http(base, "/id/not%20a%20path").status == 404
    assert http(base, "/id/actor/kaz.unknown-suffix").status == 404


# -- the command ---------------------------------------------------------------------------------


def test_casummit_serve_command_answers_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "casummit_rdf", "serve", "--port", "0", "--timeout", "5", "--max-results", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, process.stderr.read() if not line else line
        base = line.split("listening on ")[1].split("/ ")[0]
        assert count_of(get_query(base, COUNT)) > 1000
        assert get_query(base, "SELECT * { ?s ?p ?o }").status == 413  # --max-results 100
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_casummit_serve_rejects_bad_options() -> None:
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "serve", "--timeout", "-1"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "positive" in done.stderr
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "serve", "--data", "/no/such/folder", "--port", "0"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "no such file" in done.stderr
