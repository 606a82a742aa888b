"""Syntax errors read as a sentence with the line and a caret: library, command line and endpoint."""

from __future__ import annotations

import subprocess
import sys

import pytest

from casummit_rdf.sparql import run_sparql
from casummit_rdf.sparql_syntax import QuerySyntaxError

CASES = [
    # (query, line, column, words the sentence must contain)
    ('SELECT * WHERE { ?s ?p "жж" . ?s foo:bar ?o }', 1, 34, "prefix 'foo:' is not declared"),
    ("SELECT * WHERE { ?s ?p ?o  LIMIT 1", 1, 16, "'{' is never closed"),
    ("SELECT * WHERE { ?s ?p ?o } }", 1, 29, "'}' closes nothing"),
    ("SELEC * WHERE { ?s ?p ?o }", 1, 1, "did you mean SELECT?"),
    ("SELECT * WHERE { ?s ?p ?o . FILTER (?o > 3 }", 1, 44, "does not match the '(' opened at line 1, column 36"),
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP ?s", 1, 36, "BY is missing after GROUP"),
    ('SELECT * WHERE { ?s ?p "abc }', 1, 24, "string is never closed"),
    ("SELECT * WHERE { ?s <http://x ?o }", 1, 21, "IRI is never closed"),
    ("SELECT ?x (COUNT(?s) AS ?n) WHERE { ?s ?p ?o }", 1, 8, "?x is selected but neither grouped nor aggregated"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 5", 1, 29, "did you mean LIMIT?"),
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o < 3 && ?o > 1)\n  ?s ?p ?o )\n}", 4, 12, "')' does not match the '{'"),
    ("# a comment with { and \"\nSELECT * WHERE { ?s ?p ?o } ORDER ?o", 2, 35, "BY is missing after ORDER"),
]


@pytest.mark.parametrize(("query", "line", "column", "words"), CASES)
def test_the_error_names_the_spot_and_says_what_is_wrong(query: str, line: int, column: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run_sparql(query)
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert words in error.sentence
    assert "\n" not in str(error) and str(error).startswith(f"SPARQL syntax error at line {line}, column {column}: ")
    source_line, caret = error.detail.split("\n")
    assert source_line == f"  {line} | " + query.split("\n")[line - 1]
    assert caret.index("^") - caret.index("|") - 2 == column - 1


def test_valid_queries_are_not_touched() -> None:
    assert run_sparql("SELECT (1 < 2 AS ?x) WHERE { FILTER(2 > 1) }").rows[0]["x"]["value"] == "true"


def test_the_command_line_shows_the_file_line_and_caret(tmp_path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("PREFIX schema: <https://schema.org/>\nSELECT * WHERE {\n  ?s schema:name ?n\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "casummit_rdf", "sparql", "-f", str(query)],
                          check=False, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    first, source_line, caret = done.stderr.rstrip("\n").split("\n")
    assert first == "casummit: error: broken.rq:2:16: SPARQL syntax error: this '{' is never closed: add '}'"
    assert source_line == "  2 | SELECT * WHERE {" and caret.endswith("|                ^")


@pytest.mark.server
def test_the_endpoint_answers_400_with_the_same_explanation() -> None:
    from serve_support import http, running_server

    with running_server() as server:
        reply = http(server.url, "/sparql", params={"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert reply.status == 400
    assert reply.text.split("\n")[0].endswith("'SELEC' is not a SPARQL keyword; did you mean SELECT?")
    assert "  1 | SELEC * WHERE { ?s ?p ?o }" in reply.text
