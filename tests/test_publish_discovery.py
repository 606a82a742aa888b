"""Finding a store's endpoints from one address.

Oxigraph and Virtuoso are the real servers. Fuseki, GraphDB, QLever and a store known only by its
service description are not installable here; their layouts are checked against scripted servers
that answer only where the product does (and say what it says in its ``Server`` header), which
tests the search — not the product.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from casummit_rdf.publish import LAYOUTS, HttpClient, PublishInputError, discover
from casummit_rdf.publish.credentials import CredentialStore, origin_of
import servers
from servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, Answer, OxigraphServer, ScriptedServer, Seen, VirtuosoServer

oxigraph_server, virtuoso_server = servers.oxigraph_server, servers.virtuoso_server  # fixtures
ASK_TRUE = b'{"head":{},"boolean":true}'


def client(address: str, environ: dict[str, str] | None = None) -> HttpClient:
    return HttpClient(CredentialStore(origin_of(address), environ=environ or {"NETRC": "/nonexistent"}), timeout=10)


def find(address: str, environ: dict[str, str] | None = None, **explicit: str):  # noqa: ANN201
    return discover(client(address, environ), address, **explicit)


@pytest.mark.parametrize("suffix", ["", "/", "/query", "/update", "/store", "/sparql"])
def test_oxigraph_from_its_base_address_or_any_endpoint(oxigraph_server: OxigraphServer, suffix: str) -> None:
    found = find(oxigraph_server.base + suffix)
    assert (found.product, found.atomic_put) == ("Oxigraph", True)
    assert found.query in (oxigraph_server.query_url, oxigraph_server.base + "/sparql")
    assert (found.update, found.gsp) in (
        (oxigraph_server.update_url, oxigraph_server.store_url),
        (oxigraph_server.base + "/sparql", oxigraph_server.store_url),  # /sparql describes itself as both
    )


def test_explicit_endpoints_win(oxigraph_server: OxigraphServer) -> None:
    found = find(oxigraph_server.base, update="http://127.0.0.1:1/u", gsp="http://127.0.0.1:1/g")
    assert (found.query, found.update, found.gsp) == (oxigraph_server.query_url, "http://127.0.0.1:1/u", "http://127.0.0.1:1/g")
    assert not found.atomic_put  # an explicit Graph Store endpoint is not known to be Oxigraph's


def test_virtuoso_with_and_without_credentials(virtuoso_server: VirtuosoServer) -> None:
    base = f"http://127.0.0.1:{virtuoso_server.http_port}"
    anonymous = find(base)
    assert (anonymous.product, anonymous.query, anonymous.update, anonymous.gsp) == (
        "Virtuoso", base + "/sparql", base + "/sparql", base + "/sparql-graph-crud")
    user = {"CASUMMIT_USER": VIRTUOSO_USER, "CASUMMIT_PASSWORD": VIRTUOSO_PASSWORD, "NETRC": "/nonexistent"}
    authenticated = find(base + "/sparql-auth", user)
    assert (authenticated.update, authenticated.gsp) == (base + "/sparql-auth", base + "/sparql-graph-crud-auth")
    assert not authenticated.atomic_put


def _store(routes: dict[str, Answer], server: str = "") -> object:
    """A scripted store: ``routes`` by path; ``ASK`` on a query route answers true; else 404."""

    def answer(seen: Seen) -> Answer:
        path, _, query = seen.path.partition("?")
        headers = {"Server": server} if server else {}
        if path in routes:
            found = routes[path]
            if "ASK" in urllib.parse.unquote_plus(query) and found.status == 200 and found.body == ASK_TRUE:
                return Answer(200, {**headers, "Content-Type": "application/sparql-results+json"}, ASK_TRUE)
            return Answer(found.status, {**headers, **found.headers}, found.body)
        return Answer(404, headers, b"not here")

    return answer


QUERY = Answer(200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE)


def test_fuseki_dataset_and_server_root() -> None:
    routes = {
        "/ds/query": QUERY,
        "/$/datasets": Answer(200, {"Content-Type": "application/json"},
                              json.dumps({"datasets": [{"ds.name": "/ds", "ds.state": True}]}).encode()),
    }
    with ScriptedServer(_store(routes, "Apache Jena Fuseki (5.1.0)")) as fuseki:
        for address in (fuseki.base + "/ds", fuseki.base + "/ds/sparql", fuseki.base):
            found = find(address)
            assert (found.product, found.query, found.update, found.gsp) == (
                "Fuseki", fuseki.base + "/ds/query", fuseki.base + "/ds/update", fuseki.base + "/ds/data"), address
            assert not found.atomic_put


def test_a_fuseki_with_several_datasets_must_be_told_which() -> None:
    listing = {"datasets": [{"ds.name": "/a"}, {"ds.name": "/b"}]}
    routes = {"/$/datasets": Answer(200, {"Content-Type": "application/json"}, json.dumps(listing).encode())}
    with ScriptedServer(_store(routes, "Apache Jena Fuseki (5.1.0)")) as fuseki:
        with pytest.raises(PublishInputError, match="serves several datasets"):
            find(fuseki.base)


def test_graphdb_repository_found_by_its_path_alone() -> None:
    with ScriptedServer(_store({"/repositories/casummit": QUERY})) as graphdb:  # no Server header
        found = find(graphdb.base + "/repositories/casummit")
        assert (found.product, found.query, found.update, found.gsp) == (
            "GraphDB", graphdb.base + "/repositories/casummit", graphdb.base + "/repositories/casummit/statements",
            graphdb.base + "/repositories/casummit/rdf-graphs/service")


def test_graphdb_root_with_one_repository() -> None:
    listing = {"head": {"vars": ["uri", "id"]}, "results": {"bindings": [
        {"uri": {"type": "uri", "value": "PLACEHOLDER/repositories/only"}, "id": {"type": "literal", "value": "only"}}]}}
    holder: dict[str, str] = {}

    def answer(seen: Seen) -> Answer:
        if seen.path.split("?")[0] == "/repositories":
            body = json.dumps(listing).replace("PLACEHOLDER", holder["base"]).encode()
            return Answer(200, {"Server": "GraphDB-Free/10.6", "Content-Type": "application/sparql-results+json"}, body)
        return Answer(404, {"Server": "GraphDB-Free/10.6"})

    with ScriptedServer(answer) as graphdb:
        holder["base"] = graphdb.base
        found = find(graphdb.base)
    assert (found.product, found.query, found.update) == (
        "GraphDB", graphdb.base + "/repositories/only", graphdb.base + "/repositories/only/statements")


def test_qlever_by_its_server_header_keeps_the_access_token() -> None:
    with ScriptedServer(_store({"/": QUERY}, "QLever")) as qlever:
        found = find(qlever.base + "/?access-token=tok")
    assert (found.product, found.query, found.update, found.gsp) == (
        "QLever", qlever.base + "/?access-token=tok", qlever.base + "/?access-token=tok", None)


def test_a_service_description_names_the_endpoints() -> None:
    description = b"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ; sd:endpoint <sparql> ; sd:supportedLanguage sd:SPARQL11Query , sd:SPARQL11Update ."""
    routes = {"/": Answer(200, {"Content-Type": "text/turtle"}, description)}
    with ScriptedServer(_store(routes)) as store:
        found = find(store.base + "/")
    assert (found.query, found.update, found.found_by) == (store.base + "/sparql", store.base + "/sparql", "service description")


def test_a_plain_endpoint_that_answers_is_query_and_update_endpoint() -> None:
    with ScriptedServer(_store({"/endpoint": QUERY})) as store:
        found = find(store.base + "/endpoint")
    assert (found.query, found.update, found.gsp) == (store.base + "/endpoint", store.base + "/endpoint", None)


def test_an_address_where_no_store_answers_is_an_input_error() -> None:
    with ScriptedServer(_store({})) as nothing:
        with pytest.raises(PublishInputError, match="no SPARQL endpoint found at .* Oxigraph, Fuseki, Virtuoso, GraphDB, QLever"):
            find(nothing.base + "/somewhere")


def test_every_layout_is_documented() -> None:
    import casummit_rdf.publish.discovery as discovery

    for layout in LAYOUTS:
        assert layout.product in discovery.__doc__
