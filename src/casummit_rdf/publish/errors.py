"""The two ways a publish fails: input it cannot use (exit 2), or a store that failed (exit 1).

Messages are one line, never name command-line flags and never hold credentials: every message
passes through :func:`casummit_rdf.publish.credentials.redact` before it is raised.
"""

from __future__ import annotations

from casummit_rdf.errors import CasummitError, RemoteError
from casummit_rdf.publish.credentials import redact


def _one_line(message: str) -> str:
    return redact(" ".join(str(message).split()))


class PublishError(RemoteError):
    """A publish that failed after the store was reached; the message says what state the target is in."""

    def __init__(self, message: str):
        super().__init__(_one_line(message))


class PublishInputError(CasummitError):
    """A publish that cannot start: a bad URL, IRI or option value, or an address where no store answers."""

    def __init__(self, message: str):
        super().__init__(_one_line(message))
