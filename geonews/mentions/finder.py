"""Finding place names in an article, with exact character offsets.

1. The text is split into word tokens; each token's exact key (case, marks,
   apostrophes and Arabic letter forms folded) joins a space-separated stream.
2. One Aho-Corasick pass over that stream finds every gazetteer name; the
   leftmost-longest matches win (so "Gaza City" beats "Gaza", and "Israel
   Defense Forces", a known not-place, swallows "Israel").
3. Latin-script matches must look like names: capitalised (articles and
   compass words may be lower-case: "al-Mawasi", "southern Gaza").
4. Capitalised words in a place slot ("residents of X", "the villages of X,
   Y and Z", "the X neighbourhood") are looked up in the whole gazetteer, so
   small places outside the automaton are found too; if the gazetteer has no
   such place they are still reported, unresolved.
5. All names of the article are resolved together (:class:`Matcher`), so the
   other places decide between Rafah in Gaza and Rafah in Egypt; "X, Country"
   restricts X to that country.  A small foreign town glued to another
   capitalised word ("Jack Draper", "Lowell Street") is a person or a street,
   and is dropped.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate, compress, count, repeat
from operator import is_, itemgetter
from collections.abc import Sequence

from ..places.gazetteer import Gazetteer
from dataclasses import replace

from ..places.matcher import Focus, Matcher, far_namesake
from ..places.model import Place
from ..places.names import exact_key, is_arabic
from ..text.document import Document
from ..text.normalise import lower_keeping_offsets
from ..text.patterns import KeywordPattern, KeywordPatterns
from .index import NOT_PLACE, MentionIndex, token_skeleton
from .lists import CUE_WORDS, LIST_CUES, find_list_items
from .spelling import respellings
from .model import Mention

_TOKEN = re.compile(r"[^\W_]+(?:['’ʿʾ`´][^\W_]+)*")
# The same words as a group: re.split then returns separators and words alternately.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_LONGEST_WORD = 60  # longer than any word of a place name
_APOSTROPHE = re.compile(r"['’ʿʾ`´]")
# Where a word may need folding: any non-ASCII character, "'" or "`" (one negated class,
# ASCII but those two left out: faster than an alternation, tried at every character).
_ODD_CHAR = re.compile(r"[^\x00-&(-_a-\x7f]")
_ARTICLES = {"al", "el", "an", "as", "ash", "az", "ad", "at", "ar", "a", "the", "of", "de", "la",
             "le", "les", "du", "des", "ed", "es", "en", "ez", "um", "umm", "abu", "bin", "ibn"}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
            "central", "northeast", "northwest", "southeast", "southwest", "north-east",
            "north-west", "south-east", "south-west", "middle", "greater", "old", "upper",
            "lower", "occupied"}
_JOIN = re.compile(r"[ \t\-‐–'’_]*|\.\s?")  # "_": hashtags (#جنوب_لبنان)
_ARABIC_ARTICLES = {"al", "el", "an", "as", "ash", "az", "ad", "at", "ar"}
_NAME_PARTICLES = {"abu", "bin", "ibn", "bint", "um", "umm", "abou", "ben"}
_FUNCTION_WORDS = set("""a about since much many every most some any other another such own
last next first second third four five six seven eight nine ten hundreds thousands above after again against all am an and any are as at be because
been before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours out
over own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours also said says see told new one two three mr mrs ms read more latest
news picture image photo getty live video update updates breaking""".split())
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
             "jul", "aug", "sep", "sept", "oct", "nov", "dec", "am", "pm", "gmt", "utc"}
# Words before a list of places: "residents of", "the villages of", "areas including".
# Place slots, matched case-sensitively on the lower-cased text (much faster than
# IGNORECASE); the second pattern's slots count only before a capital, checked after.
_SLOT = KeywordPattern(
    r"\b(?:residents|people|inhabitants|families|civilians|population)\s+(?:of|in|from)"
    r"|\b(?:villages?|towns?|cities|city|areas?|neighbou?rhoods?|districts?|camps?|"
    r"municipalit(?:y|ies)|localit(?:y|ies)|communit(?:y|ies)|regions?|suburbs?|islands?|"
    r"counties|county|quarters?)\s+(?:of|in|including|such as|like|namely|:)",
    "residents people inhabitants families civilians population village town cit area neighbo "
    "district camp municipalit localit communit region suburb island count quarter".split())
_SLOT_BEFORE_CAPITAL = KeywordPattern(
    r"\b(?:villages?|towns?|areas?|neighbou?rhoods?)\b[ \t]*,?[ \t]*"  # not across lines
    r"|\bthe\s+(?:village|town|city|area|neighbou?rhood|camp|island)\s+"
    r"|\b(?:evacuate|leave|flee|left|fled|evacuated)\s+(?:from\s+)?",
    "village town area neighbo the evacuate leave flee left fled".split())
# Weaker slots: what follows is often a place, but only gazetteer places are kept.
_WEAK_SLOT = KeywordPattern(r"\b(?:including|such\s+as|namely|notably|include|includes|"
                           r"included)\b\s*:?", ["includ", "such", "namely", "notably"])
_PLACE_NOUN = re.compile(r"\b(?:villages|towns|neighbou?rhoods|areas|communities|localities|"
                         r"municipalities|districts|cities)\b", re.IGNORECASE)


def _place_noun_before(window: str) -> bool:
    """Whether a plural place noun ("villages") opens the clause that ends the window."""
    ends = [m.end() for m in _PLACE_NOUN.finditer(window)]
    return bool(ends) and not any(ch in window[ends[-1]:] for ch in ".;:")
_GENERIC_AFTER = re.compile(r"[ \t]+((?:refugee[ \t]+)?camp|governorate|crossing|hospital|"
                            r"neighbou?rhood|district|corridor)\b", re.IGNORECASE)
_GENERIC_KIND = {"camp": "camp", "governorate": "governorate", "crossing": "crossing",
                 "hospital": "hospital", "neighbourhood": "neighbourhood",
                 "neighborhood": "neighbourhood", "corridor": "zone"}
# A capitalised name followed by a capitalised kind word is one name, kind word included
# ("Gorse Street", "Sobha Clinic", "Banff National Park", "Darlington Township", "Donetsk
# Oblast"); roads are also named by number ("Highway 16", "US-19", "I-5").  English writes
# a lower-case kind word after a name it is no part of ("the Volme river", "the Chouf
# district"): then the name alone is the place.
_KIND_SUFFIX = re.compile(
    r"[ \t]+(?:(?P<road>Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Parkway|"
    r"Expressway|Freeway|Highway|Waterway)(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\.?(?![\w.]))?"
    r"|(?P<site>Hospital|Clinic|School|Mosque|Stadium|Fairgrounds)|(?P<centre>Centre|Center|Hall)"
    r"|(?P<feature>National[ \t]+Park|National[ \t]+Forest|State[ \t]+Park|Park|Mountains|"
    r"Valley|River|Creek|Lake|Bay|Beach|Canyon|Islands?|Reservoir|Dam|Forest)"
    r"|(?P<unit>County|Township|Parish|Borough|Oblast|Province|Governorate|Prefecture|oblast|"
    r"raion|hromada)"
    r"|(?P<plain>district|river|dam|creek))(?!\w)(?!['’]s\b|[ \t]+(?:of|District|Board|Patrol|"
    r"Police|Department|Office|Sheriff|Authority|Commission|Council|Fire)\b)")
_KIND_HINT = re.compile(r"\b(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|"
                        r"Parkway|Expressway|Freeway|Highway|Waterway|Hospital|Clinic|School|Mosque|"
                        r"Stadium|Fairgrounds|Park|Forest|Mountains|Valley|River|Creek|Lake|"
                        r"Bay|Beach|Canyon|Islands?|Reservoir|Dam|County|Township|Parish|"
                        r"Borough|Oblast|Province|Governorate|Prefecture|oblast|raion|hromada|"
                        r"district|river|dam|creek|Centre|Center|Hall)(?!\w)")
# Tried only where one of its words starts (see KeywordPattern): most texts have few.
_KIND_HINT = KeywordPattern(_KIND_HINT, (
    "Street St. Road Rd. Avenue Ave. Boulevard Blvd. Lane Parkway Expressway Freeway Highway "
    "Waterway Hospital Clinic School Mosque Stadium Fairgrounds Park Forest Mountains Valley "
    "River Creek Lake Bay Beach Canyon Island Reservoir Dam County Township Parish Borough "
    "Oblast Province Governorate Prefecture oblast raion hromada district river dam creek "
    "Centre Center Hall").split())
# "Community Centre", "Civic Center": a shelter; other centres are mostly institutions
# ("National Hurricane Center").
_SHELTER_WORDS = frozenset("community civic recreation convention activity event events sports "
                           "aquatic senior cultural exhibition evacuation medical town city "
                           "village memorial".split())
# (Opening with one character class, as _CAP_NAME does: a search in a window then skips
# to where a name can begin; tests hold it to "(?:(?:al|el|…)[-‐])?[A-Z]…".)
_NAME_BEFORE = re.compile(
    r"[aeA-Z](?:(?<=[A-Z])|(?<=a)(?:l|n|d|s|sh|t|z|r)[-‐][A-Z]|(?<=e)l[-‐][A-Z])"
    r"[\w'’ʿʾ]*(?:[-‐][A-Z][\w'’ʿʾ]*)*"
    r"(?:(?:[ \t](?:al|el|an|ad|as|ash|at|az|ar|de|du|la|bin|ibn|abu)[-‐ \t]|[ \t]|[-‐])"
    r"[A-Z][\w'’ʿʾ]*){0,3}$")
_KIND_PREFIX = re.compile(r"\b(?:Cape|Lake|Mount|Mt\.|Isle[ \t]+of|Gulf[ \t]+of|Bay[ \t]+of)[ \t]+"
                          r"[A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+)?")
_KIND_PREFIX = KeywordPattern(_KIND_PREFIX, "Cape Lake Mount Mt. Isle Gulf Bay".split())
# AP-style abbreviations of US states and Canadian provinces ("Paradise, Calif.", "B.C.").
_STATES = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "colo": "Colorado", "conn": "Connecticut", "del": "Delaware", "fla": "Florida",
    "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "ky": "Kentucky",
    "la": "Louisiana", "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan",
    "minn": "Minnesota", "miss": "Mississippi", "mo": "Missouri", "mont": "Montana",
    "neb": "Nebraska", "nev": "Nevada", "nh": "New Hampshire", "nj": "New Jersey",
    "nm": "New Mexico", "ny": "New York", "nc": "North Carolina", "nd": "North Dakota",
    "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania", "ri": "Rhode Island",
    "sc": "South Carolina", "sd": "South Dakota", "tenn": "Tennessee", "vt": "Vermont",
    "va": "Virginia", "wash": "Washington", "wva": "West Virginia", "wis": "Wisconsin",
    "wyo": "Wyoming", "bc": "British Columbia", "alta": "Alberta", "sask": "Saskatchewan",
    "man": "Manitoba", "ont": "Ontario", "que": "Quebec", "ns": "Nova Scotia",
    "nb": "New Brunswick", "nfld": "Newfoundland and Labrador"}
_STATE_ABBREVIATION = re.compile(
    r"(?<![\w.])((?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|"
    r"Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Vt|Va|Wash|Wis|Wyo|Alta|Sask|Man|Ont|Que|"
    r"Nfld)\.|(?:N\.[HJMYCD]|R\.I|S\.[CD]|W\.Va|B\.C|N\.[SB])\.)(?![\w.])")
# Each keyword with its full stop: "Ga" alone would be tried at every "Gaza", "Pa" at
# every "Palestinian".
_STATE_ABBREVIATION = KeywordPattern(_STATE_ABBREVIATION, sorted(
    {k + "." for k in ("Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich "
                       "Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis Wyo Alta Sask "
                       "Man Ont Que Nfld N R S W B").split()}))
# "eastern Lebanon", "Southern Gaza"; not "East Palestine" or "South Sudan" (other places).
_COMPASS_BEFORE = re.compile(r"(?<![\w-])(?:(?:north|south|east|west)(?:ern)?|"
                             r"(?:North|South|East|West)ern)(?:[-‐]?(?:east|west)(?:ern)?)?"
                             r"[ \t]+$")
_AREA_OF = ("منطقة", "منطقه")
_COUNTIES_AFTER = re.compile(r"[ \t]+(counties|parishes)\b", re.IGNORECASE)
_COUNTIES_COLON = re.compile(r"\bcounties\b[^.:;\n]{0,60}?:[ \t]*", re.IGNORECASE)
#: Street addresses ("at 101 Gorse Street") and numbered roads ("using Highway 16") are
#: names too, but the directive extractor reads an unresolved name in an order as an
#: area or a destination: they are reported once it leaves roads out of roles.
ROADS_BY_NUMBER = False
_HOUSE_NUMBER = re.compile(r"\d[ \t]*$")
_OWNER_BEFORE = re.compile(r"[\w-]+['’]s[ \t]+")
_ARTICLES_WORDS_BEFORE = frozenset({"the", "le", "la", "les", "in", "on", "at", "near", "along"})
_NUMBERED_ROAD = re.compile(r"\b(?:(?:(?:US|U\.S\.)[ \t]+Highway|Highway|Hwy\.?|Route|Interstate|"
                            r"State[ \t]+(?:Road|Route|Highway)|County[ \t]+Road|SR|US|U\.S\.)"
                            r"[ \t-]|I-)\d{1,4}[A-Z]?\b")
_NUMBERED_ROAD = KeywordPattern(_NUMBERED_ROAD, "US U.S. Highway Hwy Route Interstate State "
                                "County SR I-".split())
# Each group in one pass of its keywords over the text (see KeywordPatterns): the slots
# and the list cues over the lower-cased text (_LowerCaseWords), the kind words, state
# abbreviations and roads over the text.
_SLOT_PATTERNS = (_SLOT, _SLOT_BEFORE_CAPITAL, _WEAK_SLOT)
_KIND_SCANS = KeywordPatterns([_KIND_HINT, _KIND_PREFIX, _STATE_ABBREVIATION, _NUMBERED_ROAD])

# Labels of zones and levels ("Red Zone-A", "Level B") are no places.
_LETTER = re.compile(r"[A-Z]\d?")
_NOT_A_NAME = re.compile(r"\b(?:Zones?|Levels?|Sectors?|Phases?|Groups?)\b(?:[-\s]+[A-Z0-9]\b)?")
# A capitalised name: words that start upper-case, joined by spaces, hyphens or
# lower-case particles (al-, el-, de…); it may open with an article ("al-Mawasi").
# Written to begin with one character class (a capital, or the a/e of an article, which
# is then checked behind it): re then skips to where a name can begin instead of trying
# the pattern at every character of the text (2.5x as fast; tests hold it to the plain
# form, "(?:(?:al|el|an|as|ash|az|ad|at|ar)[-\s])?[A-Z]…").
_CAP_NAME = re.compile(
    r"[aeA-Z](?:(?<=[A-Z])|(?<=a)(?:l|n|s|sh|z|d|t|r)[-\s][A-Z]|(?<=e)l[-\s][A-Z])"
    r"[\w'’ʿʾ]*(?:(?:[-\s](?:al|el|an|as|ash|az|ad|at|ar|de|la|of)[-\s]|[-\s])[A-Z][\w'’ʿʾ]*){0,3}")
# Compiled patterns are matched at an offset, never on a slice of the rest of the text:
# a slice per mention copies the text once per mention (quadratic in long pages).
_SLOT_OWNER = re.compile(r"[\w-]+['’]s\s+")
_SLOT_WORD_BREAK = re.compile(r"[-\s]+")
_SLOT_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’]+)")
# Searched in a slice (``$`` is its end, ``^`` its start): a short one, 40 characters.
_CAPITAL_WORD_BEFORE = re.compile(r"([A-Z][\w'’]+)[ \t]+$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?]\s+)$")
_COMMA_GAP = re.compile(r"\s*,\s*")
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*،\s*|\s+و)$")


#: A word of the text: (start, end, exact key).  Plain tuples: there are many of them.
Token = tuple[int, int, str]


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; a possessive 's stays outside the token.

    >>> [(key, start, end) for start, end, key in tokenize("Gaza's al-Mawasi")]
    [('gaza', 0, 4), ('al', 7, 9), ('mawasi', 10, 16)]
    """
    low = lower_keeping_offsets(text)
    # Most words of English news are plain ASCII letters and digits: their key is the
    # word lowered, taken in C-level passes.  Only the others go through exact_key.
    out = _words(low)
    if len(low) > 50 * len(out) + 1000:  # very long "words" (junk, base64): not names
        out = [t for t in out if t[1] - t[0] <= _LONGEST_WORD]
    if low.isascii() and not _APOSTROPHE.search(low):
        return out
    # The characters _ODD_CHAR finds, counted in C: the non-ASCII ones and the two ASCII
    # apostrophes (in Arabic that is every letter: no match object made for each).
    odd = len(low) - len(low.encode("ascii", "ignore")) + low.count("'") + low.count("`")
    if odd * 4 > len(out):  # Arabic, or a foreign script: every word is folded
        return _every_word_folded(text, out)
    odd_at = list(map(re.Match.start, _ODD_CHAR.finditer(low)))  # (a C-level loop)
    # English with a few apostrophes or accented names: only those words are folded.
    for i in sorted({bisect_right(out, p, key=_START) - 1 for p in odd_at} - {-1},
                    reverse=True):
        out[i:i + 1] = _folded(text, *out[i])
    return out


_START, _END = itemgetter(0), itemgetter(1)


def _words(low: str) -> list[Token]:
    """(start, end, word) of every word of ``low``, as _TOKEN.finditer finds them, without
    a Python step per word: the text split at its words (separators and words alternate,
    so running sums of their lengths are the words' offsets).

    >>> _words("gaza's al-mawasi")
    [(0, 6, "gaza's"), (7, 9, 'al'), (10, 16, 'mawasi')]
    """
    parts = _TOKEN_SPLIT.split(low)
    ends = list(accumulate(map(len, parts)))
    return list(zip(ends[0:-1:2], ends[1::2], parts[1::2]))


# A word as written → its key, for the words that make one token (no possessive, one
# key word): nearly all.  News repeats its words, and exact_key of a non-ASCII word
# (Unicode normal forms) costs far more than a dictionary look-up.
_KEY_OF: dict[str, str] = {}


def _folded(text: str, start: int, end: int, word: str) -> list[Token]:
    """The token(s) of one word (``word``: it lowered) folded: its exact key, without a
    possessive.  What a word makes depends on it as written alone (lowering changes no
    length and no possessive), so a one-token word's key is remembered by it."""
    if end - start > _LONGEST_WORD:
        return []
    written = text[start:end]
    key = _KEY_OF.get(written)
    if key is not None:
        return [(start, end, key)]
    if word.isascii() and word.isalnum():
        key = word
    elif len(word) > 3 and _POSSESSIVE.search(word):
        end -= 2
        return [(start, end, part) for part in exact_key(text[start:end]).split()]
    else:
        parts = exact_key(written).split()
        if len(parts) != 1:
            # Rare: a word that folds into none ("’") or several (a ligature, "ǅ").
            return [(start, end, part) for part in parts]
        key = parts[0]
    if len(_KEY_OF) < 200_000:  # bounded: random words must not grow it
        _KEY_OF[written] = key
    return [(start, end, key)]


def _every_word_folded(text: str, words: list[Token]) -> list[Token]:
    """_folded of every word (an Arabic article): the words met before looked up in
    C-level passes, only the others folded one by one."""
    starts, ends = list(map(_START, words)), list(map(_END, words))
    keys = list(map(_KEY_OF.get, map(text.__getitem__, map(slice, starts, ends))))
    out = list(zip(starts, ends, keys))
    for i in reversed(list(compress(count(), map(is_, keys, repeat(None))))):
        out[i:i + 1] = _folded(text, *words[i])
    return out


class _LowerCaseWords:
    """One Aho-Corasick pass over the lower-cased text for the keywords of the place slots
    (_SLOT_PATTERNS) and the words of the list cues (:data:`.lists.LIST_CUES`): a pass
    fewer than one for each (they share most words: "residents", "villages").

    ``scan`` gives each slot pattern's matches as KeywordPatterns.findall does, and where
    each list cue may start, as :func:`.lists.cue_starts` does.
    """

    def __init__(self):
        import ahocorasick

        owners: dict[str, tuple[list[int], list[int]]] = {}
        for i, pattern in enumerate(_SLOT_PATTERNS):
            for word in pattern.keywords:
                owners.setdefault(word, ([], []))[0].append(i)
        for i, rule in enumerate(LIST_CUES):
            for word in CUE_WORDS[rule.name]:
                owners.setdefault(word, ([], []))[1].append(i)
        self._words = ahocorasick.Automaton()
        for word, (slots, cues) in owners.items():
            self._words.add_word(word, (len(word), tuple(slots), tuple(cues)))
        self._words.make_automaton()

    def scan(self, low: str) -> tuple[list[list[re.Match]], list[tuple[int, int]]]:
        """(each slot pattern's matches, (where, cue index) of every cue word)."""
        starts: list[set[int]] = [set() for _ in _SLOT_PATTERNS]
        cues = []
        for end, (length, slots, rules) in self._words.iter(low):
            start = end - length + 1
            for i in slots:
                starts[i].add(start)
            for i in rules:
                cues.append((start, i))
        return [list(p.finditer_from(low, sorted(s))) for p, s in zip(_SLOT_PATTERNS, starts)], cues


_LOWER_CASE_WORDS = _LowerCaseWords()


class _Occupied:
    """Character spans already claimed by names, for overlap and containment checks in
    logarithmic time (a long document has tens of thousands of them).

    >>> o = _Occupied([(0, 4), (10, 20)])
    >>> o.overlaps(3, 6), o.overlaps(4, 10), o.covers(12, 15), o.covers(8, 12)
    (True, False, True, False)
    """

    __slots__ = ("_spans",)

    def __init__(self, spans=()):
        self._spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))

    def _before(self, pos: int, n: int = 4):
        """The last few spans starting before ``pos`` (nearest first)."""
        i = bisect_left(self._spans, (pos, -1))
        return reversed(self._spans[max(0, i - n):i])

    def overlaps(self, start: int, end: int) -> bool:
        # Spans rarely nest, so a few neighbours on the left decide.
        return any(s < end and start < e for s, e in self._before(end))

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self._before(start + 1))


class _Stream:
    """Words joined as ``" " + " ".join(words) + " "``, mapping automaton hits back to tokens.

    >>> s = _Stream(["khan", "younis", "rafah"], [4, 5, 9])
    >>> [(first, stop) for first, stop, _ in s.spans([(12, 13), (18, 7)], 0)]
    [(4, 6), (9, 10)]
    """

    __slots__ = ("text", "indices")

    def __init__(self, words: list[str], indices: Sequence[int]):
        self.text = " " + " ".join(words) + " "
        self.indices = indices

    def spans(self, hits: list[tuple[int, int]], shift: int) -> list[tuple[int, int, int]]:
        """(first token, last token + 1, value) for each automaton hit ``(end, value)``:
        a pattern " key " whose closing space is ``text[end]``, ``value >> shift`` its
        length (the key's and two spaces).

        The automaton reports hits in the order of their ends, so one running count of
        spaces tells the index of each hit's last word: linear in the text, however many
        hits (no table of word positions is built).
        """
        text, indices = self.text, self.indices
        out = []
        spaces = at = 0
        for end, value in hits:
            spaces += text.count(" ", at, end)
            at = end
            last = spaces - 1
            words = text.count(" ", end - (value >> shift) + 2, end)
            out.append((indices[last - words], indices[last] + 1, value))
        return out


_SKELETONS: dict[str, str] = {}


def _skeletons_of(keys: list[str]) -> list[str]:
    """token_skeleton of each Latin key ("" for Arabic ones), remembered: news reuses its
    words, so nearly every key is found by one C-level dictionary pass."""
    skels = list(map(_SKELETONS.get, keys))
    if None in skels:
        for i, skel in enumerate(skels):
            if skel is None:
                key = keys[i]
                skels[i] = skel = token_skeleton(key) if key.isascii() else ""
                if len(_SKELETONS) < 200_000:  # bounded: random words must not grow it
                    _SKELETONS[key] = skel
    return skels


class MentionFinder:
    """Finds and resolves the place mentions of documents (reusable across documents)."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, matcher: Matcher | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        # Typos are rare in edited news and the typo index costs a second and ~70 MB: names
        # in text are matched exactly, as variants, or across scripts, not fuzzily.
        self.matcher = matcher or Matcher(self.gazetteer, fuzzy=False)
        self.index = MentionIndex.for_gazetteer(self.gazetteer)
        self._exact_cache: dict[str, tuple] = {}
        self._places: dict[str, Place | None] = {}
        self._no_place: set[str] = set()
        # an article's places as arrays, for _plausible: (context, places, lat, lon)
        self._around: tuple | None = None

    # ------------------------------------------------------------------ spans
    @staticmethod
    def _streams(tokens: list[Token]) -> tuple[_Stream, _Stream]:
        """The token keys, and their consonant skeletons, as two streams."""
        keys = list(map(itemgetter(2), tokens))
        # Arabic spellings fold in the exact key already: skeletons only for Latin words.
        skeletons = _skeletons_of(keys)
        return (_Stream(keys, range(len(keys))),
                _Stream(list(filter(None, skeletons)), list(compress(count(), skeletons))))

    def _automaton_spans(self, text: str, tokens: list[Token], stream
                         ) -> list[tuple[int, int, int]]:
        """(first token, last token + 1, clitic length) of accepted automaton matches."""
        candidates = []
        for first, stop, value in stream.spans(self.index.scan(stream.text), 3):
            if stop - first == 1:
                if "a" <= text[tokens[first][0]] <= "z":
                    continue  # "of", "area": a lone lower-case word is no name, and blocks none
            elif any(not _JOIN.fullmatch(text[tokens[i][1]:tokens[i + 1][0]])
                     for i in range(first, stop - 1)):
                continue  # "(Gaza) Strip": words of one name are not split by punctuation
            # (first, minus its length: sorted as they are; flag and clitic: see unpack)
            candidates.append((first, first - stop, stop, value & 1, value >> 1 & 3))
        # Leftmost-longest: "Gaza City" over "Gaza"; a not-place swallows what it covers.
        candidates.sort()
        chosen, taken_until = [], -1
        self._not_places: list[tuple[int, int]] = []
        for first, _, stop, flag, clitic in candidates:
            if first < taken_until:
                continue
            taken_until = stop
            if flag == NOT_PLACE:
                # Kept so that no other way of finding names reads a place into it either.
                self._not_places.append((tokens[first][0], tokens[stop - 1][1]))
            elif _looks_like_name(text, tokens, first, stop):
                # "Al-Nuseirat": an article written onto the name belongs to its span.
                if first > 0 and not clitic and tokens[first - 1][2] in _ARABIC_ARTICLES and \
                        text[tokens[first - 1][1]:tokens[first][0]] in ("-", "‐", "–") and \
                        (not chosen or chosen[-1][1] < first - 1):
                    first -= 1
                chosen.append((first, stop, clitic))
        return chosen

    def _variant_spans(self, text: str, tokens: list[Token], taken: list[tuple[int, int, bool]],
                       stream) -> list[tuple[int, int, bool]]:
        """Names of the detailed regions written in a spelling the gazetteer does not list
        ("Tal as-Sultan"): found by consonant skeleton, kept if the matcher agrees."""
        out = []
        occupied = _Occupied([(ts, te) for ts, te, _ in taken] + self._not_places)
        for first, stop, _ in stream.spans(self.index.scan_variants(stream.text), 0):
            s, e = tokens[first][0], tokens[stop - 1][1]
            if occupied.overlaps(s, e):
                continue
            if not _looks_like_name(text, tokens, first, stop) or any(
                    not _JOIN.fullmatch(text[tokens[i][1]:tokens[i + 1][0]])
                    for i in range(first, stop - 1)):
                continue
            res = self.matcher.resolve_one(text[s:e])
            if res.place is not None and res.match in ("exact", "variant") and \
                    res.place.region != "world":
                if first > 0 and tokens[first - 1][2] in _ARABIC_ARTICLES and \
                        text[tokens[first - 1][1]:tokens[first][0]] in ("-", "‐", "–"):
                    s = tokens[first - 1][0]  # "al-Shabura"
                out.append((s, e, True))
                occupied.add(s, e)
        return out

    def _extend_with_generic_words(self, text: str, spans: list[tuple[int, int, bool]]
                                   ) -> list[tuple[int, int, bool]]:
        """"Jabalia camp", "Khan Yunis governorate": a name plus a kind word can be another
        place (in any spelling the gazetteer knows), and then the longer name wins."""
        out = []
        for s, e, from_index in spans:
            m = _GENERIC_AFTER.match(text, e)
            if m:
                longer = text[s:m.end()]
                res = self.matcher.resolve_one(longer)
                word = m.group(1).lower().split()[-1]
                if res.place is not None and res.match in ("exact", "variant") and (
                        res.place.kind == _GENERIC_KIND.get(word, res.place.kind)):
                    self._resolve_as[(s, e)] = longer  # the name is as written, the place is the camp
            out.append((s, e, from_index))
        return out

    def _with_words_before(self, text: str, spans: list[tuple[int, int, bool]]
                           ) -> list[tuple[int, int, bool]]:
        """"fleuve Awali", "نهر الأولي", "Sud du Liban": a kind or a compass word written
        *before* the name (French, Arabic) makes one name with it, resolved as its English
        form ("Awali River", "South Lebanon") when the gazetteer knows that."""
        if not any(map(text.__contains__, _WORD_BEFORE_HINTS)):
            return spans
        out = list(spans)
        starts = {s: i for i, (s, _, _) in enumerate(spans)}
        for m in _WORD_BEFORE.finditer(text):
            word = re.sub(r"\s+", " ", (m.group(1) or m.group(2)).lower())
            name_at = m.end()
            if name_at >= len(text):
                continue
            if name_at in starts:
                i = starts[name_at]
                name_end = spans[i][1]
            else:
                nm = _ARABIC_NAME_WORD.match(text, name_at) if is_arabic(text[name_at]) else \
                    _CAP_NAME.match(text, name_at)
                if not nm:
                    continue
                i, name_end = None, nm.end()
            name = text[name_at:name_end]
            english = [f"{n} {_KIND_IN_ENGLISH[word]}" if word in _KIND_IN_ENGLISH
                       else f"{_COMPASS_EN[word]} {n}" for n in self._english_names(name)]
            candidates = [text[m.start():name_end]] + english
            res = next((r for r in map(self.matcher.resolve_one, candidates)
                        if r.place is not None and r.match in ("exact", "variant")), None)
            if res is None or (word in _KIND_IN_ENGLISH and res.place.kind not in
                               ("river", "camp", "region")):
                continue
            if i is not None:
                out[i] = None  # type: ignore[call-overload]
            s = m.start()
            out.append((s, name_end, True))
            self._resolve_as[(s, name_end)] = res.place.name
        return sorted(c for c in out if c is not None)

    def _kind_word_spans(self, text: str, spans: list[tuple[int, int, bool]]
                         ) -> list[tuple[int, int, bool]]:
        """Names made by a kind word after them (see :data:`_KIND_SUFFIX`) and numbered
        roads.  The longer name replaces the shorter names found inside it ("Columbia" in
        "Columbia St.", "US" in "US-19"); a lower-case kind word leaves the name alone
        ("Chouf district" → "Chouf", the place still the district).  New names are slot
        names: reported even when the gazetteer does not know them."""
        found: list[tuple[int, int, int, str, str]] = []  # start, end, name end, lookup, kind
        hints, prefixes, abbreviations, roads = _KIND_SCANS.findall(text)
        for hint in hints:
            name_end = hint.start()
            while name_end > 0 and text[name_end - 1] in " \t":
                name_end -= 1
            if name_end == hint.start():
                continue
            km = _KIND_SUFFIX.match(text, name_end)
            if not km:
                continue
            nm = _NAME_BEFORE.search(text, max(0, name_end - 60), name_end)
            if not nm:
                continue
            s = nm.start()
            owner = _OWNER_BEFORE.search(text, s, name_end)
            if owner:
                s = owner.end()  # "Gaza's Nuseirat camp"
            while True:  # "In Market Street", "The Columbiana County": not the name
                word = re.match(r"[\w'’ʿʾ]+", text[s:name_end])
                if not word or (word.group().lower() not in _NOT_NAME_WORDS and
                                word.group().lower() not in _ARTICLES_WORDS_BEFORE):
                    break
                nxt = re.match(r"[\w'’ʿʾ]+[ \t]+(?=[A-Z])", text[s:name_end])
                if not nxt:
                    s = name_end
                    break
                s += nxt.end()
            if s >= name_end or not text[s].isupper():
                continue
            kind = km.lastgroup
            name = text[s:name_end]
            last = name.split()[-1].lower()
            if kind == "centre" and last not in _SHELTER_WORDS:
                continue
            if kind == "plain":
                found.append((s, name_end, name_end, text[s:km.end()], kind))
            elif kind == "unit":
                whole = text[s:km.end()]
                res = self.matcher.resolve_one(whole)
                found.append((s, km.end(), name_end, whole if res.place is not None else name,
                              kind))
            else:
                found.append((s, km.end(), name_end, text[s:km.end()], kind))
        for pm in prefixes:  # "Cape Hatteras", "Lake Tahoe"
            found.append((pm.start(), pm.end(), pm.start(), pm.group(), "feature"))
        for am in abbreviations:  # "Paradise, Calif.", "In B.C."
            full = _STATES.get(am.group(1).replace(".", "").lower())
            before = text[max(0, am.start() - 2):am.start()]
            if full and (am.group(1).count(".") > 1 and not re.search(r"\d\s*$", before)
                         or before.endswith((", ", ",\t"))):
                found.append((am.start(), am.end(), am.start(), full, "state"))
        for rm in roads:
            found.append((rm.start(), rm.end(), rm.end(), rm.group(), "road"))
        if not found:
            return spans
        not_places = _Occupied(self._not_places)
        out = list(spans)
        # The names a kind word's name overlaps, found by bisection among the sorted
        # ``spans`` (an article may hold thousands) and by a scan of the few added here.
        starts = [c[0] for c in spans]
        longest = max((c[1] - c[0] for c in spans), default=0)

        def overlapping(s: int, e: int) -> list:
            lo, hi = bisect_left(starts, s - longest), bisect_left(starts, e)
            return [c for c in out[lo:hi] + out[len(spans):]
                    if c is not None and c[0] < e and s < c[1]]

        numbered = _Occupied(m.span() for m in roads)
        for s, e, name_end, lookup, kind in found:
            if kind != "road" and numbered.overlaps(s, e) or kind == "road" and \
                    not _NUMBERED_ROAD.regex.fullmatch(text, s, e) and numbered.overlaps(s, e):
                continue  # "US Highway" of "US Highway 19": the numbered road is the name
            if kind == "road" and not ROADS_BY_NUMBER and (
                    _HOUSE_NUMBER.search(text, max(0, s - 8), s) or
                    _NUMBERED_ROAD.regex.fullmatch(text, s, e)):
                # See ROADS_BY_NUMBER; still, the "US" of "US-19" is no country.
                if _NUMBERED_ROAD.regex.fullmatch(text, s, e):
                    out = [c if c is None or not (s <= c[0] and c[1] <= e) else None
                           for c in out]  # (None: each name keeps its place in ``out``)
                continue
            if not_places.overlaps(s, name_end):
                continue  # "Israel Defense Forces Street" no; the not-place "School" may end it
            inner = overlapping(s, e)
            if kind == "plain":
                # The automaton's "Chouf district" becomes "Chouf"; a known "Tyre" stays.
                whole_end = s + len(lookup)
                same = [c for c in inner if c[0] == s and c[1] == whole_end]
                if same:
                    out[out.index(same[0])] = (s, e, same[0][2])
                    longest = max(longest, e - s)  # the same start, now a longer name
                    self._resolve_as[(s, e)] = lookup
                    continue
                if inner:
                    continue
                out.append((s, e, False))
                continue
            if any(c[0] < s or c[1] > e for c in inner) or any(
                    c[1] == e and c[0] < name_end for c in inner):
                continue  # a longer name found already, or this one ("Charleston County")
            for c in inner:
                out[out.index(c)] = None  # type: ignore[call-overload]
            out.append((s, e, kind == "state"))  # a state is known: resolved as found
            if lookup != text[s:e]:
                self._resolve_as[(s, e)] = lookup
        return sorted(c for c in out if c is not None)

    def _as_counties(self, text: str, spans: list[tuple[int, int, bool]]) -> None:
        """"Plumas and Butte counties", "counties …: Nassau, Duval and Clay": each name of
        the list is a county (resolved as "Butte County" when the gazetteer knows it)."""
        if "ounties" not in text and "arishes" not in text:
            return
        by_end = {e: (s, e) for s, e, _ in spans}
        by_start = {s: (s, e) for s, e, _ in spans}
        runs: list[tuple[list[tuple[int, int]], str]] = []
        for m in _COUNTIES_AFTER.finditer(text):
            unit = "Parish" if m.group(1).lower() == "parishes" else "County"
            at, run = m.start(), []
            while at in by_end:
                span = by_end[at]
                run.append(span)
                glue = re.search(r"(?:,[ \t]*(?:and[ \t]+|&[ \t]+)?|[ \t]+(?:and|&)[ \t]+)$",
                                 text[max(0, span[0] - 8):span[0]])
                if not glue:
                    break
                at = span[0] - len(glue.group())
            runs.append((run, unit))
        for m in _COUNTIES_COLON.finditer(text):
            at, run = m.end(), []
            while at in by_start:
                span = by_start[at]
                run.append(span)
                glue = _SLOT_GLUE.match(text, span[1])
                if not glue:
                    break
                at = glue.end()
            runs.append((run, "County"))
        for run, unit in runs:
            for s, e in run:
                name = f"{text[s:e]} {unit}"
                for other in [name] + respellings(name)[:3]:  # "St. Lucie", Saint Lucie
                    res = self.matcher.resolve_one(other)
                    if res.place is not None and res.place.kind in ("county", "region"):
                        self._resolve_as[(s, e)] = other
                        break

    def _name_start(self, text: str, s: int, e: int, place: Place) -> int:
        """Where the name of ``place`` at ``text[s:e]`` starts: a compass word before a
        country or region is part of it ("eastern Lebanon", "Eastern Gaza"; not "eastern
        Rafah", a part of a city); Arabic "منطقة" ("the area of") before a name is not
        ("منطقة المواصي" is al-Mawasi)."""
        if place.kind == "country" or place.name == "Gaza Strip":
            m = _COMPASS_BEFORE.search(text, max(0, s - 16), s)
            if m:
                return m.start()
        if text.startswith(_AREA_OF, s) and (s == 0 or not is_arabic(text[s - 1])):
            rest = s + len(_AREA_OF[0])  # both spellings are five letters
            while rest < e and text[rest] in " \t":
                rest += 1
            res = self.matcher.resolve_one(text[rest:e])
            if rest < e and res.place is not None and res.place.id == place.id:
                return rest
        return s

    def _english_names(self, name: str) -> list[str]:
        """The name, and the English name of the place it resolves to ("Liban" → Lebanon)."""
        res = self.matcher.resolve_one(name)
        names = [name]
        if res.place is not None and res.place.name != name:
            names.append(res.place.name)
        return names

    def _slot_spans(self, text: str, taken: list[tuple[int, int]],
                    slot_matches: list[list[re.Match]]) -> list[tuple[int, int, bool]]:
        """(start, end, strong) of capitalised names in place slots (``slot_matches``: those
        of the _SLOT_PATTERNS), not already matched."""
        out = []
        occupied = _Occupied(taken)
        plain, before_capital, weak = slot_matches
        slots = [(m, True) for m in plain]
        slots += [(m, True) for m in before_capital
                  if m.end() < len(text) and text[m.end()].isupper() and text[m.end()].isascii()]
        # "the villages …, including X": a list of places announced as places is strong.
        slots += [(m, _place_noun_before(text[max(0, m.start() - 80):m.start()]))
                  for m in weak]
        for m, strong in slots:
            pos = m.end()
            for _ in range(12):  # a list of up to a dozen names
                while pos < len(text) and text[pos] in " \t":
                    pos += 1
                nm = _CAP_NAME.match(text, pos)
                if not nm:
                    break
                s, e = nm.start(), nm.end()
                owner = _SLOT_OWNER.match(text, s, e)
                if owner:
                    s = owner.end()  # "UNRWA's Al-Jaouni School": the school, not its owner
                words = _SLOT_WORD_BREAK.split(text[s:e])
                if words and words[-1].lower() in _CALENDAR:
                    break
                if not occupied.covers(s, e) and not _NOT_A_NAME.search(text[s:e]) \
                        and text[s:e].lower() not in _FUNCTION_WORDS \
                        and not _LETTER.fullmatch(text, s, e):  # "Zones A, B and C"
                    out.append((s, e, strong))
                    occupied.add(s, e)
                glue = _SLOT_GLUE.match(text, e)
                if not glue:
                    break
                pos = glue.end()  # an offset into text: the pattern was matched at e
        return out

    # ------------------------------------------------------------------ find
    def find(self, doc: Document) -> list[Mention]:
        """Every place mention of ``doc``, in text order, resolved with the document as context.

        Names are looked for in the normalised text (Unicode spaces plain, invisible
        characters gone: "Khan\u00a0Younis" and "Kha\u200bn Younis" are Khan Younis);
        each mention's offsets and text are those of the original text.
        """
        normalised = doc.normalised
        text = normalised.text
        self._resolve_as: dict[tuple[int, int], str] = {}
        tokens = tokenize(text)
        exact_stream, skeleton_stream = self._streams(tokens)
        spans = self._automaton_spans(text, tokens, exact_stream)
        char_spans: list[tuple[int, int, bool]] = []
        for first, stop, clitic in spans:
            if stop - first > 1 and tokens[first][2] == "the":
                first += 1  # "the Gaza Strip": the article is not part of the name
            s = tokens[first][0] + clitic
            e = tokens[stop - 1][1]
            char_spans.append((s, e, True))
        char_spans += self._variant_spans(text, tokens, char_spans, skeleton_stream)
        char_spans.sort()
        char_spans = self._extend_with_generic_words(text, char_spans)
        char_spans = self._with_words_before(text, char_spans)
        char_spans = self._kind_word_spans(text, char_spans)
        taken = [(s, e) for s, e, _ in char_spans]
        strong_spans = [c for c in char_spans if c[2]]  # sorted: char_spans is
        strong_starts = [c[0] for c in strong_spans]
        weak, dropped, slot_spans = set(), set(), []
        slot_matches, cues = _LOWER_CASE_WORDS.scan(lower_keeping_offsets(text))
        for s, e, strong in self._slot_spans(text, taken, slot_matches):
            lo, hi = bisect_left(strong_starts, s), bisect_right(strong_starts, e)
            covered = [c for c in strong_spans[lo:hi] if c[1] <= e]
            if covered:
                # A longer name in a place slot ("Tyre Harfa") beats the shorter name the
                # automaton saw in it ("Tyre") when the gazetteer knows the longer one.
                if self.matcher.resolve_one(text[s:e]).place is None:
                    continue
                dropped.update(covered)
            slot_spans.append((s, e, False))
            if not strong:
                weak.add(s)
        char_spans = [c for c in char_spans if c not in dropped] + slot_spans
        char_spans = self._with_list_items(text, char_spans, weak, cues)
        self._as_counties(text, char_spans)
        surfaces = [text[s:e] for s, e, _ in char_spans]
        lookups = [self._resolve_as.get((s, e), text[s:e]) for s, e, _ in char_spans]
        countries = self._qualifiers(text, char_spans)
        resolutions = self._resolve(lookups, countries)
        mentions = []
        context = {r.place.id: r.place for r in resolutions
                   if r and r.place is not None and r.place.kind != "country"}
        # The regions known in depth set the focus, unless they are a stray minority of the
        # article's places (one Beirut name in a Canadian wildfire story), or only loose
        # spellings ("Rhine" read as the Lebanese village El Ghine beside "Koblenz").
        deep = [p for p in context.values() if p.region != "world"]
        deep_exact = any(r.match == "exact" for r in resolutions
                         if r and r.place is not None and r.place.region != "world")
        focus = Focus.of(deep) if deep and deep_exact and 2 * len(deep) >= len(context) else \
            Focus.of(context.values())
        # Distances to the focus in blocks (an article of thousands of places asks each
        # place's, and its alternatives' when it lies far away).
        placed = [r for r in resolutions if r and r.place is not None]
        focus.prepare(r.place for r in placed)
        focus.prepare(c.place for r in placed if r.alternatives and
                      far_namesake(r.place, r.match, focus) for c in r.alternatives)
        for (s, e, from_index), surface, res in zip(char_spans, surfaces, resolutions):
            place = res.place if res else None
            if from_index and place is not None and _glued_to_a_name(text, s, e, place):
                continue
            if place is not None and far_namesake(place, res.match, focus) and \
                    doc.section_at(s) == "body":  # other headlines are about other places
                # A far namesake: the next candidate near the focus, or none at all.
                alt = next((c for c in res.alternatives if not far_namesake(c.place, c.match,
                                                                            focus)), None)
                if alt is None and from_index and not _in_a_list(text, s, e):
                    continue  # a word that is a place only far away is no place here
                res, place = _second_choice(res, alt)
                if from_index and place is not None and _glued_to_a_name(text, s, e, place):
                    continue  # (the first choice was checked above)
            if from_index and place is not None and res.match != "exact" and \
                    _across_a_border(place, focus) and _in_a_list(text, s, e):
                place = None  # "Al-Rawda" among Gaza neighbourhoods, read as a Lebanese village
            if not from_index and place is not None and not self._plausible(place, context):
                place = None  # a slot name that matches only something far away
            if not from_index and place is not None and _across_a_border(place, focus):
                # "Al-Jarn" or "Al-Zuhur" in a list of Gaza neighbourhoods is no Lebanese
                # village: a list's names are where the list is.
                alt = next((c for c in res.alternatives if not _across_a_border(c.place, focus)
                            and focus.km(c.place) <= RESPELLED_KM), None)
                res, place = _second_choice(res, alt)
            if not from_index and focus.points and (
                    place is None or res.match == "variant" and res.place is place):
                # "Bourj el-Chemali": the gazetteer may know it in another spelling; and a
                # name that is exactly a place once respelled ("Labbouneh", Labboune) is
                # that place rather than a loose variant of another.
                found = self._respelled(surface, focus, exact=place is not None)
                if found is not None:
                    res, place = found, found.place
            if not from_index and place is None and (surface.lower() in _CALENDAR or s in weak):
                continue  # an unknown name after "including" may be anything
            if place is not None:
                s = self._name_start(text, s, e, place)
            start, end = normalised.original_span(s, e)
            mentions.append(Mention(doc.text[start:end], start, end, doc.section_at(start),
                                    place, res.confidence if place else 0.0,
                                    res.match if place else "none"))
        self._around = None  # (an article's places are not kept after it)
        return self._with_nearby_names(doc, mentions)

    # ------------------------------------------------------------------ focus
    def _exact_points(self, name: str) -> tuple[tuple[str, float, float, str], ...]:
        """(id, lat, lon, kind, country) of the places whose own or alternate name is exactly
        ``name`` (one indexed query per source, remembered)."""
        key = exact_key(name).replace(" ", "")
        hit = self._exact_cache.get(key)
        if hit is None:
            hit = tuple(row for src in self.gazetteer.sources for row in src.db.execute(
                "SELECT p.gid, p.lat, p.lon, p.kind, p.country FROM names n "
                "JOIN places p ON p.id = n.place "
                "WHERE n.key = ? AND n.form = 0 AND p.kind != 'block'", (key,)))
            if len(self._exact_cache) > 200_000:
                self._exact_cache.clear()
            self._exact_cache[key] = hit
        return hit

    def _place_by_id(self, gid: str) -> Place | None:
        hit = self._places.get(gid)
        if hit is None:
            hit = self._places[gid] = self.gazetteer.get(gid)
            if len(self._places) > 50_000:
                self._places.clear()
        return hit

    def _nearest_exact(self, surface: str, focus: Focus) -> str | None:
        """The id of the place called exactly ``surface`` nearest the focus, if near."""
        best = None
        for gid, lat, lon, kind, country in self._exact_points(surface):
            if kind == "country":
                continue
            near = focus.km_to(lat, lon)
            # Within the article's country a town two hours' drive away is still near.
            limit = NEARBY_NAME_KM * (3 if country == focus.country else 1)
            if near <= limit and (best is None or near < best[0]):
                best = (near, gid)
        return best[1] if best else None

    def _with_nearby_names(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """Capitalised names the automaton does not hold (small towns, communities,
        kibbutzim: "East Palestine", "Topanga") that are, exactly, a place near the places
        the article is about.  Names far from that focus are left alone: a word that is a
        hamlet somewhere is not a place here."""
        focus = Focus.of(m.place for m in mentions if m.place is not None
                         and m.section == "body")
        if not focus.points:
            return mentions
        text = doc.text
        occupied = _Occupied((m.start, m.end) for m in mentions)
        added: list[Mention] = []
        replaced: set[tuple[int, int]] = set()
        # surface → the near place's id, per article; names found already are not asked again
        nearest: dict[str, str | None] = dict.fromkeys((m.text for m in mentions))
        no_place = self._no_place
        # Most capitalised names are known to be no place (the set only grows) or short:
        # they are left out in C-level passes, before the loop.
        names = list(_CAP_NAME.finditer(text))
        surfaces = list(map(re.Match.group, names))
        asked = {n for n in surfaces if len(n) >= 4}.difference(no_place)
        for nm, surface in compress(zip(names, surfaces), map(asked.__contains__, surfaces)):
            if surface in no_place or nearest.get(surface, "") is None or len(surface) < 4:
                continue  # no place of that name, or none near: looked up already
            s, e = nm.span()
            if not self._exact_points(surface):
                if len(self._no_place) < 200_000:
                    self._no_place.add(surface)  # most capitalised words are no place at all
                continue
            words = surface.split()
            if words[0].lower() in _NOT_NAME_WORDS or words[-1].lower() in _NOT_NAME_WORDS \
                    or surface.isupper():
                continue
            inner = []
            if occupied.overlaps(s, e):
                if occupied.covers(s, e):
                    continue
                inner = [m for m in mentions if s <= m.start and m.end <= e]
                if not inner:
                    continue  # crosses a name already found
            if surface not in nearest:
                nearest[surface] = self._nearest_exact(surface, focus)
            gid = nearest[surface]
            if gid is None:
                continue
            place = self._place_by_id(gid)
            if place is None or _glued_to_a_name(text, s, e, place):
                continue
            replaced.update((m.start, m.end) for m in inner)
            added.append(Mention(surface, s, e, doc.section_at(s), place, 0.7, "exact"))
            occupied.add(s, e)
        if not added:
            return mentions
        kept = [m for m in mentions if (m.start, m.end) not in replaced]
        return sorted(kept + added, key=lambda m: m.start)

    @staticmethod
    def _with_list_items(text: str, spans: list[tuple[int, int, bool]], weak: set[int],
                         cues: list[tuple[int, int]] | None = None) -> list[tuple[int, int, bool]]:
        """Every item of a coordinated list of places is a place (see :mod:`.lists`).

        An item that holds shorter names ("Nabi Qasem" around "Qasem") replaces them: the
        list's punctuation says where each name ends.  Items are checked like slot names
        (far-away namesakes are dropped) and are reported even when unresolved.
        """
        spans = sorted(spans)
        items = find_list_items(text, [(s, e) for s, e, _ in spans], cues)
        if not items:
            return spans
        starts = [s for s, _, _ in spans]
        drop: set[tuple[int, int, bool]] = set()
        added = []
        for item in items:
            s, e = item.start, item.end
            lo = bisect_left(starts, s) - 1
            near = [c for c in spans[max(0, lo):bisect_right(starts, e)] if c[0] < e and s < c[1]]
            if any(c[0] == s and c[1] == e for c in near):
                weak.discard(s)  # "including X, Y": in a list, X is a place
                continue
            if any(c[0] < s or c[1] > e for c in near):
                continue  # a name the list's item would cut: the longer reading wins
            first = text[s:e].split(None, 1)[0].lower()
            if first in _COMPASS and any(c[1] == e for c in near):
                continue  # "East Zeitoun": Zeitoun, its east only a part of it
            drop.update(near)
            added.append((s, e, False))
            weak.discard(s)
        return sorted([c for c in spans if c not in drop] + added)

    def _respelled(self, surface: str, focus: Focus, exact: bool = False):
        """The first respelling of ``surface`` that resolves (``exact``: by its very name)
        to a place near the focus."""
        for other in respellings(surface):
            res = self.matcher.resolve_one(other)
            if exact and res.match != "exact":
                continue
            if res.place is not None and res.place.kind != "country" and \
                    focus.km(res.place) <= RESPELLED_KM and \
                    not far_namesake(res.place, res.match, focus):
                return replace(res, query=surface, match="variant",
                               confidence=round(0.8 * res.confidence, 3))
        return None

    def _resolve(self, surfaces: Sequence[str], countries: dict[int, str]):
        if not surfaces:
            return []
        plain = self.matcher.resolve(list(surfaces))
        for i, cc in countries.items():
            restricted = self.matcher.resolve_one(surfaces[i], country=cc)
            if restricted.place is not None:
                plain[i] = restricted
        return plain

    def _qualifiers(self, text: str, spans) -> dict[int, str]:
        """"Rafah, Egypt": the span before a country name is restricted to that country."""
        out = {}
        for i in range(len(spans) - 1):
            s, e, _ = spans[i]
            s2, e2, _ = spans[i + 1]
            if _COMMA_GAP.fullmatch(text, e, s2):
                hit = [c for c in self.gazetteer.lookup(text[s2:e2]) if c.place.kind == "country"]
                if hit:
                    out[i] = hit[0].place.country
        return out

    def _plausible(self, place: Place, context: dict[str, Place]) -> bool:
        """A slot name's place must be near the article's other places (or anchor them)."""
        from ..places.matcher import distance_km

        if len(context) <= _MANY_OTHERS + 1:
            others = [p for pid, p in context.items() if pid != place.id]
            if not others:
                return True
            return min(distance_km(place, o) for o in others) < PLAUSIBLE_KM
        # An article of thousands of places: the distances in numpy (the article's points
        # made into arrays once), and only those within a hair of the limit (where numpy's
        # rounding could tip the answer) in Python.
        import numpy as np

        if self._around is None or self._around[0] is not context:
            places = list(context.values())
            self._around = (context, places, np.radians([p.lat for p in places]),
                            np.radians([p.lon for p in places]))
        _, places, lat, lon = self._around
        p1 = math.radians(place.lat)
        h = np.sin((lat - p1) / 2) ** 2 + math.cos(p1) * np.cos(lat) * \
            np.sin((lon - math.radians(place.lon)) / 2) ** 2
        km = 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        mine = [i for i in np.flatnonzero(km < PLAUSIBLE_KM + 1e-6).tolist()
                if places[i].id != place.id]  # the place itself is no other place
        return any(km[i] < PLAUSIBLE_KM - 1e-6 for i in mine) or \
            any(distance_km(place, places[i]) < PLAUSIBLE_KM for i in mine)


_LIST_AFTER = re.compile(r"[ \t]*(?:,|،|\band\b|\bet\b)[ \t]*(?:(?:and|et)[ \t]+)?"
                         r"[A-Z\u00c0-\u00de\u0621-\u064a]")
_LIST_BEFORE = re.compile(r"(?:,|،|\band|\bet)[ \t]*$")


def _across_a_border(place: Place, focus: Focus) -> bool:
    """A small place in another country than the article's, well away from its places."""
    return bool(focus.points) and focus.country is not None and \
        place.country != focus.country and place.kind not in ("country", "region") and \
        (place.population or 0) < 100_000 and focus.km(place) > ACROSS_BORDER_KM


def _in_a_list(text: str, s: int, e: int) -> bool:
    """Whether the name at ``text[s:e]`` is one item of a list ("Lithi, Elata and Armolia").

    >>> _in_a_list("Lithi, Elata and Armolia", 7, 12), _in_a_list("Point was made.", 0, 5)
    (True, False)
    """
    return bool(_LIST_AFTER.match(text, e) or _LIST_BEFORE.search(text, max(0, s - 6), s))


# Kind and compass words written before a name, with what English writes instead.
_WORD_BEFORE = re.compile(r"\b(fleuve|rivière|riviere|camp\s+de|sud|nord|centre)\s+"
                          r"(?:du\s+|de\s+la\s+|"
                          r"de\s+l['’]|de\s+|d['’])?(?=\S)|(?<![\u0621-\u064a])(نهر|مخيم)\s+(?=\S)",
                          re.IGNORECASE)
# Any of them in the text (plain substring searches: far faster than a pattern tried at
# every character).
_WORD_BEFORE_HINTS = ("fleuve", "rivière", "riviere", "camp de", "Sud d", "sud d", "Nord d",
                      "nord d", "نهر", "مخيم")
_KIND_IN_ENGLISH = {"fleuve": "River", "rivière": "River", "riviere": "River", "نهر": "River",
               "camp de": "camp", "مخيم": "camp"}
_COMPASS_EN = {"sud": "South", "nord": "North", "centre": "Central"}
_ARABIC_NAME_WORD = re.compile(r"[\u0621-\u064a]+")
_NOT_NAME_WORDS = frozenset(_FUNCTION_WORDS | _CALENDAR)
# Capitalised words before a name that do not glue it into a person's or street's name.
_NOT_NAMES_BEFORE = frozenset(_COMPASS | _ARTICLES | _CALENDAR)
#: how near the article's focus a respelled name must resolve
RESPELLED_KM = 60.0
#: a list or slot name resolved in another country than the article's, farther than
#: this from its places, is left unresolved
ACROSS_BORDER_KM = 80.0
#: how near the article's focus a capitalised name must be to be taken for a small place
NEARBY_NAME_KM = 40.0
#: a slot name's place is kept this near one of the article's other places
PLAUSIBLE_KM = 300
#: above this many other places the distances to them are measured in numpy
_MANY_OTHERS = 64


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in km (a few percent off at most; for gating only)."""
    dx = (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(dx, lat1 - lat2)


def _looks_like_name(text: str, tokens: list[Token], first: int, stop: int) -> bool:
    """Latin-script matches must be capitalised where names are; Arabic needs no case."""
    if stop - first == 1:  # most names are one word: the rules below, for one word
        start, end, key = tokens[first]
        word = text[start:end]
        if not key.isascii() and is_arabic(word):
            return True
        low = word.lower()
        if low in _FUNCTION_WORDS or low in _CALENDAR:
            return False  # "But", "She", "Dec." are towns somewhere, and words here
        if low in _ARTICLES or low in _COMPASS:
            return False  # an article or a compass word alone is no name
        return word[0].isupper() or word[0].isdigit()
    words = [text[t[0]:t[1]] for t in tokens[first:stop]]
    if not all(t[2].isascii() for t in tokens[first:stop]) and any(is_arabic(w) for w in words):
        return True
    if words and words[-1].lower() in _FUNCTION_WORDS:
        return False  # "Gaza by" (a Norwegian name of Gaza) ending a clause in English
    content = [w for w in words if w.lower() not in _ARTICLES and w.lower() not in _COMPASS]
    if not content:
        return False
    head = content[0]
    return head[0].isupper() or head[0].isdigit()


def _second_choice(res, alt):
    """A resolution moved to an alternative candidate, with less confidence (the first
    choice was ruled out), and its place; with no alternative, no place."""
    if alt is None:
        return res, None
    return replace(res, place=alt.place, match=alt.match,
                   confidence=round(0.8 * res.confidence, 3)), alt.place


def _glued_to_a_name(text: str, s: int, e: int, place: Place) -> bool:
    """A small foreign place glued to a capitalised word is a person or a street name."""
    if place.region != "world" or place.kind not in ("city", "town", "village"):
        return False
    after = _WORD_AFTER.match(text, e)  # at ``e``: a slice of the rest would copy it
    if after and after.group(1).lower() not in _CALENDAR:
        return True
    before = _CAPITAL_WORD_BEFORE.search(text[max(0, s - 40):s])
    if before and (before.group(1).lower() in _NAME_PARTICLES
                   or before.group(1).lower() not in _NOT_NAMES_BEFORE):
        start_of_sentence = _SENTENCE_START_BEFORE.search(
            text[max(0, s - 40):before.start() + max(0, s - 40)])
        return not start_of_sentence or before.group(1) not in ("The", "In", "From", "To")
    return False


def find_mentions(doc: Document, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Place mentions of one document (see :class:`MentionFinder`)."""
    return MentionFinder(gazetteer).find(doc)
