"""The two tab-separated files a Wikidata editor keeps: reviewed decisions, and the items phase 1 created.

**Decisions** (``data/wikidata-decisions.tsv``): one reviewed answer per entity to "which
Wikidata item is this?". Columns: ``entity`` (a project IRI or CURIE such as
``person:xi-jinping``), ``decision`` (a Q-id, or ``new`` when the reviewer found that Wikidata has
no item for it), ``evidence`` (an ``http(s)`` URL where the identity can be checked) and ``note``.
Lines starting with ``#`` and blank lines are ignored; the first other line is the header.

**Created items** (``QIDS.tsv`` for phase 2): ``entity`` and ``qid`` — the items the phase-1
batch created, as QuickStatements reported them.

Bad lines are :class:`~casummit_rdf.errors.DataError` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from casummit_rdf import resources
from casummit_rdf.errors import DataError
from casummit_rdf.files import read_text
from casummit_rdf.locations import Location
from casummit_rdf.namespaces import PREFIXES

QID = re.compile(r"^Q[1-9][0-9]*$")
NEW = "new"
DECISION_COLUMNS = ("entity", "decision", "evidence", "note")
CREATED_COLUMNS = ("entity", "qid")


def default_decisions_path() -> Path:
    """The bundled decisions file."""
    return resources.data_dir() / "wikidata-decisions.tsv"


@dataclass(frozen=True)
class Decision:
    """A reviewed answer for one entity: its item, or ``new`` (no item exists)."""

    entity: str
    decision: str  # "Q…" or "new"
    evidence: str
    note: str
    location: Location

    @property
    def qid(self) -> str | None:
        return None if self.decision == NEW else self.decision


def expand(name: str) -> str | None:
    """A CURIE with a project prefix, or a full IRI, as a full IRI (``None`` if neither)."""
    if re.match(r"^https?://\S+$", name):
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and local and not any(c.isspace() for c in local):
        return PREFIXES[prefix] + local
    return None


def _table(path: Path, columns: tuple[str, ...]) -> list[tuple[Location, list[str]]]:
    """Rows of a TSV file with the given header (leading ``#`` lines and blank lines skipped)."""
    if not path.exists():
        raise DataError("no such file", path=path)
    text = read_text(path)  # names a FIFO, a folder or non-UTF-8 text itself
    rows: list[tuple[Location, list[str]]] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        where = Location(path, number)
        if not header_seen:
            if tuple(c.lower() for c in cells[: len(columns)]) != columns:
                raise DataError(f"expected the header {' TAB '.join(columns)}, found {line.strip()!r}", where)
            header_seen = True
            continue
        if len(cells) > len(columns):
            raise DataError(f"{len(cells)} columns, expected at most {len(columns)} (TAB-separated)", where)
        rows.append((where, cells + [""] * (len(columns) - len(cells))))
    return rows


def read_decisions(path: Path | None = None) -> dict[str, Decision]:
    """The reviewed decisions, by entity IRI (default: the bundled file)."""
    path = path or default_decisions_path()
    decisions: dict[str, Decision] = {}
    for where, (entity, decision, evidence, note) in _table(path, DECISION_COLUMNS):
        iri = expand(entity)
        if iri is None:
            raise DataError(f"entity {entity!r} is neither an IRI nor a CURIE with a project prefix", where)
        if decision != NEW and not QID.match(decision):
            raise DataError(f"decision {decision!r} for {entity} is neither a Q-id nor 'new'", where)
        if not re.match(r"^https?://\S+$", evidence):
            raise DataError(f"decision for {entity} has no evidence URL (got {evidence!r})", where)
        if iri in decisions:
            raise DataError(f"{entity} is decided twice (first at line {decisions[iri].location.line})", where)
        decisions[iri] = Decision(iri, decision, evidence, note, where)
    return decisions


def read_created(path: Path) -> dict[str, tuple[str, Location]]:
    """The items phase 1 created: entity IRI → (Q-id, where it is written)."""
    created: dict[str, tuple[str, Location]] = {}
    for where, (entity, qid, *_rest) in _table(path, CREATED_COLUMNS):
        iri = expand(entity)
        if iri is None:
            raise DataError(f"entity {entity!r} is neither an IRI nor a CURIE with a project prefix", where)
        if not QID.match(qid):
            raise DataError(f"{qid!r} for {entity} is not a Q-id", where)
        if iri in created and created[iri][0] != qid:
            raise DataError(f"{entity} is given two Q-ids ({created[iri][0]} at line {created[iri][1].line}, and {qid})", where)
        created[iri] = (qid, where)
    return created
