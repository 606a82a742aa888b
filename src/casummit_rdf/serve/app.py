"""The HTTP server of ``casummit serve``: routing, limits, CORS, static explorer assets.

Routes::

    /                          the web explorer (static assets from casummit_rdf/web)
    /static/{file}             explorer assets
    /sparql[.{suffix}]         SPARQL 1.1 Protocol endpoint (GET, POST), service description
    /api/queries               canned queries (list)
    /api/queries/{name}[.fmt]  run a canned query
    /api/openapi.json          OpenAPI 3 document
    /id/{kind}/{name}[.fmt]    dereferenceable entity IRIs (HTML or RDF)

The server is the standard library's threading HTTP server speaking HTTP/1.1 with keep-alive;
user SPARQL runs in worker processes (:mod:`casummit_rdf.serve.pool`) so that it can be
stopped at the time limit, canned queries and entity pages run in-process, and finished answers
are cached because the data is read-only for the life of the process.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.serve.negotiation import split_suffix

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@dataclass
class ServeConfig:
    """Settings of a server; the defaults are those of ``casummit serve``."""

    host: str = "127.0.0.1"
    port: int = 8000
    data: Sequence[Path] | None = None
    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 0  # 0: one per CPU core, at least 2
    max_body: int = 256 * 1024
    max_url: int = 16 * 1024
    cache_entries: int = 1024
    queries_dir: Path | None = None
    access_log: bool = False


class App:
    """Everything behind the routes; independent of the socket server."""

    def __init__(self, config: ServeConfig):
        import pyoxigraph as ox

        from casummit_rdf.graph import load_store
        from casummit_rdf.queries import load_queries
        from casummit_rdf.serve.api import CannedQueryApi
        from casummit_rdf.serve.cache import AnswerCache
        from casummit_rdf.serve.endpoint import SparqlEndpoint
        from casummit_rdf.serve.pages import EntityPages
        from casummit_rdf.serve.pool import QueryPool

        self.config = config
        self.store = load_store(config.data)
        self.queries = load_queries(config.queries_dir)
        self.cache = AnswerCache(max_entries=config.cache_entries)
        workers = config.workers or max(2, os.cpu_count() or 2)
        self.pool = QueryPool(self.store.dump(format=ox.RdfFormat.N_QUADS), workers, config.timeout)
        self.api = CannedQueryApi(self.store, self.queries, self.cache, max_results=config.max_results)
        self.pages = EntityPages(self.store, self.cache)
        self.endpoint = SparqlEndpoint(
            self.pool,
            self.cache,
            max_results=config.max_results,
            triple_count=len(self.store),
            fallback_host=f"{config.host}:{config.port}",
        )
        self.static = {
            p.name: (p.read_bytes(), _STATIC_TYPES.get(p.suffix, "application/octet-stream"))
            for p in sorted(WEB_DIR.iterdir())
            if p.is_file() and p.suffix in _STATIC_TYPES
        }

    def close(self) -> None:
        self.pool.close()

    def dispatch(self, request: Request) -> Response:
        """Route a request; errors become their status with a one-line message."""
        try:
            return self._route(request)
        except HttpError as error:
            return error.response()

    def _route(self, request: Request) -> Response:
        path = request.path
        method = "GET" if request.method == "HEAD" else request.method
        if path.startswith("/sparql"):
            base, suffix = split_suffix(path)
            if base == "/sparql" and (suffix is not None or path == "/sparql"):
                _allow(method, "GET", "POST")
                return self.endpoint.handle(request, suffix)
        elif path == "/api/queries" or path == "/api/queries/":
            _allow(method, "GET")
            return self.api.list(request)
        elif path == "/api/openapi.json":
            _allow(method, "GET")
            return self.api.openapi(request)
        elif path.startswith("/api/queries/"):
            _allow(method, "GET")
            base, suffix = split_suffix(path[len("/api/queries/"):])
            if "/" not in base and base:
                return self.api.run(request, base, suffix)
        elif path.startswith("/id/"):
            _allow(method, "GET")
            return self.pages.handle(request)
        elif path in ("/", "/index.html") or path.startswith("/static/"):
            _allow(method, "GET")
            name = "index.html" if path in ("/", "/index.html") else path[len("/static/"):]
            found = self.static.get(name)
            if found is not None:
                return Response(200, found[0], found[1], {"Cache-Control": "no-cache"})
        raise HttpError(404, f"not found: {path}")


def _allow(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise HttpError(405, f"method {method} not allowed here", Allow=", ".join((*allowed, "HEAD", "OPTIONS")))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "casummit-rdf"
    sys_version = ""
    timeout = 30  # seconds an idle keep-alive connection (or a slow client) may hold a thread
    disable_nagle_algorithm = True  # small answers must not wait for the client's delayed ACK
    server: CasummitServer

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(Response(204, b"", None, {
            "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, POST, HEAD, OPTIONS",
        }))

    def _handle(self, method: str) -> None:
        app = self.server.app
        config = app.config
        if len(self.path) > config.max_url:
            self.close_connection = True
            self._send(Response.text(414, f"request URL longer than {config.max_url} bytes; POST the query instead"))
            return
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send(Response.text(411, "chunked request bodies are not accepted; send Content-Length"))
            return
        raw_length = self.headers.get("Content-Length")
        body = b""
        if raw_length is not None:
            if not raw_length.strip().isdigit():
                self.close_connection = True
                self._send(Response.text(400, "bad Content-Length"))
                return
            length = int(raw_length)
            if length > config.max_body:
                self.close_connection = True  # the body is not read: the connection cannot be reused
                self._send(Response.text(413, f"request body of {length} bytes is over the {config.max_body}-byte limit"))
                return
            body = self.rfile.read(length)
        elif method == "POST":
            self.close_connection = True
            self._send(Response.text(411, "POST needs a Content-Length"))
            return
        parts = urlsplit(self.path)
        request = Request(method, parts.path or "/", parts.query, dict(self.headers.items()), body)
        try:
            response = app.dispatch(request)
        except Exception:  # noqa: BLE001 - a bug must not kill the connection thread silently
            traceback.print_exc(file=sys.stderr)
            response = Response.text(500, "internal server error")
        self._send(response, head=method == "HEAD")

    def _send(self, response: Response, head: bool = False) -> None:
        self.send_response(response.status)
        headers = {
            "Access-Control-Allow-Origin": "*",
            "X-Content-Type-Options": "nosniff",
            "Content-Length": str(len(response.body)),
        }
        if response.content_type:
            headers["Content-Type"] = response.content_type
            if response.content_type.startswith("text/html"):
                headers["Content-Security-Policy"] = _CSP
                headers["Referrer-Policy"] = "no-referrer"
        headers.update(response.headers)
        if self.close_connection:
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        # Head and body in one write: one packet for small answers.
        self._headers_buffer.append(b"\r\n")
        if not head and response.body:
            self._headers_buffer.append(response.body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        if self.server.app.config.access_log:
            super().log_message(format, *args)


class CasummitServer(ThreadingHTTPServer):
    """A threading HTTP/1.1 server bound to an :class:`App`."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, config: ServeConfig, app: App | None = None):
        self.app = app or App(config)
        try:
            super().__init__((config.host, config.port), _Handler)
        except OSError:
            self.app.close()
            raise
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ":" in str(host):
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def start(self) -> CasummitServer:
        """Serve in a background thread (for tests and benchmarks); returns ``self``."""
        self._thread = threading.Thread(target=self.serve_forever, name="casummit-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and the query workers."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
        self.app.close()

    def __enter__(self) -> CasummitServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def create_server(config: ServeConfig) -> CasummitServer:
    """Load the data, start the query workers and bind the socket (does not serve yet)."""
    return CasummitServer(config)
