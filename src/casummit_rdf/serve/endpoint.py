"""The SPARQL 1.1 Protocol endpoint (``/sparql``): query via GET or POST, read-only.

* ``GET /sparql?query=…`` and ``POST`` with ``application/x-www-form-urlencoded`` (``query=…``)
  or ``application/sparql-query`` (the query as the body);
* the result format comes from a path suffix (``/sparql.csv``), a ``format=`` parameter, or the
  ``Accept`` header; 406 when none of the offered formats is acceptable;
* ``GET /sparql`` without a query returns the SPARQL service description (Turtle by default);
* refused: SPARQL Update (403), ``SERVICE`` (403), malformed SPARQL (400 with the parser's
  message); a query over the time limit is stopped (503); a result over the row cap is 413.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from casummit_rdf.serve.cache import AnswerCache
from casummit_rdf.serve.execute import READ_ONLY, Formats, Limits, serialize_triples
from casummit_rdf.serve.messages import HttpError, Request, Response, parse_params, single
from casummit_rdf.serve.negotiation import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Format,
    by_name,
    choose,
    describe,
    known_name,
)
from casummit_rdf.serve.pool import QueryPool, QueryRequest
from casummit_rdf.sparql_safety import Reach, UnsafeQuery, check_reach

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


class SparqlEndpoint:
    """Answers SPARQL Protocol requests by running queries in a :class:`QueryPool`."""

    def __init__(self, pool: QueryPool, cache: AnswerCache, *, limits: Limits, triple_count: int, base_url: str):
        self.pool = pool
        self.cache = cache
        self.limits = limits
        self.triple_count = triple_count
        self.base_url = base_url.rstrip("/")

    def handle(self, request: Request, suffix: str | None) -> Response:
        params = request.params
        if request.method == "POST":
            media_type = request.media_type
            if media_type == "application/sparql-update":
                raise HttpError(403, READ_ONLY)
            if media_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_params(request.body.decode("utf-8"))
                except UnicodeDecodeError:
                    raise HttpError(400, "form body is not UTF-8") from None
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif media_type == "application/sparql-query":
                if "query" in params:
                    raise HttpError(400, "give the query either in the body or as a parameter, not both")
                try:
                    params["query"] = [request.body.decode("utf-8")]
                except UnicodeDecodeError:
                    raise HttpError(400, "query body is not UTF-8") from None
            else:
                raise HttpError(
                    415,
                    "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded",
                )
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise HttpError(403, READ_ONLY)
        text = single(params, "query")
        if text is None:
            return self.service_description(request, suffix, params)
        if not text.strip():
            raise HttpError(400, "the query parameter is empty")
        try:
            # Oxigraph reads FROM / FROM NAMED as names of graphs in its store, never fetches them.
            check_reach(text, Reach.DATASET)
        except UnsafeQuery as error:
            raise HttpError(403 if error.reason in ("service", "update") else 400, str(error)) from None
        formats = self._formats(request, suffix, params)
        default_graphs = tuple(params.get("default-graph-uri", ()))
        named_graphs = tuple(params.get("named-graph-uri", ()))
        for iri in default_graphs + named_graphs:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", iri):
                raise HttpError(400, f"graph IRI {iri!r} is not an absolute IRI")
        key = ("sparql", text, formats, default_graphs, named_graphs)
        answer = self.cache.get(key)
        if answer is None:
            answer = self.pool.run(
                QueryRequest(
                    text=text,
                    formats=formats,
                    limits=self.limits,
                    default_graphs=default_graphs,
                    named_graphs=named_graphs,
                )
            )
            self.cache.put(key, answer)
        return Response.from_answer(answer, Vary="Accept")

    def _formats(self, request: Request, suffix: str | None, params: Mapping[str, list[str]]) -> Formats:
        # A path suffix is the client's explicit choice. Otherwise format=/output=/results= values
        # that name known formats decide: SPARQLWrapper sends several (format=tsv and
        # format=text/tab-separated-values, output=tsv …), accepted when they all name one format.
        # A named format that does not exist for a query form (format=turtle on a SELECT, which
        # SPARQLWrapper sends with Accept: */*) leaves that form to the Accept header, as Oxigraph does.
        if suffix is not None:
            return Formats(by_name(suffix, RESULT_FORMATS), by_name(suffix, GRAPH_FORMATS), f"format {suffix!r}")
        accept = request.header("Accept")
        named = [v for key in ("format", "output", "results") for v in params.get(key, ()) if known_name(v)]
        if not named:
            return Formats(choose(accept, RESULT_FORMATS), choose(accept, GRAPH_FORMATS), f"Accept: {accept}")
        choices = {(by_name(v, RESULT_FORMATS), by_name(v, GRAPH_FORMATS)) for v in named}
        if len(choices) > 1:
            raise HttpError(400, f"the format parameters name different formats ({', '.join(sorted(set(named)))}); give one")
        results, graph = choices.pop()
        return Formats(
            results or choose(accept, RESULT_FORMATS),
            graph or choose(accept, GRAPH_FORMATS),
            f"format {named[0]!r}" if results and graph else f"format {named[0]!r} or Accept: {accept}",
        )

    def service_description(self, request: Request, suffix: str | None, params: Mapping[str, list[str]]) -> Response:
        """The SPARQL 1.1 Service Description of this endpoint, in an RDF format."""
        named = [v for v in params.get("format", ()) if known_name(v)]
        name = suffix or (named[0] if named else None)
        if name is not None and (suffix is not None or known_name(name)):
            fmt = by_name(name, GRAPH_FORMATS)
        else:
            fmt = choose(request.header("Accept"), (*GRAPH_FORMATS, Format.HTML))
            if fmt is Format.HTML:  # a person with a browser: show the query editor instead
                return Response.redirect("/#query")
        if fmt is None:
            raise HttpError(406, f"the service description is available as {describe(GRAPH_FORMATS)}")
        # The configured public address, never the client's Host header (which it controls).
        body = serialize_triples(self._description_triples(f"{self.base_url}/sparql"), fmt)
        return Response(200, body, fmt.content_type, {"Vary": "Accept"})

    def _description_triples(self, endpoint: str) -> list[ox.Triple]:
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        service = ox.NamedNode(endpoint)
        dataset = ox.BlankNode("dataset")
        graph = ox.BlankNode("defaultGraph")

        def sd(local: str) -> ox.NamedNode:
            return ox.NamedNode(SD + local)

        triples = [
            ox.Triple(service, rdf_type, sd("Service")),
            ox.Triple(service, sd("endpoint"), service),
            ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
            ox.Triple(service, sd("defaultDataset"), dataset),
            ox.Triple(dataset, rdf_type, sd("Dataset")),
            ox.Triple(dataset, sd("defaultGraph"), graph),
            ox.Triple(graph, rdf_type, sd("Graph")),
            ox.Triple(
                graph,
                ox.NamedNode("http://rdfs.org/ns/void#triples"),
                ox.Literal(str(self.triple_count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            ),
            ox.Triple(
                service,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal(
                    "Read-only SPARQL 1.1 endpoint over the Central Asia summit knowledge graph (casummit-rdf). "
                    "SERVICE and SPARQL Update are refused; queries have a time limit and a result cap.",
                    language="en",
                ),
            ),
        ]
        for local in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
            triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + local)))
        return triples
