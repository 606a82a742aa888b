"""Canned queries as a REST API (grlc-style), generated from ``queries/*.rq`` and their headers.

* ``GET /api/queries`` — the list, with parameters, types, defaults and the SPARQL text;
* ``GET /api/queries/{name}?year=2025`` — run one; parameters are validated by type and bound
  as RDF terms (never pasted into the query text); a bad or unknown parameter is a 400;
* ``GET /api/queries/{name}.csv`` (or ``.json``, ``.tsv``, ``.xml``) or ``Accept`` for the format;
* ``GET /api/openapi.json`` — an OpenAPI 3 document of all of it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import pyoxigraph as ox

from casummit_rdf import __version__
from casummit_rdf.queries import CannedQuery, ParameterType, QueryError
from casummit_rdf.serve.cache import AnswerCache
from casummit_rdf.serve.execute import Formats, Limits, execute
from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.formats import Format
from casummit_rdf.serve.negotiation import RESULT_FORMATS, negotiate

_SCHEMAS: dict[ParameterType, dict[str, object]] = {
    ParameterType.INTEGER: {"type": "integer"},
    ParameterType.DATE: {"type": "string", "format": "date"},
    ParameterType.STRING: {"type": "string", "maxLength": 200},
    ParameterType.IRI: {"type": "string", "format": "iri"},
}


class ApiError(HttpError):
    """An API error: answered as JSON ``{"error": …}``."""

    def response(self) -> Response:
        response = Response.json(self.status, {"error": self.message, "status": self.status})
        response.headers.update(self.headers)
        return response


class CannedQueryApi:
    """Runs canned queries in the server process (their text is trusted; parameters are typed)."""

    def __init__(self, store: ox.Store, queries: Mapping[str, CannedQuery], cache: AnswerCache, *, limits: Limits):
        self.store = store
        self.queries = dict(queries)
        self.cache = cache
        self.limits = limits
        self._openapi: bytes | None = None
        self._lock = threading.Lock()

    # -- listing ----------------------------------------------------------------------------

    def describe_query(self, query: CannedQuery) -> dict[str, object]:
        return {
            "name": query.name,
            "summary": query.summary,
            "description": query.description,
            "tags": list(query.tags),
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type.label,
                    "default": p.default,
                    "required": p.default is None,
                    "description": p.description,
                }
                for p in query.parameters
            ],
            "url": f"/api/queries/{query.name}",
            "sparql": query.text,
        }

    def list(self, request: Request) -> Response:
        return Response.json(200, [self.describe_query(q) for q in self.queries.values()])

    # -- running ------------------------------------------------------------------------------

    def run(self, request: Request, name: str, suffix: str | None) -> Response:
        query = self.queries.get(name)
        if query is None:
            raise ApiError(404, f"no canned query named {name!r}; see /api/queries")
        fmt = negotiate(suffix, request.header("Accept"), RESULT_FORMATS, what="query results", error=ApiError)
        formats = Formats(fmt, None)
        values: dict[str, str] = {}
        for key, found in request.params.items():
            if len(found) > 1:
                raise ApiError(400, f"parameter {key!r} given {len(found)} times; give it once")
            values[key] = found[0]
        try:
            bindings = query.bindings(values)
        except QueryError as error:
            raise ApiError(400, str(error)) from None
        key = ("api", name, tuple(sorted(bindings.items(), key=lambda item: item[0])), fmt)
        answer = self.cache.get(key)
        if answer is None:
            answer = execute(
                self.store,
                query.text,
                formats,
                limits=self.limits,
                substitutions=bindings,
                hidden=[p.variable for p in query.parameters],
            )
            self.cache.put(key, answer)
        if answer.status != 200:
            raise ApiError(answer.status, answer.body.decode("utf-8").strip())
        return Response.from_answer(answer, Vary="Accept")

    # -- OpenAPI -------------------------------------------------------------------------------

    def openapi(self, request: Request) -> Response:
        with self._lock:
            if self._openapi is None:
                self._openapi = Response.json(200, self.openapi_document()).body
        return Response(200, self._openapi, "application/json")

    def openapi_document(self) -> dict[str, object]:
        """The OpenAPI 3.0 description of the canned-query API and the SPARQL endpoint."""
        error = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        results = {
            "description": "query results (SPARQL 1.1 results JSON, XML, CSV or TSV; also by suffix .json/.xml/.csv/.tsv)",
            "content": {f.media_type: {"schema": {"type": "string"} if f is not Format.SPARQL_JSON else {"type": "object"}}
                        for f in RESULT_FORMATS},
        }
        paths: dict[str, object] = {
            "/api/queries": {
                "get": {
                    "operationId": "listQueries",
                    "summary": "List the canned queries with their parameters",
                    "responses": {"200": {"description": "the canned queries", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}},
                }
            },
            "/sparql": {
                "get": {
                    "operationId": "sparql",
                    "summary": "SPARQL 1.1 Protocol query (read-only); without a query: the service description",
                    "parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "results or graph, negotiated by Accept"}, "400": error, "403": error, "406": error, "413": error, "503": error},
                }
            },
        }
        for query in self.queries.values():
            parameters = []
            for p in query.parameters:
                schema = dict(_SCHEMAS[p.type])
                if p.default is not None:
                    schema["default"] = int(p.default) if p.type is ParameterType.INTEGER and p.default.lstrip("+-").isdigit() else p.default
                parameters.append({
                    "name": p.name,
                    "in": "query",
                    "required": p.default is None,
                    "description": p.description or f"{p.type.label} parameter",
                    "schema": schema,
                })
            paths[f"/api/queries/{query.name}"] = {
                "get": {
                    "operationId": _operation_id(query.name),
                    "summary": query.summary or query.name,
                    "description": query.description,
                    "tags": list(query.tags),
                    "parameters": parameters,
                    "responses": {"200": results, "400": error, "406": error, "413": error},
                }
            }
        return {
            "openapi": "3.0.3",
            "info": {
                "title": "casummit-rdf canned queries",
                "version": __version__,
                "description": "Canned SPARQL queries over the Central Asia summit knowledge graph, generated from queries/*.rq. "
                "Unknown parameters and values of the wrong type are answered with 400.",
            },
            "paths": paths,
            "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}}},
        }


def _operation_id(name: str) -> str:
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(part.capitalize() for part in rest)
