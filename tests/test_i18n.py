"""The two languages: choice of language, the catalogue, dates, numbers, money; Russian query texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
import yaml

from casummit_rdf import i18n
from casummit_rdf.labels import TERM_LABELS_FILE, Labels
from casummit_rdf.queries import load_queries

ROOT = Path(__file__).resolve().parents[1]
CAS = "https://w3id.org/casummit/ontology#"


@pytest.mark.parametrize(
    ("param", "header", "expected"),
    [("ru", None, "ru"), ("RU-ru", "en", "ru"), ("en", "ru", "en"), ("xx", "ru-RU,ru;q=0.9", "ru"), (None, None, "en"),
     (None, "de-DE, fr;q=0.8", "en"), (None, "en;q=0.4, ru;q=0.6", "ru"), (None, "ru;q=0, en", "en"), (None, "ru;q=abc", "en")],
)
def test_language_from_parameter_then_accept_language(param: str | None, header: str | None, expected: str) -> None:
    assert i18n.choose_language(param, header) == expected


def test_every_string_has_both_languages_and_the_same_slots() -> None:
    import re

    for key, entry in i18n.STRINGS.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        slots = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in entry.items()}
        assert slots["en"] >= slots["ru"] - {"count_ins"}, key


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [("2025-12-11", "ru", "11 декабря 2025"), ("2025-12-11", "en", "11 December 2025"), ("2025-05", "ru", "май 2025"),
     ("2025", "en", "2025"), ("not a date", "en", "not a date")],
)
def test_dates(value: str, lang: str, expected: str) -> None:
    assert i18n.format_date(value, lang) == expected


def test_periods() -> None:
    assert i18n.format_period("2025-12-19", "2025-12-20", "ru") == "19–20 декабря 2025"
    assert i18n.format_period("2025-11-30", "2025-12-01", "en") == "30 November – 1 December 2025"
    assert i18n.format_period("2025-06-17", "2025-06-17", "en") == "17 June 2025"


@pytest.mark.parametrize(
    ("amount", "currency", "en", "ru"),
    [("3000000000000", "JPY", "¥3 trillion", "3 трлн иен"), ("100000000000", "USD", "$100 billion", "100 млрд долларов"),
     ("1500000000", "CNY", "CN¥1.5 billion", "1,5 млрд юаней"), ("12000000000", "EUR", "€12 billion", "12 млрд евро"),
     ("500000", "USD", "$500,000", "500\u202f000 долларов"), ("7", "XYZ", "7 XYZ", "7 XYZ")],
)
def test_money(amount: str, currency: str, en: str, ru: str) -> None:
    assert i18n.format_amount(amount, currency, "en") == en
    assert i18n.format_amount(amount, currency, "ru") == ru


def test_russian_plurals() -> None:
    forms = ("строка", "строки", "строк")
    assert [i18n.plural(n, "ru", forms) for n in (1, 2, 5, 11, 21, 22, 112)] == \
        ["строка", "строки", "строк", "строк", "строка", "строки", "строк"]


def test_every_canned_query_has_a_russian_summary_and_the_side_file_names_only_real_queries() -> None:
    side = yaml.safe_load((ROOT / "queries" / "summaries.ru.yaml").read_text(encoding="utf-8"))
    queries = load_queries()
    assert set(side) <= set(queries), set(side) - set(queries)
    for name, query in queries.items():
        assert name in side, f"queries/summaries.ru.yaml has no entry for {name}"
        summary = i18n.query_text(name, "summary", query.summary, "ru")
        assert summary != query.summary and any("а" <= c <= "я" for c in summary.lower()), name
        for parameter in query.parameters:
            assert i18n.parameter_text(name, parameter.name, parameter.description, "ru") != parameter.description or not parameter.description


def test_term_labels_file_matches_the_ontology_labels_of_reused_terms() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "casummit.ttl")
    side = json.loads(TERM_LABELS_FILE.read_text(encoding="utf-8"))
    for subject, label in graph.subject_objects(rdflib.RDFS.label):
        iri = str(subject)
        if iri.startswith(CAS) or iri == "https://w3id.org/casummit/ontology" or not label.language:
            continue
        assert side.get(iri, {}).get(label.language) == str(label), (iri, label.language)
    assert all(set(names) >= {"en", "ru"} for names in side.values())


def test_labels_fall_back_visibly() -> None:
    import pyoxigraph as ox

    store = ox.Store()
    node = ox.NamedNode("https://w3id.org/casummit/id/place/x")
    store.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Somewhere", language="en")))
    labels = Labels(store, term_labels={})
    found = labels.get(node, "ru")
    assert (found.text, found.lang, found.fallback) == ("Somewhere", "en", True)
    assert not labels.get(node, "en").fallback
    assert labels.get(ox.NamedNode("https://w3id.org/casummit/id/place/none"), "ru").text == "place:none"
    reused = Labels(store).get(ox.NamedNode("https://schema.org/startDate"), "ru")
    assert reused.text == "дата начала"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "casummit_rdf", *args], capture_output=True, text=True, env=env, timeout=300)


def test_query_lang_ru_labels_the_terminal_table_in_russian() -> None:
    done = run_cli("query", "powers-met-all-five", "--param", "year=2023", "--lang", "ru")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["партнёр", "партнёр"] and "дата" in lines[0]
    assert "Китай" in done.stdout and "China" not in done.stdout
    assert "Первый саммит" in done.stdout
    assert lines[-1] == "(8 строк)"
    english = run_cli("query", "powers-met-all-five", "--param", "year=2023")
    assert english.stdout.splitlines()[0].split()[0] == "power" and "China" in english.stdout


def test_query_lang_only_changes_the_table() -> None:
    as_csv = run_cli("query", "powers-met-all-five", "--lang", "ru", "--format", "csv")
    assert as_csv.returncode == 0 and as_csv.stdout.startswith("power,powerLabel")
    bad = run_cli("query", "powers-met-all-five", "--lang", "de")
    assert bad.returncode != 0 and "invalid choice" in bad.stderr and "Traceback" not in bad.stderr
