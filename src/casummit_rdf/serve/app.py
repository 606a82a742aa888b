"""What ``casummit serve`` answers: its settings and the routes (independent of the socket server).

Routes::

    /                          the web explorer (static assets from casummit_rdf/web)
    /static/{file}             explorer assets
    /sparql[.{suffix}]         SPARQL 1.1 Protocol endpoint (GET, POST), service description
    /api/queries               canned queries (list)
    /api/queries/{name}[.fmt]  run a canned query
    /api/openapi.json          OpenAPI 3 document
    /id/{kind}/{name}[.fmt]    dereferenceable entity IRIs (HTML or RDF)

User SPARQL runs in worker processes (:mod:`casummit_rdf.serve.pool`) so that it can be stopped
at the time limit and has no network; canned queries and entity pages run in-process; finished
answers are cached because the data is read-only for the life of the process. The socket side
(HTTP/1.1 parsing, deadlines, CORS headers) is :mod:`casummit_rdf.serve.server`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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


@dataclass
class ServeConfig:
    """Settings of a server; the defaults are those of ``casummit serve``."""

    host: str = "127.0.0.1"
    port: int = 8000
    data: Sequence[Path] | None = None
    timeout: float = 10.0
    max_results: int = 10_000
    max_response: int = 32 << 20  # bytes of one answer
    worker_memory_mb: int = 1024  # address space a query worker may add after loading the data
    workers: int = 0  # 0: one per CPU core, at least 2
    light_lane: bool = True  # one extra worker for short queries while the others are busy
    light_timeout: float = 1.0  # seconds a query may use the light lane before it must queue
    max_body: int = 256 * 1024
    max_url: int = 16 * 1024
    header_timeout: float = 15.0  # seconds for a request's line, headers and body to arrive
    cache_entries: int = 1024
    queries_dir: Path | None = None
    access_log: bool = False
    base_url: str | None = None  # public address for self-descriptions (default http://host:port)


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
        from casummit_rdf.serve.execute import Limits
        from casummit_rdf.serve.pool import QueryPool

        self.config = config
        self.store = load_store(config.data)
        self.queries = load_queries(config.queries_dir)
        self.cache = AnswerCache(max_entries=config.cache_entries)
        workers = config.workers or max(2, os.cpu_count() or 2)
        self.pool = QueryPool(
            self.store.dump(format=ox.RdfFormat.N_QUADS),
            workers,
            config.timeout,
            memory_mb=config.worker_memory_mb,
            light_lane=config.light_lane,
            light_timeout=config.light_timeout,
        )
        limits = Limits(max_results=config.max_results, max_bytes=config.max_response)
        self.api = CannedQueryApi(self.store, self.queries, self.cache, limits=limits)
        self.pages = EntityPages(self.store, self.cache)
        self.endpoint = SparqlEndpoint(
            self.pool,
            self.cache,
            limits=limits,
            triple_count=len(self.store),
            base_url=config.base_url or f"http://{_host_for_url(config.host)}:{config.port}",
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


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _allow(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise HttpError(405, f"method {method} not allowed here", Allow=", ".join((*allowed, "HEAD", "OPTIONS")))
