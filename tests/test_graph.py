"""Loading files: discovery, located syntax errors, the subject index, both graph views."""

from __future__ import annotations

from pathlib import Path

import pytest

from casummit_rdf.graph import DataError, discover, load_graph, load_store, parse_file
from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.resources import data_dir, ontology_files

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
PERSON = PREFIXES["person"]


def test_discover_expands_folders_and_rejects_missing_paths(tmp_path: Path) -> None:
    files = discover([FIXTURES])
    assert [f.name for f in files] == ["two-subjects.ttl", "unterminated-string.ttl"]
    with pytest.raises(DataError, match="no such file or folder"):
        discover([tmp_path / "missing.ttl"])
    with pytest.raises(DataError, match="unknown RDF file suffix '.txt'"):
        discover([FIXTURES / "notes.txt"])


def test_default_is_the_bundled_data() -> None:
    files = discover()
    assert files, "the bundled data folder holds Turtle files"
    assert all(data_dir() in f.resolve().parents for f in files)


def test_syntax_error_names_file_line_and_column() -> None:
    with pytest.raises(DataError) as caught:
        parse_file(FIXTURES / "unterminated-string.ttl")
    error = caught.value
    assert error.location is not None
    assert error.location.path.name == "unterminated-string.ttl"
    assert error.location.line == 3
    assert str(error).startswith(f"{error.location}: syntax error:")
    assert "\n" not in str(error)


def test_subjects_and_statements_are_located() -> None:
    graph = load_graph([FIXTURES / "two-subjects.ttl"])
    first = graph.locate(PERSON + "first-person")
    second = graph.locate(PERSON + "second-person")
    assert (first.path.name, first.line) == ("two-subjects.ttl", 5)
    assert second.line == 8
    label = graph.locate(PERSON + "second-person", PREFIXES["rdfs"] + "label")
    assert label.line == 10
    assert graph.locate("http://example.org/unknown") is None


def test_both_views_hold_the_same_triples() -> None:
    graph = load_graph([FIXTURES / "two-subjects.ttl"])
    ontology_triples = sum(len(parse_file(p)) for p in ontology_files())
    assert len(graph.rdf) == len(graph.store) == ontology_triples + 5
    bare = load_store([FIXTURES / "two-subjects.ttl"], with_ontology=False)
    assert len(bare) == 5


def test_a_file_named_twice_is_loaded_once() -> None:
    path = FIXTURES / "two-subjects.ttl"
    assert len(discover([path, FIXTURES, path])) == 2
