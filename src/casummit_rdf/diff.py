"""Triple-level semantic diff of two versions of the data: files, folders or git revisions.

Formatting and statement order do not matter: the two sides are compared as sets of triples.
Blank nodes get a label derived from their content (see :mod:`casummit_rdf.canonical`), so an
unchanged blank node does not show as removed and re-added.

A side is a file, a folder, or ``REV:PATH`` (a git revision and a path inside the repository,
e.g. ``HEAD~1:data`` or ``origin/main:data/summits``); a revision is extracted with
``git archive`` into a temporary folder, never checked out.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.canonical import content_labels
from casummit_rdf.errors import DataError
from casummit_rdf.formats import Format
from casummit_rdf.gitrev import extract_revision
from casummit_rdf.graph import discover, parse_file
from casummit_rdf.namespaces import compact

Triple = tuple[str, str, str]


@dataclass
class GraphDiff:
    """Triples only in the old side (removed) and only in the new side (added), as N-Triples terms."""

    old: str
    new: str
    removed: set[Triple] = field(default_factory=set)
    added: set[Triple] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.removed and not self.added

    def subjects(self) -> list[str]:
        return sorted({t[0] for t in self.removed | self.added})

    def by_subject(self) -> dict[str, tuple[list[Triple], list[Triple]]]:
        grouped: dict[str, tuple[list[Triple], list[Triple]]] = defaultdict(lambda: ([], []))
        for t in sorted(self.removed):
            grouped[t[0]][0].append(t)
        for t in sorted(self.added):
            grouped[t[0]][1].append(t)
        return dict(sorted(grouped.items()))


def _nt(term: object, labels: dict[str, str]) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + labels.get(term.value, term.value)
    return str(term)


def triple_set(triples: Iterable[ox.Triple]) -> set[Triple]:
    """Triples as N-Triples term strings, with content-derived blank-node labels."""
    triples = list(triples)
    labels = content_labels(triples)
    return {(_nt(t.subject, labels), _nt(t.predicate, labels), _nt(t.object, labels)) for t in triples}


def load_side(paths: Iterable[Path]) -> set[Triple]:
    """Parse every RDF file under ``paths`` (no ontology) into a triple set."""
    triples: list[ox.Triple] = []
    for path in discover(list(paths), allow_empty=True):
        triples.extend(parse_file(path))
    return triple_set(triples)


def diff_graphs(old: set[Triple], new: set[Triple], old_label: str = "old", new_label: str = "new") -> GraphDiff:
    return GraphDiff(old_label, new_label, removed=old - new, added=new - old)


@contextmanager
def materialise(spec: str) -> Iterator[Path]:
    """Yield a local path for a side: the path itself, or a git revision extracted to a temp folder."""
    path = Path(spec)
    if path.exists():
        yield path
        return
    rev, sep, inner = spec.partition(":")
    if not sep or not rev:
        raise DataError("no such file or folder (and not a git REV:PATH)", path=path)
    with tempfile.TemporaryDirectory(prefix="casummit-diff-") as tmp:
        yield extract_revision(rev, inner, Path(tmp))


def diff_specs(old: str, new: str) -> GraphDiff:
    """Diff two sides given as paths or ``REV:PATH``."""
    with materialise(old) as old_path, materialise(new) as new_path:
        return diff_graphs(load_side([old_path]), load_side([new_path]), old, new)


# ---------------------------------------------------------------------------------------------
# Rendering


def _short(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return compact(term[1:-1]) if compact(term[1:-1]) != term[1:-1] else term
    if "^^<" in term:
        value, _, datatype = term.rpartition("^^<")
        return f"{value}^^{compact(datatype[:-1])}"
    return term


def render(diff: GraphDiff, fmt: Format = Format.TEXT) -> str:
    if fmt is Format.JSON:
        payload = {
            "old": diff.old,
            "new": diff.new,
            "removed": [list(t) for t in sorted(diff.removed)],
            "added": [list(t) for t in sorted(diff.added)],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt is Format.MARKDOWN:
        return _markdown(diff)
    lines = [f"--- {diff.old}", f"+++ {diff.new}"]
    for subject, (removed, added) in diff.by_subject().items():
        lines.append(f"@@ {_short(subject)}")
        lines.extend(f"- {_short(p)} {_short(o)}" for _, p, o in removed)
        lines.extend(f"+ {_short(p)} {_short(o)}" for _, p, o in added)
    lines.append(f"{len(diff.removed)} triples removed, {len(diff.added)} added, {len(diff.subjects())} subjects changed")
    return "\n".join(lines) + "\n"


def _markdown(diff: GraphDiff) -> str:
    grouped = diff.by_subject()
    new_subjects = [s for s, (r, a) in grouped.items() if a and not r]
    gone_subjects = [s for s, (r, a) in grouped.items() if r and not a]
    changed = [s for s, (r, a) in grouped.items() if r and a]
    out = [
        f"### Knowledge-graph diff: `{diff.old}` → `{diff.new}`",
        "",
        "| | count |",
        "|---|---:|",
        f"| triples added | {len(diff.added)} |",
        f"| triples removed | {len(diff.removed)} |",
        f"| new subjects | {len(new_subjects)} |",
        f"| removed subjects | {len(gone_subjects)} |",
        f"| changed subjects | {len(changed)} |",
        "",
    ]
    if diff.empty:
        out.append("No change in triples.")
        return "\n".join(out) + "\n"
    for title, subjects in (("New", new_subjects), ("Removed", gone_subjects), ("Changed", changed)):
        if not subjects:
            continue
        out.append(f"<details><summary>{title}: {len(subjects)} subject(s)</summary>")
        out.append("")
        for subject in subjects:
            removed, added = grouped[subject]
            out.append(f"**`{_short(subject)}`**")
            out.append("")
            out.append("```diff")
            out.extend(f"- {_short(p)} {_short(o)}" for _, p, o in removed)
            out.extend(f"+ {_short(p)} {_short(o)}" for _, p, o in added)
            out.append("```")
            out.append("")
        out.append("</details>")
        out.append("")
    return "\n".join(out)
