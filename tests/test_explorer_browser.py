"""The web explorer in a real headless Chromium (Debian's ``chromium``, driven by Playwright)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from serve_support import FLAGSHIP, ID, running_server

from casummit_rdf.namespaces import compact
from casummit_rdf.sparql import run_query

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def base() -> str:
    with running_server() as server:
        yield server.url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.console_errors = errors  # tests that provoke an HTTP error on purpose clear it
    yield opened
    context.close()
    assert errors == [], errors


def flagship_power_labels() -> set[str]:
    rows = run_query(FLAGSHIP, {"year": "2025"}).rows
    return {row["powerLabel"]["value"] for row in rows
            if compact(row["power"]["value"]) in {"actor:eu", "actor:chn", "actor:rus", "actor:usa", "actor:jpn"}}


def test_explorer_runs_a_canned_query(page, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector(f"#query-select option[value='{FLAGSHIP}']", state="attached")
    page.select_option("#query-select", FLAGSHIP)
    assert page.input_value("#param-year") == "2025"
    assert "SELECT" in page.input_value("#query-text")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    assert page.locator("#results thead th").all_inner_texts()[:2] == ["power", "powerLabel"]
    cells = set(page.locator("#results tbody td").all_inner_texts())
    assert flagship_power_labels() <= cells
    assert "rows" in page.inner_text("#query-status")


def test_explorer_runs_edited_sparql_and_shows_errors(page, base: str) -> None:
    page.goto(base + "/")
    page.fill("#query-text", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    assert int(page.inner_text("#results tbody td")) > 1000
    page.fill("#query-text", "SELECT * WHERE { ?s ?p ")
    page.click("#run")
    page.wait_for_selector("#query-status.error")
    assert "400" in page.inner_text("#query-status")
    assert all("status of 400" in e for e in page.console_errors)
    page.console_errors.clear()


def test_timeline_renders_every_dated_summit(page, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#timeline-chart svg circle.summit-dot")
    timeline = run_query("summit-timeline")
    dated = {row["summit"]["value"] for row in timeline.rows if "start" in row}
    assert page.locator("#timeline-chart circle.summit-dot").count() == len(dated)
    hrefs = set(page.locator("#timeline-chart a.summit-link").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert hrefs == {"/id/" + iri[len(ID):] for iri in dated}


def test_participation_matrix_2025_shows_all_five_powers(page, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#matrix-table table.matrix[data-year='2025']")
    rows = page.locator("#matrix-table tbody th.power").all_inner_texts()
    for label in flagship_power_labels() | {"European Union", "China", "Russia", "United States", "Japan"}:
        assert any(row.startswith(label) for row in rows), (label, rows)
    headers = page.locator("#matrix-table thead th").all_inner_texts()[1:]
    assert sorted(headers) == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
    japan = page.locator("#matrix-table tbody tr[data-power$='/actor/jpn'] td")
    assert japan.count() == 5
    assert all("in person" in text or "absent" in text or "virtual" in text for text in japan.all_inner_texts())


def test_matrix_marks_absences_and_stand_ins(page, base: str) -> None:
    absences = run_query("absences-and-stand-ins").rows
    matrix_years = {row["date"]["value"][:4] for row in absences}
    candidates = [y for y in sorted(matrix_years)
                  if any("participant" in r and ("standsInFor" in r or r.get("mode", {}).get("value", "").endswith("Absent"))
                         for r in run_query("participation-matrix", {"year": y}).rows)]
    if not candidates:
        pytest.skip("the data records no absence or stand-in at a summit with an outside power")
    year = candidates[0]
    page.goto(base + f"/?year={year}")
    page.wait_for_selector(f"#matrix-table table.matrix[data-year='{year}']")
    marked = page.locator("#matrix-table td.absent, #matrix-table td.standin")
    assert marked.count() >= 1
    text = " ".join(marked.all_inner_texts())
    assert "absent" in text or "stand-in for" in text


def test_summit_page_from_the_timeline(page, base: str) -> None:
    page.goto(base + "/")
    link = page.locator("#timeline-chart a.summit-link[href*='japan-central-asia-tokyo']").first
    href = link.get_attribute("href")
    page.goto(base + href)
    assert "Tokyo" in page.inner_text("h1")
    participants = page.locator("table.participants tbody tr")
    assert participants.count() >= 6
    sources = page.locator("ol.sources a[rel~='external']")
    assert sources.count() >= 1
    assert sources.first.get_attribute("href").startswith("http")
    page.locator("table.participants a[href^='/id/person/']").first.click()
    page.wait_for_selector("h1")
    assert page.url.startswith(base + "/id/person/")
    assert page.locator("ol.sources li").count() >= 1


def test_entity_pages_of_a_format_and_a_document(page, base: str) -> None:
    page.goto(base + "/id/format/china-central-asia")
    assert "China" in page.inner_text("h1")
    assert page.locator("ol.summits li").count() >= 2
    page.locator("ol.summits a[href^='/id/summit/']").last.click()
    page.wait_for_selector("table.participants")
    document = page.locator("a[href^='/id/document/']").first
    document.click()
    page.wait_for_selector("h1")
    assert page.url.startswith(base + "/id/document/")
    assert page.locator("ol.sources li").count() >= 1


def test_phone_width_has_no_page_level_horizontal_scroll(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        for path in ("/", "/id/summit/2025-12-20-japan-central-asia-tokyo"):
            phone.goto(base + path)
            if path == "/":
                phone.wait_for_selector("#matrix-table table.matrix")
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (path, overflow)
    finally:
        context.close()
