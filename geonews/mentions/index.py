"""The names geonews looks for in text, in one Aho-Corasick automaton.

Text is scanned as a stream of normalised tokens (the exact keys of
:mod:`geonews.places.names`, separated by single spaces), so "Khān Yūnis",
"KHAN YOUNIS" and "khan-younis" all meet the pattern `` khan younis ``.  Every
name of the regions covered in depth is a pattern; from the rest of the world,
the names of countries, first-order regions, counties and places of 15,000
people or more.  Smaller places are still found when the text puts them in a
place slot ("the villages of X, Y and Z"): see :mod:`geonews.mentions.finder`.

Organisation names that contain a place name ("Israel Defense Forces") are
patterns too, marked as not-places, so the longest match swallows the place.
The automaton is kept in the user cache, one file per gazetteer (any other is
removed when a new one is written).  Building it from the shipped gazetteer would
take seconds (folding 200,000 names), so the folded names of the shipped gazetteer
travel with the package (``shipped_names.txt.gz``, written by
``python -m geonews.mentions``); they are used only while their signature
(the gazetteer's content, the query, the folding code) still matches, else the
names are folded anew.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import inspect
import os
import pickle
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..paths import shipped_data_dir, user_cache_dir
from ..places import names as _names
from ..places.gazetteer import MENTION_NAMES_SQL, Gazetteer, GazetteerSource
from ..places.names import exact_key, is_arabic, skeleton_key

WORLD_MIN_POPULATION = 15_000
PLACE, NOT_PLACE = 0, 1
# Arabic proclitics written onto the next word: و and, ب in/at, ل to/for, ف so.
_CLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "وف")
_VERSION = "9"
CACHE_PREFIX = "mention-index-"
SHIPPED_NAMES = Path(__file__).resolve().parent / "shipped_names.txt.gz"
_SHIPPED_HEADER = "# geonews mention names "


def not_place_terms() -> list[str]:
    path = shipped_data_dir() / "curated" / "not_places.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.reader(line for line in fh if not line.startswith("#"))
        next(rows)
        return [r[0] for r in rows if r and r[0].strip()]


def _pattern(key: str) -> str:
    return f" {key} "


def pack(flag: int, clitic: int, length: int) -> int:
    """One automaton value: an int (a C long in the automaton, no Python object to pickle).

    >>> unpack(pack(NOT_PLACE, 3, 17))
    (1, 3, 17)
    """
    return flag | clitic << 1 | length << 3


def unpack(value: int) -> tuple[int, int, int]:
    return value & 1, value >> 1 & 3, value >> 3


def source_keys(names: Iterable[str]) -> dict[str, int]:
    """key → clitic length of every pattern one source's mention names give, as the
    automaton holds them (a later write of a key replaces an earlier one).

    >>> source_keys(["The Gaza Strip", "X", "غزة"])["gaza strip"]
    0
    >>> source_keys(["غزة"])["لغزه"], source_keys(["الشاطئ"])["وللشاطي"]
    (1, 3)
    """
    out: dict[str, int] = {}
    for name in names:
        key = exact_key(name)
        if key.startswith("the "):
            key = key[4:]  # "the Gaza Strip": the article is not part of the name
        if len(key) < 2 or key.isdigit():
            continue
        out[key] = 0
        if "\u0600" <= key[0] <= "\u06ff":
            for clitic in _CLITICS:
                skip = len(clitic)
                if clitic.endswith("ل") and key.startswith("ال"):
                    variant = clitic + key[1:]  # ل + ال → لل: the mention is the name
                    skip += 1                   # without its article ("مواصي")
                else:
                    variant = clitic + key
                out[variant] = skip
    return out


def _query_keys(source: GazetteerSource) -> dict[str, int]:
    return source_keys(n for (n,) in source.db.execute(MENTION_NAMES_SQL,
                                                       (WORLD_MIN_POPULATION,)))


def _file_digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def shipped_signature(gazetteer_path: Path) -> str:
    """What the shipped names depend on: the gazetteer's content, the query, the folding
    code and Unicode tables, this module's rules.  Read only when an index is built."""
    h = hashlib.sha256(_VERSION.encode())
    h.update(MENTION_NAMES_SQL.encode())
    h.update(str(WORLD_MIN_POPULATION).encode())
    h.update(repr(_CLITICS).encode())
    h.update(inspect.getsource(source_keys).encode())
    h.update(inspect.getsource(exact_key).encode())
    for table in (_names._TABLE, _names._LATIN_FOLD, _names._ARABIC_FOLD):
        h.update(repr(sorted(table.items())).encode())
    h.update(_names._NON_WORD.pattern.encode() + _names._SPACES.pattern.encode())
    h.update(unicodedata.unidata_version.encode())
    h.update(_file_digest(gazetteer_path).encode())
    return h.hexdigest()[:24]


def write_shipped_names(gazetteer_path: Path, out: Path = SHIPPED_NAMES) -> int:
    """Fold the shipped gazetteer's mention names once, for every install (run at build
    time: ``python -m geonews.mentions``).  Returns the number of keys."""
    from ..places.gazetteer import _open_source

    source = _open_source(gazetteer_path, shipped=True)
    try:
        keys = _query_keys(source)
    finally:
        source.db.close()
    lines = [_SHIPPED_HEADER + shipped_signature(gazetteer_path)]
    lines += [f"{k}\t{v}" if v else k for k, v in sorted(keys.items())]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0)
    if not _save(out, data, prefix=".shipped-names."):
        raise OSError(f"cannot write {out}")
    out.chmod(0o644)  # package data, readable by all (mkstemp made it private)
    return len(keys)


def read_shipped_names(gazetteer_path: Path, path: Path = SHIPPED_NAMES) -> dict[str, int] | None:
    """The shipped keys, or None when they are missing or were made from another
    gazetteer or by other code."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    try:
        if header != _SHIPPED_HEADER + shipped_signature(gazetteer_path):
            return None
    except (OSError, TypeError):  # no source code to read (a frozen install)
        return None
    out: dict[str, int] = {}
    for line in body.splitlines():
        key, tab, skip = line.partition("\t")
        out[key] = int(skip) if tab else 0
    return out


def _keys_of(source: GazetteerSource) -> dict[str, int]:
    if source.shipped:
        shipped = read_shipped_names(source.path)
        if shipped is not None:
            return shipped
    return _query_keys(source)


class MentionIndex:
    """An automaton of place-name patterns, matched against normalised token text."""

    def __init__(self, automaton, variants, fingerprint: str):
        self.automaton = automaton
        self.variants = variants
        self.fingerprint = fingerprint

    @staticmethod
    def fingerprint_of(gazetteer: Gazetteer) -> str:
        h = hashlib.sha256(_VERSION.encode())
        h.update(MENTION_NAMES_SQL.encode())
        h.update(str(WORLD_MIN_POPULATION).encode())
        for s in gazetteer.sources:
            st = s.path.stat()
            h.update(f"{s.path}:{st.st_size}:{st.st_mtime_ns}".encode())
        notp = shipped_data_dir() / "curated" / "not_places.csv"
        h.update(notp.read_bytes())
        return h.hexdigest()[:20]

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> MentionIndex:
        import ahocorasick

        # Values are ints (flag, clitic length, pattern length packed): the automaton
        # then pickles and loads several times faster than with a tuple per pattern.
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        keys: dict[str, int] = {}
        for source in gazetteer.sources:  # a later source's write replaces an earlier one
            keys.update(_keys_of(source))
        add = automaton.add_word
        for key, clitic in keys.items():  # pack(PLACE, clitic, len(key) + 2), inlined
            add(f" {key} ", clitic << 1 | (len(key) + 2) << 3)
        for term in not_place_terms():
            key = exact_key(term)
            if key:
                automaton.add_word(_pattern(key), pack(NOT_PLACE, 0, len(key) + 2))
        automaton.make_automaton()
        # Spelling variants of the regions covered in depth ("Tal as-Sultan" for "Tall as
        # Sultan", "Jabalya" for "Jabalia"): per-word consonant skeletons, articles left out.
        variants = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for name in gazetteer.detailed_names():
            skel = token_skeletons(exact_key(name).split())
            if skel and len(skel.replace(" ", "")) >= 3 and not is_arabic(skel):
                variants.add_word(_pattern(skel), len(skel) + 2)
        variants.make_automaton()
        return cls(automaton, variants, cls.fingerprint_of(gazetteer))

    _cache: dict[str, MentionIndex] = {}
    _lock = threading.Lock()

    @staticmethod
    def cache_path(fingerprint: str) -> Path:
        return user_cache_dir() / f"{CACHE_PREFIX}v{_VERSION}-{fingerprint}.pickle"

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer) -> MentionIndex:
        """The index for this gazetteer: from memory, the disk cache, or built anew."""
        fp = cls.fingerprint_of(gazetteer)
        with cls._lock:
            if fp in cls._cache:
                return cls._cache[fp]
            path = cls.cache_path(fp)
            index = None
            if path.exists():
                try:
                    automaton, variants = pickle.loads(path.read_bytes())
                    index = cls(automaton, variants, fp)
                except Exception:  # a stale or truncated cache is rebuilt
                    index = None
            if index is None:
                index = cls.build(gazetteer)
                data = pickle.dumps((index.automaton, index.variants),
                                    protocol=pickle.HIGHEST_PROTOCOL)
                if _save(path, data):
                    remove_stale(path)
            cls._cache[fp] = index
            return index

    def scan(self, norm_text: str) -> list[tuple[int, int, int, int]]:
        """(start, end, not-a-place flag, clitic length) of every pattern occurrence.

        ``norm_text[start:end]`` is the matched key, without its bounding spaces.
        """
        return [(last - (v >> 3) + 2, last, v & 1, v >> 1 & 3)
                for last, v in self.automaton.iter(norm_text)]


    def scan_variants(self, skeleton_text: str):
        """(start, end) of every variant occurrence in a skeleton token stream."""
        for last, length in self.variants.iter(skeleton_text):
            yield last - length + 2, last


def cached_indexes(directory: Path | None = None) -> list[Path]:
    """The mention-index files in the cache (of any version or gazetteer)."""
    directory = directory or user_cache_dir()
    try:
        return sorted(p for p in directory.iterdir() if p.name.startswith(CACHE_PREFIX))
    except OSError:
        return []


# A temporary file this old is no write in progress but one that was cut short.
_ABANDONED_AFTER_S = 3600


def remove_stale(keep: Path) -> list[Path]:
    """Remove every other mention index beside ``keep`` (another gazetteer, an older
    version) and abandoned partial writes: the cache holds one index, ~55 MB, not one
    per gazetteer ever used."""
    removed = []
    for p in cached_indexes(keep.parent):
        if p != keep:
            removed.append(p)
    now = time.time()
    try:
        for p in keep.parent.glob(".mention-index.*"):
            try:
                if now - p.stat().st_mtime > _ABANDONED_AFTER_S:
                    removed.append(p)
            except OSError:
                pass
    except OSError:
        pass
    for p in removed:
        try:
            p.unlink()
        except OSError:
            pass  # removed meanwhile by another process, or not ours to remove
    return removed


_ARTICLE_TOKENS = frozenset("al el il ul a as ash an az ad at ar ath adh ed es esh et en ez er the"
                            .split())


def token_skeleton(token_key: str) -> str:
    """One word's consonant skeleton; "" for an article (left out of variant matching).

    >>> [token_skeleton(t) for t in ["tal", "as", "sultan"]]
    ['tl', '', 'sltn']
    """
    if token_key in _ARTICLE_TOKENS:
        return ""
    return skeleton_key(token_key) or token_key


def token_skeletons(tokens: list[str]) -> str:
    return " ".join(s for s in (token_skeleton(t) for t in tokens) if s)


def _save(path: Path, data: bytes, prefix: str = ".mention-index.") -> bool:
    """Write atomically; False when the directory cannot be written."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False  # a read-only cache directory only costs the rebuild next time
    return True
