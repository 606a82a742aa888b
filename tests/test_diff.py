"""`casummit diff`: a triple-level diff of files, folders and git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from casummit_rdf import cli
from casummit_rdf.canonical import format_text
from casummit_rdf.diff import diff_specs, render
from casummit_rdf.formats import Format
from casummit_rdf.gitrev import extract_revision

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "minimal-summit.ttl"
CURRENCY = FIXTURES / "broken" / "bad-currency.ttl"
GRANT = "<https://w3id.org/casummit/id/commitment/2024-05-10-fixture-format-fixtureville-grant>"


def test_reformatting_is_no_change(tmp_path: Path) -> None:
    canonical = tmp_path / "canonical.ttl"
    canonical.write_text(format_text(GOOD.read_text(encoding="utf-8"), GOOD), encoding="utf-8")
    diff = diff_specs(str(GOOD), str(canonical))
    assert diff.empty
    assert "0 triples removed, 0 added" in render(diff)


def test_changed_value_shows_as_one_removed_and_one_added_triple() -> None:
    diff = diff_specs(str(GOOD), str(CURRENCY))
    currency = "<https://schema.org/currency>"
    assert diff.removed == {(GRANT, currency, '"USD"')}
    assert diff.added == {(GRANT, currency, '"usd"')}
    text = render(diff)
    assert '- schema:currency "USD"' in text and '+ schema:currency "usd"' in text


def test_markdown_for_a_pull_request_comment(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    shutil.copy(FIXTURES / "broken" / "duplicate-summit-date.ttl", new / "x.ttl")
    out = render(diff_specs(str(GOOD), str(new)), Format.MARKDOWN)
    assert out.startswith("### Knowledge-graph diff:")
    assert "| new subjects | 1 |" in out
    assert "<details><summary>New: 1 subject(s)</summary>" in out
    assert "**`summit:2024-05-10-fixture-format-fixtureville-second`**" in out
    assert "```diff\n+ a cas:Summit" not in out  # rdf:type is written as a term, not Turtle's 'a'
    assert "+ rdf:type cas:Summit" in out


def test_json_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", "--format", "json", str(GOOD), str(CURRENCY)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["added"] == [[GRANT, "<https://schema.org/currency>", '"usd"']]
    assert cli.main(["diff", "--exit-code", str(GOOD), str(CURRENCY)]) == 1
    assert cli.main(["diff", "--exit-code", str(GOOD), str(GOOD)]) == 0
    capsys.readouterr()


def test_missing_side_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", str(tmp_path / "nope.ttl"), str(GOOD)]) == 2
    assert "nope.ttl" in capsys.readouterr().err


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revisions_are_extracted_not_checked_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    _git(repo, "init", "-q")
    shutil.copy(GOOD, repo / "data" / "s.ttl")
    _git(repo, "add", "data")
    _git(repo, "commit", "-q", "-m", "one")
    shutil.copy(CURRENCY, repo / "data" / "s.ttl")
    _git(repo, "commit", "-q", "-am", "two")
    monkeypatch.chdir(repo)
    assert cli.main(["diff", "HEAD~1:data", "HEAD:data"]) == 0
    out = capsys.readouterr().out
    assert '+ schema:currency "usd"' in out and "1 triples removed, 1 added" in out
    assert cli.main(["diff", "HEAD:data", "data"]) == 0  # revision against the working tree
    assert "0 triples removed, 0 added" in capsys.readouterr().out
    assert cli.main(["diff", "no-such-rev:data", "data"]) == 2
    assert "git cannot read it" in capsys.readouterr().err
    extracted = extract_revision("HEAD~1", "data", tmp_path / "out", repo=repo)
    assert (extracted / "s.ttl").read_bytes() == GOOD.read_bytes()
