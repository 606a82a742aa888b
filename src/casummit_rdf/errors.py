"""The library's error types: each says, in one line, what is wrong and where.

The library never decides exit codes; the command line maps these types to them in one place
(:mod:`casummit_rdf.cli.exits`). ``str(error)`` is the message a user sees.
"""

from __future__ import annotations

from pathlib import Path

from casummit_rdf.locations import Location, display_path


class CasummitError(Exception):
    """Base of every error the library raises on purpose.

    ``detail``, when set, is extra text shown under the one-line message (a query's line with a caret).
    """

    detail: str | None = None


class DataError(CasummitError):
    """Input that cannot be used at all: a missing or unreadable file, a syntax error, a bad profile.

    ``str(error)`` is one line that names the file (and line, where known).
    """

    def __init__(self, message: str, location: Location | None = None, path: Path | None = None):
        self.message = message
        self.location = location
        self.path = location.path if location else path
        if location:
            text = f"{location}: {message}"
        elif path:
            text = f"{display_path(path)}: {message}"
        else:
            text = message
        super().__init__(text)


class QueryError(CasummitError):
    """A query that cannot run: unknown name, bad parameter value, SPARQL syntax error, refused reach."""


class RemoteError(CasummitError):
    """A remote store or service failed or answered wrongly (the local input was fine)."""


class ReasonerUnavailable(CasummitError):
    """The OWL reasoner cannot run here (no Java, or owlready2 failed to start it)."""


class ExportError(CasummitError):
    """A release, dump or export that cannot be written: the output path is a file, or not writable."""


class MissingExtra(CasummitError):
    """An optional dependency the call needs is not installed (the message names the extra)."""
