"""Canned queries as a REST API (grlc-style), generated from ``queries/*.rq`` and their headers.

* ``GET /api/queries`` — the list, with parameters, types, defaults and the SPARQL text;
* ``GET /api/queries/{name}?year=2025`` — run one; parameters are validated by type and bound
  as RDF terms (never pasted into the query text); a bad or unknown parameter is a 400;
* ``GET /api/queries/{name}.csv`` (or ``.json``, ``.tsv``, ``.xml``) or ``Accept`` for the format;
  a browser (whose ``Accept`` names ``text/html`` before the result types) gets an HTML table
  with download links instead of a file, as does ``.html``;
* ``GET /api/openapi.json`` — an OpenAPI 3 document of all of it;
* ``GET /api/`` — the same, as a page for people, in English or Russian.

Summaries and descriptions follow ``?lang=`` (Russian texts from ``queries/summaries.ru.yaml``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf import __version__
from casummit_rdf.formats import Format
from casummit_rdf.i18n import parameter_text, plural_word, query_text, t
from casummit_rdf.queries import CannedQuery, ParameterType, QueryError
from casummit_rdf.serve.cache import AnswerCache
from casummit_rdf.serve.execute import Formats, Limits, execute
from casummit_rdf.serve.layout import h, page, request_language, with_params
from casummit_rdf.serve.messages import HttpError, Request, Response
from casummit_rdf.serve.negotiation import RESULT_FORMATS, negotiate, parse_accept, quality

_SCHEMAS: dict[ParameterType, dict[str, object]] = {
    ParameterType.INTEGER: {"type": "integer"},
    ParameterType.DATE: {"type": "string", "format": "date"},
    ParameterType.STRING: {"type": "string", "maxLength": 200},
    ParameterType.BOOLEAN: {"type": "boolean"},
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

    def __init__(self, store: ox.Store, queries: Mapping[str, CannedQuery], cache: AnswerCache, *, limits: Limits,
                 queries_dir: Path | None = None):
        self.store = store
        self.queries_dir = queries_dir
        self.queries = dict(queries)
        self.cache = cache
        self.limits = limits
        self._openapi: bytes | None = None
        self._lock = threading.Lock()

    # -- listing ----------------------------------------------------------------------------

    def describe_query(self, query: CannedQuery, lang: str = "en") -> dict[str, object]:
        """The listing entry of a query; texts in ``lang`` (English header texts by default)."""
        return {
            "name": query.name,
            "summary": query_text(query.name, "summary", query.summary, lang, self.queries_dir),
            "description": query_text(query.name, "description", query.description, lang, self.queries_dir),
            "tags": list(query.tags),
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type.label,
                    "default": p.default,
                    "required": p.required,
                    "description": parameter_text(query.name, p.name, p.description, lang, self.queries_dir),
                }
                for p in query.parameters
            ],
            "url": f"/api/queries/{query.name}",
            "sparql": query.text,
        }

    def list(self, request: Request) -> Response:
        lang = "ru" if (request.params.get("lang") or [""])[0].lower().startswith("ru") else "en"
        return Response.json(200, [self.describe_query(q, lang) for q in self.queries.values()])

    # -- running ------------------------------------------------------------------------------

    def run(self, request: Request, name: str, suffix: str | None) -> Response:
        query = self.queries.get(name)
        if query is None:
            raise ApiError(404, f"no canned query named {name!r}; see /api/queries")
        as_page = suffix == "html" or (suffix is None and wants_page(request.header("Accept")))
        fmt = Format.SPARQL_JSON if as_page else negotiate(suffix, request.header("Accept"), RESULT_FORMATS,
                                                             what="query results", error=ApiError)
        formats = Formats(fmt, None)
        values: dict[str, str] = {}
        for key, found in request.params.items():
            if key == "lang" and as_page:
                continue  # the page's language, not a query parameter
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
        if as_page:
            lang = request_language(request)
            body = self.table_page(request, query, values, json.loads(answer.body), lang)
            return Response(200, body.encode("utf-8"), Format.HTML.content_type, {"Vary": "Accept, Accept-Language"})
        return Response.from_answer(answer, Vary="Accept")

    # -- pages for people -----------------------------------------------------------------------

    def table_page(self, request: Request, query: CannedQuery, values: Mapping[str, str], doc: dict, lang: str) -> str:
        """A query's answer as an HTML table, with links to the same answer as files."""
        summary = query_text(query.name, "summary", query.summary, lang, self.queries_dir) or query.name
        description = query_text(query.name, "description", query.description, lang, self.queries_dir)
        params = "&".join(f"{k}={v}" for k, v in sorted(values.items()))
        base = f"/api/queries/{query.name}"
        files = " · ".join(f'<a href="{h(base + "." + s + ("?" + params if params else ""))}" download>{s.upper()}</a>'
                           for s in ("csv", "json", "tsv", "xml"))
        explore = with_params("/", "", lang=lang, q=query.name, **{f"p.{k}": v for k, v in values.items()}) + "#query"
        if "boolean" in doc:
            table = f'<p class="boolean">{h(str(doc["boolean"]).lower())}</p>'
            count = 1
        else:
            variables = doc["head"]["vars"]
            rows = doc["results"]["bindings"]
            count = len(rows)
            head = "".join(f'<th scope="col">{h(v)}</th>' for v in variables)
            body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(v), lang)}</td>" for v in variables) + "</tr>" for row in rows)
            table = f'<div class="scroll"><table class="results"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(values.items()))
        content = (
            f'<p class="kind">{h(t("table.heading", lang))}</p><h1>{h(summary)}</h1>'
            f'<p class="summary">{h(description)}</p>'
            + (f"<p><code>{h(shown)}</code></p>" if shown else "")
            + f'<p class="downloads">{h(t("table.files", lang))}: {files} · <a href="{h(explore)}">{h(t("table.explore", lang))}</a></p>'
            f'<p class="legend">{h(t("table.rows", lang, count=count, rows=plural_word("rows", count, lang)))}</p>{table}'
        )
        return page(request, lang, summary, content, main_class="entity api-table")

    def api_page(self, request: Request) -> Response:
        """The web API for people: every canned query with its parameters and example links."""
        lang = request_language(request)
        items = []
        for query in self.queries.values():
            summary = query_text(query.name, "summary", query.summary, lang, self.queries_dir) or query.name
            description = query_text(query.name, "description", query.description, lang, self.queries_dir)
            params = []
            for p in query.parameters:
                notes = [p.type.label]
                if p.default is not None:
                    notes.append(t("api.default", lang, value=p.default))
                if p.optional:
                    notes.append(t("api.optional", lang))
                text = parameter_text(query.name, p.name, p.description, lang, self.queries_dir)
                params.append(f"<li><code>{h(p.name)}</code> ({h(', '.join(notes))}){' — ' + h(text) if text else ''}</li>")
            url = f"/api/queries/{query.name}"
            links = " · ".join(f'<a href="{h(url + "." + s)}">.{s}</a>' for s in ("csv", "json", "tsv", "xml"))
            items.append(
                f'<li class="api-query" id="q-{h(query.name)}"><h2><a href="{h(url)}?lang={lang}">{h(summary)}</a></h2>'
                f'<p><code>GET {h(url)}</code> · {links}</p><p class="summary">{h(description)}</p>'
                f'<h3>{h(t("api.parameters", lang))}</h3>'
                + (f"<ul>{''.join(params)}</ul>" if params else f"<p>{h(t('api.none', lang))}</p>")
                + f'<p><a class="try" href="{h(url)}?lang={lang}">{h(t("api.try", lang))}</a></p></li>')
        body = (
            f'<h1>{h(t("api.heading", lang))}</h1><p>{h(t("api.intro", lang))}</p>'
            f'<p>{h(t("api.sparql", lang, path="/sparql"))}</p>'
            f'<p><a href="/api/openapi.json">{h(t("api.openapi", lang))}</a> · <a href="/api/queries?lang={lang}">{h(t("api.list", lang))}</a></p>'
            f'<ol class="api-list">{"".join(items)}</ol>'
        )
        html = page(request, lang, t("api.heading", lang), body, main_class="entity api")
        return Response(200, html.encode("utf-8"), Format.HTML.content_type, {"Vary": "Accept-Language"})

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
                    "required": p.required,
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


def wants_page(accept: str | None) -> bool:
    """Does this ``Accept`` (a browser's) prefer an HTML page to every result format?

    Only an explicit ``text/html`` counts: ``*/*`` (curl, most clients) keeps the JSON default.
    """
    ranges = parse_accept(accept)
    if not any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in ranges):
        return False
    html_q = quality("text/html", ranges)
    best_result = max((quality(alias, ranges) for f in RESULT_FORMATS for alias in f.aliases), default=0.0)
    return html_q > 0 and html_q >= best_result


def _cell(term: Mapping[str, str] | None, lang: str) -> str:
    from casummit_rdf.namespaces import ID, compact

    if not term:
        return ""
    value = term.get("value", "")
    if term.get("type") == "uri":
        if value.startswith(ID):
            return f'<a href="/id/{h(value[len(ID):])}?lang={lang}">{h(compact(value))}</a>'
        if value.startswith(("http://", "https://")):
            return f'<a href="{h(value)}" rel="external noopener">{h(compact(value))}</a>'
        return h(value)
    return h(value)


def _operation_id(name: str) -> str:
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(part.capitalize() for part in rest)
