"""What ``casummit serve`` refuses: updates, SERVICE (no SSRF), runaway queries, oversized requests."""

from __future__ import annotations

import http.server as http_server
import json
import socket
import threading
import urllib.parse

import pytest
from serve_support import FLAGSHIP, http, running_server

from casummit_rdf.serve.guard import QueryForm, inspect

pytestmark = pytest.mark.server

TIMEOUT = 1.5
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def base() -> str:
    with running_server(timeout=TIMEOUT, max_results=500, max_body=4096, max_url=4096) as server:
        yield server.url


class _Recorder(http_server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def outside() -> str:
    """A stand-in for an outside host: an HTTP listener that records every request it gets."""
    _Recorder.hits = []
    listener = http_server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.server_address[1]}/sparql"
    finally:
        listener.shutdown()
        listener.server_close()


def form(query: str, key: str = "query") -> bytes:
    return urllib.parse.urlencode({key: query}).encode()


# -- updates ---------------------------------------------------------------------------------------

UPDATE = "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"


def test_updates_are_refused_every_way(base: str) -> None:
    assert http(base, "/sparql", data=UPDATE.encode(), content_type="application/sparql-update").status == 403
    assert http(base, "/sparql", data=form(UPDATE, "update"), content_type="application/x-www-form-urlencoded").status == 403
    assert http(base, "/sparql", params={"update": UPDATE}).status == 403
    for text in (UPDATE, "# a comment\nclear all", "DROP ALL", "load <http://example.org/data.ttl>",
                 "DELETE WHERE { ?s ?p ?o }", "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        reply = http(base, "/sparql", params={"query": text})
        assert reply.status == 403, text
        assert "read-only" in reply.text
    assert json.loads(http(base, "/sparql", params={"query": COUNT}).body)["results"]["bindings"][0]["n"]["value"] != "0"
    assert http(base, "/sparql", params={"query": "ASK { <http://example.org/a> ?p ?o }"}).text.count("false") == 1


def test_other_methods_are_not_allowed(base: str) -> None:
    assert http(base, "/sparql", method="PUT", data=b"x", content_type="text/turtle").status == 405
    assert http(base, "/sparql", method="DELETE").status == 405


# -- SERVICE ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?x ?y ?z .SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        "# SERVICE in a comment first\nSELECT * WHERE {{ BIND(\"SERVICE\" AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX service: <http://example.org/> SELECT * WHERE {{ ?service service:p ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?a ?b ?c FILTER(?c<1) SERVICE<{url}>{{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_to_another_host_is_refused_and_never_called(base: str, outside: str, template: str) -> None:
    for url in (outside, "http://example.org/sparql"):
        query = template.format(url=url)
        reply = http(base, "/sparql", data=form(query), content_type="application/x-www-form-urlencoded")
        assert reply.status == 403, query
        assert "SERVICE" in reply.text
    assert _Recorder.hits == []


def test_the_word_service_in_strings_comments_and_names_is_not_a_service_call(base: str) -> None:
    query = ('PREFIX service: <http://example.org/service#>\n'
             'SELECT ?service WHERE { BIND("SERVICE <http://example.org/>" AS ?service) } # SERVICE <x:y>')
    reply = http(base, "/sparql", params={"query": query})
    assert reply.status == 200
    assert json.loads(reply.body)["results"]["bindings"][0]["service"]["value"].startswith("SERVICE")


def test_guard_classifies_query_forms() -> None:
    assert inspect("PREFIX a: <x:> BASE <y:> select * {}").form is QueryForm.SELECT
    assert inspect("describe <x:y>").form is QueryForm.DESCRIBE
    assert inspect("PREFIX a: <x:> INSERT DATA {}").form is QueryForm.UPDATE
    assert inspect("SELECT * { ?s ?p '''multi\nline SERVICE''' }").uses_service is False
    assert inspect("SELECT * { \\u0053ERVICE <x:y> {} }").uses_service is True


# -- resources ---------------------------------------------------------------------------------------


def test_runaway_query_is_stopped_at_the_timeout_and_the_server_recovers(base: str) -> None:
    reply = http(base, "/sparql", params={"query": RUNAWAY})
    assert reply.status == 503
    assert "timed out" in reply.text
    for _ in range(3):  # the stopped worker is replaced; other queries still run
        assert http(base, "/sparql", params={"query": COUNT}).status == 200
    assert http(base, f"/api/queries/{FLAGSHIP}").status == 200


def test_result_cap(base: str) -> None:
    reply = http(base, "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert reply.status == 413
    assert "more than 500 rows" in reply.text
    assert http(base, "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"}).status == 200
    assert http(base, "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}).status == 413


def test_oversized_body_and_url_are_refused(base: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } " + "#" * 5000
    assert http(base, "/sparql", data=big.encode(), content_type="application/sparql-query").status == 413
    assert http(base, "/sparql", params={"query": big}).status == 414
    assert http(base, "/sparql", params={"query": COUNT}).status == 200


def test_post_without_length_and_chunked_bodies_are_refused(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    for head in (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\n",
                 b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(head)
            assert sock.recv(100).startswith(b"HTTP/1.1 411")


def test_injected_api_parameter_is_refused(base: str) -> None:
    reply = http(base, f"/api/queries/{FLAGSHIP}", params={"year": "2025) || true || (1"})
    assert reply.status == 400
    assert "not an integer" in json.loads(reply.body)["error"]


def test_no_path_traversal_to_files(base: str) -> None:
    for path in ("/static/../serve/app.py", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/app.js/../../x"):
        assert http(base, path).status == 404
