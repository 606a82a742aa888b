"""`casummit wikidata --reconcile`: candidates from a Wikibase action API before anything is created.

The API is the local stand-in of tests/wikibase_api.py (JSON shaped like Wikidata's); nothing
leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from casummit_rdf import cli
from casummit_rdf.errors import RemoteError
from casummit_rdf.wikidata import Session, WikibaseApi, WikidataError
from wikibase_api import FakeWikibase, running_wikibase

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
GRAPH = FIXTURES / "graph"


@pytest.fixture()
def wikibase() -> Iterator[FakeWikibase]:
    with running_wikibase() as api:
        yield api


def _decisions(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "decisions.tsv"
    path.write_text("entity\tdecision\tevidence\tnote\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_the_api_is_asked_politely_for_candidates(wikibase: FakeWikibase, tmp_path: Path) -> None:
    decisions = _decisions(tmp_path, "person:fx-head-kaz\tQ900000200\thttps://registry.example.org/aru\tchecked")
    session = Session.open([GRAPH], decisions=decisions)
    result = session.reconcile(WikibaseApi(wikibase.url))
    assert wikibase.requests and all(r["user_agent"].startswith("casummit-rdf/") and "w3id.org/casummit" in r["user_agent"]
                                     for r in wikibase.requests)
    assert {r["action"] for r in wikibase.requests} == {"wbsearchentities", "wbgetentities"}
    # Summits, formats, documents, persons, cities and venues are looked up (not the decided person).
    kinds = {lookup.kind for lookup in result.lookups.values()}
    assert {"format", "summit", "document", "person", "city", "venue"} <= kinds
    assert "https://w3id.org/casummit/id/person/fx-head-kaz" not in result.lookups
    series = result.lookups["https://w3id.org/casummit/id/format/fx-series"]
    assert [c.qid for c in series.candidates] == ["Q900000100"]
    assert [c.qid for c in result.lookups["https://w3id.org/casummit/id/place/fx-oldtown"].candidates] == ["Q900000400"]
    assert result.lookups["https://w3id.org/casummit/id/summit/2030-05-01-fx-series-astana"].candidates == []
    assert [check.problem for check in result.checks] == [None]
    report = result.report()
    assert "format:fx-series\tformat\tPartneria–Central Asia Summit\tneeds a decision\tQ900000100 Partneria–Central Asia Summit" in report
    line = next(row for row in report.splitlines() if row.startswith("summit:2030-05-01-fx-series-astana\t"))
    assert line.split("\t")[3] == "no candidate" and line.split("\t")[5].startswith(wikibase.url + "?action=wbsearchentities")


def test_a_candidate_without_a_decision_blocks_the_create(wikibase: FakeWikibase, tmp_path: Path) -> None:
    decisions = _decisions(tmp_path)
    session = Session.open([GRAPH], decisions=decisions)
    batch = session.quickstatements(session.reconcile(WikibaseApi(wikibase.url)))
    assert f"/* reconciled against {wikibase.url} */" in batch
    assert re.search(r"^/\* format:fx-series: not created: the Wikibase has candidate items and no decision is recorded "
                     r"\(candidates: Q900000100 Partneria–Central Asia Summit — recurring summit \(fixture\)\) \*/$", batch, re.M)
    created = re.findall(r"^/\* \d+ (\S+) \*/$", batch, re.M)
    assert "https://w3id.org/casummit/id/format/fx-series" not in created
    assert "https://w3id.org/casummit/id/summit/2030-05-01-fx-series-astana" in created  # no candidate: created
    # The series link of the created summit waits for the format's item.
    assert "/* summit:2030-05-01-fx-series-astana P179 part of the series format:fx-series, ordinal 1 */" in batch


def test_a_recorded_decision_replaces_the_create(wikibase: FakeWikibase, tmp_path: Path) -> None:
    decisions = _decisions(tmp_path, "format:fx-series\tQ900000100\thttps://wikibase.example.org/wiki/Q900000100\treviewed")
    session = Session.open([GRAPH], decisions=decisions)
    batch = session.quickstatements(session.reconcile(WikibaseApi(wikibase.url)))
    assert "https://w3id.org/casummit/id/format/fx-series" not in re.findall(r"^/\* \d+ (\S+) \*/$", batch, re.M)
    assert re.search(r"^Q900000100\tP31\tQ15275719\tS854\t", batch, re.M)
    assert re.search(r"^LAST\tP179\tQ900000100\tP1545\t\"1\"\t", batch, re.M)


def test_decisions_pointing_at_a_redirect_or_nothing_are_reported(wikibase: FakeWikibase, tmp_path: Path, capsys) -> None:
    decisions = _decisions(
        tmp_path,
        "place:fx-palace\tQ900000300\thttps://wikibase.example.org/wiki/Q900000300\tchecked once",
        "person:fx-head-kgz\tQ900000399\thttps://wikibase.example.org/wiki/Q900000399\ttypo",
    )
    args = ["wikidata", "--reconcile", "--api", wikibase.url, "--data", str(GRAPH), "--decisions", str(decisions)]
    out = tmp_path / "report.tsv"
    assert cli.main([*args, "-o", str(out)]) == 1  # entities need decisions, decisions have problems
    report = out.read_text(encoding="utf-8")
    assert "place:fx-palace\tdecision\tFixture Palace\tdecision problem: Q900000300 redirects to Q900000301; record Q900000301" in report
    assert "person:fx-head-kgz\tdecision\t\tdecision problem: Q900000399 does not exist on the Wikibase" in report
    err = capsys.readouterr().err
    assert err.startswith("reconciled ") and "2 with a problem" in err


def test_retry_after_is_honoured_within_a_bound(wikibase: FakeWikibase) -> None:
    waits: list[float] = []
    wikibase.throttle, wikibase.retry_after = 2, "3"
    api = WikibaseApi(wikibase.url, sleep=waits.append)
    assert [h.qid for h in api.search("Partneria", "en")] == ["Q900000100"]
    assert waits == [3.0, 3.0] and api.requests == 3
    wikibase.maxlag, wikibase.retry_after = 1, "2"
    assert api.entities(["Q232"])["Q232"].labels["en"] == "Kazakhstan"
    assert waits[-1] == 2.0
    wikibase.throttle, wikibase.retry_after = 1, "3600"
    with pytest.raises(RemoteError, match=r"asked to wait 3600 s .*more than the 60 s") as error:
        WikibaseApi(wikibase.url, sleep=waits.append).search("x", "en")
    assert "\n" not in str(error.value)
    wikibase.throttle, wikibase.retry_after = 10, "0"
    with pytest.raises(RemoteError, match="still refusing after 5 tries"):
        WikibaseApi(wikibase.url, sleep=waits.append).search("x", "en")


def test_the_command_waits_for_retry_after_and_goes_on(wikibase: FakeWikibase, tmp_path: Path) -> None:
    wikibase.throttle, wikibase.retry_after = 1, "1"
    out = tmp_path / "batch.qs"
    status = cli.main(["wikidata", "--quickstatements", "--reconcile", "--api", wikibase.url, "--data", str(GRAPH),
                       "--decisions", str(_decisions(tmp_path)), "-o", str(out)])
    assert status == 0
    assert out.read_text(encoding="utf-8").startswith("/* casummit-rdf QuickStatements v1 batch, phase 1 of 2")
    assert wikibase.throttle == 0


def test_api_failures_are_one_line_errors(wikibase: FakeWikibase, tmp_path: Path, capsys) -> None:
    base = ["wikidata", "--reconcile", "--data", str(GRAPH), "--decisions", str(_decisions(tmp_path))]
    wikibase.throttle, wikibase.retry_after = 1, "3600"
    assert cli.main([*base, "--api", wikibase.url]) == 1
    err = capsys.readouterr().err
    assert "asked to wait 3600 s" in err and err.count("\n") == 1 and "Traceback" not in err
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/w/api.php"
    assert cli.main([*base, "--api", closed]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the Wikibase API" in err and err.count("\n") == 1
    assert cli.main([*base, "--api", wikibase.url.replace("/w/api.php", "/nowhere")]) == 1
    assert "HTTP 404" in capsys.readouterr().err
    assert cli.main([*base, "--api", "ftp://example.org/api"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
    with pytest.raises(WikidataError):
        WikibaseApi("not a url")


def test_an_api_error_answer_is_reported(wikibase: FakeWikibase) -> None:
    wikibase.fail_with = {"code": "internal_api_error_DBQueryError", "info": "A database query error has occurred."}
    with pytest.raises(RemoteError, match=r"wbsearchentities failed: internal_api_error_DBQueryError: A database query"):
        WikibaseApi(wikibase.url).search("Partneria", "en")
