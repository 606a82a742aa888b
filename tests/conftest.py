"""Shared fixtures: a stand-in for an outside host, the hostile-input corpora; strict skips.

Tests that drive an outside tool (Java, chromium, Virtuoso, grlc, Comunica) skip when it is not
installed. ``.ci/run`` sets ``CASUMMIT_REQUIRE_TOOLS=1``, which turns every skip into a failure,
so CI cannot pass by not running them.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REQUIRE_TOOLS = os.environ.get("CASUMMIT_REQUIRE_TOOLS") == "1"


def _strict(report: pytest.CollectReport | pytest.TestReport) -> None:
    if REQUIRE_TOOLS and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CASUMMIT_REQUIRE_TOOLS=1: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    _strict(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _strict(outcome.get_result())
_EMPTY_RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it.

    It counts connections, not HTTP requests, so any attempt to reach it shows, whatever the
    client sends; it answers each with an empty SPARQL JSON result.
    """

    url: str
    connections: list[bytes] = field(default_factory=list)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    found = Listener(f"http://127.0.0.1:{port}/sparql")
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with client:
                client.settimeout(2)
                try:
                    found.connections.append(client.recv(65536))
                    client.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_EMPTY_RESULTS), _EMPTY_RESULTS)
                    )
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def service_corpus() -> list[dict]:
    """The SERVICE smuggling variants of ``fixtures/hostile/service-smuggling.json``."""
    return json.loads((FIXTURES / "hostile" / "service-smuggling.json").read_text(encoding="utf-8"))
