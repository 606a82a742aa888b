"""``QueryResult.to_dataframe()`` and the notebook display."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casummit_rdf.dataframes import python_value
from casummit_rdf.namespaces import XSD
from casummit_rdf.sparql import run_query, run_sparql

pd = pytest.importorskip("pandas")


def test_a_select_becomes_typed_columns() -> None:
    result = run_query("powers-met-all-five", {"year": "2025"})
    frame = result.to_dataframe()
    assert list(frame.columns) == result.variables
    assert len(frame) == len(result.rows) > 0
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["date"].dt.year.unique().tolist() == [2025]
    assert frame["power"].tolist() == result.values("power")


def test_unbound_values_are_missing_and_integers_stay_integers() -> None:
    result = run_sparql("SELECT ?n ?m WHERE { VALUES (?n ?m) { (1 UNDEF) (22 \"x\") } }")
    frame = result.to_dataframe()
    assert str(frame["n"].dtype) == "Int64" and frame["n"].tolist() == [1, 22]
    assert frame["m"].isna().tolist() == [True, False]


def test_a_graph_becomes_subject_predicate_object() -> None:
    result = run_sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    frame = result.to_dataframe()
    assert list(frame.columns) == ["subject", "predicate", "object"] and len(frame) == 5


def test_an_ask_is_not_a_table() -> None:
    with pytest.raises(TypeError):
        run_sparql("ASK { ?s ?p ?o }").to_dataframe()


@pytest.mark.parametrize(
    ("term", "value"),
    [
        ({"type": "literal", "value": "42", "datatype": XSD + "positiveInteger"}, 42),
        ({"type": "literal", "value": "3.50", "datatype": XSD + "decimal"}, Decimal("3.50")),
        ({"type": "literal", "value": "true", "datatype": XSD + "boolean"}, True),
        ({"type": "literal", "value": "2025-04-04", "datatype": XSD + "date"}, dt.date(2025, 4, 4)),
        ({"type": "literal", "value": "abc", "datatype": XSD + "integer"}, "abc"),  # ill-typed stays text
        ({"type": "literal", "value": "Астана", "xml:lang": "ru"}, "Астана"),
        ({"type": "uri", "value": "https://w3id.org/casummit/id/actor/kaz"}, "https://w3id.org/casummit/id/actor/kaz"),
    ],
)
def test_python_values_by_datatype(term: dict, value: object) -> None:
    assert python_value(term) == value and type(python_value(term)) is type(value)


def test_notebooks_show_an_html_table_with_short_iris() -> None:
    html = run_query("powers-met-all-five", {"year": "2025"})._repr_html_()
    assert html.startswith("<table>") and "<th>power</th>" in html and "actor:eu" in html
    many = run_sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 60")._repr_html_()
    assert many.count("<tr>") == 51 and "10 more of 60 rows" in many
    assert "<script" not in run_sparql('SELECT ("<script>x</script>" AS ?x) WHERE {}')._repr_html_()
