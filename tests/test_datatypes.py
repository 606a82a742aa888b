"""Literals keep their datatype on every path: the files, the CLI, the endpoint and published stores.

Stores canonicalise some derived datatypes on load (Oxigraph turns ``xsd:positiveInteger`` into
``xsd:integer``; Virtuoso did the same), so ``DATATYPE()`` would answer differently by path. The
data use datatypes every store keeps; this test compares ``DATATYPE()`` of every typed literal,
per property, across all paths.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
import rdflib
import servers
from serve_support import http, running_server
from servers import (
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    OxigraphServer,
    VirtuosoServer,
    sparql_select,
)

from casummit_rdf import cli
from casummit_rdf.graph import discover
from casummit_rdf.resources import ontology_files
from casummit_rdf.release.editions import GRAPH_BASE

oxigraph_server, virtuoso_server = servers.oxigraph_server, servers.virtuoso_server  # fixtures

TARGET = GRAPH_BASE + "base"
# Every literal without a language tag, by property and datatype. Language-tagged strings are left
# out: their DATATYPE() is rdf:langString in SPARQL 1.1, which older stores answer otherwise.
QUERY = """SELECT ?p ?d (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) = "") BIND(DATATYPE(?o) AS ?d)
} GROUP BY ?p ?d"""
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def counts(document: dict) -> Counter:
    return Counter({(b["p"]["value"], b["d"]["value"]): int(b["n"]["value"]) for b in document["results"]["bindings"]})


@pytest.fixture(scope="module")
def from_files() -> Counter:
    """What the Turtle files say (data and ontology, as every path loads them), read by rdflib."""
    graph = rdflib.Graph()
    for path in [*discover(), *ontology_files()]:
        graph.parse(path, format="turtle")
    found = Counter()
    for _, p, o in graph:
        if isinstance(o, rdflib.Literal) and not o.language:
            found[(str(p), str(o.datatype or XSD_STRING))] += 1
    # the data states derived integer types nowhere: a store could not keep them
    assert not {d for _, d in found if d.endswith(("positiveInteger", "nonNegativeInteger", "dateTimeStamp"))}
    assert len(found) > 20
    return found


def test_the_cli_answers_what_the_files_say(from_files: Counter) -> None:
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "sparql", QUERY, "--format", "json"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert counts(json.loads(done.stdout)) == from_files


@pytest.mark.server
def test_the_endpoint_answers_what_the_files_say(from_files: Counter) -> None:
    with running_server() as server:
        reply = http(server.url, "/sparql", params={"query": QUERY}, accept="application/sparql-results+json")
    assert reply.status == 200
    assert counts(json.loads(reply.body)) == from_files


@pytest.mark.server
def test_a_published_oxigraph_answers_what_the_files_say(oxigraph_server: OxigraphServer, from_files: Counter) -> None:
    assert cli.main(["publish", "--endpoint", oxigraph_server.base]) == 0
    assert counts(sparql_select(oxigraph_server.query_url, QUERY, TARGET)) == from_files


@pytest.mark.server
def test_a_published_virtuoso_answers_what_the_files_say(
    virtuoso_server: VirtuosoServer, from_files: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUMMIT_USER", VIRTUOSO_USER)
    monkeypatch.setenv("CASUMMIT_PASSWORD", VIRTUOSO_PASSWORD)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    assert cli.main(["publish", "--endpoint", f"http://127.0.0.1:{virtuoso_server.http_port}", "--http-auth", "digest"]) == 0
    assert counts(sparql_select(virtuoso_server.query_url, QUERY, TARGET)) == from_files
