"""The W3C SHACL test suite (core + SPARQL, vendored in tests/w3c-shacl) on the default engine.

Every entry runs twice — through the library (``run_shacl``) and through the command line
(``casummit shacl DATA --shapes SHAPES --format turtle``, whose W3C report is parsed back) — and is
compared with the expected report: ``sh:conforms`` and the multiset of (focus node, result path,
value, source constraint component, severity). Blank nodes compare as one token, as in pySHACL's
own runner (labels cannot match across parsers); result paths compare by structure. Entries that
expect ``sht:Failure`` (shapes SHACL says to reject) must be refused: an error, exit status 2.

Known failures are listed with a reason; a listed test that starts passing fails the suite, so the
list cannot go stale.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from casummit_rdf import cli
from casummit_rdf.graph import load_graph
from casummit_rdf.shacl import ShaclEngine, ShapesRejected, load_shapes, run_shacl

SUITE = Path(__file__).parent / "w3c-shacl"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: test name -> why the default engine fails it (none today: pyshacl-turbo passes all 120).
KNOWN_FAILURES: dict[str, str] = {}


def _parse(path: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())]


def _objects(triples: list[ox.Triple], subject: object, predicate: str) -> list[object]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def _list(triples: list[ox.Triple], head: object) -> list[object]:
    items = []
    while isinstance(head, (ox.BlankNode, ox.NamedNode)) and head != ox.NamedNode(RDF + "nil"):
        items += _objects(triples, head, RDF + "first")
        rest = _objects(triples, head, RDF + "rest")
        head = rest[0] if rest else None
    return items


def entries() -> list[tuple[str, Path, Path, Path, bool]]:
    """(name, data file, shapes file, test file, whether the shapes must be refused) of every entry.

    Each test file holds its own manifest, its expected report and (usually) the data and shapes.
    """
    found = []
    pending = [SUITE / "manifest.ttl"]
    while pending:
        manifest = pending.pop(0)
        triples = _parse(manifest)
        for include in (t.object for t in triples if t.predicate.value == MF + "include"):
            pending.append(Path(include.value.removeprefix("file://")))
        for head in (t.object for t in triples if t.predicate.value == MF + "entries"):
            for entry in _list(triples, head):
                action = _objects(triples, entry, MF + "action")[0]
                data = Path(_objects(triples, action, SHT + "dataGraph")[0].value.removeprefix("file://"))
                shapes = Path(_objects(triples, action, SHT + "shapesGraph")[0].value.removeprefix("file://"))
                refused = _objects(triples, entry, MF + "result")[0] == ox.NamedNode(SHT + "Failure")
                name = manifest.relative_to(SUITE).with_suffix("").as_posix()
                found.append((name, data, shapes, manifest, refused))
    return sorted(found)


ENTRIES = entries()


def _token(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "BNode"
    return str(term)


def _path(triples: list[ox.Triple], node: object) -> str:
    """A result path as an S-expression, read from its graph (IRI, or a path structure)."""
    if node is None:
        return ""
    if isinstance(node, ox.NamedNode):
        return node.value
    for kind in ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        inner = _objects(triples, node, SH + kind)
        if inner:
            return f"({kind} {_path(triples, inner[0])})"
    alternatives = _objects(triples, node, SH + "alternativePath")
    if alternatives:
        return "(alt " + " ".join(_path(triples, m) for m in _list(triples, alternatives[0])) + ")"
    if _objects(triples, node, RDF + "first"):
        return "(seq " + " ".join(_path(triples, m) for m in _list(triples, node)) + ")"
    return "BNode"


def summary(triples: list[ox.Triple]) -> tuple[bool, Counter]:
    """(conforms, multiset of result tuples) of the one report in ``triples``."""
    reports = [t.subject for t in triples if t.predicate.value == RDF + "type" and t.object == ox.NamedNode(SH + "ValidationReport")]
    assert len(reports) == 1, "expected exactly one sh:ValidationReport"
    conforms = _objects(triples, reports[0], SH + "conforms")[0].value == "true"
    results: Counter = Counter()
    for result in _objects(triples, reports[0], SH + "result"):

        def one(predicate: str) -> object | None:
            found = _objects(triples, result, SH + predicate)
            return found[0] if found else None

        results[(
            _token(one("focusNode")),
            _path(triples, one("resultPath")),
            _token(one("value")),
            _token(one("sourceConstraintComponent")),
            _token(one("resultSeverity")),
        )] += 1
    return conforms, results


def test_the_suite_is_complete() -> None:
    assert len(ENTRIES) == 120
    assert sum(1 for e in ENTRIES if e[0].startswith("core/")) == 98
    assert sum(1 for e in ENTRIES if e[4]) == 7


def _check(name: str, passed: bool) -> None:
    if name in KNOWN_FAILURES:
        assert not passed, f"{name} now passes: remove it from KNOWN_FAILURES ({KNOWN_FAILURES[name]})"
        pytest.xfail(KNOWN_FAILURES[name])
    assert passed


IDS = [e[0] for e in ENTRIES]


@pytest.mark.parametrize("name,data,shapes,test_file,refused", ENTRIES, ids=IDS)
def test_entry_through_the_library(name: str, data: Path, shapes: Path, test_file: Path, refused: bool) -> None:
    graph = load_graph([data], with_ontology=False)
    try:
        outcome = run_shacl(graph, load_shapes(shapes), engine=ShaclEngine.TURBO, count_warnings=True)
    except ShapesRejected:
        return _check(name, refused)
    if refused:
        return _check(name, False)
    return _check(name, summary(outcome.report) == summary(_parse(test_file)))


@pytest.mark.parametrize("name,data,shapes,test_file,refused", ENTRIES, ids=IDS)
def test_entry_through_the_command_line(
    name: str, data: Path, shapes: Path, test_file: Path, refused: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["shacl", str(data), "--shapes", str(shapes), "--format", "turtle"])
    out, err = capsys.readouterr()
    if refused:
        return _check(name, status == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err)
    triples = [q.triple for q in ox.parse(input=out.encode("utf-8"), format=ox.RdfFormat.TURTLE)]
    conforms, results = summary(triples)
    return _check(name, (conforms, results) == summary(_parse(test_file)) and status == (0 if conforms else 1))
