"""The web explorer in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Every page is opened at a desktop (1366×900) or phone (390×844) size and in English or Russian;
each test fails on a console error, an uncaught exception, or any request that leaves the
server's origin (such requests are also aborted). Screenshots go to ``build/test-artifacts/explorer``
(or ``$CASUMMIT_ARTIFACTS``); with ``CASUMMIT_README_SCREENSHOTS=1`` the two README pictures are
written to ``docs/screenshots/`` as well.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from serve_support import FLAGSHIP, ID, running_server

from casummit_rdf.graph import load_store
from casummit_rdf.sparql import run_query

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("CASUMMIT_ARTIFACTS") or ROOT / "build" / "test-artifacts" / "explorer")
README_SHOTS = ROOT / "docs" / "screenshots"
CAS = "https://w3id.org/casummit/ontology#"
SCHEMA = "https://schema.org/"
STATES = {"en": ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"],
          "ru": ["Казахстан", "Киргизия", "Таджикистан", "Туркменистан", "Узбекистан"]}


@pytest.fixture(scope="module")
def base() -> str:
    with running_server() as server:
        yield server.url


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(None)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Watched:
    """A page with what went wrong on it: console errors, page errors, requests off the origin."""

    def __init__(self, browser, base: str, viewport: dict[str, int], accept_language: str | None = None):
        phone = viewport["width"] < 500
        options = {"viewport": viewport, "is_mobile": phone, "has_touch": phone}
        if accept_language:
            options["extra_http_headers"] = {"Accept-Language": accept_language}
        self.context = browser.new_context(**options)
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", self._request)
        self.context.route(re.compile(r"^(?!" + re.escape(base) + r").*"), lambda route: route.abort())

    def _request(self, request) -> None:  # noqa: ANN001 - playwright type
        if not request.url.startswith(self.base + "/") and not request.url.startswith(("data:", "blob:")):
            self.outside.append(request.url)

    def open(self, path: str, *, ready: bool = True):
        self.page.goto(self.base + path)
        if ready:
            self.page.wait_for_selector("body[data-ready='true']", state="attached", timeout=20_000)
        return self.page

    def overflow(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()
        assert self.outside == [], self.outside
        assert self.errors == [], self.errors


@pytest.fixture()
def watch(browser, base: str):
    opened: list[Watched] = []

    def make(viewport: dict[str, int] = DESKTOP, accept_language: str | None = None) -> Watched:
        watched = Watched(browser, base, viewport, accept_language)
        opened.append(watched)
        return watched

    yield make
    for watched in opened:
        watched.close()


def partner_format_flagship(store: ox.Store, year: int) -> set[str]:
    """The flagship's partners for ``year`` at summits of formats that name a partner."""
    partners = set()
    for row in run_query(FLAGSHIP, {"year": str(year)}).rows:
        summit = ox.NamedNode(row["summit"]["value"])
        formats = [q.object for q in store.quads_for_pattern(summit, ox.NamedNode(SCHEMA + "superEvent"), None)]
        if any(next(iter(store.quads_for_pattern(f, ox.NamedNode(CAS + "partner"), None)), None) for f in formats):
            partners.add(row["power"]["value"])
    return partners


def dated_meetings(store: ox.Store, level: str) -> set[str]:
    """Meetings with a start date at a level (a summit without a level is a leaders' meeting)."""
    text = """
        PREFIX cas: <https://w3id.org/casummit/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT DISTINCT ?m ?wanted WHERE {
          { ?m a cas:Meeting } UNION { ?m a cas:Summit }
          ?m schema:startDate ?start .
          OPTIONAL { ?m cas:meetingLevel ?given }
          OPTIONAL { ?m a cas:Summit . BIND(cas:LeadersLevel AS ?implied) }
          BIND(COALESCE(?given, ?implied) AS ?level)
          FILTER(?level = ?wanted)
        }"""
    wanted = ox.NamedNode(CAS + level)
    return {s["m"].value for s in store.query(text, substitutions={ox.Variable("wanted"): wanted})}


# ---- languages and widths -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_front_page_in_both_languages_at_both_widths(watch, lang: str, viewport: dict[str, int]) -> None:
    watched = watch(viewport)
    page = watched.open(f"/?lang={lang}")
    assert page.get_attribute("html", "lang") == lang
    headline = page.inner_text("#headline")
    assert "2025" in headline and len(headline) > 60
    assert ("президенты" in headline) == (lang == "ru")
    page.wait_for_selector("table.matrix[data-year='2025']")
    if viewport is DESKTOP:
        assert page.locator("table.matrix thead th").all_inner_texts()[1:] == STATES[lang]
    first_card = page.locator("table.matrix tbody tr").first
    assert first_card.locator("td").count() == 5
    assert all(first_card.locator("td").nth(i).is_visible() for i in range(5))
    nav = page.locator("header.site nav.sections").inner_text()
    assert ("Хронология" in nav) == (lang == "ru") and ("Timeline" in nav) == (lang == "en")
    assert page.locator("a.lang-link[aria-current]").get_attribute("data-lang") == lang
    assert watched.overflow() <= 0
    width = "phone" if viewport is PHONE else "desktop"
    path = watched.shot(f"front-{lang}-{width}")
    if os.environ.get("CASUMMIT_README_SCREENSHOTS") == "1" and (lang, width) in (("en", "desktop"), ("ru", "phone")):
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOTS / f"explorer-{width}-{lang}.png"), full_page=False)
        assert path.exists()


def test_accept_language_picks_russian_and_the_switch_keeps_the_state(watch) -> None:
    watched = watch(DESKTOP, accept_language="ru-RU,ru;q=0.9,en;q=0.5")
    page = watched.open("/?year=2023#matrix")
    assert page.get_attribute("html", "lang") == "ru"
    assert "2023" in page.inner_text("#headline")
    switch = page.locator("a.lang-link[data-lang='en']")
    href = switch.get_attribute("href")
    assert "year=2023" in href and "lang=en" in href and href.endswith("#matrix")
    switch.click()
    page.wait_for_selector("body[data-ready='true']", state="attached")
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#year-select") == "2023"
    assert "In 2023" in page.inner_text("#headline")


def test_every_page_kind_fits_a_phone_in_russian(watch) -> None:
    watched = watch(PHONE)
    for path in ("/?lang=ru#timeline", "/id/summit/2025-12-20-japan-central-asia-tokyo?lang=ru", "/id/actor/kaz?lang=ru",
                 "/id/person/kassym-jomart-tokayev?lang=ru", "/id/?lang=ru", "/api/?lang=ru",
                 "/api/queries/participation-matrix?lang=ru", "/id/format/china-central-asia?lang=ru"):
        watched.open(path, ready=path.startswith("/?"))
        assert watched.page.get_attribute("html", "lang") == "ru", path
        assert watched.overflow() <= 0, (path, watched.overflow())
    watched.shot("summit-matrix-phone-ru")


# ---- the story ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2023, 2025])
def test_headline_names_the_partners_all_five_presidents_met(watch, store: ox.Store, year: int) -> None:
    expected = partner_format_flagship(store, year)
    assert expected, "the flagship query has answers for this year"
    watched = watch(DESKTOP)
    page = watched.open(f"/?lang=en&year={year}")
    text = page.inner_text("#headline")
    assert text.startswith(f"In {year} the five Central Asian presidents met")
    linked = set(page.locator("#headline a[href^='/id/actor/']").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert {href.split("?")[0] for href in linked} == {"/id/" + iri[len(ID):] for iri in expected}
    counts = dict(zip(page.locator("#counts li").evaluate_all("els => els.map(e => e.dataset.count)"),
                      page.locator("#counts li strong").all_inner_texts()))
    assert int(counts["allfive"]) == len(expected)
    if year == 2025:
        # The region's own Consultative Meeting (with Azerbaijan as a guest) is not a partner format.
        assert "Azerbaijan" not in text
        assert "Azerbaijan" in page.inner_text("#regional-meetings")
        assert "Azerbaijan" in page.inner_text("#partner-formats-note")
    watched.shot(f"headline-{year}")


def test_map_draws_offline_and_each_dot_opens_its_meeting(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=en&year=2025#map")
    page.wait_for_selector("svg.map.world path.ca5")
    assert page.locator("svg.map.world path").count() >= 170
    assert page.locator("svg.map.world path.ca5").count() == 5
    dots = page.locator("svg.map.world a.map-dot")
    hrefs = dots.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 8 and all(h.startswith("/id/summit/") or h.startswith("/id/meeting/") for h in hrefs)
    assert any("japan-central-asia-tokyo" in h for h in hrefs) and any("washington" in h for h in hrefs)
    assert page.locator("svg.map.region a.map-dot").count() == len(hrefs)
    watched.shot("map-2025")
    page.locator("svg.map.region a.map-dot[data-meeting$='samarkand']").first.click()
    page.wait_for_url(re.compile(r"/id/summit/2025-04-04-eu-central-asia-samarkand"))
    assert "Samarkand" in page.inner_text("h1")


def test_virtual_summits_are_drawn_at_their_host_city(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=en&year=2022#map")
    virtual = page.locator("svg.map.world a.map-dot circle.virtual")
    assert virtual.count() == 2  # China and India, both by video link in January 2022
    assert "Beijing" in page.inner_text("#map-list") and "New Delhi" in page.inner_text("#map-list")


# ---- the timeline --------------------------------------------------------------------------------


def test_timeline_has_every_leaders_meeting_with_distinct_symbols(watch, store: ox.Store) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=en#timeline")
    wide = page.locator("#timeline-chart .timeline-wide a.meeting-mark")
    expected = dated_meetings(store, "LeadersLevel")
    assert wide.count() == len(expected)
    hrefs = {h.split("?")[0] for h in wide.evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    assert hrefs == {"/id/" + iri[len(ID):] for iri in expected}
    labels = page.locator("#timeline-chart text.lane-label").evaluate_all(
        "els => els.map(e => [[...e.querySelectorAll('tspan')].map(t => t.textContent).join(' '), e.dataset.lane])")
    assert all(shown == full for shown, full in labels)  # full names, wrapped over lines, never cut
    labels = [full for _, full in labels]
    assert any("Consultative Meeting of the Heads of State of Central Asia" in label for label in labels)
    legend = page.locator("#timeline-legend li")
    assert legend.count() == 6
    shapes = legend.evaluate_all("els => els.map(e => e.querySelector('svg').innerHTML.replace(/class=\"[^\"]*\"/g, ''))")
    assert len(set(shapes[:5])) == 5, shapes  # five statuses, five shapes (not colour alone)
    cancelled = page.locator("#timeline-chart .timeline-wide a.meeting-mark:has(.status-Cancelled)").first
    cancelled.click()
    details = page.locator("#timeline-details")
    assert details.is_visible() and "cancelled" in details.inner_text()
    assert details.locator("a.open-meeting").get_attribute("href").startswith("/id/")
    watched.shot("timeline-desktop")


def test_timeline_on_a_phone_lists_the_latest_year_first(watch) -> None:
    watched = watch(PHONE)
    page = watched.open("/?lang=ru#timeline")
    assert page.locator(".timeline-wide").is_hidden()
    years = [int(y) for y in page.locator(".timeline-list > li > h3").all_inner_texts()]
    assert years == sorted(years, reverse=True) and years[0] >= 2025
    first = page.locator(".timeline-list button.list-mark").first
    first.tap()
    details = page.locator("#timeline-details")
    assert details.is_visible() and "Дата" in details.inner_text()
    assert watched.overflow() <= 0
    watched.shot("timeline-phone-ru")


def test_level_filter_defaults_to_leaders_and_goes_into_the_address(watch, store: ox.Store) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=en")
    assert page.input_value("#level-select") == "leaders"
    page.select_option("#level-select", "foreign-ministers")
    page.wait_for_function("() => location.search.includes('level=foreign-ministers')")
    expected = dated_meetings(store, "ForeignMinistersLevel")
    page.wait_for_function("n => document.querySelectorAll('#timeline-chart .timeline-wide a.meeting-mark').length === n"
                           " || (n === 0 && document.querySelector('#timeline-chart').innerText.includes('No dated meeting'))",
                           arg=len(expected))
    page.go_back()
    page.wait_for_function("() => document.querySelector('#level-select').value === 'leaders'")
    page.wait_for_selector("table.matrix[data-level='leaders']")


# ---- shareable state ----------------------------------------------------------------------------


@pytest.mark.parametrize("path, section", [("/?year=2022#matrix", "matrix"), ("/?lang=ru#timeline", "timeline"),
                                           ("/?lang=en&year=2023#map", "map")])
def test_deep_links_land_on_their_section_after_loading(watch, path: str, section: str) -> None:
    watched = watch(DESKTOP)
    page = watched.open(path)
    if "year=" in path:
        year = re.search(r"year=(\d+)", path).group(1)
        page.wait_for_selector(f"table.matrix[data-year='{year}']")
    top = page.evaluate(f"document.getElementById('{section}').getBoundingClientRect().top")
    assert -2 <= top <= 60, top


def test_query_state_is_restored_and_back_forward_work(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open(f"/?lang=en&q={FLAGSHIP}&p.year=2023#query")
    assert page.input_value("#query-select") == FLAGSHIP
    assert page.input_value("#param-year") == "2023"
    page.select_option("#year-select", "2022")
    page.wait_for_selector("table.matrix[data-year='2022']")
    assert "year=2022" in page.url
    page.go_back()
    page.wait_for_selector("table.matrix[data-year='2025']")
    page.go_forward()
    page.wait_for_selector("table.matrix[data-year='2022']")


# ---- the query page ------------------------------------------------------------------------------


def editor_text(page) -> str:  # noqa: ANN001 - playwright page
    return page.evaluate("document.querySelector('#query-editor').shadowRoot.querySelector('.cm-content').innerText")


def test_query_page_highlights_hides_the_header_and_downloads(watch, base: str) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=ru#query")
    page.select_option("#query-select", FLAGSHIP)
    text = editor_text(page)
    assert "SELECT" in text and "#+" not in text
    classes = page.evaluate("[...new Set([...document.querySelector('#query-editor').shadowRoot"
                            ".querySelectorAll('.cm-content span')].map(s => s.className))].length")
    assert classes >= 3  # keywords, variables, IRIs … each in its own style
    assert "Партнёры" in page.inner_text("#query-summary")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    assert page.locator("#results thead th").all_inner_texts()[:2] == ["power", "powerLabel"]
    assert "строк" in page.inner_text("#query-status")
    csv_link = page.locator("#query-downloads a[data-format='csv']").get_attribute("href")
    reply = page.request.get(base + csv_link)
    assert reply.ok and reply.headers["content-type"].startswith("text/csv") and "power" in reply.text()
    json_link = page.locator("#query-downloads a[data-format='json']").get_attribute("href")
    assert page.request.get(base + json_link).json()["head"]["vars"][0] == "power"
    # prefix help: a prefix declared from the list, then the text runs as the reader's own SPARQL
    page.click("details.prefixes summary")
    page.locator("#prefix-list button.prefix", has_text="skos:").click()
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in editor_text(page)
    assert "edited" in page.get_attribute("#query-summary", "class")
    page.click("#run")
    page.wait_for_selector("#query-downloads a[href^='/sparql?format=csv']")
    sparql_csv = page.locator("#query-downloads a[data-format='csv']").get_attribute("href")
    assert page.request.get(base + sparql_csv).headers["content-type"].startswith("text/csv")
    watched.shot("query-ru")


def test_own_sparql_errors_are_shown(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/?lang=en#query")
    page.locator("#query-editor").click()
    page.evaluate("document.querySelector('#query-editor').shadowRoot.querySelector('.cm-content').focus()")
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT * WHERE { ?s ?p ")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#query-status.error")
    assert "400" in page.inner_text("#query-status")
    assert all("status of 400" in e for e in watched.errors)
    watched.errors.clear()


# ---- entity pages, index, API ----------------------------------------------------------------------


def test_summit_page_in_russian_reads_as_prose(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/id/summit/2025-12-20-japan-central-asia-tokyo?lang=ru", ready=False)
    assert page.inner_text("h1").startswith("Первый саммит")
    assert page.inner_text(".key-facts") == "19–20 декабря 2025"
    assert page.locator("table.participants tbody tr").count() == 6
    titles = page.locator("ol.sources .source-title").all_inner_texts()
    assert titles and not any(title.startswith("http") for title in titles)
    assert "подтверждает" in page.inner_text("ol.sources")
    fact_names = page.locator("section.facts-section th").all_inner_texts()
    assert fact_names and not any("CAMEO" in name or "PLOVER" in name for name in fact_names)
    page.click("section.data-users summary")
    assert "043" in page.inner_text("section.data-users")
    related = page.inner_text("section.related")
    assert "3 трлн иен на 5 лет — Япония" in related
    assert " this" not in related
    watched.shot("summit-ru")
    page.locator("table.participants a[href^='/id/person/']").first.click()
    page.wait_for_selector("table.attended")
    assert page.get_attribute("html", "lang") == "ru"


def test_commitment_state_and_person_pages(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/id/commitment/2025-12-20-japan-central-asia-tokyo-3-trillion-yen?lang=en", ready=False)
    assert page.inner_text("h1") == "¥3 trillion over 5 years, pledged by Japan"
    page = watched.open("/id/actor/kaz?lang=en", ready=False)
    assert page.locator("p.wikidata a").get_attribute("href") == "https://www.wikidata.org/wiki/Q232"
    dates = page.locator("table.state-participations time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert len(dates) >= 20 and dates == sorted(dates)
    page = watched.open("/id/summit/2023-09-29-germany-central-asia-berlin?lang=en", ready=False)
    related = page.inner_text("body")
    assert "preceded by" in related or "followed by" in related or "Who took part" in related


def test_index_searches_names_in_both_languages(watch) -> None:
    watched = watch(DESKTOP)
    for query in ("Токио", "Tokyo"):
        page = watched.open(f"/id/?lang=ru&q={query}", ready=False)
        links = page.locator("ul.index-list a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any("/id/summit/2025-12-20-japan-central-asia-tokyo" in link for link in links), (query, links)
        assert any(link.startswith("/id/place/tokyo") for link in links)
    page = watched.open("/id/?lang=en", ready=False)
    assert page.locator("section.index-kind").count() >= 8
    page.fill("#index-q", "Mirziyoyev")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"q=Mirziyoyev"))
    assert "/id/person/shavkat-mirziyoyev" in page.inner_html("main")


def test_api_page_for_people_and_a_browser_table(watch) -> None:
    watched = watch(DESKTOP)
    page = watched.open("/api/?lang=ru", ready=False)
    assert page.locator("li.api-query").count() >= 10
    assert "Партнёры, лично встретившиеся" in page.inner_text("body")
    page.locator(f"li#q-{FLAGSHIP} a.try").click()
    page.wait_for_selector("table.results tbody tr")
    assert page.get_attribute("html", "lang") == "ru"
    rows = page.locator("table.results tbody tr").count()
    assert rows == len(run_query(FLAGSHIP).rows)  # no year given: every year
    assert page.locator("p.downloads a[href$='.csv'], p.downloads a[href*='.csv?']").count() == 1
    watched.shot("api-table-ru")
