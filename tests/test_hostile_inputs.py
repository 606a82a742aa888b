"""Hostile input files through the command line: one line, exit 2, no traceback, no hang.

Large cases are generated in ``tmp_path``; the 60 s subprocess timeout is a bound on hanging,
not a speed assertion (a timeout fails the test).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casummit_rdf.graph import MAX_NESTING

DEEP = 200_000


def casummit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casummit_rdf", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0]


def nested(kind: str, depth: int) -> str:
    if kind == "blank nodes":
        return (
            "<http://e.org/a> <http://e.org/b> "
            + "[ <http://e.org/c> " * depth
            + "1"
            + " ]" * depth
            + " .\n"
        )
    return (
        "<http://e.org/a> <http://e.org/b> "
        + "( " * depth
        + "1"
        + " )" * depth
        + " .\n"
    )


@pytest.mark.parametrize("kind", ["blank nodes", "lists"])
@pytest.mark.parametrize(
    "command", [["validate", "--no-reasoner"], ["fmt", "--check"], ["fmt"], ["diff"]]
)
def test_deep_nesting_is_refused_with_one_line(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    path = tmp_path / "deep.ttl"
    path.write_text(nested(kind, DEEP), encoding="utf-8")
    before = path.read_bytes()
    args = [*command, path, path] if command == ["diff"] else [*command, path]
    refused(
        casummit(*args, cwd=tmp_path), "deep.ttl", f"more than {MAX_NESTING} levels"
    )
    assert path.read_bytes() == before


def test_nesting_within_the_limit_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "shallow.ttl"
    path.write_text(nested("blank nodes", 50), encoding="utf-8")
    done = casummit("validate", "--no-reasoner", path, cwd=tmp_path)
    assert (
        done.returncode == 1 and "Traceback" not in done.stderr
    )  # a report: the terms are undeclared
    assert "does not conform" in done.stdout


def test_a_50_mb_literal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(
        '<http://e.org/a> <http://e.org/b> "' + "x" * 50_000_000 + '" .\n',
        encoding="utf-8",
    )
    for command in (["validate", "--no-reasoner"], ["sparql", "--data"]):
        args = [*command, path] + (["ASK {}"] if command[0] == "sparql" else [])
        refused(
            casummit(*args, cwd=tmp_path), "big.ttl", "larger than the parser accepts"
        )


def test_symlink_loop_fifo_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "loop.ttl").symlink_to("loop.ttl")
    refused(
        casummit("validate", "--no-reasoner", "loop.ttl", cwd=tmp_path),
        "loop.ttl",
        "symbolic link loop",
    )
    os.mkfifo(tmp_path / "pipe.ttl")
    refused(
        casummit("validate", "--no-reasoner", "pipe.ttl", cwd=tmp_path),
        "pipe.ttl",
        "FIFO",
    )
    refused(casummit("sparql", "-f", "pipe.ttl", cwd=tmp_path), "pipe.ttl", "FIFO")
    (tmp_path / "empty").mkdir()
    refused(
        casummit("validate", "--no-reasoner", "empty", cwd=tmp_path),
        "no data files found",
    )


def test_non_utf8_query_file_and_repeated_parameter(tmp_path: Path) -> None:
    (tmp_path / "latin1.rq").write_bytes(b'SELECT * WHERE { ?s ?p "\xe9" }')
    refused(
        casummit("sparql", "-f", "latin1.rq", cwd=tmp_path), "latin1.rq", "not UTF-8"
    )
    done = casummit(
        "query",
        "powers-met-all-five",
        "--param",
        "year=2025",
        "--param",
        "year=2024",
        cwd=tmp_path,
    )
    refused(done, "year", "twice")


def test_fmt_rewrites_crlf_and_bom_and_escapes_invisible_characters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "odd.ttl"
    path.write_bytes(
        b'\xef\xbb\xbf@prefix ex: <http://example.org/> .\r\nex:a ex:b "x\xe2\x80\xaey\xe2\x80\x8bz" .\r\n'
    )
    assert casummit("fmt", "--check", path, cwd=tmp_path).returncode == 1
    assert casummit("fmt", path, cwd=tmp_path).returncode == 0
    written = path.read_bytes()
    assert not written.startswith(b"\xef\xbb\xbf") and b"\r" not in written
    assert b"\\u202E" in written and b"\\u200B" in written
    assert casummit("fmt", "--check", path, cwd=tmp_path).returncode == 0


def test_a_cycle_of_blank_nodes_is_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "cycle.ttl"
    path.write_text(
        "_:a <http://e.org/p> _:b .\n_:b <http://e.org/p> _:a .\n", encoding="utf-8"
    )
    done = casummit("fmt", "--check", path, cwd=tmp_path)
    assert (
        done.returncode in (0, 1)
        and "Traceback" not in done.stderr
        and "nested" not in done.stderr
    )
