"""A news article as geonews sees it: text, metadata, and which parts are boilerplate."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from .normalise import NormalisedText, normalise

SectionKind = Literal["body", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Section:
    """A span of the text: article body, or page furniture (captions, link lists)."""

    start: int
    end: int
    kind: SectionKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the text, with its character offsets."""

    start: int
    end: int
    section: SectionKind


@dataclass
class Document:
    """One article: its text and what is known about it.

    ``sections`` cover the whole text in order; places found in a boilerplate
    section are reported but never become directives or map features.
    """

    text: str
    id: str | None = None
    title: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) when known
    url: str | None = None
    source: str | None = None  # where it was read from (a path, "stdin", a JSONL line)
    sections: list[Section] = field(default_factory=list)
    _normalised: NormalisedText | None = field(default=None, init=False, repr=False,
                                               compare=False)

    @property
    def normalised(self) -> NormalisedText:
        """The text with Unicode spaces and invisible characters normalised, offsets kept
        (see :mod:`geonews.text.normalise`); made once per text.

        >>> Document("Khan\u00a0Younis").normalised.text
        'Khan Younis'
        """
        cached = self._normalised
        if cached is None or cached.source is not self.text:
            cached = self._normalised = normalise(self.text)
        return cached

    def section_at(self, offset: int) -> SectionKind:
        """The kind of the section holding ``offset`` ("body" outside every section).

        Sections are in text order, so the one that may hold the offset is found by
        bisection: asked once per mention, a scan would be quadratic in long pages.

        >>> d = Document("ab\\ncd\\n", sections=[Section(0, 3, "body"),
        ...                                    Section(3, 6, "boilerplate")])
        >>> [d.section_at(i) for i in (0, 2, 3, 5, 6)]
        ['body', 'body', 'boilerplate', 'boilerplate', 'body']
        """
        i = bisect_right(self.sections, offset, key=attrgetter("start")) - 1
        if i >= 0 and offset < self.sections[i].end:
            return self.sections[i].kind
        return "body"
