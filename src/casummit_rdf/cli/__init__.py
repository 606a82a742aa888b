"""The ``casummit`` command: argument parsing only; every command calls the library.

Exit statuses are decided in one place, :mod:`casummit_rdf.cli.exits`: 0 success (or the data
conforms), 1 problems found or a remote store failed, 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from casummit_rdf import __version__
from casummit_rdf.cli.exits import INTERRUPTED, OK, exit_status

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command."""
    from casummit_rdf.cli import publish_commands, quality_commands, query_commands, serve_command

    parser = argparse.ArgumentParser(
        prog="casummit",
        description="Query, validate and describe the Central Asia summit knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"casummit-rdf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for area in (query_commands, quality_commands, publish_commands, serve_command):
        area.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casummit`` console script."""
    from casummit_rdf.errors import CasummitError

    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CasummitError as error:
        print(f"casummit: error: {error}", file=sys.stderr)
        if error.detail:
            print(error.detail, file=sys.stderr)
        return exit_status(error)
    except BrokenPipeError:  # e.g. `casummit query … | head`
        return OK
    except KeyboardInterrupt:
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
