"""Named QC checks: levels, the profile file, the SPARQL checks, and what each check catches."""

from __future__ import annotations

from pathlib import Path

import pytest

from casummit_rdf import resources
from casummit_rdf.canonical import body_comments
from casummit_rdf.checks import REGISTRY, Profile, all_checks, load_sparql_checks
from casummit_rdf.checks.builtin import url_problem
from casummit_rdf.graph import DataError
from casummit_rdf.validate import Problem, Severity, validate

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "minimal-summit.ttl"
PREFIXES = (
    "@prefix cas: <https://w3id.org/casummit/ontology#> .\n"
    "@prefix person: <https://w3id.org/casummit/id/person/> .\n"
    "@prefix participation: <https://w3id.org/casummit/id/participation/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "contribution.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def test_checks_have_unique_names_levels_descriptions_and_hints() -> None:
    checks = all_checks()
    names = [c.name for c in checks]
    assert len(names) == len(set(names))
    for item in checks:
        assert isinstance(item.level, Severity)
        assert item.description and item.hint, item.name


def test_sparql_checks_read_their_headers() -> None:
    checks = {c.name: c for c in load_sparql_checks()}
    assert {"duplicate-wikidata-id", "duplicate-label", "duplicate-summit-date", "planned-summit-in-past"} <= set(checks)
    assert checks["duplicate-label"].level is Severity.WARNING
    assert checks["unused-source"].level is Severity.INFO
    assert checks["duplicate-wikidata-id"].hint.startswith("one real-world entity")


def test_bundled_profile_names_only_known_rules() -> None:
    profile = Profile.load()
    known = {c.name for c in all_checks()}
    for pattern, _level in profile.rules:
        if "." not in pattern and "*" not in pattern:  # SHACL rule ids contain a dot
            assert pattern in known, f"qc-profile.txt names unknown check {pattern!r}"


def test_profile_last_matching_line_wins_and_globs_apply() -> None:
    profile = Profile.parse("SummitShape.* WARN\nSummitShape.end-before-start ERROR\nunused-source off\n")
    assert profile.level("SummitShape.held-in-future", Severity.ERROR) is Severity.WARNING
    assert profile.level("SummitShape.end-before-start", Severity.ERROR) is Severity.ERROR
    assert profile.level("unused-source", Severity.INFO) is None
    assert profile.level("other", Severity.INFO) is Severity.INFO
    problem = Problem(Severity.ERROR, "SummitShape.held-in-future", "s", "m")
    assert profile.apply([problem]) == [problem.with_severity(Severity.WARNING)]


@pytest.mark.parametrize("text", ["just-a-rule\n", "rule LOUD\n", "a b c\n"])
def test_bad_profile_line_is_a_located_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.txt"
    path.write_text("# header\n" + text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Profile.load(path)
    assert caught.value.location is not None and caught.value.location.line == 2


def test_good_fixture_passes_every_check() -> None:
    report = validate([GOOD], reasoner=False)
    qc_rules = {c.name for c in all_checks()}
    assert [p for p in report.problems if p.rule in qc_rules] == []


def test_undeclared_controlled_value_gets_a_suggestion_beside_the_shape(tmp_path: Path) -> None:
    path = _write(tmp_path, "participation:p a cas:Participation ;\n    cas:role cas:Hots .\n")
    report = validate([path], reasoner=False)
    (problem,) = [p for p in report.problems if p.rule == "undeclared-term"]
    assert problem.hint == "did you mean cas:Host?"
    assert problem.location is not None and problem.location.line == 6
    assert any(p.rule == "ParticipationShape.cas:role.In" for p in report.problems)


def test_undeclared_property_typo_suggests_the_declared_one(tmp_path: Path) -> None:
    path = _write(tmp_path, 'person:p a cas:Person ;\n    cas:wikidataID "Q1" .\n')
    report = validate([path], reasoner=False)
    (problem,) = [p for p in report.problems if p.rule == "undeclared-property"]
    assert problem.hint == "did you mean cas:wikidataId?"


def test_label_without_language_reported_once_where_a_shape_also_checks_it(tmp_path: Path) -> None:
    path = _write(tmp_path, 'person:p a cas:Person ;\n    rdfs:label "No Tag" , "Tag"@en .\n')
    report = validate([path], reasoner=False)
    about_tag = [p for p in report.problems if p.value == "No Tag"]
    assert len(about_tag) == 1, about_tag


def test_dangling_reference_only_for_project_iris(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "participation:p cas:participant person:nobody ;\n"
        "    rdfs:seeAlso <https://example.org/elsewhere> .\n",
    )
    report = validate([path], reasoner=False, checks=True)
    dangling = [p for p in report.problems if p.rule == "dangling-reference"]
    assert [p.value for p in dangling] == ["https://w3id.org/casummit/id/person/nobody"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a?b=c#d", None),
        ("http://example.org/%20x", None),
        ("https://example.org/a b", "contains spaces"),
        ("ftp://example.org/x", "not an http(s) URL"),
        ("https:///path-only", "no valid host"),
        ("example.org/x", "not an http(s) URL"),
    ],
)
def test_source_url_well_formed(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_comment_scanner_ignores_hashes_in_strings_and_iris() -> None:
    text = (
        "# header\n"
        "@prefix ex: <http://example.org/ns#> .\n"
        "# still header\n"
        'ex:a ex:b "not # a comment" , <http://example.org/x#frag> ;\n'
        '    ex:c """multi\n# line""" . # trailing\n'
        "# body\n"
    )
    assert body_comments(text) == [(6, "# trailing"), (7, "# body")]


def test_bundled_data_passes_the_error_level_checks() -> None:
    if not any(resources.data_dir().rglob("*.ttl")):
        pytest.skip("no bundled data")
    report = validate(reasoner=False)
    errors = [str(p) for p in report.problems if p.severity is Severity.ERROR]
    assert errors == []


def test_python_checks_are_registered() -> None:
    assert {
        "undeclared-class", "undeclared-property", "undeclared-term", "dangling-reference",
        "label-whitespace", "label-language", "source-url", "turtle-comment",
    } <= set(REGISTRY)
