"""Finding evacuation directives and the roles of the places they name.

Sentence by sentence (body text only), each concern in its own module:

1. :mod:`.triggers` — a trigger makes the sentence a candidate; a hedge drops it;
2. :mod:`.roles` — role cues give the sentence's places their roles;
3. :mod:`.areas` — relative areas ("south of Wadi Gaza", "eastern Khan Younis") and
   :mod:`.blocks` — block numbers; :mod:`.attributes` — the issuer and the date;
4. :mod:`.discourse` — what sentences add to the orders around them (lists announced
   with a colon, destinations in the next sentence, exemptions, reception centres,
   bulletin items, broad areas that only frame the specific ones).

The words all of these read are data, per language, in :mod:`geonews.lang`.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter

from ..lang.rules import Text
from ..mentions.model import Mention
from ..places.gazetteer import Gazetteer
from ..text.document import Document
from ..text.sentences import split_sentences
from . import attributes
from .areas import AreaFinder
from .blocks import find_blocks
from .discourse import Discourse, rejoin_times
from .model import Directive
from .roles import RoleAssigner
from .triggers import evacuation_context, find_trigger


class DirectiveExtractor:
    """Finds the directives of documents whose mentions are known."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.areas = AreaFinder(self.gazetteer)
        self.roles = RoleAssigner(self.areas)

    def _block_exists(self, n: int) -> bool:
        return self.gazetteer.block(n) is not None

    def extract(self, doc: Document, mentions: list[Mention]) -> list[Directive]:
        """The directives of a document, in text order."""
        text = Text(doc.text)
        sentences = rejoin_times([s for s in split_sentences(doc) if s.section == "body"],
                                 doc.text)
        story = Discourse(doc, text, sentences, self._block_exists)
        mentions = sorted(mentions, key=attrgetter("start"))
        starts = [m.start for m in mentions]
        for i, sent in enumerate(sentences):
            here = [m for m in mentions[bisect_left(starts, sent.start):
                                        bisect_left(starts, sent.end)] if m.section == "body"]
            if story.continues_list(i, sent, here):
                continue
            line = Text(doc.text[sent.start:sent.end])  # read by both, lower-cased once
            d = self._directive(doc, text, sentences, i, here, line)
            if d is None:
                story.follow_up(i, sent, here, line)
            else:
                story.add(i, d)
        return story.finish(mentions)

    def _directive(self, doc: Document, text: Text, sentences, i: int,
                   mentions: list[Mention], sentence: Text) -> Directive | None:
        """The directive sentence ``i`` (whose text is ``sentence``) states, or None when
        it states no order."""
        sent = sentences[i]
        line = sentence.text
        found = find_trigger(sentence)
        trigger, trigger_at = found if found else (None, 0)
        blocks = find_blocks(line, self._block_exists)
        if trigger is None and blocks and evacuation_context(
                doc.text[s.start:s.end] for s in sentences[max(0, i - 1): i + 2]):
            trigger = "blocks"
        if trigger is None:
            return None
        d = Directive(line, sent.start, sent.end, trigger,
                      date=attributes.order_date(line, doc.date))
        d.blocks = sorted({n for b in blocks for n in b.numbers})
        if mentions:
            self.roles.assign(d, text, sent, mentions, sent.start + trigger_at)
        return d
