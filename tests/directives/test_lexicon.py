"""The fast lower-case twins of the directive patterns find exactly what the originals find."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Words around every cue: the cues' own words, their inflections, and what follows them.
CUE_VOCABULARY = sorted({w for words in lx.ROLE_CUE_WORDS.values() for w in words} | set(
    """residents people everybody everyone those of in living staying present sheltering from
    leave leaving left evacuate evacuation evacuations evacuating for orders order warnings call
    covering issued on leaflets over across covered covers including included affects to towards
    toward into shelters at humanitarian safe zone zones areas area moving head heading headed go
    going relocate relocating flee proceed return depart departed set off make for immediately
    north south eastern west of does do did will would not n't apply include cover affect except
    excluding with the exception apart exempt exempted covered neighbourhood neighborhoods
    villages towns city cities districts parts half blocks region camps such as namely rafah
    ضمن عدا يشمل سكان من في إلى نحو""".split()))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUE_VOCABULARY), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", "-", "", "'"]), min_size=1, max_size=30))
def test_role_cues_run_where_their_words_occur_and_find_all_the_regex_finds(words, gaps):
    low = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    for pattern, role in lx.LOWER_ROLE_PATTERNS:
        if role == "break":
            continue
        assert [m.span() for m in pattern.finditer(low)] == \
            [m.span() for m in pattern.regex.finditer(low)], role
