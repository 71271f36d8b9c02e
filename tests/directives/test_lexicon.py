"""The fast lower-case twins of the directive patterns find exactly what the originals find."""

import pytest

from geonews.directives import lexicon as lx

SENTENCES = [
    "The Israeli military ORDERED residents of Khan Younis to leave for Al-Mawasi.",
    "When the army asked Palestinians to move, Israel continued to bombard areas.",
    "Residents in the areas of Jabalia, including Nazla, must evacuate immediately towards Gaza.",
    "The order does not apply to Nasser Hospital, except for staff.",
    "Leaflets dropped over Bureij urged families to head south to Deir al-Balah.",
    "IN CASE OF AN EVACUATION ORDER, LEAVE TO THE WEST. Had already been told to go.",
    "أعلن الجيش إخلاء سكان بيت حانون والتوجه إلى مدينة غزة.",
    "Mandatory evacuation orders were issued for residents in Red Zone-A; they should leave.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_lowercase_twins_agree_with_the_originals(text):
    low = text.lower()
    pairs = list(zip(lx.TRIGGERS, lx.LOWER_TRIGGERS)) + list(zip(lx.HEDGES, lx.LOWER_HEDGES))
    for (name, rx), (_, lrx) in pairs:
        if rx is None or name == "imperative":
            continue
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in lrx.finditer(low)], name
    for (rx, role), (lrx, _) in zip(lx.ROLE_PATTERNS, lx.LOWER_ROLE_PATTERNS):
        if role == "break":
            continue
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in lrx.finditer(low)], role
    assert bool(lx.order_to_move(text)) == bool(lx.order_to_move(low, lowered=True))
