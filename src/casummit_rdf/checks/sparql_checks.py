"""The "must return zero rows" checks of ``queries/checks/*.rq``: every row is a problem.

A check's ``#+`` header gives ``name`` (default: the file stem), ``level``, ``summary`` and
``hint``; the query selects ``?this`` (the subject at fault) and optionally ``?path``, ``?value``
and ``?message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from casummit_rdf import resources
from casummit_rdf.checks.registry import Check, CheckContext
from casummit_rdf.errors import DataError
from casummit_rdf.files import read_text
from casummit_rdf.problems import Problem, Severity, problems_from_rows
from casummit_rdf.queries import parse_header


def load_sparql_checks(folder: Path | None = None) -> list[Check]:
    """Read ``queries/checks/*.rq`` (or ``folder``) into checks."""
    folder = folder or resources.queries_dir() / "checks"
    checks = []
    for path in sorted(folder.glob("*.rq")):
        text = read_text(path)
        header = parse_header(text)
        try:
            level = Severity.parse(str(header.get("level") or "ERROR"))
        except ValueError as error:
            raise DataError(str(error), path=path) from None
        name = str(header.get("name") or path.stem)
        checks.append(
            Check(
                name=name,
                level=level,
                description=str(header.get("summary") or ""),
                hint=str(header.get("hint") or ""),
                run=_sparql_runner(text, str(header.get("summary") or name)),
            )
        )
    return checks


def _sparql_runner(text: str, summary: str) -> Callable[[Check, CheckContext], Iterator[Problem]]:
    def run(item: Check, ctx: CheckContext) -> Iterator[Problem]:
        from casummit_rdf.sparql import run_sparql

        result = run_sparql(text, graph=ctx.graph)
        for found in problems_from_rows(result.rows, item.name, item.level, summary, ctx.graph.locate, hint=item.hint):
            yield found

    return run
