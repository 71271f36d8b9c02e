"""Language data: the words of evacuation orders, per language, as rules.

Like spaCy's ``lang/`` packages, each language is a module of plain tables —
:mod:`geonews.lang.en`, :mod:`geonews.lang.ar`, :mod:`geonews.lang.fr` — and one engine
(:mod:`geonews.lang.rules`) compiles them.  A table is a tuple of
:class:`~geonews.lang.rules.Rule` records; :data:`TABLES` says what each is for and how
the extractor applies it.  A language need not fill every table.

:func:`lexicon` merges the languages: *ordered* tables (triggers, hedges, issuers) keep
each rule apart, in language order then table order, because which rule matched
matters (its name is the trigger; the first issuer found is the issuer); every other
table becomes one compiled pattern, the union of its rules, since only *where* it
matches matters.

Adding a language is adding a module with these tables and its name to
:data:`LANGUAGES`; adding a phrasing is adding a record, with example sentences,
to a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from .rules import Automaton, Compiled, Finder, Rule, Text, compile_rule, compile_union

#: the languages whose rules the extractor applies, in the order their rules are tried
LANGUAGES = ("en", "ar", "fr")


@dataclass(frozen=True)
class Table:
    """What a table of rules is for, and how it is applied: ``search`` a sentence,
    ``match`` at a position (the words right after a place), ``fullmatch`` a short
    text (the gap between two places), or ``window``: ``search`` the words just before a
    place (patterns ending in ``$``)."""

    doc: str
    use: str = "search"
    ordered: bool = False


TABLES: dict[str, Table] = {
    "TRIGGERS": Table("a sentence reports an order or call to move", ordered=True),
    "HEDGES": Table("the sentence is about a past, hypothetical or denied order", ordered=True),
    "ISSUERS": Table("who gave the order; the first rule that matches names it", ordered=True),
    "CUES.affected": Table("places after it are to be left"),
    "CUES.destination": Table("places after it are where to go"),
    "CUES.exemption": Table("places after it are spared by the order"),
    "CUES.same": Table("places after it keep the role before ('the areas of', 'including')"),
    "CUES.to": Table("a bare 'to': a destination only if a place follows at once"),
    "CUES.break": Table("a clause that leaves the order behind (relative clause, speaker)"),
    "WEAK_CUE": Table("a cue that is only a preposition", use="fullmatch"),
    "AREA_DETAIL": Table("a sentence that lists the areas of the order before it"),
    "DESTINATION_DETAIL": Table("a sentence about reception centres for those leaving"),
    "ZONE_ANAPHORA": Table("'that zone': the previous order's unnamed destination"),
    "UNNAMED_DESTINATION": Table("an order to go to a zone it does not name"),
    "EXEMPTION_PASSIVE": Table("'X is not included': places before it are spared"),
    "WARNING_CUE": Table("'evacuation warnings for': places after it get no order"),
    "WARNING_TIER": Table("a warning that asks people to get ready, not to leave"),
    "TO_FILLER": Table("words between 'to' and a destination", use="match"),
    "REFERENCE_BEFORE": Table("words before a place that make it a reference point",
                              use="window"),
    "QUALIFIER_BEFORE": Table("gap before a place that qualifies the one before", use="match"),
    "ATTRIBUTION": Table("a speaker's home town in an attribution"),
    "FRAME_BEFORE": Table("words before a broad area that frames others", use="window"),
    "AFFECTED_AFTER": Table("words after a place that make it the area left", use="match"),
    "ISSUING_PLACE_AFTER": Table("words after a local authority that issues orders",
                                 use="match"),
    "LABEL": Table("a bulletin line 'Place: …'"),
    "EVACUATION_WORD": Table("a word of evacuation, near a bulletin's labels"),
    "EVACUATION_CONTEXT": Table("a word of evacuation, near a line of block numbers"),
    "SIDE_OF": Table("'north of' before a place or line", use="window"),
    "PART_OF": Table("'the eastern part of' before a place", use="window"),
    "DIRECTIONAL": Table("'eastern' before a place", use="window"),
    "BETWEEN": Table("'between' before the first of two places", use="window"),
    "BETWEEN_AND": Table("'and' between the two places of 'between'", use="match"),
    "RADIUS_OF": Table("'within a one-mile radius of' before a place", use="window"),
    "ANNOUNCED_LIST": Table("'the following villages': a list after the colon"),
    "LIST_AHEAD": Table("'including' after a place: it frames a list", use="match"),
    "LIST_GOES_ON": Table("after a name, more list items follow", use="match"),
    "REGION_WORD_AFTER": Table("'region' after a place: it locates another", use="match"),
    "LOCATOR_GAP": Table("'in' between a place and the area it lies in", use="match"),
    "POSSESSIVE": Table("a possessive after a place ('Gaza's'): a modifier", use="match"),
    "COORDINATION": Table("the gap between two coordinated places", use="fullmatch"),
    "TIME_END": Table("a time's full stop at a sentence's end", use="window"),
    "WEEKDAY": Table("'on Monday': a weekday to date the order by"),
}

#: the kinds of role cue, in the order their patterns are scanned
CUE_KINDS = ("affected", "destination", "exemption", "same", "to", "break")


def language(code: str) -> ModuleType:
    """The module of one language's tables."""
    if code not in LANGUAGES:
        raise KeyError(f"no rules for language {code!r}; known: {', '.join(LANGUAGES)}")
    return import_module(f"{__name__}.{code}")


def rules(table: str, languages: tuple[str, ...] = LANGUAGES) -> tuple[Rule, ...]:
    """The rules of one table (``"TRIGGERS"``, ``"CUES.affected"``…), language by language."""
    head, _, key = table.partition(".")
    out: list[Rule] = []
    for code in languages:
        value = getattr(language(code), head, ())
        out.extend(value.get(key, ()) if key else value)
    return tuple(out)


def _merged(name: str) -> dict:
    out: dict = {}
    for code in LANGUAGES:
        out.update(getattr(language(code), name, {}))
    return out


class Lexicon:
    """Every table compiled, for all :data:`LANGUAGES`.

    Ordered tables are tuples of compiled rules (``triggers``, ``hedges``, ``issuers``);
    the others are one :class:`~geonews.lang.rules.Compiled` union each, as attributes in
    lower case (``lexicon().area_detail``); ``cues`` pairs each cue kind's union with
    its kind, and ``cue_finder`` finds them all in one pass.  Language data that is not
    a pattern — month names, side words, number words — is merged into dictionaries.
    """

    def __init__(self):
        self.triggers = tuple(compile_rule(r) for r in rules("TRIGGERS"))
        self.trigger_index = Automaton(self.triggers)
        self.hedges = tuple(compile_rule(r) for r in rules("HEDGES"))
        self.hedge_index = Automaton(self.hedges)
        self.issuers = tuple(compile_rule(r) for r in rules("ISSUERS"))
        self.issuer_index = Automaton(self.issuers)
        self.cues = tuple((compile_union(f"cue {k}", rules(f"CUES.{k}")), k) for k in CUE_KINDS)
        self.cue = dict((k, c) for c, k in self.cues)
        self.cue_finder = Finder([c for c, _ in self.cues])  # all kinds in one pass
        for name, table in TABLES.items():
            if not table.ordered and not name.startswith("CUES."):
                setattr(self, name.lower(), compile_union(name.lower(), rules(name)))
        self.sides = {s: s for s in ("north", "south", "east", "west")} | _merged("SIDES")
        self.months = _merged("MONTHS")
        self.number_words = _merged("NUMBER_WORDS")
        self.unit_metres = _merged("UNIT_METRES")
        self.weekdays = _merged("WEEKDAYS")
        self.digits = _merged("DIGITS")

    def __repr__(self) -> str:
        return f"Lexicon({', '.join(LANGUAGES)}: {len(self.triggers)} triggers)"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon of all languages (built once per process)."""
    return Lexicon()


def side(match: re.Match, lex: Lexicon | None = None) -> str:
    """The compass side a side pattern's match names, in English ("east").

    >>> side(lexicon().directional.search(Text("شرقي ")))
    'east'
    """
    word = next(g for g in match.groups() if g is not None)
    return (lex or lexicon()).sides[word.lower()]


__all__ = ["LANGUAGES", "TABLES", "CUE_KINDS", "Lexicon", "Rule", "Text", "Compiled",
           "lexicon", "rules", "language", "side"]
