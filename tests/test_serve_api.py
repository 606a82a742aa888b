"""The canned-query web API: listing, typed parameters, formats by suffix and Accept, OpenAPI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from serve_support import FLAGSHIP, FLAGSHIP_POWERS, http, running_server

from casummit_rdf.namespaces import compact
from casummit_rdf.queries import load_queries
from casummit_rdf.sparql import run_query

pytestmark = pytest.mark.server

FIXTURE_QUERIES = Path(__file__).parent / "fixtures" / "serve" / "queries"


@pytest.fixture(scope="module")
def base() -> str:
    with running_server() as server:
        yield server.url


@pytest.fixture(scope="module")
def fixture_base() -> str:
    with running_server(queries_dir=FIXTURE_QUERIES) as server:
        yield server.url


def test_list_has_every_canned_query_with_typed_parameters(base: str) -> None:
    reply = http(base, "/api/queries")
    assert (reply.status, reply.content_type) == (200, "application/json")
    listed = {q["name"]: q for q in json.loads(reply.body)}
    assert set(listed) == set(load_queries())
    flagship = listed[FLAGSHIP]
    year, regional = flagship["parameters"]
    assert year == {"name": "year", "type": "integer", "default": None, "required": False,
                    "description": "calendar year of the summits (start date); every year when left out"}
    assert (regional["name"], regional["type"], regional["required"]) == ("regional", "boolean", False)
    assert "flagship" in flagship["tags"] and "SELECT" in flagship["sparql"]


def test_flagship_by_name_equals_run_query(base: str) -> None:
    reply = http(base, f"/api/queries/{FLAGSHIP}", params={"year": "2025"})
    assert (reply.status, reply.content_type) == (200, "application/sparql-results+json")
    doc = json.loads(reply.body)
    assert doc == run_query(FLAGSHIP, {"year": "2025"}).to_json()
    assert "_year_xsd_integer" not in doc["head"]["vars"]
    assert {compact(b["power"]["value"]) for b in doc["results"]["bindings"]} >= FLAGSHIP_POWERS


def test_an_optional_parameter_left_out_means_any(base: str) -> None:
    every = json.loads(http(base, f"/api/queries/{FLAGSHIP}").body)
    assert every == run_query(FLAGSHIP).to_json()
    years = {b["date"]["value"][:4] for b in every["results"]["bindings"]}
    assert {"2022", "2025"} <= years


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        (f"/api/queries/{FLAGSHIP}.csv", None, "text/csv"),
        (f"/api/queries/{FLAGSHIP}.tsv", "application/json", "text/tab-separated-values"),
        (f"/api/queries/{FLAGSHIP}.json", "text/csv", "application/sparql-results+json"),
        (f"/api/queries/{FLAGSHIP}.xml", None, "application/sparql-results+xml"),
        (f"/api/queries/{FLAGSHIP}", "text/csv", "text/csv"),
        (f"/api/queries/{FLAGSHIP}", "text/csv;q=0.4, application/json;q=0.6", "application/sparql-results+json"),
    ],
)
def test_format_by_suffix_or_accept(base: str, path: str, accept: str | None, expected: str) -> None:
    reply = http(base, path, accept=accept)
    assert (reply.status, reply.content_type) == (200, expected)


def test_csv_rows_match_run_query(base: str) -> None:
    rows = list(csv.DictReader(io.StringIO(http(base, f"/api/queries/{FLAGSHIP}.csv?year=2025").text)))
    assert [r["power"] for r in rows] == run_query(FLAGSHIP, {"year": "2025"}).values("power")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=20x5", "'20x5' is not an integer"),
        ("year=2025%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo", "is not an integer"),
        ("yr=2025", "has no parameter 'yr'"),
        ("year=2025&year=2024", "given 2 times"),
    ],
)
def test_bad_parameters_are_400_with_a_message(base: str, query: str, message: str) -> None:
    reply = http(base, f"/api/queries/{FLAGSHIP}?{query}")
    assert (reply.status, reply.content_type) == (400, "application/json")
    assert message in json.loads(reply.body)["error"]


def test_unknown_query_and_format(base: str) -> None:
    assert http(base, "/api/queries/no-such-query").status == 404
    assert http(base, f"/api/queries/{FLAGSHIP}.ttl").status == 404
    assert http(base, f"/api/queries/{FLAGSHIP}", accept="text/turtle").status == 406
    assert http(base, f"/api/queries/{FLAGSHIP}", method="POST", data=b"", content_type="text/plain").status == 405


def test_openapi_document(base: str) -> None:
    reply = http(base, "/api/openapi.json")
    doc = json.loads(reply.body)
    assert doc["openapi"].startswith("3.")
    for name in load_queries():
        assert f"/api/queries/{name}" in doc["paths"]
    year, regional = doc["paths"][f"/api/queries/{FLAGSHIP}"]["get"]["parameters"]
    assert year == {"name": "year", "in": "query", "required": False,
                    "description": "calendar year of the summits (start date); every year when left out",
                    "schema": {"type": "integer"}}
    assert regional["schema"] == {"type": "boolean"} and regional["required"] is False


def test_string_parameter_is_bound_as_a_literal_not_pasted(fixture_base: str) -> None:
    found = json.loads(http(fixture_base, "/api/queries/people-named", params={"label": "Kassym-Jomart Tokayev"}).body)
    assert [b["person"]["value"].rsplit("/", 1)[1] for b in found["results"]["bindings"]] == ["kassym-jomart-tokayev"]
    injected = http(fixture_base, "/api/queries/people-named", params={"label": 'x") || true || STR("'})
    assert injected.status == 200
    assert json.loads(injected.body)["results"]["bindings"] == []


def test_iri_and_required_parameters(fixture_base: str) -> None:
    ok = http(fixture_base, "/api/queries/summits-of", params={"format": "format:china-central-asia", "year": "2025"})
    assert ok.status == 200
    dates = [b["date"]["value"] for b in json.loads(ok.body)["results"]["bindings"]]
    assert dates and all(d.startswith("2025") for d in dates)
    missing = http(fixture_base, "/api/queries/summits-of", params={"year": "2025"})
    assert missing.status == 400 and "required" in json.loads(missing.body)["error"]
    bad_iri = http(fixture_base, "/api/queries/summits-of", params={"format": "<x> } UNION { ?s ?p ?o", "year": "2025"})
    assert bad_iri.status == 400 and "not an IRI" in json.loads(bad_iri.body)["error"]
    schema = json.loads(http(fixture_base, "/api/openapi.json").body)["paths"]["/api/queries/summits-of"]["get"]
    assert {p["name"]: p["required"] for p in schema["parameters"]} == {"format": True, "year": True}


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_browser_gets_an_html_table_not_a_download(base: str) -> None:
    from html.parser import HTMLParser

    reply = http(base, f"/api/queries/{FLAGSHIP}?year=2025", accept=BROWSER_ACCEPT)
    assert (reply.status, reply.content_type) == (200, "text/html")
    assert "attachment" not in (reply.headers.get("Content-Disposition") or "")
    assert "default-src 'self'" in reply.headers["Content-Security-Policy"]

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.in_body = self.in_cell = False

        def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
            if tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows.append([])
            elif tag == "td" and self.in_body:
                self.in_cell = True
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "td":
                self.in_cell = False

        def handle_data(self, data: str) -> None:
            if self.in_cell:
                self.rows[-1][-1] += data

    parser = Rows()
    parser.feed(reply.text)
    expected = run_query(FLAGSHIP, {"year": "2025"})
    assert len(parser.rows) == len(expected.rows)
    labels = {row[expected.variables.index("powerLabel")] for row in parser.rows}
    assert labels == set(expected.values("powerLabel"))
    assert f'href="/api/queries/{FLAGSHIP}.csv?year=2025"' in reply.text


def test_html_table_in_russian_and_by_suffix(base: str) -> None:
    ru = http(base, f"/api/queries/{FLAGSHIP}?lang=ru", accept=BROWSER_ACCEPT)
    assert ru.status == 200 and '<html lang="ru">' in ru.text and "Партнёры" in ru.text
    by_suffix = http(base, f"/api/queries/{FLAGSHIP}.html")
    assert (by_suffix.status, by_suffix.content_type) == (200, "text/html")


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "application/json", "application/sparql-results+json, text/html;q=0.5", "text/*;q=0.9, application/json"],
)
def test_clients_that_do_not_ask_for_html_still_get_results(base: str, accept: str | None) -> None:
    reply = http(base, f"/api/queries/{FLAGSHIP}", accept=accept)
    assert reply.status == 200 and reply.content_type == "application/sparql-results+json"


def test_lang_is_not_a_query_parameter_of_the_results(base: str) -> None:
    assert http(base, f"/api/queries/{FLAGSHIP}?lang=ru").status == 400  # a data client: unknown parameter
