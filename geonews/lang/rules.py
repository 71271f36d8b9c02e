"""Rules as data, and the one engine that compiles them.

A :class:`Rule` is a record: what it recognises (``name``), its pattern, and a few
sentences it must and must not match (``examples`` / ``counterexamples``: one
table-driven test runs them all).  The language modules (:mod:`geonews.lang.en`,
``.ar``, ``.fr``) hold tables of rules; nothing in them is code.

:func:`compile_rule` derives, from the pattern alone, what the hand-written lexicon
once kept by hand beside every regex:

* **keywords** — strings one of which occurs (lower-cased) in every match, so a
  sentence with none of them never runs the pattern (one Aho-Corasick pass tells);
* **leading words** — strings every match *begins* with, so a cue scanned over a
  sentence is tried only where one starts (:class:`~geonews.text.patterns.KeywordPattern`);
* a **lower-case twin** — the pattern without IGNORECASE, run on lower-cased text,
  which Python's engine matches several times faster; derived only when no literal
  of the pattern is upper case.

The derivation reads the parsed pattern (the standard library's regex parser), as
RE2's "prefilter" does: a literal run is exact; a branch is the union of its
alternatives; an optional or unbounded part ends what is known.  It is sound by
construction (it never claims a word a match may lack), and a property test
generates matches of every rule and checks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter

try:  # the parser moved in Python 3.11; the old name still works but warns
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

from ..text.patterns import KeywordPattern, KeywordPatterns

#: how many strings a derived set may hold (a cross product of alternatives grows fast)
_MAX_WORDS = 512
#: a keyword shorter than this is in almost every sentence: no use as a filter
_MIN_KEYWORD = 2


@dataclass(frozen=True)
class Rule:
    """One pattern of a language, with sentences of its own to prove it.

    ``pattern`` is a regular expression, case-insensitive unless ``case_sensitive``.
    A *sequence* rule (``then``) matches where ``pattern`` is followed, within the same
    clause and ``within`` characters, by ``then`` ("told … to leave"); a list of names
    in between counts as one word, however long.  ``unless``: a text where this also
    occurs is no match ("evacuation warning" unless "be ready to leave").
    """

    name: str
    pattern: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    case_sensitive: bool = False
    then: str | None = None
    within: int = 120
    unless: str | None = None
    note: str = ""

    @property
    def flags(self) -> int:
        return 0 if self.case_sensitive else re.IGNORECASE


# --------------------------------------------------------------------- derivation
def _lower(ch: int) -> str:
    return chr(ch).lower()


#: how a derivation writes a character of the pattern: lower-cased (the words looked for in
#: lower-cased text), or as written (:data:`_AS_WRITTEN`, for case-sensitive patterns)
Fold = Callable[[int], str]
_AS_WRITTEN: Fold = chr


def _char_set(av, fold: Fold = _lower) -> set[str] | None:
    """The characters an IN node matches, if few and listed; None for classes/negations."""
    out: set[str] = set()
    for op, arg in av:
        if op is _c.LITERAL:
            out.add(fold(arg))
        elif op is _c.RANGE and arg[1] - arg[0] < 12:
            out.update(fold(c) for c in range(arg[0], arg[1] + 1))
        else:  # NEGATE, CATEGORY (\w, \s), wide ranges
            return None
    return out or None


def _cross(a: set[str], b: set[str]) -> set[str] | None:
    if len(a) * len(b) > _MAX_WORDS:
        return None
    return {x + y for x in a for y in b}


def _score(words: set[str] | None) -> tuple[int, int]:
    """How good a filter a word set is: its shortest word, then fewer words."""
    if not words:
        return (-1, 0)
    return (min(map(len, words)), -len(words))


@dataclass
class _Info:
    exact: set[str] | None  # the node matches exactly one of these strings
    required: set[str] | None  # every match contains one of these
    # more sets every match holds a string of, each on its own ("told" … "leave")
    also: list[set[str]] = field(default_factory=list)


_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def _seq(items, fold: Fold = _lower) -> _Info:
    run: set[str] | None = {""}
    best: set[str] | None = None
    exact_all: set[str] | None = {""}
    also: list[set[str]] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        info = _node(op, av, fold)
        if info.exact is not None and run is not None:
            joined = _cross(run, info.exact)
            if joined is not None:
                run = joined
                if exact_all is not None:
                    exact_all = run
                continue
        # the run of exact strings ends here: it is one candidate, the node another
        for cand in (run, info.exact, info.required):
            if cand and _score(cand) > _score(best):
                best = cand
            if cand:
                also.append(cand)  # each part of a sequence is in every match of it
        also.extend(info.also)
        run = info.exact if info.exact is not None else {""}
        exact_all = None
    if run and _score(run) > _score(best):
        best = run
    if run:
        also.append(run)
    return _Info(exact_all, best, also)


def _node(op, av, fold: Fold = _lower) -> _Info:
    if op is _c.LITERAL:
        s = {fold(av)}
        return _Info(s, s)
    if op is _c.IN:
        s = _char_set(av, fold)
        return _Info(s, s)
    if op is _c.SUBPATTERN:
        return _seq(av[-1], fold)
    if op is _c.BRANCH:
        parts = [_seq(alt, fold) for alt in av[1]]
        exact = set().union(*(p.exact for p in parts)) if all(
            p.exact is not None for p in parts) else None
        if exact is not None and len(exact) > _MAX_WORDS:
            exact = None
        bests = [p.exact if p.exact and _score(p.exact) >= _score(p.required) else p.required
                 for p in parts]
        required = set().union(*bests) if all(bests) else None
        return _Info(exact, required)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        inner = _seq(sub, fold)
        if lo == 0:
            return _Info({""} if hi == 0 else None, None)
        exact = inner.exact if lo == hi == 1 else None
        best = inner.exact if inner.exact and _score(inner.exact) >= _score(
            inner.required) else inner.required
        return _Info(exact, best, inner.also)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av, fold)
    return _Info(None, None)  # ANY, CATEGORY, GROUPREF, …


def keywords(pattern: str, flags: int = 0, shortest: int = _MIN_KEYWORD
             ) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None when
    no useful set exists (the pattern must then run on every text).

    >>> sorted(keywords(r"\\b(?:evacuation|displacement)\\s+orders?\\b"))
    ['displacement', 'evacuation']
    >>> sorted(keywords(r"\\b(?:must|should)\\s+leave"))
    ['leave']
    >>> keywords(r"\\w+\\s\\d") is None
    True
    """
    return _keywords_of(_seq(_parsed(pattern, flags)), shortest)


def _keywords_of(info: _Info, shortest: int) -> frozenset[str] | None:
    words = info.exact if info.exact and _score(info.exact) >= _score(info.required) \
        else info.required
    if not words or min(map(len, words)) < shortest or len(words) > _MAX_WORDS:
        return None
    # a word that contains another is implied by it
    kept = {w for w in words if not any(o != w and o in w for o in words)}
    return frozenset(kept)


#: a further keyword set is kept only if its words are this long on average: short words
#: ("to", "is", "de") occur in most sentences, and their many hits would cost more than
#: the searches they save ("had" still pays: 3 rather than 4 takes 1.6 % off the trigger
#: and hedge passes on dev+dev2, counted by valgrind)
_MIN_FURTHER = 3
#: further sets kept per rule (the best ones)
_FURTHER = 2


def keyword_sets(pattern: str, flags: int = 0, shortest: int = _MIN_KEYWORD
                 ) -> tuple[frozenset[str], ...]:
    """:func:`keywords` first, then further sets of strings every match also contains one
    of (each part of a sequence: "told" and "leave" in "told … to leave"), best filters
    first; () when the pattern has no useful keywords.  A text that lacks a word of any
    set cannot match.  ``shortest``: the shortest word a set may hold.

    >>> [sorted(s) for s in keyword_sets(r"\\b(?:must|should)\\s+(?:leave|evacuate)")]
    [['evacuate', 'leave'], ['must', 'should']]
    >>> keyword_sets(r"\\w+\\s\\d")
    ()
    """
    return _sets_of(_seq(_parsed(pattern, flags)), shortest, _MIN_FURTHER)


def cased_sets(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """For a case-sensitive pattern, sets of strings *as written* one of each of which
    every match contains, of any length: looked for in the text itself, an exact "To" or
    "Leave" is rare where "to" and "leave" are in most sentences.  () for a pattern that
    ignores case anywhere (its words may then occur in any case).

    >>> [sorted(s) for s in cased_sets(r"(?:^|: )To\\s+(?:residents|people)\\b")]
    [['people', 'residents'], ['To']]
    >>> cased_sets(r"To\\s+(?i:residents)"), cased_sets(r"To\\s+residents", re.IGNORECASE)
    ((), ())
    """
    parsed = _parsed(pattern, flags)
    if parsed.state.flags & re.IGNORECASE or _ignores_case_inside(parsed):
        return ()
    return _sets_of(_seq(parsed, _AS_WRITTEN), 1, 1)


def _ignores_case_inside(items) -> bool:
    """Whether a group of the pattern turns IGNORECASE on (``(?i:…)``)."""
    for op, av in items:
        if op is _c.SUBPATTERN and (av[1] & re.IGNORECASE or _ignores_case_inside(av[-1])):
            return True
        if op is _c.BRANCH and any(_ignores_case_inside(alt) for alt in av[1]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) \
                and _ignores_case_inside(av[2]):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _ignores_case_inside(av[1]):
            return True
        if op is getattr(_c, "ATOMIC_GROUP", None) and _ignores_case_inside(av):
            return True
    return False


def _sets_of(info: _Info, shortest: int, average: int) -> tuple[frozenset[str], ...]:
    """The best set of a derivation, then up to :data:`_FURTHER` further sets whose words
    are ``average`` characters long on average at least."""
    first = _keywords_of(info, shortest)
    if first is None:
        return ()
    further: list[frozenset[str]] = []
    for words in sorted(info.also, key=_score, reverse=True):
        if not words or min(map(len, words)) < shortest or len(words) > _MAX_WORDS \
                or sum(map(len, words)) < average * len(words):
            continue
        kept = frozenset(w for w in words if not any(o != w and o in w for o in words))
        # a set is implied when each word of a set already asked for contains one of it
        if any(all(any(o in w for o in kept) for w in s) for s in (first, *further)):
            continue
        further.append(kept)
        if len(further) == _FURTHER:
            break
    return (first, *further)


def _leading(items) -> set[str] | None:
    """Strings every match of the sequence begins with (None: unknown)."""
    run: set[str] = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        info = _node(op, av)
        if info.exact is not None:
            joined = _cross(run, info.exact)
            if joined is None:
                break
            run = joined
            continue
        # Not one of a few strings: its own beginnings extend the run, then it ends.
        heads = _heads(op, av)
        if heads:
            run = _cross(run, heads) or run
        break
    return None if run == {""} else run


def _heads(op, av) -> set[str] | None:
    """Strings every match of one node begins with."""
    if op is _c.SUBPATTERN:
        return _leading(av[-1])
    if op is _c.BRANCH:
        parts = [_leading(alt) for alt in av[1]]
        if any(not p or "" in p for p in parts):
            return None
        return set().union(*parts)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _leading(av[2])
    return None


def leading_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case strings that every match of ``pattern`` begins with, or None.

    >>> sorted(leading_words(r"\\b(?:residents|people)\\s+of\\b"))
    ['people', 'residents']
    >>> sorted(leading_words(r"\\bshelters?\\s+in|\\bto\\b"))
    ['shelter', 'to']
    >>> leading_words(r"(?:\\w+\\s+)?of") is None
    True
    """
    words = _leading(_parsed(pattern, flags))
    if not words or min(map(len, words)) < 1:
        return None
    return frozenset(w for w in words if not any(o != w and w.startswith(o) for o in words))


def first_words(pattern: str, flags: int = 0) -> tuple[frozenset[str], bool] | None:
    """Where a first match may begin: the lower-case strings of :func:`leading_words`, and
    whether it may also begin at the very start of the text, for a pattern with
    alternatives anchored there (``…|^\\W*when\\b``); None when unknown.  A search then
    tries the pattern at the start and where those strings begin, and nowhere else.

    >>> words, at_start = first_words(r"\\bwhether\\b|^\\W*when\\b")
    >>> sorted(words), at_start
    (['whether'], True)
    >>> first_words(r"\\bwhether\\b|(?m:^\\W*when)") is None  # the start of any line
    True
    """
    words = leading_words(pattern, flags)
    if words is not None:
        return words, False
    parsed = _parsed(pattern, flags)
    found = _starts_of(list(parsed), parsed.state.flags)
    if found is None or not found[1] or not found[0]:
        return None
    union = found[0]
    return frozenset(w for w in union if not any(o != w and w.startswith(o) for o in union)), True


def _starts_of(items, flags: int) -> tuple[set[str], bool] | None:
    """Where every match of a sequence begins: with one of some strings, or (True) at the
    very start of the text; None when unknown.  Alternatives nested in groups count too
    (a union of rules, one of which is anchored: "…|^\\W*(?:les|ces)…")."""
    for op, av in items:
        if op is _c.AT and (av is _c.AT_BEGINNING_STRING
                            or av is _c.AT_BEGINNING and not flags & re.MULTILINE):
            return set(), True
        if op not in _ZERO_WIDTH:
            break
    else:
        return None
    words = _leading(items)
    if words and "" not in words:
        return words, False
    if op is _c.SUBPATTERN:  # the first part that consumes: the match begins where it does
        return _starts_of(list(av[-1]), (flags | av[1]) & ~av[2])
    if op is _c.BRANCH:
        union: set[str] = set()
        anchored = False
        for alt in av[1]:
            found = _starts_of(list(alt), flags)
            if found is None:
                return None
            union |= found[0]
            anchored = anchored or found[1]
        return union, anchored
    return None


def line_anchored(pattern: str, flags: int = 0) -> bool:
    """Whether every match begins at the start of a line (``^`` under MULTILINE) and holds
    no line break: a text's matches are then the matches at the starts of its lines, and
    a line that lacks a keyword holds none (a bulletin's "Place: …" labels).

    >>> line_anchored(r"(?m:^[ \\t]*[^:\\n]{2,60}?:[ \\t]+\\S)")
    True
    >>> line_anchored(r"(?m:^\\w+:\\s+\\S)"), line_anchored(r"^\\w+:"), line_anchored(r"\\w+:")
    (False, False, False)
    """
    parsed = _parsed(pattern, flags)
    flags = parsed.state.flags
    return _starts_lines(list(parsed), flags) and _newline_free(parsed, flags)


def _starts_lines(items, flags: int) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is _c.AT:
        return av is _c.AT_BEGINNING and bool(flags & re.MULTILINE) or \
            av is _c.AT_BEGINNING_STRING
    if op is _c.SUBPATTERN:
        return _starts_lines(list(av[-1]), (flags | av[1]) & ~av[2])
    if op is _c.BRANCH:
        return all(_starts_lines(list(alt), flags) for alt in av[1])
    return False


#: character categories that hold a line break, and those known not to
_BREAKING = {_c.CATEGORY_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_WORD,
             _c.CATEGORY_LINEBREAK}
_UNBROKEN = {_c.CATEGORY_DIGIT, _c.CATEGORY_NOT_SPACE, _c.CATEGORY_WORD,
             _c.CATEGORY_NOT_LINEBREAK}


def _newline_free(items, flags: int) -> bool:
    """Whether no match of the items holds a line break (False when unsure)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing (a lookahead may look past the line: it still ends)
        if op is _c.LITERAL:
            ok = av != 10
        elif op is _c.NOT_LITERAL:
            ok = av == 10
        elif op is _c.IN:
            ok = _class_free(av)
        elif op is _c.ANY:
            ok = not flags & re.DOTALL
        elif op is _c.SUBPATTERN:
            ok = _newline_free(av[-1], (flags | av[1]) & ~av[2])
        elif op is _c.BRANCH:
            ok = all(_newline_free(alt, flags) for alt in av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            ok = _newline_free(av[2], flags)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            ok = _newline_free(av, flags)
        else:
            ok = False  # a back reference, …: unsure
        if not ok:
            return False
    return True


def _class_free(av) -> bool:
    """Whether a character class leaves out the line break."""
    holds = False
    for op, arg in av:
        if op is _c.NEGATE:
            continue
        if op is _c.LITERAL:
            holds = holds or arg == 10
        elif op is _c.RANGE:
            holds = holds or arg[0] <= 10 <= arg[1]
        elif op is _c.CATEGORY and arg in _BREAKING | _UNBROKEN:
            holds = holds or arg in _BREAKING
        else:
            return False  # unsure
    negated = bool(av) and av[0][0] is _c.NEGATE
    return holds == negated


def _has_upper_literal(items) -> bool:
    for op, av in items:
        if op is _c.LITERAL and chr(av) != chr(av).lower():
            return True
        if op is _c.IN and any(o is _c.LITERAL and chr(a) != chr(a).lower() or o is _c.RANGE and
                               any(chr(c) != chr(c).lower() for c in range(a[0], a[1] + 1))
                               for o, a in av):
            return True
        if op is _c.SUBPATTERN and _has_upper_literal(av[-1]):
            return True
        if op is _c.BRANCH and any(_has_upper_literal(alt) for alt in av[1]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and _has_upper_literal(av[2]):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _has_upper_literal(av[1]):
            return True
    return False


def lowercase_twin(regex: re.Pattern) -> re.Pattern | None:
    """The pattern without IGNORECASE, to run on lower-cased text, or None when a literal
    of it is upper case (a case-sensitive part, such as a speaker's capital).

    >>> bool(lowercase_twin(re.compile(r"residents\\s+of", re.I)).flags & re.I)
    False
    >>> lowercase_twin(re.compile(r"(?-i:[A-Z])\\w+ said", re.I)) is None
    True
    """
    return _twin(regex.pattern, regex.flags)


def _twin(pattern: str, flags: int) -> re.Pattern | None:
    if not flags & re.IGNORECASE or _has_upper_literal(_parsed(pattern, flags)):
        return None
    return re.compile(pattern, flags & ~re.IGNORECASE)


@lru_cache(maxsize=256)
def _parsed(pattern: str, flags: int):
    """The parsed pattern, once for the three derivations (read, never changed)."""
    return _sre.parse(pattern, flags)


# ------------------------------------------------------------------------ engine
_STOP = re.compile(r"[.;!?]")
# Two or more short items (up to four words) joined by commas, "and", "et", و: a list.
_LIST_RUN = re.compile(r"(?:[^\s,،()]+(?:[ \t]+[^\s,،()]+){0,3}(?:[ \t]*\([^()]{0,60}\))?"
                       r"[ \t]*(?:,|،)[ \t]*(?:(?:and|et|or)[ \t]+)?){2,}"
                       r"[^\s,،()]+(?:[ \t]+[^\s,،()]+){0,3}")


def _without_lists(gap: str) -> int:
    """How long ``gap`` is when each list of names in it counts as one word: a list has two
    commas at least, and a gap with fewer is not searched for one."""
    if gap.count(",") + gap.count("،") < 2:
        return len(gap)
    return len(_LIST_RUN.sub(" ", gap))


class Text:
    """A text and its lower-cased form, computed once for all the rules that read it.

    A plain class with slots, not a dataclass: dozens are made per article (the window
    before each place), and a dataclass's ``__init__`` calling ``__post_init__`` cost
    half as much again."""

    __slots__ = ("text", "low", "folded")

    def __init__(self, text: str):
        self.text = text
        self.low = low = text.lower()
        self.folded = len(low) == len(text)  # lower() kept every offset (almost always)

    def __repr__(self) -> str:
        return f"Text({self.text!r})"


def _each_occurs(sets: tuple[frozenset[str], ...], text: str) -> bool:
    """Whether a word of each set occurs in ``text``."""
    for words in sets:
        for w in words:
            if w in text:
                break
        else:
            return False
    return True


def as_text(text: str | Text) -> Text:
    return text if isinstance(text, Text) else Text(text)


class Compiled:
    """A rule (or a union of rules) ready to run: its regex, twin and derived words."""

    def __init__(self, name: str, pattern: str, flags: int, *, then: str | None = None,
                 within: int = 120, unless: str | None = None, rules: Sequence[Rule] = ()):
        self.name = name
        self.rules = tuple(rules)
        self._pattern, self._flags = pattern, flags
        self.twin = _twin(pattern, flags)
        self._sets = keyword_sets(pattern, flags)  # every keyword set, the best first
        self.keywords = self._sets[0] if self._sets else None
        # What possible() looks for, one character long at least: "(" before "في" is no
        # use to an automaton (it would hit everywhere) but a quick test of a window.
        self._probes = keyword_sets(pattern, flags, shortest=1)
        # and, for a case-sensitive pattern, words as written, looked for in the text itself
        self._cased = cased_sets(pattern, flags)
        self.leading = leading_words(pattern, flags) if self.twin is not None else None
        # the regex to scan lower-cased text with, only where a leading word starts
        self._scan = KeywordPattern(self.twin, self.leading) if self.leading else None
        # a search's first match, also for rules with alternatives anchored at the start
        # (a scan's every match cannot be found so: "^" is a position, not a word)
        first = first_words(pattern, flags) if self.twin is not None and not then else None
        self._first = KeywordPattern(self.twin, first[0]) if first else None
        self._first_at_start = bool(first and first[1])
        # a scan of the whole text tries only the starts of lines that hold the keywords
        self._lines = not then and line_anchored(pattern, flags)
        self.then = Compiled(f"{name} (then)", then, flags) if then else None
        if self.then is not None:
            # A sequence's text holds a word of each set of its tail too: "told" with no
            # "leave" (or "to") after it is no candidate, and no search.
            self._sets += self.then._sets
            self._probes += self.then._probes
            self._cased += self.then._cased
        self.within = within
        self.unless = Compiled(f"{name} (unless)", unless, flags) if unless else None

    @cached_property
    def regex(self) -> re.Pattern:
        """The pattern as written, compiled when first needed: with a twin, only texts
        whose lower case changes their length need it (every process compiles the
        lexicon at start-up, so compiling both forms of every rule was paid each run)."""
        return re.compile(self._pattern, self._flags)

    def __repr__(self) -> str:
        return f"Compiled({self.name!r}, keywords={sorted(self.keywords or [])})"

    def possible(self, t: Text) -> bool:
        """Whether a word of each keyword set occurs (without them the rule cannot
        match).  Looking costs a tenth of a search even in the 50 characters before a
        place, and most texts lack them (measured on the dev articles: 0.2-1.4 µs per
        text against 0.7-42 µs for the pattern)."""
        low = t.low
        for words in self._probes:  # loops, not all(any()): this runs for every window
            for w in words:
                if w in low:
                    break
            else:
                return False
        return not self._cased or _each_occurs(self._cased, t.text)

    def _search(self, t: Text, pos: int = 0, endpos: int | None = None):
        end = len(t.text) if endpos is None else endpos
        if self.twin is not None and t.folded:
            if self._first is not None and pos == 0 and end == len(t.text):
                # The first match begins where a leading word does (or at the start):
                # trying the pattern there alone finds what a search finds, without
                # trying it at every position of a long sentence (an alternation of many
                # words is slow there).  2 % of the instructions per real article.
                starts = self._first.starts(t.low)
                if self._first_at_start and (not starts or starts[0] != 0):
                    starts.insert(0, 0)
                return self._first.first_from(t.low, starts)
            return self.twin.search(t.low, pos, end)
        return self.regex.search(t.text, pos, end)

    def search(self, text: str | Text, pos: int = 0, endpos: int | None = None, *,
               checked: bool = False) -> re.Match | None:
        """The first match in the text, or in ``text[pos:endpos]`` with the text's offsets
        (a sequence rule: where its head matches).  ``checked``: the caller knows a
        keyword occurs (an :class:`Automaton` told it)."""
        t = as_text(text)
        if not (self.possible(t) if not checked else _each_occurs(self._cased, t.text)):
            return None  # (an automaton looks for lower-cased words only)
        m = self._sequence(t) if self.then is not None else self._search(t, pos, endpos)
        if m is not None and self.unless is not None and self.unless.search(t):
            return None
        return m

    def match(self, text: str | Text, pos: int = 0, endpos: int | None = None
              ) -> re.Match | None:
        """A match beginning at ``pos`` (a window test, such as the words after a place),
        ending by ``endpos``.  Tables applied this way need no ``^``: with ``pos`` Python
        would not match it there."""
        t = as_text(text)
        end = len(t.text) if endpos is None else endpos
        if self.twin is not None and t.folded:
            return self.twin.match(t.low, pos, end)
        return self.regex.match(t.text, pos, end)

    def fullmatch(self, text: str | Text, pos: int = 0, endpos: int | None = None
                  ) -> re.Match | None:
        t = as_text(text)
        end = len(t.text) if endpos is None else endpos
        if self.twin is not None and t.folded:
            return self.twin.fullmatch(t.low, pos, end)
        return self.regex.fullmatch(t.text, pos, end)

    def finditer(self, text: str | Text, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match]:
        """Every match, left to right, as ``re.finditer`` gives them."""
        t = as_text(text)
        end = len(t.text) if endpos is None else endpos
        if self._lines and pos == 0 and end == len(t.text):
            return iter(self._line_matches(t))
        if self.twin is not None and t.folded:
            if self._scan is not None and pos == 0 and end == len(t.text):
                return self._scan.finditer(t.low)
            return self.twin.finditer(t.low, pos, end)
        return self.regex.finditer(t.text, pos, end)

    def _line_matches(self, t: Text) -> list[re.Match]:
        """Every match of a :func:`line_anchored` pattern: the match at the start of each
        line that holds a word of each keyword set (a label pattern tried at every line
        of an article was 7 % of its directive pass; few lines have a colon)."""
        lowered = self.twin is not None and t.folded
        src, rx = (t.low, self.twin) if lowered else (t.text, self.regex)
        out: list[re.Match] = []
        start, n = 0, len(src)
        while start <= n:
            stop = src.find("\n", start)
            stop = n if stop < 0 else stop
            if self._line_possible(t, start, stop):
                m = rx.match(src, start)
                if m:
                    out.append(m)
            start = stop + 1
        return out

    def _line_possible(self, t: Text, start: int, stop: int) -> bool:
        """:meth:`possible` for one line of the text, ``[start, stop)``."""
        low = t.low if t.folded else None
        for words in self._probes:
            if low is not None:
                if not any(low.find(w, start, stop) >= 0 for w in words):
                    return False
            elif not any(w in t.text[start:stop].lower() for w in words):
                return False
        return all(any(t.text.find(w, start, stop) >= 0 for w in words) for words in self._cased)

    def apply(self, text: str | Text, use: str = "search"):
        """The table's way of applying a rule (see :data:`geonews.lang.TABLES`)."""
        if use == "match":
            return self.match(text)
        if use == "fullmatch":
            return self.fullmatch(text)
        return self.search(text)

    def _sequence(self, t: Text) -> re.Match | None:
        """The head's match whose clause goes on, within ``within`` characters, to ``then``.

        Two small searches instead of one pattern with a lazy gap, which is many times
        slower on long sentences."""
        lowered = self.twin is not None and t.folded
        src = t.low if lowered else t.text
        head_rx = self.twin if lowered else self.regex
        tail_rx = (self.then.twin or self.then.regex) if lowered else self.then.regex
        heads = self._scan.finditer(src) if lowered and self._scan is not None \
            else head_rx.finditer(src)  # the same matches (see _search)
        for head in heads:
            window = src[head.end(): head.end() + 2000]
            stop = _STOP.search(window)
            if stop:
                window = window[:stop.start()]
            tail = tail_rx.search(window)
            # "told the residents of <thirty villages> to evacuate": a list of names is
            # one object, however long; only the words around it count.
            if tail and (tail.start() <= self.within
                         or _without_lists(window[:tail.start()]) <= self.within):
                return head
        return None


class Finder:
    """Several compiled rules' ``finditer`` over one text, with one keyword pass for all
    those that scan lower-cased text from their leading words (see :class:`Compiled`)."""

    def __init__(self, compiled: Sequence[Compiled]):
        self.compiled = tuple(compiled)
        self._scans = KeywordPatterns(c._scan for c in self.compiled if c._scan is not None)

    def findall(self, t: Text) -> list[list[re.Match]]:
        """Each rule's matches in the whole text, as its ``finditer`` gives them."""
        if not t.folded:
            return [list(c.finditer(t)) for c in self.compiled]
        scanned = iter(self._scans.findall(t.low))
        return [next(scanned) if c._scan is not None else list(c.finditer(t))
                for c in self.compiled]


def compile_rule(rule: Rule) -> Compiled:
    """One rule, compiled."""
    return Compiled(rule.name, rule.pattern, rule.flags, then=rule.then, within=rule.within,
                    unless=rule.unless, rules=(rule,))


def compile_union(name: str, rules: Iterable[Rule]) -> Compiled:
    """Rules that play one part (the cues of one role, say), compiled into one pattern:
    their alternatives in table order, so a scan finds what one hand-written alternation
    would find.  They must share their case handling and be plain patterns."""
    rules = tuple(rules)
    if not rules:
        return Compiled(name, r"(?!)", 0, rules=())
    cases = {r.case_sensitive for r in rules}
    if len(cases) > 1 or any(r.then or r.unless for r in rules):
        raise ValueError(f"{name}: a union needs plain rules of one case handling")
    pattern = "|".join(f"(?:{r.pattern})" for r in rules)
    return Compiled(name, pattern, rules[0].flags, rules=rules)


class Automaton:
    """Which of many compiled rules may match a text: one Aho-Corasick pass over its
    lower-cased form for all their keywords (rules without keywords always may).

    A rule may ask for several keyword sets (:func:`keyword_sets`): it is a candidate
    only when a word of each occurs ("must … leave" is not tried on every sentence
    with "is" in it)."""

    def __init__(self, compiled: Sequence[Compiled]):
        import ahocorasick

        self.compiled = tuple(compiled)
        sets = [c._sets for c in self.compiled]
        self._always = frozenset(i for i, s in enumerate(sets) if not s)
        # A hit stands for (rule, set): rule i's first set is code i, so the rules whose
        # first set is hit are one intersection with range(n); its further sets have
        # codes of their own above n.
        n, room = len(sets), max(map(len, sets), default=1)

        def code(i: int, k: int) -> int:
            return i if k == 0 else n + i * room + k

        self._firsts = frozenset(range(n))
        #: rule -> every code it needs, for the rules with further sets
        self._further: dict[int, frozenset[int]] = {
            i: frozenset(code(i, k) for k in range(len(s)))
            for i, s in enumerate(sets) if len(s) > 1}
        by_word: dict[str, set[int]] = {}
        for i, rule_sets in enumerate(sets):
            for k, words in enumerate(rule_sets):
                for w in words:
                    by_word.setdefault(w, set()).add(code(i, k))
        self._words = ahocorasick.Automaton()
        for w, ids in by_word.items():
            self._words.add_word(w, frozenset(ids))
        if by_word:
            self._words.make_automaton()
        self._empty = not by_word

    def candidates(self, t: Text) -> list[int]:
        """Indices of the rules whose keywords occur, in table order."""
        if self._empty:
            return sorted(self._always)
        # The codes of all hits, gathered in C (a Python loop over the hits of short
        # words such as "to" and "is" cost more than the pass itself).
        hits = set().union(*map(_VALUE, self._words.iter(t.low)))
        found = self._complete(hits)
        return sorted(self._always.union(found)) if self._always else found

    def _complete(self, hits: set[int]) -> list[int]:
        """The rules of which every keyword set has a hit, in table order."""
        further = self._further
        return [i for i in sorted(self._firsts.intersection(hits))
                if i not in further or further[i] <= hits]


#: the value of an Aho-Corasick hit (end, value)
_VALUE = itemgetter(1)
