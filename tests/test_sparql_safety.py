"""The offline check decides from rdflib's parse; these tests show it agrees with the real engine.

Every variant of the SERVICE smuggling corpus is run on pyoxigraph itself, with network, against a
live listener: wherever the engine would call out, the check refuses the text. The check is the
gate the endpoint and the CLI use before any query reaches the engine.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from conftest import Listener, service_corpus

from casummit_rdf.sparql_safety import (
    MAX_NESTING,
    Reach,
    UnsafeQuery,
    check_reach,
    is_update,
    nesting_depth,
)

CORPUS = service_corpus()


def refused(text: str, allowed: Reach = Reach.DATASET) -> bool:
    try:
        check_reach(text, allowed)
    except UnsafeQuery:
        return True
    return False


def engine_calls_out(text: str, listener: Listener) -> tuple[bool, bool]:
    """(parsed, called): run ``text`` on pyoxigraph with network and watch the listener."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c")))
    before = len(listener.connections)
    try:
        answer = store.query(text)
        if not isinstance(answer, ox.QueryBoolean):
            list(answer)
    except SyntaxError:
        return False, False
    except (OSError, RuntimeError, ValueError):
        pass  # the listener's answer may not please the engine; what matters is that it was called
    deadline = time.monotonic() + 2
    while len(listener.connections) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    return True, len(listener.connections) > before


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_check_refuses_whatever_the_engine_would_follow(case: dict, listener: Listener) -> None:
    text = case["query"].replace("{url}", listener.url)
    parsed, called = engine_calls_out(text, listener)
    verdict = refused(text)
    if called:
        assert verdict, f"the engine calls out but the check lets it through: {text!r}"
    if parsed and case["evaluated"]:
        assert verdict == called, f"the check and the engine disagree on {text!r}"
    assert verdict, f"a SERVICE variant is not refused: {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { BIND("SERVICE <http://example.org/>" AS ?service) } # SERVICE <x:y>',
        "PREFIX service: <http://example.org/service#> SELECT * WHERE { ?service service:p ?o }",
        "SELECT * WHERE { ?s <http://example.org/service> ?o }",
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE <x:y> { }''' }",
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    ],
)
def test_the_word_in_strings_names_and_comments_is_not_a_service(text: str) -> None:
    assert not refused(text)


def test_from_is_refused_only_where_the_engine_downloads_it() -> None:
    text = "SELECT * FROM <http://example.org/data.ttl> FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"
    assert not refused(text, Reach.DATASET)  # pyoxigraph: graph names of the local store
    with pytest.raises(UnsafeQuery, match="FROM"):
        check_reach(text, Reach.NONE)  # rdflib's engine would fetch them
    check_reach(text, Reach.SERVICE | Reach.DATASET)


def test_a_text_that_mentions_service_but_does_not_parse_is_refused() -> None:
    with pytest.raises(UnsafeQuery) as caught:
        check_reach("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o }")
    assert caught.value.reason == "unparsable"


@pytest.mark.parametrize("opener,closer", [("{", "}"), ("(", ")"), ("[", "]")])
def test_deep_nesting_is_refused_before_the_parser_sees_it(opener: str, closer: str) -> None:
    inner = {"{": "", "(": "1", "[": ""}[opener]
    text = "SELECT * WHERE { FILTER(" + opener * 10_000 + inner + closer * 10_000 + ") }"
    assert nesting_depth(text) >= 10_000
    with pytest.raises(UnsafeQuery) as caught:
        check_reach(text)
    assert caught.value.reason == "nesting"
    ordinary = "SELECT * WHERE " + "{" * 50 + "}" * 50
    assert nesting_depth(ordinary) == 50 <= MAX_NESTING
    check_reach(ordinary)


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    assert nesting_depth('SELECT * { BIND("((((((((" AS ?x) } # {{{{{{{{{') == 2
    assert nesting_depth("SELECT * { <http://example.org/(((> ?p ?o }") == 1


def test_updates_are_recognised_for_the_read_only_message() -> None:
    for text in ("DROP ALL", "PREFIX a: <x:> INSERT DATA { a:b a:c a:d }", "clear all ; load <http://example.org/x>"):
        assert is_update(text)
    for text in ("SELECT * {}", "PREFIX a: <x:>", "", "nonsense"):
        assert not is_update(text)
