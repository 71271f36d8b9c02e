"""Other spellings of a Levantine place name, for names the gazetteer does not know as written.

Lebanese and Syrian names reach the news in French-style spellings ("Borj El Chmali",
"Chouhour", "Rachidiyé", "Aabbasiyyeh") as often as in English ones ("Burj al-Shemali",
"Shuhur", "Rashidiyeh", "Abbasiyeh"), and many villages are in the gazetteer under one
spelling or under their Arabic name only.  The name keys (:mod:`geonews.places.names`)
already fold vowels, articles and doubled letters; what they cannot fold is a letter
written for another sound — French ``ch`` for ش, ``ou`` for و, ``é`` for the final ـة —
and a few word-level habits (Bourj/Borj for Burj, Kfar for Kafr, St. for Saint).

Each rewrite is a record with examples; :func:`respellings` applies them to make a
handful of candidate spellings, which the finder looks up and keeps only when one
lands near the article's other places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rewrite:
    """``pattern`` → ``replacement``; ``example`` becomes ``expected``."""

    name: str
    pattern: re.Pattern
    replacement: str
    example: str
    expected: str


def _rw(name: str, pattern: str, replacement: str, example: str, expected: str) -> Rewrite:
    return Rewrite(name, re.compile(pattern, re.IGNORECASE), replacement, example, expected)


REWRITES: tuple[Rewrite, ...] = (
    # French ch is English sh (ش); French ou is English u / w.
    _rw("fr-ch", r"(?<![sc])ch", "sh", "Borj El Chmali", "Borj El Shmali"),
    _rw("fr-ou", r"ou", "u", "Chouhour", "Chuhur"),
    # Final -é / -yé / -ié / -iye / -iyyeh / -ieh: the ta marbuta, written -iyeh in English.
    _rw("ending-iyeh", r"(?:iyy?[eé]h?|i[eé]h?|y[eé]|iya|iyah|iyya|iyyah)\b", "iyeh",
        "Rachidiyé", "Rachidiyeh"),
    _rw("ending-eh", r"(?<=[^aeiouy\W])é\b", "eh", "Maaraké", "Maarakeh"),
    # …and the gazetteer's French-style names end in a bare -e where English writes -eh
    # ("Merouaniyeh" / El Merouaniye, "Labbouneh" / Labboune).
    _rw("eh-e", r"(?<=[^aeiou\W])eh\b", "e", "Merouaniyeh", "Merouaniye"),
    # ʿayn written as a doubled vowel at the start or inside ("Aabbasiyyeh", "Maarakeh").
    _rw("double-a", r"aa", "a", "Aabbasiyyeh", "Abbasiyyeh"),
    # Word habits.
    _rw("burj", r"\b(?:bourj|borj)\b", "Burj", "Bourj Rahal", "Burj Rahal"),
    _rw("kfar", r"\bkfar\b", "Kafr", "Kfar Kila", "Kafr Kila"),
    _rw("kafr", r"\bkafr\b", "Kfar", "Kafr Tebnit", "Kfar Tebnit"),
    _rw("saint", r"\bst\.?(?=\s)", "Saint", "St. Petersburg", "Saint Petersburg"),
    _rw("st", r"\bsaint\b", "St.", "Saint Augustine", "St. Augustine"),
    _rw("djebel", r"\bdj", "j", "Djebel Amel", "Jebel Amel"),
    _rw("teyr", r"\bteyr\b", "Tayr", "Teyr Debba", "Tayr Debba"),
    _rw("k-q", r"\bk(?=[aeiou])", "q", "Kassem", "Qassem"),
)
MAX_RESPELLINGS = 6


def _apply(rw: Rewrite, text: str) -> str:
    """The rewrite, keeping the case of the first letter it replaces ("Ch" → "Sh")."""
    def repl(m: re.Match) -> str:
        out = rw.replacement
        if m.group()[:1].isupper():
            return out[:1].upper() + out[1:]
        return out[:1].lower() + out[1:] if m.group()[:1].islower() else out
    return rw.pattern.sub(repl, text)


def respellings(name: str) -> list[str]:
    """Other spellings of ``name`` (not including it), most changed first.

    All rewrites together first (a French spelling usually differs in several letters),
    then each one alone.

    >>> respellings("Bourj el-Chemali")[0]
    'Burj el-Shemali'
    >>> respellings("Qana")
    []
    """
    return list(_respellings(name))


@lru_cache(maxsize=50_000)
def _respellings(name: str) -> tuple[str, ...]:
    """respellings(), remembered: some fifty rewrites per name, and the same unknown
    names (slot names, list items) come back article after article."""
    together = name
    singles = []
    for rw in REWRITES:
        if rw.name in ("st", "kafr", "eh-e"):
            continue  # the reverse rewrites only alone, or they undo their twins
        new = _apply(rw, together)
        together = new
    for rw in REWRITES:
        alone = _apply(rw, name)
        if alone != name:
            singles.append(alone)
    out = [together] if together != name else []
    out += [s for s in singles if s not in out]
    return tuple(out[:MAX_RESPELLINGS])
