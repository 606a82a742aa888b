"""Exit statuses of ``casummit``, and the one place where library errors become them.

0 success (or the data conforms); 1 problems found, or a remote store failed or answered wrongly;
2 unusable input (a missing or unparsable file, an unknown query, a bad parameter, a refused
query, a bad option value); 130 interrupted.
"""

from __future__ import annotations

from casummit_rdf.errors import CasummitError, RemoteError

OK, PROBLEMS, USAGE, INTERRUPTED = 0, 1, 2, 130


class UsageError(CasummitError):
    """Command-line arguments that do not fit together (the library never raises this)."""


def exit_status(error: BaseException) -> int:
    """The exit status for an error that reached the command line."""
    if isinstance(error, RemoteError):
        return PROBLEMS
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    return USAGE
