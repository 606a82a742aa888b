"""Canned-query headers and typed parameters: values are checked and bound, never pasted."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf.namespaces import PREFIXES, XSD
from casummit_rdf.errors import QueryError
from casummit_rdf.queries import ParameterType, parse_header, read_query
from casummit_rdf.sparql import Engine, run_query

QUERY = """#+ summary: People with a given English label
#+ description: Test query.
#+ tags:
#+   - test
#+   - people
#+ defaults:
#+   - label: First Person
#+ parameters:
#+   - label: the English label to look for

PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?_label_xsd_string WHERE {
  ?person rdfs:label ?l .
  FILTER(STR(?l) = ?_label_xsd_string)
} ORDER BY ?person
"""
DATA = Path(__file__).parent / "fixtures" / "graph" / "two-subjects.ttl"


def write_query(tmp_path: Path) -> Path:
    path = tmp_path / "people-by-label.rq"
    path.write_text(QUERY, encoding="utf-8")
    return path


def test_header_is_read_grlc_style(tmp_path: Path) -> None:
    header = parse_header(QUERY)
    assert header["summary"] == "People with a given English label"
    assert header["tags"] == ["test", "people"]
    assert header["defaults"] == {"label": "First Person"}
    query = read_query(write_query(tmp_path))
    assert query.name == "people-by-label"
    (parameter,) = query.parameters
    assert (parameter.name, parameter.type, parameter.default) == ("label", ParameterType.STRING, "First Person")
    assert parameter.description == "the English label to look for"


@pytest.mark.parametrize("engine", list(Engine))
def test_string_parameter_is_bound_not_pasted(tmp_path: Path, engine: Engine) -> None:
    from casummit_rdf.graph import load_graph

    query = read_query(write_query(tmp_path))
    graph = load_graph([DATA])
    default = run_query(query, graph=graph, engine=engine)
    assert default.variables == ["person"]
    assert default.values("person") == [PREFIXES["person"] + "first-person"]
    hostile = 'x" ) } ; ?person ?p ?o . FILTER("'
    assert run_query(query, {"label": hostile}, graph=graph, engine=engine).rows == []


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (ParameterType.INTEGER, " 2025 ", ox.Literal("2025", datatype=ox.NamedNode(XSD + "integer"))),
        (ParameterType.DATE, "2025-06-17", ox.Literal("2025-06-17", datatype=ox.NamedNode(XSD + "date"))),
        (ParameterType.IRI, "actor:kaz", ox.NamedNode(PREFIXES["actor"] + "kaz")),
        (ParameterType.IRI, "https://example.org/x", ox.NamedNode("https://example.org/x")),
    ],
)
def test_good_values_become_typed_terms(kind: ParameterType, raw: str, expected: object) -> None:
    from casummit_rdf.queries import Parameter

    assert Parameter("p", kind).bind(raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (ParameterType.INTEGER, "abc"),
        (ParameterType.INTEGER, "2025) } UNION { ?s ?p ?o"),
        (ParameterType.INTEGER, "1e3"),
        (ParameterType.DATE, "2025-02-30"),
        (ParameterType.DATE, "20250617"),
        (ParameterType.IRI, "<http://x> } ;"),
        (ParameterType.IRI, "nope:thing"),
        (ParameterType.STRING, "x" * 500),
    ],
)
def test_bad_values_are_refused(kind: ParameterType, raw: str) -> None:
    from casummit_rdf.queries import Parameter

    with pytest.raises(QueryError, match="parameter p:"):
        Parameter("p", kind).bind(raw)
