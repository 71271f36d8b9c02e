"""Articles of a corpus, streamed one at a time: memory does not grow with its size.

A corpus is a directory of article files (``.txt``, ``.html``, ``.json``, ``.jsonl``,
``.gz`` of any of them; walked in sorted order) or a JSONL file, optionally
gzip-compressed, with one article per line: ``{"id", "text", "title"?, "date"?, "url"?}``.

Ids are unique and stable: an article file's id is its path relative to the corpus
directory, every extension kept (``a.txt``, ``a.html``, ``a.txt.gz`` are three
articles), a JSONL line without an ``id`` is that path and its line number
(``feed.jsonl.gz:12``), and an article of a ``.json`` list is the path and its index
(``a.json[3]``), unless the record names its own id.  A file name that is not UTF-8 is
spelt with ``\\xNN`` escapes.  (A one-file corpus keeps its historic ids: ``c.jsonl:12``
for its lines, the name without extension for one article.)

Text never holds a lone UTF-16 surrogate (JSON may write ``"\\ud800"``): each becomes
U+FFFD, every other character kept, so results are always valid UTF-8.

Each item is an :class:`Article` — or a :class:`BadArticle` carrying the reason it
cannot be read (a line that is not JSON, no text, too large, undecodable); a bad
article never stops the stream.  Lines are cut from big block reads with a length
limit, so a 10 GB line or a gzip bomb costs at most :data:`MAX_ARTICLE_BYTES` (and a
block) of memory.

A batch run splits the work in two: the reading process only cuts the corpus into
tasks of raw lines or raw file bytes (:func:`iter_tasks`); workers parse them
(:func:`articles_of`).  :func:`iter_corpus` is the two in one process.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: Largest article accepted (bytes of its record); larger ones are recorded as errors.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Article:
    """One article to extract: its id (unique in the corpus) and its record."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        _replace_surrogates_in(self)

    def to_record(self) -> dict:
        return {"id": self.id, "text": self.text, "title": self.title, "date": self.date,
                "url": self.url, "source": self.source}


@dataclass(frozen=True)
class BadArticle:
    """An item of the corpus that cannot be extracted, and why."""

    id: str
    reason: str
    source: str | None = None

    def __post_init__(self) -> None:
        _replace_surrogates_in(self)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (invalid in UTF-8) replaced by U+FFFD.

    >>> replace_lone_surrogates("Rafah \\ud800 رفح 😀") == "Rafah \\ufffd رفح 😀"
    True
    """
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def _replace_surrogates_in(item) -> None:
    for name, value in vars(item).items():
        if isinstance(value, str):
            object.__setattr__(item, name, replace_lone_surrogates(value))


def article_key(article_id: str) -> int:
    """A 64-bit key of an id: what the resume log remembers (8 bytes per article).

    >>> article_key("a") == article_key("a") != article_key("b")
    True
    """
    return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")


def iter_corpus(path: Path | str) -> Iterator[Article | BadArticle]:
    """Every article of a directory or JSONL(.gz) corpus, in a stable order.

    The same path as a batch run takes (:func:`iter_tasks`, then :func:`articles_of`),
    only in one process: what a worker makes of a task is what this yields."""
    for task in iter_tasks(path):
        if isinstance(task, BadArticle):
            yield task
        else:
            yield from articles_of(task)


@dataclass(frozen=True)
class LinesTask:
    """Raw lines of one JSONL file, for a worker to parse: the reading process only cuts
    the file into lines (it never parses JSON or builds the records it would then
    pickle).  ``numbers`` are the lines' numbers in the file, for the ids of lines
    without one; blank lines are left out."""

    label: str
    id_base: str
    numbers: list[int]
    lines: list[bytes]


@dataclass(frozen=True)
class FilesTask:
    """Article files read whole but not decoded: ``(label, article id, bytes)`` each."""

    files: list[tuple[str, str, bytes]]


Task = LinesTask | FilesTask

#: Bytes read from a corpus file at a time: big reads, so the reader's cost per article
#: is a share of a C-level split, not a Python call.
_BLOCK = 1 << 20


def iter_tasks(path: Path | str, *, batch: int = 256, batch_bytes: int = 8 << 20
               ) -> Iterator[Task | BadArticle]:
    """A corpus as tasks of up to ``batch`` articles (or ``batch_bytes`` of them), in
    corpus order, and the items that are bad before any parsing (unreadable or too
    large files, over-long lines, a truncated gzip) as they are met."""
    path = Path(path)
    if path.is_dir():
        yield from _directory_tasks(path, batch, batch_bytes)
    elif path.is_file():
        yield from _file_tasks(path, _printable(path.name), None, batch, batch_bytes)
    else:
        raise InputError(f"{path}: no such file or directory")


def task_size(task: Task) -> tuple[int, int]:
    """How many articles (lines or files) a task holds, and their bytes."""
    if isinstance(task, LinesTask):
        return len(task.lines), sum(map(len, task.lines))
    return len(task.files), sum(len(f[2]) for f in task.files)


def split_task(task: Task, size: int) -> list[Task]:
    """A task cut into tasks of at most ``size`` articles, in order (what the workers
    make of the pieces is what they make of the whole: ids come from line numbers and
    paths, which travel with each piece).

    >>> t = LinesTask("c.jsonl", "c.jsonl", [1, 2, 4], [b"a", b"b", b"d"])
    >>> [(p.numbers, p.lines) for p in split_task(t, 2)]
    [([1, 2], [b'a', b'b']), ([4], [b'd'])]
    """
    if isinstance(task, LinesTask):
        return [LinesTask(task.label, task.id_base, task.numbers[i:i + size],
                          task.lines[i:i + size]) for i in range(0, len(task.lines), size)]
    return [FilesTask(task.files[i:i + size]) for i in range(0, len(task.files), size)]


def articles_of(task: Task) -> Iterator[Article | BadArticle]:
    """The articles of a task, parsed and decoded (in the worker that runs it)."""
    if isinstance(task, LinesTask):
        for n, line in zip(task.numbers, task.lines):
            yield _article_from_line(line, f"{task.id_base}:{n}", task.label)
    else:
        for label, article_id, data in task.files:
            yield from _articles_from_bytes(data, label, article_id)


def count_corpus(path: Path | str, limit_bytes: int = 2 * 1024**3) -> int | None:
    """How many articles a corpus holds, when that is cheap to know (for an ETA)."""
    path = Path(path)
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file() and _wanted(p))
    if path.is_file() and path.suffix.lower() != ".gz" and path.stat().st_size <= limit_bytes:
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return None


def count_lines(path: Path | str) -> int:
    """Articles in a JSONL file, gzipped or not, by one pass over it (a gzip bomb raises
    :class:`ZipBombError`): for an ETA on corpora too big to count up front.

    >>> import gzip, tempfile
    >>> p = Path(tempfile.mkdtemp()) / "c.jsonl.gz"
    >>> _ = p.write_bytes(gzip.compress(b'{"id": "a"}\\n{"id": "b"}\\n{"id": "c"}'))
    >>> count_lines(p)
    3
    """
    lines, last = 0, b"\n"
    with _open(Path(path)) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _wanted(p: Path) -> bool:
    name = p.name.lower()
    if name.startswith("."):
        return False
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix in _ARTICLE_SUFFIXES


def _directory_tasks(root: Path, batch: int, batch_bytes: int
                     ) -> Iterator[Task | BadArticle]:
    """The files of a directory in sorted order; consecutive article files share a
    :class:`FilesTask`, a JSONL file is its own :class:`LinesTask` s."""
    files: list[tuple[str, str, bytes]] = []
    size = 0
    for p in sorted(x for x in root.rglob("*") if x.is_file() and _wanted(x)):
        rel = _printable(p.relative_to(root).as_posix())
        for item in _file_tasks(p, rel, rel, batch, batch_bytes):
            if isinstance(item, FilesTask):
                files += item.files
                size += sum(len(f[2]) for f in item.files)
                if len(files) >= batch or size >= batch_bytes:
                    yield FilesTask(files)
                    files, size = [], 0
                continue
            if files:  # keep the corpus order: what came before goes first
                yield FilesTask(files)
                files, size = [], 0
            yield item
    if files:
        yield FilesTask(files)


def _printable(name: str) -> str:
    r"""A file name as text: bytes that are not UTF-8 (which ``os.fsdecode`` keeps as
    lone surrogates) spelt ``\xNN``, so that two such names stay two ids.

    >>> _printable(os.fsdecode(b"caf\xe9.txt"))
    'caf\\xe9.txt'
    """
    return os.fsencode(name).decode("utf-8", "backslashreplace")


#: A gzip file may expand this many times before it is taken for a zip bomb (news JSONL
#: compresses 4–10×; a bomb of zeros, 1,000×), once past :data:`BOMB_FLOOR` bytes.
MAX_GZIP_RATIO = 100
BOMB_FLOOR = 64 * 1024 * 1024


class ZipBombError(OSError):
    """A gzip stream expanding far beyond any real corpus."""


class _GuardedGzip:
    """A gzip reader that gives up when the output outgrows the input implausibly."""

    def __init__(self, path: Path):
        self._raw = open(path, "rb")
        self._gz = gzip.GzipFile(fileobj=self._raw, mode="rb")
        self._out = 0

    def _count(self, data: bytes) -> bytes:
        self._out += len(data)
        if self._out > BOMB_FLOOR and self._out > MAX_GZIP_RATIO * max(1, self._raw.tell()):
            raise ZipBombError(f"expands over {MAX_GZIP_RATIO}× (a zip bomb?)")
        return data

    def read(self, n: int = -1) -> bytes:
        return self._count(self._gz.read(n))

    def read1(self, n: int = -1) -> bytes:
        """At most ``n`` bytes, from one step of decompression: a stream that breaks off
        loses only that step, not every line of a big read before the break."""
        return self._count(self._gz.read1(n))

    def close(self) -> None:
        self._gz.close()
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open(path: Path):
    if path.suffix.lower() == ".gz":
        return _GuardedGzip(path)
    return open(path, "rb")


def _file_tasks(path: Path, label: str, id_base: str | None, batch: int, batch_bytes: int
                ) -> Iterator[Task | BadArticle]:
    """The tasks of one file.  Ids derive from ``id_base``: in a directory, the relative
    path with every extension (so ``a.txt`` and ``a.txt.gz`` differ); for a one-file
    corpus (None), its name as ids always were."""
    inner = label[:-3] if label.lower().endswith(".gz") else label
    suffix = Path(inner).suffix.lower()
    if suffix in (".jsonl", ".ndjson") or (suffix not in _ARTICLE_SUFFIXES and
                                           _looks_like_jsonl(path)):
        yield from _line_tasks(path, inner, id_base or inner, batch, batch_bytes)
        return
    article_id = id_base or Path(inner).with_suffix("").as_posix()
    try:
        with _open(path) as fh:
            data = fh.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield BadArticle(article_id, f"unreadable file ({exc})", inner)
        return
    if len(data) > MAX_ARTICLE_BYTES:
        yield BadArticle(article_id, f"larger than {MAX_ARTICLE_BYTES // 2**20} MB", inner)
        return
    yield FilesTask([(inner, article_id, data)])


def _articles_from_bytes(data: bytes, label: str, article_id: str
                         ) -> Iterator[Article | BadArticle]:
    from ..text.decode import decode_bytes
    from ..text.readers import documents_from_html, documents_from_json

    try:
        text = decode_bytes(data, label=label)
        if not text.strip():
            raise InputError(f"{label}: empty")
        suffix = Path(label).suffix.lower()
        if suffix in (".html", ".htm"):
            docs = list(documents_from_html(text, label))
        elif suffix == ".json":
            docs = list(documents_from_json(text, label))
        else:
            yield Article(article_id, text, source=label)
            return
    except InputError as exc:
        yield BadArticle(article_id, _reason(exc, label), label)
        return
    for i, d in enumerate(docs):
        default = article_id + (f"[{i}]" if len(docs) > 1 else "")
        yield Article(d.id or default, d.text, d.title, d.date, d.url, label)


def _looks_like_jsonl(path: Path) -> bool:
    try:
        with _open(path) as fh:
            head = fh.read(1)
    except (OSError, EOFError, zlib.error):
        return False
    return head == b"{"


def _line_tasks(path: Path, label: str, id_base: str, batch: int, batch_bytes: int
                ) -> Iterator[LinesTask | BadArticle]:
    """A JSONL file cut into lines by big block reads.  A line over
    :data:`MAX_ARTICLE_BYTES` is dropped as it streams by (never held whole) and
    becomes a bad item; a file that breaks off (truncated gzip, zip bomb) ends with one.
    Memory: one block, one unfinished line and one task."""
    try:
        fh = _open(path)
    except OSError as exc:
        yield BadArticle(id_base, f"unreadable file ({exc.strerror})", label)
        return
    too_long = f"line longer than {MAX_ARTICLE_BYTES // 2**20} MB"
    numbers: list[int] = []
    lines: list[bytes] = []
    size = 0
    n = 0  # lines complete so far
    tail: list[bytes] = []  # the pieces of the line not finished yet
    tail_size = 0
    skipping = False  # inside a line over the limit: its bytes are dropped

    def take(line: bytes):
        """One complete line (without its newline): the task to send, if now full."""
        nonlocal n, size, numbers, lines
        n += 1
        if len(line) > MAX_ARTICLE_BYTES:
            return BadArticle(f"{id_base}:{n}", too_long, label)
        if not line.strip():
            return None
        numbers.append(n)
        lines.append(line)
        size += len(line)
        return None

    def full() -> LinesTask | None:
        nonlocal numbers, lines, size
        if not lines:
            return None
        task = LinesTask(label, id_base, numbers, lines)
        numbers, lines, size = [], [], 0
        return task

    with fh:
        while True:
            try:
                block = fh.read1(_BLOCK)
            except ZipBombError as exc:
                broken = f"rest of the file skipped: {exc}"
            except (OSError, EOFError, zlib.error) as exc:
                broken = f"corrupt or truncated file ({exc})"
            else:
                broken = None
            if broken is not None:
                if (task := full()) is not None:
                    yield task
                yield BadArticle(f"{id_base}:{n + 1}", broken, label)
                return
            if not block:
                break
            parts = block.split(b"\n")
            for i, part in enumerate(parts[:-1]):
                if i == 0 and (tail or skipping):
                    if skipping:
                        n += 1
                        skipping = False
                        bad = BadArticle(f"{id_base}:{n}", too_long, label)
                    else:
                        bad = take(b"".join(tail) + part)
                    tail, tail_size = [], 0
                else:
                    bad = take(part)
                if bad is not None:
                    if (task := full()) is not None:
                        yield task
                    yield bad
                elif len(lines) >= batch or size >= batch_bytes:
                    yield full()
            last = parts[-1]
            if last and not skipping:
                tail.append(last)
                tail_size += len(last)
                if tail_size > MAX_ARTICLE_BYTES:  # drop it as it comes: never held whole
                    tail, tail_size, skipping = [], 0, True
        if skipping:
            n += 1
            bad = BadArticle(f"{id_base}:{n}", too_long, label)
        else:
            bad = take(b"".join(tail)) if tail else None
        if (task := full()) is not None:
            yield task
        if bad is not None:
            yield bad


def _article_from_line(line: bytes, where: str, label: str) -> Article | BadArticle:
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return BadArticle(where, "not UTF-8", label)
    except (ValueError, RecursionError) as exc:
        return BadArticle(where, f"not valid JSON ({' '.join(str(exc).split())[:100]})", label)
    if not isinstance(record, dict):
        return BadArticle(where, "not a JSON object", label)
    raw_id = record.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else where
    text = record.get("text")
    if not isinstance(text, str):
        return BadArticle(article_id, 'no "text" string field', label)
    if not text.strip():
        return BadArticle(article_id, "empty text", label)
    meta = {k: (str(record[k]) if record.get(k) is not None else None)
            for k in ("title", "date", "url")}
    return Article(article_id, text, source=label, **meta)


def _reason(exc: Exception, label: str) -> str:
    message = str(exc)
    return message[len(label) + 2:] if message.startswith(label + ": ") else message
