"""`casummit publish` under faults: a real Oxigraph server behind a fault proxy, and scripted servers.

Each test checks the exit status, that the one-line message says truthfully what state the
target graph is in, and — against the real store — that it is in that state.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from email.utils import formatdate

import pytest

from casummit_rdf import cli
from casummit_rdf.publish import HttpClient
from casummit_rdf.publish.credentials import CredentialStore
from casummit_rdf.release.editions import GRAPH_BASE
import servers
from servers import Answer, FaultProxy, OxigraphServer, Reply, ScriptedServer, is_update, sparql_json_count, update_text
from test_publish import PREVIOUS, canonical_graph, local_canonical

oxigraph_server = servers.oxigraph_server  # a fixture
TARGET = GRAPH_BASE + "base"


@pytest.fixture(autouse=True)
def no_ambient_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASUMMIT_USER", raising=False)
    monkeypatch.delenv("CASUMMIT_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")


def publish(*args: str) -> int:
    return cli.main(["publish", *args])


def _publish_previous(server: OxigraphServer) -> list[str]:
    assert publish("--endpoint", server.base, "--data", str(PREVIOUS)) == 0
    before = canonical_graph(server.query_url, TARGET)
    assert before == local_canonical([PREVIOUS])
    return before


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def is_put(seen: servers.Seen) -> bool:
    return seen.method == "PUT"


def is_move(seen: servers.Seen) -> bool:
    return is_update(seen) and (seen.body.decode("utf-8", "replace").startswith("MOVE") or update_text(seen).startswith("MOVE"))


# --- staging + MOVE ----------------------------------------------------------------------------


def test_server_killed_in_the_middle_leaves_the_target_graph_unchanged(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)
    updates = {"n": 0}

    def decide(number: int, seen: servers.Seen) -> object:
        if is_update(seen):
            updates["n"] += 1
            if updates["n"] == 3:  # DROP staging, batch 1, then: the server dies during batch 2
                oxigraph_server.kill()
                return "drop"
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "update", "--batch-size", "1000", "--retries", "0")
    err = one_line(capsys.readouterr().err)
    assert code == 1
    assert "load staging graph (batch 2)" in err and err.endswith("target graph left as it was")
    oxigraph_server.start()
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


def test_a_500_on_the_swap_leaves_the_target_graph_unchanged(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        return Reply(500, {"Content-Type": "text/plain"}, b"internal failure") if is_move(seen) else None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "gsp")
    err = one_line(capsys.readouterr().err)
    assert code == 1 and "HTTP 500" in err and "(internal failure)" in err and err.endswith("target graph left as it was")
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


def test_a_lost_answer_to_a_swap_that_happened_is_a_success(oxigraph_server: OxigraphServer, capsys) -> None:
    _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        return "lose-reply" if is_move(seen) else None  # forwarded and done; the answer never comes

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "update")
        moves = [s for s in proxy.seen if is_move(s)]
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(moves) == 1, "a MOVE must never be sent twice"
    assert "the swap's answer was lost" in captured.out and "the store shows it was done" in captured.out
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()


def test_a_lost_answer_to_a_swap_that_cannot_be_checked_claims_nothing(oxigraph_server: OxigraphServer, capsys) -> None:
    _publish_previous(oxigraph_server)
    state = {"moved": False}

    def decide(number: int, seen: servers.Seen) -> object:
        if is_move(seen):
            state["moved"] = True
            return "lose-reply"
        if state["moved"]:
            return Reply(503, {"Retry-After": "0"}, b"")  # and then the store stops answering
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "update", "--retries", "1")
    err = one_line(capsys.readouterr().err)
    assert code == 1
    assert "swap staging into target" in err and "may hold the old or the new triples" in err
    assert "left as it was" not in err
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()  # it did happen


def test_a_staging_graph_that_lost_triples_stops_before_the_swap(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)

    swallowed = []

    def decide(number: int, seen: servers.Seen) -> object:
        # The store "accepts" the first INSERT DATA batch without storing it.
        if is_update(seen) and "INSERT DATA" in seen.body.decode("utf-8", "replace") and not swallowed:
            swallowed.append(seen)
            return Reply(204)
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "update", "--batch-size", "2000")
    err = one_line(capsys.readouterr().err)
    assert code == 1 and "staging graph holds" in err and err.endswith("target graph left as it was")
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


# --- one PUT -----------------------------------------------------------------------------------


def test_a_lost_answer_to_the_put_sends_it_again(oxigraph_server: OxigraphServer, capsys) -> None:
    _publish_previous(oxigraph_server)
    puts = {"n": 0}

    def decide(number: int, seen: servers.Seen) -> object:
        if is_put(seen):
            puts["n"] += 1
            return "lose-reply" if puts["n"] == 1 else None
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert puts["n"] == 2 and "by one Graph Store PUT" in captured.out and "sent again" in captured.out
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()


def test_a_500_on_the_put_says_the_target_was_left_as_it_was(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        return Reply(500, {"Content-Type": "text/plain"}, b"disk full") if is_put(seen) else None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base)
    err = one_line(capsys.readouterr().err)
    assert code == 1 and "HTTP 500" in err and f"target graph left as it was ({len(before)} triples)" in err
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


def test_a_server_killed_during_the_put_is_reported_without_a_guess(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        if is_put(seen):
            oxigraph_server.kill()
            return "drop"
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--retries", "0")
    err = one_line(capsys.readouterr().err)
    assert code == 1 and "could not be counted afterwards, so it may hold the old or the new triples" in err
    oxigraph_server.start()
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before  # Oxigraph's PUT is all or nothing


# --- retries -----------------------------------------------------------------------------------


def test_429_with_retry_after_is_honoured(oxigraph_server: OxigraphServer) -> None:
    refused = []

    def decide(number: int, seen: servers.Seen) -> object:
        if is_update(seen) and not refused:
            refused.append(seen)
            return Reply(429, {"Retry-After": "1"}, b"slow down")
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        assert publish("--endpoint", proxy.base, "--method", "update") == 0
        updates = [s for s in proxy.seen if is_update(s)]
    first, second = updates[0], updates[1]
    assert first.body == second.body
    assert second.at - first.at >= 0.9, "retried before Retry-After elapsed"
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()


def test_retries_are_bounded(oxigraph_server: OxigraphServer, capsys) -> None:
    before = _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        return Reply(503, {"Retry-After": "0"}, b"") if is_update(seen) else None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        start = time.monotonic()
        code = publish("--endpoint", proxy.base, "--method", "update", "--retries", "2")
        updates = [s for s in proxy.seen if is_update(s)]
    err = one_line(capsys.readouterr().err)
    assert code == 1 and "HTTP 503" in err and "after 2 retries" in err
    assert len(updates) == 3
    assert time.monotonic() - start < 60
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


def test_a_502_on_the_swap_is_not_retried_but_checked(oxigraph_server: OxigraphServer, capsys) -> None:
    """A gateway's 502 may come after the store did the swap: re-sending MOVE could empty the target."""
    before = _publish_previous(oxigraph_server)

    def decide(number: int, seen: servers.Seen) -> object:
        return Reply(502, {}, b"bad gateway") if is_move(seen) else None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base, "--method", "update", "--retries", "3")
        moves = [s for s in proxy.seen if is_move(s)]
    err = one_line(capsys.readouterr().err)
    assert code == 1 and len(moves) == 1 and "HTTP 502" in err and err.endswith("target graph left as it was")
    assert canonical_graph(oxigraph_server.query_url, TARGET) == before


def test_retry_after_as_seconds_or_http_date_and_capped() -> None:
    client = HttpClient(CredentialStore(None, environ={}), backoff=0.5, max_delay=30)
    assert client.delay("2", 0) == 2
    assert client.delay(None, 3) == 4  # 0.5 * 2**3
    assert client.delay("86400", 0) == 30
    assert 8 <= client.delay(formatdate(time.time() + 10, usegmt=True), 0) <= 10
    assert client.delay("soon", 1) == 1


# --- the timeout bounds the whole request ------------------------------------------------------


def _tiny_store(drip_on: str) -> object:
    """Answers a publish by SPARQL Update like an empty store, dripping the answer to ``drip_on``."""
    def answer(seen: servers.Seen) -> Answer:
        body = seen.body.decode("utf-8", "replace")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(seen.path).query).get("query", [""])[0]
        form = urllib.parse.parse_qs(body) if seen.method == "POST" and "=" in body[:10] else {}
        slow = 2.0 if drip_on in (seen.method, body[:6], query[:3]) else 0.0
        if "ASK" in query:
            return Answer(200, {"Content-Type": "application/sparql-results+json"}, b'{"head":{},"boolean":true}', slow)
        if seen.method == "GET":
            return Answer(404, drip=slow)
        if "query" in form:
            return Answer(200, {"Content-Type": "application/sparql-results+json"}, sparql_json_count(0), slow)
        return Answer(204, drip=slow)

    return answer


@pytest.mark.parametrize(
    ("drip_on", "method", "step"),
    [
        ("GET", "update", "look for endpoints"),
        ("DROP S", "update", "clear staging graph"),
        ("PUT", "put", "replace target graph (Graph Store PUT)"),  # not sent again: the store is too slow
    ],
)
def test_a_server_that_drips_ends_the_publish_within_the_timeout(drip_on: str, method: str, step: str, capsys) -> None:
    with ScriptedServer(_tiny_store(drip_on)) as server:
        start = time.monotonic()
        code = publish("--endpoint", server.base + "/sparql", "--method", method, "--timeout", "3")
        elapsed = time.monotonic() - start
        puts = [s for s in server.seen if s.method == "PUT"]
    err = one_line(capsys.readouterr().err)
    assert code == 1
    assert step in err and "no complete answer" in err and "within 3 s" in err
    assert elapsed < 3 + 4, f"took {elapsed:.1f} s; a dripping server must not hold the publish"
    assert len(puts) <= 1


def test_the_tiny_store_does_answer_without_drip(capsys) -> None:
    # The double above is a working store when it does not drip: the timeouts are its drip's doing.
    with ScriptedServer(_tiny_store("never")) as server:
        code = publish("--endpoint", server.base + "/sparql", "--method", "update", "--timeout", "3",
                       "--data", str(PREVIOUS))
    err = capsys.readouterr().err
    assert code == 1 and "staging graph holds 0 triples" in err  # it stores nothing, and that is caught


def test_a_store_that_answers_the_check_query_differently_fails_the_publish(oxigraph_server: OxigraphServer, capsys) -> None:
    def decide(number: int, seen: servers.Seen) -> object:
        form = urllib.parse.parse_qs(seen.body.decode("utf-8", "replace")) if seen.method == "POST" else {}
        text = (form.get("query") or [""])[0]
        if text and "COUNT(*)" not in text:  # the check query: answer no rows
            return Reply(200, {"Content-Type": "application/sparql-results+json"},
                         b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')
        return None

    with FaultProxy(oxigraph_server.base, decide) as proxy:
        code = publish("--endpoint", proxy.base)
    err = one_line(capsys.readouterr().err)
    found = re.search(r"answers differently remotely \(0 rows\) than locally \((\d+) rows\)", err)
    assert code == 1 and found and int(found.group(1)) > 0, err
