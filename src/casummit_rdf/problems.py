"""The vocabulary of validation: how serious a problem is, what it is about, and the report.

Every check — SHACL shapes, the QC checks, the OWL reasoner, the parser — speaks in
:class:`Problem` objects; reports and exit codes are computed from a :class:`ValidationReport`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from casummit_rdf.locations import Location
from casummit_rdf.namespaces import SH, compact


class Severity(enum.IntEnum):
    """How serious a problem is; ordered so that ``ERROR`` is the highest."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def from_shacl(cls, iri: str | None) -> Severity:
        """``sh:Info`` and ``sh:Warning`` map to their level; ``sh:Violation`` (or nothing) is an error."""
        return {SH + "Info": cls.INFO, SH + "Warning": cls.WARNING}.get(iri or "", cls.ERROR)

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a level as written in profiles and on the command line (``error``, ``warn``, ``info``)."""
        name = text.strip().upper()
        name = {"WARN": "WARNING", "VIOLATION": "ERROR"}.get(name, name)
        try:
            return cls[name]
        except KeyError:
            raise ValueError(f"unknown level {text!r} (use ERROR, WARN or INFO)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Scope(enum.Enum):
    """What a problem is about: a node of the graph, a file as such, or the graph as a whole."""

    NODE = "node"
    FILE = "file"
    GRAPH = "graph"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the checks allow.

    ``subject`` is the node's IRI (or blank-node label) for :attr:`Scope.NODE` problems and empty
    otherwise. ``message`` says what is wrong; ``hint`` (where the rule has one beyond the
    message) says how to fix it.
    """

    severity: Severity
    rule: str
    subject: str
    message: str
    predicate: str | None = None
    value: str | None = None
    location: Location | None = None
    hint: str | None = None
    scope: Scope = Scope.NODE
    shacl_severity: str | None = None  # a custom SHACL severity IRI, kept as the shapes wrote it

    @classmethod
    def about_file(cls, severity: Severity, rule: str, message: str, location: Location, hint: str | None = None) -> Problem:
        """A problem with a file as such (a syntax error, a stray comment)."""
        return cls(severity, rule, "", message, location=location, hint=hint, scope=Scope.FILE)

    @classmethod
    def about_graph(cls, severity: Severity, rule: str, message: str, hint: str | None = None) -> Problem:
        """A problem of the whole graph (inconsistency without a culprit, a missing reasoner)."""
        return cls(severity, rule, "", message, hint=hint, scope=Scope.GRAPH)

    @property
    def severity_text(self) -> str:
        """The level as reports print it: ``error``/``warning``/``info``, or a custom severity's name."""
        if self.shacl_severity:
            return self.shacl_severity.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return str(self.severity)

    @property
    def shown_subject(self) -> str:
        """The subject as reports print it: a prefixed name, or ``<file>`` / ``<graph>``."""
        if self.scope is Scope.NODE:
            return compact(self.subject)
        return f"<{self.scope.value}>"

    def key(self) -> tuple[str, str, str | None, str | None]:
        """Identity used to compare two validation runs: rule, subject, predicate, value."""
        return (self.rule, self.subject, self.predicate, self.value)

    def sort_key(self) -> tuple[Any, ...]:
        """Most serious first, then by file and line."""
        where = self.location
        return (
            -self.severity,
            str(where.path) if where else "~",
            where.line if where else 0,
            self.subject,
            self.rule,
            self.predicate or "",
            self.value or "",
        )

    def with_severity(self, severity: Severity) -> Problem:
        return replace(self, severity=severity)

    def __str__(self) -> str:
        where = str(self.location) if self.location else "<graph>"
        what = self.shown_subject
        if self.predicate:
            what += " " + compact(self.predicate)
        text = f"{where}: {self.severity_text}: {what}: {self.message}"
        if self.value is not None and self.value not in self.message and compact(self.value) not in self.message:
            text += f" (value: {compact(self.value)})"
        if self.hint and self.hint not in self.message:
            text += f"; fix: {self.hint}"
        return f"{text} [{self.rule}]"


@dataclass(frozen=True)
class Stage:
    """One part of a validation run as it actually ran: its name and the engine behind it.

    ``skipped`` says why a part did not run (no Java for the reasoner, for instance).
    """

    name: str
    engine: str = ""
    skipped: str | None = None

    def __str__(self) -> str:
        if self.skipped:
            return f"{self.name}: skipped — {self.skipped}"
        return f"{self.name} ({self.engine})" if self.engine else self.name


@dataclass
class ValidationReport:
    """All problems found, most serious first, and what ran."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    checks: list[Stage] = field(default_factory=list)
    focus: set[str] | None = None
    shacl: Any = None  # the SHACL part's outcome (casummit_rdf.shacl.ShaclOutcome), for W3C reports

    @property
    def conforms(self) -> bool:
        """True when no problem is an error (warnings and infos are allowed)."""
        return not self.fails(Severity.ERROR)

    def fails(self, level: Severity | None) -> bool:
        """True when some problem is at ``level`` or above (``None``: never fails)."""
        return level is not None and any(p.severity >= level for p in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def skipped(self) -> list[Stage]:
        """The parts of the run that did not run, with why."""
        return [c for c in self.checks if c.skipped]

    def summary(self) -> str:
        errors, warnings, infos = (self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
        verdict = "conforms" if self.conforms else "does not conform"
        scope = f", {len(self.focus)} focus nodes" if self.focus is not None else ""
        return (
            f"{len(self.files)} files, {self.triples} triples{scope}: {verdict} "
            f"({errors} errors, {warnings} warnings, {infos} infos; checks: {', '.join(map(str, self.checks))})"
        )


def problems_from_rows(
    rows: Iterable[Mapping[str, Mapping[str, str]]],
    rule: str,
    severity: Severity,
    message: str,
    locate: Callable[[str, str | None], Location | None],
    *,
    hint: str | None = None,
    path: str | None = None,
    focus: set[str] | None = None,
) -> list[Problem]:
    """One problem per distinct (``?this``, ``?path``, ``?value``) of SPARQL-JSON rows.

    The shared reading of "each row is a problem" queries (QC checks, SHACL-SPARQL constraints):
    a row's ``?message`` wins over ``message``, in which ``{$this}``/``{?this}`` and
    ``{$value}``/``{?value}`` are filled in; ``path`` is the property when rows have none; with
    ``focus``, only rows whose ``?this`` is a focus node count.
    """
    problems: list[Problem] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for row in rows:
        if "this" not in row:
            continue
        subject = row["this"]["value"]
        if focus is not None and subject not in focus:
            continue
        value = row.get("value", {}).get("value")
        prop = row.get("path", {}).get("value") or path
        if (subject, prop, value) in seen:
            continue
        seen.add((subject, prop, value))
        text = row.get("message", {}).get("value") or message
        for name, filled in (("this", compact(subject)), ("value", compact(value or ""))):
            text = text.replace("{$%s}" % name, filled).replace("{?%s}" % name, filled)
        problems.append(Problem(
            severity=severity,
            rule=rule,
            subject=subject,
            message=" ".join(text.split()),
            predicate=prop,
            value=value,
            location=locate(subject, prop),
            hint=hint,
        ))
    return problems
