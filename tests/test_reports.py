"""Report formats of `casummit validate`: text, json, github, junit and sarif (schema-checked)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casummit_rdf import cli
from casummit_rdf.locations import Location
from casummit_rdf.formats import Format, Kind
from casummit_rdf.reports import render
from casummit_rdf.validate import Problem, Severity, ValidationReport, validate

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "minimal-summit.ttl"
CURRENCY = FIXTURES / "broken" / "bad-currency.ttl"
SYNTAX = FIXTURES / "broken" / "syntax-error.ttl"
SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-2.1.0-rtm.4.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["validate", "--no-reasoner", *args])
    return code, capsys.readouterr().out


def _report() -> ValidationReport:
    return validate([CURRENCY], reasoner=False)


def test_text_has_file_line_level_subject_and_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--color", "never", str(CURRENCY))
    assert code == 1
    line = next(l for l in out.splitlines() if "Pattern" in l)
    assert re.match(r"^tests/fixtures/broken/bad-currency\.ttl:135: error: commitment:\S+ schema:currency: .* \[CommitmentShape\.schema:currency\.Pattern\]$", line) or \
        line.endswith("[CommitmentShape.schema:currency.Pattern]")
    assert "bad-currency.ttl:135: error:" in line
    assert "\033[" not in out
    assert out.rstrip().splitlines()[-1].endswith("--fail-on error: fails")


def test_text_colour_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out = _run(capsys, "--color", "always", str(CURRENCY))
    assert "\033[1;31merror\033[0m" in out
    _code, out = _run(capsys, str(CURRENCY))  # captured stdout is not a terminal
    assert "\033[" not in out


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--format", "json", str(CURRENCY))
    payload = json.loads(out)
    assert code == 1 and payload["failed"] is True and payload["conforms"] is False
    (problem,) = [p for p in payload["problems"] if p["rule"] == "CommitmentShape.schema:currency.Pattern"]
    assert problem["file"].endswith("bad-currency.ttl") and problem["line"] == 135
    assert problem["severity"] == "error" and problem["value"] == "usd"
    assert problem["subject"] == "https://w3id.org/casummit/id/commitment/2024-05-10-fixture-format-fixtureville-grant"
    assert payload["counts"]["error"] == 1


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--format", "github", str(CURRENCY))
    assert code == 1
    lines = out.splitlines()
    error = next(l for l in lines if l.startswith("::error "))
    assert error.startswith("::error file=tests/fixtures/broken/bad-currency.ttl,line=135,title=CommitmentShape.schema%3Acurrency.Pattern::")
    warnings = [l for l in lines if l.startswith("::warning ")]
    assert all(",line=" in w for w in warnings)


def test_github_escapes_newlines_and_percent() -> None:
    problem = Problem(Severity.INFO, "r", "s", "100% sure\nreally", location=Location(Path("a,b.ttl"), 3), hint="x")
    out = render(ValidationReport(problems=[problem]), Format.GITHUB)
    first = out.splitlines()[0]
    assert first.startswith("::notice file=a%2Cb.ttl,line=3,title=r::")
    assert "100%25 sure%0Areally" in first


def test_junit_xml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--format", "junit", str(CURRENCY), str(GOOD))
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["tests/fixtures/broken/bad-currency.ttl"].find("failure") is not None
    assert "bad-currency.ttl:135" in (cases["tests/fixtures/broken/bad-currency.ttl"].find("failure").text or "")
    good = cases["tests/fixtures/good/minimal-summit.ttl"]
    assert good.find("failure") is None
    assert "StateShape.cas:wikidataId.MinCount" in (cases["tests/fixtures/broken/bad-currency.ttl"].find("system-out").text or "")


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    code, out = _run(capsys, "--format", "sarif", str(CURRENCY), str(FIXTURES / "broken" / "turtle-comment.ttl"))
    assert code == 1
    sarif = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    (result,) = [r for r in run["results"] if r["ruleId"] == "CommitmentShape.schema:currency.Pattern"]
    assert result["level"] == "error"
    assert rules[result["ruleIndex"]] == result["ruleId"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/fixtures/broken/bad-currency.ttl"
    assert location["region"]["startLine"] == 135


def test_sarif_schema_rejects_a_broken_document() -> None:
    """The vendored schema really constrains documents (guards against an empty or lax copy)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    sarif = json.loads(render(_report(), Format.SARIF))
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(sarif)


def test_syntax_error_is_reported_in_ci_formats_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--format", "github", str(SYNTAX))
    assert code == 2
    assert out.startswith("::error file=tests/fixtures/broken/syntax-error.ttl,line=60,col=")
    code, out = _run(capsys, "--format", "sarif", str(SYNTAX))
    assert code == 2 and json.loads(out)["runs"][0]["results"][0]["ruleId"] == "syntax-error"


@pytest.mark.parametrize("fmt", Format.offered(Kind.REPORT))
def test_every_format_renders_a_clean_report(fmt: Format) -> None:
    report = validate([GOOD], reasoner=False, profile=_quiet_profile())
    out = render(report, fmt)
    assert out.endswith("\n")
    if fmt in (Format.JSON, Format.SARIF):
        json.loads(out)
    if fmt is Format.JUNIT:
        assert ET.fromstring(out).find("testsuite").get("failures") == "0"


def _quiet_profile():  # noqa: ANN202
    from casummit_rdf.checks import Profile

    return Profile.parse("StateShape.cas:wikidataId.MinCount OFF\n")
