"""Coordinated lists of places: every item is a place, however long the list and whatever
the gazetteer knows of it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geonews
from geonews.mentions.lists import CUE_WORDS, LIST_CUES, cue_ends, find_list_items

# Thirty village names of our own making (none is a real place the gazetteer lists alone),
# written the way Levantine names reach English: particles, hyphens, a parenthesis.
VILLAGES = ["Qarnit", "Bayt Sulan", "Kfar Mouna", "Borj El Fawqa", "Dahr Moussa", "Aayn Zirqa",
            "Mazraat Tallouk", "Jabal el-Hosn", "Deir Nimra", "Zawtar Ghorbi", "Khirbet Selm",
            "Ain Qibli", "Tallousat", "Nabi Sarhan", "Shqifiyeh", "Marjiyat", "Brikeh",
            "Qlayliyeh", "Wadi Jilo", "Halloussiyeh", "Sahel Mazra", "Kfarboun", "Batoulay",
            "Majdal Zoun", "Chaqra el-Tahta", "Bir Sanasel", "Rab Tletin", "Haddatha",
            "Yohmor ech-Chqif", "Dibbine"]


def _list_sentence() -> str:
    names = list(VILLAGES)
    names[3] = names[3] + " (Bint Jbeil district)"
    return ("The army told the residents of several villages in the south, including "
            + ", ".join(names[:-1]) + " and " + names[-1] + " to evacuate at once.")


def test_a_thirty_village_list_with_parentheses_and_particles_is_read_whole():
    ex = geonews.extract(_list_sentence())
    found = [m.text for m in ex.mentions]
    assert set(VILLAGES) <= set(found)
    assert "Bint Jbeil" in found  # the name inside the parenthesis is an item too


def test_every_list_item_takes_the_lists_role_even_unresolved():
    ex = geonews.extract(_list_sentence())
    assert ex.directives, "told the residents of <30 villages> to evacuate is an order"
    affected = {p.mention.text for d in ex.directives for p in d.affected}
    assert set(VILLAGES) <= affected


def test_a_french_list_joined_with_et():
    text = ("Les personnes se trouvant toujours à Qarnit, Bayt el-Sulan, le camp de Tallousat, "
            "Nabi Sarhan et Bourj el-Fawqa sont appelées à quitter les lieux.")
    items = [text[i.start:i.end] for i in find_list_items(text, [])]
    assert items == ["Qarnit", "Bayt el-Sulan", "camp de Tallousat", "Nabi Sarhan",
                     "Bourj el-Fawqa"]


def test_an_arabic_list_joined_with_commas_and_waw():
    text = "إنذار إلى سكان القرى التالية: قرنيت، بيت سولان، مزرعة تلوك، نبي سرحان، وزوطر الغربية."
    items = [text[i.start:i.end] for i in find_list_items(text, [])]
    assert items == ["قرنيت", "بيت سولان", "مزرعة تلوك", "نبي سرحان", "زوطر الغربية"]


def test_arabic_names_joined_by_waw_alone_and_the_list_ends_at_the_verb():
    text = "دعا الجيش سكان غزة في مناطق الزهراء والمغراقة والأحياء الشرقية والبادي، بالتوجه فورا نحو الجنوب"
    items = [text[i.start:i.end] for i in find_list_items(text, [])]
    assert items == ["الزهراء", "المغراقة", "الأحياء الشرقية", "البادي"]


def test_one_name_a_line_under_a_heading():
    text = "Evacuation orders cover the following communities:\nQarnit\nDeir Nimra\nBrikeh\n\nGo now."
    items = [text[i.start:i.end] for i in find_list_items(text, [])]
    assert items == ["Qarnit", "Deir Nimra", "Brikeh"]


def test_a_run_between_known_places_makes_its_unknown_names_places():
    text = "Strikes hit Tyre, Qarnit, Nabatieh and Sidon overnight."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Tyre", "Nabatieh", "Sidon")]
    items = [text[i.start:i.end] for i in find_list_items(text, spans)]
    assert items == ["Tyre", "Qarnit", "Nabatieh", "Sidon"]


def test_no_list_without_a_cue_or_two_known_places():
    text = "Biden, Netanyahu and Macron spoke with Tyre officials."
    spans = [(text.index("Tyre"), text.index("Tyre") + 4)]
    assert find_list_items(text, spans) == []


@pytest.mark.parametrize("rule", LIST_CUES, ids=lambda r: r.name)
def test_each_list_cue_matches_its_examples_and_not_its_counter_examples(rule):
    for sentence in rule.positives:
        m = rule.pattern.search(sentence)
        assert m, (rule.name, sentence)
        # the keyword pass that runs the cues in the finder reaches this match too
        assert m.end() in dict(cue_ends(sentence)), (rule.name, sentence)
    for sentence in rule.negatives:
        m = rule.pattern.search(sentence)
        assert m is None, (rule.name, sentence, m)


def test_every_cue_has_its_keywords():
    assert set(CUE_WORDS) == {rule.name for rule in LIST_CUES}


def test_a_place_slot_does_not_run_on_into_the_next_line():
    ex = geonews.extract("Orders for southern Lebanon villages\n\nThe Israeli Army spokesperson "
                         "spoke.")
    assert "The Israeli Army" not in {m.text for m in ex.mentions}


LOW_WORDS = ["residents", "of", "the", "village", "villages", "towns", "areas", "area", "including",
             "such as", "evacuation", "orders", "for", "those", "living", "in", "following",
             "shelter", "centre", "at", "except", "les habitants", "de", "سكان", "القرى", "مناطق",
             "the following", "counties", ":", ",", "x", "Rafah", "Qana"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LOW_WORDS), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", ""]), min_size=1, max_size=30))
def test_one_pass_finds_the_slots_and_cue_words_of_a_pass_each(words, gaps):
    from geonews.mentions import finder, lists
    from geonews.text.patterns import KeywordPatterns

    low = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words)).lower()
    slots, cues = finder._LOWER_CASE_WORDS.scan(low)
    alone = KeywordPatterns(finder._SLOT_PATTERNS).findall(low)
    assert [[m.span() for m in ms] for ms in slots] == [[m.span() for m in ms] for ms in alone]
    assert sorted(cues) == sorted(lists.cue_starts(low))
