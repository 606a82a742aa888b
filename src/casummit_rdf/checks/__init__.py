"""Named quality-control checks beyond the SHACL shapes, with levels and a profile to tune them.

Two kinds of check, both named and levelled in the ROBOT style (ERROR, WARN, INFO):

* Python checks registered here with :func:`check` (undeclared classes and properties with a
  "did you mean", dangling references, label and source hygiene, comments in data files);
* "must return zero rows" SPARQL checks in ``queries/checks/*.rq``: each row is a problem. Their
  ``#+`` header gives ``name`` (default: file stem), ``level``, ``summary`` and ``hint``; the
  query selects ``?this`` (the subject at fault) and optionally ``?path``, ``?value`` and
  ``?message``.

A :class:`Profile` (``ontology/qc-profile.txt``: one ``RULE LEVEL`` per line, ``RULE`` may be a
glob such as ``StateShape.*``, ``LEVEL`` one of ERROR, WARN, INFO, OFF) overrides the level of
any rule, SHACL or QC, or switches it off.
"""

from __future__ import annotations

from pathlib import Path

from casummit_rdf.checks import builtin as _builtin  # noqa: F401 - the Python checks register on import
from casummit_rdf.checks.profile import Profile
from casummit_rdf.checks.registry import KNOWN_TERMS, REGISTRY, Check, CheckContext, check, dedupe, run_checks
from casummit_rdf.checks.sparql_checks import load_sparql_checks

__all__ = [
    "KNOWN_TERMS",
    "REGISTRY",
    "Check",
    "CheckContext",
    "Profile",
    "all_checks",
    "check",
    "dedupe",
    "load_sparql_checks",
    "run_checks",
]


def all_checks(folder: Path | None = None) -> list[Check]:
    """The Python checks and the SPARQL checks of ``folder`` (default: ``queries/checks``)."""
    return list(REGISTRY.values()) + load_sparql_checks(folder)
