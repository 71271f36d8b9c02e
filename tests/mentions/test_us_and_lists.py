"""How US and Gaza orders name places: county lists, AP state abbreviations, capes and
lakes, compass-led neighbourhood names, and list names that stay on their side of a border."""

import geonews


def found(text):
    return {m.text: (m.place.name if m.place else None) for m in geonews.extract(text).mentions}


def test_names_before_counties_are_counties():
    got = found("Orders were issued in Sonoma and Napa counties, and three more counties "
                "acted on Monday: Volusia, Brevard and Flagler.")
    assert got.get("Sonoma") == "Sonoma County" and got.get("Napa") == "Napa County"
    assert got.get("Volusia") == "Volusia County" and got.get("Brevard") == "Brevard County"


def test_ap_state_abbreviations_after_a_town():
    got = found("REDDING, Calif. (AP) — Residents of Shasta Lake were told to leave; "
                "the storm then reached Wilmington, N.C., in the night. It began in 300 B.C.")
    assert got.get("Calif.") == "California" and got.get("N.C.") == "North Carolina"
    assert "B.C." not in got


def test_capes_and_lakes_are_names():
    got = found("Visitors must leave Cape Lookout and the shore of Lake Okeechobee.")
    assert "Cape Lookout" in got and "Lake Okeechobee" in got


def test_compass_led_names_in_a_list():
    got = found("People living in Magalia, Concow, North Ridge, and West Branch neighborhoods "
                "were ordered out.")
    assert "North Ridge" in got and "West Branch" in got


def test_a_gaza_list_name_is_not_a_lebanese_village():
    got = found("The army told residents of Jabalia and the neighborhoods of Al-Salam, "
                "Al-Nour, Tal al-Zaatar, Al-Rawda and Al-Jarn in northern Gaza to go to "
                "shelters west of Gaza City.")
    for name in ("Al-Rawda", "Al-Jarn"):
        assert name in got
        assert got[name] is None or got[name] not in ("Rawda", "Yaroun")
