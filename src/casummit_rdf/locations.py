"""Where a statement was written: file and line, for problems and errors that point at it.

The :class:`SourceIndex` is built only when something needs a location (validation, ``fmt``,
``diff``); queries, the server and dumps never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from casummit_rdf.namespaces import RDF_TYPE


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: path and 1-based line (and column, where known)."""

    path: Path
    line: int
    column: int | None = None

    def __str__(self) -> str:
        text = f"{display_path(self.path)}:{self.line}"
        return f"{text}:{self.column}" if self.column else text


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return str(path)


#: A Turtle/SPARQL prefix declaration: group 1 the prefix (maybe empty), group 2 the namespace.
PREFIX_DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)(?=\s|$)")
_PREDICATE_RE = re.compile(r"^\s*(a|<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*)(?=\s)")


@dataclass
class SourceIndex:
    """Where each subject (and subject–predicate pair) was written in the source files."""

    subjects: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)

    def locate(self, subject: str, predicate: str | None = None) -> Location | None:
        """The location of ``predicate`` on ``subject``, else of ``subject``, else ``None``."""
        if predicate is not None:
            found = self.statements.get((subject, predicate))
            if found:
                return found
        return self.subjects.get(subject)

    def add_turtle(self, path: Path, text: str) -> None:
        """Index subject blocks of a Turtle file written one subject block at a time.

        The heuristic covers canonical project files (subjects start at column 0, predicate
        lists are indented); anything it cannot read is simply not indexed.
        """
        prefixes: dict[str, str] = {}
        subject: str | None = None
        expect_predicate = False
        for number, line in enumerate(text.splitlines(), start=1):
            prefix = PREFIX_DECLARATION.match(line)
            if prefix:
                prefixes[prefix.group(1) or ""] = prefix.group(2)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            rest = line
            if not line[0].isspace():
                match = _SUBJECT_RE.match(line)
                if not match:
                    subject = None
                    continue
                subject = _expand(match.group(1), prefixes)
                if subject is None:
                    continue
                self.subjects.setdefault(subject, Location(path, number))
                rest = " " + line[match.end():]
                expect_predicate = True
            if subject is None:
                continue
            if expect_predicate:
                predicate = _PREDICATE_RE.match(rest)
                if predicate:
                    token = predicate.group(1)
                    iri = RDF_TYPE if token == "a" else _expand(token, prefixes)
                    if iri:
                        self.statements.setdefault((subject, iri), Location(path, number))
            body = stripped.split("#", 1)[0].rstrip() if '"' not in stripped else stripped
            if body.endswith("."):
                subject = None
                expect_predicate = False
            else:
                expect_predicate = body.endswith(";")


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix)
    if namespace is None:
        return None
    return namespace + re.sub(r"\\(.)", r"\1", local)
