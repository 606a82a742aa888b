"""Outside clients against a real ``casummit serve``: grlc, SPARQLWrapper, rdflib's SPARQLStore, Comunica.

grlc (PyPI, exact pins of its own) lives in its own venv, ``.ci/venv-grlc``; Comunica in
``.ci/clients/node_modules``. ``.ci/run`` installs both; without them those tests skip (and fail
under ``CASUMMIT_REQUIRE_TOOLS=1``). ``CASUMMIT_GRLC_PYTHON`` and ``CASUMMIT_COMUNICA`` point
elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from serve_support import FLAGSHIP, ID, flagship_as_plain_sparql, http, running_server
from servers import free_port

from casummit_rdf.queries import ParameterType, load_queries
from casummit_rdf.sparql import run_query, run_sparql

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
QUERIES = load_queries()
KAZ = ID + "actor/kaz"
CONSTRUCT_KAZ = f"CONSTRUCT {{ <{KAZ}> ?p ?o }} WHERE {{ <{KAZ}> ?p ?o }}"
ASK_KAZ = f"ASK {{ <{KAZ}> ?p ?o }}"
BERLIN = ID + "summit/2023-09-29-germany-central-asia-berlin"

# A value for every parameter name the canned queries use; a new parameter needs one here.
PARAMETER_VALUES = {"year": "2023", "regional": "true", "entity": BERLIN,
                    "area": ID + "area/critical-minerals",
                    "level": "https://w3id.org/casummit/ontology#ForeignMinistersLevel"}
# The Wikidata-model query reads 'casummit wikidata --rdf' output, here of the wikidata fixtures
# (its only summit is in 2030); on the project's own data it has no rows.
WIKIDATA_QUERY = "powers-met-all-five-wikidata"
WIKIDATA_FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(timeout=20, max_results=10000) as server:
        yield server.url


def term_key(term: dict[str, str] | None) -> tuple[str, ...] | None:
    """A SPARQL-JSON term, insensitive to how a writer spells a plain string (``typed-literal``, xsd:string)."""
    if term is None:
        return None
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    datatype = term.get("datatype", "")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = ""
    return (kind, term["value"], datatype, term.get("xml:lang", ""))


def rows_of(document: dict, drop: set[str] = frozenset()) -> tuple[list[str], list[tuple]]:
    variables = [v for v in document["head"]["vars"] if v not in drop]
    return variables, [tuple(term_key(b.get(v)) for v in variables) for b in document["results"]["bindings"]]


def cli_answer(name: str, params: dict[str, str], data: Path | None = None) -> dict:
    args = [sys.executable, "-m", "casummit_rdf", "query", name, "--format", "json"]
    if data is not None:
        args += ["--data", str(data)]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- grlc ------------------------------------------------------------------------------------------

GRLC_RUNNER = textwrap.dedent("""
    import sys
    from grlc.server import app  # reads ./config.ini when imported
    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False, use_reloader=False, threaded=True)
""")


def grlc_python() -> str:
    python = os.environ.get("CASUMMIT_GRLC_PYTHON") or str(ROOT / ".ci" / "venv-grlc" / "bin" / "python")
    if not Path(python).is_file():
        pytest.skip(f"grlc is not installed ({python}; .ci/run makes it: python -m venv .ci/venv-grlc && "
                    ".ci/venv-grlc/bin/pip install grlc==1.3.11)")
    return python


@contextmanager
def grlc_server(endpoint: str) -> Iterator[str]:
    """grlc 1.3.11 in local-files mode over a copy of ``queries/``, bound to 127.0.0.1."""
    python = grlc_python()
    work = Path(tempfile.mkdtemp(prefix="grlc-"))
    port = free_port()
    process = None
    try:
        # grlc lists <local_sparql_dir>/* and would also serve the checks/ folder's files
        shutil.copytree(ROOT / "queries", work / "queries", ignore=shutil.ignore_patterns("checks", "*.yaml"))
        (work / "config.ini").write_text(textwrap.dedent(f"""\
            [auth]
            github_access_token =
            [defaults]
            sparql_endpoint = {endpoint}
            user = none
            password = none
            server_name = 127.0.0.1:{port}
            debug = False
            [local]
            local_sparql_dir = queries
        """))
        (work / "run_grlc.py").write_text(GRLC_RUNNER)
        log = (work / "grlc.log").open("w")
        process = subprocess.Popen([python, "run_grlc.py", str(port)], cwd=work, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/api-local/swagger", timeout=5) as reply:
                    reply.read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("grlc did not start: " + (work / "grlc.log").read_text()[-2000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def grlc(base: str) -> Iterator[str]:
    with grlc_server(base + "/sparql") as url:
        yield url


@pytest.fixture(scope="module")
def wikibase_rdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from casummit_rdf.wikidata import Session

    session = Session.open([WIKIDATA_FIXTURES / "graph"], decisions=WIKIDATA_FIXTURES / "decisions.tsv")
    path = tmp_path_factory.mktemp("wikibase") / "wikibase.ttl"
    path.write_text(session.wikibase_rdf(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wikibase_base(wikibase_rdf: Path) -> Iterator[str]:
    with running_server(data=[wikibase_rdf]) as server:
        yield server.url


@pytest.fixture(scope="module")
def swagger(grlc: str) -> dict:
    return json.loads(http(grlc, "/api-local/swagger").body)


def test_grlc_reads_every_header_and_our_parameters(swagger: dict) -> None:
    paths = {path.strip("/"): spec["get"] for path, spec in swagger["paths"].items()}
    assert set(paths) == set(QUERIES)
    for name, query in QUERIES.items():
        operation = paths[name]
        # a header grlc cannot parse as YAML loses its summary (grlc then shows the query's name)
        assert operation["summary"] == query.summary, name
        assert set(operation.get("tags", [])) == set(query.tags), name
        theirs = {p["name"]: p for p in operation["parameters"] if p["name"] != "endpoint"}
        assert set(theirs) == {p.name for p in query.parameters}, name
        for parameter in query.parameters:
            spec = theirs[parameter.name]
            assert spec["required"] is parameter.required, (name, parameter.name)
            # grlc's default is only a prefill of its form; ours is applied by the server
            assert spec.get("default") == parameter.default, (name, parameter.name)


def grlc_rows(grlc: str, name: str, params: dict[str, str], endpoint: str | None = None) -> tuple[list[str], list[tuple]]:
    # grlc's own 'endpoint' argument sends one call to another store
    query_string = {**params, **({"endpoint": endpoint} if endpoint else {})}
    reply = http(grlc, f"/api-local/{name}", params=query_string or None, accept="application/sparql-results+json")
    # grlc answers 200 whatever the endpoint said, so the body is what tells
    assert reply.status == 200, reply.text[:500]
    try:
        document = json.loads(reply.body)
    except ValueError:
        pytest.fail(f"grlc /api-local/{name}: not SPARQL JSON: {reply.text[:300]}")
    # grlc leaves the $-spelt parameter columns unbound; casummit drops them
    return rows_of(document, drop={p.variable for p in QUERIES[name].parameters})


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_grlc_answers_every_query_as_casummit_query_does(grlc: str, name: str) -> None:
    assert grlc_rows(grlc, name, {}) == rows_of(cli_answer(name, {}))


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if q.parameters and n != WIKIDATA_QUERY))
def test_grlc_answers_with_parameters_as_casummit_query_does(grlc: str, name: str) -> None:
    params = {p.name: PARAMETER_VALUES[p.name] for p in QUERIES[name].parameters}
    ours = rows_of(cli_answer(name, params))
    assert ours[1], f"{name} {params}: no rows, so the comparison would prove nothing"
    assert grlc_rows(grlc, name, params) == ours
    if any(p.type is ParameterType.INTEGER for p in QUERIES[name].parameters):
        # and the parameter does restrict: another year, other rows
        other = {**params, **{p.name: "2025" for p in QUERIES[name].parameters if p.type is ParameterType.INTEGER}}
        assert grlc_rows(grlc, name, other) == rows_of(cli_answer(name, other)) != ours


@pytest.mark.parametrize("params", [{}, {"year": "2030"}, {"year": "2025"}])
def test_grlc_answers_the_wikidata_model_query_on_wikibase_rdf(
    grlc: str, wikibase_base: str, wikibase_rdf: Path, params: dict[str, str]
) -> None:
    ours = rows_of(cli_answer(WIKIDATA_QUERY, params, data=wikibase_rdf))
    assert bool(ours[1]) is (params.get("year", "2030") == "2030")
    assert grlc_rows(grlc, WIKIDATA_QUERY, params, endpoint=wikibase_base + "/sparql") == ours


# -- SPARQLWrapper ---------------------------------------------------------------------------------

METHODS = ("GET", "POST", "POSTDIRECTLY")


def sparqlwrapper(base: str, query: str, return_format: str, method: str):
    from SPARQLWrapper import GET, POST, POSTDIRECTLY, SPARQLWrapper

    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(GET if method == "GET" else POST)
    if method == "POSTDIRECTLY":
        client.setRequestMethod(POSTDIRECTLY)
    return client


def flagship_2025() -> set[tuple[str, str, str]]:
    result = run_query(FLAGSHIP, {"year": "2025"})
    return {(row["power"]["value"], row["summit"]["value"], row["date"]["value"]) for row in result.rows}


def table_rows(text: str, separator: str) -> set[tuple[str, str, str]]:
    """(power, summit, date) from SPARQL CSV (plain values) or TSV (terms in Turtle syntax)."""
    if separator == ",":
        records = list(csv.DictReader(io.StringIO(text)))
        return {(r["power"], r["summit"], r["date"]) for r in records}
    lines = text.strip().splitlines()
    header = [h.strip().lstrip("?") for h in lines[0].split("\t")]
    found = set()
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t")))
        found.add(tuple(cells[k].strip("<>").split('"^^')[0].strip('"') for k in ("power", "summit", "date")))
    return found


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_results_format(base: str, return_format: str, method: str) -> None:
    converted = sparqlwrapper(base, flagship_as_plain_sparql(2025), return_format, method).query().convert()
    if return_format == "json":
        rows = {(b["power"]["value"], b["summit"]["value"], b["date"]["value"]) for b in converted["results"]["bindings"]}
    elif return_format == "xml":
        rows = set()
        for result in converted.getElementsByTagName("result"):
            values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
            rows.add((values["power"], values["summit"], values["date"]))
    else:
        rows = table_rows(converted.decode("utf-8"), "," if return_format == "csv" else "\t")
    assert rows == flagship_2025() and len(rows) >= 5


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_ask_in_every_results_format(base: str, return_format: str, method: str) -> None:
    converted = sparqlwrapper(base, ASK_KAZ, return_format, method).query().convert()
    if return_format == "json":
        assert converted["boolean"] is True
    elif return_format == "xml":
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert converted.decode("utf-8").strip().splitlines()[-1].strip().lower() == "true"


@pytest.fixture(scope="module")
def kaz_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in run_sparql(CONSTRUCT_KAZ).triples:
        graph.parse(data=f"{triple} .", format="nt")
    assert len(graph) > 5
    return graph


def as_graph(converted: object, fmt: str) -> rdflib.Graph:
    if isinstance(converted, rdflib.Graph):
        graph = rdflib.Graph()
        for triple in converted:
            graph.add(triple)
        return graph
    data = converted.decode("utf-8") if isinstance(converted, bytes) else converted
    return rdflib.Graph().parse(data=data, format=fmt)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("return_format", "parse_as"),
    [("turtle", "turtle"), ("n3", "turtle"), ("rdf+xml", "xml"), ("xml", "xml"), ("json-ld", "json-ld")],
)
def test_sparqlwrapper_construct_in_every_graph_format(
    base: str, kaz_graph: rdflib.Graph, return_format: str, parse_as: str, method: str
) -> None:
    converted = sparqlwrapper(base, CONSTRUCT_KAZ, return_format, method).query().convert()
    assert isomorphic(as_graph(converted, parse_as), kaz_graph)


@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_construct_as_n_triples(base: str, kaz_graph: rdflib.Graph, method: str) -> None:
    # SPARQLWrapper has no N-Triples constant: a client asks for it with its own Accept header
    client = sparqlwrapper(base, CONSTRUCT_KAZ, "turtle", method)
    client.setOnlyConneg(True)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    reply = client.query()
    assert reply.info()["content-type"].startswith("application/n-triples")
    assert isomorphic(rdflib.Graph().parse(data=reply.response.read().decode(), format="nt"), kaz_graph)


def test_sparqlwrapper_select_with_a_graph_format_gets_the_default_results(base: str) -> None:
    # format=turtle on a SELECT names no results format; like Oxigraph the endpoint answers JSON
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper: "Format requested was TURTLE, but JSON…"
        converted = sparqlwrapper(base, flagship_as_plain_sparql(2025), "turtle", "GET").query().convert()
    assert {(b["power"]["value"], b["summit"]["value"], b["date"]["value"]) for b in converted["results"]["bindings"]} == flagship_2025()


# -- rdflib SPARQLStore ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json", "csv"])
def test_rdflib_sparqlstore_select(base: str, return_format: str, method: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(base + "/sparql", returnFormat=return_format, method=method)
    try:
        rows = {(str(r.power), str(r.summit), str(r.date)) for r in rdflib.Graph(store=store).query(flagship_as_plain_sparql(2025))}
    finally:
        store.close()
    assert rows == flagship_2025()


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_ask_construct_describe_and_the_graph_api(base: str, kaz_graph: rdflib.Graph, method: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(base + "/sparql", method=method)
    graph = rdflib.Graph(store=store)
    try:
        assert graph.query(ASK_KAZ).askAnswer is True
        constructed = rdflib.Graph()
        for triple in graph.query(CONSTRUCT_KAZ):
            constructed.add(triple)
        assert isomorphic(constructed, kaz_graph)
        described = {t for t in graph.query(f"DESCRIBE <{KAZ}>")}
        assert described and all(s == rdflib.URIRef(KAZ) for s, _, _ in described)
        # the Graph API: each call is a SPARQL query to the endpoint
        assert rdflib.Literal("Kazakhstan", lang="en") in set(graph.objects(rdflib.URIRef(KAZ), rdflib.RDFS.label))
        total = int(run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]["value"])
        assert len(graph) == total
    finally:
        store.close()


# -- Comunica --------------------------------------------------------------------------------------


def comunica_command() -> str:
    command = os.environ.get("CASUMMIT_COMUNICA") or str(ROOT / ".ci" / "clients" / "node_modules" / ".bin" / "comunica-sparql")
    if not Path(command).is_file() or shutil.which("node") is None:
        pytest.skip(f"Comunica is not installed ({command}; .ci/run runs: npm ci --prefix .ci/clients)")
    return command


def comunica(base: str, query: str, media_type: str) -> str:
    done = subprocess.run(
        [comunica_command(), f"sparql@{base}/sparql", "-t", media_type, query],
        check=False, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_comunica_select_over_the_endpoint(base: str) -> None:
    document = json.loads(comunica(base, flagship_as_plain_sparql(2025), "application/sparql-results+json"))
    rows = {(b["power"]["value"], b["summit"]["value"], b["date"]["value"]) for b in document["results"]["bindings"]}
    assert rows == flagship_2025()


def test_comunica_construct_over_the_endpoint(base: str, kaz_graph: rdflib.Graph) -> None:
    graph = rdflib.Graph().parse(data=comunica(base, CONSTRUCT_KAZ, "application/n-triples"), format="nt")
    assert isomorphic(graph, kaz_graph)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sparqlwrapper_reads_every_canned_query_file_as_a_query(name: str) -> None:
    # SPARQLWrapper guesses the query form from the text, and its comment stripping keeps every
    # second comment line: a word such as "loaded" in a #+ header made it send the file as an
    # update (LOAD). The headers are written so that it guesses right.
    from SPARQLWrapper import SPARQLWrapper

    from rdflib.plugins.sparql.parser import parseQuery

    form = parseQuery(QUERIES[name].text)[1].name.removesuffix("Query").upper()  # e.g. SelectQuery
    client = SPARQLWrapper("http://127.0.0.1:9/sparql")
    client.setQuery(QUERIES[name].text)
    assert client.queryType == form and not client.isSparqlUpdateRequest()
