"""What sentences of an article say about each other's orders.

An order is often stated once and completed by the sentences around it:

* "…the following areas:" then one name (or a line of block numbers) a line;
* a sentence naming only destinations ("They were told to go to Rafah") completes the
  order before it; "The villages include A, B" lists its areas; "The order does not
  apply to X" spares X; "Reception centres are open in Y" says where to go;
* a bulletin's "Charlotte County: …" lines under a heading about evacuations;
* a broad area that holds the specific places of the article's orders ("southern
  Lebanon" around its villages) is their frame, not one more area.

:class:`Discourse` keeps the state of one article as its sentences are read in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter

from ..lang import lexicon
from ..lang.rules import Text
from ..mentions.model import Mention
from ..places.matcher import distance_km
from ..text.document import Document, Sentence
from . import attributes
from .areas import BROAD_KINDS
from .blocks import find_blocks
from .model import Directive, PlaceRef
from .roles import key_of, name_like

#: how many sentences after an order a follow-up sentence may come
_RECENT = 3
_SHELTERS_WITHIN = 8
_MERGE_WITHIN = 2

_NUMBERS_ONLY = re.compile(r"[\s\d٠-٩,،\-–—/&و]*\d[\s\d٠-٩,،\-–—/&وand]*")
_LIST_LINE_FILLER = re.compile(r"[\W\d_]*")
_SYMBOL_AFTER = re.compile(r"[ \t]*[\u2190-\u2bff\u2600-\u27bf\U0001F000-\U0001FAFF]")


class Discourse:
    """The orders of one article so far, and how the next sentence may add to them."""

    def __init__(self, doc: Document, text: Text, sentences: list[Sentence], block_exists):
        self.doc, self.text, self.sentences = doc, text, sentences
        self.block_exists = block_exists
        self.directives: list[Directive] = []
        self._sentence_of: dict[int, int] = {}
        self.last_index: int | None = None
        self.announced: Directive | None = None  # an order ending "…the following areas:"

    # ------------------------------------------------------------ announced lists
    def continues_list(self, i: int, sent: Sentence, mentions: list[Mention]) -> bool:
        """Whether the sentence is a line of the list an order announced (and is taken)."""
        d, self.announced = self.announced, None
        if d is None:
            return False
        line = self.text.text[sent.start:sent.end]
        if mentions and only_names(line, sent.start, mentions):
            # One name a line under the order: each line's place is affected.
            self._keep_announced(d, i)
            known = {key_of(p.mention) for p in d.affected}
            d.affected += [PlaceRef(m) for m in mentions if key_of(m) not in known]
        elif _NUMBERS_ONLY.fullmatch(line):
            # "…في بلوكات:" then a line of numbers: the blocks of the order announced.
            numbers = {n for b in find_blocks("blocks " + line, self.block_exists)
                       for n in b.numbers}
            if not numbers:
                return False
            self._keep_announced(d, i)
            d.blocks = sorted(set(d.blocks) | numbers)
        else:
            return False
        d.end = sent.end
        self.last_index = i
        self.announced = d
        return True

    def _keep_announced(self, d: Directive, i: int) -> None:
        """An announced order with no place yet was not kept; its first line keeps it."""
        if not (d.affected or d.destinations or d.blocks) and id(d) not in self._sentence_of:
            self._append(d, i)

    # ---------------------------------------------------------------- follow-ups
    def follow_up(self, i: int, sent: Sentence, mentions: list[Mention],
                  line: Text | None = None) -> None:
        """A sentence with no order of its own may still add to the one before it
        (``line``: its text, when the caller has it)."""
        if not self.directives or self.last_index is None:
            return
        lex = lexicon()
        previous, since = self.directives[-1], i - self.last_index
        if line is None:
            line = Text(self.text.text[sent.start:sent.end])
        recent = since <= _RECENT
        if recent and (lex.cue["exemption"].search(line) or lex.exemption_passive.search(line)):
            add_exemptions(previous, line, sent.start, mentions)
        elif recent and since == 1 and lex.area_detail.search(line):
            add_details(previous, self.text, sent, mentions, "affected")
            self.last_index = i  # "The list also included …" may follow
        elif since <= _SHELTERS_WITHIN and lex.destination_detail.search(line):
            add_shelters(previous, mentions)
        elif (recent and since == 1 and lex.zone_anaphora.search(line)
              and lex.unnamed_destination.search(Text(previous.sentence))):
            add_details(previous, self.text, sent, mentions, "destination")

    # -------------------------------------------------------------------- orders
    def add(self, i: int, d: Directive) -> None:
        """A new directive of sentence ``i``: kept, or merged into the one before."""
        if (not d.affected and not d.blocks and not d.zones and d.destinations
                and self.directives and self.last_index is not None
                and i - self.last_index <= _MERGE_WITHIN):
            merge(self.directives[-1], d)  # "They were told to go to shelters in Rafah"
            return
        if d.sentence.rstrip().endswith(":"):
            self.announced = d  # its places may follow, one a line
        if not (d.affected or d.destinations or d.blocks or d.zones or d.exemptions) \
                and self.directives:
            # An order with no place of its own: kept only if it is the article's first
            # word of an order (the places may be in its headline or next line).
            return
        self._append(d, i)

    def _append(self, d: Directive, i: int) -> None:
        self.directives.append(d)
        self._sentence_of[id(d)] = i
        self.last_index = i

    def finish(self, mentions: list[Mention]) -> list[Directive]:
        """The article's directives, with issuers, bulletin items and frames settled."""
        text = self.text.text
        for d in self.directives:  # who gave the order: asked only of the orders that stay
            i = self._sentence_of[id(d)]
            d.issuer = attributes.issuer(d.sentence) or attributes.issuer_before(
                [text[s.start:s.end] for s in self.sentences[max(0, i - 2):i]])
        directives = self.directives + bulletin_items(self.doc, self.text, mentions,
                                                      self.directives)
        directives.sort(key=lambda d: d.start)
        first_line = text.lstrip().split("\n", 1)[0]
        headline_end = len(text) - len(text.lstrip()) + len(first_line) \
            if self.doc.title and first_line.strip() == self.doc.title.strip() else 0
        drop_containers(directives, headline_end)
        drop_framing_regions(directives, text)
        return [d for d in directives if d.affected or d.destinations or d.blocks or d.zones
                or d.exemptions or d.trigger != "blocks"]


def add_exemptions(d: Directive, line: Text, offset: int, mentions: list[Mention]) -> None:
    """Places a sentence says the order before does not cover."""
    lex = lexicon()
    cue = lex.cue["exemption"].search(line)
    passive = lex.exemption_passive.search(line)
    for m in mentions:
        # "The order does not apply to X" names X after the cue; "X is not included" before.
        spared = (cue and m.start >= offset + cue.end()) or (
            passive and m.end <= offset + passive.start())
        if spared and m.place is not None:
            if all(e.mention.place.id != m.place.id for e in d.exemptions if e.mention.place):
                d.exemptions.append(PlaceRef(m))


def add_details(d: Directive, text: Text, sent, mentions: list[Mention], role: str) -> None:
    """Places of a sentence that details the previous order (its areas, its zone)."""
    area_detail, side_of = lexicon().area_detail, lexicon().side_of
    refs = d.affected if role == "affected" else d.destinations
    known = {key_of(p.mention) for p in refs}
    doc = text.text
    for m in mentions:
        before = doc[max(sent.start, m.start - 12):m.start]
        key = key_of(m)
        if m.place is None and not (name_like(m.text) and area_detail.search(
                Text(doc[sent.start:m.start]))):
            continue  # an unknown name counts in a list the sentence announces as areas
        if key in known or m.place is not None and m.place.kind in ("country", "road"):
            continue
        if side_of.search(Text(before)):
            continue  # "north of Gaza City": a reference point, not the area
        known.add(key)
        refs.append(PlaceRef(m))


def add_shelters(d: Directive, mentions: list[Mention]) -> None:
    """Places of a sentence about reception centres: destinations of the order before
    (the towns and the centres; not the regions or countries that locate them)."""
    known = {key_of(p.mention) for p in d.destinations + d.affected}
    for m in mentions:
        key = key_of(m)
        if key in known or (m.place is not None and m.place.kind in BROAD_KINDS | {"road"}):
            continue
        if m.place is None and not name_like(m.text):
            continue
        known.add(key)
        d.destinations.append(PlaceRef(m))


def merge(into: Directive, d: Directive) -> None:
    """Add a directive that only names where to go to the order before it."""
    known = {p.mention.place.id for p in into.destinations if p.mention.place}
    for p in d.destinations:
        if p.mention.place is None or p.mention.place.id not in known:
            into.destinations.append(p)
    into.zones += d.zones
    into.exemptions += d.exemptions
    into.sentence = f"{into.sentence} {d.sentence}"
    into.end = d.end


def bulletin_items(doc: Document, text: Text, mentions: list[Mention],
                   directives: list[Directive]) -> list[Directive]:
    """"Charlotte County: …" lines under a heading about evacuations: one order each.

    Bulletins list orders area by area; the item's text may not repeat the order
    ("Citrus County: Starting Tuesday morning at 8AM."), its heading does.
    """
    lex = lexicon()
    out: list[Directive] = []
    raw = text.text
    # Looked up per label line, so indexed once: the mentions by span, the order
    # sentences by start, the evacuation words by position (a bulletin of n lines
    # once scanned all n mentions and all directives for each of its n labels).
    spans = [(m.start("label"), m.end("label")) for m in lex.label.finditer(text)]
    if not spans:
        return out  # most articles: no "Place: …" line, no index needed
    places: dict[tuple[int, int], Mention] = {}
    for x in mentions:
        if x.place and x.place.kind not in ("country", "road"):
            places.setdefault((x.start, x.end), x)
    labels = [(s, places[s, e]) for s, e in spans
              if (s, e) in places and doc.section_at(s) == "body"]
    if not labels:
        return out
    by_start = sorted(directives, key=attrgetter("start"))
    directive_starts = [d.start for d in by_start]
    words = [(w.start(), w.end()) for w in lex.evacuation_word.finditer(text)]
    for start, label in labels:
        if not word_within(words, max(0, start - 1500), start):
            continue
        line_end = raw.find("\n", start)
        line_end = len(raw) if line_end < 0 else line_end
        existing = directive_at(by_start, directive_starts, start)
        if existing is not None:
            if all(p.mention.place.id != label.place.id for p in existing.affected
                   if p.mention.place):
                existing.affected.insert(0, PlaceRef(label))
            continue
        line = raw[start:line_end]
        d = Directive(line.strip(), start, line_end, "bulletin item",
                      issuer=attributes.issuer(line),
                      date=attributes.order_date(line, doc.date))
        d.affected.append(PlaceRef(label))
        out.append(d)
    return out


def rejoin_times(sentences: list[Sentence], text: str) -> list[Sentence]:
    """"…flee west by 3 a.m. Tuesday towards British Columbia": a time's full stop ends no
    sentence when the line goes on."""
    time_end = lexicon().time_end
    out: list[Sentence] = []
    for s in sentences:
        prev = out[-1] if out else None
        if prev is not None and text.endswith(("m.", "M."), prev.start, prev.end) and \
                time_end.search(Text(text[prev.start:prev.end])) and \
                "\n" not in text[prev.end:s.start]:
            out[-1] = Sentence(prev.start, s.end, prev.section)
        else:
            out.append(s)
    return out


def only_names(text: str, offset: int, mentions: list[Mention]) -> bool:
    """Whether a sentence is nothing but place names (a list line: "- Haret Hreik")."""
    rest, at = [], offset
    for m in mentions:
        rest.append(text[at - offset:m.start - offset])
        at = m.end
    tail = text[at - offset:]
    closed = _SYMBOL_AFTER.match(tail)
    rest.append("" if closed else tail)  # "- Burj al-Barajneh ⭕ You are near…": the line ends
    return all(_LIST_LINE_FILLER.fullmatch(r) or r.strip() in ("و", "and", "et") for r in rest)


def contains(broad, specific) -> bool:
    """Whether a broad area holds a specific place (country, bounding box, or nearness)."""
    if broad.id == specific.id or specific.kind in BROAD_KINDS and broad.kind != "country":
        return False
    if broad.kind == "country":
        return specific.country == broad.country
    if broad.bbox is not None:
        minx, miny, maxx, maxy = broad.bbox
        return minx <= specific.lon <= maxx and miny <= specific.lat <= maxy
    return specific.country == broad.country and distance_km(broad, specific) < 60


def drop_framing_regions(directives: list[Directive], text: str) -> None:
    """A region that holds a place the article's orders name is only its frame ("residents
    of villages in South Lebanon … The villages include A, B"): it takes no role itself.
    Countries stay (they are dropped elsewhere); so do regions with no named place inside,
    and regions named side by side with the place ("Gaza City and northern Gaza": two
    areas of one order)."""
    # The specific places once each, with their mentions: an article naming a place a
    # hundred times is asked about it once per region, not a hundred times; and which of
    # them a region holds is one array test (an order for a thousand villages once made
    # every region check every village in Python).
    import numpy as np

    specific: dict[str, list[Mention]] = {}
    for d in directives:
        for p in d.affected:
            if p.mention.place is not None and p.mention.place.kind not in BROAD_KINDS:
                specific.setdefault(p.mention.place.id, []).append(p.mention)
    if not specific:
        return
    groups = list(specific.values())
    lon = np.array([ms[0].place.lon for ms in groups])
    lat = np.array([ms[0].place.lat for ms in groups])
    country = np.array([ms[0].place.country or "" for ms in groups], dtype=object)

    def held_by(broad) -> np.ndarray:
        """Indices of the specific places ``broad`` may hold (see :func:`contains`)."""
        if broad.kind == "country":
            return np.flatnonzero(country == broad.country)
        if broad.bbox is not None:
            minx, miny, maxx, maxy = broad.bbox
            return np.flatnonzero((lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy))
        return np.flatnonzero(country == broad.country)  # nearness checked one by one

    def framed(region: Mention) -> bool:
        return any(contains(region.place, groups[i][0].place)
                   and any(not coordinated(text, region, m) for m in groups[i])
                   for i in held_by(region.place))

    for d in directives:
        d.affected = [p for p in d.affected if p.mention.place is None
                      or p.mention.place.kind not in ("region", "governorate")
                      or not framed(p.mention)]


def coordinated(text: str, a: Mention, b: Mention) -> bool:
    """Whether two mentions are neighbours in one coordination ("A and B", "A وB")."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return second.start - first.end <= 8 and bool(
        lexicon().coordination.fullmatch(Text(text[first.end:second.start])))


def drop_containers(directives: list[Directive], headline_end: int) -> None:
    """A headline's broad area ("orders for southern Gaza") frames the article's places."""
    specific = [p.mention.place for d in directives for p in d.affected
                if p.mention.place is not None and p.mention.place.kind not in BROAD_KINDS]
    if not specific:
        return
    for d in directives:
        if d.start >= headline_end:
            continue
        d.affected = [p for p in d.affected if p.mention.place is None
                      or p.mention.place.kind not in BROAD_KINDS
                      or not any(contains(p.mention.place, s) for s in specific)]


def word_within(words: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether one of ``words`` (sorted, non-overlapping spans) lies wholly in [lo, hi).

    >>> word_within([(0, 7), (50, 57)], 10, 60), word_within([(0, 7), (50, 57)], 10, 55)
    (True, False)
    """
    i = bisect_left(words, (lo, -1))
    return i < len(words) and words[i][1] <= hi


def directive_at(by_start: list[Directive], starts: list[int], offset: int
                 ) -> Directive | None:
    """The directive whose sentence holds ``offset``: the last to start at or before it
    (directives are sentences, so they do not overlap)."""
    i = bisect_right(starts, offset) - 1
    return by_start[i] if i >= 0 and offset < by_start[i].end else None
