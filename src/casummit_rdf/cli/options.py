"""Options shared by several commands, defined once: ``--data``, ``--format``, ``--engine``, ``--param``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from casummit_rdf.cli.exits import UsageError
from casummit_rdf.formats import Format, Kind


def add_data(parser: argparse.ArgumentParser) -> None:
    """``--data PATH``, repeatable: data files or folders (one path per flag, so positionals stay free)."""
    parser.add_argument(
        "--data", action="append", type=Path, metavar="PATH",
        help="a data file or folder, repeatable (default: the bundled data)",
    )


def add_format(parser: argparse.ArgumentParser, kind: Kind, *, default: Format | None, help: str = "") -> None:  # noqa: A002
    """``--format NAME`` with the registry's names for ``kind`` as choices."""
    default_name = default.name_for_users if default is not None else None
    parser.add_argument(
        "--format", choices=Format.choices(kind), default=default_name, metavar="FORMAT",
        help=(help + " " if help else "") + f"one of: {', '.join(f.name_for_users for f in Format.offered(kind))}"
        + (f" (default: {default_name})" if default_name else ""),
    )


def chosen_format(args: argparse.Namespace, kind: Kind) -> Format | None:
    """The :class:`Format` the user named with ``--format`` (``None`` when it was left out)."""
    if args.format is None:
        return None
    fmt = Format.by_name(args.format, kind)
    if fmt is None:  # argparse choices make this unreachable; kept for library callers
        raise UsageError(f"unknown format {args.format!r}")
    return fmt


def add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph", help="SPARQL engine (default: oxigraph)")


def add_params(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="KEY=VALUE", help="parameter value (repeatable, once per parameter)"
    )


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs into a dict; a malformed or repeated key is a :class:`UsageError`."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"parameter {pair!r} is not KEY=VALUE")
        if key in params:
            raise UsageError(f"parameter {key!r} given twice; give it once")
        params[key] = value
    return params


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return value
