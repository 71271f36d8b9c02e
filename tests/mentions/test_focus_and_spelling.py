"""An article's places agree: far namesakes are dropped, other spellings are tried near the
article's focus, and small places near it are found by their exact names."""

import pytest

import geonews
from geonews.mentions.spelling import REWRITES, _apply, respellings


def places(text):
    return {m.text: m.place for m in geonews.extract(text).mentions}


def test_a_far_away_namesake_in_a_list_is_reported_unresolved():
    got = places("The army ordered residents of Srifa, Qana, Zwolle and Deir Qanoun to leave.")
    assert "Zwolle" in got and got["Zwolle"] is None  # a Dutch city, not here
    assert got["Srifa"].country == "LB"


@pytest.mark.parametrize("town", ["Koblenz", "Ashford"])
def test_a_loose_spelling_of_a_far_village_neither_sets_the_focus_nor_is_kept(town):
    # "Rhine" is one loose spelling away from El Ghine, a village in Lebanon: alone, it
    # must not make the story Lebanese (the town would be dropped as a far namesake).
    got = places(f"Officials called on residents of {town} to leave their homes because "
                 "of flooding from the Rhine.")
    assert got[town] is not None and got[town].country in ("DE", "GB")
    assert got.get("Rhine") is None or got["Rhine"].country != "LB"


def test_a_far_namesake_found_alone_in_running_text_is_no_place():
    got = places("Residents of Srifa and Qana fled north. Ashraf said the shelling went on.")
    assert "Ashraf" not in got


def test_a_french_spelling_is_resolved_through_its_english_one():
    got = places("Residents of Qana, Srifa and Bourj el-Chemali were told to leave.")
    assert got["Bourj el-Chemali"] is not None and got["Bourj el-Chemali"].country == "LB"


def test_a_small_town_near_the_articles_places_is_found_by_its_exact_name():
    got = places("Officials ordered residents of Malibu to leave as the fire neared Topanga.")
    assert got["Topanga"] is not None and got["Topanga"].country == "US"


def test_a_capitalised_word_that_is_a_hamlet_far_away_is_not_taken():
    got = places("Officials ordered residents of Malibu to leave. Hope remained.")
    assert "Hope" not in got


@pytest.mark.parametrize("rw", REWRITES, ids=lambda r: r.name)
def test_each_rewrite_turns_its_example_into_the_expected_spelling(rw):
    assert _apply(rw, rw.example) == rw.expected


def test_respellings_change_several_habits_at_once_first():
    assert respellings("Borj El Chmali")[0] == "Burj El Shmali"
    assert respellings("Qana") == []


def test_an_english_eh_ending_is_tried_as_the_french_e():
    assert "Merouaniye" in respellings("Merouaniyeh")
