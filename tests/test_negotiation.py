"""Accept-header parsing and format choice (RFC 9110 §12.5.1), and path suffixes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casummit_rdf.serve.negotiation import (
    ENTITY_FORMATS,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Format,
    by_name,
    choose,
    parse_accept,
    quality,
    split_suffix,
)


def test_parse_accept_reads_types_q_values_and_parameters() -> None:
    ranges = parse_accept('Text/Turtle;charset="utf-8";q=0.5 , */*;q=0.1,application/ld+json;profile="a,b"')
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "turtle", 0.5), ("*", "*", 0.1), ("application", "ld+json", 1.0)]
    assert ranges[0].params == (("charset", "utf-8"),)
    assert ranges[2].params == (("profile", "a,b"),)


@pytest.mark.parametrize("header", ["text/turtle;q=2", "text/turtle;q=abc", "text/turtle;q=0.1234", "turtle",
                                    "*/turtle", "text/turtle;;", "text/turtle;q"])
def test_malformed_entries_are_skipped(header: str) -> None:
    assert [r.subtype for r in parse_accept(header + ", text/csv")] in (["csv"], ["turtle", "csv"])
    assert all(r.subtype != "turtle" or header.endswith(";;") for r in parse_accept(header))


def test_most_specific_range_decides() -> None:
    ranges = parse_accept("text/*;q=0.3, text/csv;q=0.9, */*;q=0.1")
    assert quality("text/csv", ranges) == 0.9
    assert quality("text/turtle", ranges) == 0.3
    assert quality("application/json", ranges) == 0.1


@pytest.mark.parametrize(
    ("accept", "offers", "expected"),
    [
        (None, RESULT_FORMATS, Format.SPARQL_JSON),
        ("", GRAPH_FORMATS, Format.TURTLE),
        ("garbage", GRAPH_FORMATS, Format.TURTLE),
        ("*/*", ENTITY_FORMATS, Format.HTML),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.8", GRAPH_FORMATS, Format.RDF_XML),
        ("application/sparql-results+json,application/json,text/javascript,application/javascript",
         RESULT_FORMATS, Format.SPARQL_JSON),
        ("application/sparql-results+xml", RESULT_FORMATS, Format.SPARQL_XML),
        ("application/turtle,text/turtle", GRAPH_FORMATS, Format.TURTLE),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ENTITY_FORMATS, Format.HTML),
        ("text/turtle, text/html;q=0.5", ENTITY_FORMATS, Format.TURTLE),
        ("application/ld+json", ENTITY_FORMATS, Format.JSON_LD),
        ("text/turtle", RESULT_FORMATS, None),
        ("text/csv;q=0", RESULT_FORMATS, None),
        ("*/*;q=0, text/tab-separated-values;q=0.01", RESULT_FORMATS, Format.TSV),
        ("TEXT/CSV", RESULT_FORMATS, Format.CSV),
    ],
)
def test_choose(accept: str | None, offers: tuple[Format, ...], expected: Format | None) -> None:
    assert choose(accept, offers) is expected


def test_names_and_suffixes() -> None:
    assert by_name("json", RESULT_FORMATS) is Format.SPARQL_JSON
    assert by_name("json", GRAPH_FORMATS) is Format.JSON_LD
    assert by_name("xml", GRAPH_FORMATS) is Format.RDF_XML
    assert by_name("turtle", RESULT_FORMATS) is None
    assert by_name("text/csv", RESULT_FORMATS) is Format.CSV
    assert split_suffix("/api/queries/x.csv") == ("/api/queries/x", "csv")
    assert split_suffix("/id/source/a.b") == ("/id/source/a.b", None)
    assert split_suffix("/a.b/c") == ("/a.b/c", None)


_media = st.sampled_from(["text/turtle", "text/csv", "application/json", "text/*", "*/*", "application/ld+json",
                          "application/sparql-results+xml", "text/html"])
_q = st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=0.25", ";q=0.999"])


@given(st.lists(st.tuples(_media, _q), max_size=6))
def test_choice_is_acceptable_and_maximal(entries: list[tuple[str, str]]) -> None:
    header = ", ".join(m + q for m, q in entries)
    ranges = parse_accept(header)
    for offers in (RESULT_FORMATS, GRAPH_FORMATS, ENTITY_FORMATS):
        chosen = choose(header, offers)
        weights = {o: max(quality(a, ranges) for a in o.aliases) for o in offers}
        if not ranges:
            assert chosen is offers[0]
        elif chosen is None:
            assert all(w == 0 for w in weights.values())
        else:
            assert weights[chosen] == max(weights.values()) > 0
            assert chosen is next(o for o in offers if weights[o] == weights[chosen])  # ties: server order


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def test_negotiate_prefers_the_suffix_then_accept_and_refuses_with_404_or_406() -> None:
    import pytest

    from casummit_rdf.formats import Format
    from casummit_rdf.serve.negotiation import RESULT_FORMATS, negotiate

    assert negotiate("csv", "application/sparql-results+json", RESULT_FORMATS, what="results", error=_Refused) is Format.CSV
    assert negotiate(None, "text/tab-separated-values", RESULT_FORMATS, what="results", error=_Refused) is Format.TSV
    with pytest.raises(_Refused) as unknown:
        negotiate("ttl", None, RESULT_FORMATS, what="results", error=_Refused)
    assert unknown.value.status == 404 and ".json, .xml, .csv, .tsv" in str(unknown.value)
    with pytest.raises(_Refused) as unacceptable:
        negotiate(None, "image/png", RESULT_FORMATS, what="results", error=_Refused)
    assert unacceptable.value.status == 406 and str(unacceptable.value).startswith("results are available as")
