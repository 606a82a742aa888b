"""What ``casummit serve`` refuses: updates, SERVICE (no SSRF), runaway queries, oversized requests."""

from __future__ import annotations

import json
import time
import socket
import urllib.parse

import pytest
from conftest import Listener, service_corpus
from serve_support import FLAGSHIP, http, running_server

from casummit_rdf.serve.execute import Formats, Limits
from casummit_rdf.formats import Format
from casummit_rdf.serve.pool import QueryRequest

pytestmark = pytest.mark.server

TIMEOUT = 1.5
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def base() -> str:
    with running_server(timeout=TIMEOUT, max_results=500, max_body=64 * 1024, max_url=4096) as server:
        yield server.url


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


def test_the_word_service_in_strings_comments_and_names_is_not_a_service_call(base: str) -> None:
    query = ('PREFIX service: <http://example.org/service#>\n'
             'SELECT ?service WHERE { BIND("SERVICE <http://example.org/>" AS ?service) } # SERVICE <x:y>')
    reply = http(base, "/sparql", params={"query": query})
    assert reply.status == 200
    assert json.loads(reply.body)["results"]["bindings"][0]["service"]["value"].startswith("SERVICE")


CORPUS = service_corpus()


@pytest.mark.parametrize("way", ["get", "post-body", "post-form", "suffix"])
def test_service_corpus_is_refused_every_way_and_never_calls_out(base: str, listener: Listener, way: str) -> None:
    for case in CORPUS:
        query = case["query"].replace("{url}", listener.url)
        if way == "get":
            reply = http(base, "/sparql", params={"query": query})
        elif way == "post-body":
            reply = http(base, "/sparql", data=query.encode(), content_type="application/sparql-query")
        elif way == "post-form":
            reply = http(base, "/sparql", data=form(query), content_type="application/x-www-form-urlencoded")
        else:
            reply = http(base, "/sparql.csv", params={"query": query})
        assert reply.status in (400, 403), (case["name"], reply.status, reply.text)
        assert "Traceback" not in reply.text
    assert listener.connections == []


def test_workers_have_no_network_even_if_a_query_got_past_the_check(listener: Listener) -> None:
    """Defence in depth: hand SERVICE queries straight to the pool, bypassing the endpoint's check."""
    import sys

    with running_server(timeout=5) as server:
        pool = server.app.pool
        if sys.platform.startswith("linux"):
            assert "seccomp" in pool.isolation or "network namespace" in pool.isolation
        formats = Formats(Format.SPARQL_JSON, Format.TURTLE)
        for case in CORPUS:
            text = case["query"].replace("{url}", listener.url)
            answer = pool.run(QueryRequest(text, formats, Limits()))
            # The engine tries and fails (SILENT turns the failure into an empty solution).
            assert answer.status in (200, 400, 403), (case["name"], answer)
        assert listener.connections == []
        plain = CORPUS[0]["query"].replace("{url}", listener.url)
        assert "not permitted" in pool.run(QueryRequest(plain, formats, Limits())).body.decode()


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
    big = "SELECT * WHERE { ?s ?p ?o } " + "#" * 70_000
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


# -- bounded workers -----------------------------------------------------------------------------------


def doubling_chain(steps: int) -> str:
    """A short query whose answer doubles in size at every step (2 bytes · 2**steps)."""
    binds = " ".join(f"BIND(CONCAT(?v{i},?v{i}) AS ?v{i + 1})" for i in range(steps))
    return f'SELECT ?v{steps} WHERE {{ BIND("ab" AS ?v0) {binds} }}'


def test_answers_are_capped_in_bytes_while_they_are_written() -> None:
    with running_server(timeout=10, max_response=1 << 20) as server:
        reply = http(server.url, "/sparql", params={"query": doubling_chain(25)})  # would be 64 MiB
        assert reply.status == 413
        assert "1 MiB size cap" in reply.text
        assert len(reply.body) < 1000
        assert http(server.url, "/sparql", params={"query": doubling_chain(10)}).status == 200


def test_a_query_over_the_memory_cap_gets_503_and_the_worker_is_replaced() -> None:
    with running_server(timeout=20, worker_memory_mb=256, workers=1, light_lane=False) as server:
        reply = http(server.url, "/sparql", params={"query": doubling_chain(29)})  # a 1 GiB string
        assert reply.status == 503, reply.text
        assert "memory limit" in reply.text
        assert http(server.url, "/sparql", params={"query": COUNT}).status == 200


@pytest.mark.parametrize("opener,inner,closer", [("{", "", "}"), ("(", "1", ")")])
def test_deep_nesting_is_a_400_not_a_dead_worker(base: str, opener: str, inner: str, closer: str) -> None:
    text = "SELECT * WHERE { FILTER(" + opener * 10_000 + inner + closer * 10_000 + ") }"
    reply = http(base, "/sparql", data=text.encode(), content_type="application/sparql-query")
    assert reply.status == 400
    assert "nests" in reply.text
    assert http(base, "/sparql", params={"query": COUNT}).status == 200


def test_light_requests_are_answered_while_heavy_ones_run() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with running_server(timeout=8, workers=2) as server:
        with ThreadPoolExecutor(max_workers=6) as heavy:
            running = [heavy.submit(http, server.url, "/sparql", params={"query": RUNAWAY + f" # {n}"}) for n in range(6)]
            time.sleep(1.0)  # the heavy queries hold both general workers now
            started = time.monotonic()
            light = http(server.url, "/sparql", params={"query": "ASK { ?s ?p ?o }"})
            canned = http(server.url, f"/api/queries/{FLAGSHIP}")
            elapsed = time.monotonic() - started
            assert light.status == 200 and canned.status == 200
            assert elapsed < 4, f"light requests waited {elapsed:.1f} s behind heavy ones"
            assert all(f.result().status == 503 for f in running)


# -- HTTP edge cases -----------------------------------------------------------------------------------


def raw(base: str, data: bytes, *, wait: float = 10) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def test_http_0_9_request_line_is_a_400_without_traceback(base: str, capfd: pytest.CaptureFixture[str]) -> None:
    answer = raw(base, b"GET /sparql\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"HTTP/0.9" in answer
    assert "Traceback" not in capfd.readouterr().err


def test_two_content_length_headers_are_a_400(base: str) -> None:
    body = b"ASK { ?s ?p ?o }"
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(body), len(body)))
    assert raw(base, head + body).startswith(b"HTTP/1.1 400")


def test_a_client_that_drips_its_request_is_cut_off_at_the_deadline() -> None:
    with running_server(header_timeout=2.0) as server:
        host, port = server.url.removeprefix("http://").split(":")
        started = time.monotonic()
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            closed = False
            for byte in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40:
                try:
                    sock.sendall(bytes([byte]))
                    time.sleep(0.25)
                except OSError:
                    closed = True
                    break
                if time.monotonic() - started > 8:
                    break
            if not closed:
                sock.settimeout(5)
                try:
                    closed = sock.recv(100) == b""
                except OSError:
                    closed = True
        assert closed
        assert time.monotonic() - started < 8
        assert http(server.url, "/sparql", params={"query": COUNT}).status == 200


def test_the_host_header_is_not_reflected_into_the_service_description(base: str) -> None:
    reply = http(base, "/sparql", accept="text/turtle", headers={"Host": "evil.example"})
    assert reply.status == 200
    assert b"evil.example" not in reply.body
    assert base.encode() + b"/sparql" in reply.body


def test_a_repeated_format_parameter_with_one_value_is_accepted(base: str) -> None:
    reply = http(base, "/sparql?format=json&format=json&output=json", params={"query": COUNT})
    assert reply.status == 200
    assert http(base, "/sparql?format=json&format=xml", params={"query": COUNT}).status == 400
