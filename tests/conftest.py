"""Shared fixtures: a stand-in for an outside host, the hostile-input corpora."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
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
