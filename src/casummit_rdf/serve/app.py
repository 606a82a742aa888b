"""What ``casummit serve`` answers: its settings and the routes (independent of the socket server).

Routes (the table :data:`ROUTES`; the first whose pattern matches the path answers)::

    /                            the explorer, in English or Russian (?lang=, Accept-Language)
    /static/{path}               explorer assets (web/, vendored libraries under web/vendor/)
    /sparql[.{suffix}]           SPARQL 1.1 Protocol endpoint (GET, POST), service description
    /api/                        the web API as a page for people
    /api/queries                 canned queries (list; ?lang=ru for Russian summaries)
    /api/queries/{name}[.fmt]    run a canned query (a browser gets an HTML table)
    /api/openapi.json            OpenAPI 3 document
    /api/explorer/timeline       the explorer's meetings at a level (JSON, for the page)
    /api/explorer/overview       the explorer's year: headline, counts, matrix, map (JSON)
    /id/                         index of the entities, with search by name in both languages
    /id/{kind}/{name}[.fmt]      dereferenceable entity IRIs (HTML or RDF)

User SPARQL runs in worker processes (:mod:`casummit_rdf.serve.pool`) so that it can be stopped
at the time limit and has no network; canned queries and entity pages run in-process; finished
answers are cached because the data is read-only for the life of the process. The socket side
(HTTP/1.1 parsing, deadlines, CORS headers) is :mod:`casummit_rdf.serve.server`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.serve.negotiation import split_suffix

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".png": "image/png",
}
_NOT_SERVED = {"index.html"}  # a template: served rendered at /


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
        self.api = CannedQueryApi(self.store, self.queries, self.cache, limits=limits, queries_dir=config.queries_dir)
        self.pages = EntityPages(self.store, self.cache)
        self.endpoint = SparqlEndpoint(
            self.pool,
            self.cache,
            limits=limits,
            triple_count=len(self.store),
            base_url=config.base_url or f"http://{_host_for_url(config.host)}:{config.port}",
        )
        from casummit_rdf.serve.explorer import ExplorerData

        self.explorer = ExplorerData(self.store, self.pages.labels)
        self.static = {
            p.relative_to(WEB_DIR).as_posix(): (p.read_bytes(), _STATIC_TYPES[p.suffix])
            for p in sorted(WEB_DIR.rglob("*"))
            if p.is_file() and p.suffix in _STATIC_TYPES and p.name not in _NOT_SERVED
        }
        self.front_template = (WEB_DIR / "index.html").read_text(encoding="utf-8")

    def close(self) -> None:
        """Stop the query workers."""
        self.pool.close()

    def dispatch(self, request: Request) -> Response:
        """Route a request; errors become their status with a one-line message."""
        try:
            return self._route(request)
        except HttpError as error:
            return error.response()

    def _route(self, request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        for route in ROUTES:
            match = route.pattern.match(request.path)
            if match:
                _allow(method, *route.methods)
                response = route.handler(self, request, match)
                if response is not None:
                    return response
        raise HttpError(404, f"not found: {request.path}")

    # -- handlers (each takes the request and the path's match) -------------------------------------

    def _sparql(self, request: Request, match: re.Match[str]) -> Response | None:
        base, suffix = split_suffix(request.path)
        if base != "/sparql":
            return None  # an unknown suffix names no resource
        return self.endpoint.handle(request, suffix)

    def _api_page(self, request: Request, match: re.Match[str]) -> Response:
        return self.api.api_page(request)

    def _query_list(self, request: Request, match: re.Match[str]) -> Response:
        return self.api.list(request)

    def _openapi(self, request: Request, match: re.Match[str]) -> Response:
        return self.api.openapi(request)

    def _run_query(self, request: Request, match: re.Match[str]) -> Response | None:
        base, suffix = split_suffix(match.group(1))
        if not base or "/" in base:
            return None
        return self.api.run(request, base, suffix)

    def _explorer(self, request: Request, match: re.Match[str]) -> Response:
        from casummit_rdf.serve.layout import request_language
        from casummit_rdf.serve.messages import single

        lang = request_language(request)
        level = single(request.params, "level") or "leaders"
        if match.group(1) == "timeline":
            payload = self.explorer.timeline(level, lang)
        else:
            raw = single(request.params, "year")
            if raw is not None and not re.fullmatch(r"[0-9]{4}", raw):
                raise HttpError(400, f"year must be four digits, not {raw!r}")
            payload = self.explorer.overview(int(raw) if raw else None, level, lang)
        return Response.json(200, payload)

    def _index(self, request: Request, match: re.Match[str]) -> Response:
        return self.pages.index(request)

    def _entity(self, request: Request, match: re.Match[str]) -> Response:
        return self.pages.handle(request)

    def _front(self, request: Request, match: re.Match[str]) -> Response:
        from casummit_rdf.serve.front import render_front

        body = render_front(self.front_template, request)
        return Response(200, body.encode("utf-8"), "text/html; charset=utf-8",
                        {"Cache-Control": "no-cache", "Vary": "Accept-Language"})

    def _static(self, request: Request, match: re.Match[str]) -> Response | None:
        found = self.static.get(match.group(1))
        if found is None:
            return None
        return Response(200, found[0], found[1], {"Cache-Control": "no-cache"})


@dataclass(frozen=True)
class Route:
    """One line of the route table: a path pattern, the methods it takes, the handler."""

    pattern: re.Pattern[str]
    methods: tuple[str, ...]
    handler: Callable[[App, Request, re.Match[str]], Response | None]


def _route(pattern: str, handler: Callable[[App, Request, re.Match[str]], Response | None], *methods: str) -> Route:
    return Route(re.compile(pattern), methods or ("GET",), handler)


#: The routes, in the order they are tried.
ROUTES: tuple[Route, ...] = (
    _route(r"^/sparql(?:\.[A-Za-z0-9]+)?$", App._sparql, "GET", "POST"),
    _route(r"^/api/?$", App._api_page),
    _route(r"^/api/queries/?$", App._query_list),
    _route(r"^/api/openapi\.json$", App._openapi),
    _route(r"^/api/queries/([^/]+)$", App._run_query),
    _route(r"^/api/explorer/(timeline|overview)$", App._explorer),
    _route(r"^/id/?$", App._index),
    _route(r"^/id/.+$", App._entity),
    _route(r"^/(?:index\.html)?$", App._front),
    _route(r"^/static/((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_][A-Za-z0-9_.-]*)$", App._static),
)


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _allow(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise HttpError(405, f"method {method} not allowed here", Allow=", ".join((*allowed, "HEAD", "OPTIONS")))
