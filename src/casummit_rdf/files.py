"""Reading input files defensively and writing outputs atomically.

Reading: only regular files are opened (a FIFO would block for ever, a device never ends), text
must be UTF-8 (a byte-order mark is accepted and dropped), and every failure is a one-line
:class:`~casummit_rdf.errors.DataError` naming the file. Writing: a file or a whole folder is
written beside its target and renamed into place, so a crash never leaves half an output and
a failed write never destroys the previous one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from casummit_rdf.errors import DataError

BOM = b"\xef\xbb\xbf"

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def check_regular(path: Path) -> None:
    """Raise :class:`DataError` unless ``path`` is (or links to) a regular file."""
    try:
        mode = path.stat().st_mode
    except RuntimeError:  # pragma: no cover - raised by older Pythons for symlink loops
        raise DataError("symbolic link loop", path=path) from None
    except OSError as error:
        if error.errno == 40:  # ELOOP
            raise DataError("symbolic link loop", path=path) from None
        raise DataError(f"cannot read file: {error.strerror or error}", path=path) from None
    for test, kind in _KINDS:
        if test(mode):
            raise DataError(f"is {kind}, not a regular file", path=path)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, without a UTF-8 byte-order mark."""
    check_regular(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot read file: {error.strerror or error}", path=path) from None
    return data[len(BOM):] if data.startswith(BOM) else data


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file; a file that is not UTF-8 is named with the line at fault."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        from casummit_rdf.locations import Location

        raise DataError(f"not UTF-8 text (byte 0x{data[error.start]:02x})", Location(path, line)) from None


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` atomically (temp file in the same folder + ``os.replace``).

    Text is written as UTF-8 with ``\\n`` line ends; the file keeps its permission bits.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def replace_folder(out: Path, files: Mapping[str, bytes]) -> None:
    """Make ``out`` a folder holding exactly ``files`` (name → bytes), replacing it atomically.

    The new folder is written beside ``out`` and renamed into place; the old one is removed only
    after the rename, and put back if the rename fails.
    """
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    old: Path | None = None
    try:
        for name, payload in files.items():
            (tmp / name).write_bytes(payload)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=parent))
            old.rmdir()  # a fresh, unused name to rename the old folder to
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not out.exists():
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
