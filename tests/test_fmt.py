"""`casummit fmt`: byte-stable, idempotent, meaning-preserving canonical Turtle, written atomically.

Never run on the working tree's data/: every test formats copies in a temporary folder.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casummit_rdf import cli, resources
from casummit_rdf.canonical import canonical_turtle, format_paths, format_text
from casummit_rdf.graph import parse_text
from casummit_rdf.errors import DataError
from casummit_rdf.terms import rdflib_graph as to_rdflib

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "minimal-summit.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
# rdflib warns when it meets the ill-typed numbers the property tests generate on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:Serializing weird numerical")


def _isomorphic(a: list[ox.Triple], b: list[ox.Triple]) -> bool:
    from rdflib.compare import isomorphic

    return isomorphic(to_rdflib(a), to_rdflib(b))


def _data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(resources.data_dir(), target)
    shutil.copy(GOOD, target / "minimal-summit.ttl")
    return target


# ---------------------------------------------------------------------------------------------
# The canonical form


def test_canonical_layout_of_the_good_fixture() -> None:
    out = format_text(GOOD.read_text(encoding="utf-8"), GOOD)
    lines = out.splitlines()
    assert lines[0].startswith("# expect: conforms")  # header comment block kept
    prefixes = [l.split()[1] for l in lines if l.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    subjects = [l.split()[0] for l in lines if l and not l[0].isspace() and not l.startswith(("#", "@"))]
    assert subjects == sorted(subjects, key=lambda s: s)  # prefixed forms sort like the IRIs here
    block = out.split("summit:2024-05-10-fixture-format-fixtureville a cas:Summit ;\n", 1)[1].split(" .\n", 1)[0]
    predicates = [l.split()[0] for l in block.splitlines()]
    assert predicates[0] == "rdfs:label" and predicates[-1] == "prov:wasDerivedFrom"
    assert predicates[1:-1] == sorted(predicates[1:-1])
    assert '    rdfs:label "First Fixtureland–Testonia Summit"@en , "Первый саммит «Фикстурия — Тестония»"@ru ;' in out


def test_objects_sorted_and_literals_keep_their_lexical_form() -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:s ex:p "b"@ru , "a"@en , ex:z , ex:a , "007"^^xsd:integer , "x\\ty\\"z" .\n'
    )
    out = format_text(text)
    # IRIs, then literals by (language, datatype IRI, text): xsd:integer sorts before xsd:string.
    assert 'ex:s ex:p ex:a , ex:z , "007"^^xsd:integer , "x\\ty\\"z" , "a"@en , "b"@ru .' in out


def test_blank_nodes_inline_lists_and_shared_labels_are_stable() -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "ex:s ex:list ( ex:a ex:b ) ; ex:inline [ ex:q 1 ] ; ex:shared _:x .\n"
        "ex:t ex:shared _:x .\n"
        "_:x ex:v 2 .\n"
    )
    out = format_text(text)
    assert "ex:list ( ex:a ex:b )" in out and "ex:inline [ ex:q" in out
    label = [l for l in out.splitlines() if l.startswith("_:")][0].split()[0]
    # Renaming the blank node in the input changes nothing.
    assert format_text(text.replace("_:x", "_:renamed")) == out
    assert label.startswith("_:b") and out.count(label) == 3
    assert _isomorphic(parse_text(out), parse_text(text))


def test_shuffled_input_gives_the_same_bytes() -> None:
    triples = parse_text(GOOD.read_text(encoding="utf-8"))
    expected = canonical_turtle(triples)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = triples[:]
        rng.shuffle(shuffled)
        assert canonical_turtle(shuffled) == expected


def test_same_bytes_under_every_pythonhashseed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "4242"):
        folder = _data_copy(tmp_path / seed)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "casummit_rdf", "fmt", "--strip-comments", str(folder)],
            capture_output=True, text=True, env=env, check=False,
        )
        assert run.returncode == 0, run.stderr
        outputs.append({p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.ttl"))})
    assert outputs[0] == outputs[1] == outputs[2]


def test_bundled_data_formats_without_loss_and_idempotently() -> None:
    for path in sorted(resources.data_dir().rglob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        out = format_text(text, path, strip_comments=True)
        assert _isomorphic(parse_text(out, path), parse_text(text, path)), path.name
        assert format_text(out, path) == out, path.name


# ---------------------------------------------------------------------------------------------
# The command


def test_check_lists_files_that_would_change_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.ttl"
    shutil.copy(GOOD, target)
    before = target.read_bytes()
    assert cli.main(["fmt", "--check", str(tmp_path)]) == 1
    assert "would reformat" in capsys.readouterr().out and target.read_bytes() == before
    assert cli.main(["fmt", str(tmp_path)]) == 0
    assert "reformatted" in capsys.readouterr().out
    assert cli.main(["fmt", "--check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_comment_after_first_statement_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "a.ttl"
    shutil.copy(GOOD, first)
    commented = tmp_path / "b.ttl"
    shutil.copy(FIXTURES / "broken" / "turtle-comment.ttl", commented)
    before = {p: p.read_bytes() for p in (first, commented)}
    assert cli.main(["fmt", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "b.ttl:50:" in err and "rdfs:comment" in err
    assert {p: p.read_bytes() for p in (first, commented)} == before
    assert cli.main(["fmt", "--strip-comments", str(tmp_path)]) == 0
    assert "# note" not in commented.read_text(encoding="utf-8")


def test_syntax_error_is_a_located_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "broken" / "syntax-error.ttl", tmp_path / "s.ttl")
    assert cli.main(["fmt", str(tmp_path)]) == 2
    assert "s.ttl:60:" in capsys.readouterr().err


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.ttl"
    shutil.copy(GOOD, target)
    before = target.read_bytes()

    def crash(*_args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        format_paths([target])
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.ttl"]  # no temp file left behind


def test_fmt_keeps_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.ttl"
    shutil.copy(GOOD, target)
    target.chmod(0o640)
    format_paths([target])
    assert target.stat().st_mode & 0o777 == 0o640


def test_unknown_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        format_paths([tmp_path / "missing.ttl"])


# ---------------------------------------------------------------------------------------------
# Property-based: idempotent and meaning-preserving on arbitrary graphs

_IRIS = [
    "http://example.org/a",
    "http://example.org/b#frag",
    "http://example.org/ends.with.dot.",
    "http://example.org/x%20y",
    "https://w3id.org/casummit/id/summit/2025-12-20-japan-central-asia-tokyo",
    "https://w3id.org/casummit/ontology#Summit",
    "urn:isbn:0451450523",
]
_PREDICATES = [
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "https://w3id.org/casummit/ontology#amount",
    "http://example.org/p",
    "http://example.org/q",
]
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_literals = st.one_of(
    _text.map(ox.Literal),
    st.tuples(_text, st.sampled_from(["en", "ru", "kk", "en-gb", "zh-hans"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.tuples(_text, st.sampled_from([XSD + "date", XSD + "decimal", XSD + "anyURI", "http://example.org/dt"])).map(
        lambda t: ox.Literal(t[0], datatype=ox.NamedNode(t[1]))
    ),
)
_bnodes = st.sampled_from(["b1", "b2", "b3", "b4"]).map(ox.BlankNode)
_subjects = st.one_of(st.sampled_from(_IRIS).map(ox.NamedNode), _bnodes)
_objects = st.one_of(st.sampled_from(_IRIS).map(ox.NamedNode), _bnodes, _literals)
_triples = st.lists(
    st.tuples(_subjects, st.sampled_from(_PREDICATES).map(ox.NamedNode), _objects).map(lambda t: ox.Triple(*t)),
    max_size=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_triples)
def test_canonical_turtle_is_idempotent_and_meaning_preserving(triples: list[ox.Triple]) -> None:
    out = canonical_turtle(triples)
    parsed = parse_text(out)
    assert _isomorphic(parsed, triples)
    assert canonical_turtle(parsed) == out


@settings(max_examples=60, deadline=None)
@given(_triples, st.randoms(use_true_random=False))
def test_canonical_turtle_ignores_input_order_and_blank_node_names(triples: list[ox.Triple], rng: random.Random) -> None:
    renamed = {f"b{i}": f"z{rng.randrange(10**6)}x{i}" for i in range(1, 5)}

    def rename(term):  # noqa: ANN001, ANN202
        return ox.BlankNode(renamed[term.value]) if isinstance(term, ox.BlankNode) else term

    other = [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]
    rng.shuffle(other)
    assert canonical_turtle(other) == canonical_turtle(triples)


def test_contributing_template_is_canonical_and_parses() -> None:
    text = (Path(__file__).parents[1] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("## Adding a summit: template", 1)[1].split("```turtle\n", 1)[1].split("```", 1)[0]
    assert format_text(block) == block
