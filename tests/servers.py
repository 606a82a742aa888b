"""Real SPARQL stores for the tests, started on 127.0.0.1 with free ports and temp dirs, always stopped.

* :class:`OxigraphServer` — ``oxigraph serve`` from the ``oxigraph`` PyPI package (RocksDB on disk,
  so a killed server can be restarted on the same data).
* :class:`VirtuosoServer` — Debian's ``virtuoso-t`` with a copied ini on loopback ports, a
  throw-away database and a user granted ``SPARQL_UPDATE`` (updates go to ``/sparql-auth`` with
  HTTP digest authentication).
* :class:`FaultProxy` — a small HTTP proxy in front of a real store that can answer 500 or 429,
  kill the store, or forward a request and lose its answer, on chosen requests: a test double of
  the network fault only.
* :class:`ScriptedServer` — a loopback HTTP server that records every request and answers from a
  function (redirects, challenges, a body that drips one byte at a time): for what no real store
  can be made to do on purpose.

Test modules import the fixtures they use from here (``from servers import oxigraph_server``).
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "casummit", "casummit-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout} s")


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else None


@dataclass
class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` (in memory when ``in_memory``; the
    log then goes to ``location``'s parent)."""

    location: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    in_memory: bool = False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def start(self) -> OxigraphServer:
        binary = oxigraph_binary()
        if binary is None:
            pytest.fail("the oxigraph server is not installed (pip install oxigraph, part of the 'test' extra)")
        log = open(self.location.parent / f"oxigraph-{self.port}.log", "ab")  # noqa: SIM115 - closed with the process
        where = [] if self.in_memory else ["--location", str(self.location)]
        self.process = subprocess.Popen(
            [binary, "serve", *where, "--bind", f"127.0.0.1:{self.port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )
        _wait_http(self.query_url + "?query=" + urllib.parse.quote("ASK {}"), self.process, 60, "oxigraph")
        return self

    def stop(self) -> None:
        _stop(self.process)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class VirtuosoServer:
    """``virtuoso-t +foreground`` on a copied ini with loopback ports and a temp database."""

    directory: Path
    sql_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def auth_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def start(self) -> VirtuosoServer:
        ini = VIRTUOSO_INI.read_text(encoding="utf-8")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{self.directory}/")
        ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\s*$", f"ServerPort = 127.0.0.1:{self.sql_port}", ini)
        ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\s*$", f"ServerPort = 127.0.0.1:{self.http_port}", ini)
        ini = re.sub(r"(?m)^DefaultHost\s*=.*$", f"DefaultHost = 127.0.0.1:{self.http_port}", ini)
        # the tests read whole graphs back with one SELECT: the packaged 10,000-row cap is below the data's size
        ini = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", "ResultSetMaxRows = 1000000", ini)
        (self.directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
        log = open(self.directory / "virtuoso-stdout.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"],
            cwd=self.directory, stdout=log, stderr=subprocess.STDOUT,
        )
        _wait_http(self.query_url + "?query=" + urllib.parse.quote("ASK {}"), self.process, 120, "virtuoso")
        self.isql(
            f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
            f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";'
        )
        return self

    def isql(self, statements: str) -> str:
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True, text=True, timeout=60,
        )
        if done.returncode != 0 or "Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        _stop(self.process)


# ---------------------------------------------------------------------------------------------
# A fault-injecting proxy


@dataclass
class Seen:
    """One request the proxy saw."""

    method: str
    path: str
    body: bytes
    headers: dict[str, str]
    at: float


Action = tuple[str, ...]  # ("forward",) | ("respond", status, headers_json, body) | ("drop",)


class FaultProxy:
    """Forward requests to ``backend``; ``decide(n, seen)`` may answer or drop instead.

    ``decide`` gets the 0-based request number and the request; it returns ``None`` to forward,
    a :class:`Reply`, ``"drop"`` to close the connection without forwarding or answering (the
    function may first kill the real server behind the proxy), or ``"lose-reply"`` to forward
    the request, let the store carry it out, and close the connection instead of answering.
    The store's ``Server`` header is passed on, as a proxy does.
    """

    def __init__(self, backend: str, decide: Callable[[int, Seen], object] | None = None):
        self.backend = backend.rstrip("/")
        self.decide = decide or (lambda n, seen: None)
        self.seen: list[Seen] = []
        self.port = free_port()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, body, dict(self.headers.items()), time.monotonic())
                number = len(proxy.seen)
                proxy.seen.append(seen)
                action = proxy.decide(number, seen)
                if isinstance(action, Reply):
                    self.send_response(action.status)
                    for key, value in action.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(action.body)))
                    self.end_headers()
                    self.wfile.write(action.body)
                    return
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                request = urllib.request.Request(proxy.backend + self.path, data=body or None, method=self.command)
                for key, value in self.headers.items():
                    if key.lower() not in ("host", "content-length", "connection", "authorization"):
                        request.add_header(key, value)
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:
                        status, headers, payload = response.status, response.headers, response.read()
                except urllib.error.HTTPError as error:
                    status, headers, payload = error.code, error.headers, error.read()
                except (urllib.error.URLError, ConnectionError, OSError):
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if action == "lose-reply":  # the store did it; the answer never arrives
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response_only(status)
                for key, value in headers.items():
                    if key.lower() not in ("content-length", "connection", "transfer-encoding", "date"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Reply:
    """A canned answer of the proxy."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def is_update(seen: Seen) -> bool:
    """Whether a proxied request is a SPARQL Update (form field ``update=`` or the media type)."""
    if seen.headers.get("Content-Type", "").startswith("application/sparql-update"):
        return True
    return seen.method == "POST" and urllib.parse.parse_qs(seen.body.decode("utf-8", "replace")).get("update") is not None


def update_text(seen: Seen) -> str:
    return (urllib.parse.parse_qs(seen.body.decode("utf-8", "replace")).get("update") or [""])[0]


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server on disk (so it survives a kill + restart)."""
    server = OxigraphServer(tmp_path / "oxigraph-db").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A throw-away Virtuoso with an update user; skipped only when virtuoso-t is not installed."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None or not VIRTUOSO_INI.is_file():
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run installs it)")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


def sparql_select(endpoint: str, query: str, default_graph: str | None = None) -> dict:
    """Query a store back through SPARQLWrapper (as a user would)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(query)
    if default_graph:
        wrapper.addDefaultGraph(default_graph)
    return json.loads(wrapper.query().response.read())


def graph_ntriples(server: OxigraphServer, graph: str) -> set[str]:
    """The lines of a named graph on an Oxigraph server, through the Graph Store Protocol."""
    url = server.store_url + "?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()
        raise
    return {line for line in text.splitlines() if line.strip()}


def env_without_credentials() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CASUMMIT_USER", "CASUMMIT_PASSWORD")}
    env["NETRC"] = os.devnull
    return env


# ---------------------------------------------------------------------------------------------
# A scripted server: records requests, answers from a function


@dataclass
class Answer:
    """What a :class:`ScriptedServer` sends: status, headers, body; ``drip`` seconds between
    bytes sends the status line and all that follows one byte at a time."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    drip: float = 0.0


class ScriptedServer:
    """An HTTP/1.1 server on ``host`` (``127.0.0.1`` or ``localhost``) that records every request
    in :attr:`seen` and answers with ``answer(seen) -> Answer``."""

    def __init__(self, answer: Callable[[Seen], Answer], host: str = "127.0.0.1"):
        self.answer = answer
        self.seen: list[Seen] = []
        self.host = host
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, body, dict(self.headers.items()), time.monotonic())
                server.seen.append(seen)
                answer = server.answer(seen)
                head = [f"HTTP/1.1 {answer.status} {http.HTTPStatus(answer.status).phrase}"]
                head += [f"{k}: {v}" for k, v in answer.headers.items()]
                head += [f"Content-Length: {len(answer.body)}", "Connection: close", "", ""]
                data = "\r\n".join(head).encode("latin-1") + answer.body
                self.close_connection = True
                try:
                    if answer.drip:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(answer.drip)
                    else:
                        self.wfile.write(data)
                except OSError:
                    pass  # the client gave up

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def sparql_json_count(n: int) -> bytes:
    """A SPARQL JSON answer to ``SELECT (COUNT(*) AS ?n)``."""
    return json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": str(n)}}]}}).encode()


# ---------------------------------------------------------------------------------------------
# Parameterised canned queries on a remote store (tests only)

_PARAM_RE = re.compile(r"[?$](__?[A-Za-z][A-Za-z0-9]*_(?:xsd_integer|xsd_date|xsd_string|iri))\b")
_CLAUSE_RE = re.compile(r"\b(SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b|[{}]", re.IGNORECASE)


def inline_bindings(text: str, bindings: dict) -> str:
    """A canned query with its parameter variables written as constants — for tests that compare a
    parameterised query on a remote store, which the SPARQL Protocol cannot bind. The library never
    does this: ``casummit publish`` checks with a query that needs no value.

    In a SELECT clause a parameter becomes ``(term AS ?var)``, elsewhere the term itself; in GROUP
    BY / ORDER BY it is dropped (a constant key changes nothing), and a clause left empty too.
    The terms are pyoxigraph terms, written with ``str()``.
    """
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    clauses = [(m.start(), m.group(0).upper().split()[0]) for m in _CLAUSE_RE.finditer(text)]

    def clause_at(position: int) -> str:
        current = ""
        for start, name in clauses:
            if start > position:
                break
            current = name
        return current

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in bindings:
            return match.group(0)
        term = str(bindings[name])
        clause = clause_at(match.start())
        if clause == "SELECT":
            return f"({term} AS ?{name})"
        if clause in ("GROUP", "ORDER"):
            return ""
        return term

    text = _PARAM_RE.sub(replace, text)
    text = re.sub(r"\bORDER\s+BY\s*(?=LIMIT\b|OFFSET\b|\}|$)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\bGROUP\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|\}|$)", "", text, flags=re.IGNORECASE)
