"""Result logs that survive ``kill -9``: one JSON line per article, appended whole.

Results are written by ``write()`` s of complete lines (a batch of them at a time) on
a file opened in append mode, and the id is always the line's first field.  After a
crash the file holds complete lines and, at worst, one cut-off line at its end:
:meth:`ResultLog.open` cuts that tail off and reads back the ids already done, so a
restarted run skips exactly those and nothing is written twice.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..errors import OutputError
from .corpus import article_key, replace_lone_surrogates

_DECODER = json.JSONDecoder()
_ID_PREFIX = b'{"id":'


def result_line(article_id: str, payload: dict) -> bytes:
    """One log line: ``{"id": …, …payload}`` and a newline, compact and valid UTF-8 (a
    lone surrogate, which UTF-8 cannot hold, becomes U+FFFD: a log that does not decode
    would break every rerun, ``map`` and ``overlay`` of the results).

    >>> result_line("a1", {"directives": []})
    b'{"id":"a1","directives":[]}\\n'
    >>> result_line("a\\ud800", {}).decode("utf-8")
    '{"id":"a\ufffd"}\\n'
    """
    body = json.dumps({"id": article_id, **{k: v for k, v in payload.items() if k != "id"}},
                      ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        return body.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return replace_lone_surrogates(body).encode("utf-8") + b"\n"


def line_id(line: bytes) -> str | None:
    """The id of a complete log line, or None if the line is not one of ours.

    >>> line_id(b'{"id":"a1","x":1}\\n'), line_id(b'{"id":"a1","x"')
    ('a1', None)
    """
    if not line.startswith(_ID_PREFIX) or not line.endswith(b"}\n"):
        return None
    try:
        value, _ = _DECODER.raw_decode(line.decode("utf-8", "surrogatepass"), len(_ID_PREFIX))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None


class KeySet:
    """A set of 64-bit article keys at 8 bytes each, so a run over millions of articles
    keeps its resume index in megabytes: keys added one by one wait in a small Python
    set; keys added by the array (:meth:`add_many`, a worker's batch) go into sorted
    arrays merged like a binary counter (two of similar size become one), so a lookup
    is a few binary searches and each key is merged O(log n) times in all.

    >>> ks = KeySet(buffer=2)
    >>> for k in (5, 3, 9, 3):
    ...     ks.add(k)
    >>> (3 in ks, 4 in ks, len(ks))
    (True, False, 3)
    >>> ks.add_many([9, 12, 12, 1]).tolist(), len(ks), ks.sorted_keys().tolist()
    ([False, True, False, True], 5, [1, 3, 5, 9, 12])
    """

    def __init__(self, keys=(), *, buffer: int = 50_000):
        import numpy as np

        self._np = np
        first = np.unique(np.fromiter(keys, dtype=np.uint64))
        self._levels: list = [first] if len(first) else []  # sorted, disjoint
        self._recent: set[int] = set()
        self._buffer = buffer

    def _in_levels(self, keys):
        """A mask: which of ``keys`` (a uint64 array) some sorted level holds."""
        np = self._np
        found = np.zeros(len(keys), dtype=bool)
        for level in self._levels:
            at = np.searchsorted(level, keys)
            inside = at < len(level)
            found[inside] |= level[at[inside]] == keys[inside]
        return found

    def __contains__(self, key: int) -> bool:
        if key in self._recent:
            return True
        return bool(self._in_levels(self._np.array([key], dtype=self._np.uint64))[0])

    def add(self, key: int) -> None:
        """Add one key."""
        if key in self:
            return
        self._recent.add(key)
        if len(self._recent) >= self._buffer:
            self._push(self._np.fromiter(self._recent, dtype=self._np.uint64))
            self._recent = set()

    def add_many(self, keys):
        """Add an array of keys; return the mask of those that were not in the set
        (a key repeated within ``keys`` is new at its first place only)."""
        np = self._np
        keys = np.asarray(keys, dtype=np.uint64)
        fresh = np.zeros(len(keys), dtype=bool)
        if not len(keys):
            return fresh
        _, first = np.unique(keys, return_index=True)
        fresh[first] = True
        fresh &= ~self._in_levels(keys)
        if self._recent:
            fresh &= np.fromiter((int(k) not in self._recent for k in keys), dtype=bool,
                                 count=len(keys))
        if fresh.any():
            self._push(keys[fresh])
        return fresh

    def _push(self, level) -> None:
        """Add a sorted array of new keys, merging levels while the last is no bigger
        than the new one."""
        np = self._np
        level = np.sort(level)
        while self._levels and len(self._levels[-1]) <= 2 * len(level):
            level = np.union1d(self._levels.pop(), level)
        self._levels.append(level)

    def sorted_keys(self):
        """Every key, as one sorted uint64 array (what a worker checks keys against)."""
        np = self._np
        parts = [*self._levels, np.fromiter(self._recent, dtype=np.uint64)]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)

    def __len__(self) -> int:
        return sum(len(level) for level in self._levels) + len(self._recent)

    def __or__(self, other: "KeySet") -> "KeySet":
        merged = KeySet(buffer=self._buffer)
        both = self._np.union1d(self.sorted_keys(), other.sorted_keys())
        merged._levels = [both] if len(both) else []
        return merged


def holds(sorted_keys, key: int) -> bool:
    """Whether a sorted uint64 array (:meth:`KeySet.sorted_keys`) holds ``key``.

    >>> import numpy as np
    >>> holds(np.array([2, 7], dtype=np.uint64), 7), holds(np.array([], np.uint64), 7)
    (True, False)
    """
    import numpy as np

    at = int(np.searchsorted(sorted_keys, np.uint64(key)))
    return at < len(sorted_keys) and int(sorted_keys[at]) == key


class ResultLog:
    """An append-only JSONL file of results, keyed by article id."""

    def __init__(self, path: Path | str, *, sync_every: float = 2.0):
        self.path = Path(path)
        self.sync_every = sync_every
        self._fd: int | None = None
        self._last_sync = 0.0
        self.repaired_bytes = 0

    def open(self) -> KeySet:
        """Open for appending (creating the file); return the keys of the ids it holds."""
        keys = KeySet()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self.repaired_bytes = _cut_torn_tail(self.path)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror})") from None
        if self.path.exists():
            with open(self.path, "rb") as fh:
                for line in fh:
                    found = line_id(line)
                    if found is not None:
                        keys.add(article_key(found))
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror})") from None
        return keys

    def append(self, line: bytes) -> None:
        """Write complete lines — one, or a worker's whole batch of them — in one system
        call unless the kernel splits it.  A ``kill -9`` lands between system calls, so
        the log keeps whole lines; a power cut may tear the last one, which
        :meth:`open` cuts off."""
        assert self._fd is not None, "open() first"
        view = memoryview(line)
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError as exc:
            # A full disk may take part of the line: take it back, the log stays whole.
            try:
                os.ftruncate(self._fd, start)
            except OSError:
                pass  # the torn line is cut off when the log is next opened
            raise OutputError(f"{self.path}: write failed ({exc.strerror})") from None
        now = time.monotonic()
        if now - self._last_sync >= self.sync_every:
            os.fsync(self._fd)
            self._last_sync = now

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _cut_torn_tail(path: Path) -> int:
    """Truncate a file after its last newline (a line cut by a crash); return bytes cut."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "rb+") as fh:
        pos = size
        block = 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            chunk = fh.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                break
            pos = start
        else:
            keep = 0
        if keep < size:
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
        return size - keep


def iter_results(path: Path | str):
    """The records of a result log, one dict per complete line (the lone surrogates an
    older geonews wrote as invalid UTF-8 read back as U+FFFD)."""
    with open(path, "rb") as fh:
        for line in fh:
            if line_id(line) is not None:
                yield json.loads(replace_lone_surrogates(line.decode("utf-8", "surrogatepass")))
