"""Names made by a kind word after them: streets, clinics, parks, townships; and English's
lower-case kind word that is no part of the name ("the Volme river")."""

import geonews


def surfaces(text):
    return [m.text for m in geonews.extract(text).mentions]


def test_a_capitalised_kind_word_belongs_to_the_name():
    got = surfaces("Residents near the Hakim Clinic and the Nour Al Huda School on Al Wahda "
                   "Street in Gaza City were told to leave.")
    assert {"Hakim Clinic", "Nour Al Huda School", "Al Wahda Street", "Gaza City"} <= set(got)


def test_natural_features_and_local_units_are_names():
    got = surfaces("Crews fought the fire in Yoho National Park and the Selkirk Mountains, "
                   "and Hanover Township in Luzerne County was evacuated.")
    assert {"Yoho National Park", "Selkirk Mountains", "Hanover Township",
            "Luzerne County"} <= set(got)


def test_an_oblast_is_one_name_and_no_part_of_a_title():
    got = surfaces("Families must leave Kupiansk in Kharkiv Oblast, the head of Kharkiv "
                   "Oblast said.")
    assert "Kharkiv Oblast" in got
    assert not any(s.startswith("head") or s.startswith("Head") for s in got)


def test_a_lower_case_kind_word_is_no_part_of_the_name():
    got = surfaces("People in Hagen were told to leave after the Lenne river rose, and the "
                   "Jezzine district was shelled.")
    assert "Lenne" in got and "Jezzine" in got
    assert "Lenne river" not in got and "Jezzine district" not in got


def test_institutions_named_after_a_kind_word_are_not_places():
    got = surfaces("The National Hurricane Center and the Lee County Sheriff's Office said "
                   "people in Fort Myers should leave.")
    assert "National Hurricane Center" not in got
    assert "Fort Myers" in got


def test_a_numbered_road_is_no_country():
    got = surfaces("Residents east of US-41 in Sarasota County must leave.")
    assert "US" not in got and "Sarasota County" in got


def test_a_waterway_is_one_name():
    assert "Intracoastal Waterway" in surfaces(
        "People living east of the Intracoastal Waterway in Broward County must evacuate.")
