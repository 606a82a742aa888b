"""Git, read-only: the RDF files a change touches, and a folder as it was at a revision.

Nothing here checks anything out or writes into the repository; a revision is extracted with
``git archive`` into a folder the caller owns.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

from casummit_rdf.errors import DataError


def _git(args: list[str], cwd: Path | str | None = None, *, what: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise DataError(f"{what}: git is not installed") from None
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or "").strip().splitlines()
        raise DataError(f"{what}: git cannot list changes: {detail[-1] if detail else 'unknown error'}") from None
    return done.stdout


def changed_since(rev: str, paths: Iterable[Path], suffixes: Iterable[str]) -> list[Path]:
    """Files under ``paths`` with one of ``suffixes`` that differ from ``rev`` in the working tree.

    Added, modified, uncommitted and untracked (but not ignored) files all count: a new summit
    file that is not committed yet is exactly what a contributor wants checked.
    """
    scope = [str(p) for p in paths]
    what = f"--since {rev}"
    root = Path(_git(["rev-parse", "--show-toplevel"], what=what).strip())
    names = _git(["diff", "--name-only", "--diff-filter=AMR", rev, "--", *scope], root, what=what).splitlines()
    names += _git(["ls-files", "--others", "--exclude-standard", "--", *scope], root, what=what).splitlines()
    wanted = set(suffixes)
    found = {(root / name).resolve() for name in names if Path(name).suffix in wanted and (root / name).exists()}
    return sorted(found)


def extract_revision(rev: str, inner: str, target: Path, repo: Path | None = None) -> Path:
    """Extract ``inner`` (a path relative to the repository root) at ``rev`` into ``target``."""
    what = f"{rev}:{inner}"
    root = _git(["rev-parse", "--show-toplevel"], repo or Path.cwd(), what=what).strip()
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev, "--", inner or "."], cwd=root, capture_output=True, check=True
        ).stdout
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(f"{what}: git cannot read it: {detail[-1] if detail else 'unknown error'}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / inner if inner else target
