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


def test_a_compass_word_before_a_country_is_part_of_its_name_not_of_a_city():
    got = found("Strikes hit villages in eastern Lebanon and the east of Tyre; tanks moved "
                "into eastern Rafah.")
    assert got.get("eastern Lebanon") == "Lebanon"
    assert "Rafah" in got and "eastern Rafah" not in got


def test_arabic_area_of_is_no_part_of_the_name():
    got = found("دعا الجيش السكان إلى التوجه نحو منطقة المواصي غرب خان يونس.")
    assert got.get("المواصي") == "Al-Mawasi"


def test_agence_france_presse_is_no_country():
    got = found("Selon l’Agence France-Presse, les habitants de Tyr ont fui.")
    assert "France" not in got


def test_the_following_counties_are_counties():
    got = found("Orders are in place for the following counties: Pinellas, Pasco and Manatee.")
    assert got.get("Pinellas") == "Pinellas County" and got.get("Manatee") == "Manatee County"


def test_evacuation_orders_for_a_list_of_towns():
    got = found("Evacuation orders have been issued for Wardell, Coraki and Woodburn as the "
                "river rose in New South Wales.")
    assert {"Wardell", "Coraki", "Woodburn"} <= set(got)


def test_zone_letters_and_labels_are_no_places():
    got = found("Mandatory evacuations were issued for all areas west of US Highway 19, which "
                "includes Zones A, B and C, and for residents in Red Zone-A in Charlotte County.")
    assert not {"A", "B", "C", "Red", "US Highway", "US"} & set(got)
    assert "Charlotte County" in got


def test_a_kind_word_the_automaton_read_alone_joins_its_name():
    got = found("Evacuation orders were issued in Billinudgel and Cabbage Tree Island near "
                "Ballina in New South Wales.")
    assert "Cabbage Tree Island" in got and "Island" not in got


def test_an_agency_in_a_dateline_is_no_place():
    got = found("CORINTH, Greece (AP) — Residents of Loutraki were told to leave.")
    assert "AP" not in got
