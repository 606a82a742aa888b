"""CLI face of ``dump``, ``publish`` and ``wikidata``."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the sub-commands on the ``casummit`` parser (filled in as the commands land)."""
