"""Regular expressions that run only where their first word occurs.

Python's regex engine tries a pattern such as ``\\b(?:residents|villages)\\s+of`` at
every position of a text.  When every match must begin with one of a few words, one
Aho-Corasick pass finds where those words start and the pattern is tried there alone:
the same matches, several times faster on news-length texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class KeywordPattern:
    """A compiled pattern whose every match begins with one of ``keywords``.

    ``finditer`` gives exactly what ``re.finditer`` gives (non-overlapping matches,
    left to right), as long as that promise holds: the keywords are prefixes of every
    alternative, in the case of the text searched (lower-cased text: lower-case words).

    >>> slot = KeywordPattern(r"\\b(?:residents|people)\\s+of", ["residents", "people"])
    >>> [m.group() for m in slot.finditer("residents of a and townspeople of b, people of c")]
    ['residents of', 'people of']
    """

    def __init__(self, pattern: str | re.Pattern, keywords: Iterable[str], flags: int = 0):
        import ahocorasick

        self.regex = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        self._words = ahocorasick.Automaton()
        for word in keywords:
            self._words.add_word(word, len(word))
        self._words.make_automaton()

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def starts(self, text: str) -> list[int]:
        """Where a keyword begins, in order."""
        return sorted({end - length + 1 for end, length in self._words.iter(text)})

    def finditer(self, text: str) -> Iterator[re.Match]:
        taken = 0
        for start in self.starts(text):
            if start < taken:
                continue  # inside the previous match, as re.finditer would skip it
            m = self.regex.match(text, start)
            if m:
                taken = max(m.end(), start + 1)
                yield m
