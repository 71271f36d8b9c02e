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
The automaton is built once and kept in the user cache (a few seconds saved
per process).
"""

from __future__ import annotations

import csv
import hashlib
import pickle
import threading
from pathlib import Path

from ..paths import shipped_data_dir, user_cache_dir
from ..places.gazetteer import MENTION_NAMES_SQL, Gazetteer
from ..places.names import exact_key, is_arabic, skeleton_key

WORLD_MIN_POPULATION = 15_000
PLACE, NOT_PLACE = 0, 1
# Arabic proclitics written onto the next word: و and, ب in/at, ل to/for, ف so.
_CLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "وف")
_VERSION = "8"


def not_place_terms() -> list[str]:
    path = shipped_data_dir() / "curated" / "not_places.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.reader(line for line in fh if not line.startswith("#"))
        next(rows)
        return [r[0] for r in rows if r and r[0].strip()]


def _pattern(key: str) -> str:
    return f" {key} "


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

        automaton = ahocorasick.Automaton()
        for name in gazetteer.mention_names(WORLD_MIN_POPULATION):
            key = exact_key(name)
            if key.startswith("the "):
                key = key[4:]  # "the Gaza Strip": the article is not part of the name
            if len(key) < 2 or key.isdigit():
                continue
            automaton.add_word(_pattern(key), (PLACE, 0, len(key) + 2))
            if "\u0600" <= key[0] <= "\u06ff":
                for clitic in _CLITICS:
                    skip = len(clitic)
                    if clitic.endswith("ل") and key.startswith("ال"):
                        variant = clitic + key[1:]  # ل + ال → لل: the mention is the name
                        skip += 1                   # without its article ("مواصي")
                    else:
                        variant = clitic + key
                    automaton.add_word(_pattern(variant), (PLACE, skip, len(variant) + 2))
        for term in not_place_terms():
            key = exact_key(term)
            if key:
                automaton.add_word(_pattern(key), (NOT_PLACE, 0, len(key) + 2))
        automaton.make_automaton()
        # Spelling variants of the regions covered in depth ("Tal as-Sultan" for "Tall as
        # Sultan", "Jabalya" for "Jabalia"): per-word consonant skeletons, articles left out.
        variants = ahocorasick.Automaton()
        for name in gazetteer.detailed_names():
            skel = token_skeletons(exact_key(name).split())
            if skel and len(skel.replace(" ", "")) >= 3 and not is_arabic(skel):
                variants.add_word(_pattern(skel), len(skel) + 2)
        variants.make_automaton()
        return cls(automaton, variants, cls.fingerprint_of(gazetteer))

    _cache: dict[str, MentionIndex] = {}
    _lock = threading.Lock()

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer) -> MentionIndex:
        """The index for this gazetteer: from memory, the disk cache, or built anew."""
        fp = cls.fingerprint_of(gazetteer)
        with cls._lock:
            if fp in cls._cache:
                return cls._cache[fp]
            path = user_cache_dir() / f"mention-index-{fp}.pickle"
            index = None
            if path.exists():
                try:
                    automaton, variants = pickle.loads(path.read_bytes())
                    index = cls(automaton, variants, fp)
                except Exception:  # a stale or truncated cache is rebuilt
                    index = None
            if index is None:
                index = cls.build(gazetteer)
                _save(path, pickle.dumps((index.automaton, index.variants),
                                         protocol=pickle.HIGHEST_PROTOCOL))
            cls._cache[fp] = index
            return index

    def scan(self, norm_text: str) -> list[tuple[int, int, int, int]]:
        """(start, end, not-a-place flag, clitic length) of every pattern occurrence.

        ``norm_text[start:end]`` is the matched key, without its bounding spaces.
        """
        return [(last - length + 2, last, flag, clitic)
                for last, (flag, clitic, length) in self.automaton.iter(norm_text)]


    def scan_variants(self, skeleton_text: str):
        """(start, end) of every variant occurrence in a skeleton token stream."""
        for last, length in self.variants.iter(skeleton_text):
            yield last - length + 2, last


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


def _save(path: Path, data: bytes) -> None:
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mention-index.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache directory only costs the rebuild next time
