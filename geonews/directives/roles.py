"""Which role each place of an order's sentence plays: affected, destination, exemption.

Role cues split the sentence: places after "residents of", "from", "evacuate" are
*affected*; after "to", "towards", "shelters in", إلى, "vers" are *destinations*; after
"does not apply to", "except", "sauf" are *exemptions*.  Places before any cue are the
subject (usually the issuer) and take no role.  One sweep walks cues and places in text
order (:meth:`RoleAssigner.assign`); the cues themselves are the lexicon's tables.
"""

from __future__ import annotations

from enum import Enum

from ..lang import lexicon
from ..lang.rules import Text
from ..mentions.model import Mention
from ..places.matcher import distance_km
from ..roles import Role
from .areas import BROAD_KINDS, AreaFinder
from .model import Directive, PlaceRef
from .triggers import trigger_start


class Shift(Enum):
    """What a cue that names no role does to the sweep."""

    SAME = "same"  # "the areas of", "including": keep the role, or affected if none yet
    TO = "to"  # a bare "to": destination if a place follows at once
    BREAK = "break"  # a relative clause or a speaker: no role until a strong cue
    NONE = "none"  # "evacuation warnings for": the places after it get no order


_EFFECT: dict[str, Role | Shift] = {
    "affected": Role.AFFECTED, "destination": Role.DESTINATION, "exemption": Role.EXEMPTION,
    "same": Shift.SAME, "to": Shift.TO, "break": Shift.BREAK}

#: kinds of places whose own officials order evacuations of them
LOCAL_AUTHORITY = frozenset({"county", "city", "town", "village"})
_RANK = {"neighbourhood": 0, "camp": 0, "village": 0, "landmark": 0, "hospital": 0,
         "crossing": 0, "block": 0, "town": 1, "city": 2, "county": 3, "governorate": 3,
         "region": 4, "country": 5}


def key_of(m: Mention) -> str:
    """What makes two mentions the same place: its id, or its words when unresolved."""
    return m.place.id if m.place else m.text


def name_like(text: str) -> bool:
    """Whether unresolved words look like a name (a capital, or a script without case)."""
    return bool(text) and (text[0].isupper() or not text.isascii())


def inside(inner, outer) -> bool:
    """Whether ``inner``'s point lies in ``outer``'s bounding box (a cheap containment)."""
    if outer.bbox is None or inner.id == outer.id:
        return False
    minx, miny, maxx, maxy = outer.bbox
    return minx <= inner.lon <= maxx and miny <= inner.lat <= maxy


def qualifies(outer: Mention, inner: Mention) -> bool:
    """Whether ``outer`` reads as a qualifier of ``inner`` ("Livadia, Chios")."""
    if outer.place is None or inner.place is None:
        return False
    if _RANK.get(outer.place.kind, 0) <= _RANK.get(inner.place.kind, 0):
        return False  # "Khuza'a, Abasan": two of a kind are a list
    return inside(inner.place, outer.place) or distance_km(inner.place, outer.place) < 15


def announced_list_cues(low: str, offset: int, cues: list[tuple[int, int, Role | Shift]]
                        ) -> list[tuple[int, int, Role | Shift]]:
    """Cues with one added at the colon after "the following villages": the places listed
    there take the role of the words that announced them ("residents of the following
    villages to leave … and move north of the Awali River: A, B" — A and B are left).

    >>> announced_list_cues("residents of the following villages to go to x: a, b", 0,
    ...                     [(0, 12, Role.AFFECTED), (41, 46, Role.DESTINATION)])[-1]
    (46, 47, <Role.AFFECTED: 'affected'>)
    """
    m = lexicon().announced_list.search(Text(low))
    if m is None:
        return cues
    colon = low.find(":", m.end())
    if colon < 0:
        return cues
    before = [r for cs, ce, r in cues if ce <= m.start() and isinstance(r, Role)
              and r is not Role.EXEMPTION]
    role = before[-1] if before else Role.AFFECTED
    at = offset + colon
    return sorted(cues + [(at, at + 1, role)], key=lambda c: (c[0], c[1]))


class RoleAssigner:
    """Gives the places of a directive's sentence their roles, and the zones they name."""

    def __init__(self, areas: AreaFinder):
        self.areas = areas

    def cues(self, text: Text, sent, last_place_start: int) -> list[tuple[int, int, Role | Shift]]:
        """The role cues of a sentence, in text order, with the doc's offsets.  Cues after
        its last place give nothing a role, so the scan stops there."""
        lex = lexicon()
        piece = Text(text.text[sent.start:last_place_start])
        cues = [(sent.start + m.start(), sent.start + m.end(), _EFFECT[kind])
                for (_, kind), found in zip(lex.cues, lex.cue_finder.findall(piece))
                for m in found]
        low = piece.low
        if "warning" in low and ("order" in low or lex.warning_tier.search(piece)):
            # Placed at its last letter: it overrides the "warnings for" affected cue in it.
            cues += [(sent.start + m.end() - 1, sent.start + m.end(), Shift.NONE)
                     for m in lex.warning_cue.finditer(piece)]
        cues.sort(key=lambda c: (c[0], c[1]))
        return announced_list_cues(low, sent.start, cues)

    def assign(self, d: Directive, text: Text, sent, mentions: list[Mention],
               trigger_at: int | None = None) -> None:
        """Sweep cues and places in text order: each cue sets the role of the places
        after it, until the next cue.  ``trigger_at``: where the order is first stated
        (found again when not given)."""
        lex = lexicon()
        cues = self.cues(text, sent, mentions[-1].start)
        doc = text.text
        strong_cue = [isinstance(r, Role) and not lex.weak_cue.fullmatch(Text(doc[cs:ce]))
                      for cs, ce, r in cues]
        sweep = _Sweep(d, [(m.start(), m.end()) for m in lex.attribution.finditer(
            text, sent.start, sent.end)])
        if trigger_at is None:
            trigger_at = sent.start + trigger_start(Text(doc[sent.start:sent.end]))
        role: Role | None = None
        strong, broken, warned, k = False, False, False, 0
        previous_end = None
        for mention in mentions:
            while k < len(cues) and cues[k][1] <= mention.start:
                cs, ce, effect = cues[k]
                is_strong = strong_cue[k]
                k += 1
                if effect is Shift.BREAK:
                    role, strong, broken = None, False, True  # a relative clause, a speaker
                elif effect is Shift.NONE:
                    role, strong = None, False  # "evacuation warnings for B": no order for B
                    warned = True
                elif broken and not is_strong:
                    continue  # inside that clause only a new, explicit cue counts
                elif effect is Shift.SAME:
                    # "…under an evacuation warning, including Elm": Elm is warned too.
                    role = role or (None if warned else Role.AFFECTED)
                elif effect is Shift.TO:
                    # "to" marks a destination only right before a place ("to Rafah").
                    if lex.to_filler.match(Text(doc[ce:mention.start])):
                        role, strong = Role.DESTINATION, False
                else:
                    role, strong, warned = effect, is_strong, False
                if is_strong:
                    broken = False
            if mention.start < trigger_at and mention.place is not None and \
                    mention.place.kind in LOCAL_AUTHORITY and \
                    lex.issuing_place_after.match(text, mention.end):
                role, strong = Role.AFFECTED, True  # "Citrus County has issued evacuations…"
            if mention.start < trigger_at and not (strong and role is Role.AFFECTED):
                # Before the order is stated only "residents of X" names its area; other
                # places there are the story's setting ("fled to Jabalia, after the army…").
                role = None
            gap = doc[previous_end:mention.start] if previous_end is not None else None
            previous_end = mention.end
            self.place_role(sweep, text, sent, mention, role, gap, mentions)
        tidy_roles(d, doc, sent, sweep.listed)

    def place_role(self, sweep: _Sweep, text: Text, sent, mention: Mention, role: Role | None,
                   gap_before: str | None, mentions: list[Mention]) -> None:
        """Give one mention its role in the directive, or none; add the zone it describes."""
        lex = lexicon()
        d, doc, place = sweep.directive, text.text, mention.place
        if place is not None and place.kind in ("country", "road"):
            # Issuers and borders ("Israel ordered…") and routes ("via Salah al-Din") are
            # no areas, but "east of Salah al-Din Road" is.
            area = self.areas.zone(text, sent, mention, role or Role.AFFECTED, mentions)
            if area is not None and role is not None:
                d.zones.append(area)
            return
        before = Text(self.areas.before(text, sent, mention))
        radius = lex.radius_of.search(before)
        if radius:
            # "within a one-mile radius of X": the disc is the area; X itself is named
            # to delimit it, and stays in the role too.
            area = self.areas.zone(text, sent, mention, role or Role.AFFECTED, mentions,
                                   before, radius)
            if area is not None:
                d.zones.append(area)
        elif lex.reference_before.search(before):
            return  # "…, west of Khan Younis": a reference point
        earlier = [p for p in d.affected + d.destinations if p.mention.end <= mention.start]
        if gap_before is not None and lex.qualifier_before.match(Text(gap_before)) and not \
                lex.list_goes_on.match(text, mention.end) and any(
                qualifies(mention, p.mention) for p in earlier):
            return  # "Livadia, Chios": the second name qualifies the first
        if any(a <= mention.start < b for a, b in sweep.attributions):
            return  # "Youssef, from Al-Qarara, told AFP": a speaker's home
        located = gap_before is not None and lex.locator_gap.match(Text(gap_before))
        if located and earlier and lex.region_word_after.match(text, mention.end):
            return  # "Dixie County in the Big Bend region": where the county is
        if located and place and place.kind in BROAD_KINDS and any(
                p.mention.place and _RANK.get(p.mention.place.kind, 0)
                < _RANK.get(place.kind, 0) for p in earlier):
            return  # "Beit Hanoon in northern Gaza": where the place is, not more of it
        if role is None and _affected_after(text, sent, mention, mentions):
            role = Role.AFFECTED  # "Khan Younis residents were told…"
        if role is None or place is None and not name_like(mention.text):
            return
        if lex.possessive.match(text, mention.end, sent.end):
            return  # "Gaza's territory", "the Strip's south-east": a modifier
        key = key_of(mention)
        if lex.list_ahead.match(text, mention.end, sent.end):
            sweep.listed.add(key)
        if key in sweep.seen[role]:
            return
        sweep.seen[role].add(key)
        d.refs(role).append(PlaceRef(mention))
        area = self.areas.zone(text, sent, mention, role, mentions, before, radius)
        if area is not None and all(z.description != area.description for z in d.zones):
            d.zones.append(area)


def _affected_after(text: Text, sent, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether the words after a place make it the area left ("Khan Younis residents were
    told…", "Elm County remains under evacuation"), after it or after the last of the
    places it is listed with ("Oroville and Chico were still under evacuation")."""
    lex = lexicon()
    end = mention.end
    later = (m for m in mentions if m.start >= end)
    while not lex.affected_after.match(text, end, sent.end):
        following = next(later, None)
        if following is None or following.start >= sent.end or not \
                lex.coordination.fullmatch(Text(text.text[end:following.start])):
            return False
        end = following.end
    return True


class _Sweep:
    """What one sweep over a sentence remembers."""

    def __init__(self, directive: Directive, attributions: list[tuple[int, int]]):
        self.directive = directive
        self.attributions = attributions
        self.seen: dict[Role, set[str]] = {r: set() for r in Role}
        self.listed: set[str] = set()  # places followed by "including": they frame a list


def tidy_roles(d: Directive, doc: str, sent, listed: set[str]) -> None:
    """Drop the areas that only frame the directive's own places."""
    frame_before = lexicon().frame_before
    # "villages in southern Lebanon, including …", "areas in northern Gaza": a frame.
    for refs in (d.affected, d.destinations):
        for r in list(refs):
            before = Text(doc[max(sent.start, r.mention.start - 40):r.mention.start])
            if r.place is not None and r.place.kind in BROAD_KINDS and frame_before.search(
                    before) and any(o is not r and o.place is not None
                                    and inside(o.place, r.place) for o in refs):
                refs.remove(r)
    # "Gaza City, including Shejaiya and Zeitoun": the city frames the list.
    for refs in (d.affected, d.destinations):
        framing = [r for r in refs if r.place is not None and r.place.id in listed
                   and any(r is not o and o.place is not None and inside(o.place, r.place)
                           for o in refs)]
        for r in framing:
            refs.remove(r)
    # A destination that holds the area being left is no destination ("the Strip").
    d.destinations = [r for r in d.destinations if r.place is None or not any(
        a.place is not None and a.place.id != r.place.id and inside(a.place, r.place)
        and r.place.kind in BROAD_KINDS for a in d.affected)]
