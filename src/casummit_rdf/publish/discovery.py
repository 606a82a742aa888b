"""Find a store's query, update and Graph Store endpoints from one address.

The address may be a store's base address (``http://127.0.0.1:7878``), one of its endpoints
(``…/query``, ``…/sparql-auth``, ``…/store``), a Fuseki dataset (``http://host:3030/ds``) or a
GraphDB repository (``http://host:7200/repositories/x``). In order:

1. ``GET`` the address asking for RDF. The ``Server`` header names the product where it can
   (Oxigraph, Virtuoso, Fuseki, GraphDB, QLever); a SPARQL 1.1 service description in the
   answer names the query endpoint and, if it lists ``sd:SPARQL11Update``, the update endpoint.
2. A recognised product gives its layout, relative to the base address (the address without a
   known endpoint suffix):

   ========  ====================  ==========================  ===============================
   product   query                 update                      Graph Store
   ========  ====================  ==========================  ===============================
   Oxigraph  /query                /update                     /store
   Fuseki    /<ds>/query           /<ds>/update                /<ds>/data
   Virtuoso  /sparql               /sparql-auth (*)            /sparql-graph-crud-auth (*)
   GraphDB   /repositories/<x>     /repositories/<x>/statements  /repositories/<x>/rdf-graphs/service
   QLever    the address           the address                 —
   ========  ====================  ==========================  ===============================

   (*) with credentials for the host; without them ``/sparql`` and ``/sparql-graph-crud``.
   A Fuseki server or GraphDB instance named without a dataset or repository is asked for its
   list, and used when it has exactly one.
3. Otherwise each layout's query endpoint is probed with ``ASK {}``; the first that answers a
   SPARQL boolean decides. Last, an address that itself answers ``ASK {}`` is taken as query and
   update endpoint at once (the SPARQL 1.1 Protocol's simplest layout).

Endpoints named explicitly always win over what is found. Only Oxigraph, known by its ``Server``
header, is trusted to replace a graph atomically on a Graph Store ``PUT``: the tests check that
an Oxigraph PUT whose body fails leaves the old graph and that a reader never sees a half graph.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from casummit_rdf.publish.errors import PublishInputError
from casummit_rdf.publish.remote import SPARQL_JSON, Endpoints, HttpClient, RequestError, Response, with_query

SD = "http://www.w3.org/ns/sparql-service-description#"
_QUERY_LANGUAGES = {SD + "SPARQL10Query", SD + "SPARQL11Query"}
_UPDATE_LANGUAGE = SD + "SPARQL11Update"
_RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_ACCEPT_RDF = "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.8, application/ld+json;q=0.7, */*;q=0.1"


@dataclass(frozen=True)
class Layout:
    """Where one product puts its endpoints, relative to a base address ('' is the base itself)."""

    product: str
    server: str  # lower-case marker in the Server header
    query: str
    update: str
    gsp: str | None
    update_auth: str | None = None  # used instead of ``update`` when the host has credentials
    gsp_auth: str | None = None
    atomic_put: bool = False
    suffixes: tuple[str, ...] = ()  # endpoint paths that may end the given address
    path_marker: str = ""  # probed only for addresses whose path holds this ("/repositories/")
    probed: bool = True  # False: recognised only by its Server header (its layout is the fallback's)

    def endpoints(self, base: str, *, authenticated: bool, found_by: str) -> Endpoints:
        """The endpoints under ``base``; a query string on ``base`` (an access token) goes on each."""
        update = self.update_auth if authenticated and self.update_auth else self.update
        gsp = self.gsp_auth if authenticated and self.gsp_auth else self.gsp
        return Endpoints(
            query=_join(base, self.query),
            update=_join(base, update),
            gsp=_join(base, gsp) if gsp is not None else None,
            product=self.product,
            found_by=found_by,
            atomic_put=self.atomic_put and found_by.startswith("Server header"),
        )

    def base_of(self, address: str) -> str:
        """``address`` without one of this layout's endpoint paths at the end of its path."""
        parts = urllib.parse.urlsplit(address)
        path = parts.path.rstrip("/")
        for suffix in sorted(self.suffixes, key=len, reverse=True):
            if path.endswith("/" + suffix):
                path = path[: -len(suffix) - 1]
                break
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


LAYOUTS: tuple[Layout, ...] = (
    Layout("Oxigraph", "oxigraph", "query", "update", "store", atomic_put=True,
           suffixes=("query", "update", "store", "sparql")),
    Layout("Fuseki", "fuseki", "query", "update", "data",
           suffixes=("query", "sparql", "update", "data", "get")),
    Layout("Virtuoso", "virtuoso", "sparql", "sparql", "sparql-graph-crud",
           update_auth="sparql-auth", gsp_auth="sparql-graph-crud-auth",
           suffixes=("sparql", "sparql-auth", "sparql-graph-crud", "sparql-graph-crud-auth")),
    Layout("GraphDB", "graphdb", "", "statements", "rdf-graphs/service",
           suffixes=("statements", "rdf-graphs/service"), path_marker="/repositories/"),
    Layout("QLever", "qlever", "", "", None, probed=False),
)


def discover(
    http: HttpClient,
    address: str,
    *,
    query: str | None = None,
    update: str | None = None,
    gsp: str | None = None,
) -> Endpoints:
    """The endpoints of the store at ``address``; explicit ``query``/``update``/``gsp`` win.

    Raises :class:`PublishInputError` when no SPARQL query endpoint can be found there.
    """
    found = _find(http, address)
    if found is None:
        if query is None and update is None:
            raise PublishInputError(
                f"no SPARQL endpoint found at {address} (no service description; not the layout of "
                f"{', '.join(layout.product for layout in LAYOUTS)}); name the query endpoint"
            )
        found = Endpoints(query=None)
    return replace(
        found,
        query=query or found.query,
        update=update or found.update,
        gsp=gsp or found.gsp,
        # An explicit Graph Store endpoint is trusted with a PUT only if it is the product's own.
        atomic_put=found.atomic_put and (gsp is None or gsp == found.gsp),
    )


def _find(http: HttpClient, address: str) -> Endpoints | None:
    first = _get(http, address, _ACCEPT_RDF)
    authenticated = http.credentials.for_url(address) is not None
    layout = _layout_by_server(first.server)
    described = _service_description(first)
    if layout is not None:
        found = _from_layout(http, layout, address, authenticated, f"Server header ({layout.product})")
        if described is not None:
            # An address that describes itself as an endpoint is used as that endpoint.
            found = replace(
                found,
                query=address if described.query == address else found.query,
                update=address if described.update == address else found.update,
            )
        return found
    if described is not None and described.query:
        return described
    path = urllib.parse.urlsplit(address).path + "/"
    for candidate_layout in LAYOUTS:
        if not candidate_layout.probed or candidate_layout.path_marker not in path:
            continue
        base = candidate_layout.base_of(address)
        candidate = candidate_layout.endpoints(
            base, authenticated=authenticated, found_by=f"layout of {candidate_layout.product}"
        )
        if candidate.query and _answers_ask(http, candidate.query):
            return candidate
    if _answers_ask(http, address):
        return Endpoints(query=address, update=address, found_by="the address answers SPARQL")
    return None


def _from_layout(http: HttpClient, layout: Layout, address: str, authenticated: bool, found_by: str) -> Endpoints:
    base = layout.base_of(address)
    if layout.product == "Fuseki" and not _answers_ask(http, _join(base, layout.query)):
        base = _only_child(http, base, "$/datasets", _fuseki_datasets) or base
    if layout.product == "GraphDB" and "/repositories/" not in urllib.parse.urlsplit(base).path + "/":
        base = _only_child(http, base, "repositories", _graphdb_repositories) or base
    return layout.endpoints(base, authenticated=authenticated, found_by=found_by)


def _only_child(
    http: HttpClient, base: str, listing: str, read: Callable[[dict, str], list[str]]
) -> str | None:
    """The one dataset/repository a server lists (``None`` if it lists none); several: an error."""
    answer = _get(http, _join(base, listing), "application/json, " + SPARQL_JSON)
    if answer.status != 200:
        return None
    try:
        names = read(json.loads(answer.body), base)
    except (ValueError, KeyError, TypeError):
        return None
    if len(names) > 1:
        raise PublishInputError(f"{base} serves several datasets ({', '.join(sorted(names))}); name one of them")
    return names[0] if names else None


def _fuseki_datasets(document: dict, base: str) -> list[str]:
    # GET /$/datasets → {"datasets": [{"ds.name": "/ds", …}]}
    return [_join(base, d["ds.name"].strip("/")) for d in document["datasets"]]


def _graphdb_repositories(document: dict, base: str) -> list[str]:
    # GET /repositories (SPARQL JSON) → bindings with ?uri (the repository's address) and ?id
    return [b["uri"]["value"] for b in document["results"]["bindings"]]


def _layout_by_server(server: str) -> Layout | None:
    server = server.lower()
    for layout in LAYOUTS:
        if layout.server in server:
            return layout
    return None


def _service_description(response: Response) -> Endpoints | None:
    """Endpoints named by a SPARQL 1.1 service description in ``response`` (``None`` if there is none)."""
    fmt = _RDF_TYPES.get(response.content_type)
    if response.status != 200 or fmt is None or not response.body:
        return None
    from casummit_rdf.resources import internal_query
    from casummit_rdf.sparql import run_sparql

    store = ox.Store()
    try:
        store.load(response.body, format=fmt, base_iri=response.url)
    except (SyntaxError, ValueError, OSError):
        return None
    rows = run_sparql(internal_query("publish/service-description"), graph=store).rows
    query = update = None
    for row in rows:
        endpoint = row["endpoint"]["value"]
        language = (row.get("language") or {}).get("value")
        if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
            continue
        if language in _QUERY_LANGUAGES or language is None:
            query = query or endpoint
        if language == _UPDATE_LANGUAGE:
            update = update or endpoint
    if query is None and update is None:
        return None
    return Endpoints(query=query, update=update, found_by="service description")


def _get(http: HttpClient, url: str, accept: str) -> Response:
    """``GET url``: any answer, even an error status. No connection at all is a bad address
    (:class:`PublishInputError`); a timeout or a lost answer is the store's failure and stops the
    search (so a slow server costs one timeout, not one per layout)."""
    try:
        return http.request("GET", url, f"look for endpoints at {url}", headers={"Accept": accept}, ok=lambda s: True)
    except RequestError as error:
        if not error.reached:
            raise PublishInputError(str(error)) from None
        raise


def _answers_ask(http: HttpClient, url: str) -> bool:
    """Whether ``url`` answers ``ASK {}`` with a SPARQL boolean."""
    from casummit_rdf.resources import internal_query

    answer = _get(http, with_query(url, {"query": internal_query("publish/probe")}), SPARQL_JSON)
    if answer.status != 200:
        return False
    try:
        return isinstance(json.loads(answer.body).get("boolean"), bool)
    except (ValueError, AttributeError):
        return False


def _join(base: str, path: str) -> str:
    """``path`` under ``base``, keeping ``base``'s query string."""
    parts = urllib.parse.urlsplit(base)
    joined = parts.path.rstrip("/") + ("/" + path if path else "")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, joined or "/", parts.query, ""))
