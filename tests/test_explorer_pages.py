"""The explorer's pages over HTTP: language choice, the year's story as JSON, the index, the level filter."""

from __future__ import annotations

import json
import re

import pytest
from serve_support import FLAGSHIP, http, running_server

from casummit_rdf.sparql import run_query

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def base() -> str:
    with running_server() as server:
        yield server.url


@pytest.mark.parametrize(("path", "headers", "lang"), [
    ("/", None, "en"), ("/?lang=ru", None, "ru"), ("/", {"Accept-Language": "ru-RU,ru;q=0.9"}, "ru"),
    ("/?lang=en", {"Accept-Language": "ru"}, "en"), ("/id/actor/kaz", {"Accept": "text/html", "Accept-Language": "ru"}, "ru"),
    ("/id/?lang=ru", None, "ru"), ("/api/", {"Accept-Language": "ru"}, "ru"), ("/id/actor/none", {"Accept": "text/html"}, "en"),
])
def test_pages_are_written_in_the_chosen_language(base: str, path: str, headers: dict | None, lang: str) -> None:
    reply = http(base, path, headers=headers)
    assert reply.content_type == "text/html"
    assert f'<html lang="{lang}">' in reply.text
    assert re.search(r'<a class="lang-link" data-lang="en" href="[^"]*lang=en', reply.text)
    assert "Accept-Language" in (reply.headers.get("Vary") or "") or reply.status == 404
    assert "{{" not in reply.text


def test_front_page_carries_its_strings_without_inline_script(base: str) -> None:
    page = http(base, "/?lang=ru").text
    blocks = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert all('src="/static/' in attrs or ('type="application/json"' in attrs) for attrs, _ in blocks)
    config = json.loads(next(body for attrs, body in blocks if "application/json" in attrs))
    assert config["lang"] == "ru" and config["strings"]["nav.timeline"] == "Хронология"


def test_overview_json_for_2023(base: str) -> None:
    doc = json.loads(http(base, "/api/explorer/overview?year=2023&lang=en").body)
    assert doc["year"] == 2023 and doc["level"] == "leaders"
    linked = {part["href"] for part in doc["headline"] if isinstance(part, dict) and part.get("href", "").startswith("/id/actor/")}
    flagship = {"/id/actor/" + row["power"]["value"].rsplit("/", 1)[-1] for row in run_query(FLAGSHIP, {"year": "2023"}).rows}
    assert linked == flagship
    assert {row["partner"]["label"] for row in doc["matrix"]} >= {"China", "European Union", "Germany", "United States"}
    assert all(len(row["cells"]) == 5 for row in doc["matrix"])
    assert [r["meeting"]["label"]["label"] for r in doc["regional"]] == ["5th Consultative Meeting of the Heads of State of Central Asia (Dushanbe, 2023)"]


def test_overview_defaults_to_the_latest_year_with_held_summits(base: str) -> None:
    doc = json.loads(http(base, "/api/explorer/overview").body)
    assert doc["year"] == doc["years"][0] == 2025  # 2026 has only a planned summit


def test_russian_overview_and_azerbaijan_outside_the_partner_formats(base: str) -> None:
    doc = json.loads(http(base, "/api/explorer/overview?year=2025&lang=ru").body)
    text = "".join(p if isinstance(p, str) else p["text"] for p in doc["headline"])
    assert text.startswith("В 2025 году президенты пяти государств Центральной Азии")
    assert "Азербайджан" not in text
    assert all(row["partner"]["iri"].rsplit("/", 1)[-1] != "aze" for row in doc["matrix"])
    guests = {g["label"] for r in doc["regional"] for g in r["guests"]}
    assert "Азербайджан" in guests


@pytest.mark.parametrize("level", ["leaders", "foreign-ministers", "other-ministers", "senior-officials", "all"])
def test_level_filter_values(base: str, level: str) -> None:
    timeline = json.loads(http(base, f"/api/explorer/timeline?level={level}").body)
    assert timeline["level"] == level
    levels = {m["level"]["iri"].rsplit("#", 1)[-1] for m in timeline["meetings"] if m["level"]}
    wanted = {"leaders": "LeadersLevel", "foreign-ministers": "ForeignMinistersLevel", "other-ministers": "OtherMinistersLevel",
              "senior-officials": "SeniorOfficialsLevel"}
    assert levels <= ({wanted[level]} if level in wanted else set(wanted.values()))


def test_bad_year_is_a_400(base: str) -> None:
    assert http(base, "/api/explorer/overview?year=20x5").status == 400


def test_index_search_and_api_page(base: str) -> None:
    found = http(base, "/id/?q=%D0%A2%D0%BE%D0%BA%D0%B8%D0%BE&lang=en")  # "Токио"
    assert "/id/summit/2025-12-20-japan-central-asia-tokyo" in found.text
    none = http(base, "/id/?q=zzzz-no-such-name")
    assert none.status == 200 and "Nothing matches" in none.text
    api = http(base, "/api/?lang=ru").text
    assert "Веб-API" in api and f'/api/queries/{FLAGSHIP}' in api


def test_static_assets_are_served_with_their_licences(base: str) -> None:
    for path in ("/static/vendor/world-atlas/countries-110m.json", "/static/vendor/topojson-client/topojson-client.min.js",
                 "/static/vendor/codemirror/sparql-editor.min.js", "/static/term-labels.json"):
        assert http(base, path).status == 200, path
    assert http(base, "/static/vendor/geonames-cities/extract.py").status == 404
    assert http(base, "/static/../pyproject.toml").status == 404
    from casummit_rdf.serve.app import WEB_DIR

    for folder in (WEB_DIR / "vendor").iterdir():
        assert (folder / "LICENSE").is_file() and (folder / "README.md").is_file(), folder
