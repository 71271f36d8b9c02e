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

A first run has no automaton in the cache, and building one (~300,000 patterns) and
writing it take longer than the whole extraction: that run scans without one
(:class:`_Lookup`, the same matches by bisection in the shipped names, whose lines are
sorted), and the automaton is built for later runs by a detached process when it ends
(or in the run itself once it has scanned much text: see ``_UPGRADE_AFTER_CHARS``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import inspect
import os
import pickle
import sys
import threading
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
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
_VARIANTS_HEADER = "# geonews variant skeletons "


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


_DIGESTS: dict[tuple, str] = {}


def _file_digest(path: Path) -> str:
    # Both signatures of the shipped file hash the 70 MB gazetteer: once per process.
    st = path.stat()
    memo = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if memo not in _DIGESTS:
        with open(path, "rb") as fh:
            _DIGESTS[memo] = hashlib.file_digest(fh, "sha256").hexdigest()
    return _DIGESTS[memo]


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


def variants_signature(gazetteer_path: Path) -> str:
    """What the shipped variant skeletons depend on: the gazetteer's content, the query of
    its detailed names, the skeleton code (all of geonews/places/names.py: skeletons use
    most of it) and Unicode tables."""
    h = hashlib.sha256(_VERSION.encode())
    h.update(inspect.getsource(Gazetteer.detailed_names).encode())
    for fn in (variant_keys, token_skeletons, token_skeleton):
        h.update(inspect.getsource(fn).encode())
    h.update(repr(sorted(_ARTICLE_TOKENS)).encode())
    h.update(Path(_names.__file__).read_bytes())
    h.update(unicodedata.unidata_version.encode())
    h.update(_file_digest(gazetteer_path).encode())
    return h.hexdigest()[:24]


def write_shipped_names(gazetteer_path: Path, out: Path = SHIPPED_NAMES) -> int:
    """Fold the shipped gazetteer's mention names (and the skeletons of its detailed names)
    once, for every install (run at build time: ``python -m geonews.mentions``).  Returns
    the number of keys.

    Lines are sorted by their UTF-8 bytes, which :class:`_SortedNames` relies on.
    """
    from ..places.gazetteer import _open_source

    source = _open_source(gazetteer_path, shipped=True)
    try:
        keys = _query_keys(source)
        skeletons = variant_keys(Gazetteer([gazetteer_path], include_user=False)
                                 .detailed_names())
    finally:
        source.db.close()
    lines = [f"{k}\t{v}" if v else k for k, v in keys.items()]
    lines.sort(key=lambda line: line.encode("utf-8"))
    lines.insert(0, _SHIPPED_HEADER + shipped_signature(gazetteer_path))
    lines.append(_VARIANTS_HEADER + variants_signature(gazetteer_path))
    lines += sorted(skeletons, key=lambda k: k.encode("utf-8"))
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0)
    if not _save(out, data, prefix=".shipped-names."):
        raise OSError(f"cannot write {out}")
    out.chmod(0o644)  # package data, readable by all (mkstemp made it private)
    return len(keys)


_SECTIONS: dict[tuple, tuple[bytes | None, bytes | None]] = {}


def _shipped_sections(gazetteer_path: Path, path: Path) -> tuple[bytes | None, bytes | None]:
    """The name lines and the skeleton lines of the shipped file (bytes, each line ending
    in a newline), each None when missing or made from another gazetteer or other code.

    A first run asks for both sections (names and variants) apart: the file is unpacked
    and its signatures checked once per process."""
    try:
        st = path.stat()
    except OSError:
        return None, None
    memo = (str(gazetteer_path), str(path), st.st_size, st.st_mtime_ns)
    if memo not in _SECTIONS:
        _SECTIONS.clear()  # one shipped file at a time: the memo holds ~5 MB
        _SECTIONS[memo] = _read_sections(gazetteer_path, path)
    return _SECTIONS[memo]


def _read_sections(gazetteer_path: Path, path: Path) -> tuple[bytes | None, bytes | None]:
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None, None
    header, _, rest = data.partition(b"\n")
    names, _, tail = rest.partition(_VARIANTS_HEADER.encode())
    vheader, _, variants = tail.partition(b"\n")
    try:
        names_ok = header.decode() == _SHIPPED_HEADER + shipped_signature(gazetteer_path)
    except (OSError, TypeError, UnicodeDecodeError):  # no source code (a frozen install)
        names_ok = False
    try:
        variants_ok = bool(tail) and vheader.decode() == variants_signature(gazetteer_path)
    except (OSError, TypeError, UnicodeDecodeError):
        variants_ok = False
    return (names if names_ok else None), (variants if variants_ok else None)


def read_shipped_names(gazetteer_path: Path, path: Path = SHIPPED_NAMES) -> dict[str, int] | None:
    """The shipped keys, or None when they are missing or were made from another
    gazetteer or by other code."""
    names, _ = _shipped_sections(gazetteer_path, path)
    if names is None:
        return None
    out: dict[str, int] = {}
    for line in names.decode("utf-8").splitlines():
        key, tab, skip = line.partition("\t")
        out[key] = int(skip) if tab else 0
    return out


def read_shipped_variants(gazetteer_path: Path, path: Path = SHIPPED_NAMES) -> list[str] | None:
    """The shipped variant skeletons, or None when missing or stale."""
    _, variants = _shipped_sections(gazetteer_path, path)
    return None if variants is None else variants.decode("utf-8").splitlines()


def _keys_of(source: GazetteerSource) -> dict[str, int]:
    if source.shipped:
        shipped = read_shipped_names(source.path)
        if shipped is not None:
            return shipped
    return _query_keys(source)


def variant_keys(names: Iterable[str]) -> set[str]:
    """The variant patterns of these names: per-word skeletons, articles left out; none
    shorter than three letters or in Arabic script (Arabic folds in the exact key).

    >>> sorted(variant_keys(["Tall as Sultan", "Tal as-Sultan", "Gaza", "غزة"]))
    ['tl sltn']
    """
    out = set()
    memo: dict[str, str] = {}  # names share their words ("Khirbet", "Wadi"): one skeleton each
    for name in names:
        parts = []
        for tok in exact_key(name).split():
            skel = memo.get(tok)
            if skel is None:
                skel = memo[tok] = token_skeleton(tok)
            if skel:
                parts.append(skel)
        skel = " ".join(parts)
        if skel and len(skel.replace(" ", "")) >= 3 and not is_arabic(skel):
            out.add(skel)
    return out


def _variants_of(gazetteer: Gazetteer) -> set[str]:
    """The variant patterns of the gazetteer: shipped when it is the shipped one alone,
    else folded (an imported region's detailed names join the shipped ones)."""
    if len(gazetteer.sources) == 1 and gazetteer.sources[0].shipped:
        shipped = read_shipped_variants(gazetteer.sources[0].path)
        if shipped is not None:
            return set(shipped)
    return variant_keys(gazetteer.detailed_names())


class _SortedNames:
    """The shipped name lines (``key`` or ``key<TAB>clitic length``, sorted by bytes), read
    by bisection: a first run looks up the few thousand word runs of its article instead
    of making 300,000 strings (a dict of them costs more than the article).

    The lines are cut into blocks of about 4 kB at load; a lookup bisects the blocks'
    first keys, then the lines of one block (split when first needed).
    """

    _BLOCK = 4096

    def __init__(self, body: bytes):
        self.body = body
        starts, n, at = [0], len(body), 0
        while at + self._BLOCK < n:
            nl = body.find(b"\n", at + self._BLOCK)
            if nl < 0 or nl + 1 >= n:
                break
            at = nl + 1
            starts.append(at)
        self.starts = starts + [n]
        # A block is bisected by the key of its first line: "k<TAB>1" sorts after "k", and
        # may open the block that k belongs to.
        self.firsts = [body[s:body.find(b"\n", s)].partition(b"\t")[0] for s in starts]
        self._blocks: dict[int, list[bytes]] = {}

    def _lines(self, i: int) -> list[bytes]:
        lines = self._blocks.get(i)
        if lines is None:
            lines = self._blocks[i] = self.body[self.starts[i]:self.starts[i + 1] - 1].split(b"\n")
        return lines

    def _first_at_least(self, q: bytes) -> bytes:
        """The first line ≥ q (b"" past the end)."""
        i = max(bisect_right(self.firsts, q) - 1, 0)
        lines = self._lines(i)
        j = bisect_left(lines, q)
        if j < len(lines):
            return lines[j]
        return self._lines(i + 1)[0] if i + 1 < len(self.firsts) else b""

    def get(self, key: bytes) -> int | None:
        """The clitic length of this key, None when it is no key."""
        line = self._first_at_least(key)
        if line == key:
            return 0
        if line.startswith(key) and line[len(key):len(key) + 1] == b"\t":
            return int(line[len(key) + 1:])
        return None

    def extends(self, key: bytes) -> bool:
        """Whether a key starts with these words and goes on."""
        return self._first_at_least(key + b" ").startswith(key + b" ")


class _Keys:
    """A dict of keys with the set of their word prefixes: a small table (the not-place
    terms, the variant skeletons, an imported region's names) walked like the shipped one."""

    def __init__(self, values: dict[str, int]):
        self.values = values
        self.prefixes: set[str] = set()
        for key in values:
            at = key.find(" ")
            while at >= 0:
                self.prefixes.add(key[:at])
                at = key.find(" ", at + 1)


def _runs(text: str, step) -> list[tuple[int, int, int]]:
    """(end, start, value) of every run of whole words of ``text`` that ``step`` takes
    for a key, sorted as the automaton reports the pattern " key ": by end, the longest
    first (the pattern itself, then its suffixes along the failure links).

    ``step(words, word_bytes, extended)`` returns (value or None, whether a longer key
    starts with these words).  A pattern " key " matches exactly where the key is a run
    of the words between single spaces (keys are exact keys: no empty word, no space at
    either end), so every run that begins after a space and ends before one is tried,
    stopped as soon as no key begins with it.
    """
    words = text.split(" ")
    raw = text.encode("utf-8").split(b" ")  # UTF-8 puts no space byte inside a character
    out = []
    last = len(words) - 1  # the text's first and last word have no space around them
    start = len(words[0]) + 1
    for a in range(1, last):
        word = words[a]
        if word:
            key, key_b, b, end = word, raw[a], a, start + len(word)
            while True:
                value, more = step(key, key_b)
                if value is not None:
                    out.append((end, start, value))
                b += 1
                if not more or b >= last or not words[b]:
                    break
                key += " " + words[b]
                key_b += b" " + raw[b]
                end += 1 + len(words[b])
        start += len(word) + 1
    out.sort()
    return out


class _Lookup:
    """What the automata of :class:`MentionIndex` find, found without them: the not-place
    terms, then each gazetteer source's names (a later source first: its keys replace an
    earlier one's, as when the automaton is built), shipped names read from the shipped
    file itself."""

    def __init__(self, not_places: dict[str, int], layers: list, variants: set[str]):
        self.not_places = _Keys(not_places)
        self.layers = layers[::-1]  # later sources first
        self.variants = _Keys(dict.fromkeys(variants, 0))
        self._words: dict[bytes, tuple[int | None, bool]] = {}

    def _step(self, key: str, key_b: bytes) -> tuple[int | None, bool]:
        np = self.not_places
        value = np.values.get(key)
        more = key in np.prefixes
        for layer in self.layers:
            if isinstance(layer, _SortedNames):
                if value is None:
                    clitic = layer.get(key_b)
                    if clitic is not None:
                        value = clitic << 1 | (len(key) + 2) << 3
                more = more or layer.extends(key_b)
            else:
                if value is None:
                    clitic = layer.values.get(key)
                    if clitic is not None:
                        value = clitic << 1 | (len(key) + 2) << 3
                more = more or key in layer.prefixes
        return value, more

    def _word_step(self, key: str, key_b: bytes) -> tuple[int | None, bool]:
        if " " in key:
            return self._step(key, key_b)
        # News repeats its words: a word's answer is remembered (bounded: a long run of
        # random words must not grow it, and long runs move to the automaton anyway).
        got = self._words.get(key_b)
        if got is None:
            got = self._step(key, key_b)
            if len(self._words) < 100_000:
                self._words[key_b] = got
        return got

    def scan(self, norm_text: str) -> list[tuple[int, int]]:
        return [(end, v) for end, _, v in _runs(norm_text, self._word_step)]

    def _variant_step(self, key: str, key_b: bytes) -> tuple[int | None, bool]:
        v = self.variants
        return (0 if key in v.values else None), key in v.prefixes

    def scan_variants(self, skeleton_text: str) -> list[tuple[int, int]]:
        return [(end, end - start + 2) for end, start, _ in _runs(skeleton_text,
                                                                  self._variant_step)]

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> _Lookup:
        layers: list = []
        for source in gazetteer.sources:
            names = _shipped_sections(source.path, SHIPPED_NAMES)[0] if source.shipped else None
            layers.append(_SortedNames(names) if names is not None else
                          _Keys(_query_keys(source)))
        return cls(_not_place_keys(), layers, _variants_of(gazetteer))


def _not_place_keys() -> dict[str, int]:
    out = {}
    for term in not_place_terms():
        key = exact_key(term)
        if key:
            out[key] = pack(NOT_PLACE, 0, len(key) + 2)
    return out


# A run that has scanned this much text without an automaton (a few hundred articles) is
# a long one: the automaton then pays for itself (building it costs about as much as
# scanning this much by bisection; loading a cached one, a tenth of it).
_UPGRADE_AFTER_CHARS = 2_000_000
_LOAD_AFTER_CHARS = 200_000
#: Whether a run that ends without an automaton leaves a process building it (tests of
#: the cache turn this off, so that no test leaves work behind).
BUILD_IN_BACKGROUND = True


class MentionIndex:
    """An automaton of place-name patterns, matched against normalised token text.

    Built without its automata (``lookup``), it finds the same until it has scanned
    enough text to be worth them; ``automaton`` and ``variants`` are then loaded from
    the cache or built.
    """

    def __init__(self, automaton, variants, fingerprint: str, *,
                 lookup: _Lookup | None = None, gazetteer: Gazetteer | None = None):
        self._automaton = automaton
        self._variants = variants
        self.fingerprint = fingerprint
        self._lookup = lookup
        self._gazetteer = gazetteer
        self._scanned = 0
        self._upgrade_lock = threading.Lock()

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
        automaton, variants = cls._build_automata(gazetteer)
        return cls(automaton, variants, cls.fingerprint_of(gazetteer))

    @staticmethod
    def _build_automata(gazetteer: Gazetteer):
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
        for key, value in _not_place_keys().items():
            add(_pattern(key), value)
        automaton.make_automaton()
        # Spelling variants of the regions covered in depth ("Tal as-Sultan" for "Tall as
        # Sultan", "Jabalya" for "Jabalia"): per-word consonant skeletons, articles left out.
        variants = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for skel in _variants_of(gazetteer):
            variants.add_word(_pattern(skel), len(skel) + 2)
        variants.make_automaton()
        return automaton, variants

    _cache: dict[str, MentionIndex] = {}
    _lock = threading.Lock()

    @staticmethod
    def cache_path(fingerprint: str) -> Path:
        return user_cache_dir() / f"{CACHE_PREFIX}v{_VERSION}-{fingerprint}.pickle"

    @classmethod
    def _load(cls, path: Path):
        """The cached automata, None when missing, stale or truncated (then rebuilt)."""
        try:
            automaton, variants = pickle.loads(path.read_bytes())
        except Exception:
            return None
        return automaton, variants

    @classmethod
    def _built_and_saved(cls, gazetteer: Gazetteer, path: Path):
        automata = cls._build_automata(gazetteer)
        if _save(path, pickle.dumps(automata, protocol=pickle.HIGHEST_PROTOCOL)):
            remove_stale(path)
        return automata

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer, *, lazy: bool = True) -> MentionIndex:
        """The index for this gazetteer: from memory, the disk cache, or (the first run)
        one that scans without automata until the run is long (``lazy``), else built."""
        fp = cls.fingerprint_of(gazetteer)
        with cls._lock:
            if fp in cls._cache:
                return cls._cache[fp]
            path = cls.cache_path(fp)
            automata = cls._load(path) if path.exists() else None
            if automata is not None:
                index = cls(*automata, fp)
            elif lazy:
                index = cls(None, None, fp, lookup=_Lookup.of(gazetteer), gazetteer=gazetteer)
                if BUILD_IN_BACKGROUND:
                    import atexit

                    atexit.register(index._build_in_background)
            else:
                index = cls(*cls._built_and_saved(gazetteer, path), fp)
            cls._cache[fp] = index
            return index

    # ------------------------------------------------------------ the automata
    def _upgrade(self, *, build: bool = True) -> None:
        """Load the automata from the cache (another process may have written them), or
        (``build``) build and save them."""
        with self._upgrade_lock:
            if self._automaton is not None:
                return
            path = self.cache_path(self.fingerprint)
            automata = self._load(path) if path.exists() else None
            if automata is None:
                if not build:
                    return
                automata = self._built_and_saved(self._gazetteer, path)
            self._variants = automata[1]
            self._automaton = automata[0]
            self._lookup = None

    @property
    def automaton(self):
        if self._automaton is None:
            self._upgrade()
        return self._automaton

    @property
    def variants(self):
        if self._automaton is None:
            self._upgrade()
        return self._variants

    def _lock_path(self) -> Path:
        return user_cache_dir() / f".mention-index.build-{self.fingerprint}"

    def _count(self, n: int) -> None:
        self._scanned += n
        if self._scanned <= _LOAD_AFTER_CHARS:
            return
        if self.cache_path(self.fingerprint).exists():
            self._upgrade(build=False)
        elif self._scanned > _UPGRADE_AFTER_CHARS:
            # One builder at a time: forked batch workers of a first run would otherwise
            # each build their own; the others go on without and load it once written.
            lock = _take_lock(self._lock_path())
            if lock is not _BUSY:
                try:
                    self._upgrade()
                finally:
                    if lock is not None:
                        lock.unlink(missing_ok=True)

    def _build_in_background(self) -> None:
        """At exit of a run that never needed the automata: leave a detached process
        building them into the cache, so that the next run loads them (a lock file keeps
        several first runs from building at once)."""
        if self._automaton is not None or self.cache_path(self.fingerprint).exists():
            return
        lock = _take_lock(self._lock_path())
        if lock is None or lock is _BUSY:
            return  # a read-only cache (the next run scans without automata too), or busy
        import subprocess

        args = [sys.executable, "-m", "geonews.mentions", "--cache-index", str(lock)]
        args += [str(s.path) for s in self._gazetteer.sources]
        try:
            builder = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, close_fds=True,
                                       start_new_session=True)
        except OSError:
            lock.unlink(missing_ok=True)
            return
        _write_pid(lock, builder.pid)  # this process exits now; the lock is the builder's

    # ------------------------------------------------------------ scanning
    def scan(self, norm_text: str) -> list[tuple[int, int]]:
        """(end, value) of every pattern occurrence, as the automaton reports them (by
        end, the longest first): ``norm_text[end]`` is the space after the key, and the
        value packs its flag, clitic length and pattern length (:func:`unpack`).  Left
        as the automaton gives them (a list made in C): the finder maps them to words.
        """
        lookup = self._lookup
        if lookup is not None:
            self._count(len(norm_text))
            if self._automaton is None:
                return lookup.scan(norm_text)
        return list(self._automaton.iter(norm_text))

    def scan_variants(self, skeleton_text: str) -> list[tuple[int, int]]:
        """(end, pattern length) of every variant occurrence in a skeleton token stream,
        as :meth:`scan` gives its names."""
        lookup = self._lookup
        if lookup is not None and self._automaton is None:
            return lookup.scan_variants(skeleton_text)
        return list(self._variants.iter(skeleton_text))


_BUSY = Path()


def _take_lock(lock: Path) -> Path | None:
    """``lock`` when this process now holds it, ``_BUSY`` when another one does (a lock
    whose process is gone, or older than an hour, is a builder that died, and taken
    over), None when the cache cannot be written.  The lock file holds its builder's
    process id."""
    for _ in range(2):
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            try:
                os.write(fd, str(os.getpid()).encode())
            finally:
                os.close(fd)
            return lock
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime < _ABANDONED_AFTER_S and \
                        _holder_alive(lock) is not False:
                    return _BUSY
                lock.unlink()
            except FileNotFoundError:
                continue  # released meanwhile: try again
            except OSError:
                return None
        except OSError:
            return None
    return _BUSY


def _write_pid(lock: Path, pid: int) -> None:
    """Name ``pid`` as the holder of ``lock``, if the lock is still there (a builder that
    already finished removed it; it must not come back)."""
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_TRUNC)
    except OSError:
        return
    try:
        os.write(fd, str(pid).encode())
    finally:
        os.close(fd)


def _holder_alive(lock: Path) -> bool | None:
    """Whether the process named in ``lock`` still runs; None when the lock names none
    (just created, or written by an older version)."""
    try:
        pid = int(lock.read_text(encoding="ascii").strip() or "x")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return None
    return True


@dataclass(frozen=True)
class IndexBuild:
    """A mention index being built into the cache, by another process or this one."""

    lock: Path
    pid: int | None
    started: float  # time.time() when the lock was taken

    def __str__(self) -> str:
        who = f"process {self.pid}" if self.pid else "another process"
        return f"the mention index is being built by {who} " \
               f"(for {max(0, time.time() - self.started):.0f} s)"


def index_builds(directory: Path | None = None) -> list[IndexBuild]:
    """The mention-index builds running now: locks whose process is alive (or, naming
    none, younger than an hour)."""
    directory = directory or user_cache_dir()
    out = []
    try:
        locks = sorted(directory.glob(".mention-index.build-*"))
    except OSError:
        return []
    for lock in locks:
        try:
            started = lock.stat().st_mtime
            text = lock.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        alive = _holder_alive(lock)
        if alive is False or (alive is None and time.time() - started > _ABANDONED_AFTER_S):
            continue
        out.append(IndexBuild(lock, int(text) if text.isdigit() else None, started))
    return out


def wait_for_index_builds(directory: Path | None = None, timeout: float = 120.0
                          ) -> list[IndexBuild]:
    """Wait until no mention index is being built (at most ``timeout`` seconds); the
    builds still running then."""
    deadline = time.monotonic() + timeout
    builds = index_builds(directory)
    while builds and time.monotonic() < deadline:
        time.sleep(0.1)
        builds = index_builds(directory)
    return builds


def build_cache(lock: Path, paths: list[Path]) -> None:
    """The detached builder of :meth:`MentionIndex._build_in_background`: build the
    automata of the gazetteer of these files into the cache, then drop the lock."""
    try:
        _write_pid(lock, os.getpid())
        gazetteer = Gazetteer(paths)
        MentionIndex.for_gazetteer(gazetteer, lazy=False)
    finally:
        lock.unlink(missing_ok=True)


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
