"""Coordinated lists of place names: every item of a list of places is a place.

Orders name ten to thirty-five places in one list ("residents of Bayada, Chehour
(Tyre district), Borj El Chmali and Maarakeh", French "… Srifa et Arzoun",
Arabic "حنيه، السماعيه، … وقليعه", one name a line under "the following areas:").
The gazetteer knows some items and not others, so a list is read by its grammar,
not by its vocabulary:

* a list *opens* after a cue that announces places (:data:`LIST_CUES`), or at a
  known place that is followed by a list separator;
* *items* are capitalised names (Latin: words that begin upper-case, joined by
  particles — al-, el, de, du… — or hyphens), or, in Arabic, one to four words
  that are no function words (:data:`ARABIC_STOP`);
* *separators* are commas (, ،), "and" / "et" / "or" / و, and line breaks
  between lines that hold one name each; a parenthesis after an item
  ("Chehour (Tyre)") is skipped, and a name inside it is an item too;
* the list *ends* at anything else (a lower-case word, a verb, a full stop).

A run of items counts when a cue opened it, or when two or more of its items are
known places: then the unknown items between them are places too.  Each rule is
a record with sentences it must and must not match (tests run them all).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import NamedTuple

from ..places.names import is_arabic
from ..text.normalise import lower_keeping_offsets


@dataclass(frozen=True)
class Rule:
    """A pattern with example sentences it must match and must not match."""

    name: str
    pattern: re.Pattern
    positives: tuple[str, ...] = field(default=())
    negatives: tuple[str, ...] = field(default=())
    min_items: int = 1  # a weak cue ("areas …") opens a list only of two names or more


def _rule(name: str, pattern: str, positives=(), negatives=(), flags=re.IGNORECASE,
          min_items: int = 1) -> Rule:
    return Rule(name, re.compile(pattern, flags), tuple(positives), tuple(negatives), min_items)


# Cues after which a list of places begins (the match ends where the first item may start).
LIST_CUES: tuple[Rule, ...] = (
    _rule("en-people-of",
          r"\b(?:residents|people|inhabitants|families|civilians|population|those)\s+"
          r"(?:(?:living|staying|present)\s+)?(?:of|in|from)\s+(?:the\s+)?"
          r"(?:(?:following|several|\d+|[a-z]+)\s+)?(?:(?:villages?|towns?|areas?|communities|"
          r"neighbou?rhoods?|localities|cities|municipalities|counties)\s*(?:of|in|:|,)?\s*)?"
          r"(?:(?:including|such\s+as|namely|like)\s*:?\s*)?",
          ["ordered residents of Aytaroun, Blida and Meiss to leave",
           "told the residents of 12 villages: Qana, Srifa and Deir Qanoun"],
          ["the people who were there"]),
    _rule("en-places-including",
          r"\b(?:villages?|towns?|areas?|communities|neighbou?rhoods?|localities|cities|"
          r"municipalities|counties|districts|suburbs|parishes|hamlets|kibbutzim|settlements)"
          r"(?:,?\s+(?:of|including|such\s+as|like|namely|include|includes|are|were|"
          r"listed\s+were)\s*:?|\s*:)\s*(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["the villages of Qana, Srifa", "towns including Chehour and Maarakeh",
           "The villages include Zefta, Ansar", "Affected communities: Jasper, Hinton"],
          ["the villages were empty"]),
    _rule("en-places-then-colon",
          r"\b(?:villages|towns|communities|neighbou?rhoods|localities|counties|parishes|"
          r"municipalities|districts|suburbs)\b[^.:;\n]{1,60}?:[ \t]*(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["Three more counties issued orders for Tuesday: Nassau, Duval and Clay",
           "the villages the army named on Monday: Qana, Srifa"],
          ["the villages were empty. Officials said: We"], min_items=2),
    _rule("en-orders-for",
          r"\bevacuations?[ \t]+(?:orders?|warnings?|notices?)?[ \t]*(?:have[ \t]+been[ \t]+|"
          r"has[ \t]+been[ \t]+|were[ \t]+|was[ \t]+|are[ \t]+|is[ \t]+)?(?:issued[ \t]+|ordered[ \t]+|"
          r"remains?[ \t]+)?(?:for|in)[ \t]+(?:(?:the[ \t]+)?(?:towns?|communities|areas?|villages?|"
          r"suburbs?|residents)[ \t]+(?:of|in)[ \t]+)?(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["Evacuation orders have been issued for Wollombi, Broke and Bulga",
           "issued evacuation orders in Laguna, Dana Point and Capistrano",
           "Evacuation orders remain for Grafton and Ulmarra"],
          ["evacuation orders for the area", "evacuation in the night"]),
    _rule("en-following",
          r"\b(?:the\s+)?following\s+(?:\w+\s+){0,2}?(?:villages|towns|areas|places|"
          r"neighbou?rhoods|localities|communities|counties|blocks)?\s*:\s*",
          ["residents of the following villages: Qana, Srifa", "the following areas: Bayt"],
          ["the following day"]),
    _rule("fr-habitants-de",
          r"\b(?:(?:les\s+)?(?:habitants|résidents|residents|populations?|personnes|civils)\s+"
          r"(?:se\s+trouvant\s+(?:toujours\s+|encore\s+)?|vivant\s+|présentes\s+)?(?:de|des|du|à|"
          r"dans)\s+(?:la\s+|les\s+|l['’])?(?:(?:\d+\s+)?(?:villages?|localités|localites|"
          r"communes|quartiers|zones?)\s+(?:de|du|des|suivant(?:e)?s)?\s*:?\s*)?"
          r"|\bse\s+trouvant\s+(?:toujours\s+|encore\s+)?(?:à|a|dans)\s+"
          r"|\b(?:villages?|villes?|localités|communes|quartiers|cazas?|régions?|zones|secteurs)\s+"
          r"(?:de|du|d['’]|des)"
          r"\s+|\b(?:villages?|localités|communes|quartiers)\s+suivant(?:e)?s\s*:\s*)",
          ["les habitants de Srifa et Arzoun", "les personnes se trouvant toujours à Bayada",
           "les villages de Chehour, Maarakeh", "dans le caza de Tyr",
           "en citant les zones de Haret Hreik, Ghobeiry"],
          ["les habitants ont fui"]),
    _rule("en-shelter-at",
          r"\b(?:shelters?|centres?|centers?|halls?|set\s+up|opened)\s+"
          r"(?:has\s+been\s+|have\s+been\s+|"
          r"is\s+|are\s+)?(?:set\s+up\s+|opened\s+|available\s+)?(?:at|in)\s+(?:the\s+)?"
          r"(?-i:(?=[A-Z\u00c0-\u00de]))"
          r"|\b(?:go|head|proceed|report)\s+to\s+the\s+(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["a welcome centre has been set up at Valemount Hall", "stop for shelter at McBride",
           "people can go to the Jasper Activity Centre"],
          ["the centre of the town", "go to the south"]),
    _rule("fr-comprennent",
          r"\b(?:comprennent|comprend|incluent|inclut)\s*:?\s*(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["Les villes concernées comprennent : Qarnit, Srifa"], ["la liste comprend des villes"]),
    _rule("exemption",
          r"\b(?:except(?:\s+for)?|excluding|apart\s+from|with\s+the\s+exception\s+of|"
          r"à\s+l['’]exception\s+d(?:e|u|es|['’])|sauf|hormis)\s+(?:the\s+|la\s+|le\s+|les\s+)?"
          r"(?-i:(?=[A-Z\u00c0-\u00de]))",
          ["all of Tyre except Rachidieh", "à l'exception de Rachidieh"],
          ["except when the road is open"]),
    _rule("ar-villages",
          r"(?<![\u0621-\u064a])(?:سكان|لسكان|أهالي|اهالي|القرى|قرى|البلدات|بلدات|المناطق|"
          r"مناطق|الأحياء|أحياء|احياء|المدن|البلدات\s+والقرى|الشوارع|شوارع)"
          r"(?:\s+(?:التالية|الآتية|الاتية|التاليه))?\s*(?:في\s+[^:،,\n]{2,30})?\s*:\s*"
          r"|(?<![\u0621-\u064a])(?:القرى|البلدات|المناطق|الأحياء)\s+"
          r"(?:التالية|الآتية|التاليه)\s*",
          ["إنذار إلى سكان القرى التالية في جنوب لبنان: حنيه، السماعيه",
           "شمل الإنذار البلدات التالية: صريفا وقانا",
           "إخلاء المباني الواقعة بين الشوارع: النخيل، عمر المختار، وشارع البحر"],
          ["قال سكان المدينة إنهم"], 0),
    _rule("ar-in-areas",
          r"(?<![\u0621-\u064a])(?:مناطق|أحياء|احياء|قرى|بلدات)\s+[\"“«]?(?=[\u0621-\u064a])",
          ["سكان غزة في مناطق النصيرات والزهراء", "كما شمل إنذار الجيش قرى مزرعة شدعيت"],
          ["مناطقهم"], 0, min_items=2),
)

# Latin: a capitalised word, and particles that may join the words of one name.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_WORD = rf"(?:St\.|Ste\.|[{_UPPER}][\w'’ʿʾ]*)"
_PARTICLE = (r"(?:al|el|en|ed|es|ez|ech|esh|ej|et(?=[-‐])|ash|as|at|ad|ar|az|an|de|du|des|la|le|"
             r"les|of|ibn|bin|abu|um|d['’]|l['’])")
LATIN_ITEM = re.compile(
    rf"(?:(?:al|el|an|ad|as|ash|at|az|ar)[-‐](?=[{_UPPER}]))?"
    rf"(?:(?:camp|camps|fleuve|village|quartier|caza)\s+(?:de\s+|d['’]|du\s+)?)?"
    rf"{_WORD}(?:(?:[-‐ ]{_PARTICLE}[-‐ ]|[ ]?[-‐][ ]?|[ ]|(?<=[dl]['’]))(?:{_WORD}|\d{{1,2}}\b))"
    rf"{{0,4}}"
    # "Qasmiyeh camp", "Hiram street": a kind word after the name belongs to it.
    rf"(?:[ ](?:camp|refugee[ ]camp|street|road|village|town|neighbou?rhood|quarter)\b)?")
# The list's glue between two items (after an optional parenthesis).
_SEPARATOR = re.compile(
    r"[ \t]*(?:,|،|;)[ \t]*(?:(?:and|et|or|ou|as\s+well\s+as)[ \t]+)?"
    r"|[ \t]+(?:and|et|or|ou|&)[ \t]+|(?:[ \t]*\n){1,2}[ \t]*(?:[-–•*·▪◦?🔸🔹🔺►]+[ \t]*|"
    r"\d{1,2}[.)][ \t]+)?"
    r"|[ \t]+و(?=[\u0621-\u064a])")
_PAREN = re.compile(r"[ \t]*\(([^()\n]{1,60})\)")
_LOWER_JOINERS = frozenset("and et or ou".split())
# Words that begin upper-case but are no names in a list (sentence words, months, roles).
NOT_ITEMS = frozenset("""the a an and or but in on at of to from for with by this that these
those it its he she they we you i his her their our le la les un une des et ou mais dans sur
pour par avec ce cette ces il elle ils elles nous vous monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai
juin juillet août septembre octobre novembre décembre residents people israel hezbollah hamas
idf army police officials authorities government county counties city town village villages
district north south east west northern southern eastern western central read more photo
zone zones area areas block blocks sector sectors level levels phase phases group groups
video update breaking""".split())

_ACRONYM = re.compile(r"[A-Z]{2,5}")  # news agencies and call signs in a dateline
_LABEL_WORDS = frozenset("zone zones level levels sector sectors phase phases evacuation".split())
_COMPASS_WORDS = frozenset("north south east west northern southern eastern western central".split())

# Arabic words that end a list (prepositions, verbs, connectives, time words).
ARABIC_STOP = frozenset("""في من إلى الى على عن نحو حتى مع بعد قبل عند منذ خلال بين تجاه باتجاه
صوب لدى أن إن ان كما وقد قد التي الذي الذين هي هو هم ذلك تلك هذه هذا حيث بسبب أجل اجل فورا فوراً
فورًا شمال جنوب شرق غرب وسط اليوم أمس غدا الجمعة السبت الأحد الاثنين الثلاثاء الأربعاء الخميس
صباح مساء بالتوجه والتوجه التوجه بإخلاء إخلاء اخلاء بالإخلاء بمغادرة مغادرة وقال قال وأضاف أضاف
حسب وفق بيان البيان إنذار انذار منطقة المنطقة سكان الجيش الإسرائيلي جيش""".split())
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3_]+")
_GAP = re.compile(r"[ \t]+")
# "the outskirts of", "the vicinity of", "the town of": before a name in a list, not of it.
_ARABIC_LEAD = re.compile(r"(?:أطراف|اطراف|محيط|ضواحي|أنحاء|انحاء|بلدة|قرية|مدينة)[ \t]+")
# Words that begin with و as part of the name, not as the conjunction.
_WAW_NAMES = ("وادي", "واد", "وطى", "وردة")
# Quotes and bullets before an item ("?" is an emoji a page lost).
_LEADING = frozenset(" \t\n\"“«'‘-–•*·▪◦?🔸🔹🔺►")
_LEAD_ARTICLE = re.compile(r"(?:le|la|les|the)[ \t]+(?=(?:camp|fleuve|village|quartier)\b)")
# "(Tyre district)", "(caza de Tyr)": the name in a parenthesis, before its kind word.
_GENERIC_TAIL = re.compile(r"(?:[ \t]+(?:district|caza|county|governorate|province|region|"
                           r"municipality|قضاء|محافظة))?")
_OWNER = re.compile(r"['’]s[ \t]+")
_WORD_BREAK = re.compile(r"[-‐\s]+")
_LETTER_LABEL = re.compile(r"[A-Z]\d?")  # "zones A, B and C", "Zone B2"
# Words that end no item: "Srifa Et" is Srifa.
_NOT_LAST = NOT_ITEMS | _LOWER_JOINERS
# An item that fills its line: then the line's end, or an emoji or symbol that closes it.
_LINE_END = re.compile(r"[ \t]*(?:[,،.;]?[ \t]*(?:\n|$)|[^\w\s(])")
# What an item can begin with (after a separator): a capital, an Arabic letter, a quote,
# an article ("al-", "el-") or "le camp".
_ITEM_START = re.compile(rf"[ \t\"“«]*(?:[{_UPPER}\u0621-\u064a]|(?:al|el|an|ad|as|at|le|la)[-‐ ])")
MAX_ITEMS = 60
MAX_ARABIC_WORDS = 4


class Item(NamedTuple):
    """One name of a list: ``text[start:end]``; ``cued`` when a list cue opened its list.

    (A named tuple: an article naming thousands of places makes thousands of them.)"""

    start: int
    end: int
    cued: bool


def _cue_automaton():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    by_word: dict[str, set[int]] = {}
    for i, rule in enumerate(LIST_CUES):
        for word in CUE_WORDS[rule.name]:
            by_word.setdefault(word, set()).add(i)
    for word, rules in by_word.items():
        automaton.add_word(word, (len(word), frozenset(rules)))
    automaton.make_automaton()
    return automaton


#: the words (lower case) every match of each cue begins with: a cue is tried only there
CUE_WORDS = {
    "en-people-of": "residents people inhabitants families civilians population those".split(),
    "en-places-including": ("village town area communit neighbo localit cities municipalit "
                            "counties district suburb parish hamlet kibbutz settlement").split(),
    "en-places-then-colon": ("village town communit neighbo localit counties parish "
                             "municipalit district suburb").split(),
    "en-orders-for": ["evacuation"],
    "en-following": ["the following", "following"],
    "fr-habitants-de": ["les habitants", "les résidents", "les residents", "les population",
                        "les personnes", "habitants", "résidents", "residents", "population",
                        "personnes", "civils", "les civils", "se trouvant", "village", "localit", "communes ", "commune ",
                        "quartier", "caza", "région", "zones", "secteurs"],
    "en-shelter-at": ["shelter", "centre", "center", "hall", "set up", "opened", "go to the",
                      "head to the", "proceed to the", "report to the"],
    "fr-comprennent": ["comprennent", "comprend", "incluent", "inclut"],
    "exemption": ["except", "excluding", "apart", "with the exception", "à l", "sauf", "hormis"],
    "ar-villages": ["سكان", "لسكان", "أهالي", "اهالي", "القرى", "قرى", "البلدات", "بلدات",
                    "المناطق", "مناطق", "الأحياء", "أحياء", "احياء", "المدن", "الشوارع", "شوارع"],
    "ar-in-areas": ["مناطق", "أحياء", "احياء", "قرى", "بلدات"],
}
_CUES = None


def cue_starts(low: str) -> list[tuple[int, int]]:
    """(where, index in LIST_CUES) of every cue word of the lower-cased text: where a cue
    may start."""
    global _CUES
    if _CUES is None:
        _CUES = _cue_automaton()
    return [(end - length + 1, i) for end, (length, which) in _CUES.iter(low) for i in which]


def cue_ends(text: str, starts: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(where, fewest items) of the lists announced by a cue.

    One keyword pass over the lower-cased text says where a cue may start (``starts``, as
    :func:`cue_starts` gives them, when a caller's own pass found them); its pattern is
    tried there alone (as :class:`geonews.text.patterns.KeywordPattern` does).
    """
    if starts is None:
        starts = cue_starts(lower_keeping_offsets(text))
    out: dict[int, int] = {}
    rules = LIST_CUES
    for start, i in starts:
        m = rules[i].pattern.match(text, start)
        if m:
            fewest = rules[i].min_items
            out[m.end()] = min(out.get(m.end(), fewest), fewest)
    return sorted(out.items())


def _latin_item(text: str, pos: int) -> tuple[int, int] | None:
    m = LATIN_ITEM.match(text, pos)
    if not m:
        return None
    s, e = m.start(), m.end()
    owner = _OWNER.search(text, s, e)
    if owner:
        s = owner.end()  # "Gaza's Deir el-Balah": the place after the owner
    words = _WORD_BREAK.split(text[s:e])
    # (Every word of the match, before the last are cut below, is asked here: one split.)
    labelled = not _LABEL_WORDS.isdisjoint(map(str.lower, words))
    while words and words[-1].lower() in _NOT_LAST:
        cut = text.rfind(words[-1], s, e)
        e = cut
        while e > s and text[e - 1] in " -‐":
            e -= 1
        words.pop()
    if len(words) == 1 and _LETTER_LABEL.fullmatch(words[0]) or labelled:
        return None  # "zones A, B and C", "Red Zone-A", "Evacuation Zones": labels, no names
    if not words or words[0].lower() in NOT_ITEMS and not (
            len(words) > 1 and words[0].lower() in _COMPASS_WORDS):
        return None  # "North" is no item, "North Pines" is
    return s, e


def _arabic_item(text: str, pos: int) -> tuple[int, int] | None:
    """One to four Arabic words, the و of a following item excluded, and a word for the
    place's outskirts or kind before it ("أطراف البرغلية", "بلدة صريفا") too."""
    s = pos
    if text.startswith("و", s) and not text.startswith(_WAW_NAMES, s) and \
            _ARABIC_WORD.match(text, s + 1):
        s += 1
    lead = _ARABIC_LEAD.match(text, s)
    if lead and _ARABIC_WORD.match(text, lead.end()):
        s = lead.end()
    end, n, at = s, 0, s
    while n < MAX_ARABIC_WORDS:
        m = _ARABIC_WORD.match(text, at)
        if not m:
            break
        word = m.group()
        if word in ARABIC_STOP or (n and word.startswith("و") and len(word) > 2
                                   and not word.startswith(_WAW_NAMES)):
            break
        end, n = m.end(), n + 1
        gap = _GAP.match(text, end)  # at ``end``: a slice of the rest would copy it
        if not gap:
            break
        at = gap.end()
    if n == 0:
        return None
    if n == MAX_ARABIC_WORDS and _ARABIC_WORD.match(text, at) and text[at] != "و":
        return None  # a clause, not a name
    return s, end


def read_list(text: str, pos: int) -> list[tuple[int, int]]:
    """The items of the list that starts at ``pos`` (possibly none), in text order."""
    items: list[tuple[int, int]] = []
    line_items = 0
    while len(items) < MAX_ITEMS:
        while pos < len(text) and text[pos] in _LEADING:
            pos += 1
        lead = _LEAD_ARTICLE.match(text, pos)
        if lead:
            pos = lead.end()  # "le camp de Kassemiyé": the name starts at "camp"
        if pos >= len(text):
            break
        arabic = is_arabic(text[pos])
        span = _arabic_item(text, pos) if arabic else _latin_item(text, pos)
        if span is None:
            break
        items.append(span)
        end = span[1]
        paren = _PAREN.match(text, end)
        if paren:
            inner = _latin_item(text, paren.start(1)) if not is_arabic(paren.group(1)[:1]) \
                else _arabic_item(text, paren.start(1))
            if inner and _GENERIC_TAIL.fullmatch(text, inner[1], paren.end(1)) and \
                    not _ACRONYM.fullmatch(text, inner[0], inner[1]):
                items.append(inner)  # "Chehour (Tyre)"; not "Paradise, Calif. (AP)", "(WKBN)"
            end = paren.end()
        sep = _SEPARATOR.match(text, end)
        if not sep or sep.end() == end:
            break
        if "\n" in sep.group():
            # One name a line: the next line must hold a name and end right after it.
            line_items += 1
            nxt = _arabic_item(text, sep.end()) if is_arabic(text[sep.end():sep.end() + 1]) \
                else _latin_item(text, sep.end())
            if nxt is None or not _LINE_END.match(text, nxt[1]):
                break
            line_end = text.find("\n", span[1])
            if line_end < 0 or text[span[1]:line_end].strip(" \t,،.;()") and not paren:
                break
        pos = sep.end()
    return items


def find_list_items(text: str, known: list[tuple[int, int]],
                    cues: list[tuple[int, int]] | None = None) -> list[Item]:
    """Items of the lists of ``text``: lists opened by a cue, and runs of two or more
    names at least two of which are ``known`` place spans (sorted).  ``cues``: where
    cues may start, if known (see :func:`cue_ends`)."""
    known_set = set(known)
    out: dict[tuple[int, int], bool] = {}
    # A cue's list is read again from its first known name (a list of places announced by
    # "residents of" is mostly also a run of known names): each position is read once.
    lists: dict[int, list[tuple[int, int]]] = {}

    def read(pos: int) -> list[tuple[int, int]]:
        items = lists.get(pos)
        if items is None:
            items = lists[pos] = read_list(text, pos)
        return items

    for pos, fewest in cue_ends(text, cues):
        items = read(pos)
        if len(items) >= fewest:
            out.update(dict.fromkeys(items, True))
    read_until = -1
    known_starts = sorted(s for s, _ in known_set)
    for s, e in sorted(known):
        if s < read_until:
            continue  # inside a list already read from an earlier name
        sep = _SEPARATOR.match(text, e) or _PAREN.match(text, e)
        if not sep or not _ITEM_START.match(text, sep.end()):
            continue  # "Gaza, the …": no name after the comma, no list
        items = read(s)
        if len(items) < 3:
            continue
        read_until = items[-1][1]
        # Items that are, or hold, a known name.
        hits = sum(1 for a, b in items
                   if bisect_left(known_starts, a) < bisect_left(known_starts, b))
        if hits >= 2:
            for span in items:
                out.setdefault(span, False)
    return [Item(s, e, cued) for (s, e), cued in sorted(out.items())]
