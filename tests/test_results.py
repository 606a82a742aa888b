"""Result formats follow the W3C SPARQL 1.1 result specifications."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from casummit_rdf.results import QueryResult, ResultKind
from casummit_rdf.formats import Format
from casummit_rdf.results import format_result

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT = QueryResult(
    ResultKind.SELECT,
    variables=["s", "label", "n"],
    rows=[
        {
            "s": {"type": "uri", "value": "https://w3id.org/casummit/id/actor/kaz"},
            "label": {"type": "literal", "value": 'Kazakhstan, "KZ"', "xml:lang": "en"},
            "n": {"type": "literal", "value": "5", "datatype": XSD + "integer"},
        },
        {"s": {"type": "bnode", "value": "b0"}},
    ],
)


def test_csv_is_plain_values_with_quoting() -> None:
    rows = list(csv.reader(io.StringIO(format_result(RESULT, Format.CSV))))
    assert rows == [["s", "label", "n"], ["https://w3id.org/casummit/id/actor/kaz", 'Kazakhstan, "KZ"', "5"], ["_:b0", "", ""]]


def test_tsv_uses_rdf_term_syntax() -> None:
    lines = format_result(RESULT, Format.TSV).splitlines()
    assert lines[0] == "?s\t?label\t?n"
    assert lines[1] == '<https://w3id.org/casummit/id/actor/kaz>\t"Kazakhstan, \\"KZ\\""@en\t5'
    assert lines[2] == "_:b0\t\t"


def test_json_and_xml_documents() -> None:
    doc = json.loads(format_result(RESULT, Format.SPARQL_JSON))
    assert doc["head"]["vars"] == ["s", "label", "n"]
    assert doc["results"]["bindings"][0]["n"]["datatype"] == XSD + "integer"
    root = ET.fromstring(format_result(RESULT, Format.SPARQL_XML))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "label", "n"]
    literal = root.find("r:results/r:result/r:binding[@name='label']/r:literal", ns)
    assert literal.text == 'Kazakhstan, "KZ"'
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_table_and_markdown_shorten_iris() -> None:
    table = format_result(RESULT, Format.TABLE)
    assert "actor:kaz" in table and table.endswith("(2 rows)\n")
    markdown = format_result(RESULT, Format.MARKDOWN).splitlines()
    assert markdown[0] == "| s | label | n |"
    assert markdown[2].startswith("| actor:kaz | Kazakhstan")


def test_ask_results() -> None:
    ask = QueryResult(ResultKind.ASK, boolean=True)
    assert format_result(ask) == "true\n"
    assert json.loads(format_result(ask, Format.SPARQL_JSON)) == {"head": {}, "boolean": True}
