"""Writing outputs safely: atomically, and never over an input.

A reader of the output sees either the old file or the complete new one, never
half of it, whatever happens to geonews mid-write (a kill, a full disk).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


def check_output(path: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
    """Refuse an output path that is one of the inputs or a directory.

    >>> check_output("out.csv", ["in.csv"]).name
    'out.csv'
    """
    out = Path(path)
    if out.is_dir():
        raise OutputError(f"{out}: is a directory, not an output file")
    resolved = out.resolve()
    for inp in inputs:
        if str(inp) == "-":
            continue
        if Path(inp).resolve() == resolved:
            raise OutputError(f"{out}: refusing to overwrite an input file")
    return out


@contextmanager
def atomic_open(path: Path | str, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = None):
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_open(p) as fh:
    ...     _ = fh.write("done")
    >>> p.read_text()
    'done'
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: write failed ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode a new file would get (0666 less the umask), or the replaced file's mode."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_text(path: Path | str, text: str) -> None:
    """Atomically replace ``path`` with ``text`` (UTF-8)."""
    with atomic_open(path) as fh:
        fh.write(text)
