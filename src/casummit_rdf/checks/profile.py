"""QC profiles: the level each rule runs at (``RULE LEVEL`` lines, globs allowed, ``OFF`` to switch off).

The bundled profile is ``ontology/qc-profile.txt``; ``--profile FILE`` replaces it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casummit_rdf import resources
from casummit_rdf.errors import DataError
from casummit_rdf.files import read_text
from casummit_rdf.locations import Location
from casummit_rdf.problems import Problem, Severity

PathLike = str | Path


@dataclass
class Profile:
    """Levels per rule: ``(glob, level or None for OFF)``, the last matching line wins."""

    rules: list[tuple[str, Severity | None]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, path: Path | None = None) -> Profile:
        """Read ``RULE LEVEL`` lines; ``#`` starts a comment. A bad line is a located DataError."""
        rules: list[tuple[str, Severity | None]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                raise DataError(f"profile line should be 'RULE LEVEL', got {line!r}", _loc(path, number))
            rule, level = parts
            if level.upper() == "OFF":
                rules.append((rule, None))
                continue
            try:
                rules.append((rule, Severity.parse(level)))
            except ValueError as error:
                raise DataError(f"{error} (or OFF)", _loc(path, number)) from None
        return cls(rules)

    @classmethod
    def load(cls, path: PathLike | None = None) -> Profile:
        """Read a profile file (default: the bundled ``ontology/qc-profile.txt``, if present)."""
        target = Path(path) if path is not None else resources.ontology_dir() / "qc-profile.txt"
        if path is None and not target.is_file():
            return cls()
        if not target.exists():
            raise DataError("cannot read profile: no such file", path=target)
        return cls.parse(read_text(target), target)

    def level(self, rule: str, default: Severity) -> Severity | None:
        """The level ``rule`` runs at (``None``: switched off)."""
        level: Severity | None = default
        for pattern, value in self.rules:
            if rule == pattern or fnmatch.fnmatchcase(rule, pattern):
                level = value
        return level

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        out = []
        for problem in problems:
            level = self.level(problem.rule, problem.severity)
            if level is None:
                continue
            out.append(problem if level is problem.severity else problem.with_severity(level))
        return out


def _loc(path: Path | None, line: int) -> Location | None:
    return Location(path, line) if path else None
