"""One name from a region known in depth does not pull a whole article's focus there."""

import geonews


def test_a_stray_organisation_name_is_no_place_and_moves_no_focus():
    text = ("Wildfire crews in Alberta fought the blaze overnight. Everyone in Jasper was "
            "told to leave for Hinton and Edson. The town sits in a park that UNESCO lists "
            "as a World Heritage Site.")
    ex = geonews.extract(text)
    found = {m.text: m.place.country for m in ex.mentions if m.place is not None}
    assert found.get("Jasper") == "CA" and found.get("Hinton") == "CA"
    assert "UNESCO" not in found  # a not-place, also when spelled like a Beirut quarter


def test_places_known_in_depth_still_set_the_focus_when_they_are_the_article():
    text = ("The army told residents of Srifa, Deir Qanoun and Khiam to move north of the "
            "Awali River; Marjayoun was also named.")
    ex = geonews.extract(text)
    assert {m.place.country for m in ex.mentions if m.place is not None} == {"LB"}
