"""Seeing through Unicode spaces and invisible characters, with offsets kept.

Pasted news carries no-break spaces ("Khan\\u00a0Younis"), thin spaces, and
characters that print as nothing: zero-width spaces, soft hyphens, joiners,
direction marks, byte-order marks.  To a tokenizer an invisible character inside
a word splits it ("Kha\\u200bn" is "Kha" and "n"), and a no-break space between
two words keeps them from being read as one name.  Names are therefore looked
for in a *normalised* text, where every Unicode space is a plain space, every
line or paragraph separator a line break, and every format character (Unicode
category Cf) is gone.

Spaces keep their length; removed characters do not, so the normalised text
keeps where its characters came from, and spans found in it are mapped back to
the text as it was read: a mention's offsets always slice the original text.

>>> n = normalise("Kha\\u200bn\\u00a0Younis")
>>> n.text
'Khan Younis'
>>> n.original_span(0, 11)
(0, 12)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field


# Every space but the ASCII one (Unicode category Zs), the line and paragraph separators
# (Zl, Zp) and every format character (Cf), as the Unicode 14 database has them (a test
# checks them against the running Python's database).
SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
LINE_BREAKS = "\u2028\u2029"
INVISIBLE = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
             "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
             "\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
             "\U000e0001\U000e0020-\U000e007f")
_SPACES = re.compile(f"[{SPACES}]")
_LINE_BREAKS = re.compile(f"[{LINE_BREAKS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_ANY = re.compile(f"[{SPACES}{LINE_BREAKS}{INVISIBLE}]")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """``text`` normalised, and where the characters removed from the original were.

    ``removed`` holds, for each removed character, the offset in ``text`` of the
    character that followed it (sorted; repeated for a run of removed characters).
    ``source`` is the text it was made from.
    """

    text: str
    removed: tuple[int, ...] = ()
    source: str = field(default="", repr=False, compare=False)  # the original text

    def original_offset(self, i: int) -> int:
        """Where the character at ``i`` of the normalised text is in the original.

        >>> normalise("a\\u200b\\u200bb").original_offset(1)
        3
        """
        return i + bisect_right(self.removed, i) if self.removed else i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``: invisible characters inside it are
        part of it, those just before or after it are not.

        >>> normalise("\\u200bRa\\u00adfah\\u200b.").original_span(0, 5)
        (1, 7)
        """
        if not self.removed:
            return start, end
        if end <= start:
            first = self.original_offset(start)
            return first, first
        return self.original_offset(start), self.original_offset(end - 1) + 1


# The last text lower_keeping_offsets lowered, and its lower case.
_LAST_LOWERED: tuple[str, str] = ("", "")


def lower_keeping_offsets(text: str) -> str:
    """The text lower-cased with every offset kept: the one letter whose lower case is two
    characters, the Turkish dotted capital İ, is left as it is.

    >>> lower_keeping_offsets("İzmir and Qana"), len(lower_keeping_offsets("İİ"))
    ('İzmir and qana', 2)

    The last text's lower case is remembered: the mention finder's tokens, place slots
    and list cues all read one article lowered (lowering a text with one curly quote in
    it maps every character through Unicode's tables).
    """
    global _LAST_LOWERED
    last, low = _LAST_LOWERED
    if text is last:  # (held here, so no other object can have its id)
        return low
    low = text.lower()
    if len(low) != len(text):
        low = "İ".join(part.lower() for part in text.split("İ"))
    _LAST_LOWERED = (text, low)
    return low


def normalise(text: str) -> NormalisedText:
    """Unicode spaces made plain spaces, separators line breaks, format characters removed.

    >>> normalise("Rafah\\u2028Khan\\u202fYounis\\ufeff").text
    'Rafah\\nKhan Younis'
    """
    original = text
    if text.isascii() or not _ANY.search(text):
        return NormalisedText(text, (), original)  # nothing to do, and nothing copied
    if _SPACES.search(text):
        text = _SPACES.sub(" ", text)
    if _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    if not _INVISIBLE.search(text):
        return NormalisedText(text, (), original)
    removed = tuple(m.start() - k for k, m in enumerate(_INVISIBLE.finditer(text)))
    return NormalisedText(_INVISIBLE.sub("", text), removed, original)
