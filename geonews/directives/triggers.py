"""Does a sentence report an order to move?  Triggers and hedges, from the lexicon.

A *trigger* (an order verb followed by a verb of motion, "evacuation orders", an
imperative, إخلاء, "appelé … à quitter") makes a sentence a candidate; a *hedge* (a
past "had been told", "in case of", "no order", a reference back to "this order")
drops it.  Which rules exist is data (:mod:`geonews.lang`); this module applies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..lang import lexicon
from ..lang.rules import Text


def trigger_matches(sentence: Text) -> Iterator[tuple[str, object]]:
    """(trigger name, match) for each trigger the sentence holds, in lexicon order; only
    the rules whose keywords occur are run.

    >>> [name for name, _ in trigger_matches(Text("Residents must leave; a new evacuation order."))]
    ['evacuation order', 'must move']
    """
    lex = lexicon()
    for i in lex.trigger_index.candidates(sentence):
        rule = lex.triggers[i]
        m = rule.search(sentence, checked=True)
        if m:
            yield rule.name, m


def hedged(sentence: Text) -> bool:
    """Whether the sentence is about a past, hypothetical, denied or earlier order.

    >>> hedged(Text("They had already been told to leave.")), hedged(Text("They must leave."))
    (True, False)
    """
    lex = lexicon()
    return any(lex.hedges[i].search(sentence, checked=True)
               for i in lex.hedge_index.candidates(sentence))


def find_trigger(sentence: Text) -> tuple[str, int] | None:
    """The name of the sentence's first trigger and where the earliest trigger begins,
    unless a hedge takes the order back.

    >>> find_trigger(Text("The army told residents of Qana to leave.")), find_trigger(
    ...     Text("In case of an order, go to the school."))
    (('order to move', 9), None)
    """
    hits = list(trigger_matches(sentence))
    if not hits or hedged(sentence):
        return None
    return hits[0][0], min(m.start() for _, m in hits)


def trigger_start(sentence: Text) -> int:
    """Where the first trigger of a sentence begins (0 if none is found)."""
    return min((m.start() for _, m in trigger_matches(sentence)), default=0)


def evacuation_context(texts: Iterable[str]) -> bool:
    """Whether the words around a list of block numbers are about evacuation."""
    rule = lexicon().evacuation_context
    return bool(rule.search(Text(" ".join(texts))))
