"""Render a :class:`~casummit_rdf.validate.ValidationReport` for people and for CI systems.

* ``text``: one line per problem, ``file:line: level: subject property: message [rule]``, with
  colour when writing to a terminal;
* ``json``: the problems as objects, plus counts;
* ``github``: GitHub Actions workflow commands (``::error file=…,line=…,title=…::message``),
  which show as annotations on the pull request's changed lines;
* ``junit``: JUnit XML, one test case per validated file (failed when it has problems at or
  above the ``--fail-on`` level);
* ``sarif``: SARIF 2.1.0 for code-scanning dashboards.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from casummit_rdf import __version__
from casummit_rdf.formats import Format
from casummit_rdf.locations import display_path
from casummit_rdf.namespaces import compact
from casummit_rdf.problems import Problem, Severity, ValidationReport

TOOL = "casummit validate"
INFORMATION_URI = "https://w3id.org/casummit"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(
    report: ValidationReport,
    fmt: Format = Format.TEXT,
    *,
    color: bool = False,
    fail_on: Severity | None = Severity.ERROR,
) -> str:
    """The report in ``fmt``, ending with a newline."""
    renderer = {
        Format.TEXT: lambda: render_text(report, color=color, fail_on=fail_on),
        Format.JSON: lambda: render_json(report, fail_on=fail_on),
        Format.GITHUB: lambda: render_github(report, fail_on=fail_on),
        Format.JUNIT: lambda: render_junit(report, fail_on=fail_on),
        Format.SARIF: lambda: render_sarif(report),
        Format.SHACL_REPORT: lambda: render_shacl(report),
    }[fmt]
    return renderer()


def _path(problem: Problem) -> str | None:
    return display_path(problem.location.path).replace("\\", "/") if problem.location else None


def _verdict(report: ValidationReport, fail_on: Severity | None) -> str:
    return "fails" if report.fails(fail_on) else "passes"


# ---------------------------------------------------------------------------------------------
# text

_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"


def render_text(report: ValidationReport, *, color: bool = False, fail_on: Severity | None = Severity.ERROR) -> str:
    lines = []
    for problem in report.problems:
        if not color:
            lines.append(str(problem))
            continue
        where = str(problem.location) if problem.location else "<graph>"
        what = problem.shown_subject + (" " + compact(problem.predicate) if problem.predicate else "")
        text = f"{_BOLD}{where}{_RESET}: {_COLOURS[problem.severity]}{problem.severity_text}{_RESET}: {what}: {problem.message}"
        if problem.value is not None and problem.value not in problem.message and compact(problem.value) not in problem.message:
            text += f" (value: {compact(problem.value)})"
        if problem.hint and problem.hint not in problem.message:
            text += f"; fix: {problem.hint}"
        lines.append(f"{text} {_DIM}[{problem.rule}]{_RESET}")
    lines.append(f"{report.summary()}; --fail-on {_level_name(fail_on)}: {_verdict(report, fail_on)}")
    return "\n".join(lines) + "\n"


def _level_name(level: Severity | None) -> str:
    return {None: "none", Severity.WARNING: "warn"}.get(level, str(level))


# ---------------------------------------------------------------------------------------------
# json


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "severity": str(problem.severity),
        "rule": problem.rule,
        "file": _path(problem),
        "line": problem.location.line if problem.location else None,
        "column": problem.location.column if problem.location else None,
        "subject": problem.subject or problem.shown_subject,
        "predicate": problem.predicate,
        "value": problem.value,
        "message": problem.message,
        "hint": problem.hint,
    }


def render_json(report: ValidationReport, *, fail_on: Severity | None = Severity.ERROR) -> str:
    payload = {
        "conforms": report.conforms,
        "failed": report.fails(fail_on),
        "fail_on": _level_name(fail_on),
        "files": len(report.files),
        "triples": report.triples,
        "checks": [str(stage) for stage in report.checks],
        "counts": {str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        "problems": [problem_json(p) for p in report.problems],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# GitHub Actions workflow commands

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: ValidationReport, *, fail_on: Severity | None = Severity.ERROR) -> str:
    lines = []
    for problem in report.problems:
        props = []
        if problem.location:
            props.append(f"file={_gh_property(_path(problem) or '')}")
            props.append(f"line={problem.location.line}")
            if problem.location.column:
                props.append(f"col={problem.location.column}")
        props.append(f"title={_gh_property(problem.rule)}")
        what = problem.shown_subject + (" " + compact(problem.predicate) if problem.predicate else "")
        message = f"{what}: {problem.message}"
        if problem.hint and problem.hint not in problem.message:
            message += f"\nfix: {problem.hint}"
        lines.append(f"::{_GITHUB_LEVEL[problem.severity]} {','.join(props)}::{_gh_data(message)}")
    lines.append(f"{report.summary()}; --fail-on {_level_name(fail_on)}: {_verdict(report, fail_on)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# JUnit XML


def render_junit(report: ValidationReport, *, fail_on: Severity | None = Severity.ERROR) -> str:
    import xml.etree.ElementTree as ET

    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in report.problems:
        by_file[_path(problem) or "<graph>"].append(problem)
    names = [display_path(f).replace("\\", "/") for f in report.files]
    names += sorted(n for n in by_file if n not in names)
    suites = ET.Element("testsuites", name=TOOL)
    suite = ET.SubElement(suites, "testsuite", name=TOOL, tests=str(len(names)), errors="0", skipped="0")
    failures = 0
    for name in names:
        case = ET.SubElement(suite, "testcase", classname="casummit.validate", name=name)
        problems = by_file.get(name, [])
        failing = [p for p in problems if fail_on is not None and p.severity >= fail_on]
        if failing:
            failures += 1
            failure = ET.SubElement(
                case, "failure", type="validation", message=f"{len(failing)} problem(s) at or above {_level_name(fail_on)}"
            )
            failure.text = "\n".join(str(p) for p in failing)
        others = [p for p in problems if p not in failing]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(str(p) for p in others)
    suite.set("failures", str(failures))
    suites.set("tests", str(len(names)))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------------------------
# SARIF 2.1.0

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptions() -> dict[str, tuple[str, str]]:
    from casummit_rdf.checks import all_checks

    try:
        return {c.name: (c.description, c.hint) for c in all_checks()}
    except Exception:  # a broken check file must not hide the report itself
        return {}


def render_sarif(report: ValidationReport) -> str:
    descriptions = _rule_descriptions()
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for problem in report.problems:
        if problem.rule not in index:
            index[problem.rule] = len(rules)
            description, hint = descriptions.get(problem.rule, (f"SHACL / QC rule {problem.rule}", ""))
            rule: dict[str, Any] = {
                "id": problem.rule,
                "name": problem.rule,
                "shortDescription": {"text": description or problem.rule},
                "defaultConfiguration": {"level": _SARIF_LEVEL[problem.severity]},
            }
            if hint:
                rule["help"] = {"text": hint}
            rules.append(rule)
        what = problem.shown_subject + (" " + compact(problem.predicate) if problem.predicate else "")
        text = f"{what}: {problem.message}"
        if problem.hint and problem.hint not in problem.message:
            text += f" Fix: {problem.hint}"
        result: dict[str, Any] = {
            "ruleId": problem.rule,
            "ruleIndex": index[problem.rule],
            "level": _SARIF_LEVEL[problem.severity],
            "message": {"text": text},
            "partialFingerprints": {"casummit/v1": "|".join(str(x or "") for x in problem.key())},
            "properties": {"subject": problem.subject or problem.shown_subject, "predicate": problem.predicate, "value": problem.value},
        }
        if problem.location:
            region: dict[str, int] = {"startLine": problem.location.line}
            if problem.location.column:
                region["startColumn"] = problem.location.column
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _path(problem), "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ]
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# W3C SHACL report


def render_shacl(report: ValidationReport) -> str:
    """A W3C ``sh:ValidationReport`` in Turtle: the SHACL engine's own results, plus a result per
    QC or OWL problem (``sh:sourceShape`` names the rule), so other SHACL tools can read a whole run.
    """
    from casummit_rdf.shacl import report_of, report_turtle

    base = report.shacl.report if report.shacl is not None else []
    engine_rules = {p.rule for p in report.shacl.problems} if report.shacl is not None else set()
    others = [p for p in report.problems if p.rule not in engine_rules]
    # SHACL's verdict: a graph conforms when validation produced no result at all.
    return report_turtle(report_of(others, not report.problems, base)).decode("utf-8")
