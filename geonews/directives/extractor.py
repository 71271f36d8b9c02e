"""Finding evacuation directives and the roles of the places they name.

Sentence by sentence (body text only):

1. a trigger (an order verb with a verb of motion, "evacuation orders", an
   imperative, إخلاء…) makes the sentence a candidate; a hedge (a past
   "had been told", "in case of", "no order") drops it;
2. role cues split the sentence: places after "residents of", "from",
   "evacuate" are *affected*, after "to", "towards", "shelters in", إلى are
   *destinations*, after "does not apply to", "except" are *exemptions*; places
   before any cue are the subject (usually the issuer) and take no role;
3. block numbers, relative areas ("south of Wadi Gaza", "eastern Khan Younis")
   and the issuer and date are attached;
4. a directive that names only destinations ("They were told to go to Rafah")
   completes the directive just before it; a sentence saying an order does not
   apply somewhere adds exemptions to it;
5. a broad area that contains the specific places of the article's orders
   ("southern Lebanon" around its villages) is dropped from the affected list.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date as _date
from datetime import timedelta
from operator import attrgetter

from ..mentions.model import Mention
from ..places.gazetteer import Gazetteer
from ..places.matcher import distance_km
from ..text.document import Document, Sentence
from ..text.readers import parse_date
from ..text.sentences import split_sentences
from ..zones.relative import Zone, between, part_of, radius_around, side_of
from . import lexicon as lx
from .blocks import find_blocks
from .model import Directive, PlaceRef

BROAD_KINDS = {"country", "region", "governorate", "county"}
LINE_KINDS = {"road", "river", "zone", "crossing"}


class DirectiveExtractor:
    """Finds the directives of documents whose mentions are known."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        self._containers: dict[tuple, object] = {}
        self._sentence_mentions: list[Mention] = []
        self._cuts: dict[tuple[str, str, str], object] = {}

    def _block_exists(self, n: int) -> bool:
        return self.gazetteer.block(n) is not None

    # ------------------------------------------------------------------ main
    def extract(self, doc: Document, mentions: list[Mention]) -> list[Directive]:
        sentences = _rejoin_times([s for s in split_sentences(doc) if s.section == "body"],
                                  doc.text)
        directives: list[Directive] = []
        sentence_of: dict[int, int] = {}
        last_index: int | None = None
        mentions = sorted(mentions, key=attrgetter("start"))
        starts = [m.start for m in mentions]
        announced: Directive | None = None  # an order ending "…the following areas:"
        for i, sent in enumerate(sentences):
            text = doc.text[sent.start:sent.end]
            in_sentence = [m for m in mentions[bisect_left(starts, sent.start):
                                               bisect_left(starts, sent.end)]
                           if m.section == "body"]
            if announced is not None and in_sentence and _only_names(text, sent.start,
                                                                     in_sentence):
                # One name a line under the order: each line's place is affected.
                if not (announced.affected or announced.destinations or announced.blocks):
                    directives.append(announced)
                    sentence_of[id(announced)] = i
                known = {p.mention.place.id if p.mention.place else p.mention.text
                         for p in announced.affected}
                for m in in_sentence:
                    if (m.place.id if m.place else m.text) not in known:
                        announced.affected.append(PlaceRef(m))
                announced.end = sent.end
                last_index = i
                continue
            if announced is not None and _NUMBERS_ONLY.fullmatch(text):
                # "…في بلوكات:" then a line of numbers: the blocks of the order announced.
                numbers = {n for b in find_blocks("blocks " + text, self._block_exists)
                           for n in b.numbers}
                if numbers:
                    if not (announced.affected or announced.destinations or announced.blocks):
                        directives.append(announced)
                        sentence_of[id(announced)] = i
                    announced.blocks = sorted(set(announced.blocks) | numbers)
                    announced.end = sent.end
                    last_index = i
                    continue
            announced = None
            trigger = self._trigger(text)
            blocks = find_blocks(text, self._block_exists)
            if trigger is None and blocks and self._evacuation_context(doc, sentences, i):
                trigger = "blocks"
            if trigger is None:
                recent = directives and last_index is not None and i - last_index <= 3
                low = text.lower()
                exemption = recent and lx.EXEMPTION_WORD.search(low) and \
                    (lx.EXEMPTION_CUES.search(text) or lx.EXEMPTION_PASSIVE.search(text))
                if exemption:
                    self._add_exemptions(directives[-1], doc, sent, in_sentence)
                elif recent and i - last_index == 1 and lx.AREA_DETAIL.search(text):
                    self._add_details(directives[-1], doc, sent, in_sentence, "affected")
                    last_index = i  # "The list also included …" may follow
                elif directives and last_index is not None and i - last_index <= 8 and \
                        lx.DESTINATION_DETAIL_WORD.search(text) and \
                        lx.DESTINATION_DETAIL.search(text):
                    self._add_shelters(directives[-1], doc, sent, in_sentence)
                elif (recent and i - last_index == 1 and lx.ZONE_ANAPHORA.search(text)
                      and lx.UNNAMED_DESTINATION.search(directives[-1].sentence)):
                    self._add_details(directives[-1], doc, sent, in_sentence, "destination")
                continue
            d = Directive(text, sent.start, sent.end, trigger, date=self._date(text, doc.date))
            d.blocks = sorted({n for b in blocks for n in b.numbers})
            if in_sentence:
                self._assign_roles(d, doc, sent, in_sentence)
            if (not d.affected and not d.blocks and not d.zones and d.destinations and directives
                    and last_index is not None and i - last_index <= 2):
                self._merge(directives[-1], d)  # "They were told to go to shelters in Rafah"
                continue
            if text.rstrip().endswith(":"):
                announced = d  # its places may follow, one a line
            if not (d.affected or d.destinations or d.blocks or d.zones or d.exemptions):
                # An order with no place of its own: keep it only if it is the article's
                # first word of an order (the places may be in its headline or next line).
                if directives:
                    continue
            directives.append(d)
            sentence_of[id(d)] = i
            last_index = i
        for d in directives:  # who gave the order: asked only of the orders that stay
            i = sentence_of[id(d)]
            d.issuer = self._issuer(d.sentence) or self._issuer_before(doc, sentences, i)
        directives += self._bulletin_items(doc, mentions, directives)
        directives.sort(key=lambda d: d.start)
        first_line = doc.text.lstrip().split("\n", 1)[0]
        headline_end = len(doc.text) - len(doc.text.lstrip()) + len(first_line) \
            if doc.title and first_line.strip() == doc.title.strip() else 0
        _drop_containers(directives, headline_end)
        _drop_framing_regions(directives, doc.text)
        return [d for d in directives if d.affected or d.destinations or d.blocks or d.zones
                or d.exemptions or d.trigger != "blocks"]

    def _bulletin_items(self, doc: Document, mentions: list[Mention],
                        directives: list[Directive]) -> list[Directive]:
        """"Charlotte County: …" lines under a heading about evacuations: one order each.

        Bulletins list orders area by area; the item's text may not repeat the order
        ("Citrus County: Starting Tuesday morning at 8AM."), its heading does.
        """
        out = []
        text = doc.text
        # Looked up per label line, so indexed once: the mentions by span, the order
        # sentences by start, the evacuation words by position (a bulletin of n lines
        # once scanned all n mentions and all directives for each of its n labels).
        spans = [(m.start("label"), m.end("label")) for m in lx.LABEL.finditer(text)]
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
        words = [(w.start(), w.end()) for w in lx.EVACUATION_WORD.finditer(text)]
        for start, label in labels:
            if not _word_within(words, max(0, start - 1500), start):
                continue
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            existing = _directive_at(by_start, directive_starts, start)
            if existing is not None:
                if all(p.mention.place.id != label.place.id for p in existing.affected
                       if p.mention.place):
                    existing.affected.insert(0, PlaceRef(label))
                continue
            d = Directive(text[start:line_end].strip(), start, line_end, "bulletin item",
                          issuer=self._issuer(text[start:line_end]),
                          date=self._date(text[start:line_end], doc.date))
            d.affected.append(PlaceRef(label))
            out.append(d)
        return out

    # ------------------------------------------------------------------ parts
    @staticmethod
    def _trigger_matches(sentence: str):
        """(trigger name, match) for each trigger the sentence holds, in lexicon order."""
        low = sentence.lower()
        possible = lx.possible_triggers(low)
        if not possible:
            return
        folded = len(low) == len(sentence)  # lower() keeps offsets but for rare letters
        # Only the triggers whose words occur, in lexicon order.
        for i in sorted(i for name in possible for i in lx.TRIGGER_INDICES[name]):
            name, rx = lx.TRIGGERS[i]
            lrx = lx.LOWER_TRIGGERS[i][1]
            if name == "imperative":
                m = rx.search(sentence)
            elif rx is None:
                m = lx.order_to_move(low, lowered=True) if folded else lx.order_to_move(sentence)
            else:
                m = lrx.search(low) if folded else rx.search(sentence)
            if m:
                yield name, m

    @classmethod
    def _trigger(cls, text: str) -> str | None:
        hit = next(cls._trigger_matches(text), None)
        if hit is None:
            return None
        low = text.lower()
        if hit[0] == "evacuation warning" and lx.WARNING_TIER.search(text):
            return None  # "an evacuation warning: be ready to leave" is the tier below orders
        folded = len(low) == len(text)
        for (name, rx), (_, lrx) in zip(lx.HEDGES, lx.LOWER_HEDGES):
            if rx is None:
                if lx.is_reference(text):
                    return None
            elif not any(w in low for w in lx.HEDGE_WORDS.get(name, ("",))):
                continue
            elif (lrx.search(low) if folded else rx.search(text)):
                return None
        return hit[0]

    @classmethod
    def _trigger_start(cls, sentence: str) -> int:
        """Where the first trigger of a sentence begins (0 if none is found)."""
        return min((m.start() for _, m in cls._trigger_matches(sentence)), default=0)

    @staticmethod
    def _evacuation_context(doc: Document, sentences, i: int) -> bool:
        window = sentences[max(0, i - 1): i + 2]
        text = " ".join(doc.text[s.start:s.end] for s in window)
        return bool(re.search(r"evacuat|leave|displace|إخلاء|اخلاء|order", text, re.IGNORECASE))

    @staticmethod
    def _issuer(text: str) -> str | None:
        for rx in lx.ISSUERS:
            m = rx.search(text)
            if m:
                return re.sub(r"^(?:the|The)\s+", "", " ".join(m.group(0).split()))
        return None

    def _issuer_before(self, doc: Document, sentences, i: int) -> str | None:
        for j in range(i - 1, max(-1, i - 3), -1):
            found = self._issuer(doc.text[sentences[j].start:sentences[j].end])
            if found:
                return found
        return None

    @staticmethod
    def _date(text: str, article_date: str | None) -> str | None:
        explicit = parse_date(text) or lx.foreign_date(text, article_date)
        if explicit:
            return explicit
        if article_date:
            m = lx.WEEKDAY.search(text)
            if m:
                day = _date.fromisoformat(article_date)
                back = (day.weekday() - lx.WEEKDAYS[m.group(1).lower()]) % 7
                if day.toordinal() > back:  # "Sunday" before 1 January of year 1 is no date
                    return (day - timedelta(days=back)).isoformat()
        return article_date

    def _assign_roles(self, d: Directive, doc: Document, sent, mentions: list[Mention]) -> None:
        self._sentence_mentions = mentions  # for zones named by two places (between)
        # Cues after the last place of the sentence give nothing a role: not scanned.
        sentence_text = doc.text[sent.start:mentions[-1].start]
        low = sentence_text.lower()
        if len(low) == len(sentence_text):
            cues = [(sent.start + m.start(), sent.start + m.end(), role)
                    for rx, role in lx.LOWER_ROLE_PATTERNS
                    for m in rx.finditer(sentence_text if role == "break" else low)]
        else:
            cues = [(m.start(), m.end(), role) for rx, role in lx.ROLE_PATTERNS
                    for m in rx.finditer(doc.text, sent.start, mentions[-1].start)]
        if "warning" in low and ("order" in low or lx.WARNING_TIER.search(low)):
            # Placed at its last letter: it overrides the "warnings for" affected cue inside it.
            cues += [(sent.start + m.end() - 1, sent.start + m.end(), "none")
                     for m in lx.WARNING_CUE.finditer(low)]
        cues.sort(key=lambda c: (c[0], c[1]))
        cues = _announced_list_cues(low, sent.start, cues)
        text = doc.text
        strong_cue = [r in ("affected", "destination", "exemption")
                      and not lx.WEAK_CUE.fullmatch(text[cs:ce]) for cs, ce, r in cues]
        seen: dict[str, set[str]] = {"affected": set(), "destination": set(), "exemption": set()}
        listed: set[str] = set()
        attributions = [(m.start(), m.end()) for m in lx.ATTRIBUTION.finditer(text, sent.start,
                                                                                sent.end)]
        trigger_at = sent.start + self._trigger_start(text[sent.start:sent.end])
        # One sweep over cues and mentions, both in text order: each cue sets the role of
        # the places after it, until the next cue.
        role, strong, broken, k = None, False, False, 0
        previous_end = None
        for mention in mentions:
            while k < len(cues) and cues[k][1] <= mention.start:
                cs, ce, r = cues[k]
                is_strong = strong_cue[k]
                k += 1
                if r == "break":
                    role, strong, broken = None, False, True  # a relative clause, a speaker
                elif r == "none":
                    role, strong = None, False  # "evacuation warnings for B": no order for B
                elif broken and not is_strong:
                    continue  # inside that clause only a new, explicit cue counts
                elif r == "same":
                    role = role or "affected"
                elif r == "to":
                    # "to" marks a destination only right before a place ("to Rafah").
                    if lx.TO_FILLER.match(text[ce:mention.start]):
                        role, strong = "destination", False
                else:
                    role, strong = r, is_strong
                if is_strong:
                    broken = False
            if mention.start < trigger_at and mention.place is not None and \
                    mention.place.kind in _LOCAL_AUTHORITY and \
                    lx.ISSUING_PLACE_AFTER.match(text, mention.end):
                role, strong = "affected", True  # "Citrus County has issued evacuations for…"
            if mention.start < trigger_at and not (strong and role == "affected"):
                # Before the order is stated only "residents of X" names its area; other
                # places there are the story's setting ("fled to Jabalia, after the army…").
                role = None
            gap = text[previous_end:mention.start] if previous_end is not None else None
            previous_end = mention.end
            self._place_role(d, doc, sent, mention, role, gap, seen, listed, attributions)
        self._tidy_roles(d, doc, sent, listed)

    def _place_role(self, d: Directive, doc: Document, sent, mention: Mention, role: str | None,
                    gap_before: str | None, seen: dict, listed: set, attributions: list) -> None:
        """Give one mention its role in the directive, or none; add the zone it describes."""
        text = doc.text
        place = mention.place
        if place is not None and place.kind in ("country", "road"):
            # Issuers and borders ("Israel ordered…") and routes ("via Salah al-Din") are
            # no areas, but "east of Salah al-Din Road" is.
            zone = self._zone(doc, sent, mention, role or "affected")
            if zone is not None and role is not None:
                d.zones.append(zone)
            return
        if lx.RADIUS_OF.search(text[max(sent.start, mention.start - 60):mention.start]):
            # "within a one-mile radius of X": the disc is the area; X itself is named
            # to delimit it, and stays in the role too.
            zone = self._zone(doc, sent, mention, role or "affected")
            if zone is not None:
                d.zones.append(zone)
        elif lx.REFERENCE_BEFORE.search(text[max(sent.start, mention.start - 60):mention.start]):
            return  # "…, west of Khan Younis": a reference point
        earlier = [p for p in d.affected + d.destinations if p.mention.end <= mention.start]
        if gap_before is not None and lx.QUALIFIER_BEFORE.match(gap_before) and not \
                _LIST_GOES_ON.match(text, mention.end) and any(
                _qualifies(mention, p.mention) for p in earlier):
            return  # "Livadia, Chios": the second name qualifies the first
        if any(a <= mention.start < b for a, b in attributions):
            return  # "Youssef, from Al-Qarara, told AFP": a speaker's home
        if gap_before is not None and _LOCATOR_GAP.match(gap_before) and earlier and \
                _REGION_WORD_AFTER.match(text, mention.end):
            return  # "Dixie County in the Big Bend region": where the county is
        if gap_before is not None and _LOCATOR_GAP.match(gap_before) and place and \
                place.kind in BROAD_KINDS and any(
                    p.mention.place and _RANK.get(p.mention.place.kind, 0)
                    < _RANK.get(place.kind, 0) for p in earlier):
            return  # "Beit Hanoon in northern Gaza": where the place is, not more of it
        after = text[mention.end:sent.end]
        if role is None and lx.AFFECTED_AFTER.match(after):
            role = "affected"  # "Khan Younis residents were told…"
        if role is None or place is None and not _name_like(mention.text):
            return
        if _POSSESSIVE.match(after):
            return  # "Gaza's territory", "the Strip's south-east": a modifier
        if _LIST_AHEAD.match(after):
            listed.add(place.id if place else mention.text)
        key = place.id if place else mention.text
        if key in seen[role]:
            return
        seen[role].add(key)
        d.refs(role).append(PlaceRef(mention))
        zone = self._zone(doc, sent, mention, role)
        if zone is not None and all(z.description != zone.description for z in d.zones):
            d.zones.append(zone)

    @staticmethod
    def _tidy_roles(d: Directive, doc: Document, sent, listed: set) -> None:
        """Drop the areas that only frame the directive's own places."""
        text = doc.text
        # "villages in southern Lebanon, including …", "areas in northern Gaza": a frame.
        for refs in (d.affected, d.destinations):
            for r in list(refs):
                before = text[max(sent.start, r.mention.start - 40):r.mention.start]
                if r.place is not None and r.place.kind in BROAD_KINDS and lx.FRAME_BEFORE.search(
                        before) and any(o is not r and o.place is not None
                                        and _inside(o.place, r.place) for o in refs):
                    refs.remove(r)
        # "Gaza City, including Shejaiya and Zeitoun": the city frames the list.
        for refs in (d.affected, d.destinations):
            framing = [r for r in refs if r.place is not None and r.place.id in listed
                       and any(r is not o and o.place is not None and _inside(o.place, r.place)
                               for o in refs)]
            for r in framing:
                refs.remove(r)
        # A destination that holds the area being left is no destination ("the Strip").
        d.destinations = [r for r in d.destinations if r.place is None or not any(
            a.place is not None and a.place.id != r.place.id and _inside(a.place, r.place)
            and r.place.kind in BROAD_KINDS for a in d.affected)]

    def _add_exemptions(self, d: Directive, doc: Document, sent, mentions: list[Mention]) -> None:
        cue = lx.EXEMPTION_CUES.search(doc.text, sent.start, sent.end)
        passive = lx.EXEMPTION_PASSIVE.search(doc.text, sent.start, sent.end)
        for m in mentions:
            # "The order does not apply to X" names X after the cue; "X is not included" before.
            spared = (cue and m.start >= cue.end()) or (passive and m.end <= passive.start())
            if spared and m.place is not None:
                if all(e.mention.place.id != m.place.id for e in d.exemptions if e.mention.place):
                    d.exemptions.append(PlaceRef(m))

    @staticmethod
    def _add_details(d: Directive, doc: Document, sent, mentions: list[Mention], role: str
                     ) -> None:
        """Places of a sentence that details the previous order (its areas, its zone)."""
        refs = d.affected if role == "affected" else d.destinations
        known = {p.mention.place.id if p.mention.place else p.mention.text for p in refs}
        for m in mentions:
            before = doc.text[max(sent.start, m.start - 12):m.start]
            key = m.place.id if m.place else m.text
            if m.place is None and not (_name_like(m.text) and lx.AREA_DETAIL.search(
                    doc.text[sent.start:m.start])):
                continue  # an unknown name counts in a list the sentence announces as areas
            if key in known or m.place is not None and m.place.kind in ("country", "road"):
                continue
            if re.search(r"\b(?:north|south|east|west)\s+of\s+$", before, re.IGNORECASE):
                continue  # "north of Gaza City": a reference point, not the area
            known.add(key)
            refs.append(PlaceRef(m))

    @staticmethod
    def _add_shelters(d: Directive, doc: Document, sent, mentions: list[Mention]) -> None:
        """Places of a sentence about reception centres: destinations of the order before
        (the towns and the centres; not the regions or countries that locate them)."""
        known = {p.mention.place.id if p.mention.place else p.mention.text
                 for p in d.destinations + d.affected}
        for m in mentions:
            key = m.place.id if m.place else m.text
            if key in known or (m.place is not None and m.place.kind in BROAD_KINDS | {"road"}):
                continue
            if m.place is None and not _name_like(m.text):
                continue
            known.add(key)
            d.destinations.append(PlaceRef(m))

    @staticmethod
    def _merge(into: Directive, d: Directive) -> None:
        known = {p.mention.place.id for p in into.destinations if p.mention.place}
        for p in d.destinations:
            if p.mention.place is None or p.mention.place.id not in known:
                into.destinations.append(p)
        into.zones += d.zones
        into.exemptions += d.exemptions
        into.sentence = f"{into.sentence} {d.sentence}"
        into.end = d.end

    # ------------------------------------------------------------------ zones
    def _zone(self, doc: Document, sent, mention: Mention, role: str) -> Zone | None:
        place = mention.place
        if place is None:
            return None
        if not place.has_geometry and self._container(place) is None and not \
                lx.RADIUS_OF.search(doc.text[max(sent.start, mention.start - 60):mention.start]):
            return None
        before = doc.text[max(sent.start, mention.start - 60):mention.start]
        if lx.BETWEEN.search(before):
            zone = self._between(doc, sent, mention, role, before)
            if zone is not None:
                return zone
        radius = lx.RADIUS_OF.search(before)
        if radius:
            amount = radius.group(1).lower()
            metres = float(lx.NUMBER_WORDS.get(" ".join(amount.split()), 0) or amount) * \
                lx.UNIT_METRES[radius.group(2).lower().rstrip("s") or "m"]
            if 0 < metres <= 200_000:
                area = radius_around(self.gazetteer.geometry(place), metres)
                start = mention.start - (len(before) - radius.start())
                return _zone(doc.text[start:mention.end], area, role, place.id)
        side_m = lx.SIDE_OF.search(before)
        part_m = None if side_m else (lx.PART_OF.search(before) or lx.DIRECTIONAL.search(before))
        arabic = None if side_m or part_m else lx.ARABIC_SIDE.search(before)
        if not (side_m or part_m or arabic):
            return None
        if side_m:
            if self._container(place) is None:
                return None
            area = self._cut("side", place, side_m.group(1).lower())
            desc = doc.text[mention.start - (len(before) - side_m.start()):mention.end]
            return _zone(desc, area, role, place.id)
        m = part_m
        if (m or arabic) and place.kind not in BROAD_KINDS | LINE_KINDS:
            side = m.group(1).lower() if m else lx.ARABIC_SIDES[arabic.group(1)]
            area = self._cut("part", place, side)
            if area is None:
                return None
            start = mention.start - (len(before) - (m or arabic).start())
            return _zone(doc.text[start:mention.end], area, role, place.id)
        return None

    def _between(self, doc: Document, sent, mention: Mention, role: str, before: str):
        """"between X and Y": the part of the region between the two places or lines."""
        text = doc.text
        joint = lx.BETWEEN_AND.match(text, mention.end)
        if joint is None:
            return None
        other = next((m for m in self._sentence_mentions
                      if m.start == joint.end() and m.place is not None
                      and sent.start <= m.start < sent.end), None)
        if other is None:
            return None
        container = self._container(mention.place)
        if container is None:
            return None
        area = between(container, self.gazetteer.geometry(mention.place),
                       self.gazetteer.geometry(other.place))
        if area is None:
            return None
        start = mention.start - (len(before) - lx.BETWEEN.search(before).start())
        return _zone(text[start:other.end], area, role, mention.place.id, other.place.id)


    def _cut(self, how: str, place, side: str):
        """The area "``side`` of" the place (``how="side"``) or its ``side`` part, remembered:
        news repeats "eastern Khan Younis" and "east of Salah al-Din Road" day after day,
        and shapely geometries are immutable, so one cut serves every article."""
        key = (how, place.id, side)
        if key not in self._cuts:
            geom = self.gazetteer.geometry(place)
            if how == "side":
                area = side_of(self._container(place), geom, side)
            else:
                area = part_of(geom, side) if geom.area > 0 else None
            if len(self._cuts) >= 4096:  # bounded: a corpus of the world's places
                self._cuts.clear()
            self._cuts[key] = area
        return self._cuts[key]

    def _container(self, place):
        """The area a "north of X" is cut from: the outline of the region the place lies in
        (the Gaza Strip for its places, Lebanon for the Awali), None where none is known."""
        from ..places.regions import region_for

        key = (round(place.lon, 2), round(place.lat, 2), place.country)
        if key not in self._containers:
            reg = region_for([(place.lon, place.lat, place.country)], self.gazetteer)
            outline = reg.outline_geometry(self.gazetteer)
            if outline is not None and not outline.buffer(0.02).intersects(
                    self.gazetteer.geometry(place)):
                outline = None  # a place outside the region's outline: no frame to cut
            if len(self._containers) >= 4096:
                self._containers.clear()
            self._containers[key] = outline
        return self._containers[key]


#: "the residents of the following villages …: A, B, C" — a list announced early in a
#: sentence and given after its colon, past whatever the sentence says in between.
_ANNOUNCED_LIST = re.compile(
    r"\b(?:the\s+)?following\s+(?:\w+\s+){0,2}?(?:villages|towns|areas|places|"
    r"neighbou?rhoods|localities|communities|cities|districts|blocks|streets)\b")


def _announced_list_cues(low: str, offset: int, cues: list[tuple[int, int, str]]
                         ) -> list[tuple[int, int, str]]:
    """Cues with one added at the colon after "the following villages": the places listed
    there take the role of the words that announced them ("residents of the following
    villages to leave … and move north of the Awali River: A, B" — A and B are left).

    >>> _announced_list_cues("residents of the following villages to go to x: a, b", 0,
    ...                      [(0, 12, "affected"), (41, 46, "destination")])[-1]
    (46, 47, 'affected')
    """
    m = _ANNOUNCED_LIST.search(low)
    if m is None:
        return cues
    colon = low.find(":", m.end())
    if colon < 0:
        return cues
    before = [r for cs, ce, r in cues if ce <= m.start() and r in ("affected", "destination")]
    role = before[-1] if before else "affected"
    at = offset + colon
    return sorted(cues + [(at, at + 1, role)], key=lambda c: (c[0], c[1]))


_POSSESSIVE = re.compile(r"^['’]s\b")
_LIST_AHEAD = re.compile(r"^\s*,?\s*(?:including|such\s+as|namely|notably)\b", re.IGNORECASE)


# "Srifa, Qana and Deir Qanoun": a name followed by more items is one of a list, no qualifier.
_LIST_GOES_ON = re.compile(r"[ \t]*(?:,[ \t]*)?(?:and|et|or|ou)[ \t]+\S|[ \t]*[,،][ \t]*[^\s,،]+"
                           r"(?:[ \t]+[^\s,،]+){0,3}[ \t]*(?:[,،]|and\b|et\b)|[ \t]+و\S")
_REGION_WORD_AFTER = re.compile(r"[ \t]+(?:region|area|valley|province|state|governorate|"
                                r"district)\b", re.IGNORECASE)
_LOCATOR_GAP = re.compile(r"^\s+(?:in|within|of)\s+(?:the\s+)?$|^\s+في\s+$", re.IGNORECASE)
_RANK = {"neighbourhood": 0, "camp": 0, "village": 0, "landmark": 0, "hospital": 0,
         "crossing": 0, "block": 0, "town": 1, "city": 2, "county": 3, "governorate": 3,
         "region": 4, "country": 5}


def _qualifies(outer: Mention, inner: Mention) -> bool:
    """Whether ``outer`` reads as a qualifier of ``inner`` ("Livadia, Chios")."""
    if outer.place is None or inner.place is None:
        return False
    if _RANK.get(outer.place.kind, 0) <= _RANK.get(inner.place.kind, 0):
        return False  # "Khuza'a, Abasan": two of a kind are a list
    return _inside(inner.place, outer.place) or distance_km(inner.place, outer.place) < 15


def _inside(inner, outer) -> bool:
    """Whether ``inner``'s point lies in ``outer``'s bounding box (a cheap containment)."""
    if outer.bbox is None or inner.id == outer.id:
        return False
    minx, miny, maxx, maxy = outer.bbox
    return minx <= inner.lon <= maxx and miny <= inner.lat <= maxy


def _zone(description: str, geometry, role: str, *basis: str) -> Zone | None:
    if geometry is None or geometry.is_empty:
        return None
    return Zone(" ".join(description.split()), geometry, role, tuple(basis))


def _name_like(text: str) -> bool:
    return bool(text) and (text[0].isupper() or not text.isascii())


def _contains(broad, specific) -> bool:
    if broad.id == specific.id or specific.kind in BROAD_KINDS and broad.kind != "country":
        return False
    if broad.kind == "country":
        return specific.country == broad.country
    if broad.bbox is not None:
        minx, miny, maxx, maxy = broad.bbox
        return minx <= specific.lon <= maxx and miny <= specific.lat <= maxy
    return specific.country == broad.country and distance_km(broad, specific) < 60


#: kinds of places whose own officials order evacuations of them
_LOCAL_AUTHORITY = frozenset({"county", "city", "town", "village"})
_NUMBERS_ONLY = re.compile(r"[\s\d٠-٩,،\-–—/&و]*\d[\s\d٠-٩,،\-–—/&وand]*")
_TIME_END = re.compile(r"\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.$", re.IGNORECASE)


def _rejoin_times(sentences: list, text: str) -> list:
    """"…flee west by 3 a.m. Tuesday towards British Columbia": a time's full stop ends no
    sentence when the line goes on."""
    out: list = []
    for s in sentences:
        prev = out[-1] if out else None
        if prev is not None and text.endswith(("m.", "M."), prev.start, prev.end) and \
                _TIME_END.search(text, prev.start, prev.end) and \
                "\n" not in text[prev.end:s.start]:
            out[-1] = Sentence(prev.start, s.end, prev.section)
        else:
            out.append(s)
    return out


_LIST_LINE_FILLER = re.compile(r"[\W\d_]*")
_SYMBOL_AFTER = re.compile(r"[ \t]*[\u2190-\u2bff\u2600-\u27bf\U0001F000-\U0001FAFF]")


def _only_names(text: str, offset: int, mentions: list[Mention]) -> bool:
    """Whether a sentence is nothing but place names (a list line: "- Haret Hreik")."""
    rest, at = [], offset
    for m in mentions:
        rest.append(text[at - offset:m.start - offset])
        at = m.end
    tail = text[at - offset:]
    closed = _SYMBOL_AFTER.match(tail)
    rest.append("" if closed else tail)  # "- Burj al-Barajneh ⭕ You are near…": the line ends
    return all(_LIST_LINE_FILLER.fullmatch(r) or r.strip() in ("و", "and", "et") for r in rest)


def _drop_framing_regions(directives: list[Directive], text: str) -> None:
    """A region that holds a place the article's orders name is only its frame ("residents
    of villages in South Lebanon … The villages include A, B"): it takes no role itself.
    Countries stay (they are dropped elsewhere); so do regions with no named place inside,
    and regions named side by side with the place ("Gaza City and northern Gaza": two
    areas of one order)."""
    specific = [p.mention for d in directives for p in d.affected
                if p.mention.place is not None and p.mention.place.kind not in BROAD_KINDS]
    if not specific:
        return

    def framed(region: Mention) -> bool:
        return any(_contains(region.place, m.place) and not _coordinated(text, region, m)
                   for m in specific)

    for d in directives:
        d.affected = [p for p in d.affected if p.mention.place is None
                      or p.mention.place.kind not in ("region", "governorate")
                      or not framed(p.mention)]


_COORDINATION = re.compile(r"\s*(?:,|،)?\s*(?:and|et|or|و)?\s*")


def _coordinated(text: str, a: Mention, b: Mention) -> bool:
    """Whether two mentions are neighbours in one coordination ("A and B", "A وB")."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return second.start - first.end <= 8 and bool(
        _COORDINATION.fullmatch(text, first.end, second.start))


def _drop_containers(directives: list[Directive], headline_end: int) -> None:
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
                      or not any(_contains(p.mention.place, s) for s in specific)]


def _word_within(words: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether one of ``words`` (sorted, non-overlapping spans) lies wholly in [lo, hi).

    >>> _word_within([(0, 7), (50, 57)], 10, 60), _word_within([(0, 7), (50, 57)], 10, 55)
    (True, False)
    """
    i = bisect_left(words, (lo, -1))
    return i < len(words) and words[i][1] <= hi


def _directive_at(by_start: list[Directive], starts: list[int], offset: int) -> Directive | None:
    """The directive whose sentence holds ``offset``: the last to start at or before it
    (directives are sentences, so they do not overlap)."""
    i = bisect_right(starts, offset) - 1
    return by_start[i] if i >= 0 and offset < by_start[i].end else None
