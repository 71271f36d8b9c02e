"""Numbered evacuation blocks: "blocks 64 and 112", "block 5", "areas 47, 48 and 53",
ranges ("blocks 1–5"), and the Arabic forms ("البلوكات 36، 54-38").

Only numbers right after a block word count, so phone numbers (112), times and
"zones A, B" are not blocks; each number must exist in the block grid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..lang.rules import keywords

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUM = r"\d{1,4}"
_LIST = (rf"{_NUM}(?:\s*(?:[-–—]|to|إلى|الى|حتى)\s*{_NUM})?"
         rf"(?:\s*(?:,|،|/|&|\band\b|\bor\b|و)\s*(?:\band\b\s*)?{_NUM}"
         rf"(?:\s*(?:[-–—]|to|إلى|الى|حتى)\s*{_NUM})?)*")
_ENGLISH = re.compile(
    rf"\b(?:blocks?|block\s+numbers?|areas?|zones?|squares?)\s*(?:nos?\.?|numbers?|#|numbered)?"
    rf"\s*(?P<list>{_LIST})(?![\w.:/])", re.IGNORECASE)
_ARABIC = re.compile(
    rf"(?:البلوكات|البلوك|بلوكات|بلوكي|بلوك|والبلوكات|والبلوك|المربعات|مربعات|المربع|مربع"
    rf"|المناطق|مناطق)\s*(?:رقم|أرقام|ارقام|رقمي)?\s*:?\s*(?P<list>{_LIST})")
# "areas"/"zones" alone are common words: their numbers count only near a block word
# or an evacuation word in the same sentence.
_WEAK = re.compile(r"^(?:areas?|zones?|squares?|المناطق|مناطق)", re.IGNORECASE)
_CONTEXT = re.compile(r"block|بلوك|evacuat|إخلاء|اخلاء|leave|displace|order", re.IGNORECASE)
MAX_RANGE = 200
_ANY_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
# One of these is in every English match (casefolded, as IGNORECASE compares "ſ" and "s"):
# most sentences with a number (a date, a toll) have none, and skip the pattern, which
# is tried at every position.
_ENGLISH_WORDS = ("block", "area", "zone", "square")
# One of these is in every Arabic match (derived from the pattern): most sentences, all
# but the Arabic ones, skip a pattern that no literal prefix lets the engine skip ahead.
_ARABIC_WORDS = tuple(sorted(keywords(_ARABIC.pattern) or ("",)))


@dataclass(frozen=True)
class BlockMention:
    numbers: tuple[int, ...]
    start: int
    end: int
    text: str


def _numbers(listing: str) -> list[int]:
    out: list[int] = []
    listing = listing.translate(_ARABIC_DIGITS)
    for part in re.split(r"\s*(?:,|،|/|&|\band\b|\bor\b|(?<!\d)و)\s*", listing):
        part = part.strip()
        if not part:
            continue
        rng = re.fullmatch(rf"({_NUM})\s*(?:[-–—]|to|إلى|الى|حتى)\s*({_NUM})", part)
        if rng:
            a, b = sorted((int(rng.group(1)), int(rng.group(2))))  # Arabic ranges run 54-38
            if b - a <= MAX_RANGE:
                out.extend(range(a, b + 1))
            continue
        if part.isdigit():
            out.append(int(part))
    return out


def find_blocks(text: str, exists: Callable[[int], bool]) -> list[BlockMention]:
    """Block numbers named in ``text`` that exist in the grid (``exists``).

    >>> find_blocks("Residents of blocks 64 and 112 must leave; call 112.", lambda n: True)[0].numbers
    (64, 112)
    >>> find_blocks("البلوكات 36، 54-38", lambda n: True)[0].numbers[:4]
    (36, 38, 39, 40)
    >>> find_blocks("the six-block area and zones A, B", lambda n: True)
    []
    """
    if not _ANY_DIGIT.search(text):
        return []
    # ASCII text has no Arabic digit to translate, and no Arabic block word
    ascii_only = text.isascii()
    text_digits = text if ascii_only else text.translate(_ARABIC_DIGITS)
    folded = text_digits.casefold()
    english = any(w in folded for w in _ENGLISH_WORDS)
    arabic = not ascii_only and any(w in text_digits for w in _ARABIC_WORDS)
    out = []
    for rx in [rx for rx, wanted in ((_ENGLISH, english), (_ARABIC, arabic)) if wanted]:
        for m in rx.finditer(text_digits):
            if _WEAK.match(m.group(0)) and not _CONTEXT.search(text_digits):
                continue
            nums = tuple(dict.fromkeys(n for n in _numbers(m.group("list")) if exists(n)))
            if nums:
                out.append(BlockMention(nums, m.start(), m.end(), text[m.start():m.end()]))
    out.sort(key=lambda b: b.start)
    return out
